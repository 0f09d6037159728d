"""FRMO: access of responsible employees (grants, requests, revocations)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from egisz.contracts.bounds import (
    Cursor,
    Int,
    Oid,
    Snils,
    Text,
)
from egisz.contracts.envelope import EventData, WireModel
from egisz.contracts.registry.organizations import ResponsibleEmployee
from egisz.contracts.registry.vocabulary import PAGE_MAX


class AccessGranted(EventData):
    organization_oid: str
    employees: list[ResponsibleEmployee]


# --- access of responsible employees ----------------------------------------------------------
AccessRequestStatus = Literal["pending", "granted", "refused"]


class RequestAccess(WireModel):
    """An organization already in FRMO (its officer) asks for access for more employees."""

    employees: list[ResponsibleEmployee] = Field(min_length=1, max_length=50)
    comment: Text | None = None


class ReviewAccessRequest(WireModel):
    request_id: Cursor
    decision: Literal["grant", "refuse"]
    reason: Text | None = Field(default=None, description="Required to refuse.")


class ListAccessRequests(WireModel):
    status: AccessRequestStatus | None = "pending"
    after: Cursor | None = None
    limit: Int = Field(default=PAGE_MAX, ge=1, le=PAGE_MAX)


class AccessRequestView(WireModel):
    request_id: str
    organization_oid: str
    employees: list[ResponsibleEmployee]
    comment: str | None = None
    status: AccessRequestStatus
    reason: str | None = None
    submitted_at: datetime
    decided_at: datetime | None = None


class AccessRequestPage(WireModel):
    items: list[AccessRequestView]
    next_cursor: str | None = None


class RevokeAccess(WireModel):
    organization_oid: Oid
    snils: Snils
    reason: Text


class ListAccess(WireModel):
    organization_oid: Oid | None = Field(default=None, description="An officer: their own.")


class AccessHolder(WireModel):
    last_name: str
    first_name: str
    middle_name: str | None = None
    snils: str
    email: str


class AccessList(WireModel):
    organization_oid: str
    holders: list[AccessHolder]


class AccessRequested(EventData):
    request_id: str
    organization_oid: str
    employees: Int = Field(description="How many employees the request names.")
    submitted_by: str


class AccessRequestDecided(EventData):
    request_id: str
    organization_oid: str
    status: AccessRequestStatus
    reason: str | None = None
    submitted_by: str = Field(description="The submitter's user id: notify tells them.")


class AccessRevoked(EventData):
    organization_oid: str
    snils: str
    email: str | None = None
    reason: str
