"""What a consumer knows of an event before its handler runs: whether it was handled already
(the mark itself is written by the handler's transaction, `handling.py`), and which delivery
this is."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from nats.aio.msg import Msg
from nats.errors import NotJSMessageError

from egisz.runtime.handling import Handling
from egisz.runtime.mongo import PROCESSED_EVENTS, Mongo


class Inbox(Protocol):
    async def handled(self, consumer: str, event_id: str) -> bool: ...


class MongoInbox:
    def __init__(self, mongo: Callable[[], Mongo]) -> None:
        self._mongo = mongo

    async def handled(self, consumer: str, event_id: str) -> bool:
        """The event's inbox mark is there: a transaction that handled it committed."""
        found = await self._mongo()[PROCESSED_EVENTS].find_one(
            {"_id": Handling(consumer, event_id).key}, projection={"_id": 1}
        )
        return found is not None


def delivery_of(msg: Msg) -> tuple[int, int]:
    """This delivery's number and the message's sequence in its stream; a message without
    JetStream's metadata (a test's) is its first delivery."""
    try:
        metadata = msg.metadata
    except NotJSMessageError:
        return 1, 0
    return metadata.num_delivered or 1, metadata.sequence.stream
