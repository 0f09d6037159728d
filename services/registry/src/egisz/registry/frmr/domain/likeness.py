"""When a new record is likely a person FRMR already has: the same birth date, and names that
differ only as typing makes them differ — case and «ё», one letter wrong, missing, extra or two
swapped, a gendered ending (Семёнов / Семёнова: seed 002's «Иванов» вместо «Иванова»), Latin
letters for Cyrillic ones (compared through the passport's transliteration, ICAO Doc 9303), a
patronymic left out. Each likeness says why, for the officer who reviews it. Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass

from iuliia import ICAO_DOC_9303
from rapidfuzz.distance import OSA

from egisz.registry.domain.people import FullName

_CYRILLIC = re.compile(r"[а-яё]")
_NOT_A_LETTER = re.compile(r"[^a-z]")
_NOT_A_CYRILLIC_LETTER = re.compile(r"[^а-я]")
# Latin spellings people type, read as the passport's transliteration writes them.
_LATIN = (("shch", "shch"), ("yu", "iu"), ("ya", "ia"), ("yo", "e"), ("ye", "e"), ("j", "i"),
          ("y", "i"), ("x", "ks"), ("w", "v"), ("ts", "ts"))  # fmt: skip
# Masculine and feminine forms of a surname end alike once these are cut (Семёнова → Семёнов),
# in either script.
_ENDINGS = (("ская", "ск"), ("ский", "ск"), ("ской", "ск"), ("ова", "ов"), ("ева", "ев"),
            ("ина", "ин"), ("ая", "ий"), ("skaia", "sk"), ("skii", "sk"), ("skoi", "sk"),
            ("ova", "ov"), ("eva", "ev"), ("ina", "in"), ("aia", "ii"))  # fmt: skip
SHORT = 4  # names all shorter than this must agree letter for letter


def skeleton(word: str) -> str:
    """A name in Latin letters as one spelling: case and «ё» folded, Cyrillic transliterated as
    in a passport, Latin read the same way, anything but letters dropped."""
    folded = word.casefold().replace("ё", "е")
    latin = ICAO_DOC_9303.translate(folded) if _CYRILLIC.search(folded) else folded
    latin = latin.casefold()
    for typed, written in _LATIN:
        latin = latin.replace(typed, written)
    return _NOT_A_LETTER.sub("", latin)


def _forms(a: str, b: str) -> tuple[str, str]:
    """Two names as they compare: in Cyrillic when both are (a letter is a letter: «щ» is one,
    not four), else both transliterated."""
    if _cyrillic(a) and _cyrillic(b):
        return _cyrillic_form(a), _cyrillic_form(b)
    return skeleton(a), skeleton(b)


def _cyrillic_form(word: str) -> str:
    return _NOT_A_CYRILLIC_LETTER.sub("", word.casefold().replace("ё", "е"))


def _cyrillic(word: str) -> bool:
    return bool(_CYRILLIC.search(word.casefold()))


def _stem(surname: str) -> str:
    for ending, stem in _ENDINGS:
        if surname.endswith(ending) and len(surname) > len(ending) + 1:
            return surname[: -len(ending)] + stem
    return surname


def _near(a: str, b: str) -> bool:
    if max(len(a), len(b)) < SHORT:
        return a == b
    return OSA.distance(a, b, score_cutoff=1) <= 1


@dataclass(frozen=True)
class Likeness:
    """Why two names with one birth date are likely one person (each difference, in Russian)."""

    differences: tuple[str, ...]

    @property
    def reason(self) -> str:
        if not self.differences:
            return "Совпадают ФИО и дата рождения"
        return "Совпадает дата рождения; " + "; ".join(self.differences)


def likeness(new: FullName, known: FullName) -> Likeness | None:
    """How `new` is like `known` (two people born on one day), or None: another person."""
    said: list[str] = []
    last_a, last_b = _forms(new.last, known.last)
    if last_a != last_b:
        if _stem(last_a) == _stem(last_b):
            said.append(f"фамилия отличается окончанием ({new.last} / {known.last})")
        elif _near(last_a, last_b) or _near(_stem(last_a), _stem(last_b)):
            said.append(f"фамилия — на одну букву ({new.last} / {known.last})")
        else:
            return None
    first_a, first_b = _forms(new.first, known.first)
    if first_a != first_b:
        if not _near(first_a, first_b):
            return None
        said.append(f"имя — на одну букву ({new.first} / {known.first})")
    if new.middle and known.middle:
        middle_a, middle_b = _forms(new.middle, known.middle)
        if middle_a != middle_b:
            if not _near(middle_a, middle_b):
                return None
            said.append(f"отчество — на одну букву ({new.middle} / {known.middle})")
    elif new.middle or known.middle:
        said.append("отчество указано только в одной записи")
    if _cyrillic(new.last) != _cyrillic(known.last):
        said.append("одна запись латиницей")
    return Likeness(tuple(said))


def likely_same(name: FullName, known: list[tuple[str, FullName]]) -> list[tuple[str, Likeness]]:
    """The records among `known` (id and name, born on the same day) likely of this person."""
    return [(id, found) for id, other in known if (found := likeness(name, other)) is not None]
