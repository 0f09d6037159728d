"""What an organization's staff is narrowed to by the reference books' codes: a job there in a
position, a speciality the person practises in. One rule both repositories hold to. Pure."""

from __future__ import annotations

from dataclasses import dataclass

from egisz.registry.frmr.domain.model import Worker


def position_keys(w: Worker) -> list[str]:
    """`<organization OID>|<position code>` of every coded job, past ones included."""
    keys = (f"{e.organization_oid}|{e.position_code}" for e in w.employments if e.position_code)
    return list(dict.fromkeys(keys))


def speciality_codes(w: Worker) -> list[str]:
    """The specialities' book's codes the person practises in (accreditations, certificates),
    as FHIR's `PractitionerRole.specialty` shows them."""
    codes = [a.speciality_code for a in w.accreditations]
    codes += [c.speciality_code for c in w.certificates]
    return list(dict.fromkeys(c for c in codes if c))


@dataclass(frozen=True)
class StaffCodes:
    position_code: str | None = None  # the positions' book: a job at the organization
    speciality_code: str | None = None  # the specialities' book: an accreditation or certificate

    def hold_for(self, w: Worker, org: str) -> bool:
        return (
            org in w.organizations
            and (not self.position_code or f"{org}|{self.position_code}" in position_keys(w))
            and (not self.speciality_code or self.speciality_code in speciality_codes(w))
        )


NO_CODES = StaffCodes()
