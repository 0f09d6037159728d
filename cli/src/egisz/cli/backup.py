"""`egisz backup take` / `egisz backup restore`: every service's database and every stream, copied
while the system runs and put back on an empty stack (deploy/README.md, «Backup and restore»).

A backup is taken in three steps, in this order, because each covers what the next one misses:

1. **where every consumer stands** (each durable's ack floor): what a service had acknowledged
   by then is in its database, copied later;
2. **the streams**, by JetStream's own snapshot (`$JS.API.STREAM.SNAPSHOT`): every message with
   its sequence, time and `Nats-Msg-Id`, and the consumers — so the change feed's cursors and
   other teams' positions hold after a restore. An event reaches a stream only after the change
   that made it is committed (the outbox), so every event copied here has its change in the
   databases copied next: a restore never holds an event of a change it lost;
3. **the databases**, each read in one snapshot transaction (a row and the outbox row committed
   with it are both there or neither), in mongodump's layout (`<db>/<coll>.bson` and
   `.metadata.json`), so `mongorestore` reads it too.

A restore puts the databases back, then the streams, then sets each service's durable back to
just after its ack floor of step 1 (what came after is delivered again; the inbox marks restored
with the databases make a repeat change nothing), and makes every outbox agree with the streams:
a row whose event the streams hold is sent, one whose event they lack (published after step 2)
is sent again by the service's relay. Other teams' durables (`OBSERVER_DURABLES`) keep the place
the snapshot gave them.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any

import nats
import typer
from bson import CodecOptions, decode_file_iter, json_util
from bson.raw_bson import RawBSONDocument
from nats.aio.client import Client as NatsClient
from nats.js.api import ConsumerInfo
from nats.js.client import JetStreamContext
from nats.js.errors import NotFoundError
from pymongo import AsyncMongoClient, IndexModel
from pymongo.read_concern import ReadConcern

from egisz.cli.options import DEFAULT_NATS, NatsUrl, local_nats
from egisz.cli.stack import StackSettings
from egisz.runtime.settings import nats_servers
from egisz.runtime.streams import OBSERVER_DURABLES

FORMAT = "egisz-backup/1"
MANIFEST = "manifest.json"
SYSTEM_DATABASES = frozenset({"admin", "local", "config"})
CHUNK_BYTES = 128 * 1024
INSERT_BATCH = 1000
# How far before the copy began an outbox row is checked against the streams: the relay's
# mark follows its publish by milliseconds; the rest is room for the clocks' drift.
OUTBOX_WINDOW = timedelta(minutes=10)
Say = Callable[[str], None]
RawMongo = AsyncMongoClient[RawBSONDocument]


class BackupError(Exception):
    """A backup or a restore that cannot go on; the message says why and what to do."""


# --- taking ---


def new_folder(folder: Path, *, empty: bool = False) -> None:
    if empty and folder.exists() and any(folder.iterdir()):
        raise BackupError(f"{folder} не пуста: резервная копия пишется в новую папку")
    folder.mkdir(parents=True, exist_ok=True)


async def take_backup(
    nats_url: str, mongo_url: str, folder: Path, say: Say = print, *, databases: bool = True
) -> dict[str, Any]:
    """Copy every stream and database into `folder` (which must be empty or absent); the
    manifest, written last, is what makes it a backup. Without `databases` the databases are
    for the operator's MongoDB tooling to copy next (the manifest says so with `null`)."""
    new_folder(folder, empty=True)
    taken_at = datetime.now(UTC).isoformat()
    nc = await nats.connect(nats_servers(nats_url), name="egisz-backup", max_reconnect_attempts=3)
    mongo: RawMongo = AsyncMongoClient(
        mongo_url, document_class=RawBSONDocument, serverSelectionTimeoutMS=10_000
    )
    try:
        js = nc.jetstream()
        positions = await consumer_positions(js)
        say(f"положение потребителей: {len(positions)} потоков")
        streams = {
            name: await snapshot_stream(nc, name, folder / "streams" / name, say)
            for name in positions
        }
        copied = await dump_databases(mongo, folder / "mongo", say) if databases else None
    finally:
        await nc.close()
        await mongo.close()
    manifest = {
        "format": FORMAT,
        "taken_at": taken_at,
        "finished_at": datetime.now(UTC).isoformat(),
        "positions": positions,
        "databases": copied,
        "streams": streams,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return manifest


async def consumer_positions(js: JetStreamContext) -> dict[str, dict[str, Any]]:
    """Each stream's last sequence and each of its durables' ack floor, now."""
    found: dict[str, dict[str, Any]] = {}
    for info in await js.streams_info():
        name = info.config.name
        assert name is not None
        floors = {
            c.name: c.ack_floor.stream_seq if c.ack_floor else 0 for c in await _consumers(js, name)
        }
        found[name] = {"last_seq": info.state.last_seq, "ack_floors": floors}
    return found


async def _consumers(js: JetStreamContext, stream: str) -> list[ConsumerInfo]:
    found: list[ConsumerInfo] = []
    while page := await js.consumers_info(stream, offset=len(found)):  # 256 a page
        found += page
    return found


async def dump_databases(mongo: RawMongo, folder: Path, say: Say) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {}
    for db_name in sorted(set(await mongo.list_database_names()) - SYSTEM_DATABASES):
        counts[db_name] = await dump_database(mongo, db_name, folder / db_name)
        say(f"база {db_name}: {sum(counts[db_name].values())} документов")
    return counts


async def dump_database(mongo: RawMongo, db_name: str, folder: Path) -> dict[str, int]:
    """Every collection of one database as of one moment: read in one snapshot transaction."""
    new_folder(folder)
    db = mongo[db_name]
    listed = [c async for c in await db.list_collections() if c.get("type") != "view"]
    counts: dict[str, int] = {}
    async with mongo.start_session() as session:
        await session.start_transaction(read_concern=ReadConcern("snapshot"))
        try:
            for spec in listed:
                name = spec["name"]
                counts[name] = 0
                with (folder / f"{name}.bson").open("wb") as out:
                    async for doc in db[name].find({}, session=session):
                        out.write(doc.raw)
                        counts[name] += 1
                indexes = [i async for i in await db[name].list_indexes()]
                metadata = {"collectionName": name, "options": spec.get("options", {})}
                (folder / f"{name}.metadata.json").write_text(
                    json_util.dumps(metadata | {"indexes": indexes}), encoding="utf-8"
                )
        finally:
            await session.abort_transaction()
    return counts


async def snapshot_stream(nc: NatsClient, stream: str, folder: Path, say: Say) -> dict[str, Any]:
    """JetStream's snapshot of `stream` (messages and consumers) into `folder`: the server sends
    chunks to our inbox, each acknowledged as written, and an empty message at the end."""
    new_folder(folder)
    inbox = nc.new_inbox()
    finished: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    size = 0
    with (folder / "stream.tar.s2").open("wb") as out:

        async def chunk(msg: Any) -> None:
            nonlocal size
            if not msg.data:
                if not finished.done():
                    finished.set_result(None)
                return
            out.write(msg.data)
            size += len(msg.data)
            if msg.reply:
                await nc.publish(msg.reply, b"")  # the server's flow control

        sub = await nc.subscribe(inbox, cb=chunk)
        try:
            request = {"deliver_subject": inbox, "chunk_size": CHUNK_BYTES}
            reply = await nc.request(
                f"$JS.API.STREAM.SNAPSHOT.{stream}", json.dumps(request).encode(), timeout=30
            )
            meta = json.loads(reply.data)
            if meta.get("error"):
                raise BackupError(f"поток {stream}: {meta['error'].get('description')}")
            await asyncio.wait_for(finished, timeout=600)
        finally:
            await sub.unsubscribe()
    (folder / "backup.json").write_text(
        json.dumps({"config": meta["config"], "state": meta["state"]}, indent=2), encoding="utf-8"
    )
    say(f"поток {stream}: {meta['state'].get('messages', 0)} сообщений, {size} байт")
    return {"messages": meta["state"].get("messages", 0), "bytes": size}


# --- restoring ---


def read_manifest(folder: Path) -> dict[str, Any]:
    try:
        manifest: dict[str, Any] = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(
            f"в {folder} нет {MANIFEST}: это не резервная копия или она не дописана ({exc})"
        ) from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"формат {manifest.get('format')!r} не поддерживается, нужен {FORMAT}")
    return manifest


