"""The Python API, used the way a user's program would: no CLI runner, no private imports."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import boto3  # noqa: TID251 - seeds moto, as a user program would
import pytest

from scanner import api
from scanner.api import (
    ConfigError,
    ScannerError,
    ScanResult,
    Severity,
    Status,
    Suppression,
    load_report,
    scan,
    write_reports,
)

ACME = Path(__file__).parent / "providers" / "gcp" / "fixtures" / "acme-org.ndjson"
REGION = "us-east-1"


def _seed_keys() -> tuple[str, str]:
    """Two customer-managed keys in moto: one rotating, one not."""
    kms = boto3.client("kms", region_name=REGION)
    good = kms.create_key(Description="rotating")["KeyMetadata"]["KeyId"]
    kms.enable_key_rotation(KeyId=good)
    bad = kms.create_key(Description="static")["KeyMetadata"]["KeyId"]
    return good, bad


def test_scan_against_moto_returns_the_findings(mocked_aws):
    good, bad = _seed_keys()
    result = scan("aws", regions=[REGION], checks=["CRYPTO-001"])
    assert isinstance(result, ScanResult)
    assert result.meta.complete
    assert result.meta.regions == (REGION,)
    verdicts = {f.resource_uid.rsplit("/", 1)[-1]: f.status for f in result.findings}
    assert verdicts == {good: Status.PASS, bad: Status.FAIL}


def test_suppressions_mark_the_failure_accepted(mocked_aws):
    _, bad = _seed_keys()
    accepted = Suppression(
        check="CRYPTO-001",
        resource=f"*{bad}",
        reason="key retired next sprint",
        owner="sec@example.com",
        expires=datetime.now(UTC).date() + timedelta(days=30),
    )
    result = scan("aws", regions=[REGION], checks=["CRYPTO-001"], suppressions=[accepted])
    failing = [f for f in result.findings if f.status is Status.FAIL]
    assert [f.suppressed for f in failing] == [True]
    assert failing[0].suppression_owner == "sec@example.com"


def test_a_set_stop_event_returns_an_interrupted_result(mocked_aws):
    _seed_keys()
    stop = threading.Event()
    stop.set()
    result = scan("aws", regions=[REGION], checks=["CRYPTO-001"], stop=stop)
    assert result.meta.interrupted
    assert not result.meta.complete


def test_snapshot_scan_is_offline_and_round_trips_through_reports(tmp_path):
    result = scan("gcp", snapshot=ACME, severities=["high", Severity.CRITICAL])
    assert result.meta.provider == "gcp"
    assert result.findings
    assert {f.severity for f in result.findings} <= {Severity.HIGH, Severity.CRITICAL}
    written = write_reports(result, ["json", "sarif", "csv"], tmp_path / "out")
    assert set(written) == {"json", "sarif", "csv"}
    assert all(p.parent == tmp_path / "out" and p.exists() for p in written.values())
    sarif = json.loads(written["sarif"].read_text())
    assert sarif["version"] == "2.1.0"
    again = load_report(written["json"])
    assert [(f.id, f.status) for f in again.findings] == [(f.id, f.status) for f in result.findings]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"provider": "oci"}, "provider"),
        ({"provider": "gcp", "snapshot": "/nonexistent/export.ndjson"}, "does not exist"),
        ({"provider": "gcp", "snapshot": ACME, "checks": ["NOPE-999"]}, "unknown check id"),
        ({"provider": "gcp", "snapshot": ACME, "severities": ["urgent"]}, "severities"),
        ({"provider": "gcp", "snapshot": ACME, "frameworks": ["soc3"]}, "framework"),
    ],
)
def test_bad_arguments_raise_an_actionable_error(kwargs, message):
    with pytest.raises(ScannerError, match=message):
        scan(**kwargs)


def test_write_reports_rejects_an_unknown_format(tmp_path):
    result = scan("gcp", snapshot=ACME, severities=["critical"])
    with pytest.raises(ConfigError, match="unknown format"):
        write_reports(result, ["json", "pdf"], tmp_path)
    assert not list(tmp_path.iterdir())  # nothing half-written


def test_load_report_rejects_what_is_not_a_report(tmp_path):
    bad = tmp_path / "x.json"
    bad.write_text('{"hello": 1}')
    with pytest.raises(ConfigError, match="not a complyscan JSON report"):
        load_report(bad)


def test_the_surface_is_curated_and_documented():
    assert sorted(api.__all__) == sorted(
        [
            "AuthenticationError",
            "ConfigError",
            "Finding",
            "OutputError",
            "ScanResult",
            "ScannerError",
            "Severity",
            "Status",
            "Suppression",
            "load_report",
            "scan",
            "write_reports",
        ]
    )
    for name in api.__all__:
        assert getattr(api, name).__doc__, name
    public = {
        n.name
        for n in ast.parse(Path(api.__file__).read_text()).body
        if isinstance(n, ast.FunctionDef | ast.ClassDef) and not n.name.startswith("_")
    }
    assert public <= set(api.__all__)


def test_importing_the_api_loads_no_cloud_sdk():
    code = (
        "import sys, scanner.api; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'boto3', 'botocore', 'google', 'azure', 'moto', 'providers', 'sqlalchemy'}))"
    )
    out = subprocess.run(  # noqa: S603 - our own interpreter, a fixed script
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_terraform_plan_scan_with_sources():
    project = Path(__file__).parent / "providers" / "terraform" / "fixtures" / "project"
    result = scan("terraform", snapshot=project / "plan.json", source_dir=project)
    failing = {f.resource_uid: f.location for f in result.findings if f.status is Status.FAIL}
    # relative to the working directory, as code scanning needs it
    assert failing["module.net.aws_security_group.web"].endswith(
        "fixtures/project/modules/net/main.tf:3"
    )
    changed = scan("terraform", snapshot=project / "plan.json", changed_only=True)
    assert {f.resource_uid for f in changed.findings} == {f.resource_uid for f in result.findings}
