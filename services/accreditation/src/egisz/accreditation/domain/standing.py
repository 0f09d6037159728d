"""The center's rules for changing an accreditation's standing (what it is on a day is
`egisz.kernel.standing`): a reason, a day within the term, a suspension's end not before its
start; nothing after a revocation; no second suspension over one; a reinstatement only of a
suspension."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from egisz.accreditation.domain.errors import StandingChangeRefusedError
from egisz.kernel.errors import Problems
from egisz.kernel.standing import (
    Standing as Standing,
    StandingAction as StandingAction,
    StandingChange as StandingChange,
    StandingStatus as StandingStatus,
    standing_on as standing_on,
)


def check_change(
    action: StandingAction,
    *,
    reason: str,
    effective_from: date,
    until: date | None,
    passed_on: date,
    valid_until: date,
    changes: Sequence[StandingChange],
) -> None:
    """Every problem of a change at once; then whether the standing allows it."""
    p = Problems()
    if not reason.strip():
        p.add("reason", "Укажите основание (решение и его причину)", "missing")
    if not passed_on <= effective_from <= valid_until:
        p.add(
            "effective_from",
            f"Дата — в сроке аккредитации: с {passed_on:%d.%m.%Y} по {valid_until:%d.%m.%Y}",
            "out_of_term",
        )
    if until is not None and (action is not StandingAction.SUSPEND or until < effective_from):
        p.add("until", "Срок указывают только приостановлению, не раньше его начала", "invalid")
    p.raise_if_any()
    now = standing_on(effective_from, passed_on=passed_on, valid_until=valid_until, changes=changes)
    if any(c.action is StandingAction.REVOKE for c in changes):
        raise StandingChangeRefusedError("Аккредитация отозвана: это окончательно")
    if action is StandingAction.SUSPEND and now.status is StandingStatus.SUSPENDED:
        raise StandingChangeRefusedError("На эту дату аккредитация уже приостановлена")
    if action is StandingAction.REINSTATE and now.status is not StandingStatus.SUSPENDED:
        raise StandingChangeRefusedError("На эту дату аккредитация не приостановлена")
