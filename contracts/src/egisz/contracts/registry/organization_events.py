"""FRMO's events: a registration request's status, an organization registered or changed, a
subdivision added. Each carries what its readers need, never a person's personal data beyond
the request's contact (its public form drops that)."""

from __future__ import annotations

from pydantic import Field

from egisz.contracts.envelope import EventData
from egisz.contracts.registry.organizations import (
    LegalForm,
    OrganizationType,
    RequestStatus,
    Subdivision,
)


class RegistrationRequestStatusChanged(EventData):
    request_id: str
    status: RequestStatus
    status_title: str
    reason: str | None = None
    applicant: str = Field(description="The submitter's user id.")
    organization_name: str
    inn: str
    contact_email: str
    organization_oid: str | None = None


class OrganizationRegistered(EventData):
    oid: str
    type: OrganizationType
    name: str
    inn: str
    ogrn: str
    region: str
    request_id: str
    head_name: str | None = Field(
        default=None, description="The head's full name as FRMO records it (if recorded)."
    )
    head_snils: str | None = Field(
        default=None, description="The head's SNILS (our services only: not in the public form)."
    )
    legal_form: LegalForm | None = Field(
        default=None, description="None only in events published before it was said."
    )


class OrganizationUpdated(EventData):
    oid: str
    name: str
    sections: list[str]
    head_name: str | None = Field(
        default=None, description="The head's full name as FRMO records it now (if recorded)."
    )
    head_snils: str | None = Field(
        default=None, description="The head's SNILS (our services only: not in the public form)."
    )
    legal_form: LegalForm | None = Field(
        default=None, description="None only in events published before it was said."
    )


class SubdivisionAdded(EventData):
    organization_oid: str
    subdivision: Subdivision
