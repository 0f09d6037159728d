"""Delivery to the accreditation center survives a crash: the center's process (`fac`) is down,
the accreditation service is killed while it is retrying the intake, and after both restart the
same delivery goes on until the center acknowledges it, once. Its own stack: the delivery
consumer's retry policy differs from the shared one."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from egisz.cli.client import Client, dev_token
from egisz.cli.stack import SERVICES, Stack, StackSettings
from egisz.contracts import subjects

from .conftest import Tokens, digits, eventually, log_lines, new_worker

SLOW_RETRIES = {
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
    stack.stop_service("fac")  # the center is down
    formed = await client.call(subjects.APPLICATION_FORM.subject, body, token=me)
    aid = formed["result"]["application_id"]
    submitted = await client.call(
        subjects.APPLICATION_SUBMIT.subject, {"application_id": aid}, token=me
    )
    assert submitted["ok"], submitted

    await eventually(lambda: retries(stack), lambda n: n >= 2, what="delivery retrying")
    stack.services["accreditation"].kill()

    # The center comes back, then the accreditation service.
    stack.start_service("fac")
    stack.wait_ready("fac")
    stack.start_service("accreditation")
    stack.wait_ready("accreditation")
    view = await eventually(
        lambda: client.call(subjects.APPLICATION_GET.subject, {"application_id": aid}, token=me),
        lambda r: r["ok"] and r["result"]["status"] == "under_review",
        timeout=30,
        what="the application under review after the restart",
    )
    assert [h["status"] for h in view["result"]["history"]] == ["formed", "under_review"]
    staff = dev_token(stack.private_key, "fac_operator")
    journal = await client.call(subjects.FAC_PACKAGE_LIST.subject, {"limit": 100}, token=staff)
    received = [p for p in journal["result"]["items"] if p["application_id"] == aid]
    assert len(received) == 1, journal  # taken in once, however often it was sent
    assert received[0]["applicant_name"].startswith(person["last_name"])
