"""`deploy/nats/users.conf`, written from the code: who may do what on NATS.

NATS permissions match whole subject tokens (`registry-*` is a literal, not a prefix), so each
durable consumer is named in its owner's permissions. The services' durables come from their own
registrations (consumers as code), the commands each service sends to another from the identity
table (`egisz.contracts.identities`), the gateway's from the commands open to HTTP, and the
observer's durables from `OBSERVER_DURABLES`; `egisz nats-users` writes the file and a test
fails when the committed one differs.

Each user reads only replies under its own inbox prefix (`_INBOX_<user>`; nats-py
`inbox_prefix`), so no one reads another's replies (docs/stack.md, pitfall 24).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from egisz.contracts.identities import commands_sent_by, http_commands
from egisz.contracts.public import public_wildcard
from egisz.contracts.subjects import NOTIFICATION_CREATED, SERVICES, stream_name
from egisz.contracts.subjects.audit_subjects import JOURNALED
from egisz.runtime.settings import inbox_prefix
from egisz.runtime.streams import OBSERVER_DURABLES

STREAMS = tuple(stream_name(s) for s in SERVICES)


@dataclass(frozen=True)
class Registrations:
    """What a service registers on NATS that its user must be allowed: durables, watches."""

    durables: list[tuple[str, str]] = field(default_factory=list)  # (stream, durable)
    watched: list[str] = field(default_factory=list)  # subjects heard by every process
    replayed: list[str] = field(default_factory=list)  # others' streams read by direct get


def service_registrations() -> dict[str, Registrations]:
    """Each service's registrations, read from the services as they register them."""
    from egisz.accreditation.app import build as accreditation
    from egisz.accreditation.settings import AccreditationSettings
    from egisz.audit.app import build as audit
    from egisz.audit.settings import AuditSettings
    from egisz.fac.app import build as fac
    from egisz.fac.settings import FacSettings
    from egisz.notify.app import build as notify
    from egisz.notify.settings import NotifySettings
    from egisz.portfolio.app import build as portfolio
    from egisz.portfolio.settings import PortfolioSettings
    from egisz.registry.app import build as registry
    from egisz.registry.settings import RegistrySettings
    from egisz.reporting.app import build as reporting
    from egisz.reporting.settings import ReportingSettings

    built = [
        registry(RegistrySettings()),
        portfolio(PortfolioSettings()),
        accreditation(AccreditationSettings()),
        notify(NotifySettings()),
        fac(FacSettings()),
        reporting(ReportingSettings()),
        audit(AuditSettings()),
    ]
    return {
        rt.name: Registrations(
            list(rt.messaging.durables), list(rt.messaging.watched), list(rt.messaging.replayed)
        )
        for rt in built
    }


def consumer_api(stream: str, durable: str) -> list[str]:
    """What it takes to create, bind, read and acknowledge one named consumer."""
    return [
        f"$JS.API.CONSUMER.CREATE.{stream}.{durable}",
        f"$JS.API.CONSUMER.CREATE.{stream}.{durable}.>",
        f"$JS.API.CONSUMER.DURABLE.CREATE.{stream}.{durable}",
        f"$JS.API.CONSUMER.INFO.{stream}.{durable}",
        f"$JS.API.CONSUMER.MSG.NEXT.{stream}.{durable}",
        f"$JS.ACK.{stream}.{durable}.>",
    ]


def _list(items: Iterable[str], indent: str) -> str:
    return "[\n" + "".join(f'{indent}  "{i}",\n' for i in items) + f"{indent}]"


def _user(
    name: str,
    password_env: str,
    publish: Iterable[str],
    subscribe: Iterable[str],
    *,
    responses: bool = False,
    comment: str = "",
) -> str:
    pad = "      "
    lines = [f"    # {line}\n" for line in comment.splitlines()] if comment else []
    body = (
        "    {\n"
        f"      user: {name}\n"
        f"      password: ${password_env}\n"
        "      permissions: {\n"
        f"        publish: {{ allow: {_list(publish, pad + '  ')} }}\n"
        f"        subscribe: {{ allow: {_list(subscribe, pad + '  ')} }}\n"
        + ("        allow_responses: true\n" if responses else "")
        + "      }\n"
        "    }\n"
    )
    return "".join(lines) + body


