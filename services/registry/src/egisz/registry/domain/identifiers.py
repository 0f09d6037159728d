"""Russian identifiers and contact formats (docs/domain.md, "Identifier checks").

python-stdnum checks INN and 13-digit OGRN; 15-digit OGRNIP, KPP and OKPO are written here
(stdnum 2.2 rejects valid OGRNIPs whose remainder mod 13 is 10–12); SNILS, which accreditation
checks too, is `egisz.kernel.snils` (stdnum 2.2 has none); phone and e-mail are
`egisz.kernel.contacts`. Each
`*_problem` returns None for a valid value, else what is wrong, in Russian.
"""

from __future__ import annotations

import re

from stdnum.ru import inn as stdnum_inn, ogrn as stdnum_ogrn

from egisz.kernel.contacts import (
    email_problem as email_problem,
    normalize_email as normalize_email,
    normalize_phone as normalize_phone,
    phone_problem as phone_problem,
)
from egisz.kernel.snils import (
    ascii_digits as _ascii_digits,
    digits_only as digits_only,
    format_snils as format_snils,
    normalize_snils as normalize_snils,
    snils_check_number as snils_check_number,
    snils_problem as snils_problem,
)

_KPP = re.compile(r"^[0-9]{4}[0-9A-Z]{2}[0-9]{3}$")


# --- OGRN / OGRNIP --------------------------------------------------------------------------
def ogrnip_check_digit(first_fourteen: str) -> int:
    """15-digit OGRNIP: the first 14 digits mod 13, then mod 10 (a remainder of 10–12 gives 0–2)."""
    return int(first_fourteen) % 13 % 10


def ogrn_problem(raw: str) -> str | None:
    digits = digits_only(raw)
    if not _ascii_digits(digits) or len(digits) not in (13, 15):
        return "ОГРН — это 13 цифр (ОГРНИП — 15)"
    if (len(digits) == 13 and digits[0] == "0") or (len(digits) == 15 and digits[0] not in "34"):
        return "ОГРН не может начинаться с этой цифры: проверьте номер"
    if len(digits) == 13:
        ok = stdnum_ogrn.is_valid(digits)
    else:
        ok = ogrnip_check_digit(digits[:14]) == int(digits[14])
    return None if ok else "Неверная контрольная цифра ОГРН: сверьте номер со свидетельством"


# --- INN ------------------------------------------------------------------------------------
def inn_problem(raw: str, *, length: int) -> str | None:
    """`length` 10 for an organization, 12 for a person."""
    digits = digits_only(raw)
    if not _ascii_digits(digits) or len(digits) != length:
        return f"ИНН {'организации' if length == 10 else 'физического лица'} — это {length} цифр"
    if not stdnum_inn.is_valid(digits):
        return "Неверная контрольная цифра ИНН: сверьте номер со свидетельством"
    return None


# --- KPP, OKPO ------------------------------------------------------------------------------
def kpp_problem(raw: str) -> str | None:
    if not _KPP.match(raw.strip()):
        return (
            "КПП — 9 знаков: 4 цифры кода инспекции, 2 цифры или заглавные латинские буквы, 3 цифры"
        )
    return None


def okpo_check_digit(body: str) -> int:
    """Weights 1, 2, … mod 11; a remainder of 10 is taken again with weights 3, 4, …; 10 → 0."""
    for start in (1, 3):
        rest = sum(int(d) * ((start + i - 1) % 10 + 1) for i, d in enumerate(body)) % 11
        if rest < 10:
            return rest
    return 0


def okpo_problem(raw: str) -> str | None:
    digits = digits_only(raw)
    if not _ascii_digits(digits) or len(digits) not in (8, 10):
        return "ОКПО — это 8 цифр (10 — для индивидуального предпринимателя)"
    if okpo_check_digit(digits[:-1]) != int(digits[-1]):
        return "Неверная контрольная цифра ОКПО: сверьте код с уведомлением Росстата"
    return None


def postcode_problem(raw: str) -> str | None:
    return None if re.fullmatch(r"[0-9]{6}", raw.strip()) else "Почтовый индекс — 6 цифр"
