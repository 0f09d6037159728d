"""Schemathesis against the gateway's own OpenAPI document, over HTTP, to the four services as
processes: every operation's examples and generated requests (valid and not), as an org officer,
with every check schemathesis has — no server error, each status and body as documented, a
request the schema refuses is refused and one it allows is not. The exceptions, each with its
reason, are in `schemathesis.toml` beside this file. The live bell (an endless stream) is left
out; the rest of the document is fuzzed as published.

    python tests/e2e/http_fuzzing.py [EXAMPLES]      # `make fuzz`: 100 per operation
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

ENDLESS = r"^/api/notify/inbox/stream$"
CONFIG = Path(__file__).with_name("schemathesis.toml")


def run_schemathesis(
    url: str, token: str, examples: int, *, seed: int | None = 20261202
) -> tuple[int, str]:
    """The schemathesis CLI's exit status and report (0: no failing check); `seed` None: a new
    one, printed in the report."""
    st = Path(sys.executable).parent / "schemathesis"
    done = subprocess.run(
        [
            str(st),
            "--config-file",
            str(CONFIG),
            "run",
            f"{url}/openapi.json",
            "--url",
            url,
            # No --checks: every check is on by default, and a CLI list would override the
            # config's per-operation exceptions.
            "--max-examples",
            str(examples),
            "--exclude-path-regex",
            ENDLESS,
            "--header",
            f"Authorization: Bearer {token}",
            # One worker: two threads met CPython 3.11's ast.parse race (gh-106905, a
            # SystemError in hypothesis' lambda descriptions) in a full run.
            "--workers",
            "1",
            "--request-timeout",
            "30",
            *(["--seed", str(seed)] if seed is not None else []),
            "--generation-database",
            ":memory:",
            "--no-color",
        ],
        capture_output=True,
        text=True,
        timeout=3600,
        check=False,
    )
    return done.returncode, done.stdout + done.stderr


async def main(examples: int) -> int:
    sys.path.insert(0, str(Path(__file__).parents[2]))
    from tests.e2e.conftest import ORG, grant_access, quiet_stack

    from egisz.cli.client import dev_token

    with quiet_stack() as stack:
        assert stack.mongo
        snils = await grant_access(stack.mongo.url, ORG)
        token = dev_token(stack.private_key, "org_officer", org=ORG, snils=snils)
        # A new seed each run (the report prints it); `make test` keeps a fixed one.
        status, report = run_schemathesis(stack.http_url("gateway"), token, examples, seed=None)
    print(report)
    return status


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 100)))
