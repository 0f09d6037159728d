"""The composition every service shares: broker, Mongo, outbox relay, auth, health and metrics.

A service's own `app.py` builds a `ServiceRuntime`, registers its handlers on it and exposes
`runtime.asgi()`; `python -m egisz.<service>` serves it with uvicorn.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from datetime import timedelta
from typing import Any, TypeVar

import uvicorn
from faststream.asgi import AsgiFastStream, AsgiResponse, get
from faststream.nats import NatsBroker
from prometheus_client import CollectorRegistry, make_asgi_app
from pymongo import IndexModel

from egisz.contracts.envelope import Role
from egisz.contracts.subjects import Command, Event, stream_name
from egisz.kernel.clock import utcnow
from egisz.runtime.auth import TokenVerifier
from egisz.runtime.dependencies import until_reachable
from egisz.runtime.events import Cause
from egisz.runtime.heap import freeze_start_up_heap
from egisz.runtime.inbox import Inbox
from egisz.runtime.journal import JetStreamJournal, Journal
from egisz.runtime.logging import broker_logger, configure_logging, get_logger
from egisz.runtime.messaging import CommandF, DataT, EventHandler, Messaging
from egisz.runtime.mongo import CommandCounter, Mongo, MongoUnitOfWork, OutgoingEvent
from egisz.runtime.outbox import OutboxRelay
from egisz.runtime.pipeline import PipelineGauges, publish_latency
from egisz.runtime.retention import RETENTION_INDEXES, Retention, prune
from egisz.runtime.retries import RedeliveryPolicy
from egisz.runtime.routing import (
    DepsT,
    Router,
    ToWire,
    UnitsOfWork,
    UnitT,
    bind_command,
    bind_consumer,
)
from egisz.runtime.settings import ServiceSettings, nats_servers
from egisz.runtime.streams import prepare_streams, reconcile_consumers

SettingsT = TypeVar("SettingsT", bound=ServiceSettings)

STOP_STEP_SECONDS = 15.0


async def stop_within(
    step: Awaitable[object], what: str, seconds: float = STOP_STEP_SECONDS
) -> None:
    """One step of stopping, bounded: a step that hangs (a driver waiting on a connection a
    cancelled call held) is logged and left, so the process still stops and the log says where."""
    task = asyncio.ensure_future(step)
    done, _ = await asyncio.wait({task}, timeout=seconds)
    if not done:  # cancelled and not waited for: a step that ignores cancelling hangs no more
        task.cancel()
        log.warning("shutdown step did not finish", step=what, seconds=seconds)
    elif not task.cancelled() and task.exception() is not None:
        log.warning("shutdown step failed", step=what, error=repr(task.exception()))


log = get_logger("egisz.app")


class ServiceRuntime:
    def __init__(
        self,
        settings: ServiceSettings,
        *,
        indexes: Mapping[str, Sequence[IndexModel]] | None = None,
        inbox: Inbox | None = None,
        journaled_as: str | None = None,
        journal: Journal | None = None,
    ) -> None:
        """`inbox`: where handled events are looked up (Mongo's processed marks unless given:
        an in-memory one for handler tests, `testsupport/inmemory.py`). `journaled_as`: the
        service keeps personal data and sends the audit journal its entries under that name
        (`contracts.audit.JOURNALED_SERVICES`), or to `journal` where one is given."""
        self.settings = settings
        self.name = settings.service_name
        self.indexes = {**RETENTION_INDEXES, **dict(indexes or {})}
        self.metrics = CollectorRegistry()
        self._mongo_commands = (
            [CommandCounter(self.name, self.metrics)] if settings.mongo_command_metrics else []
        )
        self.broker = NatsBroker(
            nats_servers(settings.nats_url),
            name=self.name,
            max_reconnect_attempts=-1,  # reconnect forever; readiness tells when NATS is gone
            reconnect_time_wait=1,
            connect_timeout=3,
            inbox_prefix=settings.inbox_prefix,  # only this user's replies (users.conf)
            log_level=10,  # FastStream's per-message lines are DEBUG; ours carry the outcome
            logger=broker_logger(),  # through our JSON chain, not FastStream's coloured handler
        )
        self._mongo: Mongo | None = None
        pem = settings.public_key_pem()
        self._verifier = (
            TokenVerifier(pem, issuer=settings.jwt_issuer, audience=settings.jwt_audience)
            if pem
            else None
        )
        self.relay: OutboxRelay | None = None
        self.consumed_streams: set[str] = set()
        self._jobs: list[tuple[float, Callable[[], Awaitable[object]], str]] = []
        self._closers: list[tuple[Callable[[], Awaitable[object]], str]] = []
        self._tasks: list[asyncio.Task[None]] = []
        self._stopping = asyncio.Event()
        self.freeze_heap_at_start = False  # a process of its own (`serve`), not a test's runtime
        self.journal = journal or self._journal(journaled_as)
        self.messaging = self._messaging(settings, inbox)
        self._publish_latency = publish_latency(self.name, self.metrics)
        self.pipeline = PipelineGauges(
            self.name,
            self.metrics,
            mongo=lambda: self.mongo,
            jetstream=lambda: self.broker.connection.jetstream(),
            durables=self.messaging.durables,
            readiness=self.readiness,
        )
        self.every(settings.metrics_refresh_seconds, self.pipeline.refresh, name="pipeline")
        self.every(settings.runtime_prune_seconds, self._prune, name="retention")

    async def _prune(self) -> None:
        """The runtime's own records past their time (`runtime/retention.py`)."""
        keep = Retention.of(self.settings, await self._streams_kept())
        await prune(self.mongo, keep, utcnow())

    async def _streams_kept(self) -> timedelta | None:
        """The longest any stream this service reads (or owns) keeps an event, as JetStream
        says now; None when one keeps everything."""
        js = self.broker.connection.jetstream()
        ages = []
        for name in {stream_name(self.name), *self.consumed_streams}:
            ages.append((await js.stream_info(name)).config.max_age or 0)
        return None if 0 in ages else timedelta(seconds=max(ages))

    def _messaging(self, settings: ServiceSettings, inbox: Inbox | None) -> Messaging:
        return Messaging(
            self.name,
            self.broker,
            verifier=lambda: self.verifier,
            mongo=lambda: self.mongo,
            policy=RedeliveryPolicy(
                max_deliver=settings.max_deliver,
                ack_wait_seconds=settings.ack_wait_seconds,
                delays=tuple(settings.retry_delays_seconds),
                batch_size=settings.pull_batch_size,
                transient_seconds=settings.transient_retry_seconds,
            ),
            metrics=self.metrics,
            max_body_bytes=settings.max_message_bytes,
            inbox_prefix=settings.inbox_prefix,
            command_concurrency=settings.command_concurrency,
            command_retry_seconds=settings.command_retry_seconds,
            inbox=inbox,
            journal=self.journal,
        )

    # Built at startup: AsyncMongoClient belongs to the running loop (docs/stack.md, pitfall 16).
    @property
    def mongo(self) -> Mongo:
        if self._mongo is None:
            raise RuntimeError("Mongo is not connected yet")
        return self._mongo

    @property
    def verifier(self) -> TokenVerifier:
        if self._verifier is None:
            raise RuntimeError("no JWT public key configured")
        return self._verifier

    def unit_of_work(self) -> MongoUnitOfWork:
        return MongoUnitOfWork(self.mongo, on_commit=self.relay.wake if self.relay else None)

    def _journal(self, journaled_as: str | None) -> Journal | None:
        """The audit journal's stream for a service that keeps personal data (its entries go
        there: the service waits for that stream), an entry it did not take kept in the
        service's outbox."""
        if journaled_as is None:
            return None
        self.consumed_streams.add(stream_name("audit"))
        return JetStreamJournal(
            self.broker,
            journaled_as,
            timeout=self.settings.journal_timeout_seconds,
            outbox=lambda: self.mongo,
            ack_before_reply=self.settings.journal_ack_before_reply,
        )

    def units(
        self,
        make: Callable[[MongoUnitOfWork, ToWire], UnitT],
        forms: Callable[[Any, Cause], OutgoingEvent],
    ) -> UnitsOfWork[UnitT]:
        """The service's units of work for its handlers: `make(base, to_wire)` with the
        service's event mapping (`forms`) bound to the cause of each message."""
        return UnitsOfWork(make, self.unit_of_work, forms)

    def include(self, router: Router[DepsT], deps: DepsT) -> None:
        """Register a router's entry points, each given the dependencies `app.py` built."""
        for c in router.commands:
            self.command(c.spec, roles=c.roles, public=c.public)(bind_command(c.handler, deps))
        for e in router.consumers:
            self.consumer(e.spec, name=e.name)(bind_consumer(e.handler, deps))
        for w in router.watches:
            self.messaging.watch(w.spec)(bind_consumer(w.handler, deps))

    def command(
        self, spec: Command, *, roles: Iterable[Role], public: bool = False
    ) -> Callable[[CommandF], CommandF]:
        return self.messaging.command(spec, roles=roles, public=public)

    def consumer(
        self, spec: Event[DataT], *, name: str
    ) -> Callable[[EventHandler[DataT]], EventHandler[DataT]]:
        self.consumed_streams.add(stream_name(spec.service))
        return self.messaging.consumer(spec, name=name)

    async def startup(self) -> None:
        s = self.settings
        if self._verifier is None:
            log.warning("no JWT public key: every command will be refused")
        self._mongo = Mongo(s.mongo_url, s.database, self._mongo_commands)
        mongo = self._mongo
        # A dependency that is down at start is waited for, not a reason to exit (docs/stack.md
        # pitfall 32): a service restarted during a database stall comes up when it ends.
        wait = s.dependency_wait_seconds
        await until_reachable("mongo", lambda: mongo.ensure_indexes(self.indexes), wait)
        await until_reachable("nats", lambda: prepare_streams(s, self.consumed_streams), wait)
        await until_reachable("nats", self.broker.connect, wait)
        policy = self.messaging.policy
        await until_reachable(
            "nats",
            lambda: reconcile_consumers(
                self.broker.connection.jetstream(),
                self.messaging.durables,
                policy.transient_deliveries,
                policy.ack_wait_seconds,
            ),
            wait,
        )
        self.relay = OutboxRelay(
            self._mongo,
            self.broker,
            poll_seconds=s.outbox_poll_seconds,
            batch=s.outbox_batch,
            latency=self._publish_latency,
        )
        log.info("service starting", database=s.database, relay=s.outbox_relay_enabled)

    def every(self, seconds: float, job: Callable[[], Awaitable[object]], *, name: str) -> None:
        """Run `job` every `seconds` while the service runs. Replicas each run it: a job must
        be safe to run twice (versioned saves make the second run find nothing to do)."""
        self._jobs.append((seconds, job, name))

    async def stop_within(self, step: Awaitable[object], what: str) -> None:
        await stop_within(step, what, self.settings.stop_step_seconds)

    def closing(self, close: Callable[[], Awaitable[object]], *, name: str) -> None:
        """Call `close` when the service stops, after its handlers (a pooled HTTP client)."""
        self._closers.append((close, name))

    async def _run_every(
        self, seconds: float, job: Callable[[], Awaitable[object]], name: str
    ) -> None:
        while not self._stopping.is_set():
            try:
                await job()
            except Exception:
                log.exception("scheduled job failed", job=name)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), seconds)

    async def after_startup(self) -> None:
        if self.freeze_heap_at_start:
            freeze_start_up_heap()  # a full collection then walks only what handling made
        await self.messaging.start(patience=self.settings.dependency_wait_seconds)
        if self.relay and self.settings.outbox_relay_enabled:
            self.relay.start()
        self._stopping.clear()
        self._tasks = [
            asyncio.create_task(self._run_every(seconds, job, name), name=name)
            for seconds, job, name in self._jobs
        ]
        log.info("service ready")

    async def shutdown(self) -> None:
        # A job is let finish the round it is in (cancelled in the middle of a database call,
        # the driver could hold the connection the client's close then waits for); one that
        # does not finish within the grace is cancelled.
        self._stopping.set()
        await self.stop_within(self.messaging.stop(), "subscriptions")
        if isinstance(self.journal, JetStreamJournal):
            await self.stop_within(self.journal.settled(), "audit journal")
        if self._tasks:
            grace = self.settings.job_grace_seconds
            _, late = await asyncio.wait(self._tasks, timeout=grace)
            for task in late:
                log.warning("scheduled job cancelled at shutdown", job=task.get_name())
                task.cancel()
            if late:
                await self.stop_within(asyncio.gather(*late, return_exceptions=True), "jobs")
        if self.relay:
            await self.stop_within(self.relay.stop(), "outbox relay")

    async def after_shutdown(self) -> None:
        for close, name in self._closers:
            await self.stop_within(close(), name)
        if self._mongo:
            await self.stop_within(self._mongo.close(), "mongo client")
        log.info("service stopped")

    async def readiness(self) -> dict[str, bool]:
        timeout = self.settings.readiness_timeout_seconds
        nats_ok = await self.broker.ping(timeout=timeout)
        mongo_ok = self._mongo is not None and await self._mongo.ping(timeout)
        return {"nats": nats_ok, "mongo": mongo_ok}

    def asgi(self) -> AsgiFastStream:
        @get
        async def live(scope: Any) -> AsgiResponse:
            return AsgiResponse(b'{"status":"live"}', 200, {"content-type": "application/json"})

        @get
        async def ready(scope: Any) -> AsgiResponse:
            checks = await self.readiness()
            ok = all(checks.values())
            status = "ready" if ok else "not_ready"
            # the pid: a supervisor on this host tells its own process from another on the port
            body = json.dumps({"status": status, "checks": checks, "pid": os.getpid()})
            return AsgiResponse(
                body.encode(), 200 if ok else 503, {"content-type": "application/json"}
            )

        return AsgiFastStream(
            self.broker,
            asgi_routes=[
                ("/health/live", live),
                ("/health/ready", ready),
                ("/metrics", make_asgi_app(self.metrics)),
            ],
            on_startup=[self.startup],
            after_startup=[self.after_startup],
            on_shutdown=[self.shutdown],
            after_shutdown=[self.after_shutdown],
        )


def serve(build: Callable[[SettingsT], ServiceRuntime], settings: SettingsT) -> None:
    """Entry point of `python -m egisz.<service>`: logging first, so that even what the service
    says while it is built is one JSON line."""
    configure_logging(settings.service_name, settings.log_level, settings.log_format)
    runtime = build(settings)
    runtime.freeze_heap_at_start = True
    s = runtime.settings
    uvicorn.run(
        runtime.asgi(),
        host=s.http_host,
        port=s.http_port,
        log_config=None,
        access_log=False,
        lifespan="on",
        timeout_graceful_shutdown=10,
        # libuv's loop: a registration cost the registry 9% less CPU than on asyncio's own
        # (tests/bench/README.md); uvicorn's "auto" would fall back silently where it is missing.
        loop="uvloop",
    )