def service_user(service: str, registered: Registrations) -> str:
    """A service: its subjects, its stream, its own durables (and the observer's on its stream,
    which it declares), the events its processes watch."""
    stream = stream_name(service)
    publish = [
        f"egisz.{service}.>",
        *(c.subject for c in commands_sent_by(service)),
        # its entries for the audit journal, on its own subject only (the journal trusts it)
        *([JOURNALED[service].subject] if service in JOURNALED and service != "audit" else []),
        "$JS.API.INFO",
        f"$JS.API.STREAM.CREATE.{stream}",
        f"$JS.API.STREAM.UPDATE.{stream}",
        f"$JS.API.STREAM.MSG.GET.{stream}",
        f"$JS.API.DIRECT.GET.{stream}",  # the change feed's pages
        *(f"$JS.API.DIRECT.GET.{s}" for s in registered.replayed),  # a rebuild's replay
        *(f"$JS.API.STREAM.INFO.{s}" for s in STREAMS),
    ]
    for on_stream, durable in registered.durables:
        publish += consumer_api(on_stream, durable)
    for durable in OBSERVER_DURABLES:  # it declares other teams' pull consumers
        publish += consumer_api(stream, durable)
    return _user(
        service,
        f"{service.upper()}_NATS_PASSWORD",
        publish,
        [f"egisz.{service}.cmd.>", f"{inbox_prefix(service)}.>", *registered.watched],
        responses=True,
        comment=f"The {service} service: its subjects, its stream, its own durables.",
    )


def gateway_user() -> str:
    return _user(
        "gateway",
        "GATEWAY_NATS_PASSWORD",
        [c.subject for c in http_commands()],
        [f"{inbox_prefix('gateway')}.>", NOTIFICATION_CREATED.subject],
        comment="The front door for people's and outside systems' commands (the HTTP gateway,\n"
        "the CLI, the demo): every command but those only our services send each other, and\n"
        "its own replies; the tokens in the commands say who may do what;\n"
        "new notifications, so the HTTP bell knows when to ask the inbox again.",
    )


def observer_user() -> str:
    publish = [
        "$JS.API.INFO",
        "$JS.API.STREAM.NAMES",
        "$JS.API.STREAM.LIST",
        *(f"$JS.API.STREAM.INFO.{s}" for s in STREAMS),
    ]
    # Read and acknowledge the pull consumers the owners declare, nothing more: no consumer
    # created or changed (a push consumer's deliver subject is published by the server on the
    # account's behalf: docs/stack.md, pitfall 30), none deleted.
    for stream in STREAMS:
        for durable in OBSERVER_DURABLES:
            publish += [
                f"$JS.API.CONSUMER.INFO.{stream}.{durable}",
                f"$JS.API.CONSUMER.MSG.NEXT.{stream}.{durable}",
                f"$JS.ACK.{stream}.{durable}.>",
            ]
    return _user(
        "observer",
        "OBSERVER_NATS_PASSWORD",
        publish,
        [public_wildcard(), f"{inbox_prefix('observer')}.>"],
        comment="Other teams: the public form of our events (no personal data), by core\n"
        "subscription or with the pull consumers the owners declare "
        f"({', '.join(OBSERVER_DURABLES)});\n"
        "publish nothing on egisz subjects, create no consumer, touch no service's durable.",
    )


def render(registrations: dict[str, Registrations] | None = None) -> str:
    found = registrations if registrations is not None else service_registrations()
    users = [service_user(s, found.get(s, Registrations())) for s in SERVICES]
    users += [gateway_user(), observer_user()]
    return (
        "# Who may do what on NATS. WRITTEN BY `egisz nats-users` from the code (services'\n"
        "# durables, the queries they make): do not edit by hand; a test fails when it differs.\n"
        "# Shared by the local runner (`make run`), compose and Kubernetes. Passwords come from\n"
        "# the environment (a secret), never from this file.\n"
        "authorization {\n"
        "  users = [\n" + "".join(users) + "    {\n"
        "      # Operators: replaying dead letters, inspecting streams. Not for services.\n"
        "      user: admin\n"
        "      password: $ADMIN_NATS_PASSWORD\n"
        "    }\n"
        "  ]\n"
        "}\n"
    )
