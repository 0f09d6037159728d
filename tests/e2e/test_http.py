"""The system as a clinic's developer and a web cabinet reach it: the whole demo journey over
the HTTP gateway (files as multipart forms and streamed downloads), and the bell as a live
Server-Sent Events stream that a reconnect with `Last-Event-ID` resumes without a loss."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import re
import shlex
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from egisz.cli.stack import Stack

from .conftest import ORG, Tokens, eventually, new_worker

BELL = "/api/notify/inbox/stream"


async def test_the_demo_journey_walks_over_http_to_a_downloaded_extract(stack: Stack) -> None:
    from egisz.cli.demo import run_journey

    printed: list[str] = []
    journey = await run_journey(stack.http_url("gateway"), stack.private_key, echo=printed.append)
    failed = [line.splitlines()[0] for line in printed if line.startswith("✘")]
    assert journey.ok, failed
    assert len(journey.replies) == 47
    assert journey.extract_pdf.startswith(b"%PDF-")
    await every_parameter_answers_on_demo_data(stack)


async def every_parameter_answers_on_demo_data(stack: Stack) -> None:
    """Issue 33: ITI-90's 53 parameters each answer a Bundle on what the demo made, and the
    ones that name the demo's clinic find it, its site, branch, services, staff and endpoint."""
    from egisz.contracts.registry.directory import SEARCH_PARAMETERS

    async with httpx.AsyncClient(base_url=f"{stack.http_url('gateway')}/fhir", timeout=30) as http:

        async def ids(kind: str, params: dict[str, str]) -> list[str]:
            answer = await http.get(f"/{kind}", params=params)
            assert answer.status_code == 200, (kind, params, answer.text)
            return [e["resource"]["id"] for e in answer.json().get("entry", [])]

        clinics = await eventually(
            lambda: ids("Organization", {"name": "поликлиника", "_count": "100"}), bool
        )
        oid = clinics[-1]
        value = {
            "_id": oid, "_lastUpdated": "ge2020-01-01", "active": "true",
            "identifier": f"urn:ietf:rfc:3986|urn:oid:{oid}", "name": "поликлиника",
            "given": "Анна", "family": "Петрова", "location": f"{oid}.0.1",
            "organization": oid, "practitioner": "Practitioner/x", "role": "110",
            "service": "HealthcareService/x", "specialty": "76", "partof": oid,
            "type": "medical", "status": "active", "near": "55.7602|37.6336|1|km",
            "service-type": "1", "date": "ge2020-01-01", "participating-organization": oid,
            "primary-organization": oid,
        }  # fmt: skip
        for type, params in SEARCH_PARAMETERS.items():
            for name in ["_id", "_lastUpdated", *params]:
                await ids(type, {name: value[name]})
        near = {"near": value["near"]}
        assert await eventually(lambda: ids("Location", near), lambda found: oid in found)
        assert await ids("Organization", {"partof": oid}), "the branch"
        staff = {"organization": oid}
        assert await eventually(lambda: ids("PractitionerRole", staff), bool), "the hired worker"
        assert await ids("HealthcareService", {"organization": oid}), "its licence"
        assert await ids("Endpoint", {"organization": oid, "status": "active"}), "its MIS"


@dataclass
class Sse:
    event: str
    id: str | None
    data: Any


async def sse_events(response: httpx.Response) -> AsyncIterator[Sse]:
    fields: dict[str, str] = {}
    async for line in response.aiter_lines():
        if not line:
            if "data" in fields:
                yield Sse(
                    fields.get("event", "message"), fields.get("id"), json.loads(fields["data"])
                )
            fields = {}
        elif not line.startswith(":"):
            name, _, value = line.partition(":")
            fields[name] = value.removeprefix(" ")


