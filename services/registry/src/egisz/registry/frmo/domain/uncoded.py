"""FRMO's fields still in text that a reference book codes: a subdivision's kind, a bed profile, an
item of equipment's kind — which book, the day its code must be in force on, and how the record
takes the code. What the support desk's queue works through beside FRMR's (`frmo/uncoded.py`).
Pure."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from egisz.registry.domain.coding import BED_PROFILES, EQUIPMENT_KINDS, SUBDIVISION_KINDS, Coded
from egisz.registry.frmo.domain.organization import Organization


@dataclass(frozen=True)
class UncodedItem:
    """One field of an organization's record, in text, that `book` codes on the day `on`."""

    kind: str  # subdivision | beds | equipment
    entry_id: str  # the subdivision's OID, `<subdivision OID>|<profile>`, the equipment's id
    field: str  # kind | profile
    book: str
    text: str
    on: date


def uncoded_items(o: Organization, today: date) -> list[UncodedItem]:
    """Every field of the record that waits for its code, subdivisions first."""
    found = []
    for s in o.subdivisions:
        if not s.kind_code and s.kind.strip():
            found.append(
                UncodedItem("subdivision", s.oid, "kind", SUBDIVISION_KINDS, s.kind, today)
            )
        found += [
            UncodedItem("beds", f"{s.oid}|{p}", "profile", BED_PROFILES, p, today)
            for p in s.beds
            if p not in s.bed_codes
        ]
    found += [
        UncodedItem("equipment", e.id, "kind", EQUIPMENT_KINDS, e.kind, e.commissioned_on)
        for e in o.equipment
        if not e.kind_code and e.kind.strip()
    ]
    return found


def give_code(o: Organization, item: UncodedItem, found: Coded, *, today: date) -> None:
    """The record takes the book's code and name in the field (a profile's beds move to the
    book's name, added to any already counted under it)."""
    if item.kind == "subdivision":
        s = o.subdivision(item.entry_id)
        o.rename_subdivision(s.oid, name=s.name, kind=found.name, kind_code=found.code)
    elif item.kind == "beds":
        oid, profile = item.entry_id.split("|", 1)
        s = o.subdivision(oid, open_on=today)
        count = s.beds[profile] + s.beds.get(found.name, 0) * (found.name != profile)
        o.set_beds(oid, profile, 0, today=today)
        o.set_beds(oid, found.name, count, today=today, code=found.code)
    else:
        e = o.equipment_item(item.entry_id)
        o.update_equipment(replace(e, kind=found.name, kind_code=found.code), today=today)
