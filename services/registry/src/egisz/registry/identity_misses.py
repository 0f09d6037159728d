"""The misses of callers naming people by SNILS and birth date (`domain.identity_check`), as
every context of the registry counts and journals them: FRMR's hire and import, the register of
learners' import."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from egisz.registry.caller import Caller
from egisz.registry.domain.identifiers import normalize_snils
from egisz.registry.domain.identity_check import WINDOW, IdentityMiss, MissBudget, person_digest

if TYPE_CHECKING:  # ports only: no driver is imported at run time
    from egisz.registry.repository import RegistryUnitOfWork


async def misses_today(uow: RegistryUnitOfWork, caller: Caller, now: datetime) -> MissBudget:
    """`domain.identity_check`: how many more wrong SNILS + birth date pairs the caller may
    name today."""
    return MissBudget.after(await uow.identity_misses.misses_since(caller.key, now - WINDOW))


async def record_miss(
    uow: RegistryUnitOfWork, caller: Caller, snils: str, command: str, now: datetime
) -> None:
    miss = IdentityMiss(caller.key, caller.org, person_digest(normalize_snils(snils)), command, now)
    await uow.identity_misses.record(miss)
