"""Whatever arrives on a command subject gets an answer, and the service goes on serving."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
from nats.aio.client import Client as NatsClient

from egisz.runtime.app import ServiceRuntime
from egisz.runtime.inbound import InvalidMessageError, check_body, nesting_depth

SUBJECT = "egisz.registry.cmd.worker.register"


def test_depth_counts_brackets_outside_strings_only() -> None:
    assert nesting_depth('{"a": [1, {"b": "[[[{{{"}]}') == 3
    assert nesting_depth('{"a": "\\"[[[["}') == 1
    assert nesting_depth("{}") == 1


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (b"\xff\xfe{}", "not_utf8"),
        (b"[1, 2]", "not_object"),
        (b"42", "not_object"),
        (b'"text"', "not_object"),
        (b'{"a":' * 5000 + b"1" + b"}" * 5000, "too_deep"),
        (b"{" + b"[" * 65 + b"]" * 65 + b"}", "too_deep"),
        (b'{"a": "' + b"x" * 2_000_000 + b'"}', "too_large"),
    ],
)
def test_a_body_no_command_can_be_is_refused_before_parsing(body: bytes, code: str) -> None:
    with pytest.raises(InvalidMessageError) as refused:
        check_body(body, max_bytes=1024 * 1024)
    assert refused.value.fields[0].code == code


def test_depth_is_linear_in_the_length_of_the_body() -> None:
    import time

    def cost(n: int) -> float:
        text = '{"a": [' + '"x\\"y", [1, {"b": 2}], ' * n + "0]}"
        best = float("inf")
        for _ in range(5):  # this process's CPU: other processes' load on the machine stays out
            started = time.process_time()
            nesting_depth(text)
            best = min(best, time.process_time() - started)
        return best

    small, large = cost(2_000), cost(20_000)
    assert large < small * 30  # ten times the input: about ten times the time, never a hundred


async def _request(nc: NatsClient, payload: bytes, headers: dict[str, str] | None = None) -> Any:
    msg = await nc.request(SUBJECT, payload, timeout=10, headers=headers)
    return json.loads(msg.data)


HOSTILE = [
    b'{"a":' * 5000 + b"1" + b"}" * 5000,
    b"[" * 100_000,
    b"\xc3\x28",
    b"not json at all",
    b'{"snils": ',
    b"null",
    b"[]",
    b'{"a": "\\ud800"}',
]


@pytest.mark.integration
@pytest.mark.parametrize("payload", HOSTILE, ids=range(len(HOSTILE)))
async def test_every_hostile_body_gets_an_error_envelope_over_nats(
    registry: ServiceRuntime, nc: NatsClient, payload: bytes
) -> None:
    reply = await _request(nc, payload)
    assert reply["ok"] is False
    assert reply["error"]["code"] in ("invalid_message", "validation_failed", "unauthenticated")


@pytest.mark.integration
async def test_a_deeply_nested_body_is_invalid_message_and_others_are_still_served(
    registry: ServiceRuntime, nc: NatsClient
) -> None:
    deep = b'{"a":' * 5000 + b"1" + b"}" * 5000
    replies = await asyncio.gather(*(_request(nc, deep) for _ in range(20)))
    assert {r["error"]["code"] for r in replies} == {"invalid_message"}
    assert replies[0]["error"]["fields"][0] == {
        "field": "body",
        "message": "вложенность больше 64 уровней",
        "code": "too_deep",
        "fixable_by": None,  # the error's own
    }
    normal = await _request(nc, b"{}")
    assert normal["error"]["code"] == "unauthenticated"  # served, and the token is asked for


@pytest.mark.integration
async def test_a_huge_correlation_id_or_token_does_not_stall_the_service(
    registry: ServiceRuntime, nc: NatsClient
) -> None:
    crafted = {"correlation_id": "x" * 60_000, "authorization": "Bearer " + "a" * 100_000}
    reply = await _request(nc, b"{}", crafted)
    assert reply["error"]["code"] == "unauthenticated"
    assert "длиннее" in reply["error"]["message"]


@pytest.mark.integration
async def test_a_malformed_idempotency_key_is_refused(
    registry: ServiceRuntime, nc: NatsClient, dev_keys: tuple[Path, Path]
) -> None:
    from egisz.contracts.envelope import Role
    from egisz.runtime.auth import issue_token

    token = issue_token(dev_keys[0].read_text(), role=Role.ORG_OFFICER, org="1.2.3")
    reply = await _request(
        nc, b"{}", {"authorization": f"Bearer {token}", "idempotency-key": "k" * 10_000}
    )
    assert reply["error"]["code"] == "invalid_message"
    assert reply["error"]["fields"][0]["field"] == "headers.idempotency-key"
