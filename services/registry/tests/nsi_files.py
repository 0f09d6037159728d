"""ФНСИ's files as the tests write them: the REST `passport` and `data` answers, and a ZIP of
them (see `egisz.registry.nsi.formats` for what was verified of each)."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

POSITIONS = "1.2.643.5.1.13.13.11.1002"


def passport(
    oid: str = POSITIONS, version: str = "9.1", published: str = "01.02.2025"
) -> dict[str, Any]:
    return {
        "result": "OK",
        "resultCode": 0,
        "oid": oid,
        "version": version,
        "fullName": "Должности медицинских и фармацевтических работников",
        "shortName": "Должности",
        "publishDate": published,
        "rowsCount": 3,
        "fields": [{"field": "ID"}, {"field": "PARENT"}, {"field": "NAME"}],
    }


def data_page(rows: list[dict[str, str]], total: int | None = None) -> dict[str, Any]:
    """The REST `data` answer: each row a list of column/value pairs."""
    return {
        "result": "OK",
        "resultText": None,
        "resultCode": 0,
        "total": total if total is not None else len(rows),
        "list": [[{"column": k, "value": v} for k, v in row.items()] for row in rows],
    }


ROWS = [
    {"ID": "1", "PARENT": "", "NAME": "Врачи"},
    {"ID": "109", "PARENT": "1", "NAME": "врач-терапевт", "ACTUAL": "1", "STR_NUM": "1.12"},
    {"ID": "110", "PARENT": "1", "NAME": "врач-терапевт участковый", "ACTUAL": "1"},
]


def rest_file(rows: list[dict[str, str]] = ROWS, **passport_fields: str) -> bytes:
    """One JSON holding the passport and the rows (as the starter set ships)."""
    body = {"passport": passport(**passport_fields), **data_page(rows)}
    return json.dumps(body, ensure_ascii=False).encode()


def archive(rows: list[dict[str, str]] = ROWS, page: int = 2, **passport_fields: str) -> bytes:
    """A ZIP of the passport and the data pages, `page` rows a page."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("passport.json", json.dumps(passport(**passport_fields), ensure_ascii=False))
        for n, start in enumerate(range(0, len(rows), page), 1):
            chunk = data_page(rows[start : start + page], total=len(rows))
            z.writestr(f"data_{n}.json", json.dumps(chunk, ensure_ascii=False))
    return out.getvalue()
