"""Faults: nothing lost when the relay or a consumer is down, readiness follows NATS and Mongo."""

from __future__ import annotations

from typing import Any

import httpx
import nats
import nats.js.errors
from pymongo import AsyncMongoClient

from egisz.cli.client import Client
from egisz.cli.stack import Stack
from egisz.contracts import subjects

from .conftest import Tokens, digits, eventually, new_worker

Mongo = AsyncMongoClient[dict[str, Any]]


async def _stream_has(stack: Stack, event_id: str) -> int:
    """How many messages of the registry stream carry this event id (read one by one)."""
    assert stack.nats
    nc = await nats.connect(stack.nats.url)
    try:
        js = nc.jetstream()
        stream = subjects.WORKER_REGISTERED.stream
        info = await js.stream_info(stream)
        count = 0
        for seq in range(max(info.state.first_seq, 1), info.state.last_seq + 1):
            try:
                msg = await js.get_msg(stream, seq)
            except nats.js.errors.NotFoundError:
                continue
            count += (msg.headers or {}).get("Nats-Msg-Id") == event_id
        return count
    finally:
        await nc.close()


async def test_with_the_relay_stopped_nothing_is_published_and_when_it_returns_the_event_goes_once(
    stack: Stack, client: Client, tokens: Tokens, mongo: Mongo
) -> None:
    stack.stop_service("registry")
    stack.start_service("registry", OUTBOX_RELAY_ENABLED="false")
    stack.wait_ready("registry")

    body = new_worker()
    reply = await client.call(subjects.WORKER_REGISTER.subject, body, token=tokens.officer())
    assert reply["ok"], reply
    worker_id = reply["result"]["worker_id"]
    pending = await mongo.egisz_registry.outbox.find_one({"sent_at": None})
    assert pending is not None
    event_id = pending["_id"]
    assert await _stream_has(stack, event_id) == 0

    stack.stop_service("registry")
    stack.start_service("registry", OUTBOX_RELAY_ENABLED="true")
    stack.wait_ready("registry")
    await eventually(
        lambda: mongo.egisz_portfolio.portfolios.count_documents({"worker_id": worker_id}),
        lambda n: n == 1,
        what="portfolio after the relay came back",
    )
    assert await _stream_has(stack, event_id) == 1
    assert await mongo.egisz_registry.outbox.count_documents({"sent_at": None}) == 0
    assert await mongo.egisz_portfolio.portfolios.count_documents({"worker_id": worker_id}) == 1


async def test_killing_the_portfolio_service_while_events_are_pending_still_yields_one_of_each(
    stack: Stack, client: Client, tokens: Tokens, mongo: Mongo
) -> None:
    stack.services["portfolio"].kill()
    stack.services["notify"].kill()
    workers = []
    for _ in range(3):
        body = new_worker()
        reply = await client.call(subjects.WORKER_REGISTER.subject, body, token=tokens.officer())
        assert reply["ok"], reply
        workers.append((reply["result"]["worker_id"], f"person:{digits(body['snils'])}"))
    stack.start_service("portfolio")
    stack.start_service("notify")
    stack.wait_ready("portfolio", "notify")
    # A killed consumer's open pull request may still have taken an event: JetStream gives it
    # to the restarted one once the ack wait (30 s) has passed, which its pending timer notices
    # up to another ack wait later (seen at 45 s on a busy machine), so the deadline is longer.
    for worker_id, mailbox in workers:
        await eventually(
            lambda m=mailbox: mongo.egisz_notify.notifications.count_documents({"recipient_id": m}),
            lambda n: n == 1,
            timeout=75,
            what="notification after restart",
        )
        await eventually(
            lambda w=worker_id: mongo.egisz_portfolio.portfolios.count_documents({"worker_id": w}),
            lambda n: n == 1,
            timeout=75,
            what="portfolio after restart",
        )
    # Kill again mid-stream and restart: still exactly one of each.
    stack.services["portfolio"].kill()
    stack.start_service("portfolio")
    stack.wait_ready("portfolio")
    for worker_id, mailbox in workers:
        assert await mongo.egisz_portfolio.portfolios.count_documents({"worker_id": worker_id}) == 1
        assert (
            await mongo.egisz_notify.notifications.count_documents({"recipient_id": mailbox}) == 1
        )


async def _ready(stack: Stack, service: str) -> int:
    async with httpx.AsyncClient() as http:
        try:
            return (
                await http.get(stack.http_url(service) + "/health/ready", timeout=5)
            ).status_code
        except httpx.HTTPError:
            return 0


