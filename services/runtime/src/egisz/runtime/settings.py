"""Settings every service shares. A service subclasses with its own env prefix (`REGISTRY_`, …)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from cryptography import x509
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def inbox_prefix(user: str | None) -> str:
    """Each NATS user reads replies only under its own prefix (deploy/nats/users.conf)."""
    return f"_INBOX_{user}" if user else "_INBOX"


def nats_servers(nats_url: str) -> list[str]:
    """`nats://a:4222,nats://b:4222`: every node of a cluster, so a client starting while one
    is down connects to another (a client also learns the cluster's nodes from the server)."""
    return [u.strip() for u in nats_url.split(",") if u.strip()]


def inbox_prefix_of(nats_url: str, default_user: str | None = None) -> str:
    """The inbox prefix of the user a NATS URL signs in as (`nats://user:password@host`)."""
    first = nats_url.split(",")[0]
    return inbox_prefix(urlsplit(first).username or default_user)


class ServiceSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="EGISZ_", extra="ignore")

    service_name: str = "service"
    nats_url: str = "nats://127.0.0.1:4222"
    mongo_url: str = "mongodb://127.0.0.1:27017/?directConnection=true"
    mongo_database: str = Field(default="", description="Defaults to `egisz_<service>`.")
    http_host: str = "127.0.0.1"
    http_port: int = 8000

    log_level: str = "INFO"
    log_format: Literal["auto", "json", "console"] = "auto"

    # Stopping: a scheduled job is let finish its round this long; each further step (the
    # broker, the outbox relay, the database client) is given this long before it is left.
    job_grace_seconds: float = Field(default=10.0, gt=0)
    stop_step_seconds: float = Field(default=15.0, gt=0)
    trusted_ca_file: Path | None = Field(
        default=None,
        description="PEM bundle of the accredited CAs whose qualified certificates sign people's "
        "documents (the registry's FRMO requests, the portfolio's approvals); none: no CA here.",
    )
    signing_key_file: Path | None = Field(
        default=None,
        description="The service's own Ed25519 private key (PEM) that signs the documents it "
        "issues: the accreditation's extracts, FRMO's registration acts.",
    )
    signing_key: str | None = Field(default=None, description="PEM, wins over the file.")
    jwt_public_key_file: Path | None = None
    jwt_public_key: str | None = Field(default=None, description="PEM, wins over the file.")
    jwt_issuer: str = "egisz-dev-idp"
    jwt_audience: str = "egisz"

    # How many commands one replica handles at once (docs/stack.md, pitfall 21: one at a time
    # without it, and a slow command holds up every other). Events: each pull batch is handled at
    # once.
    command_concurrency: int = Field(default=32, ge=1)
    # A transient failure (write conflict, dropped connection, primary change, a service not
    # answering) is tried again: a command within this budget, then `service_unavailable`...
    command_retry_seconds: float = Field(default=3.0, ge=0)
    # ...an event until its redeliveries have waited this long (at least MongoDB's transaction
    # lifetime, 60 s: a crashed replica's open transaction holds its documents until then).
    transient_retry_seconds: float = Field(default=90.0, ge=0)

    # Redelivery of events (docs/stack.md, pitfalls 1–3).
    max_deliver: int = Field(default=5, ge=1)  # tries of a failure that will not pass by itself
    ack_wait_seconds: float = 30.0
    retry_delays_seconds: list[float] = Field(default_factory=lambda: [0.5, 2.0, 5.0, 15.0])
    pull_batch_size: int = 16

    # Transactional outbox relay.
    outbox_relay_enabled: bool = True
    outbox_poll_seconds: float = 1.0
    outbox_batch: int = 100

    # How often `/metrics` re-reads the outbox backlog, consumers' lag and dead letters.
    metrics_refresh_seconds: float = Field(default=15.0, gt=0)
    # `egisz_mongo_commands_total`: off unless asked for, since pymongo then builds a monitoring
    # event for every command (measured: +15–22% of the driver's CPU an operation, about 1.5 ms
    # of the services' CPU a registration). The database counts the same by collection (`top`).
    mongo_command_metrics: bool = False

    # Own stream.
    stream_max_age_days: float = 30.0
    stream_duplicate_window_seconds: float = 120.0
    stream_replicas: int = 1

    # How long the runtime keeps its own records (`runtime/retention.py`), pruned every
    # `runtime_prune_seconds` on every replica.
    processed_keep_days: float | None = Field(
        default=None, gt=0, description="Processed marks; None: the stream's age and a day."
    )
    outbox_sent_keep_hours: float = Field(default=24.0, gt=0)
    replies_keep_hours: float = Field(default=24.0, gt=0, description="The idempotency window.")
    unfinished_upload_hours: float = Field(default=24.0, gt=0)
    runtime_prune_seconds: float = Field(default=3600.0, gt=0)

    max_message_bytes: int = Field(
        default=1024 * 1024,
        ge=64 * 1024,
        description="Largest body read and reply sent (NATS max_payload).",
    )
    request_timeout_seconds: float = 5.0
    service_token: str | None = Field(
        default=None,
        description="This service's own JWT (role `service`) for queries to other services.",
    )
    readiness_timeout_seconds: float = 2.0
    journal_timeout_seconds: float = Field(
        default=2.0,
        gt=0,
        description="How long the audit journal's stream has to acknowledge an entry: past it "
        "the entry is kept in the outbox and replies wait for their entries; a read waiting "
        "is refused (`journal_unavailable`) rather than answered unjournaled.",
    )
    journal_ack_before_reply: bool = Field(
        default=False,
        description="Every reply waits for the audit journal's stream to acknowledge its "
        "entry (one round trip more a read). By default an entry leaves just before its reply "
        "on the same connection and replies wait only once the stream has failed an entry.",
    )
    dependency_wait_seconds: float = Field(
        default=600.0,
        gt=0,
        description="At start, how long to wait for NATS and MongoDB (retrying with backoff) "
        "before giving up: an outage shorter than this never stops the service.",
    )

    @property
    def inbox_prefix(self) -> str:
        return inbox_prefix_of(self.nats_url, self.service_name)

    @property
    def database(self) -> str:
        return self.mongo_database or f"egisz_{self.service_name}"

    def trusted_cas(self) -> list[x509.Certificate]:
        """The deployment's trusted CAs; a file that is not a PEM bundle stops the start."""
        if self.trusted_ca_file is None:
            return []
        return x509.load_pem_x509_certificates(self.trusted_ca_file.read_bytes())

    def signing_key_pem(self) -> str | None:
        if self.signing_key:
            return self.signing_key
        if self.signing_key_file:
            return self.signing_key_file.read_text()
        return None

    def public_key_pem(self) -> str | None:
        if self.jwt_public_key:
            return self.jwt_public_key
        if self.jwt_public_key_file:
            return self.jwt_public_key_file.read_text()
        return None
