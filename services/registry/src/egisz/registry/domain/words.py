"""How names are searched, whatever they name (organizations, reference-book entries). Pure."""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W_]+")


def name_words(name: str) -> list[str]:
    """Its words, case- and ё-insensitive, without quotes or signs («ГБУЗ "ГКБ № 1"» → гбуз,
    гкб, 1), each once, in order."""
    return list(dict.fromkeys(_WORD.findall(name.casefold().replace("ё", "е"))))
