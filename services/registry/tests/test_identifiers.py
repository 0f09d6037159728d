"""Identifier checks as properties: SNILS, OGRN/OGRNIP, INN, KPP, OKPO; contact formats."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from egisz.registry.domain.identifiers import (
    email_problem,
    format_snils,
    inn_problem,
    kpp_problem,
    normalize_phone,
    normalize_snils,
    ogrn_problem,
    okpo_check_digit,
    okpo_problem,
    phone_problem,
    snils_check_number,
    snils_problem,
)

nine_digits = st.text(alphabet="0123456789", min_size=9, max_size=9)


def reference_check(first_nine: str) -> int:
    """The rule as docs/domain.md words it, written independently of the implementation."""
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


# --- OGRN, OGRNIP, INN, KPP, OKPO, contacts --------------------------------------------------
digits_ = "0123456789"
twelve = st.builds(
    str.__add__, st.sampled_from("123456789"), st.text(digits_, min_size=11, max_size=11)
)
fourteen = st.builds(str.__add__, st.sampled_from("34"), st.text(digits_, min_size=13, max_size=13))


@given(twelve)
def test_a_13_digit_ogrn_is_valid_exactly_with_its_check_digit(first: str) -> None:
    check = int(first) % 11 % 10
    assert ogrn_problem(f"{first}{check}") is None
    assert "контрольная" in (ogrn_problem(f"{first}{(check + 1) % 10}") or "")


@given(fourteen)
def test_a_15_digit_ogrnip_is_valid_with_its_check_digit_even_when_mod_13_is_10_to_12(
    first: str,
) -> None:
    check = int(first) % 13 % 10  # a remainder of 10, 11, 12 gives 0, 1, 2
    assert ogrn_problem(f"{first}{check}") is None
    assert ogrn_problem(f"{first}{(check + 1) % 10}") is not None


def test_known_ogrn_and_ogrnip() -> None:
    assert ogrn_problem("1027700132195") is None  # Sberbank
    assert ogrn_problem("1027700132196") is not None
    assert ogrn_problem("304500116000157") is None
    assert ogrn_problem("12345") == "ОГРН — это 13 цифр (ОГРНИП — 15)"


def inn10_check(first: str) -> int:
    weights = (2, 4, 10, 3, 5, 9, 4, 6, 8)
    return sum(int(d) * w for d, w in zip(first, weights, strict=True)) % 11 % 10


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_a_10_digit_inn_is_valid_exactly_with_its_check_digit(first: str) -> None:
    check = inn10_check(first)
    assert inn_problem(f"{first}{check}", length=10) is None
    assert inn_problem(f"{first}{(check + 1) % 10}", length=10) is not None


def test_known_inns_and_their_lengths() -> None:
    assert inn_problem("7707083893", length=10) is None  # Sberbank
    assert inn_problem("500100732259", length=12) is None
    assert inn_problem("500100732258", length=12) is not None
    assert inn_problem("7707083893", length=12) == "ИНН физического лица — это 12 цифр"


@given(
    st.text(alphabet="0123456789", min_size=4, max_size=4),
    st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=2, max_size=2),
    st.text(alphabet="0123456789", min_size=3, max_size=3),
)
def test_a_kpp_is_four_digits_two_digits_or_latin_capitals_three_digits(
    office: str, reason: str, number: str
) -> None:
    assert kpp_problem(f"{office}{reason}{number}") is None
    lower = reason.lower()
    assert (kpp_problem(f"{office}{lower}{number}") is None) is (lower == reason)
    assert kpp_problem(f"{office}{reason}{number}0") is not None
    assert kpp_problem(f"{office[:3]}Ж{reason}{number}") is not None


def okpo_reference(body: str) -> int:
    """As published: weights 1..10 cycling; a remainder of 10 again with weights from 3."""

    def weighted(shift: int) -> int:
        return sum(int(d) * ((i + shift) % 10 + 1) for i, d in enumerate(body)) % 11

    first = weighted(0)
    if first < 10:
        return first
    second = weighted(2)
    return second if second < 10 else 0


@given(
    st.sampled_from([7, 9]).flatmap(
        lambda n: st.text(alphabet="0123456789", min_size=n, max_size=n)
    )
)
def test_okpo_check_digit_follows_the_published_rule(body: str) -> None:
    assert okpo_check_digit(body) == okpo_reference(body)
    assert okpo_problem(f"{body}{okpo_reference(body)}") is None


def test_known_okpo() -> None:
    assert okpo_problem("00032537") is None  # Sberbank
    assert okpo_problem("00032538") is not None
    assert okpo_problem("123") == "ОКПО — это 8 цифр (10 — для индивидуального предпринимателя)"


@pytest.mark.parametrize(
    ("raw", "ok"),
    [
        ("4951234567", True),
        ("+7 (495) 123-45-67", True),
        ("8 495 123 45 67", True),
        ("495123456", False),
        ("495-123-45-6x", False),
    ],
)
def test_phones_are_ten_digits_in_any_common_spelling(raw: str, ok: bool) -> None:
    assert (phone_problem(raw) is None) is ok
    if ok:
        assert normalize_phone(raw) == "4951234567"


@pytest.mark.parametrize(("raw", "ok"), [("a@b.ru", True), ("ab.ru", False), ("a@", False)])
def test_email_shape(raw: str, ok: bool) -> None:
    assert (email_problem(raw) is None) is ok


@pytest.mark.parametrize("lookalike", ["１１２２３３４４５９５", "١١٢٢٣٣٤٤٥٩٥"])
def test_a_snils_in_other_scripts_digits_is_not_a_snils(lookalike: str) -> None:
    from egisz.registry.domain.identifiers import snils_problem

    assert snils_problem(lookalike) is not None
