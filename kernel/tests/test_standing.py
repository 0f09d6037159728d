"""What an accreditation is on a day, from the center's changes and its term."""

from __future__ import annotations

from datetime import date

from egisz.kernel.standing import StandingAction, StandingChange, StandingStatus, standing_on

PASSED, UNTIL = date(2026, 1, 10), date(2031, 1, 10)


def on(day: date, *changes: StandingChange) -> StandingStatus:
    return standing_on(day, passed_on=PASSED, valid_until=UNTIL, changes=changes).status


def change(action: str, start: date, until: date | None = None) -> StandingChange:
    return StandingChange(StandingAction(action), "основание", start, until)


def test_a_pass_is_active_in_its_term_and_expired_or_not_yet_outside_it() -> None:
    assert on(date(2027, 5, 1)) is StandingStatus.ACTIVE
    assert on(date(2025, 5, 1)) is StandingStatus.NOT_YET
    assert on(date(2031, 1, 11)) is StandingStatus.EXPIRED


def test_a_suspension_with_an_end_lapses_by_itself_and_a_reinstatement_lifts_one_without() -> None:
    dated = change("suspend", date(2027, 1, 1), date(2027, 1, 31))
    assert on(date(2026, 12, 31), dated) is StandingStatus.ACTIVE
    assert on(date(2027, 1, 31), dated) is StandingStatus.SUSPENDED
    assert on(date(2027, 2, 1), dated) is StandingStatus.ACTIVE
    open_ended = change("suspend", date(2027, 1, 1))
    lifted = change("reinstate", date(2027, 3, 1))
    assert on(date(2028, 1, 1), open_ended) is StandingStatus.SUSPENDED
    assert on(date(2027, 2, 28), open_ended, lifted) is StandingStatus.SUSPENDED
    assert on(date(2027, 3, 1), open_ended, lifted) is StandingStatus.ACTIVE
    same_day = change("reinstate", date(2027, 1, 1))
    assert on(date(2027, 1, 1), open_ended, same_day) is StandingStatus.ACTIVE


def test_a_revocation_is_for_good_from_its_day_even_past_the_term() -> None:
    revoked = change("revoke", date(2028, 6, 1))
    assert on(date(2028, 5, 31), revoked) is StandingStatus.ACTIVE
    assert on(date(2028, 6, 1), revoked) is StandingStatus.REVOKED
    assert on(date(2035, 1, 1), revoked) is StandingStatus.REVOKED
