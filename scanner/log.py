"""structlog configuration: events to stderr, JSON or console, with secret redaction."""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import MutableMapping
from typing import Any

import structlog
import structlog.tracebacks

from scanner.redact import redact
from scanner.textsafe import printable

_SECRET_KEYS = re.compile(r"(?i)secret|token|password|key_material|credential|authorization")
REDACTED = "[redacted]"


def redact_secrets(_logger: Any, _method: str, event_dict: MutableMapping[str, Any]) -> Any:
    """Replace the value of any key that looks like it carries a secret, and any
    credential-shaped text in the other values (``scanner.redact``: access keys, tokens...).
    """
    for key in list(event_dict):
        if key != "event" and _SECRET_KEYS.search(key):
            event_dict[key] = REDACTED
        elif key != "event":
            event_dict[key] = redact(event_dict[key], key=key)
    return event_dict


def escape_controls(_logger: Any, _method: str, event_dict: MutableMapping[str, Any]) -> Any:
    """Show control and bidi characters in text values as escapes (``scanner.textsafe``).

    Values come from the scanned estate (names, ids, API messages): raw, an escape sequence
    in one would reach the terminal the log is read on.
    """
    for key, value in event_dict.items():
        if isinstance(value, str):
            event_dict[key] = printable(value, keep="\n")
    return event_dict


def _stderr_logger(*_args: Any) -> structlog.PrintLogger:
    """A logger on the *current* ``sys.stderr`` (it may be swapped, e.g. by test runners)."""
    return structlog.PrintLogger(file=sys.stderr)


def configure_logging(*, json: bool, level: str = "info") -> None:
    """Send structured events to stderr; stdout is reserved for reports."""
    # Tracebacks never show local variables: a collector's locals hold API answers (tags,
    # policy documents, attribute values), which must not reach the logs.
    # Both formats turn a traceback into data *before* redaction, so credential-shaped text
    # in an exception message is redacted in either; the console's traceback is plain text
    # (rich's pretty tracebacks are drawn at render time, after redaction could run).
    renderer: Any = (
        structlog.processors.JSONRenderer()
        if json
        else structlog.dev.ConsoleRenderer(
            colors=sys.stderr.isatty(), exception_formatter=structlog.dev.plain_traceback
        )
    )
    tracebacks = structlog.processors.ExceptionRenderer(
        structlog.tracebacks.ExceptionDictTransformer(show_locals=False)
    )
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            tracebacks if json else structlog.processors.format_exc_info,
            redact_secrets,
            escape_controls,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(
            logging.getLevelNamesMapping()[level.upper()]
        ),
        logger_factory=_stderr_logger,
        cache_logger_on_first_use=False,
    )
