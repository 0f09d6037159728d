"""The fuzz suite, reduced for `make test`: hostile payloads for every command subject over NATS
to the four services as processes; each answered with an error, nothing written, all ready; and
schemathesis over the gateway's OpenAPI document with all its checks. `make fuzz` runs the same
with 1,000 per subject and 100 per HTTP operation."""

from __future__ import annotations

import pytest

from egisz.cli.stack import Stack

from .conftest import ORG, Tokens
from .fuzzing import fuzz_stack, table, tokens_for
from .http_fuzzing import run_schemathesis

PER_SUBJECT = 8
PER_OPERATION = 2  # schemathesis' examples per operation, besides its coverage phase


@pytest.mark.e2e
@pytest.mark.timeout(900)
async def test_every_command_subject_answers_hostile_payloads_and_writes_nothing(
    stack: Stack, tokens: Tokens
) -> None:
    from egisz.testsupport.harness import snils_for

    results = await fuzz_stack(
        stack, tokens_for(stack.private_key, ORG, snils_for(f"officer|{ORG}")), PER_SUBJECT
    )
    print(table(results))
    assert [r.subject for r in results if not r.ok] == [], table(r for r in results if not r.ok)
    assert all(r.sent >= PER_SUBJECT // 2 for r in results)


@pytest.mark.e2e
@pytest.mark.timeout(600)
def test_schemathesis_with_every_check_finds_the_http_api_as_documented(
    stack: Stack, tokens: Tokens
) -> None:
    status, report = run_schemathesis(stack.http_url("gateway"), tokens.officer(), PER_OPERATION)
    assert status == 0, report[-20_000:]
    assert "No issues found" in report or " 0 failures" in report or "passed" in report
