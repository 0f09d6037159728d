"""The public form of every event (what other teams read): no SNILS, birth date or contacts at
any depth, a person's mailbox reduced to `person`, the actor to its role — and it still matches
the public JSON Schema published beside the event's own."""

from __future__ import annotations

import functools
import json
from typing import Any

import jsonschema
import pytest

from egisz.contracts import schema, subjects
from egisz.contracts.events import CloudEvent
from egisz.contracts.public import PERSONAL_FIELDS, public_event, public_subject

from .samples import SAMPLES


@functools.cache
def published() -> dict[str, dict[str, Any]]:
    return schema.schemas()


def keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in keys(v)}
    return set()


@pytest.mark.parametrize("event", subjects.EVENTS, ids=lambda e: e.subject)
def test_the_public_form_of_every_event_has_no_personal_data(event: subjects.Event) -> None:
    whole = CloudEvent[event.data](  # type: ignore[name-defined]
        id="e1",
        source=f"/egisz/{event.service}",
        type=event.type,
        time="2026-12-05T10:00:00Z",
        data=event.data.model_validate(SAMPLES[event.data.__name__]),
        actor="worker:11223344595",
    )
    public = json.loads(public_event(whole.model_dump_json().encode()))
    assert keys(public["data"]) & PERSONAL_FIELDS == set()
    assert "11223344595" not in json.dumps(public)
    assert public["actor"] == "worker"
    assert (public["id"], public["type"]) == ("e1", event.type)
    jsonschema.validate(public, published()[f"CloudEvent[{event.data.__name__}].public"])
    assert str(public_subject(event.subject)).startswith(f"egisz.{event.service}.pub.")


def test_a_persons_mailbox_is_not_named_in_the_public_form() -> None:
    body = {
        "id": "n1",
        "subject": "person:11223344595",
        "data": {"recipient_id": "person:11223344595", "kind": "k"},
    }
    public = json.loads(public_event(json.dumps(body).encode()))
    assert public["data"] == {"recipient_id": "person", "kind": "k"}
    assert public["subject"] == "person"
    org = {"id": "n2", "data": {"recipient_id": "org:1.2.643.5.1"}}
    assert json.loads(public_event(json.dumps(org).encode()))["data"] == org["data"]


def test_only_our_events_have_a_public_form() -> None:
    assert public_subject("egisz.registry.evt.worker.registered") == (
        "egisz.registry.pub.worker.registered"
    )
    for other in ("egisz.registry.dlq.x", "bench.evt.x", "egisz.registry.cmd.worker.get"):
        assert public_subject(other) is None, other
