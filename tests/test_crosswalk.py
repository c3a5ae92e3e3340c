"""The crosswalk: families partition the checks; ids per framework; verdict per family."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from checks.crypto.kms_key import kms_key_rotates_automatically
from scanner.crosswalk import FAMILIES, Family, crosswalk, unassigned
from scanner.engine import run_scan
from scanner.errors import CollectionError
from scanner.findings import Suppression
from scanner.provider import Item
from scanner.registry import Registry, load
from scanner.suppress import apply_suppressions
from tests.checks.factories import kms_key
from tests.fakes import FakeSession, spec

REGISTRY = load()
ISSUE_FRAMEWORKS = ["soc2", "iso27001-2013", "nist-csf-1.1"]
KEYS = Registry((kms_key_rotates_automatically,))
FAMILY = (Family("Key rotation", ("CRYPTO-001",)),)


def test_families_partition_the_registry():
    assert unassigned(REGISTRY) == []
    named = [cid for f in FAMILIES for cid in f.checks]
    assert set(named) <= {c.id for c in REGISTRY}
    assert len({f.name for f in FAMILIES}) == len(FAMILIES)


def test_unassigned_reports_missing_and_doubled_checks():
    doubled = (Family("a", ("CRYPTO-001",)), Family("b", ("CRYPTO-001",)))
    assert unassigned(KEYS, ()) == ["CRYPTO-001"]
    assert unassigned(KEYS, doubled) == ["CRYPTO-001"]


@pytest.mark.parametrize(
    ("family", "soc2", "iso2013", "csf11"),
    [
        ("MFA required", "CC6.1", "A.9.4.2", "PR.AC-7"),
        ("Centralized logging", "CC7.2", "A.12.4.1", "DE.AE-3"),
        ("Backups tested regularly", "A1.2", "A.12.3.1", "PR.IP-4"),
    ],
)
def test_the_issue_rows(family, soc2, iso2013, csf11):
    rows = {r.family: r for r in crosswalk(REGISTRY, ISSUE_FRAMEWORKS)}
    row = rows[family]
    assert row.controls["soc2"][0] == soc2  # the id most of the family's checks share
    assert row.controls["iso27001-2013"][0] == iso2013
    assert csf11 in row.controls["nist-csf-1.1"]
    assert row.verdict is None  # no scan given


def test_mfa_row_ids_are_exactly_the_derived_ones():
    [mfa] = [r for r in crosswalk(REGISTRY, ISSUE_FRAMEWORKS) if r.family == "MFA required"]
    assert mfa.controls == {
        "soc2": ("CC6.1",),
        "iso27001-2013": ("A.9.4.2",),
        "nist-csf-1.1": ("PR.AC-3", "PR.AC-7"),  # both became PR.AA-03 in CSF 2.0
    }


def test_provider_filter_drops_families_without_checks():
    gcp_only = load().select(provider="gcp")
    names = {r.family for r in crosswalk(gcp_only, ISSUE_FRAMEWORKS)}
    assert "Root account protection" not in names  # IAM-018/IAM-301 are AWS-only
    assert "Network exposure" in names


def _keys(*healthy: bool, error: bool = False):
    def collect(_session: FakeSession, region: str) -> Iterator[Item]:
        for n, ok in enumerate(healthy):
            yield kms_key(uid=f"arn:aws:kms:{region}:1:key/{n}", rotation_enabled=ok)
        if error:  # one key whose details could not be read
            yield CollectionError("aws", region, "KmsKey", "AccessDenied", uid="key/hidden")

    return spec(collect)


@pytest.mark.parametrize(
    ("provider", "verdict", "failing", "unknown"),
    [
        (_keys(True), "pass", (), ()),
        (_keys(True, False), "fail", ("CRYPTO-001",), ()),
        (_keys(True, error=True), "unknown", (), ("CRYPTO-001",)),
        (_keys(False, error=True), "fail", ("CRYPTO-001",), ("CRYPTO-001",)),
    ],
)
def test_verdicts(provider, verdict, failing, unknown):
    result = run_scan(provider, FakeSession(), KEYS, ["us-east-1"])
    [row] = crosswalk(KEYS, ["soc2"], result, FAMILY)
    assert (row.verdict, row.failing_checks, row.unknown_checks) == (verdict, failing, unknown)


def test_a_family_whose_checks_did_not_run_is_not_evaluated():
    other = run_scan(_keys(True), FakeSession(), KEYS, ["us-east-1"])
    missing = (Family("Backups", ("BACKUP-001",)),)
    registry = load().select(ids=["BACKUP-001"])
    [row] = crosswalk(registry, ["soc2"], other, missing)
    assert (row.verdict, row.counts) == ("not_evaluated", {})


def test_suppressed_failures_do_not_fail_the_family():
    result = run_scan(_keys(True, False), FakeSession(), KEYS, ["us-east-1"])
    accepted = Suppression(
        check="CRYPTO-001",
        resource="*key/1",
        reason="accepted",
        owner="o",
        expires=date(2099, 1, 1),
    )
    result = apply_suppressions(result, (accepted,), date(2026, 1, 1))
    [row] = crosswalk(KEYS, ["soc2"], result, FAMILY)
    assert row.verdict == "pass"
