"""Personal data never appears whole in a log line."""

from __future__ import annotations

import contextlib
import io
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


@pytest.mark.parametrize(
    "unit", ["x", " ", "1", "a.", "1 ", "birthdate: ", "+7 ", "ab@", "12 34 "], ids=repr
)
def test_redaction_costs_linear_time_even_on_crafted_values(unit: str) -> None:
    import time

    def cost(n: int) -> float:
        text = unit * n
        best = float("inf")
        for _ in range(3):  # this process's CPU: other processes' load stays out
            started = time.process_time()
            redact_text(text)
            best = min(best, time.process_time() - started)
        return best

    small, large = cost(500), cost(5_000)
    # ten times the input costs about ten times the time: far below the hundred of a quadratic
    assert large < max(small, 1e-4) * 30


def test_a_long_value_is_cut_before_it_is_written(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("test", "INFO", "json")
    structlog.contextvars.clear_contextvars()
    get_logger("t").info("long", correlation_id="x" * 100_000)
    line = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert len(line["correlation_id"]) < 2100
    assert line["correlation_id"].endswith("…[+98000 chars]")


def test_faststream_and_uvicorn_lines_are_ours_too(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("test", "INFO", "json")
    for name in ("faststream", "faststream.access.nats", "uvicorn.error"):
        logging.getLogger(name).error("from %s for 112-233-445 95", name)
    logging.getLogger("uvicorn.error").error("Traceback (most recent call last):\n  x\nKeyError: 1")
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["logger"] for line in lines][:3] == [
        "faststream",
        "faststream.access.nats",
        "uvicorn.error",
    ]
    assert all("112-233-445" not in line["event"] for line in lines)
    assert lines[-1]["event"] == "KeyError: 1"
    assert lines[-1]["exception"].startswith("Traceback")


def test_lines_go_to_the_stdout_of_the_moment_not_one_closed_since(
    capsys: pytest.CaptureFixture[str],
) -> None:
    captured = io.StringIO()  # a test's capture, closed when that test ended
    with contextlib.redirect_stdout(captured):
        configure_logging("test", "INFO", "json")
    captured.close()
    logging.getLogger("uvicorn.error").error("still heard")
    get_logger("t").info("ours too")
    out = capsys.readouterr()
    assert [json.loads(line)["event"] for line in out.out.splitlines()] == [
        "still heard",
        "ours too",
    ]
    assert "Logging error" not in out.err
