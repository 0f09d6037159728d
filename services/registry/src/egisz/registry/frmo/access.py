"""Access of responsible employees: an officer asks for more of them, the support desk grants,
refuses or revokes; each an event the person is told of."""

from __future__ import annotations

from typing import TYPE_CHECKING

from egisz.kernel.clock import Clock, utcnow
from egisz.kernel.errors import ForbiddenError
from egisz.registry.caller import Caller, new_id, require_access
from egisz.registry.domain.errors import OrganizationNotFoundError
from egisz.registry.domain.identifiers import normalize_email, normalize_snils
from egisz.registry.frmo.domain.access import AccessRequest, AccessRequestStatus
from egisz.registry.frmo.domain.errors import (
    AccessNotHeldError,
    AccessRequestNotFoundError,
    EmailTakenError,
)
from egisz.registry.frmo.domain.requisites import ResponsibleEmployee

if TYPE_CHECKING:  # ports only: no driver is imported at run time
    from egisz.registry.repository import RegistryUnitOfWork


# --- access of responsible employees ------------------------------------------------------
async def request_access(
    uow: RegistryUnitOfWork,
    caller: Caller,
    *,
    employees: list[ResponsibleEmployee],
    comment: str | None,
    clock: Clock = utcnow,
) -> AccessRequest:
    async with uow:
        await require_access(uow, caller)
        assert caller.org is not None  # require_access passed
        request = AccessRequest.submit(
            request_id=new_id(),
            organization_oid=caller.org,
            employees=employees,
            comment=comment,
            by=caller.sub,
            now=clock(),
        )
        for e in request.employees:
            if (await uow.organizations.email_holder(e.email)) not in (None, e.snils):
                raise EmailTakenError()
        await uow.access_requests.add(request)
        await uow.commit()
    return request


async def review_access_request(
    uow: RegistryUnitOfWork,
    caller: Caller,
    *,
    request_id: str,
    grant: bool,
    reason: str | None,
    clock: Clock = utcnow,
) -> AccessRequest:
    """The support desk's decision; a grant gives each employee access at once."""
    async with uow:
        request = await uow.access_requests.get(request_id)
        if request is None:
            raise AccessRequestNotFoundError()
        if grant:
            request.grant(by=caller.sub, now=clock())
            await uow.organizations.grant_access(request.organization_oid, request.employees)
        else:
            request.refuse(reason or "", by=caller.sub, now=clock())
        await uow.access_requests.save(request)
        await uow.commit()
    return request


async def access_queue(
    uow: RegistryUnitOfWork, *, status: AccessRequestStatus | None, after: str | None, limit: int
) -> list[AccessRequest]:
    async with uow:
        return await uow.access_requests.page(status, after, limit)


async def revoke_access(
    uow: RegistryUnitOfWork,
    caller: Caller,
    *,
    organization_oid: str,
    snils: str,
    reason: str,
) -> list[ResponsibleEmployee]:
    """The support desk takes a person's access away; the organization records it as an event
    (the person is told) and the remaining holders come back."""
    async with uow:
        organization = await uow.organizations.get(organization_oid)
        if organization is None:
            raise OrganizationNotFoundError()
        person = normalize_snils(snils)
        emails = await uow.organizations.revoke_access(organization_oid, person)
        if not emails:
            raise AccessNotHeldError()
        organization.record_access_revoked(
            person, emails=[normalize_email(e) for e in emails], reason=reason, by=caller.sub
        )
        await uow.organizations.save(organization)
        await uow.commit()
        return await uow.organizations.access_holders(organization_oid)


async def access_holders(
    uow: RegistryUnitOfWork, caller: Caller, *, organization_oid: str | None
) -> tuple[str, list[ResponsibleEmployee]]:
    """An officer sees who holds access to their own organization; the support desk, any."""
    oid = organization_oid or caller.org
    if oid is None:
        raise OrganizationNotFoundError()
    if caller.is_officer and oid != caller.org:
        raise ForbiddenError("Ответственный сотрудник видит доступ только своей организации")
    async with uow:
        await require_access(uow, caller)
        if await uow.organizations.get(oid) is None:
            raise OrganizationNotFoundError()
        return oid, await uow.organizations.access_holders(oid)
