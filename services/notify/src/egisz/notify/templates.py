"""Notification texts: one Jinja2 file per kind and language (`templates/<language>/<kind>.txt`),
the first line the title (also the e-mail subject and the SMS), the rest the body.

A missing template or variable is an error at render time (StrictUndefined), and the tests render
every kind in every language with exactly the variables `VARIABLES` promises, so it fails a test
rather than a user.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from egisz.notify.domain.model import LANGUAGES, NotificationKind

TEMPLATES = Path(__file__).with_name("templates")


@dataclass(frozen=True)
class RenderedText:
    title: str
    body: str


class Templates:
    def __init__(self, default_language: str = "ru", root: Path = TEMPLATES) -> None:
        self.default_language = default_language
        self.environments = {
            language: Environment(
                loader=FileSystemLoader(root / language),
                undefined=StrictUndefined,
                autoescape=False,
                keep_trailing_newline=False,
            )
            for language in LANGUAGES
        }

    def render(
        self, kind: NotificationKind, language: str | None = None, **values: Any
    ) -> RenderedText:
        env = self.environments.get(language or self.default_language)
        env = env or self.environments[self.default_language]
        text = env.get_template(f"{kind.value}.txt").render(**values).strip()
        title, _, body = text.partition("\n")
        return RenderedText(title.strip(), body.strip())
