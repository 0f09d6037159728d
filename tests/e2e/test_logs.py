"""Every line a service writes is one JSON object with personal data masked: its own lines,
FastStream's, uvicorn's and its tracebacks, whatever it was sent and however it failed."""

from __future__ import annotations

import json
import socket
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import nats
import pytest

from egisz.cli.infra import ManagedProcess, free_port, wait_until

from .conftest import eventually

SNILS = "11223344595"


def service(name: str, env: dict[str, str], log_file: Path) -> ManagedProcess:
    prefix = name.upper() + "_"
    return ManagedProcess(
        name,
        [sys.executable, "-m", f"egisz.{name}"],
        env={prefix + k: v for k, v in env.items()} | {"PYTHONUNBUFFERED": "1"},
        sink=None,
        log_file=log_file,
    )


def wait_answering(proc: ManagedProcess, url: str) -> None:
    """Until `url` answers 200; a process that exits on the way fails the test."""

    def answering() -> bool:
        if not proc.running:
            pytest.fail(f"{proc.name} exited")
        try:
            return httpx.get(url).status_code == 200
        except httpx.HTTPError:
            return False

    wait_until(answering, 30, proc.name)


def every_line_is_json(log_file: Path) -> list[dict[str, Any]]:
    lines = log_file.read_text(encoding="utf-8").splitlines()
    assert lines, "the service wrote nothing"
    parsed = []
    for line in lines:
        try:
            parsed.append(json.loads(line))
        except json.JSONDecodeError:
            pytest.fail(f"not one JSON object: {line[:300]!r}")
    for record in parsed:
        assert isinstance(record, dict)
        assert SNILS not in json.dumps(record, ensure_ascii=False)
    return parsed


@pytest.mark.e2e
async def test_a_running_service_under_hostile_input_writes_only_json_lines(
    nats_url: str, mongo_url: str, dev_keys: tuple[Path, Path], tmp_path: Path
) -> None:
    from egisz.runtime.settings import ServiceSettings
    from egisz.runtime.streams import prepare_streams

    for owner in ("accreditation", "audit", "registry"):  # the streams it waits for at start
        await prepare_streams(ServiceSettings(service_name=owner, nats_url=nats_url), set())
    port = free_port()
    log_file = tmp_path / "registry.log"
    proc = service(
        "registry",
        {
            "NATS_URL": nats_url,
            "MONGO_URL": mongo_url,
            "MONGO_DATABASE": f"t_logs_{port}",
            "HTTP_PORT": str(port),
            "JWT_PUBLIC_KEY_FILE": str(dev_keys[1]),
            "LOG_FORMAT": "json",
            "LOG_LEVEL": "DEBUG",  # FastStream's and nats-py's own lines too
            # A queue group of its own: the session's in-process registries serve the same
            # subjects, and each group gets its copy, so this process sees every request.
            "SERVICE_NAME": f"registry-logs-{port}",
        },
        log_file,
    )
    proc.start()
    try:
        wait_answering(proc, f"http://127.0.0.1:{port}/health/ready")
        nc = await nats.connect(nats_url)
        subject = "egisz.registry.cmd.worker.register"
        for body, headers in [
            (b'{"a":' * 5000 + b"1" + b"}" * 5000, None),
            (b"\xff\xfe", None),
            (json.dumps({"snils": SNILS}).encode(), {"correlation_id": "x" * 60_000}),
            (b"{}", {"authorization": "Bearer " + "a" * 100_000}),
            (json.dumps({"snils": SNILS, "last_name": "Иванов 11223344595"}).encode(), None),
        ]:
            reply = json.loads((await nc.request(subject, body, timeout=10, headers=headers)).data)
            assert reply["ok"] is False
        await nc.drain()
        # The first reply may be the session's in-process registry's: this process handles
        # its copy in its own time, so it is stopped only once it has said so (CI, stop 42).
        await eventually(
            lambda: '"invalid_message"' in log_file.read_text("utf-8"),
            bool,
            timeout=30,
            what="the process's own log of the hostile messages",
        )
    finally:
        proc.stop()
    records = every_line_is_json(log_file)
    assert any(r.get("outcome") == "invalid_message" for r in records)


