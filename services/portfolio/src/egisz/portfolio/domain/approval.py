"""Согласование: what is signed, by whom, and how a signature is checked.

The head signs a canonical serialisation of one exact version of the professional part. The
signing scheme is a port: Ed25519 here, a GOST provider can take its place.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

from egisz.kernel.clock import months_before
from egisz.kernel.errors import InvalidInputError
from egisz.portfolio.domain.documents import AttachedDocument
from egisz.portfolio.domain.experience import ExperienceEntry
from egisz.portfolio.domain.names import person_key

if TYPE_CHECKING:  # own_experience reaches approval through events
    from egisz.portfolio.domain.own_experience import OwnLine


class Report(Protocol):
    """What a head signs: one version of a portfolio's professional part (the aggregate is one)."""

    @property
    def id(self) -> str: ...
    @property
    def worker_id(self) -> str: ...
    @property
    def snils(self) -> str: ...
    @property
    def professional_version(self) -> int: ...
    @property
    def reported_experience(self) -> Sequence[ExperienceEntry]: ...
    @property
    def own_experience(self) -> Sequence[OwnLine]: ...
    @property
    def key_skills(self) -> Sequence[str]: ...
    @property
    def experience_notes(self) -> str | None: ...
    @property
    def documents(self) -> Sequence[AttachedDocument]: ...


MIN_VALIDITY_MONTHS = 6


class ApprovalStatus(StrEnum):
    """Согласование of the professional part (docs/domain.md, Portfolio)."""

    CREATED = "created"  # Создано
    PENDING = "pending"  # На согласовании
    APPROVED = "approved"  # Согласовано
    REJECTED = "rejected"  # Не согласовано
    NOT_REQUIRED = "not_required"


class Decision(StrEnum):
    APPROVED = "approved"
    REJECTED = "rejected"


class Method(StrEnum):
    SIGNATURE = "signature"  # electronic signature in the system
    PAPER = "paper"  # the scan of the signed paper report


class NotRequiredReason(StrEnum):
    """The only grounds for an application without an approved report (docs/domain.md)."""

    NOT_EMPLOYED = "not_employed"
    MOTIVATED_REFUSAL = "motivated_refusal"
    IS_HEAD = "is_head"
    INDIVIDUAL_ENTREPRENEUR = "individual_entrepreneur"


class FrmoOrganization(Protocol):
    """What FRMO says of an organization that the grounds for no approval are checked against."""

    legal_form: str | None

    def headed_by(self, name: str | None) -> bool: ...


def grounds_refused(
    reason: NotRequiredReason,
    employed: bool,
    full_name: str | None,
    workplaces: list[FrmoOrganization],
) -> tuple[str, str] | None:
    """Why FRMR and FRMO do not bear out a reason for going without an approved report —
    (message, code) — or None when they do. `workplaces`: the organizations of the current jobs."""
    if reason is NotRequiredReason.NOT_EMPLOYED and employed:
        return "По данным ФРМР вы сейчас работаете: нужен согласованный отчёт", "employed"
    if reason is NotRequiredReason.MOTIVATED_REFUSAL:
        return (
            "Мотивированный отказ руководителя прикладывается сканом документа",
            "document_required",
        )
    if reason is NotRequiredReason.IS_HEAD and not any(o.headed_by(full_name) for o in workplaces):
        return (
            "По данным ФРМО вы не руководитель организации, где работаете сейчас: согласуйте "
            "отчёт с руководителем или попросите организацию указать руководителя в ФРМО",
            "not_head",
        )
    if reason is NotRequiredReason.INDIVIDUAL_ENTREPRENEUR and not any(
        o.legal_form == "individual_entrepreneur" for o in workplaces
    ):
        return (
            "По данным ФРМО ни одно место вашей работы сейчас не индивидуальный предприниматель: "
            "нужен согласованный отчёт",
            "not_entrepreneur",
        )
    return None


