"""An application's kinds and statuses, the moves between them and how long a pass is valid.
Pure: no I/O."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

VALIDITY_YEARS = 5


class Kind(StrEnum):
    PRIMARY = "primary"  # первичная
    PRIMARY_SPECIALIZED = "primary_specialized"  # первичная специализированная
    PERIODIC = "periodic"  # периодическая

    @property
    def label(self) -> str:
        return {
            Kind.PRIMARY: "первичная",
            Kind.PRIMARY_SPECIALIZED: "первичная специализированная",
            Kind.PERIODIC: "периодическая",
        }[self]


class Status(StrEnum):
    FORMED = "formed"
    UNDER_REVIEW = "under_review"
    NOT_DELIVERED = "not_delivered"
    REJECTED = "rejected"
    CANCELLED = "cancelled"
    FAILED = "failed"
    PASSED = "passed"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def final(self) -> bool:
        return self in (Status.REJECTED, Status.CANCELLED, Status.FAILED, Status.PASSED)


_LABELS = {
    Status.FORMED: "Сформировано",
    Status.UNDER_REVIEW: "На рассмотрении",
    Status.NOT_DELIVERED: "Не доставлено",
    Status.REJECTED: "Отклонено",
    Status.CANCELLED: "Отменено",
    Status.FAILED: "Аккредитация не пройдена",
    Status.PASSED: "Аккредитация пройдена",
}

TRANSITIONS: dict[Status, set[Status]] = {
    Status.FORMED: {Status.UNDER_REVIEW, Status.NOT_DELIVERED, Status.CANCELLED},
    Status.NOT_DELIVERED: {Status.UNDER_REVIEW, Status.NOT_DELIVERED, Status.CANCELLED},
    Status.UNDER_REVIEW: {Status.REJECTED, Status.FAILED, Status.PASSED, Status.CANCELLED},
    Status.REJECTED: set(),
    Status.CANCELLED: set(),
    Status.FAILED: set(),
    Status.PASSED: set(),
}


def valid_until(decided_on: date) -> date:
    try:
        return decided_on.replace(year=decided_on.year + VALIDITY_YEARS)
    except ValueError:  # 29 February
        return decided_on.replace(year=decided_on.year + VALIDITY_YEARS, day=28)
