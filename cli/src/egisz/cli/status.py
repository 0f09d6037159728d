"""`egisz status`: the whole pipeline on one screen — each service's readiness, each stream's
size, each durable consumer's lag and redeliveries, each outbox's backlog and the dead letters —
read from the services' own `/health/ready` and `/metrics` and from JetStream; then what users
meet, asked as they ask it through the gateway (public verification, a FHIR search, the change
feed) and the NATS permission violations in the server's log; with the problems found, so
scripts and probes can use the exit status. A service «ready» whose users get a 500 is not
healthy."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import nats
from nats.js.errors import NotFoundError
from prometheus_client.parser import text_string_to_metric_families
from rich.console import Group
from rich.table import Table

from egisz.contracts.subjects import SERVICES, stream_name
from egisz.runtime.settings import inbox_prefix_of, nats_servers

OUTBOX_STUCK_SECONDS = 60.0  # as the EgiszOutboxStuck alert


@dataclass
class Consumer:
    service: str
    name: str
    pending: float = 0
    unacked: float = 0
    redelivered: float = 0
    dead_letters: float = 0


@dataclass
class Service:
    name: str
    reachable: bool = False
    ready: dict[str, bool] = field(default_factory=dict)
    outbox_backlog: float = 0
    outbox_oldest_seconds: float = 0
    consumers: list[Consumer] = field(default_factory=list)


@dataclass
class Stream:
    name: str
    messages: int | None  # None: the stream does not exist (yet)
    bytes: int = 0


@dataclass
class Probe:
    """One path users take, asked as they ask it."""

    name: str
    ok: bool | None  # None: not asked (say why in `detail`)
    detail: str = ""


@dataclass
class Status:
    services: list[Service]
    streams: list[Stream]
    probes: list[Probe] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)

    def problems(self, *, max_pending: float) -> list[str]:
        """What makes the pipeline unhealthy now, one line each; empty when all is well."""
        found = []
        for s in self.services:
            if not s.reachable:
                found.append(f"{s.name}: does not answer")
                continue
            found += [f"{s.name}: cannot reach {d}" for d, ok in s.ready.items() if not ok]
            if s.outbox_oldest_seconds > OUTBOX_STUCK_SECONDS:
                found.append(
                    f"{s.name}: an event waits in the outbox for {s.outbox_oldest_seconds:.0f} s"
                )
            for c in s.consumers:
                if c.dead_letters:
                    found.append(f"{c.name}: {c.dead_letters:.0f} dead letter(s)")
                if c.pending > max_pending:
                    found.append(f"{c.name}: {c.pending:.0f} messages pending")
        found += [f"{s.name}: missing" for s in self.streams if s.messages is None]
        found += [f"{p.name}: {p.detail}" for p in self.probes if p.ok is False]
        found += [f"NATS permission violation: {v}" for v in self.violations[-5:]]
        if len(self.violations) > 5:
            found.append(f"… {len(self.violations) - 5} more NATS permission violations")
        return found


async def _service(http: httpx.AsyncClient, name: str, url: str) -> Service:
    service = Service(name)
    try:
        ready = await http.get(f"{url}/health/ready", timeout=3)
        metrics = await http.get(f"{url}/metrics", timeout=3)
    except httpx.HTTPError:
        return service
    service.reachable = True
    checks = ready.json().get("checks", {}) if ready.content.startswith(b"{") else {}
    consumers: dict[str, Consumer] = defaultdict(lambda: Consumer(name, ""))
    # The gateway keeps its metrics off its public port: it has none of the pipeline's anyway.
    text = metrics.text if metrics.status_code == 200 else ""
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            labels, value = sample.labels, sample.value
            match sample.name:
                case "egisz_ready":
                    service.ready[labels["dependency"]] = value == 1
                case "egisz_outbox_backlog":
                    service.outbox_backlog = value
                case "egisz_outbox_oldest_age_seconds":
                    service.outbox_oldest_seconds = value
                case "egisz_consumer_pending":
                    consumers[labels["consumer"]].pending = value
                case "egisz_consumer_ack_pending":
                    consumers[labels["consumer"]].unacked = value
                case "egisz_consumer_redelivered":
                    consumers[labels["consumer"]].redelivered = value
                case "egisz_dead_letters":
                    consumers[labels["consumer"]].dead_letters = value
    service.ready.update(checks)  # the live answer wins over the last refresh
    if ready.status_code != 200 and all(service.ready.values()):
        service.ready["health"] = False
    for consumer_name, consumer in sorted(consumers.items()):
        consumer.name = consumer_name
        service.consumers.append(consumer)
    return service


async def _streams(nats_url: str) -> list[Stream]:
    nc = await nats.connect(
        nats_servers(nats_url),
        connect_timeout=3,
        allow_reconnect=False,
        inbox_prefix=inbox_prefix_of(nats_url),
    )
    try:
        js = nc.jetstream()
        found = []
        for service in SERVICES:
            name = stream_name(service)
            try:
                info = await js.stream_info(name)
                found.append(Stream(name, info.state.messages, info.state.bytes))
            except NotFoundError:
                found.append(Stream(name, None))
        return found
    finally:
        await nc.close()


async def gather(
    urls: dict[str, str],
    nats_url: str,
    *,
    token: str | None = None,
    nats_log: Path | None = None,
) -> Status:
    """`token`: a registry operator's or a directory's, for the change feed's probe."""
    async with httpx.AsyncClient() as http:
        services = await asyncio.gather(*(_service(http, n, u) for n, u in urls.items()))
        probes = await _probes(http, urls["gateway"], token) if "gateway" in urls else []
    violations = _violations(nats_log) if nats_log else []
    return Status(list(services), await _streams(nats_url), probes, violations)


