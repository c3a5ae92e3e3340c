"""Secrets never reach logs: not through event values, nor through a crash's traceback.

The end-to-end canary scan (tags, policy conditions, a secret's value, the scanner's own
credentials against a moto server) is ``tests/providers/aws/test_faults.py``; this covers the
log pipeline itself, in both renderers.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import structlog

from scanner.engine import collect
from scanner.log import configure_logging
from scanner.model import KmsKey
from scanner.provider import Item
from tests.fakes import FakeSession, spec

CANARY_KEY = "AKIAQ7CANARY3XZ2K9WD"
CANARY_TAG = "canary-tag-value-6b1f0d7e"


def crashing(_session: FakeSession, _region: str) -> Iterator[Item]:
    """A collector bug while API answers (with secrets in them) sit in local variables."""
    answer = {"Tags": [{"Key": "Owner", "Value": CANARY_TAG}], "AccessKeyId": CANARY_KEY}
    yield from ()
    raise KeyError(len(answer))


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    yield
    structlog.reset_defaults()


@pytest.mark.parametrize("json", [True, False])
def test_a_crash_traceback_shows_no_local_variables(
    json: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_logging(json=json, level="debug")
    inventory = collect(spec(crashing), FakeSession(), ["us-east-1"], {KmsKey})
    assert inventory.errors[0].cause == "InternalError: KeyError"
    err = capsys.readouterr().err
    assert "collector.crashed" in err
    assert "KeyError" in err  # the traceback is there...
    assert CANARY_TAG not in err  # ...without the locals that held the answer
    assert CANARY_KEY not in err


@pytest.mark.parametrize("json", [True, False])
def test_credential_shaped_values_are_redacted_in_events(
    json: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_logging(json=json, level="debug")
    log = structlog.get_logger("test")
    log.warning("api.failed", detail=f"The key {CANARY_KEY} is not valid", aws_secret="x" * 8)
    log.info("nested", answer={"Credentials": {"SessionToken": "tok-123"}, "n": 3})
    err = capsys.readouterr().err
    assert CANARY_KEY not in err
    assert "x" * 8 not in err
    assert "tok-123" not in err
    assert "[redacted]" in err
