"""The inbox: one notification per event, the bell counts unread, pages are stable."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from egisz.notify import usecases
from egisz.notify.domain.errors import NotificationNotFoundError, RecipientUnknownError
from egisz.notify.domain.model import NotificationKind, Recipient
from egisz.notify.repository import FakeNotifyUnitOfWork
from egisz.notify.templates import Templates

ANNA = Recipient("w1", "11223344595", "Анна", "Сергеевна", "Петрова")
templates = Templates("ru")


@pytest.mark.parametrize("kind", list(NotificationKind))
def test_every_kind_has_a_russian_template_that_renders(kind: NotificationKind) -> None:
    text = templates.render(kind, first_name="Анна", middle_name=None, last_name="Петрова")
    assert text.title and text.body
    assert "{{" not in text.body


def test_a_missing_variable_fails_loudly() -> None:
    with pytest.raises(Exception, match="first_name"):
        templates.render(NotificationKind.CABINET_CREATED)


async def test_worker_registered_puts_cabinet_created_in_the_inbox_once() -> None:
    uow = FakeNotifyUnitOfWork()
    first = await usecases.on_worker_registered(uow, templates, event_id="e1", recipient=ANNA)
    again = await usecases.on_worker_registered(uow, templates, event_id="e1", recipient=ANNA)
    assert first is not None and again is None
    assert first.title == "Личный кабинет создан"
    assert "Анна Сергеевна" in first.body
    page = await usecases.list_inbox(
        uow, snils=ANNA.snils, cursor=None, limit=20, unread_only=False
    )
    assert [n.id for n in page.items] == [first.id]
    assert page.unread_count == 1


async def test_pages_follow_the_cursor_newest_first() -> None:
    uow = FakeNotifyUnitOfWork()
    ids = []
    for i in range(5):
        n = await usecases.on_worker_registered(uow, templates, event_id=f"e{i}", recipient=ANNA)
        assert n is not None
        ids.append(n.id)
    first = await usecases.list_inbox(
        uow, snils=ANNA.snils, cursor=None, limit=2, unread_only=False
    )
    second = await usecases.list_inbox(
        uow, snils=ANNA.snils, cursor=first.next_cursor, limit=2, unread_only=False
    )
    third = await usecases.list_inbox(
        uow, snils=ANNA.snils, cursor=second.next_cursor, limit=2, unread_only=False
    )
    assert [n.id for n in first.items + second.items + third.items] == ids[::-1]
    assert third.next_cursor is None


async def test_mark_one_then_all_read_and_the_bell_goes_dark() -> None:
    uow = FakeNotifyUnitOfWork()
    a = await usecases.on_worker_registered(uow, templates, event_id="e1", recipient=ANNA)
    await usecases.on_worker_registered(uow, templates, event_id="e2", recipient=ANNA)
    assert a is not None
    at = datetime(2026, 11, 21, tzinfo=UTC)
    assert await usecases.mark_read(
        uow, snils=ANNA.snils, notification_id=a.id, clock=lambda: at
    ) == (1, 1)
    assert await usecases.mark_read(
        uow, snils=ANNA.snils, notification_id=None, clock=lambda: at
    ) == (1, 0)


async def test_someone_not_in_frmr_has_no_inbox_and_foreign_ids_are_not_found() -> None:
    uow = FakeNotifyUnitOfWork()
    with pytest.raises(RecipientUnknownError, match="ФРМР"):
        await usecases.list_inbox(uow, snils="00000000000", cursor=None, limit=5, unread_only=False)
    await usecases.on_worker_registered(uow, templates, event_id="e1", recipient=ANNA)
    with pytest.raises(NotificationNotFoundError):
        await usecases.mark_read(uow, snils=ANNA.snils, notification_id="someone-elses")
