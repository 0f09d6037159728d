"""Thin entry points for commands (request/reply) and events (durable JetStream consumers).

Every handled message gets fresh log context (service, subject, correlation id, message id) and one
log line with its outcome and duration. Commands always answer with a reply envelope; events are
acked, retried with a delay, or dead-lettered with the reason (docs/stack.md, pitfalls 1–3, 9, 18).
"""

from __future__ import annotations

import contextvars
import time
import uuid
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

import structlog
from faststream.nats import NatsBroker
from nats.aio.msg import Msg
from nats.js.api import ConsumerConfig
from prometheus_client import CollectorRegistry
from pydantic import BaseModel, ValidationError
from pymongo.errors import PyMongoError

from egisz.contracts.audit import DataPart
from egisz.contracts.envelope import (
    HEADER_AUTHORIZATION,
    HEADER_CORRELATION_ID,
    HEADER_IDEMPOTENCY_KEY,
    Actor,
    CommandMeta,
    Role,
)
from egisz.contracts.events import CloudEvent, DeadLetter
from egisz.contracts.subjects import Command, Event, dead_letter_subject, stream_name
from egisz.kernel.errors import (
    DomainError,
    ServiceError,
    TransientError,
)
from egisz.runtime import journal as journaling, replies
from egisz.runtime.auth import TokenVerifier, authenticate
from egisz.runtime.events import Cause
from egisz.runtime.handling import handling
from egisz.runtime.idempotency import StoredReplies
from egisz.runtime.inbound import (
    MAX_BODY_BYTES,
    InvalidMessageError,
    bounded_id,
    check_body,
    idempotency_key,
    not_json,
)
from egisz.runtime.inbox import Inbox, MongoInbox, delivery_of
from egisz.runtime.logging import get_logger
from egisz.runtime.mongo import Mongo
from egisz.runtime.pipeline import HandledMessages
from egisz.runtime.retries import RedeliveryPolicy, run_with_retries
from egisz.runtime.subscriptions import CommandSubscription, PullConsumer, Subscriptions, Watch

log = get_logger("egisz.messages")

RequestT = TypeVar("RequestT", bound=BaseModel)
DataT = TypeVar("DataT", bound=BaseModel)


_delivery: contextvars.ContextVar[tuple[int, int]] = contextvars.ContextVar(
    "egisz_delivery", default=(1, 1)
)


def delivery_attempt() -> tuple[int, int]:
    """Inside an event consumer: this delivery's number and the last one there will be, so a
    consumer can settle a business outcome (e.g. «не доставлено») instead of a dead letter."""
    return _delivery.get()


@dataclass(frozen=True)
class CommandContext:
    meta: CommandMeta
    subject: str
    message_id: str | None = None
    disclosures: journaling.Disclosures = field(default_factory=journaling.Disclosures)

    def disclosed(self, snils: str | None, *parts: DataPart) -> None:
        """This command reads or changes that person's data (the audit journal names them)."""
        self.disclosures.add(snils, *parts)

    @property
    def actor(self) -> Actor:
        return self.meta.actor

    @property
    def correlation_id(self) -> str:
        return self.meta.correlation_id

    @property
    def cause(self) -> Cause:
        """Events this command writes: same correlation, caused by this message, by this actor."""
        return Cause(self.meta.correlation_id, self.message_id, str(self.meta.actor))


CommandFn = Callable[[Any, CommandContext], Awaitable[BaseModel]]
EventFn = Callable[[CloudEvent[Any]], Awaitable[None]]
EventHandler = Callable[[CloudEvent[DataT]], Awaitable[None]]  # a consumer of one event's data
CommandF = TypeVar("CommandF", bound=CommandFn)
EventF = TypeVar("EventF", bound=EventFn)


