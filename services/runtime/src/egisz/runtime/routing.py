"""Entry points as module-level functions, grouped in routers the way FastStream's `NatsRouter`
groups subscribers: a service's `handlers` modules declare what each message does, its `app.py`
includes the routers with the dependencies it built (`ServiceRuntime.include`).

A command handler is `async (request, ctx, deps) -> reply`, an event consumer `async (event,
deps) -> None` with the event's data read as the spec's model. `UnitsOfWork` gives a handler its
unit of work with the service's event mapping, the events it commits caused by the message being
handled."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from pydantic import BaseModel

from egisz.contracts.envelope import Role
from egisz.contracts.events import CloudEvent
from egisz.contracts.subjects import Command, Event
from egisz.runtime.events import Cause
from egisz.runtime.messaging import CommandContext, DataT
from egisz.runtime.mongo import MongoUnitOfWork, OutgoingEvent

DepsT = TypeVar("DepsT")
UnitT = TypeVar("UnitT")
UnitT_co = TypeVar("UnitT_co", covariant=True)

# The request is `Any`: a handler of `RegisterWorker` is no handler of every `BaseModel`.
CommandHandler = Callable[[Any, CommandContext, DepsT], Awaitable[BaseModel]]
EventConsumer = Callable[[CloudEvent[DataT], DepsT], Awaitable[None]]
CommandH = TypeVar("CommandH", bound=CommandHandler[Any])

# What caused the events a unit of work commits: the command or the event being handled, or
# nothing (a scheduled job).
Origin = CommandContext | CloudEvent[Any] | None


def cause_of(origin: Origin) -> Cause:
    if isinstance(origin, CommandContext):
        return origin.cause
    if origin is None:
        return Cause()
    return Cause.of_event(origin)


@dataclass(frozen=True)
class RoutedCommand(Generic[DepsT]):
    spec: Command
    roles: frozenset[Role]
    public: bool
    handler: CommandHandler[DepsT]


@dataclass(frozen=True)
class RoutedConsumer(Generic[DepsT]):
    spec: Event[Any]
    name: str
    handler: EventConsumer[Any, DepsT]


@dataclass(frozen=True)
class RoutedWatch(Generic[DepsT]):
    spec: Event[Any]
    handler: EventConsumer[Any, DepsT]


class Router(Generic[DepsT]):
    """The entry points of one part of a service, each declared once, at module level."""

    def __init__(self) -> None:
        self.commands: list[RoutedCommand[DepsT]] = []
        self.consumers: list[RoutedConsumer[DepsT]] = []
        self.watches: list[RoutedWatch[DepsT]] = []

    def command(
        self, spec: Command, *, roles: Iterable[Role], public: bool = False
    ) -> Callable[[CommandH], CommandH]:
        """`public`: callers without a token are served too, as the anonymous actor."""

        def decorator(handler: CommandH) -> CommandH:
            self.commands.append(RoutedCommand(spec, frozenset(roles), public, handler))
            return handler

        return decorator

    def consumer(
        self, spec: Event[DataT], *, name: str
    ) -> Callable[[EventConsumer[DataT, DepsT]], EventConsumer[DataT, DepsT]]:
        """A durable consumer `<service>-<name>` of the event."""

        def decorator(handler: EventConsumer[DataT, DepsT]) -> EventConsumer[DataT, DepsT]:
            self.consumers.append(RoutedConsumer(spec, name, handler))
            return handler

        return decorator

    def watch(
        self, spec: Event[DataT]
    ) -> Callable[[EventConsumer[DataT, DepsT]], EventConsumer[DataT, DepsT]]:
        """Every process hears the event, at most once (`Messaging.watch`): for a cache."""

        def decorator(handler: EventConsumer[DataT, DepsT]) -> EventConsumer[DataT, DepsT]:
            self.watches.append(RoutedWatch(spec, handler))
            return handler

        return decorator


def bind_command(
    handler: CommandHandler[DepsT], deps: DepsT
) -> Callable[[Any, CommandContext], Awaitable[BaseModel]]:
    async def bound(request: Any, ctx: CommandContext) -> BaseModel:
        return await handler(request, ctx, deps)

    bound.__name__ = getattr(handler, "__name__", "command")
    return bound


def bind_consumer(
    handler: EventConsumer[Any, DepsT], deps: DepsT
) -> Callable[[CloudEvent[Any]], Awaitable[None]]:
    async def bound(event: CloudEvent[Any]) -> None:
        await handler(event, deps)

    bound.__name__ = getattr(handler, "__name__", "consumer")
    return bound


class UnitOfWorkFactory(Protocol[UnitT_co]):
    """What a handler's dependencies hold: a unit of work for the message being handled (the
    runtime's `UnitsOfWork`, or an in-memory fake in tests)."""

    def __call__(self, origin: Origin = None) -> UnitT_co: ...


ToWire = Callable[[Any], OutgoingEvent]


class UnitsOfWork(Generic[UnitT]):
    """A service's unit of work (`make(base, to_wire)`) with its event mapping bound to the
    cause of the message being handled."""

    def __init__(
        self,
        make: Callable[[MongoUnitOfWork, ToWire], UnitT],
        base: Callable[[], MongoUnitOfWork],
        forms: Callable[[Any, Cause], OutgoingEvent],
    ) -> None:
        self._make = make
        self._base = base
        self._forms = forms

    def __call__(self, origin: Origin = None) -> UnitT:
        cause = cause_of(origin)
        forms = self._forms
        return self._make(self._base(), lambda event: forms(event, cause))
