"""SNILS: the check number of DOMAIN.md, tested as properties."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from egisz.registry.domain.identifiers import (
    format_snils,
    normalize_snils,
    snils_check_number,
    snils_problem,
)

nine_digits = st.text(alphabet="0123456789", min_size=9, max_size=9)


def reference_check(first_nine: str) -> int:
    """The rule as DOMAIN.md words it, written independently of the implementation."""
    total = sum(int(first_nine[i]) * (9 - i) for i in range(9))
    while total > 101:
        total %= 101
    return 0 if total in (100, 101) else total


@given(nine_digits)
def test_the_check_number_follows_the_published_rule(first_nine: str) -> None:
    assert snils_check_number(first_nine) == reference_check(first_nine)


@given(nine_digits)
def test_a_number_with_its_check_digits_is_valid_in_every_spelling(first_nine: str) -> None:
    digits = f"{first_nine}{snils_check_number(first_nine):02d}"
    assert snils_problem(digits) is None
    assert snils_problem(format_snils(digits)) is None
    assert normalize_snils(format_snils(digits)) == digits


@given(nine_digits, st.integers(min_value=0, max_value=99))
def test_any_other_check_digits_are_refused(first_nine: str, check: int) -> None:
    if check != snils_check_number(first_nine):
        assert "контрольная сумма" in (snils_problem(f"{first_nine}{check:02d}") or "")


def test_known_numbers() -> None:
    assert snils_problem("112-233-445 95") is None
    assert snils_problem("112-233-445 96") is not None
    assert snils_problem("1122334459") == "СНИЛС — это 11 цифр, например 112-233-445 95"
    assert snils_problem("abc") is not None
