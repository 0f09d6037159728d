"""The open-data files on the service's volume (`REPORTING_OPEN_DATA_PATH`): each day's release
in `<day>/full/` and `<day>/increment/`, each with its `manifest.json` (rows, bytes and SHA-256
of every file, the schema version). Written by DuckDB from the facts into a folder of its own,
then renamed into place, so a reader never sees half a release. The files' schema:
docs/open-data.md."""

from __future__ import annotations

import hashlib
import json
import shutil
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from egisz.contracts.reporting import OPEN_DATA_SCHEMA
from egisz.reporting.domain.open_data import DATASETS, Kept, to_remove
from egisz.reporting.facts_store import FactsStore

# The public data as of `$on`: an organization's requisites; a practitioner's name, the
# specialities of their accreditations in force, the latest accreditation's end, current
# employers.
_QUERIES = {
    "organizations": """
        SELECT oid, name, type, region, inn, ogrn FROM organizations
        WHERE type IS NOT NULL ORDER BY oid""",
    "practitioners": """
        WITH latest AS (
            SELECT worker_id, max(valid_until) AS valid_until FROM accreditations GROUP BY 1
        ), practising AS (
            SELECT worker_id,
                   list(DISTINCT speciality ORDER BY speciality) AS specialities,
                   list(DISTINCT speciality_code ORDER BY speciality_code)
                       FILTER (WHERE speciality_code IS NOT NULL) AS speciality_codes
            FROM accreditations WHERE passed_on <= $on AND valid_until >= $on GROUP BY 1
        ), employers AS (
            SELECT worker_id, list(DISTINCT organization_oid ORDER BY organization_oid) AS oids
            FROM jobs WHERE NOT annulled AND start_date <= $on
              AND (end_date IS NULL OR end_date >= $on)
            GROUP BY 1
        )
        SELECT n.worker_id, n.last_name, n.first_name, n.middle_name,
               coalesce(p.specialities, []) AS specialities,
               coalesce(p.speciality_codes, []) AS speciality_codes,
               l.valid_until AS accreditation_valid_until,
               coalesce(l.valid_until >= $on, false) AS accreditation_valid,
               coalesce(e.oids, []) AS organizations
        FROM practitioner_names n
        LEFT JOIN latest l USING (worker_id) LEFT JOIN practising p USING (worker_id)
        LEFT JOIN employers e USING (worker_id)
        ORDER BY n.worker_id""",
}
_KEYS = {"organizations": "oid", "practitioners": "worker_id"}
_LISTS = {"specialities", "speciality_codes", "organizations"}  # CSV: joined by «|»


