"""The public form of our events: what other teams read.

Every event is published twice: on `egisz.<service>.evt.…` for our own services, whole (they keep
what they need: notify the contacts, portfolio the SNILS), and on `egisz.<service>.pub.…` for
everyone else, without personal data. The public form is the event with every field named in
`PERSONAL_FIELDS` removed at any depth, a person's mailbox (`person:<SNILS>`, as notify's
`recipient_id` and event `subject`) reduced to `person`, and the `actor` to its role. Ids
(`worker_id`, `application_id`) stay: a team that needs more asks the owning service under its
own identity, which the register authorizes.
Its JSON Schema is the event's with the same fields removed (`public_schema`), published beside
it (`CloudEvent[X].public.schema.json`). Other teams' NATS user reads only `egisz.*.pub.>`.
"""

from __future__ import annotations

import json
from typing import Any

# Personal data in events: never in the public form. (An organization's INN is public.)
PERSONAL_FIELDS = frozenset(
    {"snils", "head_snils", "birth_date", "sex", "email", "phone", "contact_email"}
)
PERSON_MAILBOX = "person"


def public_subject(subject: str) -> str | None:
    """`egisz.<service>.evt.<aggregate>.<event>` → `egisz.<service>.pub.<aggregate>.<event>`;
    None for a subject that is not one of our events (it has no public form)."""
    parts = subject.split(".", 3)
    if len(parts) != 4 or parts[0] != "egisz" or parts[2] != "evt":
        return None
    return f"egisz.{parts[1]}.pub.{parts[3]}"


def public_wildcard(service: str | None = None) -> str:
    return f"egisz.{service}.pub.>" if service else "egisz.*.pub.>"


def public_data(value: Any) -> Any:
    """`value` without personal data, at any depth."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key in PERSONAL_FIELDS:
                continue
            out[key] = _unnamed(item) if key == "recipient_id" else public_data(item)
        return out
    if isinstance(value, list):
        return [public_data(v) for v in value]
    return value


def _unnamed(mailbox: Any) -> Any:
    """A person's mailbox (`person:<SNILS>`) as `person`; an organization's stays."""
    return PERSON_MAILBOX if str(mailbox).startswith(f"{PERSON_MAILBOX}:") else mailbox


def public_event(body: bytes) -> bytes:
    """A CloudEvent's public form (the same id, type and time; its data without personal data;
    the actor as its role only)."""
    event = json.loads(body)
    event["data"] = public_data(event.get("data"))
    event["subject"] = _unnamed(event.get("subject"))  # notify's events are about a mailbox
    if isinstance(event.get("actor"), str):
        event["actor"] = event["actor"].split(":", 1)[0]
    return json.dumps(event, ensure_ascii=False, separators=(",", ":")).encode()


def public_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """The JSON Schema of an event's public form: the personal fields gone from every object
    (and from what it requires)."""
    if isinstance(schema, dict):
        out: dict[str, Any] = {}
        for key, item in schema.items():
            if key == "properties" and isinstance(item, dict):
                out[key] = {
                    name: public_schema(sub)
                    for name, sub in item.items()
                    if name not in PERSONAL_FIELDS
                }
            elif key == "required" and isinstance(item, list):
                out[key] = [name for name in item if name not in PERSONAL_FIELDS]
            else:
                out[key] = public_schema(item)
        return out
    if isinstance(schema, list):
        return [public_schema(s) for s in schema]
    return schema
