"""FRMO's sites and links, between the wire and the organization record: requests read into
the domain's values (`inputs`), the record's values as views, and the use cases that need more
than the officer's own record — an affiliation names another organization, which FRMO must
hold; an institution type is a code of its book."""

from __future__ import annotations

import uuid
from datetime import date

from egisz.contracts.registry import network as wire
from egisz.registry.caller import Caller
from egisz.registry.domain.coding import INSTITUTION_TYPES, CodeBook
from egisz.registry.domain.errors import OrganizationNotFoundError
from egisz.registry.domain.people import Address
from egisz.registry.frmo import usecases as frmo
from egisz.registry.frmo.domain.network import (
    Affiliation,
    AffiliationRole,
    InformationSystem,
    InstitutionType,
    Site,
)
from egisz.registry.frmo.domain.organization import Organization
from egisz.registry.repository import RegistryUnitOfWork


def site_in(a: wire.SiteAddress) -> Site:
    return Site(Address(a.postcode, a.text), a.latitude, a.longitude)


def site_out(s: Site) -> wire.SiteAddress:
    return wire.SiteAddress(
        postcode=s.address.postcode, text=s.address.text, latitude=s.latitude, longitude=s.longitude
    )


async def institution_type(
    codes: CodeBook, code: str | None, today: date
) -> InstitutionType | None:
    """A type of the nomenclature of medical organizations, by its book's code."""
    if code is None:
        return None
    found = await codes.code(INSTITUTION_TYPES, code, field="institution_type_code", on=today)
    return InstitutionType(found.code, found.name)


def network_views(o: Organization) -> dict[str, object]:
    """The organization view's part about its sites and links."""
    t = o.institution_type
    return {
        "actual_address": site_out(o.actual_site) if o.actual_site else None,
        "institution_type": wire.InstitutionType(code=t.code, name=t.name) if t else None,
        "branches": [
            wire.BranchView(
                oid=b.oid,
                name=b.name,
                address=site_out(b.site),
                parent_oid=b.parent_oid,
                closed_on=b.closed_on,
            )
            for b in o.branches
        ],
        "affiliations": [
            wire.AffiliationView(
                affiliation_id=a.id,
                primary_oid=a.primary_oid,
                role=a.role.value,
                start_date=a.start,
                end_date=a.end,
            )
            for a in o.affiliations
        ],
        "endpoints": [
            wire.EndpointView(
                endpoint_id=s.id,
                name=s.name,
                address=s.address,
                connection_type=s.connection,
                active=s.active,
            )
            for s in o.information_systems
        ],
    }


async def add_affiliation(
    uow: RegistryUnitOfWork, caller: Caller, req: wire.AddAffiliation
) -> Organization:
    """The other organization must be in FRMO: a link to nothing is refused by its field."""
    async with uow:
        if await uow.organizations.get(req.primary_oid) is None:
            raise OrganizationNotFoundError.at("primary_oid", "not_found")
    made = Affiliation(
        uuid.uuid4().hex, req.primary_oid, AffiliationRole(req.role), req.start_date, req.end_date
    )
    return await frmo.change_organization(uow, caller, lambda o: o.add_affiliation(made))


def endpoint_in(req: wire.SetEndpoint) -> InformationSystem:
    return InformationSystem(
        req.endpoint_id or uuid.uuid4().hex,
        req.name.strip(),
        req.address,
        req.connection_type,
        req.active,
    )
