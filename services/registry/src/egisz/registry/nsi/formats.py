"""ФНСИ's published formats, read into a version of a reference book. Pure.

What was verified against public clients of nsi.rosminzdrav.ru (see docs/reference-books.md):
- the REST `data` answer: `{"result": "OK", "total": N, "list": [[{"column": "ID", "value":
  "1"}, ...], ...]}`, one row a list of column/value pairs, paged by `page`/`size`;
- the REST `passport` answer: `{"oid", "version", "fullName", "shortName", "publishDate" or
  "approveDate", "rowsCount", "fields": [...]}`.
Also read: a JSON array of rows as objects (`{"ID": "1", "NAME": …}`), one object holding
`passport` and `list` (the starter set's shape), and a ZIP archive of such JSON files — the
passport in one, data pages in the others. The archive's inner layout is ours to accept
broadly: ФНСИ's own archives could not be checked byte for byte.

Columns differ by dictionary; the usual names are recognised (case aside), and every other
column is kept as an attribute."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from egisz.registry.nsi.domain.dictionary import Entry
from egisz.registry.nsi.domain.errors import DictionaryFileError

CODE = ("ID", "CODE", "S_CODE", "RECID", "KOD")
NAME = ("NAME", "S_NAME", "FULL_NAME", "NAME_FULL", "FULLNAME", "SNAME", "TITLE", "ROLE_NAME")
PARENT = ("PARENT", "PARENT_ID", "PID", "ID_PARENT", "PARENTID")
VALID_FROM = ("DATEBEG", "DATE_BEGIN", "BEGIN_DATE", "DATE_START", "START_DATE", "DATEBEGIN")
VALID_TO = ("DATEEND", "DATE_END", "END_DATE", "DATE_STOP", "DATEOUT", "STOP_DATE")
ACTUAL = ("ACTUAL", "IS_ACTUAL", "ACTUAL_BIT", "ISACTUAL")
NOT_ACTUAL = {"0", "false", "нет", "no", "n"}
MAX_MEMBERS, MAX_UNPACKED = 2000, 256 * 2**20  # an archive is a few pages, never a bomb


@dataclass(frozen=True)
class Passport:
    oid: str | None = None
    number: str | None = None
    published_on: date | None = None
    name: str | None = None


@dataclass
class ParsedVersion:
    passport: Passport = field(default_factory=Passport)
    entries: list[Entry] = field(default_factory=list)


def read_file(content: bytes) -> ParsedVersion:
    """A version from a ФНСИ JSON answer or archive; what the file does not say (OID, number,
    date) the loader asks for."""
    documents = list(_documents(content))
    passport = next((p for p in map(_passport, documents) if p is not None), Passport())
    rows = [row for document in documents for row in _rows(document)]
    if not rows:
        raise DictionaryFileError("В файле нет записей справочника: ни «list», ни массива строк")
    entries = [_entry(row, i, passport.published_on) for i, row in rows]
    codes = {e.code for e in entries}
    # Some dictionaries mark a root with parent «0» where no entry has that code.
    entries = [
        replace(e, parent=None) if e.parent == "0" and "0" not in codes else e for e in entries
    ]
    return ParsedVersion(passport, entries)


def _documents(content: bytes) -> Iterator[Any]:
    if content[:4] == b"PK\x03\x04":
        yield from _archive(content)
        return
    yield _json(content, "файл")


def _archive(content: bytes) -> Iterator[Any]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile:
        raise DictionaryFileError("Архив не читается: нужен ZIP из ФНСИ") from None
    members = [m for m in archive.infolist() if m.filename.lower().endswith(".json")]
    if not members or len(members) > MAX_MEMBERS:
        raise DictionaryFileError(f"В архиве должно быть от 1 до {MAX_MEMBERS} файлов JSON")
    if sum(m.file_size for m in members) > MAX_UNPACKED:
        raise DictionaryFileError("Архив распаковывается больше чем в 256 МБ: это не справочник")
    for member in sorted(members, key=lambda m: m.filename):
        yield _json(archive.read(member), member.filename)


def _json(content: bytes, where: str) -> Any:
    try:
        return json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise DictionaryFileError(f"{where}: не JSON в UTF-8") from None


def _passport(document: Any) -> Passport | None:
    if not isinstance(document, dict):
        return None
    p = document.get("passport", document)
    if not isinstance(p, dict) or not ({"oid", "identifier"} & p.keys()) or "version" not in p:
        return None
    published = next((p[k] for k in ("publishDate", "approveDate", "lastUpdate") if p.get(k)), "")
    return Passport(
        oid=str(p.get("oid") or p.get("identifier")),
        number=str(p["version"]),
        published_on=parse_date(str(published)) if published else None,
        name=str(p.get("fullName") or p.get("shortName") or p.get("name") or "") or None,
    )


def _rows(document: Any) -> Iterator[tuple[int, dict[str, str]]]:
    found = document
    if isinstance(document, dict):
        found = next((document[k] for k in ("list", "data", "records") if k in document), [])
    if not isinstance(found, list):
        raise DictionaryFileError("Записи справочника — массив («list»)")
    for i, row in enumerate(found):
        yield i, _columns(row, i)


def _columns(row: Any, i: int) -> dict[str, str]:
    """One row as column → value, from ФНСИ's pairs or a plain object; names upper-cased."""
    if isinstance(row, list):
        pairs = [(c.get("column"), c.get("value")) for c in row if isinstance(c, dict)]
    elif isinstance(row, dict):
        pairs = list(row.items())
    else:
        raise DictionaryFileError(f"Запись {i}: ожидается объект или список столбцов")
    return {str(k).upper(): "" if v is None else str(v).strip() for k, v in pairs if k}


