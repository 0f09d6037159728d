"""Personal data never appears whole in a log line."""

from __future__ import annotations

import json
import logging

import pytest
import structlog

from egisz.runtime.logging import configure_logging, get_logger, redact_text


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("snils 112-233-445 95", "112-233-445"),
        ("snils 11223344595", "112233445"),
        ("паспорт 45 06 123456", "123456"),
        ("тел. +7 (912) 345-67-89", "345-67"),
        ("phone 9123456789", "91234567"),
        ("mail ivanov.petr@mail.ru", "ivanov.petr"),
        ('{"birth_date": "1980-01-02"}', "1980-01-02"),
    ],
)
def test_redact_text_masks_personal_data(text: str, secret: str) -> None:
    assert secret not in redact_text(text)


def test_ids_times_and_durations_are_kept() -> None:
    text = "id 3f2a1b9c8d7e4f6a9b0c1d2e3f4a5b6c took 12.345 ms at 2026-11-21T23:00:00Z"
    assert redact_text(text) == text


def test_log_lines_are_json_and_redacted_for_our_loggers_and_stdlib_ones(
    capsys: pytest.CaptureFixture[str],
) -> None:
    configure_logging("test", "INFO", "json")
    structlog.contextvars.clear_contextvars()
    get_logger("t").info(
        "worker 112-233-445 95 registered", snils="11223344595", email="a.b@c.ru", worker_id="w1"
    )
    logging.getLogger("pymongo.something").warning("error for 11223344595 and x@y.org")
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert lines[0]["snils"] == "[redacted]"
    assert lines[0]["worker_id"] == "w1"
    assert lines[0]["service"] == "test"
    for line in lines:
        text = json.dumps(line)
        assert "11223344595" not in text and "112-233-445" not in text
        assert "a.b@c.ru" not in text and "x@y.org" not in text
