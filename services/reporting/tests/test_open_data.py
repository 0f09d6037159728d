"""Open data from the synthetic country: the full files read back with pyarrow and DuckDB match
their manifest (counts, SHA-256), carry nothing but the public data, and the next day's increment
holds only what changed; the retention rule."""

from __future__ import annotations

import csv
import hashlib
import io
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from egisz.contracts import registry as wire, subjects
from egisz.reporting.domain.open_data import Kept, to_remove
from egisz.reporting.facts_store import FactsStore
from egisz.reporting.intake import facts_of
from egisz.reporting.open_data import OpenDataFiles

from .country import ON, ORG_A, Country, country

AT = datetime(2026, 1, 1, tzinfo=UTC)


def loaded(c: Country) -> FactsStore:
    store = FactsStore()
    for spec, data in c.events:
        store.apply(facts_of(spec, data, AT))
    return store


def test_the_full_files_read_back_as_their_manifest_says(tmp_path: Path) -> None:
    files = OpenDataFiles(tmp_path)
    full, increment = files.publish(loaded(country()), ON)
    folder = tmp_path / ON.isoformat() / "full"
    by_name = {f["name"]: f for f in full.manifest["files"]}
    assert full.manifest["schema_version"] == "1.0" and full.manifest["based_on"] is None
    for name, meta in by_name.items():
        content = (folder / name).read_bytes()
        assert hashlib.sha256(content).hexdigest() == meta["sha256"]
        assert len(content) == meta["bytes"]
    practitioners = pq.read_table(folder / "practitioners.parquet")
    assert practitioners.num_rows == by_name["practitioners.parquet"]["rows"] == 17
    assert practitioners.column_names == [
        "worker_id",
        "last_name",
        "first_name",
        "middle_name",
        "specialities",
        "speciality_codes",
        "accreditation_valid_until",
        "accreditation_valid",
        "organizations",
    ]
    rows = {r["worker_id"]: r for r in practitioners.to_pylist()}
    assert rows["p1"]["specialities"] == ["Терапия"]
    assert rows["p1"]["accreditation_valid"] is True
    assert rows["p15"]["organizations"] == []  # left org C
    assert rows["p14"]["organizations"] == [ORG_A]
    parquet = folder / "organizations.parquet"
    counted = duckdb.connect().execute(f"SELECT count(*) FROM read_parquet('{parquet}')")
    assert counted.fetchall() == [(3,)]
    table = list(csv.DictReader(io.StringIO((folder / "practitioners.csv").read_text())))
    assert len(table) == by_name["practitioners.csv"]["rows"] == 17
    assert next(r for r in table if r["worker_id"] == "p1")["specialities"] == "Терапия"
    assert increment.manifest["kind"] == "increment"  # the first: everything


def test_the_next_days_increment_holds_only_what_changed(tmp_path: Path) -> None:
    c = country()
    files = OpenDataFiles(tmp_path)
    files.publish(loaded(c), ON)
    c.add(
        subjects.WORKER_UPDATED,
        wire.WorkerUpdated(
            worker_id="p5",
            snils="11223344595",
            record_version=50,
            sections=["personal"],
            last_name="Смирнова",
            first_name="Анна",
            birth_date=date(1975, 5, 1),
        ),
    )
    c.organization("1.2.643.5.1.13.13.12.2.50.9", "Новая поликлиника", "medical", "50")
    _, increment = files.publish(loaded(c), ON + timedelta(days=1))
    assert increment.manifest["based_on"] == ON.isoformat()
    folder = tmp_path / (ON + timedelta(days=1)).isoformat() / "increment"
    changed = pq.read_table(folder / "practitioners.parquet").to_pylist()
    assert [(r["op"], r["worker_id"], r["last_name"]) for r in changed] == [
        ("upsert", "p5", "Смирнова")
    ]
    orgs = pq.read_table(folder / "organizations.parquet").to_pylist()
    assert [(r["op"], r["oid"]) for r in orgs] == [("upsert", "1.2.643.5.1.13.13.12.2.50.9")]


def test_nothing_personal_but_the_name_is_published(tmp_path: Path) -> None:
    OpenDataFiles(tmp_path).publish(loaded(country()), ON)
    for path in (tmp_path / ON.isoformat()).rglob("*.csv"):
        text = path.read_text()
        assert "11223344595" not in text and "1971-05-01" not in text


def test_fulls_are_kept_a_week_and_increments_five_weeks() -> None:
    today = date(2026, 12, 6)
    kept = [Kept(today - timedelta(days=n), True, True) for n in range(40)]
    gone = to_remove(kept, today)
    assert (today - timedelta(days=6), "full") not in gone
    assert (today - timedelta(days=7), "full") in gone
    assert (today - timedelta(days=34), "increment") not in gone
    assert (today - timedelta(days=35), "increment") in gone


async def test_the_daily_job_makes_todays_release_once(tmp_path: Path) -> None:
    from egisz.reporting.facts_store import Facts
    from egisz.reporting.usecases.open_data import publish_daily

    facts = Facts()
    for spec, data in country().events:
        await facts.apply(facts_of(spec, data, AT))
    files = OpenDataFiles(tmp_path)
    await publish_daily(facts, files, ON)
    made = (tmp_path / ON.isoformat() / "full" / "manifest.json").stat().st_mtime_ns
    await publish_daily(facts, files, ON)
    assert (tmp_path / ON.isoformat() / "full" / "manifest.json").stat().st_mtime_ns == made
    await publish_daily(facts, files, ON + timedelta(days=1))
    assert [(r.day, r.kind) for r in files.kept()][:2] == [
        (ON + timedelta(days=1), "full"),
        (ON + timedelta(days=1), "increment"),
    ]
