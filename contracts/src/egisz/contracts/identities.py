"""Who may call what without being a person: every identity of a service or an outside system,
and exactly the commands it may send. One table: the runtime enforces it on every command
(`role=service` tokens), `deploy/nats/users.conf` is written from it, and the docs list it
(docs/security.md, "Service identity").

A person's token says who they are and the register says what they may do. A system's token
(`role: service`) names its identity in `sub`; a `service` token whose `sub` is not in this table
may do nothing, and one that is may do only its own commands. A university's token also carries
its ОГРН in `org`, and may import only its own learners (checked by the registry).

Commands marked `nats_only` are never taken over HTTP or with a bearer token: the server's
subject permissions are the proof of who sent them (only the listed service's NATS user may
publish there), so no credential travels with them to the party that serves them.
"""

from __future__ import annotations

from dataclasses import dataclass

from egisz.contracts.subjects import (
    CHANGES_LIST,
    COMMANDS,
    DICTIONARY_ENTRY_GET,
    DIRECTORY_HISTORY,
    DIRECTORY_READ,
    DIRECTORY_SEARCH,
    EDUCATION_IMPORT_NMO,
    FAC_INTAKE,
    LEARNER_IMPORT,
    ORGANIZATION_GET,
    READINESS_GET,
    SNAPSHOT_CREATE,
    WORKER_GET,
    Command,
)


@dataclass(frozen=True)
class Identity:
    name: str  # the token's `sub`
    commands: tuple[Command, ...]
    summary: str
    nats_user: str | None = None  # our own services: the NATS user it publishes as
    org_bound: bool = False  # the token names its organization (`org`), and acts only for it

    def may_call(self, command: Command) -> bool:
        return command in self.commands


IDENTITIES: tuple[Identity, ...] = (
    Identity(
        "service:accreditation",
        (READINESS_GET, SNAPSHOT_CREATE, FAC_INTAKE, DICTIONARY_ENTRY_GET),
        "Checks an applicant's readiness, takes the portfolio snapshot an application carries, "
        "delivers the package to the accreditation center, and reads an application's "
        "speciality in the specialities' book.",
        nats_user="accreditation",
    ),
    Identity(
        "service:notify",
        (READINESS_GET,),
        "Asks whether a worker's portfolio is ready before it reminds them of an accreditation.",
        nats_user="notify",
    ),
    Identity(
        "system:university",
        (LEARNER_IMPORT,),
        "An educational organization's system: its own students and graduates, by its ОГРН.",
        org_bound=True,
    ),
    Identity(
        "system:nmo",
        (EDUCATION_IMPORT_NMO,),
        "The NMO portal: completed continuing-education programmes, by SNILS.",
    ),
    Identity(
        "system:directory",
        (
            DIRECTORY_SEARCH,
            DIRECTORY_READ,
            DIRECTORY_HISTORY,
            CHANGES_LIST,
            WORKER_GET,
            ORGANIZATION_GET,
        ),
        "A directory that follows the register (an mCSD update consumer): the mCSD directory's "
        "searches, reads and history, the change feed and the records it names, without "
        "passport, addresses or contacts.",
    ),
)
BY_NAME: dict[str, Identity] = {i.name: i for i in IDENTITIES}
# Sent only between our services over NATS, never on HTTP: the sender is the NATS user.
NATS_ONLY: dict[str, Identity] = {
    FAC_INTAKE.subject: BY_NAME["service:accreditation"],
}


def identity_of(sub: str) -> Identity | None:
    return BY_NAME.get(sub)


def commands_sent_by(nats_user: str) -> tuple[Command, ...]:
    """What a service of ours sends to others, for its NATS permissions."""
    return tuple(c for i in IDENTITIES if i.nats_user == nats_user for c in i.commands)


def http_commands() -> tuple[Command, ...]:
    """The public commands: what the HTTP gateway serves and its NATS user may send — every
    command but those only our own services send each other (`NATS_ONLY`)."""
    return tuple(c for c in COMMANDS if c.subject not in NATS_ONLY)
