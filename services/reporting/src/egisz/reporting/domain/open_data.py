"""Open data: what the register publishes for anyone to load, and how long it is kept. Each day
a release: the full files of the public data and the increment since the release before (rows
added or changed, and the ids gone). Kept: the last `FULL_DAYS` days' full files and the last
`INCREMENT_DAYS` days' increments — a loader that misses a month starts again from a full set.
Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

FULL_DAYS = 7
INCREMENT_DAYS = 35
DATASETS = ("organizations", "practitioners")
FORMATS = ("parquet", "csv")


@dataclass(frozen=True)
class Kept:
    """One release's parts on disk."""

    day: date
    full: bool
    increment: bool


def to_remove(kept: list[Kept], today: date) -> list[tuple[date, str]]:
    """The parts the retention rule drops: (day, `full` or `increment`)."""
    gone: list[tuple[date, str]] = []
    for k in kept:
        if k.full and k.day <= today - timedelta(days=FULL_DAYS):
            gone.append((k.day, "full"))
        if k.increment and k.day <= today - timedelta(days=INCREMENT_DAYS):
            gone.append((k.day, "increment"))
    return gone


def file_names() -> list[str]:
    return [f"{d}.{f}" for d in DATASETS for f in FORMATS]
