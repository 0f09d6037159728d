"""`egisz reporting`: rebuild the reporting service's facts from the registry's stream, watching
how far it is, and take a report away as a file."""

from __future__ import annotations

import asyncio
import base64
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, Progress, TaskProgressColumn

from egisz.cli.client import Client
from egisz.cli.options import DEFAULT_KEY, DEFAULT_NATS, KeyFile, NatsUrl
from egisz.cli.people import Token, acting_token, console, run, show
from egisz.contracts import subjects

reporting_app = typer.Typer(
    help="Мониторинг кадрового обеспечения: пересборка фактов, отчёты в файлы",
    no_args_is_help=True,
)


@reporting_app.command("rebuild")
def reporting_rebuild(
    token: Token = None,
    key: KeyFile = DEFAULT_KEY,
    nats_url: NatsUrl = DEFAULT_NATS,
) -> None:
    """Пересобрать факты отчётов из потока событий ФРМР/ФРМО с начала и следить за ходом:
    прочитано событий потока из скольких, применено. Отчёты пока строятся по прежним фактам.
    Действует от сотрудника СТП (`egisz login registry_operator`)."""
    tok = acting_token(token, key)

    async def work(client: Client) -> dict[str, Any]:
        started = await client.call(subjects.REBUILD_START.subject, {"confirm": True}, token=tok)
        if not started.get("ok"):
            return started
        with Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            TaskProgressColumn(),
            "{task.fields[said]}",
            console=console,
            transient=not console.is_terminal,
        ) as bar:
            task = bar.add_task("пересборка", total=100.0, said="")
            while True:
                reply = await client.call(subjects.REBUILD_GET.subject, {}, token=tok)
                p = reply.get("result") or {}
                said = (
                    f"событие {p.get('stream_sequence', 0):,} из {p.get('stream_last', 0):,}, "
                    f"применено {p.get('events_applied', 0):,}"
                )
                bar.update(task, completed=float(p.get("percent", 0)), said=said)
                if not reply.get("ok") or p.get("state") != "running":
                    return reply
                await asyncio.sleep(0.5)

    reply = run(nats_url, 3600.0, work)
    if (reply.get("result") or {}).get("state") == "done":
        typer.echo(f"Готово: применено {reply['result']['events_applied']:,} событий.")
        return
    show(subjects.REBUILD_GET.subject, reply, False)


@reporting_app.command("export")
def reporting_export(
    report: Annotated[str, typer.Argument(help="occupancy, movement, structure или summary")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Куда сохранить файл")],
    file_format: Annotated[str, typer.Option("--format", help="csv, xlsx или pdf")] = "pdf",
    region: Annotated[str | None, typer.Option(help="Код региона, например 77")] = None,
    organization: Annotated[str | None, typer.Option(help="OID организации")] = None,
    on: Annotated[
        str | None, typer.Option(help="На дату ГГГГ-ММ-ДД (по умолчанию сегодня)")
    ] = None,
    token: Token = None,
    key: KeyFile = DEFAULT_KEY,
    nats_url: NatsUrl = DEFAULT_NATS,
) -> None:
    """Отчёт в файл: CSV и XLSX любого отчёта, PDF — сводный отчёт с диаграммами. Цифры те же,
    что доступны вошедшему (без входа — открытые, с малыми группами скрытыми)."""
    tok = acting_token(token, key)
    body = {"report": report, "format": file_format, "region": region}
    body |= {"organization_oid": organization, "on": on}

    async def work(client: Client) -> dict[str, Any]:
        made = await client.call(
            subjects.REPORT_EXPORT.subject,
            {k: v for k, v in body.items() if v is not None},
            token=tok,
        )
        if not made.get("ok"):
            return made
        content, part = b"", 0
        while True:
            reply = await client.call(
                subjects.REPORT_DOWNLOAD.subject,
                {"file_id": made["result"]["file_id"], "part": part},
                token=tok,
            )
            if not reply.get("ok"):
                return reply
            content += base64.b64decode(reply["result"]["data"])
            if reply["result"]["last"]:
                out.write_bytes(content)
                return made
            part += 1

    reply = run(nats_url, 120.0, work)
    if reply.get("ok"):
        typer.echo(f"{out}: {reply['result']['size']:,} байт")
        return
    show(subjects.REPORT_EXPORT.subject, reply, False)
