"""`egisz` as a person uses it against the running services: sign in once and stay the same
person across calls, bodies from files and stdin, replies to read (or --json), a file on disk
uploaded in parts and downloaded back byte for byte — and refused to anyone else."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import resources
from pathlib import Path
from typing import Any

from egisz.cli.client import Client, dev_token
from egisz.cli.demo import random_snils
from egisz.cli.stack import Stack
from egisz.contracts import subjects
from egisz.testsupport.harness import pdf_bytes, snils_for

from .conftest import ORG, Tokens, digits, eventually, grant_access, new_worker


def egisz(
    env: dict[str, str], *args: str, stdin: str | None = None, cwd: Path | None = None
) -> tuple[int, str]:
    done = subprocess.run(
        [sys.executable, "-m", "egisz.cli", *args],
        env=env,
        cwd=cwd,
        input=stdin,
        text=True,
        capture_output=True,
        timeout=60,
        check=False,
    )
    return done.returncode, done.stdout + done.stderr


def cli_env(stack: Stack, home: Path) -> dict[str, str]:
    """The CLI's environment against the stack, its signed-in profile kept in `home`."""
    assert stack.nats
    return {
        **os.environ,
        "EGISZ_NATS_URL": stack.nats.url_for("gateway"),
        "EGISZ_DEV_PRIVATE_KEY": str(stack.private_key),
        "EGISZ_PROFILE": str(home / "profile.json"),
        "COLUMNS": "200",
    }


def test_a_person_signs_in_once_sends_files_as_files_and_reads_the_replies(
    stack: Stack, tokens: Tokens, tmp_path: Path
) -> None:
    assert stack.nats
    env = cli_env(stack, tmp_path)
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


async def test_a_head_signs_a_portfolio_with_a_key_file_from_the_command_line(
    stack: Stack, client: Client, tmp_path: Path
) -> None:
    """`egisz certificate` issues the head a `.pfx` from the stand's CA, `egisz approval key`
    registers its certificate, `egisz approval sign` fetches the canonical report, signs it
    (CAdES-BES) and approves; another person's certificate is refused."""
    assert stack.nats and stack.mongo
    org = "1.2.643.5.1.13.13.12.2.77.7799"
    await grant_access(stack.mongo.url, org)
    officer = dev_token(
        stack.private_key, "org_officer", org=org, snils=snils_for(f"officer|{org}")
    )
    head_name = "Подписантова Ольга Игоревна"
    last, first, middle = head_name.split()
    head = {
        "last_name": last,
        "first_name": first,
        "middle_name": middle,
        "position": "главный врач",
        "snils": random_snils(),
    }
    assert (await client.call(subjects.ORGANIZATION_UPDATE.subject, {"head": head}, token=officer))[
        "ok"
    ]
    snils = random_snils()
    registered = await client.call(
        subjects.WORKER_REGISTER.subject, new_worker(snils), token=officer
    )
    job = {
        "worker_id": registered["result"]["worker_id"],
        "position": "Врач",
        "start_date": "2020-01-01",
    }
    assert (await client.call(subjects.EMPLOYMENT_START.subject, job, token=officer))["ok"]
    worker = dev_token(stack.private_key, "worker", snils=digits(snils))
    await eventually(
        lambda: client.call(subjects.PORTFOLIO_GET.subject, {}, token=worker),
        lambda r: bool(r.get("ok")),
        what="the portfolio made from FRMR",
    )
    asked = await eventually(
        lambda: client.call(
            subjects.APPROVAL_REQUEST.subject,
            {"organization_oid": org, "head_name": head_name},
            token=worker,
        ),
        lambda r: bool(r.get("ok")),
        what="the approval request (the job reached the portfolio)",
    )
    portfolio_id = asked["result"]["portfolio_id"]

    env = cli_env(stack, tmp_path)
    assert egisz(env, "login", "manager", "--org", org, "--name", head_name)[0] == 0
    pfx, stranger = tmp_path / "head.pfx", tmp_path / "stranger.pfx"
    for holder, snils_of in ((pfx, head["snils"]), (stranger, random_snils())):
        issued = egisz(
            env, "certificate", "--snils", digits(snils_of), "--surname", last,
            "--given-name", f"{first} {middle}", "--out", str(holder),
            "--key", str(stack.private_key),
        )  # fmt: skip
        assert issued[0] == 0, issued
    assert pfx.stat().st_mode & 0o077 == 0, "the private key is the head's"
    code, out = egisz(env, "approval", "key", "--pfx", str(stranger))
    assert code == 1 and "certificate_not_of_head" in out, out
    code, _ = egisz(env, "approval", "key", "--pfx", str(pfx), "--token", officer)
    assert code == 1, "an officer registers no head's key"
    assert egisz(env, "approval", "key", "--pfx", str(pfx))[0] == 0
    code, out = egisz(env, "approval", "sign", portfolio_id, "--pfx", str(stranger), "--json")
    assert code == 1 and json.loads(out)["error"]["code"] == "signature_invalid", out
    code, out = egisz(env, "approval", "sign", portfolio_id, "--pfx", str(pfx))
    assert code == 0 and "✔" in out, out
    final = await client.call(subjects.PORTFOLIO_GET.subject, {}, token=worker)
    assert final["result"]["approval_status"] == "approved"


