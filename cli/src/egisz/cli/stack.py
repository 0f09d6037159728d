"""The local stack: NATS (JetStream) + SecantusDB + the four services, the accreditation
center's stand-in (`fac`) and the HTTP gateway in front of them, as processes.

`egisz stack up` (`make run`) starts it in the foreground and stops it on Ctrl-C; the end-to-end
tests start the same thing on free ports in a temporary folder.
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from egisz.cli.infra import (
    ClusterNode,
    EmbeddedMongo,
    EmbeddedNats,
    LineSink,
    MailCatcher,
    ManagedProcess,
    free_port,
    print_sink,
)
from egisz.cli.stack_settings import (
    DEFAULT_NATS_CONFIG,
    PROCESSES,
    StackSettings,
    remember_stack,
    stack_home,
)
from egisz.contracts.envelope import Role
from egisz.contracts.identities import identity_of
from egisz.contracts.subjects import SERVICES
from egisz.runtime.auth import generate_key_pair, issue_token
from egisz.runtime.dev_ca import DevCertificationAuthority
from egisz.runtime.devsecrets import nats_passwords

__all__ = [
    "PROCESSES",
    "SERVICES",
    "Stack",
    "StackSettings",
    "remember_stack",
    "stack_home",
]
# One process opens the reporting facts' DuckDB file (services/reporting/README.md).
SINGLE_REPLICA = frozenset({"reporting"})


def violations_in(nats_log: Path) -> list[str]:
    """The permission violations a nats-server log holds, as «user: publish|subscription
    subject»."""
    if not nats_log.exists():
        return []
    found = []
    for line in nats_log.read_text(encoding="utf-8", errors="replace").splitlines():
        if match := _VIOLATION.search(line):
            found.append(f"{match['user']}: {match['kind'].lower()} {match['subject']}")
    return found


@dataclass
class Restarts:
    """One process's restarts under the runner's supervision."""

    count: int = 0
    due: float | None = None  # when the next start is due, once it is seen down
    up_since: float = field(default_factory=time.monotonic)


RESTART_MAX_SECONDS = 30.0
STEADY_SECONDS = 60.0  # up this long, a process's backoff starts over


# nats-server: `… - "$G/user:gateway" - Publish Violation - Subject "_INBOX_notify.…"`.
_VIOLATION = re.compile(
    r'user:(?P<user>[^"]+)".*?(?P<kind>Publish|Subscription) Violation'
    r'.*?Subject "(?P<subject>[^"]*)"'
)


@dataclass
class Stack:
    settings: StackSettings
    sink: LineSink | None = print_sink
    service_env: dict[str, dict[str, str]] = field(default_factory=dict)
    nats: EmbeddedNats | None = None
    mongo: EmbeddedMongo | None = None
    mail: MailCatcher | None = None
    services: dict[str, ManagedProcess] = field(default_factory=dict)
    nats_nodes: list[EmbeddedNats] = field(default_factory=list)
    replica_of: dict[str, tuple[str, int]] = field(default_factory=dict)  # process → (service, n)
    _port_moves: int = field(default=0, repr=False)

    @property
    def private_key(self) -> Path:
        return self.settings.keys_dir / "jwt-private.pem"

    def http_url(self, service: str) -> str:
        return f"http://{self.settings.host}:{self.settings.http_ports[service]}"

    def metrics_url(self, service: str) -> str:
        """Where Prometheus reads a process: a service on its HTTP port, the gateway apart."""
        if service == "gateway":
            return f"http://{self.settings.host}:{self.settings.gateway_metrics_port}/metrics"
        return self.http_url(service) + "/metrics"

    def start_infrastructure(self) -> None:
        s = self.settings
        s.data_dir.mkdir(parents=True, exist_ok=True)
        generate_key_pair(s.keys_dir)
        signing_key, _ = generate_key_pair(s.keys_dir, "extract-signing")
        # Dev key for the extracts accreditation signs (production: from a secret).
        self.service_env.setdefault("accreditation", {}).setdefault(
            "SIGNING_KEY_FILE", str(signing_key.resolve())
        )
        # Dev key for FRMO's registration acts the registry signs (production: from a secret).
        acts_key, _ = generate_key_pair(s.keys_dir, "registry-signing")
        self.service_env.setdefault("registry", {}).setdefault(
            "SIGNING_KEY_FILE", str(acts_key.resolve())
        )
        # The stand's CA issues the heads' certificates the demo signs with; the registry trusts
        # it (production: the accredited CAs' bundle).
        DevCertificationAuthority.at(s.keys_dir)
        for trusting in ("registry", "portfolio"):
            self.service_env.setdefault(trusting, {}).setdefault(
                "TRUSTED_CA_FILE", str((s.keys_dir / "dev-ca.pem").resolve())
            )
        logs = s.data_dir / "logs"
        logs.mkdir(exist_ok=True)
        self.nats_nodes = self._nats_nodes(logs)
        self.nats = self.nats_nodes[0]
        self.mongo = EmbeddedMongo(
            s.data_dir / "mongo",
            s.mongo_port,
            host=s.host,
            sink=self.sink,
            log_file=logs / "mongo.log",
        )
        self.mail = MailCatcher(s.data_dir / "mail", s.smtp_port, host=s.host)
        self.mail.start()
        # The reporting service's facts: a DuckDB file in the stack's data (production: a volume).
        self.service_env.setdefault("reporting", {}).setdefault(
            "FACTS_PATH", str((s.data_dir / "reporting" / "facts.duckdb").resolve())
        )
        # notify's e-mails go to the catcher (production: a real SMTP relay, from a secret).
        self.service_env.setdefault("notify", {}).update(
            {"SMTP_HOST": s.host, "SMTP_PORT": str(s.smtp_port)}
            | self.service_env.get("notify", {})
        )
        for node in self.nats_nodes:
            node.start()
        self.mongo.start()
        for node in self.nats_nodes:
            node.wait_ready()
        self.mongo.wait_ready()

    def _nats_nodes(self, logs: Path) -> list[EmbeddedNats]:
        """One nats-server, or a cluster: node 1 on `nats_port`, the others on free ports."""
        s = self.settings
        config = self._nats_config()
        users = nats_passwords(s.keys_dir / "nats-passwords") if config else None
        ports = [s.nats_port] + [free_port() for _ in range(s.nats_nodes - 1)]
        routes = tuple(free_port() for _ in ports) if s.nats_nodes > 1 else ()
        if routes:  # each stream kept on min(nodes, 3) of them
            for service in SERVICES:
                env = self.service_env.setdefault(service, {})
                env.setdefault("STREAM_REPLICAS", str(min(3, s.nats_nodes)))
        nodes = []
        for i, port in enumerate(ports):
            name = "nats" if i == 0 else f"nats-{i + 1}"
            nodes.append(
                EmbeddedNats(
                    s.data_dir / name,
                    port,
                    host=s.host,
                    config_file=config,
                    users=users,
                    cluster=ClusterNode(f"egisz-{i + 1}", routes[i], routes) if routes else None,
                    name=name,
                    sink=self.sink,
                    log_file=logs / f"{name}.log",
                )
            )
        return nodes

    def _nats_config(self) -> Path | None:
        """The users file nats-server reads, as an absolute path (its processes may run
        elsewhere); the default written from the code when this folder has no copy of it."""
        configured = self.settings.nats_config
        if configured is None:
            return None
        if configured.exists():
            return configured.resolve()
        if configured != DEFAULT_NATS_CONFIG:
            raise FileNotFoundError(f"NATS users file {configured} not found")
        from egisz.cli.natsusers import render  # imports every service: only when needed

        written = self.settings.data_dir / "nats-users.conf"
        written.write_text(render(), encoding="utf-8")
        return written.resolve()

    def nats_url_for(self, user: str) -> str:
        """`user`'s URL of every node, comma-separated (`runtime.settings.nats_servers`)."""
        return ",".join(node.url_for(user) for node in self.nats_nodes)

    def env_for(self, service: str, **once: str) -> dict[str, str]:
        """The service's environment: the stack's settings, its `service_env`, then `once`."""
        assert self.nats
        assert self.mongo
        prefix = service.upper() + "_"
        env = {
            "NATS_URL": self.nats_url_for(service),
            "MONGO_URL": self.mongo.url,
            "HTTP_HOST": self.settings.host,
            "HTTP_PORT": str(self.settings.http_ports[service]),
            "JWT_PUBLIC_KEY_FILE": str((self.settings.keys_dir / "jwt-public.pem").resolve()),
            "LOG_FORMAT": self.settings.log_format,
        }
        if identity_of(f"service:{service}") is not None:
            # Its identity for the commands it sends others (production: from the IdP); only
            # a service the identity table lists has one (contracts.identities).
            env["SERVICE_TOKEN"] = issue_token(
                self.private_key.read_text(),
                role=Role.SERVICE,
                sub=f"service:{service}",
                ttl_seconds=30 * 86400,
            )
        if service == "gateway":
            env["METRICS_PORT"] = str(self.settings.gateway_metrics_port)
        env.update(self.service_env.get(service, {}))
        env.update(once)
        return {prefix + k: v for k, v in env.items()} | {"PYTHONUNBUFFERED": "1"}

    def start_service(
        self, service: str, *, replica: int = 1, run: list[str] | None = None, **once: str
    ) -> ManagedProcess:
        """Start (or restart) a service's process (its `replica`th: `registry-2`); `run` the
        module and arguments instead of the service's own (a fault run's
        `egisz.testsupport.crashing`), `once` settings for this start only: the next start is
        the service's, without them."""
        logs = self.settings.data_dir / "logs"
        name = service if replica == 1 else f"{service}-{replica}"
        if replica > 1:  # a port of its own; the same service name, queue groups and durables
            once.setdefault(
                "HTTP_PORT", str(self.settings.http_ports.setdefault(name, free_port()))
            )
            if service == "gateway":
                once.setdefault("METRICS_PORT", str(free_port()))
        proc = ManagedProcess(
            name,
            [sys.executable, "-m", *(run or [f"egisz.{service}"])],
            env=self.env_for(service, **once),
            sink=self.sink,
            log_file=logs / f"{name}.log",
        )
        proc.start()
        self.services[name] = proc
        self.replica_of[name] = (service, replica)
        return proc

    def replicas(self, service: str) -> int:
        return 1 if service in SINGLE_REPLICA else self.settings.replicas

    def start_all(self, *services: str) -> list[str]:
        """Every replica of each of `services`, then wait until each is ready."""
        started = [
            self.start_service(s, replica=r).name
            for s in services
            for r in range(1, self.replicas(s) + 1)
        ]
        self.wait_ready(*started)
        return started

    def ready(self, service: str) -> bool:
        """Its `/health/ready` says ready — and, for a process this stack started, from that
        process: with ports chosen free, another stack's process may have taken the port first
        (ours then fails to bind, after its start-up, and exits)."""
        try:
            answer = httpx.get(self.http_url(service) + "/health/ready", timeout=1.0)
            pid = answer.json().get("pid") if answer.status_code == 200 else None
        except (httpx.HTTPError, ValueError):
            return False
        ours = self.services.get(service)
        return answer.status_code == 200 and (
            ours is None or ours.proc is None or pid == ours.proc.pid
        )

    def wait_ready(self, *services: str, timeout: float | None = None) -> None:
        deadline = time.monotonic() + (timeout or self.settings.ready_timeout_seconds)
        waiting = list(services or self.services)
        while waiting:
            for name in list(waiting):
                proc = self.services[name]
                if not proc.running and self._moved_off_a_taken_port(name):
                    continue
                if not proc.running:
                    raise RuntimeError(f"{name} exited: " + "\n".join(list(proc.lines)[-20:]))
                if self.ready(name):
                    waiting.remove(name)
            if waiting and time.monotonic() > deadline:
                raise TimeoutError(f"not ready: {', '.join(waiting)}")
            time.sleep(0.1)

    def _moved_off_a_taken_port(self, name: str) -> bool:
        """A process whose HTTP port another took between its choice and its bind (uvicorn
        binds after the start-up), in a stack whose ports were chosen free: started again on
        another free port, at most three times a stack."""
        proc = self.services[name]
        if not self.settings.ports_chosen_free or self._port_moves >= 3:
            return False
        if not any("address already in use" in line for line in proc.lines):
            return False
        self._port_moves += 1
        self.settings.http_ports[name] = free_port()
        service, replica = self.replica_of[name]
        self.start_service(service, replica=replica)  # on the port its settings now name
        return True

    def start(self) -> None:
        self.start_infrastructure()
        self.start_all(*SERVICES)
        self.start_all("gateway")

    def supervise(self, restarts: dict[str, Restarts], say: Callable[[str], None]) -> None:
        """One round of what compose's `restart: unless-stopped` and Kubernetes do: a process
        that died is started again, after 1, 2, 4 … 30 s, and each restart is said."""
        now = time.monotonic()
        processes: dict[str, ManagedProcess | None] = {
            **{node.name: node for node in self.nats_nodes},
            "mongo": self.mongo,
            **self.services,
        }
        for name, proc in processes.items():
            if proc is None:
                continue
            r = restarts.setdefault(name, Restarts())
            if proc.running:
                if r.count and now - r.up_since > STEADY_SECONDS:
                    r.count = 0
                continue
            if r.due is None:
                delay = min(RESTART_MAX_SECONDS, 2.0**r.count)
                r.due = now + delay
                code = proc.proc.returncode if proc.proc else None
                say(f"{name} exited (code {code}); starting it again in {delay:.0f} s")
            elif now >= r.due:
                if name in self.services:
                    service, replica = self.replica_of.get(name, (name, 1))
                    self.start_service(service, replica=replica)
                else:
                    proc.start()
                r.count, r.due, r.up_since = r.count + 1, None, now
                say(f"{name} started again (restart {r.count})")

    def permission_violations(self) -> list[str]:
        """Every NATS permission violation in the server's log so far: what works under
        users.conf must not need one."""
        logs = self.settings.data_dir / "logs"
        return [v for node in self.nats_nodes for v in violations_in(logs / f"{node.name}.log")]

    def stop_service(self, service: str) -> int | None:
        proc = self.services.get(service)
        return proc.stop() if proc else None

    def stop(self) -> dict[str, int | None]:
        """Services first (they drain), then Mongo, then NATS; return the exit codes."""
        codes: dict[str, int | None] = {}
        for name in reversed(list(self.services)):
            codes[name] = self.services[name].stop()
        if self.mongo:
            codes["mongo"] = self.mongo.stop()
        for node in self.nats_nodes:
            codes[node.name] = node.stop()
        if self.mail:
            self.mail.stop()
        return codes