async def next_of(events: AsyncIterator[Sse], kind: str) -> Sse:
    async with asyncio.timeout(30):
        async for event in events:
            if event.event == kind:
                return event
    raise AssertionError(f"the stream ended before a {kind} event")


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_the_bell_rings_live_and_a_reconnect_misses_nothing(
    stack: Stack, tokens: Tokens
) -> None:
    body = new_worker()
    me, officer = tokens.worker(body["snils"]), bearer(tokens.officer())
    async with httpx.AsyncClient(base_url=stack.http_url("gateway"), timeout=30) as http:
        anonymous = await http.get(BELL)
        assert (anonymous.status_code, anonymous.json()["error"]["code"]) == (
            401,
            "unauthenticated",
        )

        async with http.stream("GET", BELL, headers=bearer(me)) as live:
            assert live.headers["content-type"].startswith("text/event-stream")
            events = sse_events(live)
            assert (await next_of(events, "unread")).data == {"unread_count": 0}
            registered = await http.post(
                "/api/registry/worker/register", json=body, headers=officer
            )
            assert registered.status_code == 200, registered.text
            cabinet = await next_of(events, "notification")
            assert cabinet.data["title"] == "Личный кабинет создан"
            assert cabinet.id == cabinet.data["notification_id"]
            assert (await next_of(events, "unread")).data == {"unread_count": 1}

        # Away from the cabinet: the organization answers the worker's report.
        reported = await http.post(
            "/api/registry/correction/report",
            json={"organization_oid": ORG, "section": "contacts", "description": "Старый телефон"},
            headers=bearer(me),
        )
        assert reported.status_code == 200, reported.text
        resolved = await http.post(
            "/api/registry/correction/resolve",
            json={
                "correction_id": reported.json()["result"]["correction_id"],
                "status": "declined",
                "comment": "Телефон верный",
            },
            headers=officer,
        )
        assert resolved.status_code == 200, resolved.text

        # A browser's EventSource: the token in the query, the last id it saw in the header.
        async with http.stream(
            "GET", BELL, params={"access_token": me}, headers={"Last-Event-ID": cabinet.id}
        ) as back:
            events = sse_events(back)
            missed = await next_of(events, "notification")
            assert missed.id is not None and missed.id > cabinet.id
            assert missed.data["kind"] == "correction_resolved", missed.data
            assert (await next_of(events, "unread")).data == {"unread_count": 2}


async def test_one_person_holds_at_most_five_bell_streams(stack: Stack, tokens: Tokens) -> None:
    """Issue 28, row 10: one worker token opened 300 streams (600 inbox reads)."""
    me = bearer(tokens.worker(new_worker()["snils"]))
    async with (
        contextlib.AsyncExitStack() as held,
        httpx.AsyncClient(base_url=stack.http_url("gateway"), timeout=30) as http,
    ):
        for _ in range(5):
            live = await held.enter_async_context(http.stream("GET", BELL, headers=me))
            assert live.status_code == 200
        sixth = await http.get(BELL, headers=me)
        assert (sixth.status_code, sixth.json()["error"]["code"]) == (429, "too_many_streams")

    async def reopened() -> int:
        async with (
            httpx.AsyncClient(base_url=stack.http_url("gateway"), timeout=30) as http,
            http.stream("GET", BELL, headers=me) as again,
        ):
            return again.status_code

    await eventually(reopened, lambda status: status == 200, what="a closed stream's place back")


async def test_one_request_of_the_whole_nats_payload_leaves_the_gateway_up(stack: Stack) -> None:
    """Issue 28, row 1, under the deployed NATS users: an anonymous POST of exactly 1 MiB closed
    the gateway's NATS connection for good (every later call 500)."""
    async with httpx.AsyncClient(base_url=stack.http_url("gateway"), timeout=30) as http:
        whole = await http.post(
            "/api/registry/worker/get", content=b"{" + b" " * (2**20 - 2) + b"}"
        )
        ready = await http.get("/health/ready")
        after = await http.post("/api/registry/practitioner/verify", json={"worker_id": "w1"})
    assert (whole.status_code, whole.json()["error"]["code"]) == (413, "payload_too_large")
    assert ready.status_code == 200
    assert after.status_code < 500, after.text


async def test_the_change_feed_answers_under_the_deployed_nats_users(
    stack: Stack, tokens: Tokens
) -> None:
    """Issue 29: `changes.list` and every FHIR `_history` answered 500 after 5 s in the deployed
    configuration (the registry's user may not create the feed's short-lived consumer)."""
    from egisz.cli.client import dev_token

    directory = bearer(dev_token(stack.private_key, "service", sub="system:directory"))
    body = new_worker()
    async with httpx.AsyncClient(base_url=stack.http_url("gateway"), timeout=30) as http:
        made = await http.post(
            "/api/registry/worker/register", json=body, headers=bearer(tokens.officer())
        )
        assert made.status_code == 200, made.text
        feed = await http.post(
            "/api/registry/changes/list", json={"after": 0, "limit": 500}, headers=directory
        )
        history = await http.get("/fhir/_history", params={"_count": 50}, headers=directory)
    assert feed.status_code == 200, feed.text
    assert made.json()["result"]["worker_id"] in [
        e["subject"] for e in feed.json()["result"]["events"]
    ]
    assert history.status_code == 200, history.text
    assert history.json()["resourceType"] == "Bundle"
    log = (stack.settings.data_dir / "logs" / "nats.log").read_text(errors="replace")
    assert "Violation" not in log, [line for line in log.splitlines() if "Violation" in line][:5]


