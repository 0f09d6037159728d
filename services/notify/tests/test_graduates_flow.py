"""A graduate the register of learners announced, on real NATS, MongoDB and SMTP: their cabinet
opened once (not again when FRMR enters them), their notices by the contacts the register gives
until FRMR's record has its own, and an application's «контакты для связи» hearing its status."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from egisz.contracts import registry as registry_wire, subjects
from egisz.runtime.app import ServiceRuntime
from egisz.testsupport.harness import As, eventually, publish_event

from .conftest import MailServer
from .test_notify_flow import _async, bell, fresh_snils, status_changed

pytestmark = pytest.mark.integration


def learner_recorded(
    snils: str, *, version: int, email: str | None
) -> registry_wire.LearnerRecorded:
    return registry_wire.LearnerRecorded(
        learner_id=uuid.uuid4().hex,
        snils=snils,
        last_name="Выпускникова",
        first_name="Дарья",
        middle_name="Олеговна",
        birth_date=date(2000, 3, 14),
        studies=[
            registry_wire.Study(
                organization_ogrn="1027739054420",
                organization_name="Первый МГМУ им. И. М. Сеченова",
                programme_code="31.05.01",
                speciality="Лечебное дело",
                level="specialist",
                status="graduated",
                graduated_on=date(2024, 6, 28),
                diploma_number="107704 0012345",
            )
        ],
        email=email,
        record_version=version,
    )


def entered(snils: str, *, email: str | None = None) -> registry_wire.WorkerRegistered:
    """The graduate's FRMR record, first version."""
    return registry_wire.WorkerRegistered(
        worker_id=uuid.uuid4().hex,
        snils=snils,
        record_version=1,
        last_name="Выпускникова",
        first_name="Дарья",
        birth_date=date(2000, 3, 14),
        email=email,
    )


async def test_a_graduate_hears_their_cabinet_opened_once_and_of_their_application_by_email(
    notify: ServiceRuntime, as_: As, mail_server: MailServer
) -> None:
    snils = fresh_snils()
    address, given = (f"{uuid.uuid4().hex[:8]}@example.org" for _ in range(2))
    await publish_event(
        notify, subjects.LEARNER_RECORDED, learner_recorded(snils, version=1, email=address)
    )
    [cabinet] = await eventually(lambda: _async(mail_server.to(address)), lambda m: len(m) == 1)
    assert str(cabinet["Subject"]) == "Личный кабинет создан"
    assert "Регистр обучающихся" in cabinet.get_content()
    # A residency joins the record: the cabinet is not announced again.
    await publish_event(
        notify, subjects.LEARNER_RECORDED, learner_recorded(snils, version=2, email=address)
    )
    changed = status_changed(snils, "under_review", "На рассмотрении").model_copy(
        update={"email": given}  # «контакты для связи» of the application
    )
    await publish_event(notify, subjects.APPLICATION_STATUS_CHANGED, changed)
    me = as_.worker(snils)
    await eventually(lambda: bell(me), lambda n: n == 2)
    status = "Заявление на аккредитацию: На рассмотрении"
    for to in (address, given):
        await eventually(
            lambda to=to: _async([str(m["Subject"]) for m in mail_server.to(to)]),
            lambda titles: status in titles,
        )
    page = (await me(subjects.INBOX_LIST.subject, {}))["result"]
    assert [i["title"] for i in page["items"]].count("Личный кабинет создан") == 1


async def test_frmrs_contacts_win_over_the_register_of_learners_and_no_second_cabinet_notice(
    notify: ServiceRuntime, as_: As, mail_server: MailServer
) -> None:
    snils = fresh_snils()
    from_learners, from_frmr = (f"{uuid.uuid4().hex[:8]}@example.org" for _ in range(2))
    await publish_event(notify, subjects.WORKER_REGISTERED, entered(snils, email=from_frmr))
    await eventually(lambda: _async(mail_server.to(from_frmr)), lambda m: len(m) == 1)
    await publish_event(
        notify, subjects.LEARNER_RECORDED, learner_recorded(snils, version=5, email=from_learners)
    )
    await publish_event(
        notify, subjects.APPLICATION_STATUS_CHANGED, status_changed(snils, "passed", "Сдано")
    )
    me = as_.worker(snils)
    await eventually(lambda: bell(me), lambda n: n == 2)
    await eventually(lambda: _async(mail_server.to(from_frmr)), lambda m: len(m) == 2)
    assert mail_server.to(from_learners) == []
    page = (await me(subjects.INBOX_LIST.subject, {}))["result"]
    assert [i["title"] for i in page["items"]].count("Личный кабинет создан") == 1


async def test_a_graduate_frmr_enters_without_an_email_still_hears_at_the_learners_address(
    notify: ServiceRuntime, as_: As, mail_server: MailServer
) -> None:
    snils = fresh_snils()
    address = f"{uuid.uuid4().hex[:8]}@example.org"
    await publish_event(
        notify, subjects.LEARNER_RECORDED, learner_recorded(snils, version=1, email=address)
    )
    await eventually(lambda: _async(mail_server.to(address)), lambda m: len(m) == 1)
    await publish_event(notify, subjects.WORKER_REGISTERED, entered(snils))
    me = as_.worker(snils)
    await eventually(lambda: bell(me), lambda n: n == 2)  # FRMR's record is in (its own notice)
    await publish_event(
        notify, subjects.APPLICATION_STATUS_CHANGED, status_changed(snils, "passed", "Сдано")
    )
    status = "Заявление на аккредитацию: Сдано"
    await eventually(
        lambda: _async([str(m["Subject"]) for m in mail_server.to(address)]),
        lambda titles: status in titles,
    )
