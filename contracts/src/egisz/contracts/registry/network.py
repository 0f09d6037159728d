"""FRMO: where an organization works and how it joins the health system — its actual address
(with coordinates where known), its type in the nomenclature of medical organizations, its
branches, its affiliations with other organizations (a clinical base of a university, a body
under its founder) and its information systems' endpoints. A directory (mCSD) shows all of it."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field

from egisz.contracts.bounds import (
    AddressText,
    Code,
    Cursor,
    Date,
    Digits,
    Filled,
    Flag,
    FullName,
    Oid,
    Title,
)
from egisz.contracts.envelope import EventData, WireModel

AffiliationRole = Literal["clinical_base", "subordinate"]
ConnectionType = Literal["hl7-fhir-rest", "hl7-fhir-msg", "ihe-xds", "ihe-iid", "direct-project"]
Latitude = Annotated[float, Field(ge=-90, le=90)]
Longitude = Annotated[float, Field(ge=-180, le=180)]
Url = Annotated[str, Field(min_length=8, max_length=500, pattern=r"^https?://[^\s]+$")]


class SiteAddress(EventData):
    """An address where the organization works; coordinates (WGS 84) go in pairs."""

    postcode: Digits | None = Field(default=None, description="6 digits.")
    text: Annotated[AddressText, Filled]
    latitude: Latitude | None = None
    longitude: Longitude | None = None


class InstitutionType(EventData):
    code: str
    name: str


class SetOrganizationProfile(WireModel):
    """The officer's organization: its actual address and its type in the nomenclature of
    medical organizations (a code of that book); a field left out stays as it was."""

    actual_address: SiteAddress | None = None
    institution_type_code: Code | None = Field(
        default=None, description="In the nomenclature of medical organizations (529н)."
    )


class AddBranch(WireModel):
    name: Annotated[FullName, Filled]
    address: SiteAddress
    parent_oid: Oid | None = Field(
        default=None, description="A branch of a branch; none: of the organization."
    )


class UpdateBranch(WireModel):
    branch_oid: Oid
    name: Annotated[FullName, Filled]
    address: SiteAddress


class CloseBranch(WireModel):
    branch_oid: Oid
    closed_on: Date


class AddAffiliation(WireModel):
    """The officer's organization takes part in another's work: a clinical base of an
    educational organization, or a body under its founder (the other organization, in FRMO)."""

    primary_oid: Oid = Field(description="The university, the founder: in FRMO.")
    role: AffiliationRole
    start_date: Date
    end_date: Date | None = None


class EndAffiliation(WireModel):
    affiliation_id: Cursor
    end_date: Date


class SetEndpoint(WireModel):
    """An information system of the organization others reach (its FHIR server, say): added,
    or replaced when `endpoint_id` names one."""

    endpoint_id: Cursor | None = None
    name: Annotated[Title, Filled]
    address: Url
    connection_type: ConnectionType
    active: Flag = True


class RemoveEndpoint(WireModel):
    endpoint_id: Cursor


class BranchView(EventData):
    oid: str
    name: str
    address: SiteAddress
    parent_oid: str
    closed_on: date | None = None


class AffiliationView(EventData):
    affiliation_id: str
    primary_oid: str
    role: AffiliationRole
    start_date: date
    end_date: date | None = None


class EndpointView(EventData):
    endpoint_id: str
    name: str
    address: str
    connection_type: ConnectionType
    active: bool
