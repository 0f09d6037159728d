"""The fuzz suite, reduced for `make test`: hostile payloads for every command subject over NATS
to the four services as processes; each answered with an error, nothing written, all ready.
`make fuzz` runs the same with 1,000 per subject and prints the table."""

from __future__ import annotations

import pytest

from egisz.cli.stack import Stack

from .conftest import ORG, Tokens
from .fuzzing import fuzz_stack, table, tokens_for

PER_SUBJECT = 25


@pytest.mark.e2e
@pytest.mark.timeout(900)
async def test_every_command_subject_answers_hostile_payloads_and_writes_nothing(
    stack: Stack, tokens: Tokens
) -> None:
    from egisz.runtime.testing import snils_for

    results = await fuzz_stack(
        stack, tokens_for(stack.private_key, ORG, snils_for(f"officer|{ORG}")), PER_SUBJECT
    )
    print(table(results))
    assert [r.subject for r in results if not r.ok] == [], table(r for r in results if not r.ok)
    assert all(r.sent >= PER_SUBJECT // 2 for r in results)
