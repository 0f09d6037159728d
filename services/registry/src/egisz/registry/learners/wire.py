"""The register of students and graduates on the wire: rows in, views and events out. No
rules here."""

from __future__ import annotations

from pydantic import BaseModel

from egisz.contracts import registry as wire, subjects
from egisz.registry.domain.people import Contacts, FullName
from egisz.registry.learners.domain.learner import (
    Learner,
    LearnerHold,
    LearnerRecorded,
    Study,
    StudyStatus,
)
from egisz.registry.learners.usecases import LearnerLine, LearnerOutcome
from egisz.runtime.events import FormTable


def learner_line(row: wire.LearnerRow, organization: wire.EducationalOrganization) -> LearnerLine:
    return LearnerLine(
        row=row.row,
        snils=row.snils,
        name=FullName(row.last_name, row.first_name, row.middle_name),
        birth_date=row.birth_date,
        study=Study(
            organization_ogrn=organization.ogrn,
            organization_name=" ".join(organization.name.split()),
            programme_code=row.programme_code,
            speciality=row.speciality,
            level=row.level,
            status=StudyStatus(row.status),
            started_on=row.started_on,
            graduated_on=row.graduated_on,
            diploma_number=row.diploma_number,
            speciality_code=row.speciality_code or None,  # read through the book by the use case
        ),
        contacts=Contacts(email=row.email, phone=row.phone),
    )


def row_result(o: LearnerOutcome) -> wire.LearnerRowResult:
    return wire.LearnerRowResult(
        row=o.row,
        outcome=o.outcome,
        learner_id=o.learner_id,
        errors=[
            wire.ImportRowError(field=p.field, message=p.message, code=p.code) for p in o.problems
        ],
    )


def _study(s: Study) -> wire.Study:
    return wire.Study(
        organization_ogrn=s.organization_ogrn,
        organization_name=s.organization_name,
        programme_code=s.programme_code,
        speciality=s.speciality,
        speciality_code=s.speciality_code,
        level=s.level,
        status=s.status.value,
        started_on=s.started_on,
        graduated_on=s.graduated_on,
        diploma_number=s.diploma_number,
    )


def _person(x: Learner) -> dict[str, object]:
    return {
        "learner_id": x.id,
        "snils": x.snils,
        "last_name": x.name.last,
        "first_name": x.name.first,
        "middle_name": x.name.middle,
        "birth_date": x.birth_date,
        "studies": [_study(s) for s in x.studies],
        "email": x.contacts.email,
        "phone": x.contacts.phone,
    }


def learner_view(x: Learner) -> wire.LearnerView:
    return wire.LearnerView.model_validate({**_person(x), "version": x.version})


def _recorded(e: LearnerRecorded) -> tuple[str, BaseModel]:
    x = e.learner
    return x.id, wire.LearnerRecorded.model_validate({**_person(x), "record_version": x.version})


LEARNER_EVENTS: FormTable = {LearnerRecorded: (subjects.LEARNER_RECORDED, _recorded)}
"""The register of learners' domain events → their subjects and wire forms."""


def hold_view(h: LearnerHold) -> wire.LearnerHold:
    s = h.study
    return wire.LearnerHold(
        hold_id=h.id,
        organization=wire.EducationalOrganization(
            ogrn=s.organization_ogrn, name=s.organization_name
        ),
        row=wire.LearnerRow(
            row=h.row,
            snils=h.snils,
            last_name=h.name.last,
            first_name=h.name.first,
            middle_name=h.name.middle,
            birth_date=h.birth_date,
            **_study(s).model_dump(exclude={"organization_ogrn", "organization_name"}),
            email=h.contacts.email,
            phone=h.contacts.phone,
        ),
        held_at=h.held_at,
        reason=h.reason,
    )
