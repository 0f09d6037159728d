"""`egisz nsi`: the reference books — load a ФНСИ file as a version (as the support desk), list
the dictionaries, look an entry up."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from egisz.cli import transfer
from egisz.cli.client import Client
from egisz.cli.options import DEFAULT_KEY, DEFAULT_NATS, KeyFile, NatsUrl
from egisz.cli.people import AsJson, Token, acting_token, bar, run, show
from egisz.contracts import subjects

nsi_app = typer.Typer(
    help="Справочники НСИ: загрузить версию из ФНСИ, посмотреть", no_args_is_help=True
)


@nsi_app.command("load")
def nsi_load(
    path: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)],
    oid: Annotated[
        str | None, typer.Option(help="OID справочника, если файл его не называет")
    ] = None,
    version: Annotated[
        str | None, typer.Option(help="Номер версии, если файл его не называет")
    ] = None,
    published_on: Annotated[
        str | None, typer.Option(help="Дата публикации версии (ГГГГ-ММ-ДД), если её нет в файле")
    ] = None,
    name: Annotated[str | None, typer.Option(help="Наименование справочника")] = None,
    source: Annotated[str | None, typer.Option(help="Нормативный акт или паспорт ФНСИ")] = None,
    partial: Annotated[bool, typer.Option(help="Частичная версия, не вся официальная")] = False,
    as_json: AsJson = False,
    token: Token = None,
    key: KeyFile = DEFAULT_KEY,
    nats_url: NatsUrl = DEFAULT_NATS,
) -> None:
    """Загрузить файл ФНСИ (ответ REST `data`/`passport` или ZIP) как версию справочника: файл
    проверяется целиком, одна версия загружается один раз, отчёт называет добавленные,
    изменённые и выведенные коды. Действует от сотрудника СТП (`egisz login registry_operator`)."""
    if published_on is not None:
        try:
            date.fromisoformat(published_on)
        except ValueError:
            raise typer.BadParameter(f"{published_on!r}: ГГГГ-ММ-ДД") from None
    content, tok = path.read_bytes(), acting_token(token, key, role=None)
    given: dict[str, Any] = {
        "oid": oid,
        "version": version,
        "published_on": published_on,
        "name": name,
        "source": source,
        "partial": partial,
    }
    with bar() as progress:
        task = progress.add_task(path.name, total=len(content))

        async def work(client: Client) -> dict[str, Any]:
            stored = await transfer.upload(
                client,
                subjects.DICTIONARY_FILE_UPLOAD.subject,
                content,
                path.name,
                token=tok,
                progress=lambda done, _: progress.update(task, completed=done),
            )
            if not stored.get("ok"):
                return stored
            body = {k: v for k, v in given.items() if v not in (None, False)}
            body["file_id"] = stored["result"]["file"]["file_id"]
            return await client.call(subjects.DICTIONARY_LOAD.subject, body, token=tok)

        reply = run(nats_url, 120.0, work)
    show(subjects.DICTIONARY_LOAD.subject, reply, as_json)


@nsi_app.command("list")
def nsi_list(as_json: AsJson = False, nats_url: NatsUrl = DEFAULT_NATS) -> None:
    """Справочники, которыми говорят регистры, с их версиями (без входа: это открытые данные)."""

    async def work(client: Client) -> dict[str, Any]:
        return await client.call(subjects.DICTIONARY_LIST.subject, {"limit": 200}, token=None)

    show(subjects.DICTIONARY_LIST.subject, run(nats_url, 10.0, work), as_json)


@nsi_app.command("map")
def nsi_map(
    token: Token = None,
    key: KeyFile = DEFAULT_KEY,
    nats_url: NatsUrl = DEFAULT_NATS,
) -> None:
    """Сопоставить записанное текстом (должности, причины увольнения, специальности в ФРМР;
    виды подразделений, профили коек, виды оборудования в ФРМО) со справочниками по
    наименованию — страница за страницей, с ходом работы; что не сопоставилось, ждёт в очереди
    СТП (`egisz call egisz.registry.cmd.uncoded_entry.list`)."""
    tok = acting_token(token, key)

    async def work(client: Client) -> tuple[int, int]:
        coded = left = 0
        for subject in (subjects.UNCODED_MAP, subjects.UNCODED_STRUCTURE_MAP):  # ФРМР, ФРМО
            cursor: str | None = None
            while True:
                body = {"after": cursor, "limit": 500}
                reply = await client.call(subject.subject, body, token=tok)
                if not reply.get("ok"):
                    raise typer.BadParameter(str(reply.get("error")))
                found = reply["result"]
                coded, left = coded + found["coded"], left + found["left"]
                typer.echo(f"сопоставлено {coded}, ждут в очереди {left}")
                if (cursor := found["next_cursor"]) is None:
                    break
        return coded, left

    coded, left = run(nats_url, 600.0, work)
    typer.echo(f"Готово: сопоставлено {coded}, в очереди СТП {left}.")
