"""`make bench`: the gateway's memory while files come in. Four clients upload a 25 MiB scan at
once as `multipart/form-data`; the gateway's resident memory is sampled every 20 ms from /proc.
Beside it, the raw baseline: the same four files sent in the same parts over NATS with plain
nats-py (what the gateway does with a form once it has it). Prints the time of each and the
gateway's memory before, at its peak and after; the target (issue 28) is a growth under 16 MiB:
a form is spooled to disk past 1 MiB and sent on part by part, never held whole.

    python tests/bench/gateway_uploads.py [CLIENTS] [MIB]      # default 4 clients, 25 MiB each
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import nats

sys.path.insert(0, str(Path(__file__).parents[2]))

from tests.e2e.conftest import quiet_stack

from egisz.cli.client import dev_token
from egisz.contracts import subjects
from egisz.runtime.file_transfer import send_file
from egisz.runtime.settings import inbox_prefix_of
from egisz.testsupport.harness import pdf_bytes, snils_for

UPLOAD = "/api/registry/file/upload"


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def sampled(pid: int, work: Any) -> tuple[float, float]:
    """Run `work`; answer its seconds and the peak RSS (MiB) seen meanwhile."""
    peak, done = rss_mib(pid), asyncio.Event()

    async def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, rss_mib(pid))
            await asyncio.sleep(0.02)

    sampler = asyncio.create_task(sample())
    started = time.perf_counter()
    await work
    elapsed = time.perf_counter() - started
    done.set()
    await sampler
    return elapsed, peak


async def main(clients: int, mib: int) -> None:
    content = pdf_bytes(b"bench", padding=mib * 2**20 - 1024)
    with quiet_stack(registry={"SCAN_MAX_BYTES": str((mib + 1) * 2**20)}) as stack:
        assert stack.nats
        gateway = stack.services["gateway"].proc
        assert gateway is not None
        owners = [snils_for(f"bench-upload-{i}") for i in range(clients)]
        tokens = [dev_token(stack.private_key, "worker", snils=s) for s in owners]

        async def over_http(token: str) -> None:
            async with httpx.AsyncClient(base_url=stack.http_url("gateway"), timeout=300) as h:
                reply = await h.post(
                    UPLOAD,
                    files={"file": ("scan.pdf", content, "application/pdf")},
                    headers={"Authorization": f"Bearer {token}"},
                )
                assert reply.status_code == 200, reply.text[:300]

        url = stack.nats.url_for("gateway")
        nc = await nats.connect(url, inbox_prefix=inbox_prefix_of(url))

        async def raw(token: str) -> None:
            async def call(subject: str, body: dict[str, Any]) -> dict[str, Any]:
                reply = await nc.request(
                    subject,
                    json.dumps(body).encode(),
                    headers={"authorization": f"Bearer {token}"},
                    timeout=60,
                )
                answer: dict[str, Any] = json.loads(reply.data)
                return answer

            async def parts() -> Any:
                step = 512 * 1024
                for at in range(0, len(content), step):
                    yield content[at : at + step]

            reply = await send_file(call, subjects.FILE_UPLOAD.subject, parts(), "scan.pdf")
            assert reply["ok"], reply

        # One small form first: the parser and its code paths loaded before measuring.
        small = content
        content = pdf_bytes(b"warm", padding=2 * 2**20)
        await over_http(tokens[0])
        content = small
        before = rss_mib(gateway.pid)
        raw_s, _ = await sampled(gateway.pid, asyncio.gather(*(raw(t) for t in tokens)))
        http_s, peak = await sampled(gateway.pid, asyncio.gather(*(over_http(t) for t in tokens)))
        after = rss_mib(gateway.pid)
        await nc.close()
    print(f"{clients} clients × {mib} MiB at once, registry file.upload")
    print(f"{'path':<34}{'seconds':>9}{'MiB/s':>9}")
    total = clients * mib
    for name, seconds in (("raw nats-py parts", raw_s), ("multipart through the gateway", http_s)):
        print(f"{name:<34}{seconds:>9.2f}{total / seconds:>9.1f}")
    print(
        f"gateway RSS: {before:.1f} MiB before, {peak:.1f} at the peak, {after:.1f} after; "
        f"growth {peak - before:.1f} MiB (target < 16)"
    )


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:3]]
    asyncio.run(main(*(args + [4, 25][len(args) :])))
