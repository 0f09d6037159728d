"""What happens in FRMO: the events requests and organization records record."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from egisz.registry.domain.requisites import ResponsibleEmployee

if TYPE_CHECKING:
    from egisz.registry.domain.organization import (
        Organization,
        RegistrationRequest,
        Subdivision,
        Transition,
    )


@dataclass(frozen=True)
class RequestStatusChanged:
    request: RegistrationRequest
    transition: Transition


@dataclass(frozen=True)
class OrganizationRegistered:
    organization: Organization
    request_id: str


@dataclass(frozen=True)
class AccessGranted:
    organization_oid: str
    employees: tuple[ResponsibleEmployee, ...]


@dataclass(frozen=True)
class AccessRevoked:
    organization_oid: str
    snils: str
    emails: tuple[str, ...]
    reason: str
    revoked_by: str


@dataclass(frozen=True)
class OrganizationChanged:
    organization: Organization
    sections: tuple[str, ...]


@dataclass(frozen=True)
class SubdivisionAdded:
    organization: Organization
    subdivision: Subdivision


OrganizationEvent = (
    RequestStatusChanged
    | OrganizationRegistered
    | AccessGranted
    | AccessRevoked
    | OrganizationChanged
    | SubdivisionAdded
)