@pytest.mark.e2e
def test_a_service_that_cannot_start_says_why_in_json_lines(
    nats_url: str, dev_keys: tuple[Path, Path], tmp_path: Path
) -> None:
    # notify: it says which channels it delivers on while it is built, before it serves
    # (issue 28, row 7: those lines were plain text, logging not yet configured).
    log_file = tmp_path / "notify.log"
    dead_port = free_port()
    proc = service(
        "notify",
        {
            "NATS_URL": nats_url,
            "MONGO_URL": f"mongodb://127.0.0.1:{dead_port}/?directConnection=true",
            "HTTP_PORT": str(free_port()),
            "JWT_PUBLIC_KEY_FILE": str(dev_keys[1]),
            "LOG_FORMAT": "json",
            "DEPENDENCY_WAIT_SECONDS": "4",  # it waits for the database this long, then exits
        },
        log_file,
    )
    proc.start()
    deadline = time.monotonic() + 60
    while proc.running and time.monotonic() < deadline:
        time.sleep(0.2)
    code = proc.stop()
    assert code not in (0, None)
    records = every_line_is_json(log_file)
    failures = [r for r in records if "exception" in r]
    assert failures, "the failure's traceback is a field of a JSON line"
    assert any("ServerSelectionTimeoutError" in r["exception"] for r in failures)


@pytest.mark.e2e
async def test_the_gateway_writes_only_json_lines_and_no_snils_from_a_url_body_or_header(
    nats_url: str, tmp_path: Path
) -> None:
    port = free_port()
    log_file = tmp_path / "gateway.log"
    proc = service(
        "gateway",
        {
            "NATS_URL": nats_url,
            "HTTP_PORT": str(port),
            "LOG_FORMAT": "json",
            "LOG_LEVEL": "DEBUG",
            "REQUEST_TIMEOUT_SECONDS": "2",
        },
        log_file,
    )
    proc.start()
    base = f"http://127.0.0.1:{port}"
    try:
        wait_answering(proc, f"{base}/health/live")
        async with httpx.AsyncClient(base_url=base, timeout=10) as http:
            await http.get(
                "/fhir/Practitioner", params={"identifier": f"urn:oid:1.2.643.100.3|{SNILS}"}
            )
            await http.get(f"/fhir/Practitioner?{SNILS}=1")  # refused by name
            await http.post("/api/registry/worker/get", json={"snils": SNILS})
            await http.post("/api/registry/worker/get", content=b"\xff\xfe" + SNILS.encode())
            await http.post(
                "/api/registry/worker/get",
                content=b"{}",
                headers={"X-Correlation-ID": SNILS, "Authorization": f"Bearer {SNILS}"},
            )
            await http.get(f"/api/registry/file/read?file_id={SNILS}")
            # What uvicorn itself answers and logs (issue 28, row 7: plain-text lines before).
            await http.post(
                "/api/registry/file/upload",
                content=b"--x\r\n" + SNILS.encode(),
                headers={"Content-Type": "multipart/mixed; boundary=x"},
            )
        with socket.create_connection(("127.0.0.1", port)) as raw:
            raw.sendall(b"NOT HTTP " + SNILS.encode() + b"\r\n\r\n")
            raw.recv(1024)
    finally:
        proc.stop()
    records = every_line_is_json(log_file)
    assert any(r.get("event") == "request answered" for r in records)
    assert any(r.get("logger", "").startswith("uvicorn") for r in records), "uvicorn's own too"


@pytest.mark.e2e
def test_a_service_started_while_its_database_is_down_comes_up_when_it_returns(
    nats_url: str, dev_keys: tuple[Path, Path], tmp_path: Path
) -> None:
    """Issue 29: a service restarted during a database stall exited («Application startup
    failed») and stayed down. It waits with backoff, and is ready once the database answers."""
    from egisz.cli.infra import EmbeddedMongo

    log_file = tmp_path / "fac.log"
    mongo_port, http_port = free_port(), free_port()
    proc = service(
        "fac",
        {
            "NATS_URL": nats_url,
            "MONGO_URL": f"mongodb://127.0.0.1:{mongo_port}/?directConnection=true",
            "HTTP_PORT": str(http_port),
            "JWT_PUBLIC_KEY_FILE": str(dev_keys[1]),
            "LOG_FORMAT": "json",
        },
        log_file,
    )
    proc.start()
    mongo = EmbeddedMongo(tmp_path / "mongo", mongo_port, sink=None)
    try:
        wait_until(
            lambda: (
                log_file.exists()
                and "waiting for a dependency" in log_file.read_text(errors="replace")
            ),
            30,
            "the service saying it waits",
        )
        assert proc.running, "it waits, it does not exit"
        mongo.start()
        mongo.wait_ready()
        wait_answering(proc, f"http://127.0.0.1:{http_port}/health/ready")
    finally:
        proc.stop()
        mongo.stop()
    waits = [
        r for r in every_line_is_json(log_file) if r.get("event") == "waiting for a dependency"
    ]
    assert waits and waits[0]["dependency"] == "mongo"
