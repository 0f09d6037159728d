"""`make bench`: workforce monitoring at national scale, on 2 threads and a 1.5 GB memory limit.

1. A synthetic country written straight into the facts' tables by SQL (the service's own schema):
   by default 2,500,000 workers, 100,000 organizations in 85 regions, five years of jobs (a fifth
   of the people changed jobs once, some moving between organizations), staffing tables (three
   subdivisions × eight positions, most posts changed once), one accreditation each.
2. The reports the service answers, through its own `FactsStore` and SQL: a regional occupancy
   (target p99 ≤ 2 s), the national one by region (≤ 10 s), a year of national movement and the
   national structure; p50/p99 over the runs.
   Then the day's open-data release (target for the full set ≤ 10 min).
3. The rebuild rate: stored events (CloudEvents' JSON, as the stream keeps them) through the
   service's intake into a fresh store in batches, beside the raw write of the same rows.
4. The figures that chose the store: the same regional occupancy over the same facts at 1% of the
   country in MongoDB (SecantusDB, the embedded default: the documents inserted, then one
   aggregation pipeline per report), beside DuckDB at that size.

Peak resident memory of this process is printed last (target ≤ 2 GB).

    python tests/bench/reporting_scale.py [WORKERS] [ORGANIZATIONS]
"""

from __future__ import annotations

import json
import resource
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa

from egisz.reporting.domain.audience import Scope
from egisz.reporting.facts_store import FactsStore
from egisz.reporting.intake import facts_of_stored
from egisz.reporting.open_data import OpenDataFiles

THREADS, MEMORY = 2, "1500MB"
ON = date(2026, 3, 1)
POSITIONS = ["27", "41", "109", "115", "122", "140", "150", "205"]


def generate(store: FactsStore, workers: int, orgs: int) -> None:
    """The country in SQL: deterministic (hashes of the row number), so runs compare."""
    db = store._db  # the bench fills the service's own tables in bulk
    positions = "[" + ", ".join(f"'{p}'" for p in POSITIONS) + "]"
    db.execute(f"""
    INSERT INTO organizations
    SELECT '1.2.643.5.1.13.13.12.2.' || i, 'Организация ' || i,
           CASE WHEN i % 10 = 0 THEN 'research' ELSE 'medical' END,
           lpad(((i % 85) + 1)::VARCHAR, 2, '0'),
           lpad((7700000000 + i)::VARCHAR, 10, '0'), (1027700000000 + i)::VARCHAR
    FROM range({orgs}) t(i);

    INSERT INTO posts
    SELECT 'l-' || o || '-' || s || '-' || p || '-' || v,
           '1.2.643.5.1.13.13.12.2.' || o, '1.2.643.5.1.13.13.12.2.' || o || '.' || s,
           ({positions})[p + 1], 'должность ' || p,
           (1 + (hash(o, s, p, v) % 12)) * 0.25,
           CASE v WHEN 0 THEN DATE '2021-01-01' ELSE DATE '2023-07-01' END,
           TIMESTAMPTZ '2021-01-01 00:00:00+00'
    FROM range({orgs}) a(o), range(3) b(s), range(8) c(p), range(2) d(v)
    WHERE v = 0 OR hash(o, s, p) % 3 > 0;

    INSERT INTO people
    SELECT 'w' || i, DATE '1955-01-01' + (hash(i) % 16000)::INT,
           CASE hash(i, 1) % 20 WHEN 0 THEN NULL ELSE
               CASE WHEN hash(i, 2) % 10 < 7 THEN 'female' ELSE 'male' END END, 1
    FROM range({workers}) t(i);

    INSERT INTO practitioner_names
    SELECT 'w' || i, 'Фамилия' || (i % 5000), 'Имя' || (i % 300),
           CASE WHEN i % 7 = 0 THEN NULL ELSE 'Отчество' || (i % 200) END, 1
    FROM range({workers}) t(i);

    -- Each person's job now; a fifth had an earlier one that ended (a dismissal, some moves).
    INSERT INTO jobs
    SELECT 'e' || i || '-' || k, 'w' || i, 2 + k,
           '1.2.643.5.1.13.13.12.2.' || (hash(i, k) % {orgs}),
           '1.2.643.5.1.13.13.12.2.' || (hash(i, k) % {orgs}) || '.' || (hash(i, k, 3) % 3),
           ({positions})[(hash(i, k, 4) % 8)::BIGINT + 1], 'должность',
           CASE WHEN hash(i, k, 5) % 5 = 0 THEN 0.5 ELSE 1.0 END,
           CASE k WHEN 0 THEN DATE '2021-01-01' + (hash(i, 6) % 700)::INT
                  ELSE DATE '2023-01-01' + (hash(i, 7) % 1100)::INT END,
           CASE WHEN k = 0 AND hash(i) % 5 = 0
                THEN DATE '2022-12-01' + (hash(i, 8) % 30)::INT END,
           CASE WHEN k = 0 AND hash(i) % 5 = 0 THEN (1 + hash(i, 9) % 6)::VARCHAR END,
           NULL, false
    FROM range({workers}) t(i), range(2) u(k)
    WHERE k = 0 OR hash(i) % 5 = 0;

    INSERT INTO accreditations
    SELECT 'a' || i, 'w' || i, ({positions})[(hash(i, 4) % 8)::BIGINT + 1], 'специальность',
           DATE '2021-06-01', DATE '2026-01-01' + (hash(i, 10) % 2000)::INT, 2
    FROM range({workers}) t(i);
    """)


