"""An organization's place in the health system, as FRMO records it and a directory shows it:
where it works (its actual address, with coordinates where known), its type in the nomenclature
of medical organizations, its branches (each with its address and parent), its affiliations with
other organizations, and its information systems' endpoints. The values, their checks, and the
part of the organization record that changes them (`OrganizationNetwork`). Pure."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

from egisz.registry.domain.checks import Problems
from egisz.registry.domain.people import Address
from egisz.registry.frmo.domain.errors import (
    AffiliationNotFoundError,
    BranchNotFoundError,
    EndpointNotFoundError,
)

ENDPOINTS_MAX = 20
BRANCHES_MAX = 500


@dataclass(frozen=True)
class Site:
    address: Address
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class InstitutionType:
    """A type in the nomenclature of medical organizations (its book's code and name)."""

    code: str
    name: str


@dataclass(frozen=True)
class Branch:
    oid: str
    name: str
    site: Site
    parent_oid: str  # the organization, or another of its branches
    closed_on: date | None = None  # kept, not removed: its OID is never given to another

    def open_on(self, day: date) -> bool:
        return self.closed_on is None or self.closed_on > day


class AffiliationRole(StrEnum):
    CLINICAL_BASE = "clinical_base"  # клиническая база образовательной организации
    SUBORDINATE = "subordinate"  # подведомственная учредителю организация

    @property
    def label(self) -> str:
        return {
            AffiliationRole.CLINICAL_BASE: "Клиническая база",
            AffiliationRole.SUBORDINATE: "Подведомственная организация",
        }[self]


@dataclass(frozen=True)
class Affiliation:
    id: str
    primary_oid: str  # the university, the founder
    role: AffiliationRole
    start: date
    end: date | None = None

    def active_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or self.end >= day)


@dataclass(frozen=True)
class InformationSystem:
    """An endpoint of one of the organization's information systems."""

    id: str
    name: str
    address: str  # its URL
    connection: str  # FHIR's endpoint connection type: hl7-fhir-rest, ihe-xds, …
    active: bool = True


def check_site(p: Problems, site: Site, at: str) -> None:
    p.text(f"{at}.text", site.address.text)
    if site.address.postcode is not None and len(site.address.postcode) != 6:
        p.add(f"{at}.postcode", "Почтовый индекс — 6 цифр", "format")
    if (site.latitude is None) != (site.longitude is None):
        missing = "longitude" if site.longitude is None else "latitude"
        p.add(f"{at}.{missing}", "Координаты задаются парой: широта и долгота", "missing")


class OrganizationNetwork:
    """The organization record's part that keeps its sites and links (`organization.py`
    declares the fields; each change is the record's `OrganizationChanged` with its section)."""

    oid: str
    actual_site: Site | None
    institution_type: InstitutionType | None
    branches: list[Branch]
    affiliations: list[Affiliation]
    information_systems: list[InformationSystem]

    def _changed(self, *sections: str) -> None:
        raise NotImplementedError

    def set_profile(self, *, site: Site | None, institution_type: InstitutionType | None) -> None:
        p = Problems()
        if site is not None:
            check_site(p, site, "actual_address")
        if site is None and institution_type is None:
            p.add("actual_address", "Укажите фактический адрес или тип учреждения", "missing")
        p.raise_if_any()
        if site is not None:
            self.actual_site = site
        if institution_type is not None:
            self.institution_type = institution_type
        self._changed("profile")

    def branch(self, oid: str, *, field: str = "branch_oid") -> Branch:
        found = next((b for b in self.branches if b.oid == oid), None)
        if found is None:
            raise BranchNotFoundError.at(field, "not_found")
        return found

    def add_branch(self, *, name: str, site: Site, parent_oid: str | None, today: date) -> Branch:
        p = Problems()
        p.text("name", name)
        check_site(p, site, "address")
        if len(self.branches) >= BRANCHES_MAX:
            p.add("name", f"Филиалов у организации — не больше {BRANCHES_MAX}", "too_many")
        p.raise_if_any()
        parent = parent_oid or self.oid
        if parent != self.oid and not self.branch(parent, field="parent_oid").open_on(today):
            raise BranchNotFoundError.at("parent_oid", "closed")
        made = Branch(f"{self.oid}.1.{len(self.branches) + 1}", name.strip(), site, parent)
        self.branches.append(made)
        self._changed("branches")
        return made

    def update_branch(self, oid: str, *, name: str, site: Site) -> None:
        p = Problems()
        p.text("name", name)
        check_site(p, site, "address")
        p.raise_if_any()
        old = self.branch(oid)
        self.branches[self.branches.index(old)] = replace(old, name=name.strip(), site=site)
        self._changed("branches")

    def close_branch(self, oid: str, *, closed_on: date, today: date) -> None:
        old = self.branch(oid)
        p = Problems()
        if old.closed_on is not None:
            p.add("branch_oid", "Филиал уже закрыт", "already_closed")
        if closed_on > today + timedelta(days=366):
            p.add("closed_on", "Дата закрытия — не дальше года вперёд", "too_far")
        p.raise_if_any()
        self.branches[self.branches.index(old)] = replace(old, closed_on=closed_on)
        self._changed("branches")

    def add_affiliation(self, affiliation: Affiliation) -> Affiliation:
        p = Problems()
        if affiliation.primary_oid == self.oid:
            p.add("primary_oid", "Укажите другую организацию, не свою", "own")
        if affiliation.end is not None and affiliation.end < affiliation.start:
            p.add("end_date", "Окончание — не раньше начала", "before_start")
        same = [
            a
            for a in self.affiliations
            if (a.primary_oid, a.role) == (affiliation.primary_oid, affiliation.role)
            and (a.end is None or a.end >= affiliation.start)
        ]
        if same:
            p.add("primary_oid", "Такая связь с этой организацией уже действует", "duplicate")
        p.raise_if_any()
        self.affiliations.append(affiliation)
        self._changed("affiliations")
        return affiliation

    def end_affiliation(self, affiliation_id: str, *, end: date) -> None:
        old = next((a for a in self.affiliations if a.id == affiliation_id), None)
        if old is None:
            raise AffiliationNotFoundError.at("affiliation_id", "not_found")
        if end < old.start:
            p = Problems()
            p.add("end_date", "Окончание — не раньше начала", "before_start")
            p.raise_if_any()
        self.affiliations[self.affiliations.index(old)] = replace(old, end=end)
        self._changed("affiliations")

    def set_information_system(self, system: InformationSystem) -> InformationSystem:
        p = Problems()
        p.text("name", system.name)
        known = [s for s in self.information_systems if s.id == system.id]
        if not known and len(self.information_systems) >= ENDPOINTS_MAX:
            p.add("name", f"Адресов систем — не больше {ENDPOINTS_MAX}", "too_many")
        p.raise_if_any()
        if known:
            self.information_systems[self.information_systems.index(known[0])] = system
        else:
            self.information_systems.append(system)
        self._changed("endpoints")
        return system

    def remove_information_system(self, system_id: str) -> None:
        found = next((s for s in self.information_systems if s.id == system_id), None)
        if found is None:
            raise EndpointNotFoundError.at("endpoint_id", "not_found")
        self.information_systems.remove(found)
        self._changed("endpoints")
