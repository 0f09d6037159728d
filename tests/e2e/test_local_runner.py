"""`make run` (= `egisz stack up`) starts everything, stops cleanly on Ctrl-C, and a second run
finds the data of the first."""

from __future__ import annotations

import asyncio
import http.server
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

from egisz.cli.client import Client, dev_token
from egisz.cli.infra import free_port
from egisz.cli.stack import PROCESSES, SERVICES, Stack, StackSettings
from egisz.contracts import subjects
from egisz.runtime.devsecrets import nats_passwords

from .conftest import ORG, new_worker

READY = "egisz: all services ready"
USERS = Path(__file__).parents[2] / "deploy" / "nats" / "users.conf"


def start_runner(
    data_dir: Path, ports: dict[str, int], cwd: Path | None = None
) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "EGISZ_STACK_DATA_DIR": str(data_dir),
        "EGISZ_STACK_NATS_PORT": str(ports["nats"]),
        "EGISZ_STACK_MONGO_PORT": str(ports["mongo"]),
        "EGISZ_STACK_SMTP_PORT": str(ports["smtp"]),
        "EGISZ_STACK_HTTP_PORTS": "{" + ",".join(f'"{s}": {ports[s]}' for s in PROCESSES) + "}",
        "EGISZ_STACK_GATEWAY_METRICS_PORT": str(ports["metrics"]),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "egisz.cli", "stack", "up"],
        env=env,
        cwd=cwd,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def read_until(proc: subprocess.Popen[str], marker: str, timeout: float = 120) -> list[str]:
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    assert proc.stdout is not None
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line.rstrip("\n"))
        if marker in line:
            return lines
    raise AssertionError(f"{marker!r} not seen; last lines:\n" + "\n".join(lines[-30:]))


def pid_of(service: str, port: int) -> int:
    """The process of `service` this runner started (its HTTP port in its environment)."""
    wanted = f"{service.upper()}_HTTP_PORT={port}".encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
            environ = (entry / "environ").read_bytes()
        except OSError:
            continue
        if f"egisz.{service}".encode() in cmdline and wanted in environ.split(b"\0"):
            return int(entry.name)
    raise AssertionError(f"no {service} process on port {port}")


def ready(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/health/ready", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def stop_with_ctrl_c(proc: subprocess.Popen[str]) -> list[str]:
    proc.send_signal(signal.SIGINT)
    out, _ = proc.communicate(timeout=90)
    return out.splitlines()


def test_the_local_runner_starts_everything_stops_cleanly_and_keeps_its_data_from_any_folder(
    tmp_path: Path,
) -> None:
    ports = {name: free_port() for name in ("nats", "mongo", "smtp", "metrics", *PROCESSES)}
    body = new_worker()

    first = start_runner(tmp_path, ports)
    try:
        lines = read_until(first, READY)
        # NATS has users: commands go as the gateway, with the runner's password for it.
        gateway = nats_passwords(tmp_path / "keys" / "nats-passwords")["gateway"]
        nats_url = f"nats://gateway:{gateway}@127.0.0.1:{ports['nats']}"
        prefixes = {line.split("|", 1)[0].strip() for line in lines if "|" in line}
        assert {"nats", *PROCESSES} <= prefixes  # every process's log, tagged with its name
        # The HTTP edge answers too: a clinic's developer starts from its OpenAPI page.
        spec = httpx.get(f"http://127.0.0.1:{ports['gateway']}/openapi.json", timeout=10)
        assert "/api/registry/worker/register" in spec.json()["paths"]
        key = tmp_path / "keys" / "jwt-private.pem"

        # An officer needs an access grant: the local stack gives one from the command line.
        snils = "12345678964"
        granted = subprocess.run(
            [
                sys.executable,
                "-m",
                "egisz.cli",
                "stack",
                "grant-access",
                "--org",
                ORG,
                "--snils",
                snils,
            ],
            env={**os.environ, "EGISZ_STACK_MONGO_PORT": str(ports["mongo"])},
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert granted.returncode == 0, granted.stdout + granted.stderr

        async def register() -> dict[str, object]:
            async with Client(nats_url) as c:
                return await c.call(
                    subjects.WORKER_REGISTER.subject,
                    body,
                    token=dev_token(key, "org_officer", org=ORG, snils=snils),
                )

        assert asyncio.run(register())["ok"]

        # A service that dies is started again, as compose and Kubernetes would (issue 29).
        os.kill(pid_of("portfolio", ports["portfolio"]), signal.SIGKILL)
        read_until(first, "portfolio started again", timeout=60)
        deadline = time.monotonic() + 60
        while not ready(ports["portfolio"]):
            assert time.monotonic() < deadline, "portfolio not ready after its restart"
            time.sleep(0.2)
    finally:
        tail = stop_with_ctrl_c(first)
    assert first.returncode == 0, tail[-20:]
    # The runner's output names where the passwords are, never a password.
    for password in nats_passwords(tmp_path / "keys" / "nats-passwords").values():
        assert not any(password in line for line in [*lines, *tail])
    assert sum('"service stopped"' in line for line in tail) == len(SERVICES)
    assert any("egisz: stopped" in line for line in tail)

    # Started again from a folder without the project's deploy/: it writes the NATS users the
    # code gives (the very text committed in deploy/nats/users.conf) into its data.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    second = start_runner(tmp_path, ports, cwd=elsewhere)
    try:
        read_until(second, READY)
        written = (tmp_path / "nats-users.conf").read_text(encoding="utf-8")
        assert written == USERS.read_text(encoding="utf-8")

        async def find() -> dict[str, object]:
            async with Client(nats_url) as c:
                return await c.call(
                    subjects.WORKER_GET.subject,
                    {"snils": body["snils"]},
                    token=dev_token(key, "registry_operator"),
                )

        reply = asyncio.run(find())
        assert reply["ok"], reply
    finally:
        stop_with_ctrl_c(second)
    assert second.returncode == 0


class _Squatter(http.server.BaseHTTPRequestHandler):
    """Another stack's process on the port: ready, but not ours."""

    def do_GET(self) -> None:
        body = json.dumps({"status": "ready", "pid": 1}).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def test_a_service_whose_port_was_taken_since_it_was_chosen_moves_and_is_awaited_itself(
    tmp_path: Path,
) -> None:
    # Ports chosen free can be taken before a service binds (uvicorn binds after its start-up):
    # its readiness was then answered by the other process, and the service had exited.
    settings = StackSettings.on_free_ports(tmp_path)
    taken = settings.http_ports["reporting"]
    squatter = http.server.HTTPServer(("127.0.0.1", taken), _Squatter)
    threading.Thread(target=squatter.serve_forever, daemon=True).start()
    stack = Stack(settings, sink=None)
    try:
        stack.start()
        moved = stack.settings.http_ports["reporting"]
        answer = httpx.get(stack.http_url("reporting") + "/health/ready", timeout=5).json()
        proc = stack.services["reporting"].proc
        assert proc is not None
        assert moved != taken and answer["pid"] == proc.pid
    finally:
        stack.stop()
        squatter.shutdown()
