"""«Сообщить о неточности»: a worker's report becomes a correction request for the officers of
the organization named, who resolve it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from egisz.kernel.errors import FieldProblem
from egisz.registry.domain.checks import Problems
from egisz.registry.frmr.domain.errors import (
    CorrectionAlreadyResolvedError,
    CorrectionFixRequiredError,
    CorrectionMismatchError,
)

SECTIONS = (
    "personal",
    "identity_document",
    "addresses",
    "contacts",
    "education",
    "certificates",
    "accreditations",
    "categories",
    "employments",
    "other",
)


class CorrectionStatus(StrEnum):
    OPEN = "open"
    CORRECTED = "corrected"
    DECLINED = "declined"


@dataclass(frozen=True)
class CorrectionFix:
    """The change that answered a request: the sections it changed and, for an entry, which
    entry and the revision in the record's history."""

    sections: tuple[str, ...]
    entry_id: str | None = None
    revision: int | None = None


@dataclass(frozen=True)
class CorrectionRequested:
    request: CorrectionRequest


@dataclass(frozen=True)
class CorrectionResolved:
    request: CorrectionRequest


CorrectionEvent = CorrectionRequested | CorrectionResolved


@dataclass
class CorrectionRequest:
    id: str
    worker_id: str
    organization_oid: str
    section: str
    description: str
    created_at: datetime
    status: CorrectionStatus = CorrectionStatus.OPEN
    resolution_comment: str | None = None
    resolved_by: str | None = None
    resolved_at: datetime | None = None
    fix: CorrectionFix | None = None
    version: int = 0
    events: list[CorrectionEvent] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def report(
        cls,
        *,
        request_id: str,
        worker_id: str,
        organization_oid: str,
        section: str,
        description: str,
        now: datetime,
    ) -> CorrectionRequest:
        p = Problems()
        if section not in SECTIONS:
            p.add("section", f"Раздел личного дела: {', '.join(SECTIONS)}", "enum")
        p.text("description", description)
        p.raise_if_any()
        request = cls(request_id, worker_id, organization_oid, section, description.strip(), now)
        request.events.append(CorrectionRequested(request))
        return request

    def resolve(
        self, status: CorrectionStatus, *, comment: str | None, by: str, now: datetime
    ) -> None:
        """Decline with the reason the worker will read. «Corrected» is not said, it is done:
        see `fixed_by`."""
        self._require_open()
        if status is CorrectionStatus.OPEN:
            raise ValueError("a resolution is corrected or declined")
        if status is CorrectionStatus.CORRECTED:
            raise CorrectionFixRequiredError(
                fields=[
                    FieldProblem(
                        "status", CorrectionFixRequiredError.default_message, "fix_required"
                    )
                ]
            )
        p = Problems()
        p.text("comment", comment)  # the worker must learn why
        p.raise_if_any()
        self._close(CorrectionStatus.DECLINED, comment, by, now)

    def fixed_by(
        self, fix: CorrectionFix, *, worker_id: str, comment: str, by: str, now: datetime
    ) -> None:
        """Resolved by the change that fixed the record: the same worker, and the section the
        worker named (or any, for «other»)."""
        self._require_open()
        if worker_id != self.worker_id or (
            self.section != "other" and self.section not in fix.sections
        ):
            raise CorrectionMismatchError(
                fields=[
                    FieldProblem(
                        "correction_id", CorrectionMismatchError.default_message, "mismatch"
                    )
                ]
            )
        self.fix = fix
        self._close(CorrectionStatus.CORRECTED, comment, by, now)

    def _require_open(self) -> None:
        if self.status is not CorrectionStatus.OPEN:
            raise CorrectionAlreadyResolvedError()

    def _close(self, status: CorrectionStatus, comment: str | None, by: str, now: datetime) -> None:
        self.status = status
        self.resolution_comment = (comment or "").strip() or None
        self.resolved_by = by
        self.resolved_at = now
        self.events.append(CorrectionResolved(self))
