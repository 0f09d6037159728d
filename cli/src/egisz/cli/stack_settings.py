"""What the local stack runs with: its settings (`EGISZ_STACK_*`: ports fixed for `make run`, or
chosen free for a test's or a bench's stack of its own) and its data folder, found from any
folder."""

from __future__ import annotations

import json
import os
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from egisz.cli.infra import free_port
from egisz.contracts.subjects import SERVICES

PROCESSES = (*SERVICES, "gateway")  # the services, then the HTTP edge in front of them
DEFAULT_NATS_CONFIG = Path("deploy/nats/users.conf")


class StackSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="EGISZ_STACK_", extra="ignore")

    data_dir: Path = Field(
        default_factory=lambda: stack_home(),
        description="Where the local stack keeps its data; by default `.data` here, else the "
        "one the last `egisz stack up` ran with (so the CLI works from any folder).",
    )
    host: str = "127.0.0.1"
    nats_port: int = 4222
    mongo_port: int = 27027
    smtp_port: int = 2525
    nats_config: Path | None = Field(
        default=DEFAULT_NATS_CONFIG,
        description="Users and permissions; None runs NATS open (no users). The default, when "
        "it is not there (the CLI run from another folder), is written from the code into the "
        "data folder: the same text (`egisz nats-users`, checked by a test).",
    )
    http_ports: dict[str, int] = Field(
        default_factory=lambda: {
            "registry": 8101,
            "portfolio": 8102,
            "accreditation": 8103,
            "notify": 8104,
            "fac": 8105,
            "gateway": 8106,
            "reporting": 8107,
            "audit": 8108,
        }
    )
    gateway_metrics_port: int = Field(
        default=9106, description="The gateway's /metrics, apart from its public port."
    )
    log_format: str = "json"
    ready_timeout_seconds: float = 90.0
    ports_chosen_free: bool = Field(
        default=False,
        description="The ports were free when chosen (`on_free_ports`): a process that finds its "
        "HTTP port taken since is moved to another one and started again.",
    )
    nats_nodes: int = Field(
        default=1,
        ge=1,
        le=5,
        description="nats-server processes: 1, or a JetStream cluster on loopback whose streams "
        "keep min(nodes, 3) copies",
    )
    replicas: int = Field(
        default=1,
        ge=1,
        le=4,
        description="Processes of each service and of the gateway, sharing queue groups and "
        "durables (reporting: always one, see SINGLE_REPLICA)",
    )

    @property
    def keys_dir(self) -> Path:
        return self.data_dir / "keys"

    @classmethod
    def on_free_ports(cls, data_dir: Path) -> StackSettings:
        """A stack of its own in `data_dir`, every port free (tests, bench, fault runs)."""
        return cls(
            data_dir=data_dir,
            nats_port=free_port(),
            mongo_port=free_port(),
            smtp_port=free_port(),
            http_ports={s: free_port() for s in PROCESSES},
            gateway_metrics_port=free_port(),
            ports_chosen_free=True,
        )


def _remembered() -> Path:
    config = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return config / "egisz" / "stack.json"


def stack_home() -> Path:
    """The local stack's data folder: `./.data` where it exists (the project's root), else the
    one `egisz stack up` last ran with, else `./.data`."""
    here = Path(".data")
    if here.is_dir():
        return here.resolve()
    try:
        return Path(json.loads(_remembered().read_text(encoding="utf-8"))["data_dir"])
    except (OSError, ValueError, KeyError):
        return here


def remember_stack(data_dir: Path) -> None:
    """Say where the running stack keeps its data, for the CLI run from another folder."""
    path = _remembered()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"data_dir": str(data_dir.resolve())}), encoding="utf-8")
    except OSError:
        pass  # a read-only home: the CLI works from the project's folder as before
