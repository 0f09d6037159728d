"""The first journey through all four services, and the refusals around it."""

from __future__ import annotations

import base64
import json
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import nats
from pymongo import AsyncMongoClient

from egisz.cli.client import Client
from egisz.cli.stack import Stack
from egisz.contracts import subjects
from egisz.contracts.events import CloudEvent
from egisz.contracts.registry import WorkerRegistered
from egisz.testsupport.harness import snils_for

from .conftest import ORG, Tokens, digits, eventually, log_lines, new_worker

Mongo = AsyncMongoClient[dict[str, Any]]


async def _registered_events(stack: Stack) -> int:
    assert stack.nats
    nc = await nats.connect(stack.nats.url)
    try:
        info = await nc.jetstream().stream_info(
            subjects.WORKER_REGISTERED.stream, subjects_filter=subjects.WORKER_REGISTERED.subject
        )
        return sum((info.state.subjects or {}).values())
    finally:
        await nc.close()


async def test_a_registered_worker_gets_a_record_a_portfolio_and_a_cabinet_notification(
    client: Client, tokens: Tokens
) -> None:
    body = new_worker()
    registered = await client.call(subjects.WORKER_REGISTER.subject, body, token=tokens.officer())
    assert registered["ok"], registered
    worker_id = registered["result"]["worker_id"]
    me = tokens.worker(body["snils"])

    record = await client.call(subjects.WORKER_GET.subject, {}, token=me)
    assert record["result"]["worker_id"] == worker_id

    portfolio = await eventually(
        lambda: client.call(subjects.PORTFOLIO_GET.subject, {}, token=me),
        lambda r: r["ok"],
        what="portfolio opened",
    )
    assert portfolio["result"]["worker_id"] == worker_id
    assert portfolio["result"]["approval_status"] == "created"

    applicant = await eventually(
        lambda: client.call(subjects.APPLICANT_GET.subject, {}, token=me),
        lambda r: r["ok"],
        what="accreditation knows the worker",
    )
    assert applicant["result"]["in_frmr"] is True

    inbox = await eventually(
        lambda: client.call(subjects.INBOX_LIST.subject, {}, token=me),
        lambda r: r["ok"] and r["result"]["items"],
        what="cabinet notification",
    )
    assert [i["title"] for i in inbox["result"]["items"]] == ["Личный кабинет создан"]
    assert inbox["result"]["unread_count"] == 1

    item = inbox["result"]["items"][0]["notification_id"]
    marked = await client.call(
        subjects.INBOX_MARK_READ.subject, {"notification_id": item}, token=me
    )
    assert marked["result"] == {"marked": 1, "unread_count": 0}


async def test_an_invalid_snils_is_a_field_error_and_nothing_is_stored_or_published(
    client: Client, tokens: Tokens, stack: Stack, mongo: Mongo
) -> None:
    before = await _registered_events(stack)
    outbox_before = await mongo.egisz_registry.outbox.count_documents({})
    reply = await client.call(
        subjects.WORKER_REGISTER.subject, new_worker("112-233-445 00"), token=tokens.officer()
    )
    assert reply["ok"] is False
    assert reply["error"]["code"] == "validation_failed"
    assert [f["field"] for f in reply["error"]["fields"]] == ["snils"]
    assert "контрольная сумма" in reply["error"]["fields"][0]["message"]
    assert await mongo.egisz_registry.workers.count_documents({"snils": "11223344500"}) == 0
    assert await mongo.egisz_registry.outbox.count_documents({}) == outbox_before
    assert await _registered_events(stack) == before


async def test_a_second_registration_of_the_same_snils_is_a_conflict(
    client: Client, tokens: Tokens
) -> None:
    body = new_worker()
    assert (await client.call(subjects.WORKER_REGISTER.subject, body, token=tokens.officer()))["ok"]
    again = await client.call(subjects.WORKER_REGISTER.subject, body, token=tokens.officer())
    assert again["error"]["code"] == "worker_already_registered"
    assert again["error"]["fixable_by"] == "organization"


