"""An FRMO organization's structure and equipment as values: subdivisions (their OIDs, kinds, bed
counts by profile, when they closed) and items of equipment, each with its book's code where it
has one. The organization record changes them (`organization.py`). Pure."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from egisz.registry.domain.checks import Problems


@dataclass(frozen=True)
class Subdivision:
    oid: str
    name: str
    kind: str
    beds: dict[str, int] = field(default_factory=dict)
    closed_on: date | None = None  # kept, not removed: its OID is never given to another
    bed_codes: dict[str, str] = field(default_factory=dict)  # profile → its book code
    kind_code: str | None = None  # in the subdivision kinds' book; None: the kind as text

    def open_on(self, day: date) -> bool:
        return self.closed_on is None or self.closed_on > day


@dataclass(frozen=True)
class Equipment:
    id: str
    kind: str
    model: str
    serial_number: str
    commissioned_on: date
    kind_code: str | None = None  # in the equipment kinds' book; None: text


def check_equipment(item: Equipment, *, today: date) -> None:
    p = Problems()
    p.text("kind", item.kind)
    p.text("model", item.model)
    p.text("serial_number", item.serial_number)
    p.past_date("commissioned_on", item.commissioned_on, today=today)
    p.raise_if_any()
