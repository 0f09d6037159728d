"""Another team's consumer of egisz events, written as that team would: plain nats-py, the
`observer` NATS user, one of the pull consumers egisz declares for other teams (`observer-1`:
the public form of the registry's events, no personal data), and every message checked against
the JSON Schema egisz publishes before it is used. No egisz code is imported: only the schemas
(`egisz docs` / `make docs` writes them) and the subject names from the AsyncAPI documents.

    python consumer.py --nats nats://observer:PASSWORD@host:4222 --schemas docs/contracts/schemas

It follows new workers in FRMR (`egisz.registry.pub.worker.registered`) and prints one JSON
line per event; the registry's other public events are acknowledged and passed over. A message
that does not match the schema is terminated with the reason printed (it would not get better
by redelivery); one handled is acknowledged, so after a restart the durable resumes where it
stopped.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import sys
from pathlib import Path

import jsonschema
import nats

STREAM = "EGISZ_REGISTRY"
SUBJECT = "egisz.registry.pub.worker.registered"
SCHEMA = "CloudEvent[WorkerRegistered].public.schema.json"


async def follow(url: str, schemas: Path, durable: str, count: int) -> int:
    validator = jsonschema.Draft202012Validator(json.loads((schemas / SCHEMA).read_text()))
    # The observer reads replies only under its own prefix (egisz's NATS permissions).
    nc = await nats.connect(url, name="staff-watcher", inbox_prefix="_INBOX_observer")
    js = nc.jetstream()
    # egisz declares the consumer (its NATS permissions let other teams create none): bind it.
    pull = await js.pull_subscribe_bind(durable=durable, stream=STREAM)
    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        asyncio.get_running_loop().add_signal_handler(sig, stop.set)
    print(json.dumps({"listening": SUBJECT, "durable": durable}), flush=True)
    seen = 0
    while not stop.is_set() and (count == 0 or seen < count):
        try:
            batch = await pull.fetch(10, timeout=1)
        except nats.errors.TimeoutError:
            continue
        for msg in batch:
            if msg.subject != SUBJECT:  # another public event of the registry: not ours
                await msg.ack()
                continue
            try:
                event = json.loads(msg.data)
                validator.validate(event)
            except (ValueError, jsonschema.ValidationError) as exc:
                reason = getattr(exc, "message", str(exc))
                print(json.dumps({"invalid": reason[:300]}, ensure_ascii=False), flush=True)
                await msg.term()
                continue
            data = event["data"]
            line = {
                "event_id": event["id"],
                "worker_id": data["worker_id"],
                "name": f"{data['last_name']} {data['first_name']}",
                "registered_by_org": data.get("registered_by_org"),
            }
            print(json.dumps(line, ensure_ascii=False), flush=True)
            await msg.ack()
            seen += 1
    await nc.drain()
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nats", required=True, help="nats://observer:PASSWORD@host:4222")
    parser.add_argument("--schemas", type=Path, required=True, help="egisz's JSON Schemas")
    parser.add_argument("--durable", default="observer-1", help="observer-1, -2 or -3")
    parser.add_argument("--count", type=int, default=0, help="stop after N events (0: never)")
    args = parser.parse_args()
    return asyncio.run(follow(args.nats, args.schemas, args.durable, args.count))


if __name__ == "__main__":
    sys.exit(main())
