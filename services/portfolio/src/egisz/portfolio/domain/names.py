"""How names are matched: a head's name against FRMO's, a surname on a document against FRMR's."""

from __future__ import annotations


def person_key(full_name: str) -> str:
    """Case-, ё- and space-insensitive."""
    return " ".join(full_name.split()).casefold().replace("ё", "е")