async def restore_backup(
    nats_url: str, mongo_url: str, folder: Path, say: Say = print
) -> dict[str, Any]:
    """Put `folder`'s backup onto an empty stack (services stopped): databases, streams, then
    the durables' places and the outbox rows the streams already hold."""
    manifest = read_manifest(folder)
    nc = await nats.connect(nats_servers(nats_url), name="egisz-restore", max_reconnect_attempts=3)
    mongo: RawMongo = AsyncMongoClient(
        mongo_url, document_class=RawBSONDocument, serverSelectionTimeoutMS=10_000
    )
    try:
        js = nc.jetstream()
        await refuse_unless_empty(js, mongo, manifest)
        for db_name in manifest["databases"] or {}:
            await load_database(mongo, db_name, folder / "mongo" / db_name)
            say(f"база {db_name} восстановлена")
        if manifest["databases"] is None:
            say("базы в копии нет: они должны быть уже восстановлены (mongorestore)")
        names = set(await mongo.list_database_names()) - SYSTEM_DATABASES
        for stream in manifest["streams"]:
            await restore_stream(nc, stream, folder / "streams" / stream)
            say(f"поток {stream} восстановлен")
        moved = await set_durables_back(js, manifest["positions"])
        say(f"потребители сервисов возвращены к месту до копии баз: {moved}")
        fixed = await reconcile_outboxes(js, mongo, manifest, sorted(names))
        say(
            f"outbox: отмечено отправленными {fixed['marked_sent']}, "
            f"к повторной отправке {fixed['to_send_again']}"
        )
    finally:
        await nc.close()
        await mongo.close()
    return {"durables_set_back": moved, **fixed}