def timed(call: Any, runs: int) -> tuple[float, float, Any]:
    seconds, answer = [], None
    for _ in range(runs):
        started = time.perf_counter()
        answer = call()
        seconds.append(time.perf_counter() - started)
    seconds.sort()
    p99 = seconds[min(len(seconds) - 1, round(0.99 * (len(seconds) - 1)))]
    return statistics.median(seconds), p99, answer


def reports(store: FactsStore, runs: int) -> None:
    cases = [
        (
            "regional occupancy (77, by position)",
            lambda: store.occupancy(ON, "position", Scope("77")),
            2.0,
        ),
        ("national occupancy (by region)", lambda: store.occupancy(ON, "region", Scope()), 10.0),
        (
            "national movement, 12 months",
            lambda: store.movement(date(2025, 1, 1), date(2025, 12, 1), Scope()),
            None,
        ),
        ("national structure and at-risk", lambda: store.structure(ON, Scope()), None),
    ]
    for name, call, target in cases:
        p50, p99, _ = timed(call, runs)
        said = f" (target p99 ≤ {target:.0f} s)" if target else ""
        print(f"  {name:<40} p50 {p50:6.2f} s   p99 {p99:6.2f} s{said}")


def open_data(store: FactsStore, root: Path) -> None:
    """The day's release: the full files (Parquet and CSV of both datasets) and, the first
    time, an increment of everything beside them (target for the full set: ≤ 10 min)."""
    started = time.perf_counter()
    full, _ = OpenDataFiles(root).publish(store, ON)
    took = time.perf_counter() - started
    sizes = ", ".join(
        f"{f['name']} {f['rows']:,} rows {f['bytes'] / 2**20:,.0f} MiB"
        for f in full.manifest["files"]
    )
    print(f"  open data, the day's full and first increment: {took:.0f} s ({sizes})")


def stored_events(n: int) -> list[dict[str, Any]]:
    """Employment events as the stream stores them."""
    events = []
    for i in range(n):
        events.append(
            {
                "id": uuid.uuid4().hex,
                "type": "ru.egisz.registry.employment.started.v1",
                "time": datetime(2026, 1, 1, tzinfo=UTC).isoformat(),
                "data": {
                    "worker_id": f"r{i}",
                    "snils": "11223344595",
                    "record_version": 2,
                    "employment": {
                        "employment_id": f"re{i}",
                        "organization_oid": f"1.2.643.5.1.13.13.12.2.{i % 1000}",
                        "subdivision_oid": f"1.2.643.5.1.13.13.12.2.{i % 1000}.1",
                        "position": "врач-терапевт",
                        "position_code": "27",
                        "rate": "1.00",
                        "kind": "main",
                        "start_date": "2024-01-01",
                    },
                },
            }
        )
    return events


def rebuild_rate(n: int, batch: int = 1000) -> None:
    events = [json.loads(json.dumps(e)) for e in stored_events(n)]
    fresh = FactsStore(threads=THREADS, memory_limit=MEMORY)
    started = time.perf_counter()
    for at in range(0, n, batch):
        fresh.apply([f for e in events[at : at + batch] for f in facts_of_stored(e)])
    system = time.perf_counter() - started
    assert fresh.counts()["jobs"] == n
    # The raw: the same rows, already made, each batch one Arrow table inserted (no reading of
    # events, no merging of versions, no upsert).
    raw = FactsStore(threads=THREADS, memory_limit=MEMORY)
    columns = [c[0] for c in raw._db.execute("SELECT * FROM jobs LIMIT 0").description]
    rows = [
        (
            f"re{i}",
            f"r{i}",
            2,
            f"1.2.643.5.1.13.13.12.2.{i % 1000}",
            None,
            "27",
            "x",
            Decimal(1),
            date(2024, 1, 1),
            None,
            None,
            None,
            False,
        )
        for i in range(n)
    ]
    db = raw._db
    started = time.perf_counter()
    for at in range(0, n, batch):
        part = rows[at : at + batch]
        db.register("batch", pa.table({c: [r[k] for r in part] for k, c in enumerate(columns)}))
        db.execute("INSERT INTO jobs SELECT * FROM batch")
        db.unregister("batch")
    plain = time.perf_counter() - started
    print(
        f"  rebuild: {n / system:,.0f} events/s through intake and upserts "
        f"(raw inserts of the same rows: {n / plain:,.0f}/s; {system / plain:.1f}× the raw time)"
    )


