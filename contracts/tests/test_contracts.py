"""The wire is a promise to other teams: these tests pin it."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

import egisz.contracts as contracts
from egisz.contracts import schema, subjects
from egisz.contracts.envelope import ErrorBody, FieldError, Reply
from egisz.contracts.events import CloudEvent

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)

SAMPLES: dict[str, dict[str, Any]] = {
    "DeadLetter": {
        "consumer": "portfolio-worker-registered",
        "subject": "egisz.registry.evt.worker.registered",
        "message_id": "e1",
        "reason": "bad",
        "deliveries": 1,
        "body": "{}",
        "dead_lettered_at": NOW,
    },
    "RegisterWorker": {
        "snils": "112-233-445 95",
        "last_name": "Иванов",
        "first_name": "Пётр",
        "middle_name": None,
        "birth_date": date(1980, 1, 2),
    },
    "GetWorker": {"snils": "11223344595"},
    "WorkerView": {
        "worker_id": "w1",
        "snils": "11223344595",
        "last_name": "Иванов",
        "first_name": "Пётр",
        "middle_name": "Ильич",
        "birth_date": date(1980, 1, 2),
        "registered_at": NOW,
        "version": 1,
    },
    "WorkerRegistered": {
        "worker_id": "w1",
        "snils": "11223344595",
        "last_name": "Иванов",
        "first_name": "Пётр",
        "birth_date": date(1980, 1, 2),
        "registered_by_org": "1.2.643.5.1.13.13.12.2.77.1",
    },
    "GetPortfolio": {"worker_id": "w1"},
    "PortfolioView": {
        "portfolio_id": "p1",
        "worker_id": "w1",
        "approval_status": "created",
        "created_at": NOW,
        "version": 1,
    },
    "PortfolioCreated": {"portfolio_id": "p1", "worker_id": "w1"},
    "GetApplicant": {"worker_id": "w1"},
    "ApplicantView": {"worker_id": "w1", "in_frmr": True, "known_since": NOW},
    "ListInbox": {"limit": 10, "unread_only": True},
    "InboxPage": {
        "items": [
            {
                "notification_id": "n1",
                "kind": "cabinet_created",
                "title": "T",
                "body": "B",
                "created_at": NOW,
                "read_at": None,
            }
        ],
        "unread_count": 1,
        "next_cursor": None,
    },
    "MarkRead": {"all": True},
    "MarkReadResult": {"marked": 1, "unread_count": 0},
    "NotificationCreated": {
        "notification_id": "n1",
        "recipient_id": "w1",
        "kind": "cabinet_created",
    },
}


def test_the_public_surface_is_pinned() -> None:
    assert sorted(contracts.__all__) == [
        "Actor",
        "CloudEvent",
        "CommandMeta",
        "DeadLetter",
        "ErrorBody",
        "ErrorCode",
        "FieldError",
        "FixableBy",
        "Reply",
        "Role",
        "TokenClaims",
    ]
    for name in contracts.__all__:
        assert getattr(contracts, name) is not None


def test_the_subjects_are_pinned() -> None:
    assert sorted(r["subject"] for r in subjects.describe()) == [
        "egisz.accreditation.cmd.applicant.get",
        "egisz.notify.cmd.inbox.list",
        "egisz.notify.cmd.inbox.mark_read",
        "egisz.notify.evt.notification.created",
        "egisz.portfolio.cmd.portfolio.get",
        "egisz.portfolio.evt.portfolio.created",
        "egisz.registry.cmd.worker.get",
        "egisz.registry.cmd.worker.register",
        "egisz.registry.evt.worker.registered",
    ]


def test_subjects_are_unique_and_follow_the_naming_rule() -> None:
    all_subjects = [c.subject for c in subjects.COMMANDS] + [e.subject for e in subjects.EVENTS]
    assert len(all_subjects) == len(set(all_subjects))
    for subject in all_subjects:
        match = subjects.SUBJECT_RULE.match(subject)
        assert match, subject
    for c in subjects.COMMANDS:
        assert ".cmd." in c.subject
    for e in subjects.EVENTS:
        assert ".evt." in e.subject
        assert e.subject.endswith("ed"), "events are named in the past tense"
        assert e.type == e.subject.replace("egisz.", "ru.egisz.", 1).replace(".evt.", ".") + ".v1"
        assert e.stream == f"EGISZ_{e.service.upper()}"


def test_every_message_model_has_a_sample_and_round_trips() -> None:
    models = subjects.all_models()
    assert set(models) == set(SAMPLES), "add a sample for every new message model"
    for name, model in models.items():
        original = model.model_validate(SAMPLES[name])
        again = model.model_validate_json(original.model_dump_json())
        assert again == original, name


@pytest.mark.parametrize("spec", subjects.EVENTS, ids=lambda e: e.subject)
def test_every_event_round_trips_in_a_cloudevent(spec: subjects.Event) -> None:
    data = spec.data.model_validate(SAMPLES[spec.data.__name__])
    event = CloudEvent[spec.data](  # type: ignore[name-defined]
        id="e1",
        source=f"/egisz/{spec.service}",
        type=spec.type,
        time=NOW,
        subject="w1",
        data=data,
        correlationid="c1",
        causationid="k1",
        actor="org_officer:u1",
    )
    wire = json.loads(event.model_dump_json())
    assert wire["specversion"] == "1.0"
    assert wire["datacontenttype"] == "application/json"
    assert CloudEvent[spec.data].model_validate(wire) == event  # type: ignore[name-defined]


def test_event_data_ignores_fields_a_newer_producer_adds() -> None:
    sample = {**SAMPLES["WorkerRegistered"], "added_in_v1_1": "x"}
    assert subjects.WORKER_REGISTERED.data.model_validate(sample).worker_id == "w1"  # type: ignore[attr-defined]


def test_commands_refuse_unknown_fields() -> None:
    with pytest.raises(ValidationError):
        subjects.WORKER_REGISTER.request.model_validate({**SAMPLES["RegisterWorker"], "snisl": "1"})


def test_a_reply_is_either_a_result_or_an_error() -> None:
    error = ErrorBody(
        code="conflict",
        message="Уже есть",
        fields=[FieldError(field="snils", message="m")],
        fixable_by="organization",
    )
    assert Reply[Any].model_validate_json(Reply.failure(error).model_dump_json()).error == error
    with pytest.raises(ValidationError):
        Reply[Any](ok=True, error=error)
    with pytest.raises(ValidationError):
        Reply[Any](ok=False)


def test_mark_read_needs_one_notification_or_all() -> None:
    with pytest.raises(ValidationError):
        subjects.INBOX_MARK_READ.request.model_validate({})
    with pytest.raises(ValidationError):
        subjects.INBOX_MARK_READ.request.model_validate({"notification_id": "n", "all": True})


def test_json_schema_is_exported_for_every_message(tmp_path: Path) -> None:
    written = schema.write(tmp_path)
    names = {p.name.removesuffix(".schema.json") for p in written}
    assert set(subjects.all_models()) <= names
    for path in written:
        assert json.loads(path.read_text())["title"]


def test_every_service_has_an_asyncapi_document_naming_its_subjects(tmp_path: Path) -> None:
    from egisz.contracts import asyncapi

    for path in asyncapi.write(tmp_path):
        doc = json.loads(path.read_text())
        assert doc["asyncapi"] == "3.0.0"
        service = path.name.split(".")[0]
        addresses = {ch["address"] for ch in doc["channels"].values() if ch["address"]}
        assert addresses == {
            r["subject"] for r in subjects.describe() if r["subject"].split(".")[1] == service
        }
        text = json.dumps(doc)
        for ref in {part.split('"')[0] for part in text.split("#/components/schemas/")[1:]}:
            assert ref in doc["components"]["schemas"], ref