async def refuse_unless_empty(
    js: JetStreamContext, mongo: RawMongo, manifest: dict[str, Any]
) -> None:
    there = set(await mongo.list_database_names())
    for db_name in manifest["databases"] or {}:
        if db_name in there and await mongo[db_name].list_collection_names():
            raise BackupError(
                f"база {db_name} уже есть: восстанавливайте на пустой стенд с остановленными "
                "сервисами (или удалите базу)"
            )
    for stream in manifest["streams"]:
        try:
            await js.stream_info(stream)
        except NotFoundError:
            continue
        raise BackupError(
            f"поток {stream} уже есть: восстанавливайте до запуска сервисов (или удалите поток)"
        )


async def load_database(mongo: RawMongo, db_name: str, folder: Path) -> None:
    db = mongo[db_name]
    for meta_file in sorted(_collection_files(folder)):
        metadata = json_util.loads(meta_file.read_text(encoding="utf-8"))
        name = metadata["collectionName"]
        await db.create_collection(name, **metadata.get("options", {}))
        indexes = [_index_model(i) for i in metadata["indexes"] if i["name"] != "_id_"]
        if indexes:
            await db[name].create_indexes(indexes)
        coll = db.get_collection(name, codec_options=CodecOptions(document_class=RawBSONDocument))
        batch: list[RawBSONDocument] = []
        with (folder / f"{name}.bson").open("rb") as source:
            for doc in decode_file_iter(source, CodecOptions(document_class=RawBSONDocument)):
                batch.append(doc)
                if len(batch) >= INSERT_BATCH:
                    await coll.insert_many(batch, ordered=False)
                    batch = []
        if batch:
            await coll.insert_many(batch, ordered=False)


def _collection_files(folder: Path) -> list[Path]:
    return list(folder.glob("*.metadata.json"))


def _index_model(spec: dict[str, Any]) -> IndexModel:
    options = {k: v for k, v in spec.items() if k not in ("v", "key", "ns")}
    return IndexModel(list(spec["key"].items()), **options)


async def restore_stream(nc: NatsClient, stream: str, folder: Path) -> None:
    backup = json.loads((folder / "backup.json").read_text(encoding="utf-8"))
    reply = await nc.request(
        f"$JS.API.STREAM.RESTORE.{stream}", json.dumps(backup).encode(), timeout=30
    )
    answer = json.loads(reply.data)
    if answer.get("error"):
        raise BackupError(f"поток {stream}: {answer['error'].get('description')}")
    target = answer["deliver_subject"]
    with (folder / "stream.tar.s2").open("rb") as source:
        while chunk := source.read(CHUNK_BYTES):
            await nc.request(target, chunk, timeout=30)  # each chunk acknowledged
    done = json.loads((await nc.request(target, b"", timeout=300)).data)
    if done.get("error"):
        raise BackupError(f"поток {stream}: {done['error'].get('description')}")


async def set_durables_back(js: JetStreamContext, positions: dict[str, dict[str, Any]]) -> int:
    """Each service's durable reset (ADR-60) to deliver from just after where it stood before
    the databases were copied."""
    moved = 0
    for stream, where in positions.items():
        for durable, floor in where["ack_floors"].items():
            if durable in OBSERVER_DURABLES:
                continue
            try:
                await js.reset_consumer(stream, durable, seq=floor + 1)
            except NotFoundError:
                continue
            moved += 1
    return moved


