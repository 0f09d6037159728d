"""Who is acting, and whether an officer may act for their organization: shared by every context
of the registry. What they may do comes from the register (access grants), never from a claim in
the token alone."""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from egisz.contracts.envelope import Actor, Role
from egisz.registry.domain.errors import NoAccessGrantError
from egisz.registry.domain.identifiers import normalize_snils

if TYPE_CHECKING:  # ports only: no driver is imported at run time
    from egisz.registry.repository import RegistryUnitOfWork


def new_id() -> str:
    """32 hex digits, the first 12 the creation time in milliseconds: records sorted by `_id` are
    oldest first, so the support desk's queues page by age on the one key every page uses."""
    return f"{time.time_ns() // 1_000_000:012x}{secrets.token_hex(10)}"


# Who may ask for a worker's record at all: FRMR's queries and the directory's people.
RECORD_READERS = frozenset(
    {Role.WORKER, Role.ORG_OFFICER, Role.REGISTRY_OPERATOR, Role.FAC_OPERATOR, Role.SERVICE}
)


@dataclass(frozen=True)
class Caller:
    """Who is acting, from the verified token."""

    role: Role
    sub: str
    org: str | None = None
    snils: str | None = None

    @property
    def is_worker(self) -> bool:
        return self.role is Role.WORKER

    @property
    def is_officer(self) -> bool:
        return self.role is Role.ORG_OFFICER

    @property
    def is_support(self) -> bool:
        return self.role is Role.REGISTRY_OPERATOR

    @property
    def key(self) -> str:
        """Who this is across their tokens: a person's SNILS, a system's identity (with the
        organization it acts for: each university is its own)."""
        return self.snils or (f"{self.sub}|{self.org}" if self.org else self.sub)

    @property
    def is_anonymous(self) -> bool:
        return self.role is Role.ANONYMOUS

    @property
    def reads_records(self) -> bool:
        """Whose token may ask for a worker's record (`worker.get`); the record's own rules
        then say which and how much."""
        return self.role in RECORD_READERS

    @property
    def is_system(self) -> bool:
        """A service or outside system (`contracts.identities`), not a person."""
        return self.role is Role.SERVICE

    @property
    def sees_every_record(self) -> bool:
        return self.role in (Role.REGISTRY_OPERATOR, Role.FAC_OPERATOR, Role.SERVICE)


async def require_access(uow: RegistryUnitOfWork, caller: Caller) -> None:
    """An officer acts for `caller.org` only with an active grant for it; others pass (their
    own rules apply). Call it inside the unit of work that then reads or writes. The rule is
    `kernel.grants`; the registry keeps the grants themselves and asks them by an indexed query
    (`has_access`) instead of loading every holder."""
    if not caller.is_officer:
        return
    snils = normalize_snils(caller.snils or "")
    if not caller.org or not snils or not await uow.organizations.has_access(caller.org, snils):
        raise NoAccessGrantError()


def caller_of(actor: Actor) -> Caller:
    """The caller a verified token names."""
    return Caller(role=actor.role, sub=actor.sub, org=actor.org, snils=actor.snils)