async def test_a_command_without_a_valid_token_is_refused(client: Client, tokens: Tokens) -> None:
    for token in (None, "not-a-jwt", tokens.worker("112-233-445 95")):
        reply = await client.call(subjects.WORKER_REGISTER.subject, new_worker(), token=token)
        assert reply["ok"] is False
        assert reply["error"]["code"] in {"unauthenticated", "forbidden"}
    assert (await client.call(subjects.WORKER_REGISTER.subject, new_worker(), token=None))["error"][
        "code"
    ] == "unauthenticated"


async def test_a_repeated_command_with_the_same_idempotency_key_answers_the_same(
    client: Client, tokens: Tokens
) -> None:
    body, key, officer = new_worker(), uuid.uuid4().hex, tokens.officer()
    first = await client.call(
        subjects.WORKER_REGISTER.subject, body, token=officer, idempotency_key=key
    )
    second = await client.call(
        subjects.WORKER_REGISTER.subject, body, token=officer, idempotency_key=key
    )
    assert first["ok"] and second == first


def _event(worker_id: str, snils: str, event_id: str) -> bytes:
    data = WorkerRegistered(
        worker_id=worker_id,
        snils=snils,
        last_name="Орлов",
        first_name="Олег",
        birth_date="1979-03-03",
    )  # type: ignore[arg-type]
    return (
        CloudEvent[WorkerRegistered](
            id=event_id,
            source="/egisz/registry",
            type=subjects.WORKER_REGISTERED.type,
            time=datetime.now(UTC),
            subject=worker_id,
            data=data,
            correlationid=uuid.uuid4().hex,
        )
        .model_dump_json()
        .encode()
    )


async def test_the_same_event_published_twice_and_redelivered_yields_one_portfolio_and_one_notification(
    stack: Stack, mongo: Mongo
) -> None:
    from egisz.cli.demo import random_snils

    snils, worker_id, event_id = digits(random_snils()), uuid.uuid4().hex, uuid.uuid4().hex
    assert stack.nats
    nc = await nats.connect(stack.nats.url)
    js = nc.jetstream()
    first = await js.publish(
        subjects.WORKER_REGISTERED.subject,
        _event(worker_id, snils, event_id),
        headers={"Nats-Msg-Id": event_id},
    )
    dup = await js.publish(
        subjects.WORKER_REGISTERED.subject,
        _event(worker_id, snils, event_id),
        headers={"Nats-Msg-Id": event_id},
    )
    assert dup.duplicate and dup.seq == first.seq
    # Past the duplicate window, the same event arrives again as a new stream message.
    await js.publish(
        subjects.WORKER_REGISTERED.subject,
        _event(worker_id, snils, event_id),
        headers={"Nats-Msg-Id": event_id + "-again"},
    )
    await nc.close()

    await eventually(
        lambda: mongo.egisz_portfolio.processed_events.count_documents(
            {"_id": {"$regex": event_id}}
        ),
        lambda n: n >= 1,
        what="portfolio processed the event",
    )
    # A later, unrelated event proves both copies were consumed before we count.
    marker = uuid.uuid4().hex
    nc = await nats.connect(stack.nats.url)
    await nc.jetstream().publish(
        subjects.WORKER_REGISTERED.subject,
        _event(uuid.uuid4().hex, digits(random_snils()), marker),
        headers={"Nats-Msg-Id": marker},
    )
    await nc.close()
    for db in ("egisz_portfolio", "egisz_notify"):
        await eventually(
            lambda db=db: mongo[db].processed_events.count_documents({"_id": {"$regex": marker}}),
            lambda n: n == 1,
            what=f"{db} reached the marker",
        )
    assert await mongo.egisz_portfolio.portfolios.count_documents({"worker_id": worker_id}) == 1
    mailbox = f"person:{snils}"
    assert await mongo.egisz_notify.notifications.count_documents({"recipient_id": mailbox}) == 1


