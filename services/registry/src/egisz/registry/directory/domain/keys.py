"""What a resource is found by: each search parameter's values, written as the queries ask for
them. Strings are found by the start of any word (FHIR's default string match), case- and
«ё»-insensitive; tokens by `system|code`, by the code alone, by `system|` and, for a code with no
system, by `|code`. Pure."""

from __future__ import annotations

from collections.abc import Iterable

from egisz.registry.domain.words import name_words

WORD_PREFIX_MAX = 24  # longer starts of a word are rare enough to check after the index


def word_starts(*texts: str | None) -> list[str]:
    """Every start of every word (`Анна` → а, ан, анн, анна), up to `WORD_PREFIX_MAX` letters:
    a string search is one indexed lookup of its longest word."""
    found: dict[str, None] = {}
    for text in texts:
        for word in name_words(text or ""):
            for end in range(1, min(len(word), WORD_PREFIX_MAX) + 1):
                found[word[:end]] = None
    return list(found)


def token(system: str | None, code: str) -> list[str]:
    """The keys of one coded value."""
    if system is None:
        return [code, f"|{code}"]
    return [f"{system}|{code}", code, f"{system}|"]


def tokens(pairs: Iterable[tuple[str | None, str]]) -> list[str]:
    return list(dict.fromkeys(k for system, code in pairs for k in token(system, code)))


def flag(value: bool) -> list[str]:
    return ["true" if value else "false"]