@dataclass(frozen=True)
class Release:
    day: date
    kind: str  # full or increment
    manifest: dict[str, Any]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _quoted(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _csv_select(columns: list[str], source: str) -> str:
    shown = [f"array_to_string({c}, '|') AS {c}" if c in _LISTS else c for c in columns]
    return f"SELECT {', '.join(shown)} FROM {source}"


class OpenDataFiles:
    def __init__(self, root: Path) -> None:
        self.root = root

    def kept(self) -> list[Release]:
        """The releases on disk, the newest first."""
        found: list[Release] = []
        if not self.root.exists():
            return found
        for folder in self.root.glob("????-??-??/*/manifest.json"):
            manifest = json.loads(folder.read_text())
            day = date.fromisoformat(manifest["release"])
            found.append(Release(day, manifest["kind"], manifest))
        # the newest day first; within a day, its full set before its increment
        return sorted(found, key=lambda r: (-r.day.toordinal(), r.kind != "full"))

    def path_of(self, day: str, kind: str, name: str) -> Path | None:
        path = self.root / day / kind / name
        return path if path.is_file() else None

    def publish(self, store: FactsStore, on: date) -> list[Release]:
        """Today's full files, and the increment since the last full before today."""
        previous = next((r for r in self.kept() if r.kind == "full" and r.day < on), None)
        work = self.root / f".work-{uuid.uuid4().hex}"
        db = store.cursor()
        try:
            for dataset in DATASETS:
                query = _QUERIES[dataset]
                params = {"on": on} if "$on" in query else None
                db.execute(f"CREATE TEMP TABLE od_{dataset} AS {query}", params)
            tables = {d: f"od_{d}" for d in DATASETS}
            full = self._write(db, on, work / "full", "full", None, tables)
            based = self.root / previous.day.isoformat() / "full" if previous else None
            changes = {d: self._changes(db, d, based) for d in DATASETS}
            day = previous.day.isoformat() if previous else None
            increment = self._write(db, on, work / "increment", "increment", day, changes)
            target = self.root / on.isoformat()
            if target.exists():
                shutil.rmtree(target)
            work.rename(target)
        finally:
            db.close()
            if work.exists():
                shutil.rmtree(work)
        return [Release(on, "full", full), Release(on, "increment", increment)]

    @staticmethod
    def _changes(db: Any, dataset: str, based: Path | None) -> str:
        """Rows added or changed since the previous full (`op` «upsert»), and the keys gone
        (`op` «delete», the other columns empty); without a previous full, every row."""
        key, now, changes = _KEYS[dataset], f"od_{dataset}", f"inc_{dataset}"
        if based is None:
            db.execute(f"CREATE TEMP TABLE {changes} AS SELECT 'upsert' AS op, * FROM {now}")
            return changes
        before = f"read_parquet({_quoted(based / f'{dataset}.parquet')})"
        db.execute(
            f"CREATE TEMP TABLE {changes} AS SELECT 'upsert' AS op, * "
            f"FROM (SELECT * FROM {now} EXCEPT SELECT * FROM {before})"
        )
        db.execute(
            f"INSERT INTO {changes} (op, {key}) SELECT 'delete', {key} FROM {before} "
            f"WHERE {key} NOT IN (SELECT {key} FROM {now})"
        )
        return changes

    @staticmethod
    def _write(
        db: Any, on: date, folder: Path, kind: str, based_on: str | None, sources: dict[str, str]
    ) -> dict[str, Any]:
        """The sources' Parquet and CSV files and their manifest."""
        folder.mkdir(parents=True)
        files = []
        for dataset, source in sources.items():
            columns = [c[0] for c in db.execute(f"SELECT * FROM {source} LIMIT 0").description]
            rows = db.execute(f"SELECT count(*) FROM {source}").fetchone()[0]
            parquet, csv = folder / f"{dataset}.parquet", folder / f"{dataset}.csv"
            db.execute(f"COPY (SELECT * FROM {source}) TO {_quoted(parquet)} (FORMAT parquet)")
            db.execute(
                f"COPY ({_csv_select(columns, source)}) TO {_quoted(csv)} (HEADER, DELIMITER ',')"
            )
            for path, fmt in ((parquet, "parquet"), (csv, "csv")):
                files.append(
                    {
                        "name": path.name,
                        "dataset": dataset,
                        "format": fmt,
                        "rows": rows,
                        "bytes": path.stat().st_size,
                        "sha256": _sha256(path),
                    }
                )
        manifest = {
            "release": on.isoformat(),
            "kind": kind,
            "schema_version": OPEN_DATA_SCHEMA,
            "generated_at": datetime.now(UTC).isoformat(),
            "based_on": based_on,
            "files": files,
        }
        (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
        return manifest

    def retain(self, today: date) -> list[tuple[date, str]]:
        """Drop what the retention rule no longer keeps; what was dropped."""
        days: dict[date, Kept] = {}
        for r in self.kept():
            k = days.get(r.day, Kept(r.day, False, False))
            full, increment = k.full or r.kind == "full", k.increment or r.kind == "increment"
            days[r.day] = Kept(r.day, full, increment)
        gone = to_remove(list(days.values()), today)
        for day, kind in gone:
            shutil.rmtree(self.root / day.isoformat() / kind, ignore_errors=True)
            folder = self.root / day.isoformat()
            if folder.exists() and not any(folder.iterdir()):
                folder.rmdir()
        return gone