class SignatureScheme(Protocol):
    name: str

    def verify(self, public_key: bytes, message: bytes, signature: bytes) -> bool: ...


@dataclass(frozen=True)
class ApprovalRequest:
    id: str
    organization_oid: str
    head_name: str
    comment: str | None
    requested_at: datetime
    report_version: int

    @property
    def head_key(self) -> str:
        return person_key(self.head_name)


@dataclass(frozen=True)
class ApprovalDecision:
    decision: Decision
    method: Method
    by: str
    at: datetime
    reason: str | None = None
    scheme: str | None = None
    signature: str | None = None  # base64, as sent
    document_id: str | None = None  # the paper scan
    # A paper approval is the worker's scan until the head confirms it in the system.
    confirmed_by: str | None = None
    confirmed_at: datetime | None = None

    @property
    def paper_confirmed(self) -> bool | None:
        """None for a signature; for paper whether the head has confirmed it in the system."""
        return self.confirmed_at is not None if self.method is Method.PAPER else None


@dataclass
class HeadKey:
    """A head's registered public key for one signing scheme."""

    id: str  # the head's user id (token `sub`)
    organization_oid: str
    head_name: str
    scheme: str
    public_key: str  # base64 of the raw key
    registered_at: datetime
    valid_until: date | None = None  # None: registered before validity was asked
    version: int = 0
    events: list[object] = field(default_factory=list, repr=False, compare=False)

    def usable_on(self, day: date) -> bool:
        return self.valid_until is not None and day <= self.valid_until


@dataclass(frozen=True)
class SigningKeyRegistered:
    """A head's key and its validity: their reminders before it runs out follow it."""

    key: HeadKey
    fingerprint: str


def check_validity(valid_until: date, today: date) -> None:
    """A certificate is registered with at least six months of validity ahead (seed 003)."""
    least = months_before(today, -MIN_VALIDITY_MONTHS)
    if valid_until < least:
        raise InvalidInputError.of(
            "valid_until",
            f"Сертификат ключа должен действовать не меньше {MIN_VALIDITY_MONTHS} месяцев: "
            f"до {least.strftime('%d.%m.%Y')} или дольше",
            "too_short",
        )


def canonical_report(portfolio: Report) -> bytes:
    """The exact bytes a head signs: the professional part of one version, as sorted compact
    UTF-8 JSON. Any change to the report changes these bytes and its version."""
    body = {
        "portfolio_id": portfolio.id,
        "worker_id": portfolio.worker_id,
        "snils": portfolio.snils,
        "professional_version": portfolio.professional_version,
        "experience": [
            {
                "employment_id": e.employment_id,
                "organization_oid": e.organization_oid,
                "subdivision_oid": e.subdivision_oid,
                "position": e.position,
                "kind": e.kind,
                "rate": e.rate,
                "start_date": e.start_date.isoformat(),
                "end_date": e.end_date.isoformat() if e.end_date else None,
                "dismissal_reason": e.dismissal_reason,
                # Only when said, so a report without it signs the bytes it always did.
                **({"end_declared": True} if e.end_declared else {}),
            }
            for e in portfolio.reported_experience
        ],
        **({"own_experience": _own_lines(portfolio)} if portfolio.own_experience else {}),
        "key_skills": list(portfolio.key_skills),
        "experience_notes": portfolio.experience_notes,
        "documents": [
            {"document_id": d.document_id, "filename": d.filename, "size": d.size}
            for d in portfolio.documents
            if d.purpose == "additional"
        ],
    }
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def _own_lines(portfolio: Report) -> list[dict[str, object]]:
    return [
        {
            "line_id": x.id,
            "organization_name": x.organization_name,
            "organization_oid": x.organization_oid,
            "position": x.position,
            "start_date": x.start_date.isoformat(),
            "end_date": x.end_date.isoformat() if x.end_date else None,
            "confirmed_by": x.confirmed_by,
        }
        for x in portfolio.own_experience
    ]
