"""Notification texts: one Jinja2 file per kind and language, first line the title.

A missing template or variable is an error at render time (StrictUndefined), and a test renders
every kind, so it fails a test rather than a user.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from egisz.notify.domain.model import NotificationKind

TEMPLATES = Path(__file__).with_name("templates")


@dataclass(frozen=True)
class RenderedText:
    title: str
    body: str


class Templates:
    def __init__(self, language: str = "ru", root: Path = TEMPLATES) -> None:
        self._env = Environment(
            loader=FileSystemLoader(root / language),
            undefined=StrictUndefined,
            autoescape=False,
            keep_trailing_newline=False,
        )

    def render(self, kind: NotificationKind, **values: Any) -> RenderedText:
        text = self._env.get_template(f"{kind.value}.txt").render(**values).strip()
        title, _, body = text.partition("\n")
        return RenderedText(title.strip(), body.strip())
