"""Watching the system run: the public events as they go, the one-screen status of every
service, and the dead letters with their replay."""

from __future__ import annotations

import asyncio
import json
import signal
import time
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Annotated, Any

import typer

from egisz.cli.client import Client, dev_token
from egisz.cli.options import DEFAULT_KEY, DEFAULT_NATS, KeyFile, NatsUrl, local_nats
from egisz.cli.stack import StackSettings
from egisz.contracts.public import public_wildcard

events_app = typer.Typer(help="События: смотреть, как они идут", no_args_is_help=True)
dlq_app = typer.Typer(help="Недоставленные сообщения: список и повторная отправка")


@events_app.command("tail")
def events_tail(
    subject: Annotated[
        str, typer.Argument(help="Как читают другие команды: публичная форма, egisz.*.pub.>")
    ] = public_wildcard(),
    count: Annotated[
        int, typer.Option(help="Остановиться после N событий (0 — не останавливаться)")
    ] = 0,
    for_seconds: Annotated[
        float,
        typer.Option("--for", help="Остановиться через N секунд (0 — не останавливаться)", min=0),
    ] = 0,
    nats_url: NatsUrl = DEFAULT_NATS,
) -> None:
    """Печатать события по мере появления, по строке JSON на событие."""
    from nats.aio.msg import Msg

    async def run() -> None:
        url = local_nats(nats_url, "observer")
        client = Client(url)
        await client.__aenter__()  # one place says what is wrong with NATS (CliError)
        nc = client.connection
        done = asyncio.Event()
        seen = 0

        async def on_msg(msg: Msg) -> None:
            nonlocal seen
            typer.echo(f"{msg.subject} {msg.data.decode(errors='replace')}")
            seen += 1
            if count and seen >= count:
                done.set()

        await nc.subscribe(subject, cb=on_msg)
        await nc.flush()
        typer.echo(f"# listening on {subject}", err=True)
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, done.set)
        if for_seconds:
            loop.call_later(for_seconds, done.set)
        await done.wait()
        await client.__aexit__()

    asyncio.run(run())


def status(
    watch: Annotated[
        float, typer.Option("--watch", help="Обновлять каждые N секунд до Ctrl-C (0 — один раз)")
    ] = 0,
    url: Annotated[
        list[str] | None,
        typer.Option("--url", help="СЕРВИС=URL его HTTP-порта (по умолчанию — локального стенда)"),
    ] = None,
    max_pending: Annotated[
        float, typer.Option(help="Сколько ждущих сообщений у одного потребителя — уже проблема")
    ] = 1000,
    token_: Annotated[
        str | None,
        typer.Option(
            "--token",
            envvar="EGISZ_TOKEN",
            help="Токен оператора регистра или справочника для проверки ленты изменений "
            "(локально — подписанный dev-ключом)",
        ),
    ] = None,
    nats_log: Annotated[
        Path | None,
        typer.Option(help="Журнал nats-server: нарушения прав (локально — журнал стенда)"),
    ] = None,
    key: KeyFile = DEFAULT_KEY,
    nats_url: NatsUrl = DEFAULT_NATS,
) -> None:
    """Готовность, потоки, отставание потребителей, исходящие и недоставленные на одном экране,
    затем пути пользователей (публичная проверка, FHIR, лента изменений) и нарушения прав NATS.
    Код выхода 1 — что-то не в порядке (годится для проб и скриптов), 0 — всё хорошо."""
    from egisz.cli import status as pipeline

    settings = StackSettings()
    urls = service_urls(settings, url or [])
    nats_address = local_nats(nats_url, "observer")
    if token_ is None and key.exists():
        token_ = dev_token(key, "registry_operator", sub="egisz-status")
    log_file = nats_log or settings.data_dir / "logs" / "nats.log"

    async def look() -> tuple[object, list[str]]:
        found = await pipeline.gather(
            urls, nats_address, token=token_, nats_log=log_file if log_file.exists() else None
        )
        problems = found.problems(max_pending=max_pending)
        return pipeline.render(found, problems), problems

    raise typer.Exit(1 if show_status(look, watch) else 0)


def service_urls(settings: StackSettings, given: list[str]) -> dict[str, str]:
    """The services' HTTP addresses: the local stack's, each replaced by a SERVICE=URL given."""
    urls = {s: f"http://{settings.host}:{p}" for s, p in settings.http_ports.items()}
    for item in given:
        name, _, address = item.partition("=")
        if name not in urls or not address:
            raise typer.BadParameter(f"{item!r}: SERVICE=URL, SERVICE one of {', '.join(urls)}")
        urls[name] = address.rstrip("/")
    return urls


def show_status(
    look: Callable[[], Coroutine[Any, Any, tuple[object, list[str]]]], watch: float
) -> list[str]:
    """One screen, or a screen every `watch` seconds until Ctrl-C; the last screen's problems."""
    from rich.console import Console
    from rich.live import Live

    console = Console()
    if not watch:
        screen, problems = asyncio.run(look())
        console.print(screen)
        return problems
    problems = []
    with Live(console=console, auto_refresh=False) as live:
        try:
            while True:
                screen, problems = asyncio.run(look())
                live.update(screen, refresh=True)  # type: ignore[arg-type]
                time.sleep(watch)
        except KeyboardInterrupt:
            pass
    return problems


Service = Annotated[str, typer.Argument(help="registry, portfolio, accreditation или notify")]
Consumer = Annotated[
    str | None, typer.Option(help="Потребитель, например notify-approval-decided; по умолчанию все")
]


@dlq_app.command("list")
def dlq_list(service: Service, consumer: Consumer = None, nats_url: NatsUrl = DEFAULT_NATS) -> None:
    """Недоставленные сообщения сервиса, по строке JSON с номером в потоке."""
    from egisz.cli.deadletters import dead_letters

    async def run() -> None:
        async with Client(local_nats(nats_url, "admin")) as c:
            for found in await dead_letters(c.connection, service, consumer=consumer):
                line = found.letter.model_dump(mode="json", exclude={"body"})
                typer.echo(json.dumps({"sequence": found.sequence, **line}, ensure_ascii=False))

    asyncio.run(run())


@dlq_app.command("replay")
def dlq_replay(
    service: Service,
    consumer: Consumer = None,
    sequence: Annotated[int | None, typer.Option(help="Только это сообщение")] = None,
    nats_url: NatsUrl = DEFAULT_NATS,
) -> None:
    """Вернуть недоставленные сообщения в их темы (когда причина устранена)."""
    from egisz.cli.deadletters import dead_letters, replay

    async def run() -> int:
        async with Client(local_nats(nats_url, "admin")) as c:
            letters = await dead_letters(c.connection, service, consumer=consumer)
            chosen = [f for f in letters if sequence in (None, f.sequence)]
            for found in chosen:
                await replay(c.connection, found)
            return len(chosen)

    typer.echo(f"отправлено повторно: {asyncio.run(run())}")
