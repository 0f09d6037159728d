"""Whose contacts a mailbox keeps: the register of learners' until FRMR's record, then FRMR's."""

from __future__ import annotations

from egisz.notify.domain.model import Mailbox


def graduate(email: str | None = "grad@example.org", phone: str | None = "+79001234567") -> Mailbox:
    box = Mailbox("person:12345678964")
    box.take_learner_contacts(version=1, name="Дарья", emails=[email] if email else [], phone=phone)
    return box


def test_frmrs_first_record_without_an_email_keeps_the_graduates_email_from_the_learners() -> None:
    box = graduate()
    assert box.take_contacts(version=1, name="Дарья", emails=[], phone=None, worker_id="w1")
    assert box.emails == ["grad@example.org"]
    assert box.phone == "+79001234567"


def test_frmrs_first_record_with_an_email_replaces_the_learners_one() -> None:
    box = graduate()
    box.take_contacts(
        version=1, name="Дарья", emails=["own@example.org"], phone=None, worker_id="w1"
    )
    assert box.emails == ["own@example.org"]
    assert box.phone == "+79001234567"  # FRMR gave no phone: the learners' one stays


def test_a_later_frmr_record_without_an_email_removes_it() -> None:
    box = graduate()
    box.take_contacts(version=1, name="Дарья", emails=[], phone=None, worker_id="w1")
    box.take_contacts(version=2, name="Дарья", emails=[], phone=None, worker_id="w1")
    assert box.emails == []
    assert box.phone is None


def test_someone_the_learners_never_had_gets_only_frmrs_contacts() -> None:
    box = Mailbox("person:12345678964")
    box.take_contacts(version=1, name="Иван", emails=[], phone=None, worker_id="w2")
    assert box.emails == []
    assert box.phone is None
