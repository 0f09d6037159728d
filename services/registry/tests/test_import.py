"""`egisz registry import FILE.csv` against the running registry: bad rows are reported exactly,
the rest are imported, and the same file again changes nothing."""

from __future__ import annotations

import asyncio
import csv
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest

from egisz.cli.importer import report_path, write_staff_csv
from egisz.contracts import subjects
from egisz.runtime.app import ServiceRuntime
from egisz.testsupport.harness import snils_for

from .conftest import As

pytestmark = pytest.mark.integration


async def run_import(
    nats_url: str,
    key: Path,
    file: Path,
    org: str,
    snils: str | None = None,
    command: str = "import",
) -> tuple[int, str]:
    """`egisz registry <command> FILE` as an officer of `org` (a dev token), from another
    process."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "egisz.cli",
        "registry",
        command,
        str(file),
        "--org",
        org,
        *(["--snils", snils] if snils else []),
        "--key",
        str(key),
        "--nats",
        nats_url,
        "--batch",
        "50",
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await asyncio.wait_for(process.communicate(), 120)
    assert process.returncode is not None
    return process.returncode, out.decode()


def reported(file: Path) -> dict[int, set[str]]:
    with report_path(file).open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    found: dict[int, set[str]] = {}
    for r in rows:
        assert r["error"], r
        found.setdefault(int(r["row"]), set()).add(r["field"])
    return found


async def test_an_import_reports_exactly_the_bad_rows_and_a_second_run_changes_nothing(
    registry: ServiceRuntime,
    as_: As,
    nats_url: str,
    dev_keys: tuple[Path, Path],
    tmp_path: Path,
    registry_access: Any,
) -> None:
    org = f"1.2.643.5.1.13.13.12.2.66.{uuid.uuid4().int % 10**6}"
    file = tmp_path / "staff.csv"
    bad = write_staff_csv(file, 120, bad_every=24, seed=uuid.uuid4().int % 900 + 10)
    officer = snils_for(f"officer|{org}")
    await registry_access(org, officer)

    code, out = await run_import(nats_url, dev_keys[0], file, org, officer)
    assert code == 1, out  # there were errors
    assert "created: 115" in out and "failed: 5" in out, out
    assert reported(file) == {
        sorted(bad)[0]: {"snils"},
        sorted(bad)[1]: {"last_name"},
        sorted(bad)[2]: {"birth_date"},
        sorted(bad)[3]: {"birth_date"},
        sorted(bad)[4]: {"phone"},
    }
    staff = await as_.officer(org)(subjects.STAFF_LIST.subject, {"limit": 100})
    first = staff["result"]["items"][0]
    assert first["positions"] == ["Медицинская сестра"]

    code, out = await run_import(nats_url, dev_keys[0], file, org, officer)
    assert "unchanged: 115" in out and "failed: 5" in out, out
    assert set(reported(file)) == bad


def test_the_position_code_column_is_read_under_its_russian_header(tmp_path: Path) -> None:
    from egisz.cli.importer import read_rows

    file = tmp_path / "штат.csv"
    file.write_text(
        "СНИЛС;Фамилия;Код должности;Дата приёма\n112-233-445 95;Петрова;109;01.09.2024\n"
    )
    [(number, row)] = list(read_rows(file))
    assert (number, row["position_code"], row["start_date"]) == (2, "109", "2024-09-01")
