"""The backup drill (deploy/README.md, «Backup and restore»), done for real: workers are
registered while `egisz backup take` copies the running stack; then everything is lost (every
process stopped, the data folder gone), `egisz backup restore` puts the copy onto a new, empty
stack, its services start, the reports' facts are rebuilt from the stream, and registering goes
on. Whatever the copy holds is whole (each worker one record, one portfolio, one applicant, one
«Личный кабинет создан»), everything answered before the copy began is in it, and nothing is
dead-lettered or left unsent."""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import nats
import pytest
from pymongo import AsyncMongoClient

from egisz.cli.client import Client, dev_token
from egisz.cli.stack import SERVICES, Stack, StackSettings
from egisz.contracts import subjects
from egisz.contracts.envelope import Role
from egisz.testsupport.harness import snils_for

from .clusterrun import load as registering
from .conftest import eventually
from .faultrun import Mongo, Tally, counts, dead_letters, in_thread, unsent


def egisz(*args: str, cwd: Path) -> str:
    """The CLI as an operator runs it, from a folder of their own."""
    done = subprocess.run(
        [sys.executable, "-m", "egisz.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


async def snils_in(stack: Stack, db: str, collection: str) -> list[str]:
    assert stack.mongo
    mongo: Mongo = AsyncMongoClient(stack.mongo.url)
    try:
        return [d["snils"] async for d in mongo[db][collection].find({}, {"snils": 1})]
    finally:
        await mongo.close()


async def settled(stack: Stack, digits: list[str], timeout: float = 120) -> dict[str, list[int]]:
    """Each worker's counts once they are all 1, or as they stand at the deadline."""
    assert stack.mongo
    mongo: Mongo = AsyncMongoClient(stack.mongo.url)
    want = [1] * len(digits)
    deadline = time.monotonic() + timeout
    try:
        while True:
            got = await counts(mongo, digits)
            if all(v == want for v in got.values()) or time.monotonic() > deadline:
                return got
            await asyncio.sleep(1)
    finally:
        await mongo.close()


async def rebuild_reports(stack: Stack) -> dict[str, Any]:
    assert stack.nats
    token = dev_token(stack.private_key, Role.REGISTRY_OPERATOR, snils=snils_for("desk"))
    async with Client(stack.nats.url, timeout=10) as client:
        started = await client.call(subjects.REBUILD_START.subject, {"confirm": True}, token=token)
        assert started["ok"], started
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            reply = await client.call(subjects.REBUILD_GET.subject, {}, token=token)
            if reply["result"]["state"] != "running":
                return dict(reply["result"])
            await asyncio.sleep(0.5)
    raise AssertionError("the rebuild did not finish within 60 s")


@pytest.mark.e2e
@pytest.mark.timeout(420)
async def test_a_backup_taken_under_load_restores_onto_an_empty_stack_whole(
    tmp_path: Path,
) -> None:
    old = Stack(StackSettings.on_free_ports(tmp_path / "old"), sink=None)
    backup, elsewhere = tmp_path / "backup", tmp_path / "operator"
    elsewhere.mkdir()
    tally = Tally()
    try:
        await in_thread(old.start)
        assert old.nats and old.mongo
        stop = asyncio.Event()
        load = await registering(old, 3, stop, tally, 0, 1_000, http=False)
        await eventually(lambda: len(tally.answered) >= 10 or load.done(), bool, 60)
        answered_before = set(tally.answered)
        # The copy is taken while the clients go on registering.
        where = ["--nats", old.nats.url, "--mongo", old.mongo.url]
        await in_thread(lambda: egisz("backup", "take", str(backup), *where, cwd=elsewhere))
        stop.set()
        await load
    finally:
        await in_thread(old.stop)
    manifest = json.loads((backup / "manifest.json").read_text(encoding="utf-8"))
    keys = tmp_path / "old" / "keys"
    new_settings = StackSettings.on_free_ports(tmp_path / "new")
    shutil.copytree(keys, new_settings.keys_dir)  # the secrets come from their store, not data
    shutil.rmtree(tmp_path / "old")  # everything else is lost
    new = Stack(new_settings, sink=None)
    try:
        await in_thread(new.start_infrastructure)
        assert new.nats and new.mongo
        where = ["--nats", new.nats.url, "--mongo", new.mongo.url]
        said = await in_thread(
            lambda: egisz("backup", "restore", str(backup), *where, cwd=elsewhere)
        )
        print(said)
        for name in SERVICES:
            new.start_service(name)
        await in_thread(lambda: new.wait_ready(*SERVICES))
        kept = await snils_in(new, "egisz_registry", "workers")
        assert answered_before <= set(kept), "an answer given before the copy began is lost"
        got = await settled(new, kept)
        assert all(v == [1] * len(kept) for v in got.values()), got
        # No service holds a worker the registry's copy lacks (an event of a lost change).
        for db, collection in [
            ("egisz_portfolio", "portfolios"),
            ("egisz_accreditation", "applicants"),
        ]:
            assert set(await snils_in(new, db, collection)) == set(kept), db
        # Carrying on: new registrations on the restored stack go all the way through.
        more, stop = Tally(), asyncio.Event()
        load = await registering(new, 2, stop, more, 5_000, 1_000, http=False)
        await eventually(lambda: len(more.answered) >= 6 or load.done(), bool, 60)
        stop.set()
        await load
        after = sorted(more.answered)
        got = await settled(new, after)
        assert all(v == [1] * len(after) for v in got.values()), got
        rebuilt = await rebuild_reports(new)
        assert rebuilt["state"] == "done", f"the rebuild {rebuilt['state']}: {rebuilt['error']}"
        registry = manifest["positions"]["EGISZ_REGISTRY"]
        assert await dead_letters(new) == dict.fromkeys(SERVICES, 0)
        assert new.mongo
        mongo: Mongo = AsyncMongoClient(new.mongo.url)
        assert await unsent(mongo) == dict.fromkeys(SERVICES, 0)
        await mongo.close()
        assert new.permission_violations() == []
        print(
            f"answered before the copy: {len(answered_before)}, in the copy: {len(kept)}, "
            f"answered during it and not kept: {len(set(tally.answered) - set(kept))}, "
            f"registry stream at the copy: {registry['last_seq']}, rebuilt: {rebuilt}"
        )
    finally:
        await in_thread(new.stop)


def refused(*args: str, cwd: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "egisz.cli", *args], cwd=cwd, capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 1, done.stdout + done.stderr
    return done.stderr


@pytest.mark.e2e
async def test_backup_refuses_a_used_folder_and_restore_a_stack_in_use_or_a_folder_without_a_copy(
    nats_url: str, mongo_url: str, tmp_path: Path
) -> None:
    stream = f"T_BACKUP_{uuid.uuid4().hex[:8].upper()}"
    nc = await nats.connect(nats_url)
    await nc.jetstream().add_stream(name=stream, subjects=[f"t.backup.{stream.lower()}"])
    try:
        await refusals(stream, nats_url, mongo_url, tmp_path)
    finally:
        await nc.jetstream().delete_stream(stream)
        await nc.close()


async def refusals(stream: str, nats_url: str, mongo_url: str, tmp_path: Path) -> None:
    where = ["--nats", nats_url, "--mongo", mongo_url]
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "notes.txt").write_text("x", encoding="utf-8")
    said = await in_thread(
        lambda: refused("backup", "take", str(tmp_path / "used"), *where, cwd=tmp_path)
    )
    assert "не пуста" in said
    said = await in_thread(
        lambda: refused("backup", "restore", str(tmp_path / "used"), *where, cwd=tmp_path)
    )
    assert "нет manifest.json" in said
    copy = tmp_path / "copy"
    copy.mkdir()
    manifest = {"format": "egisz-backup/1", "databases": {}, "streams": {stream: {}}}
    (copy / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    said = await in_thread(lambda: refused("backup", "restore", str(copy), *where, cwd=tmp_path))
    assert f"поток {stream} уже есть" in said
    manifest["format"] = "egisz-backup/0"
    (copy / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    said = await in_thread(lambda: refused("backup", "restore", str(copy), *where, cwd=tmp_path))
    assert "не поддерживается" in said
    # Streams only, the databases left to MongoDB's own tooling: the manifest says so.
    alone = tmp_path / "streams-only"
    await in_thread(
        lambda: egisz("backup", "take", str(alone), "--no-databases", *where, cwd=tmp_path)
    )
    taken = json.loads((alone / "manifest.json").read_text(encoding="utf-8"))
    assert taken["databases"] is None
    assert stream in taken["streams"]
    assert not (alone / "mongo").exists()
