"""Bounded types for every field a command carries: each string has a length that fits its
meaning, identifiers are ASCII digits, numbers and dates have sensible ranges. A contracts test
fails for any string or list in a command without a bound (issue 12: hostile input)."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BeforeValidator,
    Field,
    JsonValue,
    Strict,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

# Our own ids (uuid hex), file ids, upload ids, cursors.
Id = Annotated[str, Field(min_length=1, max_length=64)]
Cursor = Annotated[str, Field(max_length=128)]
# OID: digits separated by dots (1.2.643.5.1.13.13.12.2.77.7701).
OID = r"^[0-9]+(\.[0-9]+)+$"
Oid = Annotated[str, Field(min_length=3, max_length=64, pattern=OID)]
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
# A detached CMS signature in base64: its certificate and chain travel inside it.
CmsSignature = Annotated[str, Field(max_length=16_384, pattern=r"^[A-Za-z0-9+/=\s]*$")]
Sha256 = Annotated[str, Field(min_length=64, max_length=64, pattern=r"^[0-9a-fA-F]{64}$")]
VerificationCode = Annotated[str, Field(max_length=32)]
# One part of a file upload: 512 KiB as base64, with room to spare.
FilePartData = Annotated[str, Field(max_length=700_000)]


# Counts and sizes.
def _a_number(value: object) -> object:
    # pydantic's lax mode reads `true` as 1 and "7" as 7; JSON's 7.0 is an integer still
    if isinstance(value, bool | str):
        raise PydanticCustomError("int_type", "Ожидается целое число")
    return value


# An integer as JSON writes it: 7 or 7.0, never `true` or "7".
Int = Annotated[int, BeforeValidator(_a_number)]
# (bounds before the validator: after it, pydantic writes `ge`/`le` into the schema verbatim)
Hours = Annotated[int, Field(ge=0, le=10_000), BeforeValidator(_a_number)]
Count = Annotated[int, Field(ge=0, le=100_000), BeforeValidator(_a_number)]
PartNumber = Annotated[int, Field(ge=0, le=10_000), BeforeValidator(_a_number)]
VersionNumber = Annotated[int, Field(ge=1, le=10**9), BeforeValidator(_a_number)]
Position = Annotated[int, Field(ge=1, le=2**53), BeforeValidator(_a_number)]  # in a journal
Bytes = Annotated[int, Field(ge=0, le=2**31), BeforeValidator(_a_number)]


# true or false only: 0, 1, "yes" are not a flag (pydantic's lax mode would take them).
Flag = Annotated[bool, Strict()]

# Ставка written as text (a CSV cell): 0.01 … 2 with at most two decimals.
RATE_TEXT = r"^(0[.](0[1-9]|[1-9][0-9]?)|1([.][0-9]{1,2})?|2([.]00?)?)$"


def _rate(value: object) -> object:
    if isinstance(value, str) and not re.fullmatch(RATE_TEXT, value):
        raise ValueError("Ставка — число от 0,01 до 2 с точкой и не больше чем двумя знаками: 0.5")
    if isinstance(value, float) and abs(value * 100 - round(value * 100)) < 1e-6:
        # 0.35 read from JSON is 0.35000000000000003: a multiple of 0.01 within a float's noise
        return round(value, 2)
    return value


# Ставка: a number (or its text, from a CSV) of 0.01 … 2.
Rate = Annotated[
    Decimal,
    BeforeValidator(_rate),
    Field(gt=0, le=2, max_digits=4, decimal_places=2),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "minimum": 0.01, "maximum": 2, "multipleOf": 0.01},
                {"type": "string", "maxLength": 4, "pattern": RATE_TEXT},
            ]
        }
    ),
]

# FTE of a post in a staffing table (штатные единицы): 0 … 1000 in quarters; 0 abolishes the post.
FTE_TEXT = r"^([0-9]{1,3}([.](0|00|25|5|50|75))?|1000([.]00?)?)$"


def _fte(value: object) -> object:
    if isinstance(value, str) and not re.fullmatch(FTE_TEXT, value):
        raise ValueError("Штатные единицы — число от 0 до 1000 с шагом 0,25: 2.5")
    return value


Fte = Annotated[
    Decimal,
    BeforeValidator(_fte),
    Field(ge=0, le=1000, max_digits=6, decimal_places=2, multiple_of=Decimal("0.25")),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "minimum": 0, "maximum": 1000, "multipleOf": 0.25},
                {"type": "string", "maxLength": 7, "pattern": FTE_TEXT},
            ]
        }
    ),
]

EARLIEST = date(1900, 1, 1)
LATEST = date(2100, 12, 31)


# A calendar date of 1900 … 2100 as text, exactly (29 February in leap years only), so that
# the OpenAPI document states the range the server holds to.
_DAY = r"(0[1-9]|1[0-9]|2[0-8])"
_YEAR = r"(19[0-9]{2}|20[0-9]{2}|2100)"
_LEAP = r"(19|20)(0[48]|[2468][048]|[13579][26])|2000"
DATE_FORM = (
    rf"({_YEAR}-(0[1-9]|1[0-2])-{_DAY}"
    rf"|{_YEAR}-(0[13-9]|1[0-2])-(29|30)"
    rf"|{_YEAR}-(0[13578]|1[02])-31"
    rf"|({_LEAP})-02-29)"
)
DATE_TEXT = rf"^{DATE_FORM}$"
# The time of day and offset an instant may add: T10:30, T10:30:15.250Z, T10:30+03:00.
TIME_FORM = (
    r"(T([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9]([.][0-9]{1,6})?)?"
    r"(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])?)?"
)


def _text_or_date(value: object) -> object:
    # pydantic's lax mode reads 0 as 1970-01-01: a date is written as text
    if isinstance(value, int | float):
        raise ValueError("Укажите дату в формате ГГГГ-ММ-ДД")
    return value


def _sensible(value: date) -> date:
    if not EARLIEST <= value <= LATEST:
        raise ValueError("Дата вне разумного диапазона: от 1900-01-01 до 2100-12-31")
    return value


# Every date a person enters: 1900 … 2100.
Date = Annotated[
    date,
    BeforeValidator(_text_or_date),
    AfterValidator(_sensible),
    WithJsonSchema({"type": "string", "format": "date", "pattern": DATE_TEXT}),
]


def _sensible_instant(value: datetime) -> datetime:
    # Checked on the date as given, before anything converts it: 0001-01-01T00:00+14:00 in UTC
    # is before the year 1 (an OverflowError, a 500, in issue 28).
    _sensible(value.date())
    return value


# An instant with its offset (a reader's `since`): 1900 … 2100.
Instant = Annotated[AwareDatetime, AfterValidator(_sensible_instant)]

# Schema fragments for rules across fields that the use cases hold to («one of these»).
NON_EMPTY: dict[str, JsonValue] = {"type": "string", "minLength": 1, "maxLength": 4000}
WORD = r"[^\W_]"  # a letter or digit of any alphabet: something to search by

# A text the domain requires: not blank. The domain refuses a blank one with its own message
# (an import collects them row by row); this states the rule in the schema only.
Filled = Field(json_schema_extra={"pattern": r"\S"})
