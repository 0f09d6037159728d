"""A signed-in caller's view of the people in an answer: the register's own rule
(`frmr/usecases.read_worker` finds a record only for whom may find it, `sight_of` says how much
they see) adds the personal data to the Practitioners they may see whole. Anyone else reads the
directory as it is."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from egisz.kernel.errors import ForbiddenError, NotFoundError, UnauthenticatedError
from egisz.registry.caller import Caller
from egisz.registry.directory.domain import people
from egisz.registry.directory.domain.records import Version
from egisz.registry.frmr import usecases as frmr
from egisz.registry.frmr.domain.visibility import Sight
from egisz.registry.repository import RegistryUnitOfWork

Units = Callable[[], RegistryUnitOfWork]


def sees_nothing_more(caller: Caller) -> bool:
    """No token, a role that reads no records, or an outside system (a directory's consumer
    sees no personal data)."""
    return not caller.reads_records or caller.is_system


async def resources(
    units: Units,
    caller: Caller,
    versions: list[Version],
    shown: Callable[[str], None] = lambda snils: None,
) -> list[dict[str, Any] | None]:
    """Each version's resource as this caller reads it; `shown` hears the SNILS of each person
    whose personal data was added (the audit journal names them)."""
    out = [v.with_meta() for v in versions]
    if sees_nothing_more(caller):
        return out
    for i, v in enumerate(versions):
        if v.type == "Practitioner" and not v.gone and (resource := out[i]) is not None:
            worker = await _seen(units, caller, worker_id=v.id)
            if worker is not None:
                out[i] = people.with_personal_data(resource, worker)
                shown(worker.snils)
    return out


async def found_by_snils(units: Units, caller: Caller, snils: str) -> list[str]:
    """The id of the person a SNILS names, if this caller may find them (none otherwise: the
    answer does not tell whether such a person exists)."""
    if caller.is_anonymous:
        raise UnauthenticatedError(
            "Поиск по СНИЛС — только со входом в систему: без токена ищите по имени",
            code="snils_needs_a_token",
        )
    if not caller.reads_records:
        raise ForbiddenError("Личные дела работников этой роли не видны: ищите по имени")
    worker = await _seen(units, caller, snils=snils, whole=False)
    return [worker.id] if worker is not None else []


async def _seen(
    units: Units,
    caller: Caller,
    *,
    worker_id: str | None = None,
    snils: str | None = None,
    whole: bool = True,
) -> Any:
    try:
        worker = await frmr.read_worker(units(), caller, worker_id=worker_id, snils=snils)
    except (ForbiddenError, NotFoundError):
        return None
    if whole and frmr.sight_of(caller, worker) is not Sight.PERSONAL:
        return None
    return worker
