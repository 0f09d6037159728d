"""`egisz`: dev tokens, commands as a role, the event tail, the local stack and the demo."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from egisz.cli import people, signing, watching
from egisz.cli.backup import backup_app
from egisz.cli.client import Client, CliError, ServiceUnavailableError, dev_token
from egisz.cli.nsi import nsi_app
from egisz.cli.options import (
    DEFAULT_KEY,
    DEFAULT_NATS,
    BatchOpt,
    CsvFile,
    DevOrgOpt,
    DevSnilsOpt,
    KeyFile,
    NameOpt,
    NatsUrl,
    OfficerTokenOpt,
    OrgOpt,
    RoleArg,
    SnilsOpt,
    SubOpt,
    local_nats,
)
from egisz.cli.reporting import reporting_app
from egisz.cli.stack import Restarts, Stack, StackSettings, remember_stack
from egisz.contracts.envelope import Role

if TYPE_CHECKING:  # the importer loads the contracts' models: only when a file is imported
    from egisz.cli.importer import CsvImport

app = typer.Typer(
    help="egisz-workforce: регистры ФРМО и ФРМР из командной строки",
    no_args_is_help=True,
    add_completion=False,
)
stack_app = typer.Typer(
    help="Локальный стенд (встроенные NATS и SecantusDB, все сервисы)", no_args_is_help=True
)
registry_app = typer.Typer(help="Регистры ФРМО и ФРМР", no_args_is_help=True)
app.add_typer(watching.events_app, name="events")
app.add_typer(stack_app, name="stack")
app.add_typer(registry_app, name="registry")
app.add_typer(watching.dlq_app, name="dlq")
app.add_typer(nsi_app, name="nsi")
app.add_typer(reporting_app, name="reporting")
app.add_typer(backup_app, name="backup")
app.add_typer(people.file_app, name="file")
app.add_typer(people.extract_app, name="extract")
app.add_typer(people.approval_app, name="approval")
app.command("sign")(signing.sign)
app.command("certificate")(signing.certificate)
app.command()(people.login)
app.command()(people.whoami)
app.command()(people.logout)


@app.command()
def token(
    role: RoleArg,
    snils: SnilsOpt = None,
    org: OrgOpt = None,
    name: NameOpt = None,
    sub: SubOpt = None,
    key: KeyFile = DEFAULT_KEY,
) -> None:
    """Выдать dev-токен роли, подписанный ключом, который создал `make run`."""
    typer.echo(dev_token(key, role, snils=snils, org=org, name=name, sub=sub))


@app.command()
def call(
    subject: str,
    body: Annotated[
        str, typer.Argument(help="JSON строкой, @файл.json или - (стандартный ввод)")
    ] = "{}",
    token_: people.Token = None,
    role: Annotated[
        str | None, typer.Option(help="Один раз от этой роли (иначе — кто вошёл через login)")
    ] = None,
    snils: Annotated[str | None, typer.Option()] = None,
    org: Annotated[str | None, typer.Option()] = None,
    name: Annotated[str | None, typer.Option(help="ФИО, например руководителя")] = None,
    sub: Annotated[
        str | None, typer.Option(help="Идентификатор субъекта, один для всех вызовов")
    ] = None,
    as_json: people.AsJson = False,
    key: KeyFile = DEFAULT_KEY,
    nats_url: NatsUrl = DEFAULT_NATS,
    timeout: float = 5.0,
) -> None:
    """Отправить команду и показать ответ (--json — весь конверт). Код выхода 1 — ответ с
    ошибкой, 2 — сервис не ответил или команда неизвестна."""
    known_command(subject)
    tok = people.acting_token(token_, key, role=role, snils=snils, org=org, name=name, sub=sub)
    data = people.body_of(body)
    reply = people.run(nats_url, timeout, lambda client: client.call(subject, data, token=tok))
    people.show(subject, reply, as_json)


@registry_app.command("import")
def registry_import(
    file: CsvFile,
    token_: OfficerTokenOpt = None,
    org: DevOrgOpt = None,
    snils: DevSnilsOpt = None,
    key: KeyFile = DEFAULT_KEY,
    nats_url: NatsUrl = DEFAULT_NATS,
    batch: BatchOpt = 200,
    timeout: float = 120.0,
) -> None:
    """Загрузить работников как кадровик: строки с ошибками — в ФАЙЛ.report.csv, остальные
    идут дальше.

    Колонки: snils, last_name, first_name, middle_name, birth_date, sex, email, phone, position,
    rate, kind, start_date (или русские заголовки). Повторная загрузка того же файла ничего не
    создаёт.
    """
    from egisz.cli.importer import WORKERS

    officer_import(file, WORKERS, officer_token(token_, org, snils, key), nats_url, batch, timeout)


@registry_app.command("staffing")
def registry_staffing(
    file: CsvFile,
    token_: OfficerTokenOpt = None,
    org: DevOrgOpt = None,
    snils: DevSnilsOpt = None,
    key: KeyFile = DEFAULT_KEY,
    nats_url: NatsUrl = DEFAULT_NATS,
    batch: BatchOpt = 200,
    timeout: float = 120.0,
) -> None:
    """Загрузить штатное расписание организации как кадровик: строки с ошибками — в
    ФАЙЛ.report.csv, остальные идут дальше.

    Колонки: subdivision_oid, position_code, fte, effective_from (или «OID подразделения», «Код
    должности», «Штатные единицы», «Действует с»). Повторная загрузка того же файла ничего не
    меняет.
    """
    from egisz.cli.importer import STAFFING

    officer_import(file, STAFFING, officer_token(token_, org, snils, key), nats_url, batch, timeout)


def officer_token(token_: str | None, org: str | None, snils: str | None, key: Path) -> str:
    if token_ is None and org is None:
        typer.echo("Нужен --token кадровика или --org для dev-токена", err=True)
        raise typer.Exit(2)
    return token_ or dev_token(key, Role.ORG_OFFICER, org=org, snils=snils)


def officer_import(
    file: Path, kind: CsvImport, tok: str, nats_url: str, batch: int, timeout: float
) -> None:
    """Send the file's rows in batches with a progress bar; the failed rows go to the report."""
    from rich.progress import Progress

    from egisz.cli.importer import (
        ImportRefusedError,
        ImportReport,
        count_rows,
        import_csv,
        report_path,
    )

    total = count_rows(file)

    async def run() -> ImportReport:
        async with Client(local_nats(nats_url, "gateway"), timeout=timeout) as client:
            with Progress(transient=True) as bar:
                task = bar.add_task(f"Импорт {file.name}", total=total)
                return await import_csv(
                    client,
                    file,
                    token=tok,
                    batch_size=batch,
                    progress=lambda n: bar.advance(task, n),
                    kind=kind,
                )

    try:
        report = asyncio.run(run())
    except (ServiceUnavailableError, ImportRefusedError) as exc:
        typer.echo(f"Импорт не выполнен: {exc}", err=True)
        raise typer.Exit(2) from None
    out = report_path(file)
    report.write(out)
    counts = ", ".join(f"{k}: {v}" for k, v in sorted(report.outcomes.items()))
    typer.echo(f"Строк: {report.rows} ({counts}). Ошибки: {out}")
    raise typer.Exit(1 if report.errors else 0)