def test_the_cli_works_from_another_folder_and_says_a_mistake_in_one_line(
    stack: Stack, tmp_path: Path
) -> None:
    """Issue 29: from any folder but the project's, `call` and `status` ended in a traceback;
    a mistyped subject waited for a timeout; `token doctor` was a traceback; `events tail`
    could not stop by itself; `logout` said nothing; help was English, replies Russian."""
    assert stack.nats
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    config = tmp_path / "config"
    # What `egisz stack up` remembers of where its data is (the runner writes it at start).
    (config / "egisz").mkdir(parents=True)
    (config / "egisz" / "stack.json").write_text(
        json.dumps({"data_dir": str(stack.settings.data_dir.resolve())})
    )
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("EGISZ_NATS_URL", "EGISZ_DEV_PRIVATE_KEY", "EGISZ_PROFILE"))
    } | {
        "XDG_CONFIG_HOME": str(config),
        "EGISZ_STACK_NATS_PORT": str(stack.settings.nats_port),
        "COLUMNS": "200",
    }

    def run(*args: str) -> tuple[int, str]:
        return egisz(env, *args, cwd=elsewhere)

    snils = random_snils()
    assert run("login", "worker", "--snils", snils)[0] == 0
    assert (stack.settings.data_dir / "cli" / "profile.json").exists(), "the stack's profile"
    code, out = run("call", "egisz.registry.cmd.worker.get", "{}")
    assert code == 1 and "worker_not_found" in out, out  # answered: keys and NATS were found
    for args, said in (
        (("call", "egisz.registry.cmd.worker.gte", "{}"), "egisz.registry.cmd.worker.get"),
        (("token", "doctor"), "Нет роли"),
        (("call", "egisz.registry.cmd.worker.get", "{}", "--nats", "nats://127.0.0.1:1"), "NATS"),
        # How a command is typed: said in Russian, as the replies are, in one line.
        (("call",), "не указан аргумент «subject»"),
        (("token", "worker", "--bogus"), "нет параметра --bogus"),
        (("events", "tail", "--count", "x"), "нужно целое число"),
        (("nosuch",), "нет команды 'nosuch'"),
    ):
        code, out = run(*args)
        assert code == 2, (args, out)
        assert "Traceback" not in out and len(out.strip().splitlines()) == 1, out
        assert said in out, out
    code, out = run("events", "tail", "--for", "1")
    assert code == 0, out
    code, out = run("logout")
    assert code == 0 and "profile.json" in out, out
    code, out = run("--help")
    assert code == 0 and "Команды" in out and "Отправить команду" in out, out


async def test_the_support_desk_loads_a_ffnsi_archive_from_the_command_line(
    stack: Stack, tmp_path: Path
) -> None:
    """A ZIP as ФНСИ publishes it (passport and data pages), loaded from another folder; the
    same file again is nothing new; the starter set is there from the first start."""
    assert stack.nats
    env = cli_env(stack, tmp_path)
    listed = await eventually(
        lambda: egisz(env, "nsi", "list", "--json"),
        lambda found: "1.2.643.5.1.13.13.99.2.206" in found[1],
    )
    assert "Субъекты Российской Федерации" in listed[1]
    oid = f"1.2.643.5.1.13.13.99.9.{os.getpid()}"
    rows = [{"ID": "1", "NAME": "Врачи"}, {"ID": "109", "PARENT": "1", "NAME": "врач-терапевт"}]
    archive = tmp_path / "справочник.zip"
    archive.write_bytes(ffnsi_archive(oid, rows))
    assert egisz(env, "login", "registry_operator")[0] == 0
    code, out = egisz(env, "nsi", "load", str(archive), "--json", cwd=tmp_path)
    assert code == 0, out
    report = json.loads(out[out.index("{") :])["result"]
    assert (report["oid"], report["entries"], report["loaded"]) == (oid, 2, True)
    code, out = egisz(env, "nsi", "load", str(archive), "--json", cwd=tmp_path)
    assert json.loads(out[out.index("{") :])["result"]["loaded"] is False