async def test_a_poison_event_is_dead_lettered_with_its_reason_and_does_not_block_the_next(
    stack: Stack, mongo: Mongo
) -> None:
    from egisz.cli.demo import random_snils

    assert stack.nats
    nc = await nats.connect(stack.nats.url)
    js = nc.jetstream()
    dlq_subject = subjects.dead_letter_subject("portfolio", "portfolio-worker-registered")
    letters = await js.subscribe(dlq_subject, ordered_consumer=True)
    poison_id = uuid.uuid4().hex
    await js.publish(
        subjects.WORKER_REGISTERED.subject,
        json.dumps({"id": poison_id, "data": {"snils": 1}}).encode(),
        headers={"Nats-Msg-Id": poison_id},
    )
    good_worker, good_id = uuid.uuid4().hex, uuid.uuid4().hex
    await js.publish(
        subjects.WORKER_REGISTERED.subject,
        _event(good_worker, digits(random_snils()), good_id),
        headers={"Nats-Msg-Id": good_id},
    )
    await eventually(
        lambda: mongo.egisz_portfolio.portfolios.count_documents({"worker_id": good_worker}),
        lambda n: n == 1,
        what="the event behind the poison one",
    )
    found = None
    while found is None:
        msg = await letters.next_msg(timeout=10)
        letter = json.loads(msg.data)
        if letter["message_id"] == poison_id:
            found = letter
    await nc.close()
    assert found["consumer"] == "portfolio-worker-registered"
    assert "does not match WorkerRegistered" in found["reason"]
    lines = await eventually(
        lambda: log_lines(stack, "portfolio"),
        lambda ls: any(
            line.get("outcome") == "dead_lettered" and line.get("message_id") == poison_id
            for line in ls
        ),
        what="a dead-letter log line",
    )
    line = next(
        x for x in lines if x.get("outcome") == "dead_lettered" and x.get("message_id") == poison_id
    )
    assert "does not match" in line["reason"]


async def test_logs_are_json_one_line_per_message_and_never_hold_a_whole_snils(
    client: Client, tokens: Tokens, stack: Stack
) -> None:
    body = new_worker()
    correlation_id = "corr-" + uuid.uuid4().hex
    reply = await client.call(
        subjects.WORKER_REGISTER.subject,
        body,
        token=tokens.officer(),
        correlation_id=correlation_id,
    )
    assert reply["ok"]
    me = tokens.worker(body["snils"])
    await eventually(
        lambda: client.call(subjects.INBOX_LIST.subject, {}, token=me),
        lambda r: r["ok"] and r["result"]["items"],
        what="notification",
    )
    handled = [
        line
        for line in log_lines(stack, "registry")
        if line.get("event") == "message handled"
        and line.get("subject") == subjects.WORKER_REGISTER.subject
    ]
    assert handled
    for line in handled:
        assert {
            "correlation_id",
            "subject",
            "outcome",
            "duration_ms",
            "service",
            "timestamp",
        } <= set(line)
    # The correlation id follows the command through the events it causes (each consumer in
    # its own time: the inbox item says only that notify's came; a full run once saw
    # accreditation's line land after it).
    for consumer in ("portfolio", "notify", "accreditation"):
        await eventually(
            lambda consumer=consumer: log_lines(stack, consumer),
            lambda lines: any(
                line.get("correlation_id") == correlation_id and line.get("outcome") == "ok"
                for line in lines
            ),
            what=f"{consumer} handled the event under the command's correlation id",
        )
    for service in ("registry", "portfolio", "accreditation", "notify"):
        path = stack.settings.data_dir / "logs" / f"{service}.log"
        text = path.read_text(encoding="utf-8")
        assert digits(body["snils"]) not in text and body["snils"] not in text, service
        assert digits(body["snils"])[:9] not in text, service


