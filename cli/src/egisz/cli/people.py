"""`egisz` for people: sign in once (`login`), send commands with bodies from files and read the
replies as text, move files without base64 (`file upload|download`, `extract download`), and
sign a report as its head (`approval key`, `approval sign`)."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, Any, BinaryIO, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TransferSpeedColumn

from egisz.cli import identity, transfer
from egisz.cli.client import Client, ServiceUnavailableError, dev_token
from egisz.cli.options import (
    DEFAULT_KEY,
    DEFAULT_NATS,
    KeyFile,
    NameOpt,
    NatsUrl,
    OrgOpt,
    RoleArg,
    SnilsOpt,
    SubOpt,
    local_nats,
)
from egisz.cli.signing import PasswordEnv, Pfx, PfxFile
from egisz.cli.view import render_reply
from egisz.contracts import subjects
from egisz.runtime.file_transfer import TransferRefusedError

T = TypeVar("T")
console = Console()

file_app = typer.Typer(help="Файлы: загрузить в сервисы и скачать", no_args_is_help=True)
extract_app = typer.Typer(help="Выписки об аккредитации", no_args_is_help=True)
approval_app = typer.Typer(help="Ключ и подпись руководителя", no_args_is_help=True)

AsJson = Annotated[bool, typer.Option("--json", help="Показать конверт ответа как JSON")]
Token = Annotated[str | None, typer.Option("--token", envvar="EGISZ_TOKEN")]


def acting_token(
    token: str | None,
    key: Path,
    *,
    role: str | None = None,
    snils: str | None = None,
    org: str | None = None,
    name: str | None = None,
    sub: str | None = None,
) -> str | None:
    """`--token` as given; `--role` (with its claims) for this command; else who `login` saved."""
    if token:
        return token
    if role:
        return dev_token(key, role, snils=snils, org=org, name=name, sub=sub)
    saved = identity.load()
    return saved.token(key) if saved else None


def body_of(text: str) -> bytes:
    """Inline JSON, `@file.json`, or `-` for standard input."""
    if text == "-":
        return sys.stdin.read().encode()
    if text.startswith("@"):
        return Path(text[1:]).read_bytes()
    return text.encode()


def run(nats_url: str, timeout: float, work: Callable[[Client], Awaitable[T]]) -> T:
    async def go() -> T:
        async with Client(local_nats(nats_url, "gateway"), timeout=timeout) as client:
            return await work(client)

    try:
        return asyncio.run(go())
    except ServiceUnavailableError as exc:
        console.print(f"[red]Сервис недоступен:[/] {exc}")
        raise typer.Exit(2) from None
    except TransferRefusedError as exc:
        console.print(render_reply("", exc.reply))
        raise typer.Exit(1) from None


def show(subject: str, reply: dict[str, Any], as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps(reply, ensure_ascii=False, indent=2))
    else:
        console.print(render_reply(subject, reply))
    raise typer.Exit(0 if reply.get("ok") else 1)


def bar() -> Progress:
    return Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        console=console,
        transient=not console.is_terminal,
    )


# --- who acts -------------------------------------------------------------------------------
def login(
    role: RoleArg,
    snils: SnilsOpt = None,
    org: OrgOpt = None,
    name: NameOpt = None,
    sub: SubOpt = None,
) -> None:
    """Действовать от этого человека: каждая команда подписывает dev-токен на него."""
    try:
        who = identity.Identity.new(role, sub=sub, snils=snils, org=org, name=name)
    except ValueError:
        raise typer.BadParameter(f"unknown role {role!r}") from None
    path = identity.save(who)
    console.print(f"Вы — {who.describe()} (сохранено в {path})")


def whoami() -> None:
    """От чьего имени действует `egisz`."""
    who = identity.load()
    console.print(who.describe() if who else "Никто: `egisz login ROLE …`")
    raise typer.Exit(0 if who else 1)


def logout() -> None:
    """Забыть сохранённую личность."""
    who = identity.load()
    path = identity.forget()
    if path is None:
        console.print("Никто не входил: забывать нечего")
        return
    console.print(f"Вы больше не {who.describe() if who else 'вошедший'} (удалён {path})")


# --- files ----------------------------------------------------------------------------------
@file_app.command("upload")
def file_upload(
    path: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)],
    subject: Annotated[
        str,
        typer.Option(help="Куда: " + ", ".join(sorted(subjects.FILE_UPLOADS))),
    ] = subjects.FILE_UPLOAD.subject,
    as_json: AsJson = False,
    token: Token = None,
    key: KeyFile = DEFAULT_KEY,
    nats_url: NatsUrl = DEFAULT_NATS,
) -> None:
    """Загрузить файл частями; показать сохранённый файл (команды ссылаются на его `file_id`)."""
    if subject not in subjects.FILE_UPLOADS:
        raise typer.BadParameter(f"not an upload subject: {subject}")
    content, tok = path.read_bytes(), acting_token(token, key)
    with bar() as progress:
        task = progress.add_task(path.name, total=len(content))

        async def work(client: Client) -> dict[str, Any]:
            return await transfer.upload(
                client,
                subject,
                content,
                path.name,
                token=tok,
                progress=lambda done, _: progress.update(task, completed=done),
            )

        reply = run(nats_url, 30.0, work)
    show(subject, reply, as_json)


@file_app.command("download")
def file_download(
    fields: Annotated[
        list[str], typer.Argument(help="Идентификатор файла или ключ=значение для полей запроса")
    ],
    out: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Куда сохранить (по умолчанию — имя файла)"),
    ] = None,
    subject: Annotated[
        str,
        typer.Option(help="Откуда: " + ", ".join(sorted(subjects.FILE_DOWNLOADS))),
    ] = subjects.FILE_READ.subject,
    token: Token = None,
    key: KeyFile = DEFAULT_KEY,
    nats_url: NatsUrl = DEFAULT_NATS,
) -> None:
    """Скачать файл по частям в файл на диске."""
    command = subjects.FILE_DOWNLOADS.get(subject)
    if command is None:
        raise typer.BadParameter(f"not a download subject: {subject}")
    try:
        body = transfer.download_request(command, fields)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    saved = _download(subject, body, out, acting_token(token, key), nats_url)
    console.print(f"✔ {saved}")


def _download(
    subject: str, body: dict[str, Any], out: Path | None, tok: str | None, nats_url: str
) -> Path:
    written: list[Path] = []

    def sink(filename: str) -> BinaryIO:
        target = out or Path(Path(filename).name)  # never a path the server chose
        written.append(target)
        return target.open("wb")

    with bar() as progress:
        task = progress.add_task(subject.rsplit(".", 2)[-2], total=None)

        async def work(client: Client) -> str:
            return await transfer.download(
                client,
                subject,
                body,
                sink,
                token=tok,
                progress=lambda done, total: progress.update(task, completed=done, total=total),
            )

        run(nats_url, 30.0, work)
    return written[0]


@extract_app.command("download")
def extract_download(
    extract_id: str,
    out: Annotated[Path, typer.Option("-o", "--output")] = Path("vypiska.pdf"),
    token: Token = None,
    key: KeyFile = DEFAULT_KEY,
    nats_url: NatsUrl = DEFAULT_NATS,
) -> None:
    """Сохранить PDF выданной выписки (на ней напечатан код проверки)."""
    subject = subjects.EXTRACT_DOWNLOAD.subject
    saved = _download(subject, {"extract_id": extract_id}, out, acting_token(token, key), nats_url)
    console.print(f"✔ {saved}")


# --- the head's signature -------------------------------------------------------------------
@approval_app.command("key")
def approval_key(
    pfx: PfxFile,
    password_env: PasswordEnv = None,
    token: Token = None,
    key: KeyFile = DEFAULT_KEY,
    nats_url: NatsUrl = DEFAULT_NATS,
) -> None:
    """Зарегистрировать сертификат подписи руководителя (из .pfx): его срок — срок ключа."""
    body = {"certificate_pem": Pfx(pfx, password_env).certificate_pem}
    tok = acting_token(token, key)
    subject = subjects.SIGNING_KEY_REGISTER.subject
    show(subject, run(nats_url, 10.0, lambda c: c.call(subject, body, token=tok)), False)


@approval_app.command("sign")
def approval_sign(
    portfolio_id: str,
    pfx: PfxFile,
    password_env: PasswordEnv = None,
    reject: Annotated[str | None, typer.Option(help="Отклонить, с этой причиной")] = None,
    token: Token = None,
    key: KeyFile = DEFAULT_KEY,
    nats_url: NatsUrl = DEFAULT_NATS,
    as_json: AsJson = False,
) -> None:
    """Как руководитель: получить канонический текст отчёта, подписать КЭП, отправить решение."""
    signer = Pfx(pfx, password_env)
    tok = acting_token(token, key)

    async def work(client: Client) -> dict[str, Any]:
        report = await client.call(
            subjects.APPROVAL_REPORT.subject, {"portfolio_id": portfolio_id}, token=tok
        )
        if not report.get("ok"):
            return report
        decision: dict[str, Any] = {
            "portfolio_id": portfolio_id,
            "decision": "rejected" if reject else "approved",
            "signature": signer.cades(str(report["result"]["canonical"]).encode()),
        }
        if reject:
            decision["reason"] = reject
        return await client.call(subjects.APPROVAL_DECIDE.subject, decision, token=tok)

    show(subjects.APPROVAL_DECIDE.subject, run(nats_url, 10.0, work), as_json)