async def test_a_version_loaded_from_the_command_line_is_heard_by_accreditation_at_once(
    stack: Stack, client: Client, tokens: Tokens, tmp_path: Path
) -> None:
    """Accreditation keeps the specialities' names it asked (for minutes); the support desk loads
    a new version of the book, and the next application already takes its name: every process
    heard `dictionary.version_loaded`, none waited for its cache to age."""
    assert stack.nats
    env = cli_env(stack, tmp_path)

    async def apply_for_76() -> tuple[dict[str, Any], str]:
        person = new_worker()
        registered = await client.call(
            subjects.WORKER_REGISTER.subject, person, token=tokens.officer()
        )
        assert registered["ok"], registered
        me = tokens.worker(digits(person["snils"]))
        await eventually(
            lambda: client.call(subjects.APPLICANT_GET.subject, {}, token=me),
            lambda r: r["ok"] and r["result"]["in_frmr"],
            what="accreditation knows the worker",
        )
        form = {
            "kind": "primary",
            "speciality_code": "76",
            "education_level": "higher",
            "consent": True,
        }
        formed = await client.call(subjects.APPLICATION_FORM.subject, form, token=me)
        assert formed["ok"], formed
        return dict(formed["result"]), me

    before, first = await apply_for_76()
    book = json.loads(
        resources.files("egisz.registry.nsi").joinpath("starter/specialities.json").read_text()
    )
    renamed = "Терапия (редакция проверки)"
    assert before["speciality"] != renamed
    for row in book["list"]:
        cells = {c["column"]: c for c in row}
        if cells["ID"]["value"] == "76":
            cells["NAME"]["value"] = renamed
    book["passport"].update(version="check-2", publishDate="01.01.2026")
    archive = tmp_path / "специальности.zip"
    archive.write_bytes(ffnsi_archive(book["passport"], book["list"]))
    assert egisz(env, "login", "registry_operator")[0] == 0
    code, out = egisz(env, "nsi", "load", str(archive), "--json", cwd=tmp_path)
    assert code == 0, out
    report = json.loads(out[out.index("{") :])["result"]
    assert (report["loaded"], report["changed"]) == (True, ["76"]), report
    after, _ = await apply_for_76()
    assert (after["speciality_code"], after["speciality"]) == ("76", renamed)
    kept = await client.call(
        subjects.APPLICATION_GET.subject, {"application_id": before["application_id"]}, token=first
    )
    assert kept["result"]["speciality"] == before["speciality"], "a record keeps the name it had"


def ffnsi_archive(
    oid_or_passport: str | dict[str, Any], rows: list[dict[str, str]] | list[Any]
) -> bytes:
    """An archive as ФНСИ publishes it: the passport (or one built for the OID), and the rows
    as data pages (dicts, or rows already as ФНСИ's cells)."""
    import io
    import zipfile

    passport = (
        oid_or_passport
        if isinstance(oid_or_passport, dict)
        else {
            "oid": oid_or_passport,
            "version": "1.0",
            "fullName": "Проверочный",
            "publishDate": "01.01.2026",
        }
    )
    page = {
        "result": "OK",
        "total": len(rows),
        "list": [
            r if isinstance(r, list) else [{"column": k, "value": v} for k, v in r.items()]
            for r in rows
        ],
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("passport.json", json.dumps(passport, ensure_ascii=False))
        z.writestr("data_1.json", json.dumps(page, ensure_ascii=False))
    return out.getvalue()


async def test_the_desk_rebuilds_the_reports_and_takes_one_away_from_the_command_line(
    stack: Stack, tmp_path: Path
) -> None:
    """Issue 32: `egisz reporting rebuild` follows the replay to its end; `egisz reporting
    export` writes the PDF summary into the folder it runs in; the anonymous get the public
    figures as CSV, without signing in."""
    assert stack.nats
    env = cli_env(stack, tmp_path)
    public = tmp_path / "public"
    public.mkdir()
    code, out = egisz(
        env, "reporting", "export", "occupancy", "--format", "csv", "-o", "open.csv", cwd=public
    )
    assert code == 0, out
    assert (public / "open.csv").read_bytes().startswith("\ufeff".encode())
    assert egisz(env, "login", "registry_operator")[0] == 0
    code, out = egisz(env, "reporting", "rebuild", cwd=tmp_path)
    assert code == 0 and "Готово" in out, out
    code, out = egisz(
        env, "reporting", "export", "summary", "--region", "77", "-o", "region.pdf", cwd=tmp_path
    )
    assert code == 0, out
    assert (tmp_path / "region.pdf").read_bytes().startswith(b"%PDF-")
