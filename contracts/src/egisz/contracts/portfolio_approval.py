"""Portfolio: approval (согласование) — the request, the head's decision or their word on a paper
approval, their signing key — and the statuses it moves through. Re-exported by
`egisz.contracts.portfolio`."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import Field

from egisz.contracts.bounds import CmsSignature, Cursor, Flag, FullName, Int, Oid, Pem, Text
from egisz.contracts.envelope import EventData, WireModel

ApprovalStatus = Literal["created", "pending", "approved", "rejected", "not_required"]
NotRequiredReason = Literal[
    "not_employed", "motivated_refusal", "is_head", "individual_entrepreneur"
]
ApprovalMethod = Literal["signature", "paper", "declared"]


# --- approval (согласование) ----------------------------------------------------------------
class RequestApproval(WireModel):
    """The worker sends the current report to the head of an organization of the report."""

    organization_oid: Oid
    head_name: FullName = Field(description="The head's full name: Фамилия Имя Отчество.")
    comment: Text | None = None


class DeclareNotRequired(WireModel):
    """An unapproved report is acceptable only for one of these reasons."""

    reason: NotRequiredReason


class ListPendingApprovals(WireModel):
    after: Cursor | None = None
    limit: Int = Field(default=50, ge=1, le=100)


class PendingApproval(WireModel):
    portfolio_id: str
    worker_id: str
    organization_oid: str
    head_name: str
    comment: str | None = None
    requested_at: datetime
    report_version: Int
    awaiting: Literal["decision", "paper_confirmation"] = Field(
        default="decision",
        description="`paper_confirmation`: approved by the scan of a paper report, which the "
        "head confirms (or disowns) with `approval.paper_confirm`.",
    )
    paper_document_id: str | None = Field(
        default=None, description="The scan, for `document.download` with `portfolio_id`."
    )


class PendingApprovalsPage(WireModel):
    items: list[PendingApproval]
    next_cursor: str | None = None


class GetReportToSign(WireModel):
    portfolio_id: Cursor


class ReportToSign(WireModel):
    """Exactly what the head signs: `canonical` as UTF-8 bytes (sorted compact JSON)."""

    portfolio_id: str
    report_version: Int
    canonical: str
    sha256: str
    scheme: str = "ed25519"


class DecideApproval(WireModel):
    portfolio_id: Cursor
    decision: Literal["approved", "rejected"]
    reason: Text | None = Field(default=None, description="Required to reject.")
    signature: CmsSignature = Field(
        description="Base64 of a detached CAdES-BES over ReportToSign.canonical, made with the "
        "certificate the head registered."
    )


class ConfirmPaperApproval(WireModel):
    """The head on a report approved by the scan of a paper report: `confirmed` — it is theirs;
    not — it is not (the report becomes «Не согласовано», `reason` required)."""

    portfolio_id: Cursor
    confirmed: Flag
    reason: Text | None = None


class ApprovalOutcome(WireModel):
    portfolio_id: str
    status: ApprovalStatus
    decided_at: datetime


class RegisterSigningKey(WireModel):
    """The head's qualified certificate (seed 003: «ключ… .pfx… не менее шести месяцев»): from a
    CA the service trusts, naming the head FRMO records (its SNILS), valid at least six months
    ahead. Its validity is the key's: approvals after it are refused (`signing_key_expired`),
    and the head is reminded before."""

    certificate_pem: Pem = Field(description="The head's X.509 certificate, PEM.")


class SigningKeyView(WireModel):
    scheme: str
    fingerprint: str = Field(description="SHA-256 of the certificate (DER), hex.")
    registered_at: datetime
    valid_until: date | None = None
    certificate_serial: str | None = None
    certificate_issuer: str | None = None


class SigningKeyRegistered(EventData):
    """A head registered a key (replacing any before): reminders follow its validity."""

    organization_oid: str
    head_name: str
    scheme: str
    fingerprint: str
    valid_until: date
    registered_at: datetime


class ApprovalRequested(EventData):
    portfolio_id: str
    worker_id: str
    organization_oid: str
    head_name: str
    comment: str | None = None
    report_version: Int
    requested_at: datetime


class ApprovalDecided(EventData):
    portfolio_id: str
    worker_id: str
    status: ApprovalStatus
    method: ApprovalMethod
    reason: str | None = None
    not_required_reason: NotRequiredReason | None = None
    decided_at: datetime
    paper_confirmed: bool | None = Field(
        default=None, description="Paper: whether the head confirmed it in the system."
    )
