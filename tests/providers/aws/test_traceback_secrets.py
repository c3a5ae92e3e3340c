"""Issue 17 item 10: a crash traceback is redacted in the console log format too.

A collector that fails on an endpoint answer it cannot parse logs ``collector.crashed`` with
its traceback. The exception text can carry what the endpoint sent back, credentials
included. Before, the default console format printed it raw (only JSON redacted); the
traceback also carried ANSI colour codes into files and CI logs, and the scan blamed "a
complyscan bug" for an endpoint answering garbage.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
import structlog
from botocore.parsers import ResponseParserError

from scanner.engine import collect
from scanner.log import configure_logging
from scanner.model import KmsKey
from scanner.provider import Collector, Item, ProviderSpec
from tests.fakes import FakeSession

ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"


def garbage(_session: FakeSession, _scope: str) -> Iterator[Item]:
    """A collector whose endpoint answered a proxy's page quoting the request's credentials.

    botocore's parser error quotes the body it could not parse (its real message shape).
    """
    body = f"<html>proxy error for key {ACCESS_KEY} secret {SECRET}".encode()
    try:
        json.loads(body)
    except json.JSONDecodeError as err:
        raise ResponseParserError(
            f"Unable to parse response ({err}), invalid JSON received. "
            f"Further retries may succeed:\n{body!r}"
        ) from err
    yield from ()


def bug(_session: FakeSession, _scope: str) -> Iterator[Item]:
    raise RuntimeError(f"oops with {ACCESS_KEY}")
    yield from ()


def _spec(fn) -> ProviderSpec[FakeSession]:
    return ProviderSpec(
        name="aws",
        connect=FakeSession,
        scopes=lambda s, r: list(r or []),
        collectors=(Collector(KmsKey, fn, permissions=("kms:ListKeys",)),),
    )


@pytest.fixture(autouse=True)
def _restore_structlog():
    yield
    structlog.reset_defaults()


@pytest.mark.parametrize("json_format", [False, True], ids=["console", "json"])
def test_crash_traceback_is_redacted_and_plain(capsys, json_format):
    configure_logging(json=json_format, level="info")
    inventory = collect(_spec(garbage), FakeSession(), ["us-east-1"], {KmsKey})
    err = capsys.readouterr().err
    assert "collector.crashed" in err
    assert "JSONDecodeError" in err  # the traceback is there
    assert ACCESS_KEY not in err
    assert SECRET not in err
    assert "[redacted]" in err
    assert "\x1b[" not in err  # stderr is not a terminal here: no ANSI
    [error] = inventory.errors
    assert error.cause == "UnparseableAnswer: ResponseParserError"
    assert "could not parse" in error.hint
    assert "complyscan bug" not in error.hint


def test_a_real_bug_is_still_called_one(capsys):
    configure_logging(json=False, level="info")
    inventory = collect(_spec(bug), FakeSession(), ["us-east-1"], {KmsKey})
    assert ACCESS_KEY not in capsys.readouterr().err
    [error] = inventory.errors
    assert error.cause == "InternalError: RuntimeError"
    assert "complyscan bug" in error.hint
