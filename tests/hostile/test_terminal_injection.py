"""Issue 17 item 7: control characters from scanned data never reach the terminal raw.

An OSC sequence in a resource name retitles the terminal, a CSI sequence fakes coloured
PASS output, a C1 CSI (U+009B) does the same on terminals that honour 8-bit controls, and a
bidi override reverses what follows. Console (summary, ``complyscan diff``, errors), logs
and CSV must show them as visible escapes instead.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

from structlog.testing import capture_logs
from typer.testing import CliRunner

from checks.crypto.kms_key import kms_key_rotates_automatically
from scanner.engine import run_scan
from scanner.history import open_store
from scanner.log import configure_logging
from scanner.outputs.console import render_summary
from scanner.outputs.csv_report import to_csv
from scanner.outputs.terminal import Console
from scanner.registry import Registry
from scanner.result import ScanResult
from tests.fakes import FakeSession
from tests.hostile.estate import ANSI_TITLE, BIDI, C1_CSI, hostile_spec

RAW = ("\x1b]", "\x07", "\x9b", "\u202e", "\x1b[32mPASS")


def _scan(**meta: object) -> ScanResult:
    session = FakeSession(account=f"1234{ANSI_TITLE}", identity=f"me{BIDI}")
    result = run_scan(
        hostile_spec(), session, Registry((kms_key_rotates_automatically,)), ["us-east-1"]
    )
    return result.model_copy(update={"meta": result.meta.model_copy(update=meta)})


def _assert_safe(text: str) -> None:
    for raw in RAW:
        assert raw not in text, (raw, text)


def test_console_summary_escapes_controls_from_data():
    out = io.StringIO()
    render_summary(_scan(), Console(file=out, force_terminal=True, width=300))
    text = out.getvalue()
    _assert_safe(text)
    plain = io.StringIO()
    render_summary(_scan(), Console(file=plain, width=300))
    assert "\\x1b]0;pwned\\x07" in plain.getvalue()  # shown, not hidden
    assert "\\u202e" in plain.getvalue()


def test_diff_command_escapes_resource_names(tmp_path):
    store = str(tmp_path / "h.sqlite")
    with open_store(store) as history:
        first = _scan()
        history.record(first.model_copy(update={"findings": ()}))
        later = first.meta.started_at + timedelta(minutes=1)
        history.record(_scan(started_at=later, finished_at=later))
    result = CliRunner().invoke(
        app_under_test(), ["diff", "--history", store], env={"COLUMNS": "300"}
    )
    assert result.exit_code == 0, result.output
    _assert_safe(result.output)
    assert "ansi\\x1b]0;pwned" in " ".join(result.output.split()).replace(" ", "")


def app_under_test():  # imported late: the CLI module configures logging on use
    from scanner.cli import app

    return app


def test_error_message_escapes_controls():
    result = CliRunner().invoke(
        app_under_test(), ["checks", "list", "--provider", f"aws{ANSI_TITLE}{C1_CSI}"]
    )
    assert result.exit_code == 2
    _assert_safe(result.output)


def test_console_log_lines_escape_controls(capsys):
    configure_logging(json=False, level="info")
    import structlog

    structlog.get_logger("t").warning("resource.unreadable", uid=f"k{ANSI_TITLE}{C1_CSI}{BIDI}")
    err = capsys.readouterr().err
    _assert_safe(err)
    assert "\\x1b]0;pwned" in err
    with capture_logs():  # leave structlog as tests expect it
        pass


def test_csv_cells_escape_controls():
    text = to_csv(_scan())
    _assert_safe(text)
    assert "\\x1b]0;pwned\\x07" in text
    assert datetime.now(UTC)  # the scan ran now; nothing else to check here
