"""Options and defaults every `egisz` command shares: where NATS is and which key signs dev
tokens."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from egisz.cli.stack import StackSettings, stack_home
from egisz.runtime.devsecrets import nats_passwords

NatsUrl = Annotated[
    str,
    typer.Option(
        "--nats",
        envvar="EGISZ_NATS_URL",
        help="Адрес NATS; по умолчанию — локального стенда, от пользователя gateway (команды) "
        "или observer (события)",
    ),
]
DEFAULT_NATS = ""
DEFAULT_KEY = stack_home() / "keys" / "jwt-private.pem"


def local_nats(url: str, user: str) -> str:
    """The given URL, or the local runner's as `user` when it has users."""
    if url:
        return url
    settings = StackSettings()
    passwords = settings.keys_dir / "nats-passwords"
    found = nats_passwords(passwords) if passwords.exists() else {}
    address = f"{settings.host}:{settings.nats_port}"
    return f"nats://{user}:{found[user]}@{address}" if user in found else f"nats://{address}"


KeyFile = Annotated[
    Path,
    typer.Option("--key", envvar="EGISZ_DEV_PRIVATE_KEY", help="Ключ dev-поставщика удостоверений"),
]

# Who a dev token or a saved identity is: the same options for `egisz token` and `egisz login`.
RoleArg = Annotated[
    str,
    typer.Argument(
        help="worker, org_officer, manager, registry_operator, fac_operator или service"
    ),
]
SnilsOpt = Annotated[str | None, typer.Option(help="СНИЛС работника или кадровика")]
OrgOpt = Annotated[str | None, typer.Option(help="OID организации кадровика или руководителя")]
NameOpt = Annotated[str | None, typer.Option(help="ФИО (руководителя — как в ФРМО)")]
SubOpt = Annotated[
    str | None,
    typer.Option(help="Идентификатор субъекта; для системы (роль service) — её имя, system:nmo"),
]

# An HR officer's file import (workers, the staffing table): their token, or a dev token's parts.
CsvFile = Annotated[
    Path, typer.Argument(exists=True, dir_okay=False, help="CSV, разделитель `;` или `,`")
]
OfficerTokenOpt = Annotated[str | None, typer.Option("--token", envvar="EGISZ_TOKEN")]
DevOrgOpt = Annotated[str | None, typer.Option(help="Dev-токен: OID организации кадровика")]
DevSnilsOpt = Annotated[
    str | None, typer.Option(help="Dev-токен: СНИЛС кадровика (с доступом к организации)")
]
BatchOpt = Annotated[int, typer.Option(min=1, max=500, help="Строк в одной команде")]
