"""An accreditation's standing between its rule (`egisz.kernel.standing`) and the wire
(`contracts.standing`), both ways: accreditation sends the center's changes, the registry reads
them back from the events and both show a standing. One mapping for both services."""

from __future__ import annotations

from collections.abc import Iterable

from egisz.contracts.standing import StandingStep, StandingView
from egisz.kernel.standing import Standing, StandingAction, StandingChange


def standing_step(c: StandingChange) -> StandingStep:
    return StandingStep(
        action=c.action.value,
        reason=c.reason,
        effective_from=c.effective_from,
        until=c.until,
        at=c.at,
    )


def standing_of(steps: Iterable[StandingStep]) -> tuple[StandingChange, ...]:
    """The center's changes of an accreditation, as its events carry them."""
    return tuple(
        StandingChange(StandingAction(x.action), x.reason, x.effective_from, x.until, at=x.at)
        for x in steps
    )


def standing_view(standing: Standing, changes: Iterable[StandingChange]) -> StandingView:
    """What it is today, and every change of it."""
    return StandingView(
        status=standing.status.value,
        status_title=standing.status.label,
        reason=standing.reason,
        since=standing.since,
        until=standing.until,
        changes=[standing_step(c) for c in changes],
    )