async def test_readiness_is_lost_while_mongo_or_nats_is_down_and_comes_back_after(
    stack: Stack, client: Client, tokens: Tokens
) -> None:
    assert stack.mongo and stack.nats
    assert await _ready(stack, "registry") == 200
    async with httpx.AsyncClient() as http:
        assert (await http.get(stack.http_url("registry") + "/health/live")).status_code == 200

    stack.mongo.stop()
    await eventually(
        lambda: _ready(stack, "registry"), lambda s: s == 503, what="not ready without Mongo"
    )
    reply = await client.call(
        subjects.WORKER_REGISTER.subject, new_worker(), token=tokens.officer()
    )
    assert reply["error"]["code"] == "service_unavailable"
    stack.mongo.start()
    stack.mongo.wait_ready()
    await eventually(
        lambda: _ready(stack, "registry"),
        lambda s: s == 200,
        timeout=30,
        what="ready after Mongo returned",
    )

    stack.nats.stop()
    await eventually(
        lambda: _ready(stack, "registry"), lambda s: s == 503, what="not ready without NATS"
    )
    stack.nats.start()
    stack.nats.wait_ready()
    for service in ("registry", "portfolio", "accreditation", "notify"):
        await eventually(
            lambda s=service: _ready(stack, s),
            lambda s: s == 200,
            timeout=30,
            what=f"{service} ready after NATS returned",
        )
    # And the system works again end to end.
    async with Client(stack.nats.url, timeout=10) as fresh:
        body = new_worker()
        assert (await fresh.call(subjects.WORKER_REGISTER.subject, body, token=tokens.officer()))[
            "ok"
        ]
        await eventually(
            lambda: fresh.call(
                subjects.PORTFOLIO_GET.subject, {}, token=tokens.worker(digits(body["snils"]))
            ),
            lambda r: r["ok"],
            what="portfolio after the outage",
        )


async def test_a_dead_letter_is_replayed_with_the_cli_once_its_cause_is_fixed(
    stack: Stack, mongo: Mongo
) -> None:
    """notify cannot tell a worker it does not know yet: after its transient retries (shortened
    here to 2 s from the default 90) the decision is dead-lettered with its reason; once the
    worker's registration arrives, `egisz dlq replay` delivers it."""
    stack.stop_service("notify")
    stack.start_service("notify", TRANSIENT_RETRY_SECONDS="2")
    stack.wait_ready("notify")
    import asyncio
    import sys
    import uuid
    from datetime import UTC, date, datetime

    from egisz.cli.deadletters import dead_letters
    from egisz.contracts.events import CloudEvent
    from egisz.contracts.portfolio import ApprovalDecided
    from egisz.contracts.registry import WorkerRegistered

    assert stack.nats
    worker_id, snils, event_id = (
        uuid.uuid4().hex,
        f"{uuid.uuid4().int % 10**11:011d}",
        uuid.uuid4().hex,
    )
    decided = CloudEvent[ApprovalDecided](
        id=event_id,
        source="/egisz/portfolio",
        type=subjects.APPROVAL_DECIDED.type,
        time=datetime.now(UTC),
        subject=worker_id,
        data=ApprovalDecided(
            portfolio_id="p",
            worker_id=worker_id,
            status="approved",
            method="signature",
            decided_at=datetime.now(UTC),
        ),
    )
    nc = await nats.connect(stack.nats.url)  # the admin, as an operator would
    js = nc.jetstream()
    await js.publish(
        subjects.APPROVAL_DECIDED.subject,
        decided.model_dump_json().encode(),
        headers={"Nats-Msg-Id": event_id},
    )
    consumer = "notify-approval-decided"
    letters = await eventually(
        lambda: dead_letters(nc, "notify", consumer=consumer),
        lambda found: any(f.letter.message_id == event_id for f in found),
        what="the decision dead-lettered",
    )
    [letter] = [f for f in letters if f.letter.message_id == event_id]
    assert (
        "recipient_not_yet_known" in letter.letter.reason
        or "RecipientNotYetKnown" in letter.letter.reason
    )

    registered = CloudEvent[WorkerRegistered](
        id=uuid.uuid4().hex,
        source="/egisz/registry",
        type=subjects.WORKER_REGISTERED.type,
        time=datetime.now(UTC),
        subject=worker_id,
        data=WorkerRegistered(
            worker_id=worker_id,
            snils=snils,
            last_name="Поздняя",
            first_name="Ирина",
            birth_date=date(1988, 8, 8),
        ),
    )
    await js.publish(
        subjects.WORKER_REGISTERED.subject,
        registered.model_dump_json().encode(),
        headers={"Nats-Msg-Id": registered.id},
    )
    mailbox = f"person:{snils}"
    await eventually(
        lambda: mongo.egisz_notify.notifications.count_documents({"recipient_id": mailbox}),
        lambda n: n == 1,
        what="the cabinet notification",
    )
    cli = await asyncio.create_subprocess_exec(
        sys.executable,
        *("-m", "egisz.cli", "dlq", "replay", "notify", "--consumer", consumer),
        *("--sequence", str(letter.sequence), "--nats", stack.nats.url),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(cli.communicate(), timeout=60)
    assert cli.returncode == 0, err.decode()
    assert "отправлено повторно: 1" in out.decode()
    await eventually(
        lambda: mongo.egisz_notify.notifications.count_documents(
            {"recipient_id": mailbox, "kind": "approval_decided"}
        ),
        lambda n: n == 1,
        what="the decision delivered after the replay",
    )
    await nc.close()
