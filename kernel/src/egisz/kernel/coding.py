"""Two mentions of a thing a reference book codes (a speciality, a position) are the same one by
the book's code where both have one — a renamed entry is still itself, and two entries may share a
name — else by name, case, «ё» and spacing aside. One rule for every service that compares them."""

from __future__ import annotations


def folded(name: str | None) -> str:
    """A name as compared: words single-spaced, case and «ё» folded."""
    return " ".join((name or "").split()).casefold().replace("ё", "е")


def same_coded(
    code: str | None, name: str | None, other_code: str | None, other: str | None
) -> bool:
    if code and other_code:
        return code == other_code
    return bool(folded(name)) and folded(name) == folded(other)
