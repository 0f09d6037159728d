"""Replies as people read them: a result as a tree of its fields (long base64 cut short), an
error as its code, message and each field with its fix. `--json` prints the envelope instead."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

LONG = 120


def _scalar(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "да" if value else "нет"
    text = str(value)
    return text if len(text) <= LONG else f"{text[:LONG]}… ({len(text)} символов)"


def _grow(tree: Tree, value: Any) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, dict | list) and item:
                _grow(tree.add(Text(str(key), style="bold")), item)
            else:
                tree.add(Text.assemble((f"{key}: ", "bold"), _scalar(item)))
    elif isinstance(value, list):
        for n, item in enumerate(value):
            if isinstance(item, dict | list):
                _grow(tree.add(Text(f"[{n}]", style="dim")), item)
            else:
                tree.add(_scalar(item))


def render_reply(subject: str, reply: dict[str, Any]) -> RenderableType:
    if reply.get("ok"):
        tree = Tree(Text.assemble(("✔ ", "green"), subject))
        _grow(tree, reply.get("result") or {})
        return tree
    error = reply.get("error") or {}
    head = Text.assemble(
        ("✘ ", "red"),
        (str(error.get("code", "error")), "bold red"),
        f": {error.get('message', '')}",
    )
    fields = error.get("fields") or []
    if not fields:
        return head
    table = Table("поле", "код", "что исправить", "кто исправляет")
    for f in fields:
        table.add_row(
            f.get("field", ""), f.get("code", ""), f.get("message", ""), f.get("fixable_by") or ""
        )
    return Group(head, table)
