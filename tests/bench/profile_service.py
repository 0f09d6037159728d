"""Where one service spends its CPU under the journey: the whole local stack runs, SERVICE runs
under cProfile, 8 clients register N workers, and the functions that cost the most are printed
(by own time, then by cumulative time, our code and the libraries alike).

    python tests/bench/profile_service.py [SERVICE] [N]      # default: registry 300
    PROFILE_CALLERS='send' python tests/bench/profile_service.py    # and who calls `send`
"""

from __future__ import annotations

import asyncio
import io
import os
import pstats
import signal
import sys
import tempfile
import uuid
from pathlib import Path

from egisz.cli.client import Client, dev_token
from egisz.cli.infra import ManagedProcess
from egisz.cli.stack import Stack, StackSettings
from egisz.contracts import subjects
from egisz.contracts.envelope import Role
from egisz.testsupport.harness import snils_for
from egisz.testsupport.seeding import grant_access_at

sys.path.insert(0, str(Path(__file__).parent))
from journey import ORG, load, person


async def main(service: str, n: int) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        stack = Stack(
            StackSettings.on_free_ports(Path(tmp)),
            sink=None,
        )
        out = Path(tmp) / f"{service}.prof"
        try:
            stack.start()
            assert stack.nats and stack.mongo
            stack.stop_service(service)
            profiled = ManagedProcess(
                service,
                [sys.executable, "-m", "cProfile", "-o", str(out), "-m", f"egisz.{service}"],
                env=stack.env_for(service),
                sink=None,
                log_file=Path(tmp) / f"{service}.profiled.log",
            )
            profiled.start()
            stack.services[service] = profiled
            stack.wait_ready(service)
            officer = snils_for(f"officer|{ORG}")
            await grant_access_at(stack.mongo.url, ORG, officer)
            token = dev_token(stack.private_key, Role.ORG_OFFICER, org=ORG, snils=officer)
            async with Client(stack.nats.url, timeout=30) as client:

                async def register(body: dict[str, object]) -> dict[str, object]:
                    return await client.call(
                        subjects.WORKER_REGISTER.subject,
                        dict(body),
                        token=token,
                        idempotency_key=uuid.uuid4().hex,
                    )

                seconds, _, replies = await load(register, [person() for _ in range(n)], 8)
            assert all(r.get("ok") for r in replies)
            await asyncio.sleep(3)  # let the reactions finish
            print(f"{n} registrations in {seconds:.1f} s; profile of {service}:")
            # SIGINT: uvicorn re-raises it after its shutdown, and cProfile writes on the way out
            # (a re-raised SIGTERM would end the process before it could).
            profiled.signal(signal.SIGINT)
            assert profiled.proc is not None
            await asyncio.to_thread(profiled.proc.wait, 30)
        finally:
            stack.stop()
        stats = pstats.Stats(str(out), stream=(text := io.StringIO()))
        stats.sort_stats("tottime").print_stats(25)
        stats.sort_stats("cumulative").print_stats(40)
        if callers := os.environ.get("PROFILE_CALLERS"):  # e.g. "send|write": who calls them
            stats.sort_stats("tottime").print_callers(callers)
        print(text.getvalue())
    return 0


if __name__ == "__main__":
    args = sys.argv[1:]
    sys.exit(
        asyncio.run(main(args[0] if args else "registry", int(args[1]) if len(args) > 1 else 300))
    )