async def _probes(http: httpx.AsyncClient, gateway: str, token: str | None) -> list[Probe]:
    async def asked(name: str, method: str, path: str, **kw: Any) -> Probe:
        try:
            answer = await http.request(method, gateway + path, timeout=10, **kw)
        except httpx.HTTPError as exc:
            return Probe(name, False, f"no answer ({type(exc).__name__})")
        ok = answer.status_code == 200
        return Probe(name, ok, "" if ok else f"HTTP {answer.status_code}")

    verification = {"last_name": "Проверочная", "first_name": "Статус"}
    found = [
        await asked(
            "public verification", "POST", "/api/registry/practitioner/verify", json=verification
        ),
        await asked(
            "FHIR search", "GET", "/fhir/Practitioner", params={"name": "Проверочная Статус"}
        ),
    ]
    if token is None:
        found.append(Probe("change feed", None, "not asked: no token (--token)"))
    else:
        found.append(
            await asked(
                "change feed",
                "POST",
                "/api/registry/changes/list",
                json={"after": 0, "limit": 1},
                headers={"Authorization": f"Bearer {token}"},
            )
        )
    return found


def _violations(nats_log: Path) -> list[str]:
    from egisz.cli.stack import violations_in

    return violations_in(nats_log)


def render(status: Status, problems: list[str]) -> Group:
    services = Table(title="Services", title_justify="left")
    for column in ("service", "ready", "outbox backlog", "oldest unpublished"):
        services.add_column(column, justify="right" if column.startswith("o") else "left")
    for s in status.services:
        ready = (
            ", ".join(f"{d} {'✔' if ok else '✘'}" for d, ok in s.ready.items()) or "✔"
            if s.reachable
            else "✘ no answer"
        )
        outbox = (
            (f"{s.outbox_backlog:.0f}", f"{s.outbox_oldest_seconds:.0f} s")
            if s.reachable
            else ("—", "—")
        )
        services.add_row(s.name, ready, *outbox)
    consumers = Table(title="Durable consumers", title_justify="left")
    for column in ("service", "consumer", "pending", "unacked", "redelivered", "dead letters"):
        consumers.add_column(
            column, justify="left" if column in ("service", "consumer") else "right"
        )
    for s in status.services:
        for c in s.consumers:
            consumers.add_row(
                s.name,
                c.name,
                *(f"{v:.0f}" for v in (c.pending, c.unacked, c.redelivered, c.dead_letters)),
            )
    streams = Table(title="Streams", title_justify="left")
    for column in ("stream", "messages", "size"):
        streams.add_column(column, justify="left" if column == "stream" else "right")
    for st in status.streams:
        size = "—" if st.messages is None else f"{st.bytes / 2**20:.1f} MiB"
        streams.add_row(st.name, "missing" if st.messages is None else str(st.messages), size)
    users = Table(title="What users meet (through the gateway)", title_justify="left")
    for column in ("path", "answer"):
        users.add_column(column, justify="left")
    for p in status.probes:
        mark = {True: "✔", False: "✘", None: "—"}[p.ok]
        users.add_row(p.name, f"{mark} {p.detail}".strip())
    users.add_row("NATS permission violations", str(len(status.violations)))
    verdict = (
        "[bold red]Unhealthy:[/]\n" + "\n".join(f"  • {p}" for p in problems)
        if problems
        else "[bold green]Healthy[/]"
    )
    return Group(services, consumers, streams, users, verdict)
