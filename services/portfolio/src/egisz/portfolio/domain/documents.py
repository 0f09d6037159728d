"""Additional documents of a portfolio: PDF only, recognised by content, within a count and a
total size (settings; docs/domain.md: 5 files, 10 MB together)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from egisz.kernel.content import megabytes
from egisz.kernel.errors import InvalidInputError


class Purpose(StrEnum):
    ADDITIONAL = "additional"  # any supporting document
    PAPER_APPROVAL = "paper_approval"  # the scan of the report signed on paper by the head
    MOTIVATED_REFUSAL = "motivated_refusal"  # the head's motivated refusal, on paper
    NAME_CHANGE = "name_change"  # e.g. a marriage certificate: explains another surname
    # An employment contract, a certificate from work, the work record book: stands in for the
    # organization data FRMR or FRMO lack for a job (seed 000, «Нет сведений об организации»).
    EMPLOYMENT_PROOF = "employment_proof"


@dataclass(frozen=True)
class AttachedDocument:
    document_id: str
    purpose: Purpose
    filename: str
    size: int
    attached_at: datetime
    employment_id: str | None = None  # the job an employment proof proves


def check_proof(document: AttachedDocument, jobs: set[str]) -> None:
    """Only an employment proof names a job, and only one of the worker's."""
    if document.employment_id is None:
        return
    if document.purpose is not Purpose.EMPLOYMENT_PROOF:
        raise InvalidInputError.of(
            "employment_id", "Запись о работе указывают для подтверждения работы", "not_applicable"
        )
    if document.employment_id not in jobs:
        raise InvalidInputError.of(
            "employment_id", "В портфолио нет такой записи о работе", "not_found"
        )


@dataclass(frozen=True)
class Limits:
    max_files: int = 5
    max_bytes: int = 10 * 2**20


def check_room(attached: list[AttachedDocument], adding: AttachedDocument, limits: Limits) -> None:
    """Refuse a document that would go over the count or the total, saying by how much."""
    if len(attached) + 1 > limits.max_files:
        raise InvalidInputError.of(
            "file_id",
            f"Уже {len(attached)} документов из {limits.max_files}: удалите лишний, чтобы "
            "приложить этот",
            "too_many_files",
        )
    total = sum(d.size for d in attached) + adding.size
    if total > limits.max_bytes:
        raise InvalidInputError.of(
            "file_id",
            f"Вместе документы займут {megabytes(total)}, а можно не больше "
            f"{megabytes(limits.max_bytes)}",
            "too_large_together",
        )
