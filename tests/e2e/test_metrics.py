"""`/metrics` of a running service: one source of handler figures (the runtime's), each command
counted by subject and outcome, events by consumer subject, with a latency histogram."""

from __future__ import annotations

import httpx
from prometheus_client.parser import text_string_to_metric_families

from egisz.cli.client import Client
from egisz.cli.stack import Stack
from egisz.contracts import subjects

from .conftest import Tokens, digits, eventually, new_worker


async def scrape(stack: Stack, service: str) -> dict[str, dict[tuple[tuple[str, str], ...], float]]:
    async with httpx.AsyncClient() as http:
        text = (await http.get(stack.http_url(service) + "/metrics", timeout=5)).text
    samples: dict[str, dict[tuple[tuple[str, str], ...], float]] = {}
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            samples.setdefault(s.name, {})[tuple(sorted(s.labels.items()))] = s.value
    return samples


def counted(samples: dict[str, dict[tuple[tuple[str, str], ...], float]], **labels: str) -> float:
    return sum(
        value
        for key, value in samples.get("egisz_messages_handled_total", {}).items()
        if labels.items() <= dict(key).items()
    )


async def test_each_command_and_event_is_counted_once_by_subject_and_outcome(
    stack: Stack, client: Client, tokens: Tokens
) -> None:
    register = subjects.WORKER_REGISTER.subject
    before = await scrape(stack, "registry")
    person = new_worker()
    assert (await client.call(register, person, token=tokens.officer()))["ok"]
    refused = await client.call(register, {"snils": "1"}, token=tokens.officer())
    assert refused["ok"] is False
    after = await scrape(stack, "registry")

    assert not [name for name in after if name.startswith("faststream_")]  # one source
    assert (
        counted(after, subject=register, outcome="ok")
        - counted(before, subject=register, outcome="ok")
        == 1
    )
    assert counted(after, subject=register) - counted(before, subject=register) == 2
    histogram = after["egisz_message_duration_seconds_count"]
    assert any(dict(k).get("subject") == register for k in histogram)

    me = tokens.worker(digits(person["snils"]))
    await eventually(
        lambda: client.call(subjects.PORTFOLIO_GET.subject, {}, token=me),
        lambda r: r["ok"],
        what="the portfolio opened from worker.registered",
    )
    portfolio = await scrape(stack, "portfolio")
    assert counted(portfolio, subject=subjects.WORKER_REGISTERED.subject, outcome="ok") >= 1
