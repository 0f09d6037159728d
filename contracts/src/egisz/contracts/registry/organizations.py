"""FRMO: registration requests, organizations, subdivisions and equipment."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import ConfigDict, Field, JsonValue

from egisz.contracts.bounds import (
    NON_EMPTY,
    WORD,
    Code,
    Cursor,
    Date,
    Digits,
    Email,
    Filled,
    FullName,
    Int,
    Kpp,
    Number,
    Oid,
    PersonName,
    Phone,
    Snils,
    Text,
    Title,
)
from egisz.contracts.envelope import EventData, FieldError, WireModel
from egisz.contracts.registry.acts import RegistrationActRef
from egisz.contracts.registry.network import (
    AffiliationView,
    BranchView,
    EndpointView,
    InstitutionType,
    SiteAddress,
)
from egisz.contracts.registry.signatories import (
    PowerOfAttorney,
    RequestHead,
    RequestSignature,
    RequestSigner,
)
from egisz.contracts.registry.vocabulary import PAGE_MAX
from egisz.contracts.registry.workers import Address

# --- FRMO: files, registration requests, organizations ---------------------------------------
OrganizationType = Literal["medical", "insurance", "educational", "research"]
RequestStatus = Literal[
    "accepted",
    "documents_checked",
    "clarification_requested",
    "resubmitted",
    "approved",
    "rejected",
]
DocumentKind = Literal[
    "charter",  # устав
    "founding_agreement",  # учредительный договор (several founders)
    "registration_certificate",  # свидетельство о госрегистрации (ОГРН / ОГРНИП)
    "head_appointment",  # приказ о назначении руководителя
    "lease_agreement",  # договор аренды помещения (another address than the legal one)
    "power_of_attorney",  # доверенность (the applicant is not the head)
    "licence",  # лицензия
]
LegalForm = Literal["legal_entity", "individual_entrepreneur"]


class Requisites(WireModel):
    """«Юридическое лицо» or «Индивидуальный предприниматель» (seed 003), each with its own
    numbers: a sole proprietor has a 15-digit ОГРНИП, a 12-digit personal ИНН, a 10-digit ОКПО
    and no КПП."""

    legal_form: LegalForm = "legal_entity"
    name: FullName = Field(description="An ИП's: «ИП Фамилия Имя Отчество».")
    ogrn: Digits = Field(description="ОГРН, 13 digits (ОГРНИП, 15), with a check digit.")
    inn: Digits = Field(description="ИНН: 10 digits (an ИП's personal one, 12).")
    kpp: Kpp | None = Field(
        default=None, description="КПП: NNNNPPXXX, PP digits or A–Z; none for an ИП."
    )
    okpo: Digits = Field(description="ОКПО: 8 digits (10 for an ИП), with a check digit.")
    legal_address: Address
    phone: Phone
    email: Email


class Licence(WireModel):
    number: Number
    issued_on: Date
    valid_until: Date | None = Field(default=None, description="None: indefinite.")
    activities: list[Title] = Field(max_length=30)


class ResponsibleEmployee(WireModel):
    last_name: PersonName
    first_name: PersonName
    middle_name: PersonName | None = None
    snils: Snils
    email: Email = Field(description="Unique per user across FRMO.")


class AttachedScan(WireModel):
    file_id: Cursor
    kind: DocumentKind


class SubmitRegistrationRequest(WireModel):
    """A request to enter FRMO, signed by its head or by the person holding their power of
    attorney (seed 003: «Отсутствие квалифицированной подписи приводит к возврату заявления»).
    `registration_request.check` takes the same body unsigned and names every problem, storing
    nothing."""

    type: OrganizationType
    requisites: Requisites
    head: RequestHead | None = Field(default=None, description="Required: who may sign.")
    attorney: PowerOfAttorney | None = None
    licences: list[Licence] = Field(max_length=20, default_factory=list)
    employees: list[ResponsibleEmployee] = Field(max_length=50)
    scans: list[AttachedScan] = Field(max_length=20)
    signature: RequestSignature | None = Field(
        default=None, description="Required to submit; ignored by the check."
    )


class ResubmitRegistrationRequest(SubmitRegistrationRequest):
    request_id: Cursor
    comment: Text | None = None


def canonical_request(request: SubmitRegistrationRequest) -> bytes:
    """What the applicant signs: the request without `signature`, every field (defaults too) as
    sorted compact UTF-8 JSON. `registration_request.check` answers these bytes for any client."""
    body = request.model_dump(mode="json", exclude={"signature"})
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


class RequestCheck(WireModel):
    """The «Проверка» button: every problem the request has now, and what to sign when none."""

    ready: bool
    problems: list[FieldError] = Field(default_factory=list)
    canonical: str = Field(description="The bytes to sign (UTF-8), see `canonical_request`.")
    sha256: str


class ReviewRegistrationRequest(WireModel):
    """The support desk moves a request: check documents, ask for clarification, approve, reject."""

    request_id: Cursor
    action: Literal["check_documents", "request_clarification", "approve", "reject"]
    reason: Text | None = Field(default=None, description="Required to clarify or reject.")


class GetRegistrationRequest(WireModel):
    request_id: Cursor


class ListRegistrationRequests(WireModel):
    """The support desk's queue: oldest first, by status."""

    status: RequestStatus | None = None
    after: Cursor | None = None
    limit: Int = Field(default=PAGE_MAX, ge=1, le=PAGE_MAX)


