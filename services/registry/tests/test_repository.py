"""One suite, two backends: the registry's unit of work on the in-memory fake and on MongoDB."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from egisz.contracts.envelope import Role
from egisz.kernel.errors import InvalidInputError
from egisz.registry.domain.people import Address, FullName, PersonalData
from egisz.registry.frmo.domain.search import OrganizationCriteria as Criteria
from egisz.registry.frmr import corrections, queries, usecases
from egisz.registry.frmr.domain.correction import CorrectionFix, CorrectionStatus
from egisz.registry.frmr.domain.errors import (
    CertificateAlreadyRecordedError,
    WorkerAlreadyRegisteredError,
)
from egisz.registry.frmr.domain.model import Worker
from egisz.registry.frmr.domain.parts import (
    Certificate,
    DuplicateDecision,
    EducationLevel,
    EmploymentKind,
    EntryKind,
    ReviewStatus,
    RevisionAction,
)
from egisz.registry.repository import (
    FakeRegistryUnitOfWork,
    MongoRegistryUnitOfWork,
    RegistryUnitOfWork,
)
from egisz.registry.storage import INDEXES
from egisz.registry.wire import to_wire
from egisz.runtime.events import Cause
from egisz.runtime.mongo import OUTBOX, Mongo, MongoUnitOfWork

from .conftest import grant_access

pytestmark = pytest.mark.integration

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
ORG = "1.2.643.5.1.13.13.12.2.77.1"
OFFICER_SNILS = "12345678964"
OFFICER = usecases.Caller(Role.ORG_OFFICER, "officer", org=ORG, snils=OFFICER_SNILS)
ANNA = usecases.NewWorker(
    "112-233-445 95", PersonalData(FullName("Петрова", "Анна"), date(1985, 4, 12))
)

UowFactory = Callable[[], RegistryUnitOfWork]


def clock() -> datetime:
    return NOW


@pytest.fixture(params=["fake", "mongo"])
async def make_uow(request: pytest.FixtureRequest) -> AsyncIterator[UowFactory]:
    if request.param == "fake":
        fake = FakeRegistryUnitOfWork()
        await grant_access(fake, ORG, OFFICER_SNILS)
        yield lambda: fake
        return
    mongo = Mongo(request.getfixturevalue("mongo_url"), request.getfixturevalue("database_name"))
    await mongo.ensure_indexes(INDEXES)
    await grant_access(mongo_uow(mongo), ORG, OFFICER_SNILS)
    yield lambda: mongo_uow(mongo)
    await mongo.client.drop_database(mongo.db.name)
    await mongo.close()


def mongo_uow(mongo: Mongo) -> MongoRegistryUnitOfWork:
    return MongoRegistryUnitOfWork(MongoUnitOfWork(mongo), lambda e: to_wire(e, Cause("c1")))


def snils(n: int) -> str:
    from egisz.registry.domain.identifiers import snils_check_number

    first = f"{100_000_000 + n:09d}"
    return f"{first}{snils_check_number(first):02d}"


async def register(make_uow: UowFactory, new: usecases.NewWorker = ANNA) -> Worker:
    return await usecases.register_worker(make_uow(), new, caller=OFFICER, clock=clock)


async def test_a_registered_worker_can_be_found_by_id_and_by_snils(make_uow: UowFactory) -> None:
    worker = await register(make_uow)
    by_id = await usecases.find_worker(make_uow(), worker_id=worker.id, snils=None)
    by_snils = await usecases.find_worker(make_uow(), worker_id=None, snils="112-233-445 95")
    assert by_id == by_snils
    assert by_id.name.last == "Петрова"
    assert by_id.personal.birth_date == date(1985, 4, 12)
    assert by_id.version == 1


async def test_one_record_per_snils(make_uow: UowFactory) -> None:
    await register(make_uow)
    with pytest.raises(WorkerAlreadyRegisteredError):
        await register(make_uow, usecases.NewWorker(ANNA.snils, ANNA.personal))


async def test_the_whole_record_survives_a_round_trip(make_uow: UowFactory) -> None:
    worker = await register(make_uow)
    async with make_uow() as uow:  # the job's subdivision must be one of the organization's
        organization = await uow.organizations.get(ORG)
        assert organization is not None
        organization.add_subdivision(name="Терапия", kind="отделение")
        await uow.organizations.save(organization)
        await uow.commit()
    await usecases.start_employment(
        make_uow(),
        OFFICER,
        worker_id=worker.id,
        clock=clock,
        job=usecases.NewEmployment(
            None, f"{ORG}.0.1", "Врач", Decimal("0.75"), EmploymentKind.MAIN, date(2020, 2, 3)
        ),
    )
    await usecases.add_education(
        make_uow(),
        OFFICER,
        worker_id=worker.id,
        clock=clock,
        item=usecases.NewEducation(
            EducationLevel.ADVANCED_TRAINING, "РМАНПО", "терапия", "N-1", date(2024, 3, 1), 144
        ),
    )
    loaded = await usecases.find_worker(make_uow(), worker_id=worker.id, snils=None)
    assert loaded.employments[0].rate == Decimal("0.75")
    assert loaded.employments[0].subdivision_oid == f"{ORG}.0.1"
    assert loaded.education[0].hours == 144
    assert loaded.version == 3


async def test_a_likely_duplicate_is_found_by_name_and_birth_date_whatever_the_case(
    make_uow: UowFactory,
) -> None:
    anna = await register(make_uow)
    twin = await register(
        make_uow,
        usecases.NewWorker(snils(7), PersonalData(FullName("ПЕТРОВА", "анна"), date(1985, 4, 12))),
    )
    assert twin.review is ReviewStatus.IN_REVIEW
    assert twin.similar_to == (anna.id,)
    await usecases.resolve_duplicate(
        make_uow(), OFFICER, worker_id=twin.id, decision=DuplicateDecision.DUPLICATE, comment=None
    )
    with pytest.raises(Exception, match="не найден"):
        await usecases.find_worker(make_uow(), worker_id=twin.id, snils=None)


async def test_staff_pages_follow_a_stable_cursor(make_uow: UowFactory) -> None:
    ids = []
    for n in range(5):
        person = PersonalData(FullName("Иванов", "Иван"), date(1970, 1, n + 1))
        ids.append((await register(make_uow, usecases.NewWorker(snils(n), person))).id)
    seen: list[str] = []
    after = None
    while True:
        page = await queries.staff_page(
            make_uow(), OFFICER, organization_oid=None, after=after, limit=2, clock=clock
        )
        seen += [w.id for w in page.workers]
        if page.next_cursor is None:
            break
        after = page.next_cursor
    assert seen == sorted(ids)


async def test_staff_is_narrowed_by_a_positions_code_alike_in_both_stores(
    make_uow: UowFactory,
) -> None:
    from egisz.registry.frmr.domain.staff_search import StaffCodes

    ids = []
    for n, code in enumerate(("109", "110", None)):
        person = PersonalData(FullName("Кодова", "Анна"), date(1980, 1, n + 1))
        worker = await register(make_uow, usecases.NewWorker(snils(40 + n), person))
        job = usecases.NewEmployment(
            None,
            None,
            "Врач",
            Decimal(1),
            EmploymentKind.MAIN,
            date(2020, 1, 1),
            position_code=code,
        )
        await usecases.start_employment(
            make_uow(), OFFICER, worker_id=worker.id, job=job, clock=clock
        )
        ids.append(worker.id)

    async def found(codes: StaffCodes) -> list[str]:
        page = await queries.staff_page(
            make_uow(),
            OFFICER,
            organization_oid=None,
            after=None,
            limit=50,
            codes=codes,
            clock=clock,
        )
        return [w.id for w in page.workers]

    assert await found(StaffCodes(position_code="109")) == [ids[0]]
    assert await found(StaffCodes()) == sorted(ids)
    assert await found(StaffCodes(speciality_code="76")) == []


async def test_a_certificate_is_held_by_one_worker_only(make_uow: UowFactory) -> None:
    anna = await register(make_uow)
    other = await register(
        make_uow,
        usecases.NewWorker(snils(9), PersonalData(FullName("Смирнов", "Олег"), date(1977, 7, 7))),
    )
    cert = usecases.NewCertificate("77 123", "РНИМУ", "терапия", date(2020, 1, 1), date(2025, 1, 1))
    await usecases.add_certificate(make_uow(), OFFICER, worker_id=anna.id, item=cert, clock=clock)
    with pytest.raises(CertificateAlreadyRecordedError):
        await usecases.add_certificate(
            make_uow(), OFFICER, worker_id=other.id, item=cert, clock=clock
        )


async def test_revisions_and_the_request_they_answer_survive_a_round_trip(
    make_uow: UowFactory,
) -> None:
    anna = await register(make_uow)
    other = await register(
        make_uow,
        usecases.NewWorker(snils(9), PersonalData(FullName("Смирнов", "Олег"), date(1977, 7, 7))),
    )
    cert = usecases.NewCertificate("77 123", "РНИМУ", "терапия", date(2020, 1, 1), date(2025, 1, 1))
    anna = await usecases.add_certificate(
        make_uow(), OFFICER, worker_id=anna.id, item=cert, clock=clock
    )
    me = usecases.Caller(Role.WORKER, "anna", snils="11223344595")
    request = await corrections.report_inaccuracy(
        make_uow(),
        me,
        organization_oid=ORG,
        section="certificates",
        description="Не мой",
        clock=clock,
    )
    await corrections.annul_entry(
        make_uow(),
        OFFICER,
        worker_id=anna.id,
        kind=EntryKind.CERTIFICATE,
        entry_id=anna.certificates[0].id,
        revision=corrections.Revision("Сертификат Смирнова", request.id),
        clock=clock,
    )
    # The unique index no longer holds the number for Anna: it goes to its holder.
    await usecases.add_certificate(make_uow(), OFFICER, worker_id=other.id, item=cert, clock=clock)
    loaded = await usecases.find_worker(make_uow(), worker_id=anna.id, snils=None)
    [revision] = loaded.history
    assert loaded.certificates == []
    assert isinstance(revision.previous, Certificate) and revision.previous.number == "77 123"
    assert (revision.action, revision.correction_id) == (RevisionAction.ANNULLED, request.id)
    [closed] = await corrections.list_corrections(
        make_uow(), OFFICER, status=CorrectionStatus.CORRECTED, after=None, limit=10
    )
    assert closed.fix == CorrectionFix(("certificates",), revision.entry_id, 1)


async def test_public_search_by_name_finds_only_active_records(make_uow: UowFactory) -> None:
    anna = await register(make_uow)
    await register(make_uow, usecases.NewWorker(snils(3), ANNA.personal))  # in review
    found, _ = await queries.verify_practitioner(
        make_uow(),
        worker_id=None,
        last_name="петрова",
        first_name="АННА",
        middle_name=None,
        today=NOW.date(),
    )
    assert [w.id for w in found] == [anna.id]


async def test_corrections_are_paged_per_organization_and_status(make_uow: UowFactory) -> None:
    await register(make_uow)
    me = usecases.Caller(Role.WORKER, "anna", snils="11223344595")
    first = await corrections.report_inaccuracy(
        make_uow(),
        me,
        organization_oid=ORG,
        section="personal",
        description="Опечатка",
        clock=clock,
    )
    await corrections.report_inaccuracy(
        make_uow(), me, organization_oid=ORG, section="contacts", description="Телефон", clock=clock
    )
    await corrections.resolve_correction(
        make_uow(),
        OFFICER,
        correction_id=first.id,
        status=CorrectionStatus.DECLINED,
        comment="Данные верны",
        clock=clock,
    )
    still_open = await corrections.list_corrections(
        make_uow(), OFFICER, status=CorrectionStatus.OPEN, after=None, limit=10
    )
    mine = await corrections.list_corrections(make_uow(), me, status=None, after=None, limit=10)
    assert [c.section for c in still_open] == ["contacts"]
    assert {c.status for c in mine} == {CorrectionStatus.OPEN, CorrectionStatus.DECLINED}


async def test_mongo_writes_the_event_to_the_outbox_in_the_same_transaction(
    mongo_url: str, database_name: str
) -> None:
    mongo = Mongo(mongo_url, database_name)
    await mongo.ensure_indexes(INDEXES)
    try:

        def uow() -> MongoRegistryUnitOfWork:
            return mongo_uow(mongo)

        await grant_access(uow(), ORG, OFFICER_SNILS)
        worker = await usecases.register_worker(uow(), ANNA, caller=OFFICER, clock=clock)
        rows = await mongo[OUTBOX].find({}).to_list()
        assert [r["subject"] for r in rows] == ["egisz.registry.evt.worker.registered"]
        assert rows[0]["sent_at"] is None
        assert worker.id.encode() in rows[0]["body"]
        # A refused registration leaves neither a record nor an event behind.
        with pytest.raises(WorkerAlreadyRegisteredError):
            await usecases.register_worker(uow(), ANNA, caller=OFFICER, clock=clock)
        assert await mongo[OUTBOX].count_documents({}) == 1
        assert await mongo["workers"].count_documents({}) == 1
    finally:
        await mongo.client.drop_database(database_name)
        await mongo.close()


async def test_organizations_are_found_by_every_word_of_the_name_page_by_page(
    make_uow: UowFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    from egisz.registry.frmo import repository as frmo_repository, usecases as frmo
    from egisz.registry.frmo.domain.organization import Organization
    from egisz.registry.frmo.domain.requisites import Licence, OrganizationType, Requisites

    monkeypatch.setattr(frmo_repository, "SEARCH_SCAN", 2)  # a page reads 2 records at most
    names = ["ГКБ № 1 «Альфа»", "ГКБ № 2 Альфа", "Поликлиника Альфа", "ГКБ № 3 АЛЬФА", "ГКБ № 4"]
    async with make_uow() as uow:
        for n, name in enumerate(names):
            requisites = Requisites(
                name, f"10277001321{n:02d}", f"77070838{n:02d}", "773601001", "00032537",
                Address("101000", "Москва"), "4951234567", "info@clinic.ru",
            )  # fmt: skip
            licence = Licence("ЛО-1", date(2020, 1, 1), None, ("терапия",))
            await uow.organizations.add(
                Organization(f"1.2.643.9.{n}", OrganizationType.MEDICAL, requisites, [licence], NOW)
            )
        await uow.commit()
    seen: list[str] = []
    cursor: str | None = None
    for _ in range(10):
        page, cursor = await frmo.search_organizations(
            make_uow(), Criteria(words=["альфа", "гкб"]), after=cursor, limit=2
        )
        seen += [o.oid for o in page]
        if cursor is None:
            break
    assert seen == ["1.2.643.9.0", "1.2.643.9.1", "1.2.643.9.3"]
    by_inn, _ = await frmo.search_organizations(
        make_uow(), Criteria(inn="7707083804"), after=None, limit=10
    )
    assert [o.oid for o in by_inn] == ["1.2.643.9.4"]


async def test_organizations_are_found_by_the_type_and_region_codes(make_uow: UowFactory) -> None:
    from egisz.registry.frmo import usecases as frmo
    from egisz.registry.frmo.domain.organization import Organization
    from egisz.registry.frmo.domain.requisites import Licence, OrganizationType, Requisites

    kinds = [
        ("7707083893", OrganizationType.MEDICAL),  # Москва
        ("5003052454", OrganizationType.MEDICAL),  # Московская область
        ("5001012345", OrganizationType.INSURANCE),
    ]
    async with make_uow() as uow:
        for n, (inn, kind) in enumerate(kinds):
            requisites = Requisites(
                f"Организация {n}", f"10277001321{n:02d}", inn, "773601001", "00032537",
                Address("101000", "Москва"), "4951234567", "info@clinic.ru",
            )  # fmt: skip
            licence = Licence("ЛО-1", date(2020, 1, 1), None, ("терапия",))
            await uow.organizations.add(
                Organization(f"1.2.643.8.{n}", kind, requisites, [licence], NOW)
            )
        await uow.commit()

    async def oids(criteria: Criteria) -> list[str]:
        found, _ = await frmo.search_organizations(make_uow(), criteria, after=None, limit=10)
        return [o.oid for o in found if o.oid.startswith("1.2.643.8.")]  # not the fixture's

    assert await oids(Criteria(region="50")) == ["1.2.643.8.1", "1.2.643.8.2"]
    assert await oids(Criteria(type="medical")) == ["1.2.643.8.0", "1.2.643.8.1"]
    assert await oids(Criteria(type="medical", region="50")) == ["1.2.643.8.1"]
    assert await oids(Criteria(type="insurance", region="77")) == []
    with pytest.raises(InvalidInputError):
        await frmo.search_organizations(make_uow(), Criteria(), after=None, limit=10)


async def test_a_directory_version_written_beside_another_is_a_concurrent_update(
    make_uow: UowFactory,
) -> None:
    """Two replicas refreshing one record at once: the second's version is refused as a
    transient failure (a concurrent update or the database's write conflict: retried, it then
    finds nothing to write), never a second version 1."""
    from egisz.registry.directory.domain.records import Record, changes
    from egisz.runtime.retries import is_transient

    made = [Record("Practitioner", "w-race", {"name": [{"family": "Гонкина"}]})]
    first, second = make_uow(), make_uow()
    async with first, second:
        versions = changes(
            "worker:w-race", made, await first.directory.latest_of("worker:w-race"), NOW
        )
        again = changes(
            "worker:w-race", made, await second.directory.latest_of("worker:w-race"), NOW
        )
        await first.directory.write(versions)
        await first.commit()
        with pytest.raises(Exception) as refused:  # noqa: PT011 — which one is the server's
            await second.directory.write(again)
        assert is_transient(refused.value), refused.value
    async with (check := make_uow()):
        assert [v.version for v in await check.directory.latest_of("worker:w-race")] == [1]
