"""FRMO: an organization's registration request (заявка) and the organization record it creates.

The request moves accepted → documents_checked → clarification_requested ↔ resubmitted →
approved | rejected; each move is an event with the actor and the reason. Approval creates the
organization with an OID `1.2.643.5.1.13.13.12.2.<region>.<n>`; its subdivisions get
`<org oid>.0.<n>`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from enum import StrEnum

from egisz.kernel.errors import FieldProblem
from egisz.kernel.issued import IssuedDocument
from egisz.kernel.snils import normalize_snils
from egisz.registry.domain.checks import Problems
from egisz.registry.domain.people import FullName
from egisz.registry.frmo.domain.application import Application
from egisz.registry.frmo.domain.errors import (
    EquipmentNotFoundError,
    IllegalTransitionError,
    LicenceExpiredError,
    LicenceNotFoundError,
    SubdivisionNotFoundError,
)
from egisz.registry.frmo.domain.network import (
    Affiliation,
    Branch,
    InformationSystem,
    InstitutionType,
    OrganizationNetwork,
    Site,
)
from egisz.registry.frmo.domain.requisites import (
    LICENCE_EXPIRED,
    Licence,
    OrganizationType,
    Requisites,
    ResponsibleEmployee,
    check_licence,
    check_requisites,
    lapsed,
    normalized_requisites,
)
from egisz.registry.frmo.domain.signatories import (
    PowerOfAttorney,
    SignedBy,
)
from egisz.registry.frmo.domain.structure import Equipment, Subdivision, check_equipment


class RequestStatus(StrEnum):
    ACCEPTED = "accepted"  # Заявка принята
    DOCUMENTS_CHECKED = "documents_checked"  # Документы проверены
    CLARIFICATION_REQUESTED = "clarification_requested"  # Запрос уточнений
    RESUBMITTED = "resubmitted"  # Заявка дополнена
    APPROVED = "approved"  # Заявка одобрена
    REJECTED = "rejected"  # Заявка отклонена

    @property
    def label(self) -> str:
        return _TITLES[self]


_TITLES = {
    RequestStatus.ACCEPTED: "Заявка принята",
    RequestStatus.DOCUMENTS_CHECKED: "Документы проверены",
    RequestStatus.CLARIFICATION_REQUESTED: "Запрос уточнений",
    RequestStatus.RESUBMITTED: "Заявка дополнена",
    RequestStatus.APPROVED: "Заявка одобрена",
    RequestStatus.REJECTED: "Заявка отклонена",
}

# Who may move a request from where to where (docs/domain.md, "Organization registration request").
TRANSITIONS: dict[RequestStatus, set[RequestStatus]] = {
    RequestStatus.ACCEPTED: {
        RequestStatus.DOCUMENTS_CHECKED,
        RequestStatus.CLARIFICATION_REQUESTED,
        RequestStatus.REJECTED,
    },
    RequestStatus.DOCUMENTS_CHECKED: {
        RequestStatus.CLARIFICATION_REQUESTED,
        RequestStatus.APPROVED,
        RequestStatus.REJECTED,
    },
    RequestStatus.CLARIFICATION_REQUESTED: {RequestStatus.RESUBMITTED, RequestStatus.REJECTED},
    RequestStatus.RESUBMITTED: {
        RequestStatus.DOCUMENTS_CHECKED,
        RequestStatus.CLARIFICATION_REQUESTED,
        RequestStatus.REJECTED,
    },
    RequestStatus.APPROVED: set(),
    RequestStatus.REJECTED: set(),
}


@dataclass(frozen=True)
class Transition:
    status: RequestStatus
    actor: str
    at: datetime
    reason: str | None = None


# --- events ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class RequestStatusChanged:
    request: RegistrationRequest
    transition: Transition


@dataclass(frozen=True)
class OrganizationRegistered:
    organization: Organization
    request_id: str


@dataclass(frozen=True)
class AccessGranted:
    organization_oid: str
    employees: tuple[ResponsibleEmployee, ...]


@dataclass(frozen=True)
class AccessRevoked:
    organization_oid: str
    snils: str
    emails: tuple[str, ...]
    reason: str
    revoked_by: str


@dataclass(frozen=True)
class OrganizationChanged:
    organization: Organization
    sections: tuple[str, ...]


@dataclass(frozen=True)
class SubdivisionAdded:
    organization: Organization
    subdivision: Subdivision


OrganizationEvent = (
    RequestStatusChanged
    | OrganizationRegistered
    | AccessGranted
    | AccessRevoked
    | OrganizationChanged
    | SubdivisionAdded
)


@dataclass
class RegistrationRequest:
    id: str
    applicant: str  # the submitter's user id (token `sub`)
    application: Application
    status: RequestStatus
    history: list[Transition]
    created_at: datetime
    organization_oid: str | None = None
    signed_by: SignedBy | None = None  # the last submission's signer, by their certificate
    version: int = 0
    events: list[OrganizationEvent] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def submit(
        cls, *, request_id: str, applicant: str, application: Application, now: datetime
    ) -> RegistrationRequest:
        checked = application.checked(now.date())
        first = Transition(RequestStatus.ACCEPTED, applicant, now)
        request = cls(request_id, applicant, checked, RequestStatus.ACCEPTED, [first], now)
        request.events.append(RequestStatusChanged(request, first))
        return request

    def _move(self, to: RequestStatus, *, actor: str, now: datetime, reason: str | None) -> None:
        if to not in TRANSITIONS[self.status]:
            raise IllegalTransitionError(
                f"Заявку в статусе «{self.status.label}» нельзя перевести в «{to.label}»"
            )
        step = Transition(to, actor, now, (reason or "").strip() or None)
        self.status = to
        self.history.append(step)
        self.events.append(RequestStatusChanged(self, step))

    def check_documents(self, *, actor: str, now: datetime, comment: str | None = None) -> None:
        self._move(RequestStatus.DOCUMENTS_CHECKED, actor=actor, now=now, reason=comment)

    def request_clarification(self, *, actor: str, now: datetime, reason: str) -> None:
        _require_reason(reason)
        self._move(RequestStatus.CLARIFICATION_REQUESTED, actor=actor, now=now, reason=reason)

    def resubmit(
        self, application: Application, *, actor: str, now: datetime, comment: str | None
    ) -> None:
        if self.status is not RequestStatus.CLARIFICATION_REQUESTED:
            raise IllegalTransitionError(
                f"Дополнить можно заявку с запросом уточнений, а эта — «{self.status.label}»"
            )
        self.application = application.checked(now.date())
        self._move(RequestStatus.RESUBMITTED, actor=actor, now=now, reason=comment)

    def reject(self, *, actor: str, now: datetime, reason: str) -> None:
        _require_reason(reason)
        self._move(RequestStatus.REJECTED, actor=actor, now=now, reason=reason)

    def approve(self, *, actor: str, now: datetime, oid: str) -> Organization:
        """Enter FRMO, with every licence still in force on the day (one that lapsed while the
        request waited is sent back: request clarification)."""
        licences = self.application.licences
        if expired := lapsed(licences, now.date()):
            raise LicenceExpiredError(
                fields=[
                    FieldProblem(
                        f"licences.{licences.index(lic)}.valid_until", LICENCE_EXPIRED, "expired"
                    )
                    for lic in expired
                ]
            )
        self._move(RequestStatus.APPROVED, actor=actor, now=now, reason=None)
        self.organization_oid = oid
        return Organization.register(oid=oid, request=self, now=now)


def _require_reason(reason: str | None) -> None:
    p = Problems()
    p.text("reason", reason)
    p.raise_if_any()


# --- the organization record ----------------------------------------------------------------
@dataclass(frozen=True)
class Head:
    name: FullName
    position: str


@dataclass
class Organization(OrganizationNetwork):
    oid: str
    type: OrganizationType
    requisites: Requisites
    licences: list[Licence]
    registered_at: datetime
    subdivisions: list[Subdivision] = field(default_factory=list)
    equipment: list[Equipment] = field(default_factory=list)
    head: Head | None = None
    head_snils: str | None = None  # whose certificate signs as the head (not shown publicly)
    powers_of_attorney: list[PowerOfAttorney] = field(default_factory=list)
    registration_act: IssuedDocument | None = None  # «акт регистрации», signed by the registry
    founders: list[str] = field(default_factory=list)
    request_id: str | None = None
    actual_site: Site | None = None
    institution_type: InstitutionType | None = None
    branches: list[Branch] = field(default_factory=list)
    affiliations: list[Affiliation] = field(default_factory=list)
    information_systems: list[InformationSystem] = field(default_factory=list)
    version: int = 0
    events: list[OrganizationEvent] = field(default_factory=list, repr=False, compare=False)

    @property
    def id(self) -> str:
        return self.oid

    @classmethod
    def register(cls, *, oid: str, request: RegistrationRequest, now: datetime) -> Organization:
        a = request.application
        org = cls(oid, a.type, a.requisites, list(a.licences), now, request_id=request.id)
        if a.head is not None:
            org.head, org.head_snils = Head(a.head.name, a.head.position), a.head.snils
        org.powers_of_attorney = [a.attorney] if a.attorney else []
        org.events.append(OrganizationRegistered(org, request.id))
        org.events.append(AccessGranted(oid, tuple(a.employees)))
        return org

    def record_access_revoked(self, snils: str, *, emails: list[str], reason: str, by: str) -> None:
        """The support desk took a person's access away: an event, so the person is told."""
        if not reason.strip():
            p = Problems()
            p.add("reason", "Укажите причину: её прочтёт сотрудник", "missing")
            p.raise_if_any()
        self.events.append(AccessRevoked(self.oid, snils, tuple(emails), reason.strip(), by))

    def _changed(self, *sections: str) -> None:
        self.events.append(OrganizationChanged(self, sections))

    def update_requisites(self, requisites: Requisites) -> None:
        p = Problems()
        check_requisites(p, requisites)
        p.raise_if_any()
        if normalized_requisites(requisites).inn != self.requisites.inn:
            raise IllegalTransitionError("ИНН организации не меняется: подайте новую заявку")
        self.requisites = normalized_requisites(requisites)
        self._changed("requisites")

    def add_licence(self, licence: Licence, *, today: date) -> None:
        p = Problems()
        check_licence(p, licence, at="add_licence", today=today)
        p.raise_if_any()
        self.licences.append(licence)
        self._changed("licences")

    def add_subdivision(self, *, name: str, kind: str, kind_code: str | None = None) -> Subdivision:
        p = Problems()
        p.text("name", name)
        p.text("kind", kind)
        p.raise_if_any()
        oid = f"{self.oid}.0.{len(self.subdivisions) + 1}"
        sub = Subdivision(oid, name.strip(), kind.strip(), kind_code=kind_code)
        self.subdivisions.append(sub)
        self.events.append(SubdivisionAdded(self, sub))
        return sub

    def subdivision(self, oid: str, *, open_on: date | None = None) -> Subdivision:
        """A subdivision of this organization (open on `open_on`, when given)."""
        found = next((s for s in self.subdivisions if s.oid == oid), None)
        if found is None or (open_on is not None and not found.open_on(open_on)):
            raise SubdivisionNotFoundError.at("subdivision_oid", "not_found")
        return found

    def _replace_subdivision(self, old: Subdivision, new: Subdivision) -> None:
        self.subdivisions[self.subdivisions.index(old)] = new
        self._changed("subdivisions")

    def set_beds(
        self,
        subdivision_oid: str,
        profile: str,
        count: int,
        *,
        today: date,
        code: str | None = None,
    ) -> None:
        """A profile's bed count (with its book code, if coded); 0 removes the profile."""
        p = Problems()
        p.text("profile", profile)
        if not 0 <= count <= 10_000:
            p.add("count", "Число коек — от 0 до 10000", "range")
        p.raise_if_any()
        sub = self.subdivision(subdivision_oid, open_on=today)
        kept = {k: v for k, v in {**sub.beds, profile.strip(): count}.items() if v}
        codes = {**sub.bed_codes, **({profile.strip(): code} if code else {})}
        coded = {k: c for k, c in codes.items() if k in kept}
        self._replace_subdivision(sub, replace(sub, beds=kept, bed_codes=coded))

    def rename_subdivision(
        self, subdivision_oid: str, *, name: str, kind: str, kind_code: str | None = None
    ) -> None:
        p = Problems()
        p.text("name", name)
        p.text("kind", kind)
        p.raise_if_any()
        sub = self.subdivision(subdivision_oid)
        renamed = replace(sub, name=name.strip(), kind=kind.strip(), kind_code=kind_code)
        self._replace_subdivision(sub, renamed)

    def close_subdivision(self, subdivision_oid: str, *, closed_on: date, today: date) -> None:
        """Closed from a day on: no beds, no new jobs in it; its OID stays its own."""
        sub = self.subdivision(subdivision_oid)
        p = Problems()
        if sub.closed_on is not None:
            p.add("subdivision_oid", "Подразделение уже закрыто", "already_closed")
        if closed_on > today + timedelta(days=366):
            p.add("closed_on", "Дата закрытия — не дальше года вперёд", "too_far")
        p.raise_if_any()
        self._replace_subdivision(sub, replace(sub, closed_on=closed_on, beds={}))

    def remove_licence(self, number: str) -> None:
        """A licence annulled or replaced by a newer one leaves the record."""
        found = next((lic for lic in self.licences if lic.number == number.strip()), None)
        if found is None:
            raise LicenceNotFoundError.at("number", "not_found")
        self.licences.remove(found)
        self._changed("licences")

    def equipment_item(self, equipment_id: str) -> Equipment:
        found = next((e for e in self.equipment if e.id == equipment_id), None)
        if found is None:
            raise EquipmentNotFoundError.at("equipment_id", "not_found")
        return found

    def update_equipment(self, item: Equipment, *, today: date) -> None:
        old = self.equipment_item(item.id)
        check_equipment(item, today=today)
        self.equipment[self.equipment.index(old)] = item
        self._changed("equipment")

    def remove_equipment(self, equipment_id: str) -> None:
        """Written off: the item leaves the record."""
        self.equipment.remove(self.equipment_item(equipment_id))
        self._changed("equipment")

    def add_equipment(self, item: Equipment, *, today: date) -> None:
        check_equipment(item, today=today)
        self.equipment.append(item)
        self._changed("equipment")

    def set_management(
        self, *, head: Head | None, founders: list[str] | None, head_snils: str | None = None
    ) -> None:
        p = Problems()
        if head_snils is not None:
            p.snils("head.snils", head_snils)
        if head is not None:
            p.person_name("head.last_name", head.name.last, required=True)
            p.person_name("head.first_name", head.name.first, required=True)
            p.person_name("head.middle_name", head.name.middle, required=False)
            p.text("head.position", head.position)
        for i, founder in enumerate(founders or []):
            p.text(f"founders.{i}", founder)
        p.raise_if_any()
        sections = []
        if head is not None:
            if head_snils is not None:
                self.head_snils = normalize_snils(head_snils)
            elif head.name != (self.head.name if self.head else None):
                self.head_snils = None  # another person, their SNILS not given: none signs
            self.head = head
            sections.append("head")
        if founders is not None:
            self.founders = [f.strip() for f in founders]
            sections.append("founders")
        self._changed(*sections)