class RequestTransition(EventData):
    status: RequestStatus
    status_title: str
    actor: str
    at: datetime
    reason: str | None = None


class ScanView(EventData):
    file_id: str
    kind: DocumentKind
    filename: str
    content_type: str
    size: Int


class RegistrationRequestView(WireModel):
    request_id: str
    status: RequestStatus
    status_title: str
    type: OrganizationType
    requisites: Requisites
    licences: list[Licence]
    employees: list[ResponsibleEmployee]
    scans: list[ScanView]
    history: list[RequestTransition]
    head: RequestHead | None = None
    attorney: PowerOfAttorney | None = None
    organization_oid: str | None = None
    signed_by: RequestSigner | None = Field(
        default=None, description="Who signed the last submission, as their certificate says."
    )
    created_at: datetime
    in_status_since: datetime | None = Field(
        default=None, description="When the request entered its present status."
    )
    version: Int


class RegistrationRequestPage(WireModel):
    items: list[RegistrationRequestView]
    next_cursor: str | None = None


class Subdivision(EventData):
    oid: str
    name: str
    kind: str
    beds: dict[str, int] = Field(default_factory=dict, description="Bed counts by profile.")
    bed_codes: dict[str, str] = Field(
        default_factory=dict, description="A profile's code in the bed profiles' book, if coded."
    )
    closed_on: date | None = Field(default=None, description="Closed from this day on.")
    kind_code: str | None = Field(default=None, description="In the subdivision kinds' book.")


class Equipment(EventData):
    equipment_id: str
    kind: str
    kind_code: str | None = Field(default=None, description="In the equipment kinds' book.")
    model: str
    serial_number: str
    commissioned_on: date


class Head(WireModel):
    last_name: PersonName
    first_name: PersonName
    middle_name: PersonName | None = None
    position: Title


class HeadChange(Head):
    """The head an officer records; with their SNILS, their certificate signs as the head."""

    snils: Snils | None = Field(
        default=None, description="Kept by FRMO (not shown): whose certificate signs as the head."
    )


class GetOrganization(WireModel):
    oid: Oid | None = Field(default=None, description="Defaults to the officer's organization.")


class SearchOrganizations(WireModel):
    """«Укажите ИНН, ОГРН или наименование», or the type or region: any of them (together they
    must all match). A name matches when every word given is a word of the organization's name,
    in any case and order."""

    # The use case holds to it; the schema says it, so that clients and fuzzers know.
    model_config = ConfigDict(
        json_schema_extra={
            "anyOf": [
                {"required": ["inn"], "properties": {"inn": NON_EMPTY}},
                {"required": ["ogrn"], "properties": {"ogrn": NON_EMPTY}},
                {"required": ["name"], "properties": {"name": {**NON_EMPTY, "pattern": WORD}}},
                {"required": ["type"]},
                {"required": ["region"]},
            ]
        }
    )

    inn: Digits | None = Field(default=None, description="ИНН, 10 digits (12 for an ИП).")
    ogrn: Digits | None = Field(default=None, description="ОГРН, 13 digits (ОГРНИП 15).")
    name: Title | None = Field(default=None, description="Words of the name: `ГКБ 1`.")
    type: OrganizationType | None = Field(
        default=None, description="Its code in the organization types' book."
    )
    region: Annotated[str, Field(max_length=2, pattern=r"^[0-9]{2}$")] | None = Field(
        default=None,
        description="The subject of the Federation by its code in the regions' book "
        "(1.2.643.5.1.13.13.99.2.206), e.g. `77`; an organization's region is its INN's.",
    )
    after: Cursor | None = Field(default=None, description="Cursor from the previous page.")
    limit: Int = Field(default=PAGE_MAX, ge=1, le=PAGE_MAX)


