"""A service's domain events go to the outbox by one table: known ones on their subject, an
unknown one refused before it could be committed and never published."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest

from egisz.contracts import notify as wire, subjects
from egisz.runtime.events import Cause, EventForms


@dataclass(frozen=True)
class Delivered:
    notification_id: str
    recipient_id: str


@dataclass(frozen=True)
class Forgotten:
    pass


def delivered(e: Delivered) -> tuple[str, wire.NotificationCreated]:
    return e.recipient_id, wire.NotificationCreated(
        notification_id=e.notification_id, recipient_id=e.recipient_id, kind="system"
    )


FORMS = {Delivered: (subjects.NOTIFICATION_CREATED, delivered)}


def test_a_known_event_goes_out_on_its_subject_about_its_record_with_its_cause() -> None:
    out = EventForms(FORMS)(Delivered("n1", "w1"), Cause("corr", "cause", "actor"))
    body = json.loads(out.body)
    assert out.subject == subjects.NOTIFICATION_CREATED.subject
    assert (body["subject"], body["data"]["notification_id"]) == ("w1", "n1")
    assert (body["correlationid"], body["causationid"]) == ("corr", "cause")


def test_an_event_no_table_knows_is_refused() -> None:
    with pytest.raises(TypeError, match="no wire form"):
        EventForms(FORMS)(Forgotten(), Cause())


def test_two_tables_may_not_claim_the_same_event() -> None:
    with pytest.raises(ValueError, match="Delivered"):
        EventForms(FORMS, FORMS)


def test_a_form_building_another_subjects_data_is_refused() -> None:
    forms = EventForms({Delivered: (subjects.DELIVERY_ATTEMPTED, delivered)})
    with pytest.raises(TypeError, match="carries"):
        forms(Delivered("n1", "w1"), Cause())
