"""``complyscan agent`` end to end: --once against moto, recorded, alerting on the next run."""

from __future__ import annotations

import os
import signal
import sqlite3
import threading
import time
from contextlib import closing
from pathlib import Path

import boto3  # noqa: TID251 - changes the moto estate between two agent runs
from typer.testing import CliRunner

from scanner.cli import app
from scanner.history import open_store
from tests.agent.conftest import Receiver
from tests.moto_helpers import open_ssh_group

runner = CliRunner()


def test_agent_once_records_and_alerts_on_the_next_run(
    mocked_aws: None, tmp_path: Path, receiver: Receiver
) -> None:
    store = str(tmp_path / "history.sqlite")
    args = ["agent", "--once", "--region", "us-east-1", "--checks", "NET-002,NET-003"]
    args += ["--history", store, "--alert-webhook", receiver.url, "--alert-severity", "high"]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert receiver.posts == []  # the first scan is the baseline

    ec2 = boto3.client("ec2", region_name="us-east-1")
    group = open_ssh_group(ec2, "opened")
    second = runner.invoke(app, args)
    assert second.exit_code == 0, second.output
    third = runner.invoke(app, args)
    assert third.exit_code == 0, third.output

    assert len(receiver.posts) == 1
    alert = receiver.posts[0]
    assert [(c["check_id"], c["resource_uid"].rsplit("/", 1)[-1]) for c in alert["new"]] == [
        ("NET-002", group)
    ]
    assert group in alert["text"]
    with open_store(store) as history:
        assert [r.complete for r in history.scans()] == [True, True, True]


def test_agent_rejects_bad_flags(tmp_path: Path) -> None:
    store = str(tmp_path / "h.sqlite")
    for extra, message in (
        (["--interval", "soon"], "--interval"),
        (["--cron", "0 */6 * *"], "5 fields"),
        (["--cron", "0 * * * *", "--interval", "1h"], "alternatives"),
        (["--alert-severity", "urgent"], "--alert-severity"),
        (["--alert-webhook", "file:///etc/passwd"], "http(s) URL"),
    ):
        result = runner.invoke(app, ["agent", "--once", "--history", store, *extra])
        assert result.exit_code == 2, result.output
        assert message in result.output


def test_agent_once_pushes_to_s3_and_securityhub(mocked_aws: None, tmp_path: Path) -> None:
    boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="lake")
    hub = boto3.client("securityhub", region_name="us-east-1")
    hub.enable_security_hub()
    ec2 = boto3.client("ec2", region_name="us-east-1")
    group = open_ssh_group(ec2, "opened")
    args = ["agent", "--once", "--region", "us-east-1", "--checks", "NET-002"]
    args += ["--history", str(tmp_path / "h.sqlite"), "--push", "securityhub,s3://lake/cs"]
    done = runner.invoke(app, args)
    assert done.exit_code == 0, done.output
    objects = boto3.client("s3", region_name="us-east-1").list_objects_v2(Bucket="lake")
    assert [o["Key"].split("/")[:4] for o in objects["Contents"]] == [
        ["cs", "ext", "complyscan", "region=us-east-1"]
    ]
    (imported,) = hub.get_findings()["Findings"]
    assert imported["Resources"][0]["Id"].endswith(group)


def test_push_needs_aws(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        ["agent", "--once", "--provider", "gcp", "--history", str(tmp_path / "h.sqlite"),
         "--push", "securityhub"],
    )  # fmt: skip
    assert result.exit_code == 2, result.output
    assert "--provider aws only" in result.output


def test_long_running_agent_stops_on_sigterm_while_sleeping(
    mocked_aws: None, tmp_path: Path
) -> None:
    store = str(tmp_path / "history.sqlite")
    recorded = threading.Event()

    def terminate_after_first_scan() -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not _recorded(store):
            time.sleep(0.05)  # polling the store, not waiting out an interval
        recorded.set()
        os.kill(os.getpid(), signal.SIGTERM)

    killer = threading.Thread(target=terminate_after_first_scan, daemon=True)
    killer.start()
    result = runner.invoke(
        app,
        ["agent", "--interval", "6h", "--region", "us-east-1", "--checks", "NET-002",
         "--history", store],
    )  # fmt: skip
    killer.join(timeout=10)
    assert recorded.is_set()
    assert result.exit_code == 0, result.output
    with open_store(store) as history:
        assert len(history.scans()) == 1


def _recorded(store: str) -> bool:
    """Whether a scan is in the store; read-only, so it never races the agent's migration."""
    try:
        with closing(sqlite3.connect(f"file:{store}?mode=ro", uri=True)) as db:
            return bool(db.execute("SELECT count(*) FROM scans").fetchone()[0])
    except sqlite3.Error:
        return False
