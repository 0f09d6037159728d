"""The starter set shipped with the project: partial versions of the dictionaries the registers
use, each with its source (the act or the ФНСИ passport), loaded where a dictionary has no
version yet. Dated 1 January 2000, a starter version reads as older than any official one; the
full official versions go in through `dictionary.load`, and a starter never goes in beside one."""

from __future__ import annotations

import json
from collections.abc import Callable
from importlib.resources import files

from egisz.registry.nsi import usecases
from egisz.registry.nsi.formats import read_file
from egisz.registry.repository import RegistryUnitOfWork
from egisz.runtime.logging import get_logger

log = get_logger("egisz.registry.nsi")


def starter_files() -> list[tuple[str, bytes]]:
    folder = files("egisz.registry.nsi") / "starter"
    return sorted((f.name, f.read_bytes()) for f in folder.iterdir() if f.name.endswith(".json"))


async def load_starter_set(units: Callable[[], RegistryUnitOfWork]) -> int:
    """Load each starter dictionary that has no version yet; the number loaded."""
    loaded = 0
    for name, content in starter_files():
        passport = json.loads(content)["passport"]
        async with (uow := units()):
            known = await uow.dictionaries.get(passport["oid"])
        if known is not None and known.versions:
            continue
        given = usecases.Given(source=passport["source"], partial=True)
        done = await usecases.load_version(units(), read_file(content), given)
        loaded += done.loaded
        log.info(
            "starter dictionary loaded",
            file=name,
            oid=done.dictionary.oid,
            entries=done.version.entries,
        )
    return loaded
