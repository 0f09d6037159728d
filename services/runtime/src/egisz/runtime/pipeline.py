"""What `/metrics` says about the pipeline: the messages handled; the outbox backlog, each durable
consumer's lag and redeliveries, and the dead letters waiting for a person, read from MongoDB and
JetStream on a timer (a scrape must not wait on either), so a figure is at most one refresh old
and a source that does not answer leaves its last figure and says so in the log; the relay's
publish latency."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from nats.js import JetStreamContext
from prometheus_client import CollectorRegistry, Gauge, Histogram

from egisz.contracts.subjects import dead_letter_subject, stream_name
from egisz.kernel.clock import utcnow
from egisz.runtime.logging import get_logger
from egisz.runtime.mongo import OUTBOX, Mongo

log = get_logger("egisz.pipeline")


class HandledMessages:
    """One histogram per kind of message: its `_count` is the count by outcome (one source)."""

    def __init__(self, service: str, registry: CollectorRegistry) -> None:
        self._service = service
        self._commands = Histogram(
            "egisz_command_duration_seconds",
            "Commands answered, by subject and outcome (the reply's code), with their time",
            ["service", "subject", "outcome"],
            registry=registry,
        )
        self._events = Histogram(
            "egisz_event_duration_seconds",
            "Events handled, by durable consumer and outcome (ok, retry, dead_lettered)",
            ["service", "consumer", "subject", "outcome"],
            registry=registry,
        )

    def observe(
        self, subject: str, outcome: str, seconds: float, *, consumer: str | None = None
    ) -> None:
        """A command when `consumer` is None, else an event that consumer handled."""
        if consumer is None:
            self._commands.labels(self._service, subject, outcome).observe(seconds)
        else:
            self._events.labels(self._service, consumer, subject, outcome).observe(seconds)


def publish_latency(service: str, registry: CollectorRegistry) -> Histogram:
    """The relay's time from publishing an event to JetStream's ack, per event (the acks of a
    batch are awaited together: each event's time is its batch's)."""
    return Histogram(
        "egisz_outbox_publish_seconds",
        "Outbox relay: time from publishing an event to JetStream's acknowledgement",
        ["service"],
        registry=registry,
        buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
    ).labels(service)


class PipelineGauges:
    def __init__(
        self,
        service: str,
        registry: CollectorRegistry,
        *,
        mongo: Callable[[], Mongo],
        jetstream: Callable[[], JetStreamContext],
        durables: Sequence[tuple[str, str]],  # filled as consumers register
        readiness: Callable[[], Awaitable[dict[str, bool]]],
    ) -> None:
        self._service, self._mongo, self._js, self._durables = service, mongo, jetstream, durables
        self._readiness = readiness
        self._ready = Gauge(
            "egisz_ready",
            "1 while the service reaches this dependency (what /health/ready checks), else 0",
            ["service", "dependency"],
            registry=registry,
        )
        consumer = ["service", "stream", "consumer"]
        self._backlog = Gauge(
            "egisz_outbox_backlog",
            "Events committed and not yet published by the outbox relay",
            ["service"],
            registry=registry,
        )
        self._oldest = Gauge(
            "egisz_outbox_oldest_age_seconds",
            "Age of the oldest event not yet published (0 when none waits)",
            ["service"],
            registry=registry,
        )
        self._pending = Gauge(
            "egisz_consumer_pending",
            "Messages in the stream the durable consumer has not been given yet",
            consumer,
            registry=registry,
        )
        self._unacked = Gauge(
            "egisz_consumer_ack_pending",
            "Messages given to the durable consumer and not acknowledged yet",
            consumer,
            registry=registry,
        )
        self._redelivered = Gauge(
            "egisz_consumer_redelivered",
            "Messages given to the durable consumer more than once and not acknowledged yet",
            consumer,
            registry=registry,
        )
        self._dead = Gauge(
            "egisz_dead_letters",
            "Dead letters held in the service's stream, by the consumer that gave up",
            ["service", "consumer"],
            registry=registry,
        )

    async def refresh(self) -> None:
        """A source that is down is not asked (its figures stay as they were, `egisz_ready`
        says why): during an outage the round would only pile up requests that time out."""
        try:
            up = await self._readiness()
        except Exception as exc:
            log.warning("pipeline metrics not refreshed", part="readiness", error=repr(exc))
            return
        for dependency, ok in up.items():
            self._ready.labels(self._service, dependency).set(1 if ok else 0)
        parts = [self._outbox] if up.get("mongo", True) else []
        parts += [self._consumers, self._dead_letters] if up.get("nats", True) else []
        for part in parts:
            try:
                await part()
            except Exception as exc:
                log.warning("pipeline metrics not refreshed", part=part.__name__, error=repr(exc))

    async def _outbox(self) -> None:
        outbox = self._mongo()[OUTBOX]
        waiting = {"sent_at": None}
        self._backlog.labels(self._service).set(await outbox.count_documents(waiting))
        oldest = await outbox.find_one(waiting, {"created_at": 1}, sort=[("seq", 1)])
        age = (utcnow() - oldest["created_at"]).total_seconds() if oldest else 0.0
        self._oldest.labels(self._service).set(max(age, 0.0))

    async def _consumers(self) -> None:
        js = self._js()
        for stream, durable in self._durables:
            info = await js.consumer_info(stream, durable)
            labels = (self._service, stream, durable)
            self._pending.labels(*labels).set(info.num_pending or 0)
            self._unacked.labels(*labels).set(info.num_ack_pending or 0)
            self._redelivered.labels(*labels).set(info.num_redelivered or 0)

    async def _dead_letters(self) -> None:
        own = stream_name(self._service)
        prefix = dead_letter_subject(self._service, "")
        info = await self._js().stream_info(own, subjects_filter=prefix + ">")
        held = {s.removeprefix(prefix): n for s, n in (info.state.subjects or {}).items()}
        for durable in {d for _, d in self._durables} | held.keys():  # replayed or purged: 0
            self._dead.labels(self._service, durable).set(held.get(durable, 0))
