"""СНИЛС, the insurance number a person is known by in every register: checked, normalized and
written the same way wherever it is entered (FRMR, a paper application). Pure."""

from __future__ import annotations

import re

_SEPARATORS = re.compile(r"[\s()-]")


def ascii_digits(text: str) -> bool:
    """0–9 only: `str.isdigit` also takes full-width and Arabic-Indic digits, which would let
    one SNILS be written two ways (two records for one person)."""
    return text.isascii() and text.isdigit()


def digits_only(raw: str) -> str:
    return _SEPARATORS.sub("", raw)


def snils_check_number(first_nine: str) -> int:
    """Weights 9..1 over the first nine digits; < 100 is the check number, 100/101 give 0,
    above that the sum mod 101 (where 100 again gives 0)."""
    total = sum(int(d) * w for d, w in zip(first_nine, range(9, 0, -1), strict=True))
    if total < 100:
        return total
    if total in (100, 101):
        return 0
    rest = total % 101
    return 0 if rest == 100 else rest


def normalize_snils(raw: str) -> str:
    return digits_only(raw)


def snils_problem(raw: str) -> str | None:
    """None for a valid SNILS, else what is wrong, in Russian."""
    digits = normalize_snils(raw)
    if not ascii_digits(digits) or len(digits) != 11:
        return "СНИЛС — это 11 цифр, например 112-233-445 95"
    if snils_check_number(digits[:9]) != int(digits[9:]):
        return "Неверная контрольная сумма СНИЛС: проверьте цифры"
    return None


def format_snils(digits: str) -> str:
    """`11223344595` as people write it, `112-233-445 95`; anything else as it is."""
    if len(digits) != 11:
        return digits
    return f"{digits[:3]}-{digits[3:6]}-{digits[6:9]} {digits[9:]}"
