"""structlog for every service: JSON off a TTY, console on one, stdlib loggers routed through the
same chain, and personal data redacted before anything is written."""

from __future__ import annotations

import functools
import logging
import re
import sys
from collections.abc import Mapping, MutableMapping
from typing import Any, Literal

import structlog
from structlog.typing import EventDict, Processor, WrappedLogger

# Keys whose values are personal data wherever they appear.
_SENSITIVE_KEYS = re.compile(
    r"(snils|passport|birth_?date|birthday|phone|e_?mail|identity_document|document_number)",
    re.IGNORECASE,
)
# Every pattern starts only where a token starts (a lookbehind) and has bounded runs between
# its parts, so a long run of look-alike characters costs linear time, not quadratic
# (docs/stack.md, pitfall 27); values are also cut before they are scanned.
_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+-])([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{0,63}@([A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,24})"
)
# SNILS: 11 digits, optionally as 123-456-789 01.
_SNILS = re.compile(r"(?<![\w-])\d{3}[- ]?\d{3}[- ]?\d{3}[- ]?(\d{2})(?![\w-])")
# Passport of the RF: 4-digit series + 6-digit number.
_PASSPORT = re.compile(r"(?<![\w-])\d{2} ?\d{2}[ №]{1,3}\d{6}(?![\w-])")
# Phones: +7/8 and 10 digits with the usual separators.
_PHONE = re.compile(
    r"(?<![\w-])(?:\+7|8)?[\s(-]{0,3}\d{3}[\s)-]{0,3}\d{3}[\s-]?\d{2}[\s-]?(\d{2})(?![\w-])"
)
_BIRTH_DATE_IN_TEXT = re.compile(
    r"(birth_?date[\"']?\s{0,3}[:=]\s{0,3}[\"']?)\d{4}-\d{2}-\d{2}", re.IGNORECASE
)
# Longest value written: longer ones are cut (and say how much was left out).
MAX_VALUE_CHARS = 2000
MAX_EXCEPTION_CHARS = 16000


def cut(text: str, limit: int = MAX_VALUE_CHARS) -> str:
    return text if len(text) <= limit else f"{text[:limit]}…[+{len(text) - limit} chars]"


# All the patterns at once: one scan finds whether any would change the text, and most text
# (messages, subjects, ids) is left as it is after that one scan instead of five substitutions.
_ANY_PERSONAL_DATA = re.compile(
    "|".join(
        f"(?{'i' if p.flags & re.IGNORECASE else ''}:{p.pattern})"
        for p in (_BIRTH_DATE_IN_TEXT, _EMAIL, _SNILS, _PASSPORT, _PHONE)
    )
)


def redact_text(text: str) -> str:
    """Mask personal data in free text: SNILS, passports, phones, e-mails, birth dates."""
    text = cut(text, MAX_EXCEPTION_CHARS)  # before any scan (docs/stack.md, pitfall 27)
    if not _ANY_PERSONAL_DATA.search(text):
        return text
    text = _BIRTH_DATE_IN_TEXT.sub(r"\1****-**-**", text)
    text = _EMAIL.sub(r"\1***@\2", text)
    text = _SNILS.sub(r"***-***-*** \1", text)
    text = _PASSPORT.sub("** ** ******", text)
    return _PHONE.sub(r"***-***-**-\1", text)


@functools.lru_cache(maxsize=1024)
def _is_sensitive_key(key: str) -> bool:
    return _SENSITIVE_KEYS.search(key) is not None


# A line's short values are mostly the same few (subjects, outcomes, consumers, messages):
# their redacted form is kept rather than scanned again on every line.
SHORT_VALUE_CHARS = 256
_redacted_short = functools.lru_cache(maxsize=4096)(redact_text)


def _redact_value(key: str | None, value: Any) -> Any:
    if key is not None and value is not None and _is_sensitive_key(key):
        return "[redacted]"
    if isinstance(value, str):
        if len(value) <= SHORT_VALUE_CHARS:
            return _redacted_short(value)
        return redact_text(
            cut(value, MAX_EXCEPTION_CHARS if key == "exception" else MAX_VALUE_CHARS)
        )
    if isinstance(value, Mapping):
        return {k: _redact_value(str(k), v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_redact_value(None, v) for v in value]
    return value


# Fields our own processors add: never anything a caller sent.
_OURS = frozenset({"level", "logger", "service", "timestamp"})


def redact_personal_data(_logger: WrappedLogger, _name: str, event_dict: EventDict) -> EventDict:
    event_dict.pop("color_message", None)  # uvicorn's ANSI duplicate of `event`
    for key in list(event_dict):
        if key.startswith("_") or key in _OURS:
            continue
        if not isinstance(
            event_dict[key], str | int | float | bool | None | Mapping | list | tuple
        ):
            event_dict[key] = str(event_dict[key])
        event_dict[key] = _redact_value(key if key != "event" else None, event_dict[key])
    return event_dict


def traceback_as_field(_l: WrappedLogger, _n: str, event_dict: EventDict) -> EventDict:
    """Libraries that log `traceback.format_exc()` as the message (uvicorn's lifespan, asyncio):
    the traceback becomes the `exception` field and its last line the event."""
    event = event_dict.get("event")
    if isinstance(event, str) and event.startswith("Traceback (most recent call last):"):
        event_dict.setdefault("exception", event)
        event_dict["event"] = event.rstrip().rsplit("\n", 1)[-1]
    return event_dict


def _service_adder(service: str) -> Processor:
    def add_service(_l: WrappedLogger, _n: str, event_dict: MutableMapping[str, Any]) -> Any:
        event_dict.setdefault("service", service)
        return event_dict

    return add_service


class _Stdout:
    """Where our own loggers write: one whole line to the process's stdout as it is at the time
    (a test's captured one too), flushed at once — a line is never lost in a buffer on a kill."""

    def __init__(self, name: str | None = None) -> None:
        self.name = name

    def msg(self, message: str) -> None:
        out = sys.stdout
        out.write(message + "\n")
        out.flush()

    debug = info = warning = warn = error = critical = exception = fatal = log = msg


class _StdoutHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """The standard library's lines, to the process's stdout as it is at the time: a handler
    made while a test captured stdout must not keep writing to that closed capture."""

    @property
    def stream(self) -> Any:
        return sys.stdout

    @stream.setter
    def stream(self, _value: Any) -> None:
        pass


_LEVELS = {  # a logger method's name: its level
    "debug": logging.DEBUG,
    "info": logging.INFO,
    "warning": logging.WARNING,
    "warn": logging.WARNING,
    "error": logging.ERROR,
    "exception": logging.ERROR,
    "critical": logging.CRITICAL,
    "fatal": logging.CRITICAL,
}
_threshold = logging.INFO  # set by `configure_logging`; read on every line, so loggers made
# before a reconfiguration follow it


def _at_level(_l: WrappedLogger, method: str, event_dict: EventDict) -> EventDict:
    if _LEVELS.get(method, logging.INFO) < _threshold:
        raise structlog.DropEvent
    return event_dict


def _logger_name(logger: WrappedLogger, _n: str, event_dict: EventDict) -> EventDict:
    name = getattr(logger, "name", None)
    if name:
        event_dict["logger"] = name
    return event_dict


def configure_logging(
    service: str,
    level: str = "INFO",
    fmt: Literal["auto", "json", "console"] = "auto",
) -> None:
    """Our loggers go straight from structlog to stdout (a line cost 46 µs of CPU through the
    standard library's records, handler and formatter, 21 µs this way); other libraries' lines
    come through the standard library and the same processors, so every line is alike."""
    global _threshold
    _threshold = logging.getLevelName(level.upper())
    json_output = fmt == "json" or (fmt == "auto" and not sys.stdout.isatty())
    shared: list[Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        _service_adder(service),
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.processors.format_exc_info
        if json_output
        else structlog.processors.StackInfoRenderer(),
        traceback_as_field,
        redact_personal_data,
    ]
    renderer: Processor = (
        structlog.processors.JSONRenderer(ensure_ascii=False)
        if json_output
        else structlog.dev.ConsoleRenderer()
    )
    structlog.configure(
        processors=[_at_level, _logger_name, *shared, renderer],
        logger_factory=_Stdout,
        wrapper_class=structlog.make_filtering_bound_logger(logging.NOTSET),
        cache_logger_on_first_use=True,
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=[
            structlog.stdlib.ExtraAdder(),
            structlog.stdlib.add_logger_name,
            *shared,
        ],
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, renderer],
    )
    handler = _StdoutHandler()
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    _adopt_library_loggers(root.level)
    logging.captureWarnings(True)
    sys.excepthook = _log_uncaught


LIBRARY_LOGGERS = (
    "faststream",
    "faststream.access",
    "faststream.access.nats",
    "uvicorn",
    "uvicorn.error",
    "uvicorn.access",
    "nats",
    "pymongo",
    "asyncio",
)
NOISY = ("faststream", "faststream.access", "nats", "pymongo", "uvicorn.access")


def _adopt_library_loggers(level: int) -> None:
    """FastStream and uvicorn bring their own (coloured, multi-line) handlers: theirs go, and
    their records reach ours, so every line is one JSON object and is redacted. Libraries speak
    only when something is wrong; our own lines say what happened."""
    for name in LIBRARY_LOGGERS:
        lib = logging.getLogger(name)
        lib.handlers[:] = []
        lib.propagate = True
    for noisy in NOISY:
        logging.getLogger(noisy).setLevel(max(logging.WARNING, level))


def _log_uncaught(kind: type[BaseException], exc: BaseException, tb: Any) -> None:
    """What would have been a bare traceback on stderr is one JSON line instead."""
    logging.getLogger("egisz.uncaught").critical("uncaught exception", exc_info=(kind, exc, tb))


def broker_logger() -> logging.Logger:
    """The logger a NatsBroker is given: a plain stdlib one, so its lines go through ours."""
    return logging.getLogger("egisz.broker")


def get_logger(name: str | None = None) -> structlog.typing.FilteringBoundLogger:
    logger: structlog.typing.FilteringBoundLogger = structlog.get_logger(name)
    return logger
