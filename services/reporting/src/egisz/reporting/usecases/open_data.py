"""Open data: today's release made (by the daily job or the desk's command), the releases kept
listed, their files read part by part by anyone."""

from __future__ import annotations

import asyncio
from datetime import date

from egisz.reporting.domain.errors import OpenDataFileNotFoundError
from egisz.reporting.facts_store import Facts, FactsStore
from egisz.reporting.open_data import OpenDataFiles, Release
from egisz.runtime.files import PART_MAX
from egisz.runtime.logging import get_logger

log = get_logger("egisz.reporting.open_data")


def _publish(store: FactsStore, files: OpenDataFiles, today: date) -> list[Release]:
    made = files.publish(store, today)
    gone = files.retain(today)
    log.info(
        "open data published",
        release=today.isoformat(),
        rows={f["name"]: f["rows"] for f in made[0].manifest["files"]},
        removed=[f"{d.isoformat()}/{k}" for d, k in gone],
    )
    return files.kept()


async def publish(facts: Facts, files: OpenDataFiles, today: date) -> list[Release]:
    """Today's release, made again if it exists (the files of the day are replaced whole)."""
    found: list[Release] = await facts.read(_publish, files, today)
    return found


async def publish_daily(facts: Facts, files: OpenDataFiles, today: date) -> None:
    """The scheduled job: today's release once."""
    if any(r.day == today for r in files.kept()):
        return
    await publish(facts, files, today)


def read_part(
    files: OpenDataFiles, day: str, kind: str, name: str, part: int
) -> tuple[int, bytes, bool]:
    """The file's size, its part's bytes and whether it is the last."""
    path = files.path_of(day, kind, name)
    if path is None:
        raise OpenDataFileNotFoundError()
    size = path.stat().st_size
    with path.open("rb") as f:
        f.seek(part * PART_MAX)
        data = f.read(PART_MAX)
    return size, data, (part + 1) * PART_MAX >= size


async def read(
    files: OpenDataFiles, day: str, kind: str, name: str, part: int
) -> tuple[int, bytes, bool]:
    return await asyncio.to_thread(read_part, files, day, kind, name, part)