async def test_a_hire_reaches_the_reports_and_the_open_data_over_http(
    stack: Stack, tokens: Tokens
) -> None:
    """Issue 32: the reporting service as a process, fed by the registry's events, answering
    the desk in full and the anonymous public with small cells withheld; the day's open data
    streamed whole through the gateway."""
    from egisz.cli.client import dev_token

    desk = bearer(dev_token(stack.private_key, "registry_operator"))
    officer = bearer(tokens.officer())
    body = new_worker() | {"last_name": "Отчётова"}
    ask = {"organization_oid": ORG, "by": "organization"}
    async with httpx.AsyncClient(base_url=stack.http_url("gateway"), timeout=30) as http:
        before = await http.post("/api/reporting/occupancy/get", json=ask, headers=desk)
        assert before.status_code == 200, before.text
        heads = before.json()["result"]["total"]["headcount"]
        made = await http.post("/api/registry/worker/register", json=body, headers=officer)
        assert made.status_code == 200, made.text
        job = {"worker_id": made.json()["result"]["worker_id"], "position": "врач-терапевт"}
        job |= {"rate": "1.0", "start_date": "2025-01-10"}
        hired = await http.post("/api/registry/employment/start", json=job, headers=officer)
        assert hired.status_code == 200, hired.text

        async def counted() -> Any:
            reply = await http.post("/api/reporting/occupancy/get", json=ask, headers=desk)
            return reply.json()["result"]["total"]["headcount"]

        await eventually(counted, lambda n: n == heads + 1, what="the hire counted")
        public = await http.post("/api/reporting/occupancy/get", json=ask)
        assert public.json()["result"]["small_cell"] == 5

        async def released() -> tuple[dict[str, Any], httpx.Response]:
            published = await http.post("/api/reporting/open_data/publish", json={}, headers=desk)
            assert published.status_code == 200, published.text
            releases = published.json()["result"]["releases"]
            full = next(r for r in releases if r["kind"] == "full")
            meta = next(f for f in full["files"] if f["name"] == "practitioners.csv")
            query = {"release": full["release"], "kind": "full", "name": "practitioners.csv"}
            return meta, await http.get("/api/reporting/open_data/download", params=query)

        # the name comes with `worker.registered`, the headcount with `employment.started`: two
        # facts that reach reporting on their own, so the release is waited for, not assumed
        meta, csv_file = await eventually(
            released, lambda r: "Отчётова" in r[1].text, what="the name in the open data"
        )
    assert csv_file.status_code == 200, csv_file.text[:300]
    assert hashlib.sha256(csv_file.content).hexdigest() == meta["sha256"]
    assert body["snils"] not in csv_file.text


def readme_fhir_examples() -> list[str]:
    """The README's `curl` lines that read `/fhir`, continuations joined, comments dropped."""
    text = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    commands, current = [], ""
    for line in text.splitlines():
        if not current and not line.startswith("curl"):
            continue
        current += " " + line.rstrip().removesuffix("\\").strip()
        if not line.rstrip().endswith("\\"):
            if "/fhir" in current:
                commands.append(re.sub(r"\s+#.*$", "", current.strip()))
            current = ""
    return commands


async def test_the_readmes_fhir_examples_run_as_written(stack: Stack, system_tool: Any) -> None:
    """Issue 33: the README's example with raw Cyrillic in the URL was refused by the server.
    curl from Debian's packages (installed where it is missing, as CI can)."""
    curl = system_tool("curl", "curl")
    examples = readme_fhir_examples()
    assert len(examples) >= 3, examples
    for command in examples:
        local = command.replace("http://localhost:8106", stack.http_url("gateway"))
        local = shlex.quote(curl) + local.removeprefix("curl")
        done = await asyncio.create_subprocess_shell(
            local, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
        )
        out, err = await asyncio.wait_for(done.communicate(), 30)
        assert done.returncode == 0, (command, err)
        assert json.loads(out)["resourceType"] == "Bundle", (command, out[:300])
