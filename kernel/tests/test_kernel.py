"""The kernel on its own: no server, no driver — each piece answers from its input alone."""

from __future__ import annotations

import io

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PIL import Image

from egisz.kernel.content import check_image_decodes
from egisz.kernel.errors import FieldProblem, InvalidInputError, NotFoundError
from egisz.kernel.signatures import Signer, public_key_pem, verify
from egisz.kernel.snils import format_snils, snils_problem


def test_an_error_said_of_one_field_carries_its_own_message() -> None:
    class ShelfNotFoundError(NotFoundError):
        code = "shelf_not_found"
        default_message = "Нет такой полки"

    error = ShelfNotFoundError.at("shelf_id", "not_found")
    assert error.fields == [FieldProblem("shelf_id", "Нет такой полки", "not_found")]
    assert (error.code, error.message) == ("shelf_not_found", "Нет такой полки")


@pytest.mark.parametrize(
    ("snils", "problem"),
    [
        ("112-233-445 95", None),
        ("11223344595", None),
        ("11223344596", "Неверная контрольная сумма СНИЛС: проверьте цифры"),
        ("1122334459", "СНИЛС — это 11 цифр, например 112-233-445 95"),
        ("١١٢٢٣٣٤٤٥٩٥", "СНИЛС — это 11 цифр, например 112-233-445 95"),  # Arabic-Indic digits
    ],
)
def test_a_snils_is_eleven_ascii_digits_with_its_check_number(
    snils: str, problem: str | None
) -> None:
    assert snils_problem(snils) == problem


def test_a_snils_is_written_as_people_write_it() -> None:
    assert format_snils("11223344595") == "112-233-445 95"


def test_a_signature_verifies_over_the_signed_bytes_only() -> None:
    pem = (
        Ed25519PrivateKey.generate()
        .private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        .decode()
    )
    signer = Signer(pem)
    signature = signer.sign(b"report v3")
    assert verify(signer.public_key, b"report v3", signature)
    assert not verify(signer.public_key, b"report v4", signature)
    assert public_key_pem(signer.public_key) == signer.public_key_pem  # what a verifier is given


def test_an_image_is_judged_by_decoding_it_not_by_its_first_bytes() -> None:
    png = io.BytesIO()
    Image.new("RGB", (2, 2)).save(png, "PNG")
    check_image_decodes(png.getvalue(), "image/png")
    with pytest.raises(InvalidInputError):
        check_image_decodes(b"\x89PNG\r\n\x1a\n<script>alert(1)</script>", "image/png")


def test_who_can_fix_it_is_said_alike_on_the_wire_and_in_the_kernel() -> None:
    # The wire keeps its own copy: the contracts wheel other teams install needs pydantic only.
    from typing import get_args

    from egisz.contracts.envelope import FixableBy as OnTheWire
    from egisz.kernel.errors import FixableBy

    assert get_args(OnTheWire) == get_args(FixableBy)


def test_two_mentions_are_the_same_entry_by_code_where_both_have_one_else_by_name() -> None:
    from egisz.kernel.coding import same_coded

    assert same_coded("76", "Терапия", "76", "терапия (прежнее наименование)")
    assert not same_coded("76", "Терапия", "27", "Терапия"), "two entries may share a name"
    assert same_coded(None, " Лечебное  дело ", "27", "лечебное дело")
    assert same_coded("1", "Ёжиков", None, "ежиков")
    assert not same_coded(None, "", None, ""), "nothing named is nothing matched"
