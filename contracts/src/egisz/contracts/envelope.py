"""Reply envelope, command metadata and the identity a command carries."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Generic, Literal, Self, TypeVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

from egisz.contracts.bounds import Int

ResultT = TypeVar("ResultT")

FixableBy = Literal["worker", "organization", "support"]

# Header names. FastStream's own correlation header is `correlation_id`; `Nats-` is reserved.
HEADER_AUTHORIZATION = "authorization"
HEADER_CORRELATION_ID = "correlation_id"
HEADER_IDEMPOTENCY_KEY = "idempotency-key"


class WireModel(BaseModel):
    """Base of every wire model: unknown fields are refused so a typo is an error, not a no-op."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class EventData(BaseModel):
    """Base of every event's `data`: unknown fields are ignored so adding one breaks no consumer."""

    model_config = ConfigDict(extra="ignore", frozen=True)


class Role(StrEnum):
    WORKER = "worker"
    ORG_OFFICER = "org_officer"
    MANAGER = "manager"
    REGISTRY_OPERATOR = "registry_operator"
    FAC_OPERATOR = "fac_operator"
    REGULATOR = "regulator"  # a health authority's reader of reports (its register: reporting)
    SERVICE = "service"
    ANONYMOUS = "anonymous"  # no token: only public queries (practitioner verification)


class ErrorCode(StrEnum):
    """Codes every service may answer with; services add their own domain codes as plain strings."""

    VALIDATION_FAILED = "validation_failed"
    UNAUTHENTICATED = "unauthenticated"
    FORBIDDEN = "forbidden"
    NOT_FOUND = "not_found"
    CONFLICT = "conflict"
    SERVICE_UNAVAILABLE = "service_unavailable"
    INTERNAL_ERROR = "internal_error"


class FieldError(WireModel):
    field: str = Field(description="Dotted path of the field in the request, e.g. `snils`.")
    message: str = Field(description="What is wrong and how to fix it, in Russian.")
    code: str = Field(default="invalid", description="Machine-readable reason, e.g. `checksum`.")
    fixable_by: FixableBy | None = Field(
        default=None,
        description="Who can fix this one, where the problems of one reply differ (an "
        "application's obstacles); none: the error's own `fixable_by`.",
    )


ErrorKind = Literal[
    "invalid",  # the request: malformed or a field wrong (HTTP 400/422)
    "unauthenticated",  # no valid token (401)
    "forbidden",  # not this caller's to do or see (403)
    "not_found",  # no such record for this caller (404)
    "conflict",  # the record's state or another record refuses it (409)
    "rule",  # a rule of the domain refuses it as asked (422)
    "unavailable",  # try again: a dependency did not answer (503)
    "internal",  # our fault (500)
]


class ErrorBody(WireModel):
    code: str = Field(description="Stable machine-readable code; see ErrorCode and service docs.")
    kind: ErrorKind | None = Field(
        default=None,
        description="What sort of refusal the code is, for a caller that maps it (an HTTP "
        "gateway to its status) without knowing every service's codes.",
    )
    message: str = Field(description="What the user sees, in Russian.")
    fields: list[FieldError] = Field(default_factory=list)
    fixable_by: FixableBy = Field(description="Who can fix it: worker, organization or support.")
    details: dict[str, int | str] = Field(
        default_factory=dict,
        description="What a program needs to act on the error, by name (e.g. `oldest_cursor`).",
    )


class Reply(WireModel, Generic[ResultT]):
    """The one answer to every command: `ok` with a result, or an error."""

    ok: bool
    result: ResultT | None = None
    error: ErrorBody | None = None

    @model_validator(mode="after")
    def _ok_xor_error(self) -> Self:
        if self.ok and self.error is not None:
            raise ValueError("a successful reply carries no error")
        if not self.ok and self.error is None:
            raise ValueError("a failed reply carries an error")
        return self

    @classmethod
    def success(cls, result: ResultT) -> Reply[ResultT]:
        return cls(ok=True, result=result)

    @classmethod
    def failure(cls, error: ErrorBody) -> Reply[Any]:
        return Reply[Any](ok=False, error=error)


class TokenClaims(WireModel):
    """Claims of the EdDSA JWT every command carries (`authorization: Bearer …`)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    sub: str = Field(
        min_length=1,
        max_length=128,
        pattern=r"^\S+$",
        description="User id at the identity provider.",
    )
    role: Role
    snils: str | None = Field(
        default=None, max_length=14, description="For role `worker`: the worker's SNILS."
    )
    org: str | None = Field(
        default=None,
        max_length=64,
        pattern=r"^[0-9.]+$",
        description="For `org_officer`/`manager`: the org OID.",
    )
    name: str | None = Field(default=None, max_length=300, description="Display name, for audit.")
    iss: str = Field(max_length=256)
    aud: str = Field(max_length=256)
    exp: Int
    iat: Int


class Actor(WireModel):
    """Who issued a command, taken from a verified token — never from the request body."""

    role: Role
    sub: str
    snils: str | None = None
    org: str | None = None
    name: str | None = Field(default=None, description="Full name, e.g. a head's, as signed in.")

    def __str__(self) -> str:
        return f"{self.role.value}:{self.sub}"


class CommandMeta(WireModel):
    """What travels in a command's headers besides its body."""

    actor: Actor
    correlation_id: str
    idempotency_key: str | None = None