async def reconcile_outboxes(
    js: JetStreamContext, mongo: RawMongo, manifest: dict[str, Any], databases: list[str]
) -> dict[str, int]:
    """Every outbox row of the copy's time (unsent, or sent since `OUTBOX_WINDOW` before it
    began) made to agree with the restored streams, by `Nats-Msg-Id` (an event's id; its public
    copy's is `<id>.public`)."""
    since = datetime.fromisoformat(manifest["taken_at"]) - OUTBOX_WINDOW
    held: set[str] = set()
    for stream in manifest["streams"]:
        held |= await _ids_since(js, stream, since)
    fixed = {"marked_sent": 0, "to_send_again": 0}
    now = datetime.now(UTC)
    for db_name in databases:
        outbox = mongo[db_name]["outbox"]
        recent = {"$or": [{"sent_at": None}, {"sent_at": {"$gte": since}}]}
        rows = [r async for r in outbox.find(recent, {"_id": 1, "sent_at": 1})]
        sent = [r["_id"] for r in rows if r["_id"] in held and r.get("sent_at") is None]
        again = [r["_id"] for r in rows if r["_id"] not in held and r.get("sent_at") is not None]
        if sent:
            marked = await outbox.update_many({"_id": {"$in": sent}}, {"$set": {"sent_at": now}})
            fixed["marked_sent"] += marked.modified_count
        if again:
            unmarked = await outbox.update_many(
                {"_id": {"$in": again}}, {"$set": {"sent_at": None}}
            )
            fixed["to_send_again"] += unmarked.modified_count
    return fixed


async def _ids_since(js: JetStreamContext, stream: str, since: datetime) -> set[str]:
    """The event ids of the stream's messages stored since `since`, read from the end back."""
    ids: set[str] = set()
    seq = (await js.stream_info(stream)).state.last_seq
    while seq > 0:
        try:
            msg = await js.get_msg(stream, seq, direct=True)
        except NotFoundError:
            seq -= 1
            continue
        if msg.time is not None and msg.time < since:
            break
        msg_id = (msg.headers or {}).get("Nats-Msg-Id")
        if msg_id:
            ids.add(msg_id.removesuffix(".public"))
        seq -= 1
    return ids


# --- the commands ---

backup_app = typer.Typer(
    help="Резервная копия баз всех сервисов и потоков NATS, восстановление на пустой стенд",
    no_args_is_help=True,
)
Folder = Annotated[Path, typer.Argument(help="Папка резервной копии")]
MongoUrl = Annotated[
    str,
    typer.Option(
        "--mongo", envvar="EGISZ_MONGO_URL", help="Адрес MongoDB; по умолчанию — локального стенда"
    ),
]


def _addresses(nats_url: str, mongo_url: str) -> tuple[str, str]:
    settings = StackSettings()
    local_mongo = f"mongodb://{settings.host}:{settings.mongo_port}/?directConnection=true"
    return local_nats(nats_url, "admin"), mongo_url or local_mongo


def _run(work: Coroutine[Any, Any, dict[str, Any]]) -> dict[str, Any]:
    try:
        return asyncio.run(work)
    except BackupError as exc:
        typer.echo(f"ошибка: {exc}", err=True)
        raise typer.Exit(1) from exc


@backup_app.command("take")
def backup_take(
    folder: Folder,
    nats_url: NatsUrl = DEFAULT_NATS,
    mongo_url: MongoUrl = "",
    databases: Annotated[
        bool,
        typer.Option(
            help="Копировать и базы; --no-databases: базы затем копирует ваш инструмент MongoDB "
            "(mongodump --oplog, снимок тома) — обязательно после этой команды"
        ),
    ] = True,
) -> None:
    """Снять копию, не останавливая систему: положение потребителей, потоки (снимки
    JetStream), затем базы (каждая — на один момент). Папка должна быть новой или пустой."""
    n, m = _addresses(nats_url, mongo_url)
    manifest = _run(take_backup(n, m, folder, say=typer.echo, databases=databases))
    typer.echo(f"готово: {folder / MANIFEST} ({manifest['finished_at']})")


@backup_app.command("restore")
def backup_restore(
    folder: Folder, nats_url: NatsUrl = DEFAULT_NATS, mongo_url: MongoUrl = ""
) -> None:
    """Восстановить копию на пустой стенд: NATS и MongoDB запущены, сервисы — ещё нет. Затем
    запустите сервисы и пересоберите факты отчётов (`egisz reporting rebuild`)."""
    n, m = _addresses(nats_url, mongo_url)
    result = _run(restore_backup(n, m, folder, say=typer.echo))
    typer.echo(json.dumps(result, ensure_ascii=False))
