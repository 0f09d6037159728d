"""What an operator sees when a message is dead-lettered, on a real Prometheus scraping the
services as processes with `deploy/monitoring/alerts.yml` loaded: the EgiszDeadLetter alert
fires for the consumer that gave up, and the dashboard's dead-letter panel shows it.

Prometheus is not a Python package: Debian's `prometheus` is installed where this runs as root
with apt-get (CI does); elsewhere, without it, the test is skipped saying why. Grafana only draws what these queries
answer, so the panel's own expression is asked of Prometheus here."""

from __future__ import annotations

import asyncio
import json
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from egisz.cli.stack import SERVICES, Stack

from .conftest import eventually, publish_poison

pytestmark = pytest.mark.e2e
MONITORING = Path(__file__).parents[2] / "deploy" / "monitoring"
CONSUMER = "portfolio-worker-registered"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def prometheus(
    stack: Stack, tmp_path_factory: pytest.TempPathFactory, system_tool: Any
) -> Iterator[str]:
    """Prometheus with the rules ops deploy, scraping every process of the stack each second."""
    root = tmp_path_factory.mktemp("prometheus")
    targets = [
        stack.metrics_url(s).removeprefix("http://").removesuffix("/metrics")
        for s in (*SERVICES, "gateway")
    ]
    config = {
        "global": {"scrape_interval": "1s", "evaluation_interval": "1s"},
        "rule_files": [str(MONITORING / "alerts.yml")],
        "scrape_configs": [{"job_name": "egisz", "static_configs": [{"targets": targets}]}],
    }
    (root / "prometheus.yml").write_text(yaml.safe_dump(config))
    port = _free_port()
    process = subprocess.Popen(
        [
            system_tool("prometheus", "prometheus"),
            f"--config.file={root / 'prometheus.yml'}",
            f"--storage.tsdb.path={root / 'data'}",
            f"--web.listen-address=127.0.0.1:{port}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=(root / "prometheus.log").open("w"),
    )
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


async def _api(prometheus: str, path: str, **params: str) -> dict[str, Any]:
    """Prometheus' answer's `data`, or {} while it starts (no answer yet, or 503)."""
    async with httpx.AsyncClient() as http:
        try:
            answer = await http.get(f"{prometheus}/api/v1/{path}", params=params, timeout=3)
        except httpx.HTTPError:
            return {}
    data: dict[str, Any] = answer.json()["data"] if answer.status_code == 200 else {}
    return data


async def _firing(prometheus: str) -> list[dict[str, Any]]:
    alerts = (await _api(prometheus, "alerts")).get("alerts", [])
    return [a for a in alerts if a["state"] == "firing"]


async def _query(prometheus: str, expr: str) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = (await _api(prometheus, "query", query=expr)).get("result", [])
    return result


async def test_a_dead_letter_fires_the_alert_and_shows_on_the_dashboard(
    stack: Stack, prometheus: str
) -> None:
    up = await eventually(
        lambda: _query(prometheus, 'up{job="egisz"}'),
        lambda r: len(r) == len(SERVICES) + 1,
        60,
        "every target up",
    )
    assert {r["value"][1] for r in up} == {"1"}
    await asyncio.sleep(3)  # a few samples of the quiet pipeline first: `delta` needs two
    assert [
        a for a in await _firing(prometheus) if a["labels"]["alertname"] == "EgiszDeadLetter"
    ] == []

    await publish_poison(stack)
    firing = await eventually(
        lambda: _firing(prometheus),
        lambda alerts: any(
            a["labels"]["alertname"] == "EgiszDeadLetter" and a["labels"]["consumer"] == CONSUMER
            for a in alerts
        ),
        60,
        "EgiszDeadLetter firing",
    )
    alert = next(a for a in firing if a["labels"].get("consumer") == CONSUMER)
    assert alert["labels"]["severity"] == "page"
    assert f"egisz dlq list portfolio --consumer {CONSUMER}" in alert["annotations"]["description"]

    board = json.loads((MONITORING / "grafana" / "dashboards" / "egisz.json").read_text())
    [panel] = [p for p in board["panels"] if p["title"] == "Dead letters held"]
    shown = await _query(prometheus, panel["targets"][0]["expr"])
    held = {r["metric"].get("consumer"): float(r["value"][1]) for r in shown}
    assert held.get(CONSUMER, 0) >= 1, shown
