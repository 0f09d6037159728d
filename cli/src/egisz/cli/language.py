"""One language for the CLI. Our help is Russian, as the replies are; so are the titles of
Typer's help panels (module settings Typer reads when it draws them) and every mistake in how
a command was typed, said in one line by `main` (`usage_error`). Typer's own vendored Click
writes «Usage:» and the `--help` line in English, with no hook to translate them: left so."""

from __future__ import annotations

import typer
import typer.rich_utils

PANELS = {
    "ARGUMENTS_PANEL_TITLE": "Аргументы",
    "OPTIONS_PANEL_TITLE": "Параметры",
    "COMMANDS_PANEL_TITLE": "Команды",
    "ERRORS_PANEL_TITLE": "Ошибка",
    "ABORTED_TEXT": "Прервано.",
    "DEFAULT_STRING": "[по умолчанию: {}]",
    "ENVVAR_STRING": "[переменная окружения: {}]",
    "REQUIRED_LONG_STRING": "[обязательно]",
    "DEPRECATED_STRING": "(устарело) ",
}


# What Typer says of a value it could not read, by the words that tell it.
VALUES = {
    "valid integer": "нужно целое число",
    "valid float": "нужно число",
    "valid number": "нужно число",
    "does not exist": "такого файла нет",
    "is a directory": "это папка, а нужен файл",
}


def speak_russian() -> None:
    for name, text in PANELS.items():
        setattr(typer.rich_utils, name, text)


def usage_error(exc: typer.TyperException) -> str:
    """A mistake in how a command was typed, as one line that says what to do."""
    ctx = getattr(exc, "ctx", None)
    helps = f"справка: {ctx.command_path} --help" if ctx is not None else "справка: egisz --help"
    param = getattr(exc, "param", None)
    hint = f"«{param.name}»" if param is not None and param.name else ""
    kind = type(exc).__name__
    if kind == "MissingParameter":
        what = "аргумент" if getattr(param, "param_type_name", "") == "argument" else "параметр"
        return f"не указан {what} {hint}; {helps}"
    if kind == "NoSuchOption":
        near = getattr(exc, "possibilities", None) or []
        maybe = f" (может быть, {', '.join(sorted(near))}?)" if near else ""
        return f"нет параметра {getattr(exc, 'option_name', '')}{maybe}; {helps}"
    message = str(getattr(exc, "message", exc))
    if kind == "BadParameter":
        said = next((ru for en, ru in VALUES.items() if en in message), message)
        return f"недопустимое значение {hint}: {said}; {helps}"
    if message.startswith("No such command"):
        return f"нет команды {message.removeprefix('No such command').strip(' .')}; {helps}"
    return f"{message}; {helps}"
