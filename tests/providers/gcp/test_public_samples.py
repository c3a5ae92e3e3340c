"""Public CAI samples from GoogleCloudPlatform/policy-library (Apache-2.0), scanned unchanged.

Provenance per file in fixtures/README.md. Each is a JSON array as config-validator reads it:
resource records with no IAM policies (so public access is UNKNOWN where it needs them), and
datasets present only as IAM-policy records.
"""

from __future__ import annotations

import pytest

from providers.gcp import PROVIDER, open_snapshot
from providers.gcp.assets import to_record
from scanner.config import ScanConfig
from scanner.engine import run_scan
from scanner.findings import Status
from scanner.registry import load as load_registry
from scanner.snapshot import SNAPSHOT_SCOPE
from tests.providers.gcp.fake_cai import FIXTURES

REGISTRY = load_registry().select(provider="gcp")
P, F, N, U = Status.PASS, Status.FAIL, Status.NOT_APPLICABLE, Status.UNKNOWN


def _scan(name: str) -> dict[tuple[str, str], Status]:
    session = open_snapshot(FIXTURES / name, ScanConfig(provider="gcp"))
    result = run_scan(PROVIDER, session, REGISTRY, [SNAPSHOT_SCOPE])
    return {(f.check_id, f.resource_name): f.status for f in result.findings}


@pytest.mark.parametrize(
    ("name", "check", "resource", "expected"),
    [
        ("policy-library-bigquery-cmek.json", "DB-123", "test_cmek", P),
        ("policy-library-bigquery-cmek.json", "DB-123", "test_google_encryption_key", F),
        ("policy-library-bigquery-cmek.json", "DB-122", "anand_bq_test_3", F),
        # no IAM policies in this sample and no access list: public access is unknown
        ("policy-library-bigquery-cmek.json", "DB-121", "anand_bq_test_3", U),
        ("policy-library-bigquery-cmek.json", "CRYPTO-101", "test-1", P),  # 7776000s = 90 days
        # datasets known only by their IAM policy records
        ("policy-library-bigquery-world-readable.json", "IAM-113", "world-readable-allUsers", F),
        (
            "policy-library-bigquery-world-readable.json",
            "IAM-113",
            "world-readable-allAuthenticatedUsers",
            F,
        ),
        ("policy-library-bigquery-world-readable.json", "IAM-113", "world-readable-both", F),
        ("policy-library-bigquery-world-readable.json", "IAM-113", "not-world-readable", P),
        ("policy-library-sql-networks.json", "DB-101", "no-authorized-networks", P),
        ("policy-library-sql-networks.json", "DB-101", "authorized-networks-35", F),
        ("policy-library-sql-networks.json", "DB-102", "authorized-networks-35", P),
        ("policy-library-dataproc-clusters.json", "DB-124", "cluster-a1b6-test-dataproc-ok", F),
    ],
)
def test_public_sample_verdicts(name, check, resource, expected):
    assert _scan(name)[(check, resource)] is expected


def test_ancestry_path_reads_as_ancestors():
    record = to_record(
        {
            "name": "//compute.googleapis.com/projects/p/zones/z/instances/i",
            "asset_type": "compute.googleapis.com/Instance",
            "ancestry_path": (
                "organization/614830067722/folder/561421552790/project/my-test-project"
            ),
            "resource": {"data": {}},
        },
        "t:1",
    )
    assert record.ancestors == (
        "projects/my-test-project",
        "folders/561421552790",
        "organizations/614830067722",
    )


def test_forseti_policies_of_every_type_are_judged(tmp_path):
    """Forseti's public dumps: policies on billing accounts, key rings, Dataproc clusters,
    service accounts and Pub/Sub are judged; projects, folders, the organisation and
    buckets with resource records stay with their own checks."""
    snap = tmp_path / "forseti.ndjson"
    snap.write_text(
        "".join(
            (FIXTURES / f).read_text()
            for f in ("forseti-cai-resources.ndjson", "forseti-cai-iam-policies.ndjson")
        )
    )
    session = open_snapshot(snap, ScanConfig(provider="gcp"))
    result = run_scan(PROVIDER, session, REGISTRY, [SNAPSHOT_SCOPE])
    judged = {f.resource_uid.split("/")[2] for f in result.findings if f.check_id == "IAM-113"}
    assert judged == {
        "cloudbilling.googleapis.com",
        "cloudkms.googleapis.com",
        "dataproc.googleapis.com",
        "iam.googleapis.com",
        "pubsub.googleapis.com",
    }
    assert any(f.check_id == "IAM-103" for f in result.findings)
