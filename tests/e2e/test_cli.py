"""`egisz` as a person uses it against the running services: sign in once and stay the same
person across calls, bodies from files and stdin, replies to read (or --json), a file on disk
uploaded in parts and downloaded back byte for byte — and refused to anyone else."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from egisz.cli.demo import random_snils
from egisz.cli.stack import Stack
from egisz.contracts import subjects
from egisz.runtime.testing import pdf_bytes, snils_for

from .conftest import ORG, Tokens


def egisz(env: dict[str, str], *args: str, stdin: str | None = None) -> tuple[int, str]:
    done = subprocess.run(
        [sys.executable, "-m", "egisz.cli", *args],
        env=env,
        input=stdin,
        text=True,
        capture_output=True,
        timeout=60,
        check=False,
    )
    return done.returncode, done.stdout + done.stderr


def test_a_person_signs_in_once_sends_files_as_files_and_reads_the_replies(
    stack: Stack, tokens: Tokens, tmp_path: Path
) -> None:
    assert stack.nats
    env = {
        **os.environ,
        "EGISZ_NATS_URL": stack.nats.url_for("gateway"),
        "EGISZ_DEV_PRIVATE_KEY": str(stack.private_key),
        "EGISZ_PROFILE": str(tmp_path / "profile.json"),
        "COLUMNS": "200",
    }
    code, out = egisz(env, "whoami")
    assert code == 1

    officer = snils_for(f"officer|{ORG}")
    assert egisz(env, "login", "org_officer", "--org", ORG, "--snils", officer)[0] == 0
    worker = tmp_path / "worker.json"
    snils = random_snils()
    worker.write_text(
        json.dumps(
            {
                "snils": snils,
                "last_name": "Файлова",
                "first_name": "Нина",
                "birth_date": "1990-02-02",
            }
        ),
        encoding="utf-8",
    )
    code, out = egisz(env, "call", subjects.WORKER_REGISTER.subject, f"@{worker}")
    assert code == 0, out
    assert "✔" in out and "worker_id" in out and "Файлова" in out
    code, out = egisz(env, "call", subjects.WORKER_REGISTER.subject, "-", "--json", stdin="{}")
    assert code == 1
    assert json.loads(out)["error"]["code"] == "validation_failed"
    code, out = egisz(env, "call", subjects.WORKER_REGISTER.subject, '{"snils": "1"}')
    assert code == 1
    assert "validation_failed" in out and "last_name" in out  # the field and its fix, as text

    assert egisz(env, "login", "worker", "--snils", snils)[0] == 0
    code, out = egisz(env, "whoami")
    assert code == 0 and "worker" in out
    scan = tmp_path / "диплом.pdf"
    scan.write_bytes(pdf_bytes(b"cli", padding=700 * 1024))  # two parts
    code, out = egisz(env, "file", "upload", str(scan), "--json")
    assert code == 0, out
    stored = json.loads(out)["result"]["file"]
    assert stored["size"] == scan.stat().st_size

    back = tmp_path / "back.pdf"
    code, out = egisz(env, "file", "download", stored["file_id"], "-o", str(back))
    assert code == 0, out
    assert back.read_bytes() == scan.read_bytes()  # the same person in a new process

    assert egisz(env, "login", "worker", "--snils", random_snils())[0] == 0
    code, out = egisz(env, "file", "download", stored["file_id"], "-o", str(tmp_path / "x.pdf"))
    assert code == 1 and "file_not_found" in out, out
