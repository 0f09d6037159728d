"""The inbox with fakes: one notification per event and mailbox, the bell counts unread, pages
are stable, and each caller reads only the mailboxes their sign-in names."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from egisz.notify import usecases
from egisz.notify.domain.errors import NotificationNotFoundError, RecipientNotYetKnownError
from egisz.notify.domain.model import (
    Message,
    Notification,
    NotificationKind,
    head,
    mailboxes_of,
    organization,
    person,
    user,
)
from egisz.notify.repository import FakeNotifyUnitOfWork
from egisz.notify.templates import Templates
from egisz.runtime.handling import handling

SNILS = "11223344595"
ANNA = person(SNILS)
templates = Templates("ru")


async def cabinet(uow: FakeNotifyUnitOfWork, event_id: str) -> list[Notification]:
    message = Message(
        NotificationKind.CABINET_CREATED,
        {"first_name": "Анна", "middle_name": "Сергеевна"},
        recipient_id=ANNA,
    )
    with handling("worker-registered", event_id):
        return await usecases.notify(uow, templates, source_event_id=event_id, messages=[message])


async def test_an_event_puts_one_notification_in_the_mailbox_however_often_it_comes() -> None:
    uow = FakeNotifyUnitOfWork()
    [first] = await cabinet(uow, "e1")
    again = await cabinet(uow, "e1")
    assert again == []
    assert first.title == "Личный кабинет создан"
    assert "Анна Сергеевна" in first.body
    page = await usecases.list_inbox(
        uow, mailboxes=[ANNA], cursor=None, limit=20, unread_only=False
    )
    assert ([n.id for n in page.items], page.unread_count) == ([first.id], 1)


async def test_pages_follow_the_cursor_newest_first() -> None:
    uow = FakeNotifyUnitOfWork()
    ids = []
    for i in range(5):
        [n] = await cabinet(uow, f"e{i}")
        ids.append(n.id)
    seen, cursor = [], None
    for _ in range(3):
        page = await usecases.list_inbox(
            uow, mailboxes=[ANNA], cursor=cursor, limit=2, unread_only=False
        )
        seen += [n.id for n in page.items]
        cursor = page.next_cursor
    assert seen == ids[::-1]
    assert cursor is None


async def test_mark_one_then_all_read_and_the_bell_goes_dark() -> None:
    uow = FakeNotifyUnitOfWork()
    [a] = await cabinet(uow, "e1")
    await cabinet(uow, "e2")
    at = datetime(2026, 11, 21, tzinfo=UTC)
    assert await usecases.mark_read(
        uow, mailboxes=[ANNA], notification_id=a.id, clock=lambda: at
    ) == (1, 1)
    assert await usecases.mark_read(
        uow, mailboxes=[ANNA], notification_id=None, clock=lambda: at
    ) == (1, 0)


async def test_another_mailboxs_notification_is_not_found() -> None:
    uow = FakeNotifyUnitOfWork()
    [mine] = await cabinet(uow, "e1")
    with pytest.raises(NotificationNotFoundError):
        await usecases.mark_read(uow, mailboxes=[person("00000000000")], notification_id=mine.id)


def test_a_sign_in_names_the_mailboxes_it_reads() -> None:
    assert mailboxes_of(sub="s1", snils=SNILS, org=None, name=None) == [
        ANNA,
        user("s1"),
    ]
    assert mailboxes_of(sub="s2", snils=None, org="1.2.3", name="ПЕТРОВ  Пётр", as_head=True) == [
        head("1.2.3", "петров петр"),
        user("s2"),
    ]
    assert mailboxes_of(sub="s3", snils=None, org="1.2.3", name=None, as_officer=True) == [
        organization("1.2.3"),
        user("s3"),
    ]


async def test_a_message_for_a_worker_not_yet_known_waits_for_their_registration() -> None:
    uow = FakeNotifyUnitOfWork()
    values = {"status": "approved", "reason": None, "method": "signature", "paper_confirmed": None}
    message = Message(NotificationKind.APPROVAL_DECIDED, values, worker_id="w9")
    with pytest.raises(RecipientNotYetKnownError), handling("c", "e"):
        await usecases.notify(uow, templates, source_event_id="e", messages=[message])
    assert uow.notifications == {}


def test_a_message_missing_a_variable_is_refused_where_it_is_made() -> None:
    with pytest.raises(ValueError, match="middle_name"):
        Message(NotificationKind.CABINET_CREATED, {"first_name": "Анна"}, recipient_id=ANNA)


def staff_job(change: str, org: str) -> Message:
    values = {
        "worker_name": "Петрова Анна",
        "change": change,
        "organization_oid": org,
        "position": "Врач",
        "day": "01.12.2026",
    }
    return Message(
        NotificationKind.STAFF_JOB_CHANGED, values, employers_of="person:1", except_org=org
    )


async def test_a_persons_other_employers_hear_of_a_job_another_organization_adds_or_ends() -> None:
    uow = FakeNotifyUnitOfWork()

    async def job(event: str, employment: str, org: str, current: bool) -> list[str]:
        with handling("c", event):
            told = await usecases.notify(
                uow,
                templates,
                source_event_id=event,
                messages=[staff_job("added" if current else "ended", org)],
                job=usecases.JobChange("person:1", employment, org, current),
            )
        return [n.recipient_id for n in told]

    assert await job("e1", "j1", "1.2.1", current=True) == []  # their only employer did it
    assert await job("e2", "j2", "1.2.2", current=True) == ["org:1.2.1"]
    assert await job("e3", "j3", "1.2.3", current=True) == ["org:1.2.1", "org:1.2.2"]
    assert await job("e4", "j2", "1.2.2", current=False) == ["org:1.2.1", "org:1.2.3"]
    mailbox = await uow.mailboxes.get("person:1")
    assert mailbox is not None and mailbox.employers == ["1.2.1", "1.2.3"]
    [told] = [n for n in uow.notifications.values() if n.source_event_id == "e4"][:1]
    assert told.title == "Петрова Анна: закончена работа в другой организации"


async def test_an_employer_notice_about_someone_whose_name_is_not_known_yet_waits() -> None:
    uow = FakeNotifyUnitOfWork()
    with pytest.raises(RecipientNotYetKnownError):
        await usecases.staff_name(uow, "w-unknown")  # redelivered until worker.registered
    assert await usecases.staff_name(uow, "") == "Сотрудник"  # by post: not in FRMR at all


def test_the_person_hears_of_every_job_entered_and_other_employers_of_starts_and_ends() -> None:
    from datetime import date

    from egisz.notify.domain.jobs import JobNews, job_notices
    from egisz.notify.domain.model import NotificationKind, person

    news = JobNews(
        "11223344595",
        "1.2.643.5.1.13.13.12.2.77.1",
        "Врач-терапевт",
        date(2026, 1, 12),
        None,
        started=True,
        current=True,
    )
    own, staff = job_notices(news, worker_name="Орлова Анна")
    assert (own.kind, own.recipient_id) == (NotificationKind.EMPLOYMENT_ADDED, person(news.snils))
    assert (staff.employers_of, staff.except_org) == (person(news.snils), news.organization_oid)
    assert staff.values["day"] == "12.01.2026"
    ended = JobNews(
        news.snils,
        news.organization_oid,
        news.position,
        news.start_date,
        date(2026, 11, 30),
        started=False,
        current=False,
    )
    [only] = job_notices(ended, worker_name="Орлова Анна")
    assert (only.kind, only.values["change"], only.values["day"]) == (
        NotificationKind.STAFF_JOB_CHANGED,
        "ended",
        "30.11.2026",
    )
