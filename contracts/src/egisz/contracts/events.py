"""CloudEvents 1.0 structured envelope and the dead-letter record."""

from __future__ import annotations

from datetime import datetime
from typing import Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from egisz.contracts.bounds import Int

DataT = TypeVar("DataT", bound=BaseModel)

EVENT_TYPE_PREFIX = "ru.egisz"


class CloudEvent(BaseModel, Generic[DataT]):
    """CloudEvents 1.0, structured JSON; extensions `correlationid`, `causationid`, `actor`.

    Unknown attributes are kept (CloudEvents allows extensions), unknown `data` fields are refused
    by the data model itself.
    """

    model_config = ConfigDict(extra="allow", frozen=True)

    specversion: Literal["1.0"] = "1.0"
    id: str = Field(min_length=1, description="Unique per event; also the `Nats-Msg-Id`.")
    source: str = Field(min_length=1, description="`/egisz/<service>`")
    type: str = Field(min_length=1, description="`ru.egisz.<service>.<aggregate>.<event>.v1`")
    time: datetime
    subject: str | None = Field(default=None, description="Id of the aggregate the event is about.")
    datacontenttype: Literal["application/json"] = "application/json"
    data: DataT
    correlationid: str | None = None
    causationid: str | None = None
    actor: str | None = Field(default=None, description="`<role>:<sub>` of who caused it.")


class DeadLetter(BaseModel):
    """What a consumer publishes on `egisz.<service>.dlq.<consumer>` for a poison message."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    consumer: str
    subject: str = Field(description="Subject the message arrived on.")
    message_id: str | None = Field(default=None, description="Event id, when it could be read.")
    reason: str
    deliveries: Int
    body: str = Field(description="The original body, as received (UTF-8, replaced if invalid).")
    dead_lettered_at: datetime
