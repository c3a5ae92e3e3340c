"""Mappers on hand-written CAI records (fixtures/acme-org.ndjson): what each check concludes."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from providers.gcp import PROVIDER, open_snapshot
from providers.gcp.assets import AssetRecord, location_of, short_type, timestamp, to_record
from providers.gcp.network import firewall_rules, to_security_group
from scanner.config import ScanConfig
from scanner.engine import run_scan
from scanner.findings import Status
from scanner.registry import load as load_registry
from scanner.snapshot import SNAPSHOT_SCOPE
from tests.providers.gcp.fake_cai import FIXTURES

ACME = FIXTURES / "acme-org.ndjson"
P, F, N, U = Status.PASS, Status.FAIL, Status.NOT_APPLICABLE, Status.UNKNOWN


@pytest.fixture(scope="module")
def findings() -> dict[tuple[str, str], Status]:
    session = open_snapshot(ACME, ScanConfig(provider="gcp"))
    registry = load_registry().select(provider="gcp")
    result = run_scan(PROVIDER, session, registry, [SNAPSHOT_SCOPE])
    assert result.meta.complete
    return {(f.check_id, f.resource_name): f.status for f in result.findings}


@pytest.mark.parametrize(
    ("check", "name", "expected"),
    [
        ("NET-002", "allow-ssh-v6", F),  # ::/0 counts as the internet
        ("NET-106", "allow-ssh-v6", P),
        ("NET-003", "allow-range", F),  # 3000-3400 covers RDP
        ("NET-005", "allow-range", P),  # ...but a network-wide deny at priority 100 wins
        ("NET-005", "allow-mysql", P),
        ("NET-008", "allow-all", F),  # protocol "all" from 0.0.0.0/0
        ("NET-003", "disabled-rdp", P),  # disabled rules carry no rules
        ("NET-106", "disabled-rdp", N),
        ("NET-008", "egress-all", P),  # egress is not internet ingress
        ("NET-002", "from-tags", P),  # source tags are not the internet
        ("NET-001", "prod", P),  # every workload subnet logs; the proxy subnet is exempt
        ("NET-101", "prod", P),
        ("NET-102", "old", F),
        ("NET-001", "old", F),
        ("NET-104", "prod-app", P),
        ("NET-104", "prod-proxy", N),
        ("NET-105", "prod-app", P),
        ("VM-104", "app-1", P),  # OS Login from project metadata
        ("VM-102", "app-1", P),  # full scope, but not the default account
        ("VM-101", "gke-pool-1", N),  # GKE node
        ("VM-104", "gke-pool-1", F),  # instance metadata overrides the project
        ("VM-105", "gke-pool-1", F),
        ("VM-106", "gke-pool-1", F),
        ("VM-107", "app-1", P),
        ("VM-109", "app-1", P),
        ("STOR-103", "app-1", P),  # CMEK disk
        ("STOR-103", "scratch", P),  # customer-supplied key
        ("BACKUP-101", "app-1", P),
        ("BACKUP-101", "scratch", N),  # not attached
        ("BACKUP-004", "daily", F),  # snapshots kept 3 days
        ("CRYPTO-101", "disk", F),  # 365-day rotation
        ("CRYPTO-102", "disk", F),  # allAuthenticatedUsers
        ("CRYPTO-101", "signing", N),
        ("CRYPTO-002", "old", F),
        ("STOR-003", "acme-public", F),  # allUsers in IAM
        # allUsers in an ACL without UBLA, but public access prevention is enforced: Google
        # revokes allUsers/allAuthenticatedUsers access, ACLs included, so the grant is not in
        # effect (https://cloud.google.com/storage/docs/public-access-prevention)
        ("STOR-003", "acme-logs", P),
        ("STOR-002", "acme-logs", P),  # public access prevention enforced
        ("STOR-001", "acme-public", P),
        ("STOR-101", "acme-logs", F),
        ("STOR-102", "acme-public", F),  # 30-day retention, unlocked
        ("DB-102", "pg", F),
        ("DB-101", "pg", P),
        ("DB-104", "pg", P),
        ("DB-105", "pg", F),  # default off
        ("DB-002", "pg", P),
        ("DB-004", "pg", P),
        ("IAM-107", "k1", F),
        ("IAM-108", "k1", F),
        ("DNS-101", "acme", P),
        ("DNS-102", "acme", F),
        ("DNS-103", "acme", P),
        ("DNS-101", "internal", N),
        ("KUBE-101", "prod", F),
        ("KUBE-102", "prod", F),  # authorized network 0.0.0.0/0
        ("KUBE-103", "prod", P),
        ("KUBE-105", "prod", P),
        ("IAM-101", "acme-prod", F),  # user-managed SA with Editor; service agent ignored
        ("IAM-102", "acme-prod", F),
        ("IAM-103", "acme-prod", F),
        ("IAM-106", "acme-prod", F),
        ("IAM-105", "acme-prod", P),
        ("LOG-101", "acme-prod", P),  # inherited from the organisation's audit config
        ("LOG-102", "acme-prod", P),
    ],
)
def test_acme_findings(findings, check, name, expected):
    assert findings[(check, name)] is expected


def test_resource_identity_and_sarif_path():
    line = ACME.read_text().splitlines()[6]
    record = to_record(json.loads(line), "acme:7")
    assert short_type(record.asset_type) == "compute.Firewall"
    fields = {
        "uid": record.name,
        "provider": "gcp",
        "account": "acme-prod",
        "region": location_of(record),
        "service": short_type(record.asset_type),
        "name": "allow-ssh-v6",
        "collected_at": datetime(2026, 11, 23, tzinfo=UTC),
    }
    group = to_security_group(record, fields)
    assert group.location_path == "gcp/acme-prod/global/compute.Firewall/allow-ssh-v6"


def test_firewall_rules_cover_ports_protocols_and_defaults():
    rules = firewall_rules(
        {"allowed": [{"IPProtocol": "tcp", "ports": ["22", "1000-2000"]}, {"IPProtocol": "icmp"}]}
    )
    assert [(r.protocol, r.from_port, r.to_port) for r in rules] == [
        ("tcp", 22, 22),
        ("tcp", 1000, 2000),
        ("icmp", None, None),
    ]
    assert all(r.sources == ("0.0.0.0/0",) for r in rules)  # GCP default source
    assert all(r.priority == 1000 for r in rules)
    assert firewall_rules({"allowed": [{"IPProtocol": "tcp"}], "priority": 10.0})[0].priority == 10


def test_timestamps_with_nanoseconds():
    assert timestamp("2018-11-24T22:57:42.206650064Z") == datetime(
        2018, 11, 24, 22, 57, 42, 206650, tzinfo=UTC
    )
    assert timestamp("not a time") is None


def test_location_falls_back_to_the_body():
    record = AssetRecord(
        name="//compute.googleapis.com/projects/p/zones/us-central1-c/disks/d",
        asset_type="compute.googleapis.com/Disk",
        origin="x:1",
        data={"zone": "https://www.googleapis.com/compute/v1/projects/p/zones/us-central1-c"},
    )
    assert location_of(record) == "us-central1-c"