class Messaging:
    """Registers a service's command handlers and event consumers on its broker."""

    def __init__(
        self,
        service: str,
        broker: NatsBroker,
        *,
        verifier: Callable[[], TokenVerifier],
        mongo: Callable[[], Mongo],
        policy: RedeliveryPolicy,
        metrics: CollectorRegistry,
        max_body_bytes: int = MAX_BODY_BYTES,
        inbox_prefix: str = "_INBOX",
        command_concurrency: int = 1,
        command_retry_seconds: float = 3.0,
        inbox: Inbox | None = None,
        journal: journaling.Journal | None = None,
    ) -> None:
        """`journal`: where the audit journal's entries go (a service keeping personal data)."""
        self.service = service
        self.journal = journal
        self.broker = broker
        self._verifier = verifier
        self._mongo = mongo
        self.policy = policy
        self.max_body_bytes = max_body_bytes
        self.command_retry_seconds = command_retry_seconds
        self.durables: list[tuple[str, str]] = []  # (stream, durable) of every consumer
        self.watched: list[str] = []  # subjects every process hears (`watch`)
        self.replayed: list[str] = []  # other services' streams read from the start (`replays`)
        self._handled = HandledMessages(service, metrics)
        self.inbox = inbox or MongoInbox(mongo)
        self._stored = StoredReplies(mongo, command_retry_seconds)
        self.subscriptions = Subscriptions(
            concurrency=command_concurrency, inbox_prefix=inbox_prefix
        )

    async def start(self, *, patience: float = 0.0) -> None:
        """Subscribe everything registered, on the broker's connection (`Subscriptions.start`)."""
        await self.subscriptions.start(self.broker.connection, patience=patience)

    async def stop(self) -> None:
        await self.subscriptions.stop()

    def _done(
        self,
        subject: str,
        outcome: str,
        started: float,
        *,
        consumer: str | None = None,
        **extra: Any,
    ) -> None:
        elapsed = time.perf_counter() - started
        self._handled.observe(subject, outcome, elapsed, consumer=consumer)
        level = "info" if outcome == "ok" else "warning"
        getattr(log, level)(
            "message handled", outcome=outcome, duration_ms=round(elapsed * 1000, 2), **extra
        )

    # --- commands ---------------------------------------------------------------------------
    def command(
        self, spec: Command, *, roles: Iterable[Role], public: bool = False
    ) -> Callable[[CommandF], CommandF]:
        """`public`: callers without a token are served too, as the anonymous actor."""
        allowed = frozenset(roles) | ({Role.ANONYMOUS} if public else frozenset())

        def decorator(fn: CommandF) -> CommandF:
            async def handle(msg: Msg) -> bytes:
                return await self._handle_command(spec, allowed, fn, msg)

            self.subscriptions.commands[spec.subject] = CommandSubscription(
                spec.subject, self.service, handle
            )
            return fn

        return decorator

    async def _handle_command(
        self, spec: Command, roles: frozenset[Role], fn: CommandFn, msg: Msg
    ) -> bytes:
        started = time.perf_counter()
        headers = msg.headers or {}
        correlation_id = bounded_id(headers.get(HEADER_CORRELATION_ID)) or uuid.uuid4().hex
        message_id = bounded_id(headers.get("message_id")) or correlation_id
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(
            subject=spec.subject, correlation_id=correlation_id, message_id=message_id
        )
        outcome = "ok"
        ctx: CommandContext | None = None
        try:
            body = msg.data or b"{}"
            check_body(body, max_bytes=self.max_body_bytes)
            actor = authenticate(spec, headers.get(HEADER_AUTHORIZATION), roles, self._verifier)
            key = idempotency_key(headers.get(HEADER_IDEMPOTENCY_KEY))
            if spec.is_query:
                key = None  # a stored answer would outlive the caller's access
            try:
                request = spec.request.model_validate_json(body)
            except ValidationError as exc:
                raise not_json(exc.errors()) or replies.invalid_input(exc) from None
            meta = CommandMeta(
                actor=actor,
                correlation_id=correlation_id,
                idempotency_key=key,
            )
            ctx = CommandContext(meta=meta, subject=spec.subject, message_id=message_id)
            reply = await self._execute(fn, request, ctx)
            if len(reply) > self.max_body_bytes:
                outcome = "reply_too_large"
                log.error("reply too large", size=len(reply), limit=self.max_body_bytes)
                return replies.failure(replies.internal_error_body())
            await self._journaled(spec, ctx, "ok")
            return reply
        except ServiceError as exc:
            outcome = exc.code
            if ctx is not None and not isinstance(exc, journaling.JournalUnavailableError):
                await self._journaled(spec, ctx, exc.code)
            return replies.failure(replies.error_body(exc))
        except PyMongoError as exc:
            outcome = "service_unavailable"
            log.warning("database unavailable", error=repr(exc))
            return replies.failure(replies.error_body(TransientError()))
        except Exception:
            outcome = "internal_error"
            log.exception("command failed")
            return replies.failure(replies.internal_error_body())
        finally:
            self._done(spec.subject, outcome, started)

    async def _journaled(self, spec: Command, ctx: CommandContext, outcome: str) -> None:
        if self.journal is not None:
            entry = journaling.journal_entry(spec, outcome, ctx.meta, ctx.disclosures)
            await journaling.send_to_journal(self.journal, entry)

    async def _execute(self, fn: CommandFn, request: BaseModel, ctx: CommandContext) -> bytes:
        key = ctx.meta.idempotency_key
        if key is None:
            return replies.success(
                await run_with_retries(lambda: fn(request, ctx), self.command_retry_seconds)
            )
        doc_id = f"{ctx.subject}|{ctx.actor.sub}|{key}"
        return await self._stored.answer(doc_id, request, lambda: fn(request, ctx), ctx.disclosures)

    # --- events -----------------------------------------------------------------------------
    def consumer(
        self, spec: Event[DataT], *, name: str
    ) -> Callable[[EventHandler[DataT]], EventHandler[DataT]]:
        """Durable pull consumer `<service>-<name>` on the owning service's stream: the handler
        is given the event with its data read as the spec's model (`CloudEvent[DataT]`)."""
        durable = f"{self.service}-{name}"
        model = CloudEvent[spec.data]  # type: ignore[name-defined]
        self.durables.append((stream_name(spec.service), durable))

        def decorator(fn: EventHandler[DataT]) -> EventHandler[DataT]:
            async def consume(msg: Msg) -> None:
                await self._handle_event(spec, name, model, fn, msg)

            config = ConsumerConfig(
                durable_name=durable,
                max_deliver=self.policy.transient_deliveries,
                ack_wait=self.policy.ack_wait_seconds,
            )
            self.subscriptions.consumers.append(
                PullConsumer(
                    spec.subject,
                    stream_name(spec.service),
                    durable,
                    config,
                    self.policy.batch_size,
                    consume,
                )
            )
            return fn

        return decorator

    async def _handle_event(
        self,
        spec: Event[Any],
        name: str,
        model: type[CloudEvent[Any]],
        fn: EventFn,
        msg: Msg,
    ) -> None:
        started = time.perf_counter()
        durable = f"{self.service}-{name}"
        deliveries, _ = delivery_of(msg)
        headers = msg.headers or {}
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(
            subject=msg.subject,
            consumer=durable,
            message_id=headers.get("Nats-Msg-Id"),
            correlation_id=headers.get(HEADER_CORRELATION_ID),
            delivery=deliveries,
        )
        event = await self._read_event(spec, model, msg, durable, deliveries, started)
        if event is None:
            return  # dead-lettered: it will never read
        structlog.contextvars.bind_contextvars(
            message_id=event.id, correlation_id=event.correlationid
        )
        _delivery.set((deliveries, self.policy.max_deliver))
        if await self.inbox.handled(name, event.id):
            await msg.ack()  # a redelivery, or a copy: its effects are in already
            self._done(spec.subject, "already_handled", started, consumer=durable)
            return
        try:
            with handling(name, event.id) as current:

                async def attempt() -> None:
                    current.done = False  # a retried attempt starts its transaction anew
                    await fn(event)

                await run_with_retries(attempt, self.command_retry_seconds)
        except DomainError as exc:
            # Retrying cannot change a rule's answer: straight to the dead-letter subject.
            await self._dead_letter(
                msg, durable, f"refused: {exc.code}: {exc.message}", deliveries, started
            )
            return
        except Exception as exc:
            await self._retry_or_give_up(msg, spec, durable, exc, deliveries, started)
            return
        await msg.ack()
        self._done(spec.subject, "ok", started, consumer=durable)

    def replays(self, service: str) -> str:
        """This service reads `service`'s stream by direct get (`changes.read_changes`): its
        NATS user is allowed to (`egisz natsusers`). The stream's name."""
        stream = stream_name(service)
        self.replayed.append(stream)
        return stream

    def watch(self, spec: Event[DataT]) -> Callable[[EventHandler[DataT]], EventHandler[DataT]]:
        """Every process of the service hears the event as it is published (a core subscription,
        no queue group): for what each process keeps in memory, such as a cache to drop. At most
        once: the stream keeps the event, so a watcher must also get by without it (a TTL)."""
        model = CloudEvent[spec.data]  # type: ignore[name-defined]
        self.watched.append(spec.subject)

        def decorator(fn: EventHandler[DataT]) -> EventHandler[DataT]:
            async def hear(body: bytes) -> None:
                try:
                    check_body(body, max_bytes=self.max_body_bytes)
                    await fn(model.model_validate_json(body))
                except Exception as exc:  # the stream still holds it; the watcher's TTL covers
                    log.warning("watched event not applied", subject=spec.subject, error=repr(exc))

            self.subscriptions.watches.append(Watch(spec.subject, hear))
            return fn

        return decorator

    async def _read_event(
        self,
        spec: Event[Any],
        model: type[CloudEvent[Any]],
        msg: Msg,
        durable: str,
        deliveries: int,
        started: float,
    ) -> CloudEvent[Any] | None:
        """The event as the spec's model, or None once dead-lettered with why it does not read."""
        try:
            check_body(msg.data, max_bytes=self.max_body_bytes)
            return model.model_validate_json(msg.data)
        except InvalidMessageError as exc:
            await self._dead_letter(msg, durable, exc.message, deliveries, started)
        except ValidationError as exc:
            reason = (
                f"payload does not match {spec.data.__name__}: {exc.error_count()} errors: "
                + "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()[:5])
            )
            await self._dead_letter(msg, durable, reason, deliveries, started)
        return None

    async def _retry_or_give_up(
        self,
        msg: Msg,
        spec: Event[Any],
        durable: str,
        exc: Exception,
        deliveries: int,
        started: float,
    ) -> None:
        """A failure that may pass: redelivered after a delay, dead-lettered past the policy."""
        if self.policy.gives_up(deliveries, exc):
            reason = f"gave up after {deliveries} deliveries: {exc!r}"
            await self._dead_letter(msg, durable, reason, deliveries, started)
            return
        delay = self.policy.delay(deliveries)
        await msg.nak(delay=delay)
        self._done(
            spec.subject, "retry", started, consumer=durable, error=repr(exc), retry_in_s=delay
        )

    async def _dead_letter(
        self, msg: Msg, durable: str, reason: str, deliveries: int, started: float
    ) -> None:
        letter = DeadLetter(
            consumer=durable,
            subject=msg.subject,
            message_id=(msg.headers or {}).get("Nats-Msg-Id"),
            reason=reason,
            deliveries=deliveries,
            body=msg.data.decode("utf-8", errors="replace"),
            dead_lettered_at=datetime.now(UTC),
        )
        try:
            await self.broker.publish(
                letter.model_dump_json().encode(),
                dead_letter_subject(self.service, durable),
                headers={"Nats-Msg-Id": f"dlq|{durable}|{delivery_of(msg)[1]}"},
                stream=stream_name(self.service),
                timeout=5.0,
            )
        except Exception as exc:  # the letter must not be lost: let the original come back
            await msg.nak(delay=self.policy.delay(deliveries))
            self._done(
                msg.subject,
                "retry",
                started,
                consumer=durable,
                error=f"dead-letter publish failed: {exc!r}",
            )
            return
        await msg.term()  # this delivery is settled by its dead letter
        self._done(msg.subject, "dead_lettered", started, consumer=durable, reason=reason)
