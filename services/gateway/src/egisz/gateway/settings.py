"""The gateway's settings (`GATEWAY_` prefix): where NATS is, its HTTP port and its limits."""

from __future__ import annotations

from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from egisz.runtime.settings import inbox_prefix_of


class GatewaySettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GATEWAY_", extra="ignore")

    nats_url: str = Field(
        default="nats://127.0.0.1:4222", description="As the `gateway` NATS user in deployments."
    )
    http_host: str = "127.0.0.1"
    http_port: int = 8106
    request_timeout_seconds: float = Field(default=10.0, gt=0)
    max_body_bytes: int = Field(
        default=1024 * 1024,
        ge=1024,
        description="Largest request body; never more than the NATS server's max_payload less "
        "the room the headers take (the server counts them, and closes a connection past it).",
    )
    max_file_bytes: int = Field(
        default=26 * 1024 * 1024,
        ge=1024,
        description="Largest multipart upload: the largest file a service keeps (25 MiB), and "
        "the form around it. Each service still holds its files to its own limit.",
    )
    rate_limit: str = Field(
        default="1200/minute",
        description="Requests per client address and replica (`limits` syntax); empty: none.",
    )
    cors_origins: list[str] = Field(
        default_factory=list, description="Web origins allowed to call the API from a browser."
    )
    forwarded_allow_ips: str = Field(
        default="",
        description="Proxies whose X-Forwarded-For names the client (the ingress's addresses, "
        "comma-separated); empty: none, the rate limit keys on the connecting address.",
    )
    header_timeout_seconds: float = Field(
        default=10.0, gt=0, description="A request head not in by then: the connection closes."
    )
    max_connections: int = Field(
        default=1000, ge=1, description="Connections and requests at once; past it: 503."
    )
    bell_max_streams: int = Field(
        default=2000, ge=1, description="Open bell streams on this replica, in all."
    )
    bell_streams_per_person: int = Field(
        default=5, ge=1, description="Open bell streams of one person (their tabs and devices)."
    )
    metrics_host: str = Field(
        default="127.0.0.1", description="`/metrics` listens here, apart from the public port."
    )
    metrics_port: int = Field(default=9106, ge=0, description="0: no metrics listener.")
    bell_recheck_seconds: float = Field(
        default=60.0, gt=0, description="The bell asks the inbox this often even unwoken."
    )
    bell_ping_seconds: float = Field(
        default=15.0, gt=0, description="A comment line this often keeps proxies from closing."
    )
    dependency_wait_seconds: float = Field(
        default=600.0, gt=0, description="At start, how long to wait for NATS before giving up."
    )
    log_level: str = "INFO"
    log_format: Literal["auto", "json", "console"] = "auto"

    @property
    def inbox_prefix(self) -> str:
        return inbox_prefix_of(self.nats_url)