def mongo_comparison(workers: int, orgs: int) -> None:
    """1% of the country in SecantusDB: the insert rate and the regional occupancy as one
    aggregation pipeline, beside DuckDB over the same facts."""
    from pymongo import MongoClient

    from egisz.cli.infra import EmbeddedMongo, free_port

    small = FactsStore(threads=THREADS, memory_limit=MEMORY)
    generate(small, workers, orgs)
    jobs = small._db.execute(
        "SELECT employment_id, organization_oid, subdivision_oid, position_code, rate, "
        "start_date, end_date FROM jobs"
    ).fetchall()
    posts = small._db.execute(
        "SELECT line_id, organization_oid, subdivision_oid, position_code, fte, effective_from "
        "FROM posts"
    ).fetchall()
    regions = dict(small._db.execute("SELECT oid, region FROM organizations").fetchall())
    with tempfile.TemporaryDirectory() as home:
        mongo = EmbeddedMongo(Path(home), free_port())
        mongo.start()
        mongo.wait_ready()
        try:
            db = MongoClient(mongo.url)["bench"]
            started = time.perf_counter()
            db.jobs.insert_many(
                [
                    {
                        "_id": e,
                        "org": o,
                        "region": regions[o],
                        "sub": s,
                        "pos": p,
                        "rate": float(r),
                        "start": str(a),
                        "end": str(b) if b else None,
                    }
                    for e, o, s, p, r, a, b in jobs
                ]
            )
            db.posts.insert_many(
                [
                    {
                        "_id": i,
                        "org": o,
                        "region": regions[o],
                        "sub": s,
                        "pos": p,
                        "fte": float(f),
                        "from": str(d),
                    }
                    for i, o, s, p, f, d in posts
                ]
            )
            inserted = time.perf_counter() - started
            db.jobs.create_index("region")
            db.posts.create_index("region")
            on = ON.isoformat()

            def occupancy() -> list[dict[str, Any]]:
                current = [
                    {
                        "$match": {
                            "region": "77",
                            "start": {"$lte": on},
                            "$or": [{"end": None}, {"end": {"$gte": on}}],
                        }
                    },
                    {
                        "$group": {
                            "_id": "$pos",
                            "occupied": {"$sum": "$rate"},
                            "heads": {"$sum": 1},
                        }
                    },
                ]
                staffed = [
                    {"$match": {"region": "77", "from": {"$lte": on}}},
                    {"$sort": {"from": -1}},
                    {"$group": {"_id": {"sub": "$sub", "pos": "$pos"}, "fte": {"$first": "$fte"}}},
                    {"$group": {"_id": "$_id.pos", "fte": {"$sum": "$fte"}}},
                ]
                return [*db.jobs.aggregate(current), *db.posts.aggregate(staffed)]

            mongo_p50, _, _ = timed(occupancy, 5)
            duck_p50, _, _ = timed(lambda: small.occupancy(ON, "position", Scope("77")), 5)
            rows = len(jobs) + len(posts)
            print(
                f"  1% of the country ({workers:,} workers, {rows:,} job and post rows): "
                f"MongoDB (SecantusDB) inserts {rows / inserted:,.0f} rows/s; regional occupancy "
                f"p50 {mongo_p50:.2f} s there, {duck_p50:.3f} s in DuckDB "
                f"({mongo_p50 / duck_p50:,.0f}×)"
            )
            db.client.close()
        finally:
            mongo.stop()


def main() -> None:
    workers = int(sys.argv[1]) if len(sys.argv) > 1 else 2_500_000
    orgs = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
    print(
        f"reporting at scale: {workers:,} workers, {orgs:,} organizations, {THREADS} threads, "
        f"DuckDB memory limit {MEMORY}"
    )
    with tempfile.TemporaryDirectory() as home:
        store = FactsStore(Path(home) / "facts.duckdb", threads=THREADS, memory_limit=MEMORY)
        started = time.perf_counter()
        generate(store, workers, orgs)
        made = time.perf_counter() - started
        counts = store.counts()
        size = (Path(home) / "facts.duckdb").stat().st_size / 2**20
        print(
            f"  generated in {made:.0f} s: "
            + ", ".join(f"{v:,} {k}" for k, v in counts.items())
            + f"; {size:,.0f} MiB on disk"
        )
        _, total = store.occupancy(ON, "region", Scope())
        assert total.headcount and total.headcount > workers * 0.7, total
        reports(store, runs=10)
        open_data(store, Path(home) / "open-data")
        store.close()
    rebuild_rate(50_000)
    mongo_comparison(max(workers // 100, 1000), max(orgs // 100, 50))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  peak resident memory of this process: {peak:,.0f} MiB (target ≤ 2,048)")


if __name__ == "__main__":
    main()
