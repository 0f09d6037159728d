"""FRMO rules on the aggregates: requisites named field by field, the request's statuses, the
organization's OIDs; scans recognised by content."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

import pytest

from egisz.kernel.errors import InvalidInputError
from egisz.registry.domain.people import Address, FullName
from egisz.registry.frmo.domain.errors import (
    EquipmentNotFoundError,
    FileRefusedError,
    IllegalTransitionError,
    LicenceNotFoundError,
    SubdivisionNotFoundError,
)
from egisz.registry.frmo.domain.files import check_scan
from egisz.registry.frmo.domain.organization import (
    Application,
    OrganizationChanged,
    OrganizationRegistered,
    RegistrationRequest,
    RequestStatus,
)
from egisz.registry.frmo.domain.request_documents import DocumentKind, Scan, required_scans
from egisz.registry.frmo.domain.requisites import (
    LegalForm,
    Licence,
    OrganizationType,
    Requisites,
    ResponsibleEmployee,
    organization_oid,
)
from egisz.registry.frmo.domain.signatories import RequestHead
from egisz.registry.frmo.domain.structure import Equipment
from egisz.testsupport.harness import image_bytes, pdf_bytes

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
REQUISITES = Requisites(
    name="ГБУЗ «Городская поликлиника № 1»",
    ogrn="1027700132195",
    inn="7707083893",
    kpp="773601001",
    okpo="00032537",
    legal_address=Address("101000", "Москва, Мясницкая, 1"),
    phone="+7 (495) 123-45-67",
    email="Info@Clinic.ru",
)
LICENCE = Licence(
    "ЛО-77-01-000001", date(2020, 1, 1), None, ("первичная медико-санитарная помощь",)
)
EMPLOYEE = ResponsibleEmployee(FullName("Кадрова", "Ольга"), "112-233-445 95", "hr@clinic.ru")
HEAD = RequestHead(FullName("Главврачова", "Анна", "Петровна"), "главный врач", "112-233-445 95")
SCANS = [
    Scan(f"f{i}", kind, f"{kind}.pdf", "application/pdf", 1000)
    for i, kind in enumerate(DocumentKind)
]


def application(**changes: Any) -> Application:
    fields: dict[str, Any] = {
        "type": OrganizationType.MEDICAL,
        "requisites": REQUISITES,
        "licences": [LICENCE],
        "employees": [EMPLOYEE],
        "scans": SCANS,
        "head": HEAD,
        **changes,
    }
    return Application(**fields)


def submitted() -> RegistrationRequest:
    request = RegistrationRequest.submit(
        request_id="r1", applicant="u1", application=application(), now=NOW
    )
    request.events.clear()
    return request


def problems(caught: pytest.ExceptionInfo[InvalidInputError]) -> dict[str, str]:
    return {p.field: p.code for p in caught.value.fields}


def test_a_complete_request_is_accepted_with_normalized_requisites() -> None:
    request = RegistrationRequest.submit(
        request_id="r1", applicant="u1", application=application(), now=NOW
    )
    assert request.status is RequestStatus.ACCEPTED
    assert request.application.requisites.phone == "4951234567"
    assert request.application.requisites.email == "info@clinic.ru"
    assert request.application.employees[0].snils == "11223344595"
    assert [e.transition.status for e in request.events] == [RequestStatus.ACCEPTED]  # type: ignore[union-attr]


def test_every_wrong_requisite_is_named() -> None:
    wrong = Requisites(
        name=" ",
        ogrn="1027700132196",
        inn="7707083894",
        kpp="77360100",
        okpo="00032538",
        legal_address=Address(None, "Москва"),
        phone="12345",
        email="info@",
    )
    with pytest.raises(InvalidInputError) as caught:
        application(requisites=wrong).checked(NOW.date())
    assert problems(caught) == {
        "requisites.name": "missing",
        "requisites.ogrn": "checksum",
        "requisites.inn": "checksum",
        "requisites.kpp": "format",
        "requisites.okpo": "checksum",
        "requisites.legal_address.postcode": "missing",
        "requisites.phone": "format",
        "requisites.email": "format",
    }


def test_a_medical_organization_brings_its_licence_and_the_four_required_scans() -> None:
    with pytest.raises(InvalidInputError) as caught:
        application(licences=[], scans=SCANS[:1]).checked(NOW.date())
    assert problems(caught) == {"licences": "missing", "scans": "missing"}
    assert len(caught.value.fields) == 4  # three scans missing, each named
    constituent = [
        s for s in SCANS if s.kind in ("charter", "registration_certificate", "head_appointment")
    ]
    research = application(type=OrganizationType.RESEARCH, licences=[], scans=constituent)
    assert research.checked(NOW.date()).licences == []


def test_each_responsible_employee_has_their_own_email() -> None:
    twin = ResponsibleEmployee(FullName("Иванов", "Иван"), "123-456-789 64", "HR@clinic.ru")
    with pytest.raises(InvalidInputError) as caught:
        application(employees=[EMPLOYEE, twin]).checked(NOW.date())
    assert problems(caught) == {"employees.1.email": "duplicate"}


def test_the_request_walks_its_statuses_and_approval_creates_the_organization() -> None:
    request = submitted()
    request.request_clarification(actor="op", now=NOW, reason="Нечитаемый скан устава")
    request.resubmit(application(), actor="u1", now=NOW, comment="Заменили скан")
    request.check_documents(actor="op", now=NOW)
    organization = request.approve(actor="op", now=NOW, oid=organization_oid("77", 5))
    assert [t.status for t in request.history] == [
        RequestStatus.ACCEPTED,
        RequestStatus.CLARIFICATION_REQUESTED,
        RequestStatus.RESUBMITTED,
        RequestStatus.DOCUMENTS_CHECKED,
        RequestStatus.APPROVED,
    ]
    assert request.history[1].reason == "Нечитаемый скан устава"
    assert organization.oid == "1.2.643.5.1.13.13.12.2.77.5"
    assert isinstance(organization.events[0], OrganizationRegistered)


@pytest.mark.parametrize(
    ("moves", "refused"),
    [
        ([], "approve"),  # documents are checked first
        (["reject"], "check"),  # a rejected request is final
        ([], "resubmit"),  # only after a clarification request
    ],
)
def test_an_illegal_transition_is_refused_and_changes_nothing(
    moves: list[str], refused: str
) -> None:
    request = submitted()
    steps = {
        "reject": lambda: request.reject(actor="op", now=NOW, reason="Нет лицензии"),
        "check": lambda: request.check_documents(actor="op", now=NOW),
        "approve": lambda: request.approve(actor="op", now=NOW, oid="1.2.643"),
        "resubmit": lambda: request.resubmit(application(), actor="u1", now=NOW, comment=None),
    }
    for move in moves:
        steps[move]()
    status, history = request.status, list(request.history)
    with pytest.raises(IllegalTransitionError):
        steps[refused]()
    assert (request.status, request.history) == (status, history)


def test_a_rejection_and_a_clarification_say_why() -> None:
    request = submitted()
    with pytest.raises(InvalidInputError) as caught:
        request.reject(actor="op", now=NOW, reason=" ")
    assert problems(caught) == {"reason": "missing"}


def test_subdivisions_get_oids_under_the_organization_and_changes_are_events() -> None:
    request = submitted()
    request.check_documents(actor="op", now=NOW)
    organization = request.approve(actor="op", now=NOW, oid=organization_oid("77", 1))
    organization.events.clear()
    first = organization.add_subdivision(name="Терапевтическое отделение", kind="отделение")
    second = organization.add_subdivision(name="Хирургия", kind="отделение")
    organization.set_beds(first.oid, "терапевтические", 30, today=NOW.date())
    organization.add_equipment(
        Equipment("e1", "МРТ", "Siemens Magnetom", "SN-1", date(2021, 3, 1)), today=NOW.date()
    )
    assert (first.oid, second.oid) == (
        "1.2.643.5.1.13.13.12.2.77.1.0.1",
        "1.2.643.5.1.13.13.12.2.77.1.0.2",
    )
    assert organization.subdivisions[0].beds == {"терапевтические": 30}
    assert [e.sections for e in organization.events if isinstance(e, OrganizationChanged)] == [
        ("subdivisions",),
        ("equipment",),
    ]


def test_parts_of_the_organization_are_edited_closed_and_removed() -> None:
    request = submitted()
    request.check_documents(actor="op", now=NOW)
    organization = request.approve(actor="op", now=NOW, oid=organization_oid("77", 1))
    today = NOW.date()
    surgery = organization.add_subdivision(name="Хирургия", kind="отделение")
    organization.set_beds(surgery.oid, "хирургические", 20, today=today)
    organization.set_beds(surgery.oid, "хирургические", 0, today=today)  # 0 removes a profile
    organization.rename_subdivision(surgery.oid, name="Хирургическое отделение", kind="отделение")
    organization.close_subdivision(surgery.oid, closed_on=today, today=today)
    closed = organization.subdivision(surgery.oid)
    assert (closed.name, closed.beds, closed.closed_on) == ("Хирургическое отделение", {}, today)
    with pytest.raises(SubdivisionNotFoundError):  # closed: no beds any more
        organization.set_beds(surgery.oid, "хирургические", 5, today=today)
    with pytest.raises(InvalidInputError) as caught:
        organization.close_subdivision(surgery.oid, closed_on=today, today=today)
    assert problems(caught) == {"subdivision_oid": "already_closed"}
    again = organization.add_subdivision(name="Травматология", kind="отделение")
    assert again.oid.endswith(".0.2"), "a closed subdivision's OID is never given again"

    mri = Equipment("e1", "МРТ", "Siemens Magnetom", "SN-1", date(2021, 3, 1))
    organization.add_equipment(mri, today=today)
    with pytest.raises(InvalidInputError) as caught:
        organization.update_equipment(
            Equipment("e1", "МРТ", " ", "SN-1", mri.commissioned_on), today=today
        )
    assert problems(caught) == {"model": "missing"}
    organization.update_equipment(
        Equipment("e1", "МРТ", "Magnetom Vida", "SN-1", mri.commissioned_on), today=today
    )
    assert organization.equipment[0].model == "Magnetom Vida"
    organization.remove_equipment("e1")
    with pytest.raises(EquipmentNotFoundError):
        organization.remove_equipment("e1")

    organization.remove_licence(LICENCE.number)
    assert organization.licences == []
    with pytest.raises(LicenceNotFoundError):
        organization.remove_licence(LICENCE.number)


PDF = pdf_bytes(padding=500)
PNG = image_bytes("PNG")
JPEG = image_bytes("JPEG")


@pytest.mark.parametrize(
    ("content", "mime"), [(PDF, "application/pdf"), (PNG, "image/png"), (JPEG, "image/jpeg")]
)
def test_scans_are_recognised_by_their_content(content: bytes, mime: str) -> None:
    assert (
        check_scan(size=len(content), head=content[:262], max_bytes=5 * 2**20, content=content)
        == mime
    )


@pytest.mark.parametrize(
    "content",
    [
        b"\x89PNG\r\n\x1a\n<script>alert(1)</script>" + b"0" * 500,
        b"\xff\xd8\xff\xe0<html>" + b"0" * 500,
        PNG[:-30],
    ],
)
def test_an_image_is_decoded_whole_not_judged_by_its_first_bytes(content: bytes) -> None:
    with pytest.raises(FileRefusedError) as caught:
        check_scan(size=len(content), head=content[:262], max_bytes=5 * 2**20, content=content)
    assert [p.code for p in caught.value.fields] == ["unreadable_image"]


@pytest.mark.parametrize(
    ("content", "size", "code"),
    [
        (b"just text pretending to be a pdf", 31, "content_type"),
        (b"GIF89a" + b"0" * 100, 106, "content_type"),
        (PDF, 6 * 2**20, "too_large"),
        (b"", 0, "empty"),
    ],
)
def test_other_files_are_refused_with_the_reason(content: bytes, size: int, code: str) -> None:
    with pytest.raises(FileRefusedError) as caught:
        check_scan(size=size, head=content, max_bytes=5 * 2**20)
    assert [p.code for p in caught.value.fields] == [code]


def test_organization_names_are_searched_by_their_words_in_any_case() -> None:
    from egisz.registry.domain.words import name_words

    assert name_words('ГБУЗ "ГКБ № 1 им. С.П. Боткина" ДЗМ') == [
        "гбуз", "гкб", "1", "им", "с", "п", "боткина", "дзм",
    ]  # fmt: skip
    assert name_words("Клиника «Зелёный Дом» — ёлка") == ["клиника", "зеленый", "дом", "елка"]
    assert name_words(" «» № ") == []


# --- licences in force (seed 003: the support desk «проверяет их актуальность») ---------------
def test_a_request_with_a_lapsed_licence_is_refused_naming_it() -> None:
    old = Licence("ЛО-77-01-000002", date(2015, 1, 1), date(2020, 1, 1), ("стоматология",))
    with pytest.raises(InvalidInputError) as caught:
        RegistrationRequest.submit(
            request_id="r1",
            applicant="u1",
            application=application(licences=[LICENCE, old]),
            now=NOW,
        )
    assert problems(caught) == {"licences.1.valid_until": "expired"}


def test_a_licence_that_lapsed_while_the_request_waited_stops_the_approval() -> None:
    from egisz.registry.frmo.domain.errors import LicenceExpiredError

    ends = Licence("ЛО-77-01-000003", date(2020, 1, 1), date(2026, 12, 31), ("терапия",))
    request = RegistrationRequest.submit(
        request_id="r1", applicant="u1", application=application(licences=[ends]), now=NOW
    )
    request.check_documents(actor="stp", now=NOW)
    later = datetime(2027, 1, 10, tzinfo=UTC)
    with pytest.raises(LicenceExpiredError) as caught:
        request.approve(actor="stp", now=later, oid="1.2.643.5.1.13.13.12.2.77.1")
    assert [(f.field, f.code) for f in caught.value.fields] == [
        ("licences.0.valid_until", "expired")
    ]
    assert request.status is RequestStatus.DOCUMENTS_CHECKED, "nothing changed"
    request.request_clarification(actor="stp", now=later, reason="Лицензия истекла 31.12.2026")


def test_a_licence_added_later_is_checked_under_its_own_field() -> None:
    organization = submitted()
    organization.check_documents(actor="stp", now=NOW)
    org = organization.approve(actor="stp", now=NOW, oid="1.2.643.5.1.13.13.12.2.77.1")
    old = Licence("ЛО-1", date(2015, 1, 1), date(2020, 1, 1), ())
    with pytest.raises(InvalidInputError) as caught:
        org.add_licence(old, today=NOW.date())
    assert problems(caught) == {
        "add_licence.valid_until": "expired",
        "add_licence.activities": "missing",
    }


def test_an_organization_whose_every_licence_lapsed_is_flagged_in_its_views() -> None:
    from egisz.registry.frmo.domain.organization import Organization
    from egisz.registry.frmo.wire import organization_summary, organization_view

    ended = Licence("ЛО-77-01-000004", date(2015, 1, 1), date(2020, 1, 1), ("терапия",))
    lapsed = Organization("1.2.643.9", OrganizationType.MEDICAL, REQUISITES, [ended], NOW)
    assert organization_view(lapsed).lapsed_licences == ["ЛО-77-01-000004"]
    assert organization_summary(lapsed, contacts=False).licence_in_force is False
    renewed = Organization("1.2.643.9", OrganizationType.MEDICAL, REQUISITES, [ended, LICENCE], NOW)
    assert organization_summary(renewed, contacts=False).licence_in_force is True
    none = Organization("1.2.643.9", OrganizationType.INSURANCE, REQUISITES, [], NOW)
    assert organization_summary(none, contacts=False).licence_in_force is None


# --- sole proprietors and the documents each applicant attaches (seed 003) --------------------
IP_REQUISITES = Requisites(
    name="ИП Зубова Мария Петровна",
    ogrn="304770116000156",  # ОГРНИП
    inn="500100123426",  # personal, 12 digits
    kpp=None,
    okpo="0123456789",
    legal_address=Address("101000", "Москва, Тверская, 7"),
    phone="+7 (495) 765-43-21",
    email="zubova@clinic.ru",
    legal_form=LegalForm.INDIVIDUAL_ENTREPRENEUR,
)


def ip_scans(*kinds: DocumentKind) -> list[Scan]:
    return [Scan(f"f{i}", k, f"{k}.pdf", "application/pdf", 1000) for i, k in enumerate(kinds)]


def test_a_sole_proprietor_applies_with_ogrnip_a_personal_inn_and_no_kpp() -> None:
    request = RegistrationRequest.submit(
        request_id="r1",
        applicant="u1",
        application=application(
            requisites=IP_REQUISITES,
            scans=ip_scans(DocumentKind.REGISTRATION_CERTIFICATE, DocumentKind.LICENCE),
        ),
        now=NOW,
    )
    request.check_documents(actor="stp", now=NOW)
    organization = request.approve(actor="stp", now=NOW, oid=organization_oid("50", 1))
    assert organization.requisites.legal_form is LegalForm.INDIVIDUAL_ENTREPRENEUR
    assert organization.requisites.kpp is None


def test_each_legal_form_is_held_to_its_own_numbers() -> None:
    as_entity = replace(IP_REQUISITES, legal_form=LegalForm.LEGAL_ENTITY)
    with pytest.raises(InvalidInputError) as caught:
        application(requisites=as_entity).checked(NOW.date())
    assert problems(caught) == {
        "requisites.ogrn": "format",
        "requisites.inn": "format",
        "requisites.kpp": "missing",
        "requisites.okpo": "format",
    }
    as_ip = replace(REQUISITES, legal_form=LegalForm.INDIVIDUAL_ENTREPRENEUR)
    with pytest.raises(InvalidInputError) as caught:
        application(requisites=as_ip).checked(NOW.date())
    assert set(problems(caught)) >= {
        "requisites.ogrn",
        "requisites.inn",
        "requisites.kpp",
        "requisites.okpo",
    }


def test_the_documents_required_depend_on_the_legal_form_and_the_type() -> None:
    with pytest.raises(InvalidInputError) as caught:
        application(
            scans=ip_scans(DocumentKind.CHARTER, DocumentKind.REGISTRATION_CERTIFICATE)
        ).checked(NOW.date())
    assert [p.message for p in caught.value.fields] == [
        "Приложите скан: приказ о назначении руководителя",
        "Приложите скан: лицензия",
    ]
    with pytest.raises(InvalidInputError) as caught:
        application(
            requisites=IP_REQUISITES,
            scans=ip_scans(
                DocumentKind.REGISTRATION_CERTIFICATE, DocumentKind.LICENCE, DocumentKind.CHARTER
            ),
        ).checked(NOW.date())
    assert problems(caught) == {"scans.2.kind": "not_applicable"}
    assert required_scans(LegalForm.LEGAL_ENTITY, OrganizationType.INSURANCE) == {
        DocumentKind.REGISTRATION_CERTIFICATE,
        DocumentKind.CHARTER,
        DocumentKind.HEAD_APPOINTMENT,
    }