app.command()(watching.status)


@app.command("nats-users")
def nats_users(
    path: Annotated[Path, typer.Argument()] = Path("deploy/nats/users.conf"),
) -> None:
    """Записать deploy/nats/users.conf по коду: права каждого сервиса и системы."""
    from egisz.cli.natsusers import render

    path.write_text(render(), encoding="utf-8")
    typer.echo(f"записано: {path}")


@stack_app.command("grant-access")
def stack_grant_access(
    org: Annotated[str, typer.Option(help="OID организации")],
    snils: Annotated[str, typer.Option(help="СНИЛС того, кто получает доступ")],
    email: Annotated[str, typer.Option()] = "hr@localhost.example",
) -> None:
    """Только локальный стенд: дать человеку доступ кадровика к организации, как одобренная
    заявка ФРМО (настоящий путь — заявка ФРМО или `access.request` и `access.review` службы
    поддержки). Пишет через репозиторий регистра в базу стенда."""
    from egisz.testsupport.seeding import grant_access_at

    settings = StackSettings()
    url = f"mongodb://{settings.host}:{settings.mongo_port}/?directConnection=true"
    person = asyncio.run(grant_access_at(url, org, snils, email))
    typer.echo(f"{person} may act for {org}: --role org_officer --snils {person}")


@stack_app.command("up")
def stack_up() -> None:
    """Запустить NATS, SecantusDB и все сервисы; Ctrl-C аккуратно всё останавливает."""
    settings = StackSettings()
    if "EGISZ_STACK_DATA_DIR" not in os.environ:  # `make run`: the project's own `.data`
        settings = settings.model_copy(update={"data_dir": Path(".data").resolve()})
    stack = Stack(settings)
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    failed = False
    try:
        stack.start()
        remember_stack(stack.settings.data_dir)
        print(
            f"egisz: all services ready — NATS nats://127.0.0.1:{stack.settings.nats_port} "
            f"(users' passwords in {stack.settings.keys_dir / 'nats-passwords'}); "
            f"health on {', '.join(stack.http_url(s) for s in stack.services)}; Ctrl-C stops",
            flush=True,
        )
        restarts: dict[str, Restarts] = {}
        while not stop.wait(0.5):  # supervised as compose and Kubernetes do: restarted
            stack.supervise(restarts, lambda said: print(f"egisz: {said}", flush=True))
    except (TimeoutError, RuntimeError) as exc:
        print(f"egisz: start failed: {exc}", file=sys.stderr, flush=True)
        failed = True
    finally:
        print("egisz: stopping…", flush=True)
        print(f"egisz: stopped {stack.stop()}", flush=True)
    if failed:
        raise typer.Exit(1)


