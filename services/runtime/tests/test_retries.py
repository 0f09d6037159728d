"""What is tried again and for how long: transient failures within a budget, the rest not."""

from __future__ import annotations

import pytest
from pymongo.errors import AutoReconnect, DuplicateKeyError, NotPrimaryError, OperationFailure

from egisz.kernel.errors import ConcurrencyError, InvalidInputError, RemoteUnavailableError
from egisz.runtime.retries import RedeliveryPolicy, is_transient, run_with_retries


def labelled(label: str) -> OperationFailure:
    exc = OperationFailure("WriteConflict", code=112)
    exc._add_error_label(label)
    return exc


@pytest.mark.parametrize(
    "exc",
    [
        ConcurrencyError(),
        RemoteUnavailableError(),
        AutoReconnect("connection closed"),
        NotPrimaryError("primary stepped down"),
        labelled("TransientTransactionError"),
        labelled("UnknownTransactionCommitResult"),
    ],
)
def test_conflicts_dropped_connections_and_silent_services_are_transient(exc: Exception) -> None:
    assert is_transient(exc)


@pytest.mark.parametrize(
    "exc",
    [InvalidInputError("нет"), DuplicateKeyError("E11000"), ValueError("bug"), KeyError("x")],
)
def test_refusals_duplicates_and_bugs_are_not(exc: Exception) -> None:
    assert not is_transient(exc)


async def test_a_transient_failure_is_tried_again_until_it_passes() -> None:
    calls = []

    async def flaky() -> str:
        calls.append(1)
        if len(calls) < 4:
            raise AutoReconnect("dropped")
        return "done"

    assert await run_with_retries(flaky, budget_seconds=2.0) == "done"
    assert len(calls) == 4


async def test_the_budget_ends_the_retries_and_the_last_failure_is_raised() -> None:
    async def down() -> None:
        raise AutoReconnect("still down")

    with pytest.raises(AutoReconnect):
        await run_with_retries(down, budget_seconds=0.2)


async def test_a_refusal_is_not_tried_again() -> None:
    calls = []

    async def refused() -> None:
        calls.append(1)
        raise InvalidInputError("нет")

    with pytest.raises(InvalidInputError):
        await run_with_retries(refused, budget_seconds=2.0)
    assert len(calls) == 1


def test_an_event_failing_transiently_comes_back_for_longer_than_a_transaction_lives() -> None:
    policy = RedeliveryPolicy(max_deliver=5, delays=(0.5, 2.0, 5.0, 15.0), transient_seconds=90)
    waits = sum(policy.delay(d) for d in range(1, policy.transient_deliveries))
    assert waits >= 90 > 60
    assert not policy.gives_up(policy.transient_deliveries - 1, AutoReconnect("down"))
    assert policy.gives_up(policy.transient_deliveries, AutoReconnect("down"))


def test_an_event_failing_for_good_is_dead_lettered_after_max_deliver() -> None:
    policy = RedeliveryPolicy(max_deliver=5, transient_seconds=90)
    assert not policy.gives_up(4, ValueError("bug"))
    assert policy.gives_up(5, ValueError("bug"))