class OrganizationSummary(WireModel):
    """An organization as a search shows it; `phone` and `email` only to signed-in staff."""

    oid: str
    type: OrganizationType
    name: str
    inn: str
    ogrn: str
    kpp: str | None
    legal_address: Address
    head: Head | None = None
    phone: str | None = None
    email: str | None = None
    licence_in_force: bool | None = Field(
        default=None,
        description="False: every licence has lapsed (flagged); None: the organization holds none.",
    )


class OrganizationPage(WireModel):
    items: list[OrganizationSummary]
    next_cursor: str | None = None


class OrganizationView(WireModel):
    oid: str
    type: OrganizationType
    requisites: Requisites
    licences: list[Licence]
    subdivisions: list[Subdivision]
    equipment: list[Equipment]
    head: Head | None = None
    founders: list[str] = Field(default_factory=list)
    lapsed_licences: list[str] = Field(
        default_factory=list, description="Numbers of the licences whose validity has ended."
    )
    actual_address: SiteAddress | None = None
    institution_type: InstitutionType | None = None
    branches: list[BranchView] = Field(default_factory=list)
    affiliations: list[AffiliationView] = Field(default_factory=list)
    endpoints: list[EndpointView] = Field(default_factory=list)
    registration_act: RegistrationActRef | None = None
    registered_at: datetime
    version: Int


class UpdateOrganization(WireModel):
    """An officer changes their organization's record; each given section is replaced or added."""

    requisites: Requisites | None = None
    add_licence: Licence | None = None
    head: HeadChange | None = None
    founders: list[Annotated[FullName, Filled]] | None = Field(default=None, max_length=20)


SUBDIVISION_KIND_GIVEN: dict[str, JsonValue] = {
    "anyOf": [
        {"required": ["kind_code"], "properties": {"kind_code": NON_EMPTY}},
        {"required": ["kind"], "properties": {"kind": NON_EMPTY}},
    ]
}


class AddSubdivision(WireModel):
    """The kind by its code in the subdivision kinds' book (its name wins), or as text."""

    model_config = ConfigDict(json_schema_extra=SUBDIVISION_KIND_GIVEN)

    name: Annotated[FullName, Filled]
    kind_code: Code | None = Field(default=None, description="In the subdivision kinds' book.")
    kind: Annotated[Code, Filled] | None = Field(
        default=None, description="e.g. `отделение`, `кабинет`, `филиал`."
    )


class SetBeds(WireModel):
    """A profile by its code in the bed profiles' book (its name wins), or as text."""

    model_config = ConfigDict(
        json_schema_extra={
            "anyOf": [
                {"required": ["profile_code"], "properties": {"profile_code": NON_EMPTY}},
                {"required": ["profile"], "properties": {"profile": NON_EMPTY}},
            ]
        }
    )

    subdivision_oid: Oid
    profile_code: Code | None = None
    profile: Annotated[Code, Filled] | None = Field(
        default=None, description="Bed profile as text, e.g. `терапевтические`."
    )
    count: Int = Field(ge=0, le=10_000, description="0 removes the profile.")


class AddEquipment(WireModel):
    """The kind by its code in the equipment kinds' book (its name wins), or as text."""

    model_config = ConfigDict(
        json_schema_extra={
            "anyOf": [
                {"required": ["kind_code"], "properties": {"kind_code": NON_EMPTY}},
                {"required": ["kind"], "properties": {"kind": NON_EMPTY}},
            ]
        }
    )

    kind_code: Code | None = None
    kind: Annotated[Code, Filled] | None = None
    model: Annotated[Title, Filled]
    serial_number: Annotated[Number, Filled]
    commissioned_on: Date


class UpdateSubdivision(WireModel):
    model_config = ConfigDict(json_schema_extra=SUBDIVISION_KIND_GIVEN)

    subdivision_oid: Oid
    name: Annotated[FullName, Filled]
    kind_code: Code | None = Field(default=None, description="In the subdivision kinds' book.")
    kind: Annotated[Code, Filled] | None = None


class CloseSubdivision(WireModel):
    """Closed from a day on: its beds go, no new job names it; its OID is never reused."""

    subdivision_oid: Oid
    closed_on: Date


class UpdateEquipment(AddEquipment):
    equipment_id: Cursor


class RemoveEquipment(WireModel):
    """Written off: the item leaves the record."""

    equipment_id: Cursor


class RemoveLicence(WireModel):
    """A licence annulled or replaced by a newer one (add that first) leaves the record."""

    number: Number
