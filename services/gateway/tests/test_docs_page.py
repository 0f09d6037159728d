"""The API's documentation pages in a real headless browser with no way out of the host: Swagger
UI and Redoc come from the gateway itself (operators' networks are closed; from a CDN they were
blank pages). Chromium is Debian's, installed where this runs as root with apt-get (CI);
elsewhere without it the test is skipped saying why."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.integration


async def rendered(chromium: str, url: str, tmp_path: Path) -> tuple[str, list[str]]:
    """The page's DOM after its scripts ran, and every URL the browser asked for. Any host but
    this one resolves to nothing: a page that needs the internet renders empty. (The gateway
    serves from this test's event loop: the browser is awaited, never waited for.)"""
    net_log = tmp_path / "net-log.json"
    browser = await asyncio.create_subprocess_exec(
        *[
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-features=NetworkTimeServiceQuerying,OptimizationHints,Translate",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
            f"--log-net-log={net_log}",
            "--virtual-time-budget=15000",
            "--dump-dom",
            url,
        ],
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        out, err = await asyncio.wait_for(browser.communicate(), 120)
    finally:
        if browser.returncode is None:
            browser.kill()
            await browser.wait()
    assert browser.returncode == 0, err.decode(errors="replace")[-2000:]
    return out.decode(errors="replace"), asked_for(net_log)


def asked_for(net_log: Path) -> list[str]:
    """The URLs the page asked for, from a Chromium net log (URL_REQUEST_START_JOB events the
    page's origin initiated; Chromium's own background requests name no initiator)."""
    text = net_log.read_text(errors="replace")
    try:
        log: dict[str, Any] = json.loads(text)
    except ValueError:  # cut short: Chromium closes the log as it exits
        log = json.loads(text.rstrip().rstrip(",") + "]}")
    start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    return [
        str(e["params"]["url"])
        for e in log["events"]
        if e.get("type") == start
        and "url" in e.get("params", {})
        and str(e["params"].get("initiator", "")).startswith(("http://", "https://"))
    ]


async def test_swagger_ui_renders_offline_with_the_api_and_its_operations(
    gateway: str, system_tool: Any, tmp_path: Path
) -> None:
    chromium = system_tool("chromium", "chromium")
    dom, urls = await rendered(chromium, f"{gateway}/docs", tmp_path)
    assert "egisz-workforce HTTP API" in dom
    assert "/api/registry/worker/register" in dom, "an operation is drawn"
    assert urls and all(u.startswith(gateway) for u in urls), urls


async def test_redoc_renders_offline(gateway: str, system_tool: Any, tmp_path: Path) -> None:
    chromium = system_tool("chromium", "chromium")
    dom, urls = await rendered(chromium, f"{gateway}/redoc", tmp_path)
    assert "egisz-workforce HTTP API" in dom
    assert "worker" in dom.lower()
    assert urls and all(u.startswith(gateway) for u in urls), urls
