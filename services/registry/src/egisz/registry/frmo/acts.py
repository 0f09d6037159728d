"""FRMO's registration act: issued with the approval (the PDF drawn, signed with the registry's
own key, stored), downloaded by the organization, checked by anyone by its code."""

from __future__ import annotations

import asyncio
import functools
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Protocol

from egisz.kernel.issued import IssuedDocument, new_verification_code, normalize_code
from egisz.kernel.signatures import Signer
from egisz.registry.caller import Caller, require_access
from egisz.registry.domain.errors import OrganizationNotFoundError
from egisz.registry.frmo.domain.errors import (
    ActSigningKeyMissingError,
    RegistrationActNotFoundError,
)
from egisz.registry.frmo.domain.organization import Organization
from egisz.runtime.files import FileStore
from egisz.runtime.issuing import store_signed_pdf

if TYPE_CHECKING:
    from egisz.registry.repository import RegistryUnitOfWork


class RenderAct(Protocol):
    def __call__(
        self, organization: Organization, *, verification_code: str, issued_on: date, key_id: str
    ) -> bytes: ...


@dataclass(frozen=True)
class ActIssuer:
    """What issuing an act takes: the registry's key (none: approvals wait), the PDF, a store."""

    files: FileStore
    signer: Signer | None
    render: RenderAct

    async def issue(self, organization: Organization, now: datetime) -> IssuedDocument:
        if self.signer is None:
            raise ActSigningKeyMissingError()
        code = new_verification_code()
        pdf = await asyncio.to_thread(  # ~50 ms of reportlab: not on the event loop
            functools.partial(
                self.render,
                organization,
                verification_code=code,
                issued_on=now.date(),
                key_id=self.signer.key_id,
            )
        )
        return await store_signed_pdf(
            self.files,
            self.signer,
            pdf,
            owner=f"organization:{organization.oid}",
            filename=f"akt-registracii-{organization.oid}.pdf",
            verification_code=code,
            issued_on=now.date(),
        )


async def act_of(uow: RegistryUnitOfWork, caller: Caller, oid: str | None) -> IssuedDocument:
    """The act of the caller's organization (an officer with access) or of any (the desk)."""
    async with uow:
        if caller.is_support:
            organization = await uow.organizations.get(oid or "")
        else:  # an officer: their own organization only, with FRMO's grant
            await require_access(uow, caller)
            mine = oid in (None, caller.org)
            organization = await uow.organizations.get(caller.org or "") if mine else None
    if organization is None:
        raise OrganizationNotFoundError()
    if organization.registration_act is None:
        raise RegistrationActNotFoundError()
    return organization.registration_act


async def verify_act(
    uow: RegistryUnitOfWork, verification_code: str
) -> tuple[Organization, IssuedDocument]:
    async with uow:
        organization = await uow.organizations.by_act_code(normalize_code(verification_code))
    if organization is None or organization.registration_act is None:
        raise RegistrationActNotFoundError()
    return organization, organization.registration_act
