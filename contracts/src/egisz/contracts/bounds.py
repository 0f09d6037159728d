"""Bounded types for every field a command carries: each string has a length that fits its
meaning, identifiers are ASCII digits, numbers and dates have sensible ranges. A contracts test
fails for any string or list in a command without a bound (issue 12: hostile input)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, BeforeValidator, Field, WithJsonSchema

# Our own ids (uuid hex), file ids, upload ids, cursors.
Id = Annotated[str, Field(min_length=1, max_length=64)]
Cursor = Annotated[str, Field(max_length=128)]
# OID: digits separated by dots (1.2.643.5.1.13.13.12.2.77.7701).
Oid = Annotated[str, Field(min_length=3, max_length=64, pattern=r"^[0-9]+(\.[0-9]+)+$")]
# Identifiers are written with ASCII digits only: a full-width or Arabic-Indic "1" is not a
# digit here. Separators people write (SNILS 112-233-445 95, phone +7 (912) …) are allowed; the
# exact length and the check digits are the domain's to judge, with its own messages.
Snils = Annotated[str, Field(max_length=20, pattern=r"^[0-9 -]*$")]
Phone = Annotated[str, Field(max_length=20, pattern=r"^[0-9 ()+-]*$")]
Digits = Annotated[str, Field(max_length=20, pattern=r"^[0-9]*$")]  # INN, OGRN(IP), OKPO, postcode
Kpp = Annotated[str, Field(max_length=20, pattern=r"^[0-9A-Za-z]*$")]
Email = Annotated[str, Field(min_length=3, max_length=254)]
# A person's name part, a head's full name.
PersonName = Annotated[str, Field(max_length=100)]
FullName = Annotated[str, Field(max_length=300)]
# Codes and short kinds (language, document kind, profile codes).
Code = Annotated[str, Field(max_length=64)]
# Titles: a speciality, position, institution, issuer, model, document or protocol number.
Title = Annotated[str, Field(max_length=500)]
Number = Annotated[str, Field(max_length=100)]
AddressText = Annotated[str, Field(max_length=1000)]
# Free text people write: comments, reasons, notes, descriptions.
Text = Annotated[str, Field(max_length=4000)]
# A detached signature (base64 of 64 bytes, with room for other schemes) and a PEM public key.
Signature = Annotated[str, Field(max_length=1024)]
Pem = Annotated[str, Field(max_length=4096)]
Sha256 = Annotated[str, Field(min_length=64, max_length=64, pattern=r"^[0-9a-fA-F]{64}$")]
VerificationCode = Annotated[str, Field(max_length=32)]
# One part of a file upload: 512 KiB as base64, with room to spare.
FilePartData = Annotated[str, Field(max_length=700_000)]

# Counts and sizes.
Hours = Annotated[int, Field(ge=0, le=10_000)]
Count = Annotated[int, Field(ge=0, le=100_000)]
PartNumber = Annotated[int, Field(ge=0, le=10_000)]
Bytes = Annotated[int, Field(ge=0, le=2**31)]


def _short_number_text(value: object) -> object:
    if isinstance(value, str) and len(value) > 10:
        raise ValueError("Число записывается не больше чем 10 символами")
    return value


# Ставка: a number (or its text, from a CSV) of a few digits; the domain judges its range.
Rate = Annotated[
    Decimal,
    BeforeValidator(_short_number_text),
    Field(gt=0, le=2, max_digits=4, decimal_places=2),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "exclusiveMinimum": 0, "maximum": 2},
                {"type": "string", "maxLength": 10, "pattern": "^[0-9]+([.][0-9]{1,2})?$"},
            ]
        }
    ),
]

EARLIEST = date(1900, 1, 1)
LATEST = date(2100, 12, 31)


def _sensible(value: date) -> date:
    if not EARLIEST <= value <= LATEST:
        raise ValueError("Дата вне разумного диапазона: от 1900-01-01 до 2100-12-31")
    return value


# Every date a person enters: 1900 … 2100.
Date = Annotated[date, AfterValidator(_sensible)]


def _sensible_instant(value: datetime) -> datetime:
    # Checked on the date as given, before anything converts it: 0001-01-01T00:00+14:00 in UTC
    # is before the year 1 (an OverflowError, a 500, in issue 28).
    _sensible(value.date())
    return value


# An instant with its offset (a reader's `since`): 1900 … 2100.
Instant = Annotated[AwareDatetime, AfterValidator(_sensible_instant)]