@app.command()
def docs(
    out: Annotated[Path, typer.Argument(help="Куда записать")] = Path("docs/contracts"),
) -> None:
    """Записать JSON Schema каждого сообщения, документ AsyncAPI каждого сервиса и OpenAPI
    HTTP-шлюза."""
    from egisz.contracts import asyncapi, schema
    from egisz.gateway.app import build

    schemas = schema.write(out / "schemas")
    documents = asyncapi.write(out / "asyncapi")
    openapi = out / "openapi.json"
    openapi.write_text(
        json.dumps(build().openapi(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    typer.echo(
        f"{len(schemas)} JSON Schemas in {out / 'schemas'}, "
        f"{len(documents)} AsyncAPI documents in {out / 'asyncapi'}, OpenAPI in {openapi}"
    )


@app.command()
def demo(
    nats_url: NatsUrl = DEFAULT_NATS,
    key: KeyFile = DEFAULT_KEY,
    via: Annotated[
        str | None,
        typer.Option(help="Адрес HTTP-шлюза (http://localhost:8106): через REST, а не NATS"),
    ] = None,
) -> None:
    """Пройти первый сценарий на запущенном `make run`, печатая каждый шаг."""
    from egisz.cli.demo import run_journey

    target = via or local_nats(nats_url, "gateway")
    journey = asyncio.run(run_journey(target, key, echo=typer.echo))
    for pdf, name, said in (
        (journey.act_pdf, "akt-registracii.pdf", "Акт регистрации сохранён"),
        (journey.extract_pdf, "vypiska.pdf", "Выписка сохранена"),
    ):
        if pdf:
            saved = key.parent.parent / "demo" / name
            saved.parent.mkdir(parents=True, exist_ok=True)
            saved.write_bytes(pdf)
            typer.echo(f"{said}: {saved}")
    raise typer.Exit(0 if journey.ok else 1)


def known_command(subject: str) -> None:
    """A subject the contracts name, checked before anything is sent: a typo is said at once,
    with what was probably meant, instead of a timeout read as «service unavailable»."""
    from difflib import get_close_matches

    from egisz.contracts.subjects import COMMANDS

    names = [c.subject for c in COMMANDS]
    if subject in names:
        return
    near = get_close_matches(subject, names, n=1, cutoff=0.6)
    hint = f": может быть, {near[0]}?" if near else ": список — `egisz docs` или README"
    raise CliError(f"Нет команды {subject}{hint}")


def main() -> None:
    """The `egisz` command: a user's mistake is one line of what to do and exit 2."""
    from egisz.cli.language import speak_russian, usage_error

    speak_russian()
    try:
        code = app(standalone_mode=False)
    except CliError as exc:
        typer.echo(f"egisz: {exc}", err=True)
        sys.exit(2)
    except typer.Abort:
        typer.echo("egisz: прервано", err=True)
        sys.exit(1)
    except typer.TyperException as exc:  # Click's usage errors: how the command was typed
        if type(exc).__name__ == "NoArgsIsHelpError":
            ctx = getattr(exc, "ctx", None)
            typer.echo(ctx.get_help() if ctx is not None else "", err=False)
            sys.exit(2)
        typer.echo(f"egisz: {usage_error(exc)}", err=True)
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)