def _first(row: Mapping[str, str], names: tuple[str, ...]) -> tuple[str | None, str | None]:
    for name in names:
        if row.get(name):
            return name, row[name]
    return None, None


def _entry(row: dict[str, str], i: int, published_on: date | None) -> Entry:
    used = []
    values = []
    for names in (CODE, NAME, PARENT, VALID_FROM, VALID_TO, ACTUAL):
        column, value = _first(row, names)
        used.append(column)
        values.append(value)
    code, name, parent, begins, ends, actual = values
    if code is None or name is None:
        raise DictionaryFileError(
            f"Запись {i}: нет кода или наименования (столбцы {', '.join(CODE[:2])}, "
            f"{', '.join(NAME[:2])})"
        )
    valid_to = parse_date(ends) if ends else None
    if valid_to is None and actual is not None and actual.lower() in NOT_ACTUAL and published_on:
        valid_to = published_on - timedelta(days=1)  # not actual: retired by this version
    attributes = tuple(sorted((k, v) for k, v in row.items() if k not in used and v))
    return Entry(
        code=code,
        name=name,
        parent=parent if parent and parent != code else None,
        valid_from=parse_date(begins) if begins else None,
        valid_to=valid_to,
        attributes=attributes,
    )


def parse_date(text: str) -> date:
    """ФНСИ writes `31.12.2024`, `2024-12-31` or `2024-12-31T00:00:00`."""
    text = text.strip()
    for fmt in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text[:10], fmt).date()
        except ValueError:
            continue
    raise DictionaryFileError(f"Дата «{text[:40]}» не прочитана: нужна ДД.ММ.ГГГГ или ГГГГ-ММ-ДД")


def check_upload(content: bytes) -> str:
    """An uploaded file worth keeping: JSON or a ZIP by its content, never by its name."""
    if content[:4] == b"PK\x03\x04":
        return "application/zip"
    if content.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"["):
        return "application/json"
    raise DictionaryFileError("Файл справочника — JSON или ZIP из ФНСИ", field="data")