def test_the_cli_calls_a_command_and_tails_the_events_it_causes(
    stack: Stack, tokens: Tokens, tmp_path: Path
) -> None:
    import os
    import subprocess
    import sys

    from egisz.cli.demo import random_snils

    assert stack.nats
    env = {
        **os.environ,
        "EGISZ_NATS_URL": stack.nats.url,
        "EGISZ_DEV_PRIVATE_KEY": str(stack.private_key),
        "EGISZ_PROFILE": str(tmp_path / "nobody.json"),  # no saved identity: --role or nothing
    }
    cli = [sys.executable, "-m", "egisz.cli"]
    tail = subprocess.Popen(
        [*cli, "events", "tail", "egisz.registry.evt.>", "--count", "1"],
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert tail.stderr is not None
        assert "listening" in tail.stderr.readline()
        snils = random_snils()
        body = json.dumps(
            {
                "snils": snils,
                "last_name": "Козлов",
                "first_name": "Илья",
                "birth_date": "1991-09-09",
            },
            ensure_ascii=False,
        )
        called = subprocess.run(
            [
                *cli,
                "call",
                subjects.WORKER_REGISTER.subject,
                body,
                "--role",
                "org_officer",
                "--org",
                ORG,
                "--snils",
                snils_for(f"officer|{ORG}"),
                "--json",
            ],
            env=env,
            text=True,
            capture_output=True,
            timeout=60,
            check=False,
        )
        assert called.returncode == 0, called.stdout + called.stderr
        reply = json.loads(called.stdout)
        out, _ = tail.communicate(timeout=30)
    finally:
        tail.kill()
    subject, _, event = out.strip().partition(" ")
    assert subject == subjects.WORKER_REGISTERED.subject
    envelope = json.loads(event)
    assert envelope["data"]["worker_id"] == reply["result"]["worker_id"]
    assert envelope["actor"].startswith("org_officer:")
    assert envelope["causationid"]  # the command's message id

    refused = subprocess.run(
        [*cli, "call", subjects.WORKER_REGISTER.subject, "{}", "--json"],
        env=env,
        text=True,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert refused.returncode == 1
    assert json.loads(refused.stdout)["error"]["code"] == "unauthenticated"


async def test_the_demo_walks_the_whole_journey_to_a_signed_extract(
    stack: Stack, tmp_path: Path
) -> None:
    """Approved portfolio → periodic application → under review → passed → FRMR shows it for 5
    years → the worker downloads an extract whose signature verifies and whose page is drawn."""
    from cryptography.hazmat.primitives import serialization
    from pypdfium2 import PdfDocument

    from egisz.cli.demo import run_journey
    from egisz.kernel.signatures import verify

    assert stack.nats
    # What the accreditation center receives, as the center's NATS user sees it (issue 28, row
    # 2: every package carried accreditation's own service token, and the applicant's contacts).
    center_url = stack.nats.url_for("fac")
    center = await nats.connect(center_url, inbox_prefix="_INBOX_fac")
    packages: list[tuple[dict[str, str], dict[str, Any]]] = []

    async def received(msg: Any) -> None:
        packages.append((dict(msg.headers or {}), json.loads(msg.data)))

    await center.subscribe(subjects.FAC_INTAKE.subject, cb=received)
    printed: list[str] = []
    journey = await run_journey(stack.nats.url, stack.private_key, echo=printed.append)
    await center.close()
    failed = [line.splitlines()[0] for line in printed if line.startswith("✘")]
    assert journey.ok, failed
    assert sum(line.startswith("✔") for line in printed) == len(journey.replies) == 47
    # «Кто смотрел мои данные»: the officer (registry), the head (portfolio), the center's staff
    # (accreditation) all read or changed the worker's data on the way, and the journal says so
    lines = journey.replies["who_read_my_data"]["result"]["items"]
    assert {line["command"].split(".")[1] for line in lines} >= {
        "registry",
        "portfolio",
        "accreditation",
    }, [line["command"] for line in lines]
    assert packages, "the center received the package"
    for headers, package in packages:
        assert not {h.lower() for h in headers} & {"authorization"}, headers
        assert (package["applicant"]["email"], package["applicant"]["phone"]) == (None, None)

    jobs = journey.replies["entry_corrected"]["result"]["employments"]
    assert [(j["position_code"], j["position"], j["kind"]) for j in jobs] == [
        ("109", "врач-терапевт", "main"),
        ("49", "врач функциональной диагностики", "part_time"),
    ], "the record reads as corrected (codes, the book's names), beside the job taken by hiring"

    decided = journey.replies["passed"]["result"]
    [accreditation] = journey.replies["frmr_accreditation"]["result"]["accreditations"]
    passed_on = date.fromisoformat(decided["decided_on"])
    assert accreditation["valid_until"] == passed_on.replace(year=passed_on.year + 5).isoformat()
    assert accreditation["protocol_number"] == "ПАК-2026-0457"

    issued = journey.replies["extract_issued"]["result"]
    signature = issued["signature"]
    public = serialization.load_pem_public_key(signature["public_key_pem"].encode())
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    assert verify(raw, journey.extract_pdf, base64.b64decode(signature["signature"]))
    assert journey.replies["extract_verified"]["result"]["document_matches"] is True

    # The same extract saved by `egisz extract download` as the worker: byte for byte.
    import asyncio
    import os
    import sys

    saved = tmp_path / "vypiska.pdf"
    process = await asyncio.create_subprocess_exec(
        *(sys.executable, "-m", "egisz.cli", "extract", "download", issued["extract_id"]),
        *("-o", str(saved), "--token", journey.tokens["worker"], "--nats", stack.nats.url),
        env={**os.environ, "EGISZ_PROFILE": str(tmp_path / "nobody.json")},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 0, out.decode()
    assert saved.read_bytes() == journey.extract_pdf

    page = PdfDocument(journey.extract_pdf)[0].render(scale=1.0).to_pil().convert("L")
    page.save(tmp_path / "extract-page-1.png")
    dark = sum(page.histogram()[:128]) / (page.width * page.height)
    assert 0.005 < dark < 0.5, f"the first page looks blank or black: {dark:.3%} dark"

    # What the journey told the worker and the head: in their inboxes and by e-mail, in Russian.
    async with Client(stack.nats.url) as c:

        async def inbox(who: str) -> list[str]:
            reply = await c.call(
                subjects.INBOX_LIST.subject, {"limit": 100}, token=journey.tokens[who]
            )
            return [i["title"] for i in reply["result"]["items"]]

        expected = {
            "Личный кабинет создан",
            "В ФРМР добавлено место работы: врач-терапевт участковый",
            "В ФРМР добавлено место работы: врач функциональной диагностики",
            "Обращение о неточности: запись исправлена",
            "Отчёт о профессиональной деятельности: согласован",
            "Заявление на аккредитацию: Сформировано",
            "Заявление на аккредитацию: На рассмотрении",
            "Документы по заявлению проверены",
            "Заявление на аккредитацию: Аккредитация пройдена",
            "Выписка об аккредитации: Запрошена",
            "Выписка об аккредитации: Выдана",
        }
        worker_titles = await eventually(
            lambda: inbox("worker"), lambda t: expected <= set(t), what="the worker's inbox"
        )
        assert len(worker_titles) == len(set(worker_titles))  # each once
        assert await inbox("head") == ["Отчёт на согласование"]

    assert stack.mail
    mail = stack.mail

    def mails() -> set[str]:
        return {str(m["Subject"]) for m in mail.messages() if m["To"] == journey.worker_email}

    got = await eventually(mails, lambda s: expected <= s, what="the worker's e-mails")
    assert got == expected
    issued = next(
        m
        for m in mail.messages()
        if m["To"] == journey.worker_email and m["Subject"] == "Выписка об аккредитации: Выдана"
    )
    assert "Скачать её можно в разделе «Аккредитация»" in issued.get_content()
