"""`/metrics` of running services, scraped as Prometheus would: commands by subject and outcome and
events by consumer and outcome, each from one histogram (its `_count` is the count); the
pipeline — the outbox backlog and its oldest event, each durable consumer's pending,
unacknowledged and redelivered counts, the dead letters per consumer — and the relay's publish
latency."""

from __future__ import annotations

import httpx
from prometheus_client.parser import text_string_to_metric_families

from egisz.cli.client import Client
from egisz.cli.stack import SERVICES, Stack
from egisz.contracts import subjects

from .conftest import Tokens, digits, eventually, new_worker, publish_poison

Samples = dict[str, dict[tuple[tuple[str, str], ...], float]]


async def scrape(stack: Stack, service: str) -> Samples:
    async with httpx.AsyncClient() as http:
        text = (await http.get(stack.metrics_url(service), timeout=5)).text
    samples: Samples = {}
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            samples.setdefault(s.name, {})[tuple(sorted(s.labels.items()))] = s.value
    return samples


def total(samples: Samples, name: str, **labels: str) -> float:
    return sum(
        value for key, value in samples.get(name, {}).items() if labels.items() <= dict(key).items()
    )


def commands(samples: Samples, **labels: str) -> float:
    return total(samples, "egisz_command_duration_seconds_count", **labels)


async def test_each_command_and_event_is_counted_once_by_subject_consumer_and_outcome(
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
    ok = commands(after, subject=register, outcome="ok") - commands(
        before, subject=register, outcome="ok"
    )
    assert ok == 1
    failed = commands(after, subject=register, outcome="validation_failed") - commands(
        before, subject=register, outcome="validation_failed"
    )
    assert failed == 1
    assert total(after, "egisz_command_duration_seconds_bucket", subject=register) > 0

    me = tokens.worker(digits(person["snils"]))
    await eventually(
        lambda: client.call(subjects.PORTFOLIO_GET.subject, {}, token=me),
        lambda r: r["ok"],
        what="the portfolio opened from worker.registered",
    )
    portfolio = await scrape(stack, "portfolio")
    handled = total(
        portfolio,
        "egisz_event_duration_seconds_count",
        consumer="portfolio-worker-registered",
        outcome="ok",
    )
    assert handled >= 1
    published = await scrape(stack, "registry")
    assert total(published, "egisz_outbox_publish_seconds_count", service="registry") >= 1


async def test_the_pipeline_shows_each_consumer_its_outbox_and_a_dead_letter(stack: Stack) -> None:
    portfolio = await scrape(stack, "portfolio")
    consumers = {dict(k)["consumer"] for k in portfolio.get("egisz_consumer_pending", {})}
    assert "portfolio-worker-registered" in consumers
    for name in ("egisz_consumer_ack_pending", "egisz_consumer_redelivered"):
        assert {dict(k)["consumer"] for k in portfolio[name]} == consumers
    before = total(portfolio, "egisz_dead_letters", consumer="portfolio-worker-registered")

    await publish_poison(stack)
    after = await eventually(
        lambda: scrape(stack, "portfolio"),
        lambda s: (
            total(s, "egisz_dead_letters", consumer="portfolio-worker-registered") == before + 1
        ),
        what="the dead letter counted",
    )
    assert total(after, "egisz_event_duration_seconds_count", outcome="dead_lettered") >= 1
    settled = await eventually(  # every consumer caught up: nothing pending, nothing unacked
        lambda: scrape(stack, "portfolio"),
        lambda s: total(s, "egisz_consumer_pending") + total(s, "egisz_consumer_ack_pending") == 0,
        what="the consumers caught up",
    )
    assert total(settled, "egisz_outbox_backlog", service="portfolio") == 0
    assert total(settled, "egisz_outbox_oldest_age_seconds", service="portfolio") == 0


def named_in_rules_and_panels() -> set[str]:
    """Every metric a rule or a panel reads, from their parsed expressions (Prometheus' own
    `up` aside)."""
    from tests.deploy.test_monitoring import dashboard, metrics_named, rules

    exprs = [r["expr"] for r in rules()]
    exprs += [t["expr"] for p in dashboard()["panels"] for t in p.get("targets", [])]
    return {name for e in exprs for name in metrics_named(e)} - {"up"}


async def test_every_metric_an_alert_or_a_panel_names_is_one_the_services_export(
    stack: Stack,
) -> None:
    exported: set[str] = set()
    async with httpx.AsyncClient() as http:
        for service in (*SERVICES, "gateway"):
            text = (await http.get(stack.metrics_url(service), timeout=5)).text
            for family in text_string_to_metric_families(text):
                exported |= {family.name, *(s.name for s in family.samples)}
    suffixes = ("_count", "_bucket", "_sum", "_total")
    missing = {
        name
        for name in named_in_rules_and_panels()
        if name not in exported
        and not any(name.endswith(x) and name.removesuffix(x) in exported for x in suffixes)
    }
    assert missing == set()
