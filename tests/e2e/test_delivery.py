"""Delivery to the accreditation center survives a crash: the service is killed while it is
retrying an intake that does not answer, and after a restart the same delivery goes on until the
center acknowledges it. Its own stack: the delivery consumer's retry policy differs from the
shared one."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import nats
import pytest
from nats.aio.msg import Msg

from egisz.cli.client import Client
from egisz.cli.stack import SERVICES, Stack, StackSettings
from egisz.contracts import subjects

from .conftest import Tokens, digits, eventually, log_lines, new_worker

SLOW_RETRIES = {
    "FAC_INTAKE_ENABLED": "false",  # the center's intake is down: nobody serves it
    "MAX_DELIVER": "30",
    "RETRY_DELAYS_SECONDS": "[1.0]",
    "ACK_WAIT_SECONDS": "3",
    "REQUEST_TIMEOUT_SECONDS": "0.5",
}


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    env: dict[str, dict[str, str]] = {s: {} for s in SERVICES}
    env["accreditation"] = dict(SLOW_RETRIES)
    running = Stack(
        StackSettings.on_free_ports(tmp_path_factory.mktemp("delivery")), sink=None, service_env=env
    )
    try:
        running.start()
        yield running
    finally:
        running.stop()


def retries(stack: Stack) -> int:
    return sum(1 for line in log_lines(stack, "accreditation") if line.get("outcome") == "retry")


async def test_killing_the_service_mid_retry_loses_no_delivery(
    stack: Stack, client: Client, tokens: Tokens
) -> None:
    person = new_worker()
    registered = await client.call(subjects.WORKER_REGISTER.subject, person, token=tokens.officer())
    assert registered["ok"], registered
    me = tokens.worker(digits(person["snils"]))
    await eventually(
        lambda: client.call(subjects.APPLICANT_GET.subject, {}, token=me),
        lambda r: r["ok"] and r["result"]["in_frmr"],
        what="accreditation knows the worker",
    )
    body = {
        "kind": "primary",
        "speciality": "терапия",
        "education_level": "higher",
        "consent": True,
    }
    formed = await client.call(subjects.APPLICATION_FORM.subject, body, token=me)
    aid = formed["result"]["application_id"]
    submitted = await client.call(
        subjects.APPLICATION_SUBMIT.subject, {"application_id": aid}, token=me
    )
    assert submitted["ok"], submitted

    await eventually(lambda: retries(stack), lambda n: n >= 2, what="delivery retrying")
    stack.services["accreditation"].kill()

    # The center comes up on its own: an external intake on the same subject.
    assert stack.nats
    center = await nats.connect(stack.nats.url)
    packages: list[dict[str, Any]] = []

    async def intake(msg: Msg) -> None:
        package = json.loads(msg.data)
        packages.append(package)
        receipt = {
            "application_id": package["application_id"],
            "intake_number": "ФАЦ-2026-E2E",
            "received_on": "2026-11-22",
        }
        await msg.respond(json.dumps({"ok": True, "result": receipt}).encode())

    await center.subscribe(subjects.FAC_INTAKE.subject, cb=intake)
    try:
        stack.start_service("accreditation")
        stack.wait_ready("accreditation")
        view = await eventually(
            lambda: client.call(
                subjects.APPLICATION_GET.subject, {"application_id": aid}, token=me
            ),
            lambda r: r["ok"] and r["result"]["status"] == "under_review",
            timeout=30,
            what="the application under review after the restart",
        )
    finally:
        await center.drain()
    assert [h["status"] for h in view["result"]["history"]] == ["formed", "under_review"]
    assert {p["application_id"] for p in packages} == {aid}
    assert packages[0]["applicant"]["last_name"] == person["last_name"]
