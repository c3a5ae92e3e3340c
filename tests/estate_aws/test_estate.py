"""Scan our second AWS estate in moto: 100% recall on its misconfigurations, no false
positive on their compliant twins."""

from __future__ import annotations

from typing import Any

import pytest
from moto import mock_aws

from providers.aws import PROVIDER
from providers.aws.session import AwsSession
from scanner.engine import run_scan
from scanner.findings import Status
from scanner.registry import load
from tests.estate_aws.seed import REGION, Manifest, seed


@pytest.fixture(scope="module")
def scanned() -> tuple[Manifest, dict[tuple[str, str], Any]]:
    with pytest.MonkeyPatch.context() as mp:
        for var in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ENDPOINT_URL"):
            mp.delenv(var, raising=False)
        mp.setenv("AWS_ACCESS_KEY_ID", "testing")
        mp.setenv("AWS_SECRET_ACCESS_KEY", "testing")
        mp.setenv("AWS_DEFAULT_REGION", REGION)
        mp.setenv("MOTO_EC2_LOAD_DEFAULT_AMIS", "false")
        with mock_aws():
            session = AwsSession.from_config(region=REGION, concurrency=4)
            manifest = seed(session.boto)
            checks = {c for c, _ in manifest.fail | manifest.twins}
            registry = load().select(ids=checks)
            result = run_scan(PROVIDER, session, registry, [REGION])
            session.close()
    return manifest, {(f.check_id, f.resource_uid): f for f in result.findings}


def test_recall_is_complete(scanned: tuple[Manifest, dict[tuple[str, str], Any]]) -> None:
    manifest, findings = scanned
    missed = sorted(
        p for p in manifest.fail if getattr(findings.get(p), "status", None) is not Status.FAIL
    )
    detail = {p: getattr(findings.get(p), "reason", "no finding") for p in missed}
    assert not missed, detail
    assert len(manifest.fail) >= 15


def test_no_false_positive_on_twins(scanned: tuple[Manifest, dict[tuple[str, str], Any]]) -> None:
    manifest, findings = scanned
    wrong = {
        p: findings[p].reason
        for p in manifest.twins
        if p in findings and findings[p].status is Status.FAIL
    }
    assert not wrong
    unjudged = sorted(
        p for p in manifest.twins if p not in findings or findings[p].status is not Status.PASS
    )
    assert not unjudged, {p: getattr(findings.get(p), "reason", "no finding") for p in unjudged}
