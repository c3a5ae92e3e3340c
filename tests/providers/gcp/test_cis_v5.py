"""CIS GCP v5.0 kinds on fixtures/cis-v5.ndjson: offline and live give the same verdicts.

The records follow the REST references of each service (sources per record type in
fixtures/README.md); each misconfiguration sits beside its near-miss twin.
"""

from __future__ import annotations

from collections import Counter

import pytest

from providers.gcp import PROVIDER, open_snapshot
from scanner.config import ScanConfig
from scanner.engine import run_scan
from scanner.findings import Status
from scanner.registry import load as load_registry
from scanner.snapshot import SNAPSHOT_SCOPE
from tests.providers.gcp.conftest import live_session
from tests.providers.gcp.fake_cai import FIXTURES, FakeCai, load

CIS = FIXTURES / "cis-v5.ndjson"
ORG = "organizations/700"
REGISTRY = load_registry().select(provider="gcp")
P, F, N, U = Status.PASS, Status.FAIL, Status.NOT_APPLICABLE, Status.UNKNOWN


@pytest.fixture(scope="module")
def offline():
    session = open_snapshot(CIS, ScanConfig(provider="gcp"))
    result = run_scan(PROVIDER, session, REGISTRY, [SNAPSHOT_SCOPE])
    assert result.meta.complete
    return result


@pytest.fixture(scope="module")
def findings(offline) -> dict[tuple[str, str], Status]:
    return {(f.check_id, f.resource_name): f.status for f in offline.findings}


@pytest.mark.parametrize(
    ("check", "name", "expected"),
    [
        # 2.3 sinks: a folder sink with includeChildren covers its projects; an org sink
        # without it does not; a filter, an enabled exclusion or disabled sink is not "all"
        ("LOG-103", "shop-prod", P),
        ("LOG-103", "shop-dev", F),
        ("LOG-103", "shop-orphan", U),  # folders/999 is not in the export
        ("LOG-103", "shop-orphan-sinked", P),  # its own sink decides (blank filter,
        # disabled exclusion), whatever folders/999 holds
        # 2.5-2.12: metric + enabled alert; MQL and log-match conditions count
        ("LOG-104", "shop-prod", P),
        ("LOG-105", "shop-prod", P),  # conditionMatchedLog with the CIS filter
        ("LOG-106", "shop-prod", F),  # the metric is disabled
        ("LOG-107", "shop-prod", P),  # methodName: (has) operator, filter over lines
        ("LOG-108", "shop-prod", F),  # filter lacks compute.routes.insert
        ("LOG-109", "shop-prod", F),  # the alert policy is disabled
        ("LOG-110", "shop-prod", F),  # the alert watches bucket-iam-v2, not bucket-iam
        ("LOG-111", "shop-prod", P),  # MQL fetch of the metric
        ("LOG-104", "shop-dev", F),
        # 2.14 asset inventory
        ("LOG-112", "shop-prod", P),
        ("LOG-112", "shop-dev", F),  # state DISABLED
        ("LOG-112", "shop-orphan", F),
        # 1.17 essential contacts: the TECHNICAL_INCIDENTS contact is INVALID
        ("IAM-112", "organizations/700", F),
        # 1.13, 1.15, 1.16 API keys
        ("IAM-109", "maps-frontend", F),
        ("IAM-109", "old-deleted", N),
        ("IAM-110", "maps-frontend", P),
        ("IAM-110", "legacy-all-apis", F),
        ("IAM-110", "unrestricted", F),
        ("IAM-111", "legacy-all-apis", F),
        ("IAM-114", "maps-frontend", P),  # browser referrer restriction
        ("IAM-114", "legacy-all-apis", F),
        # 2.13 DNS logging: policy by project number; a policy with logging off
        ("NET-108", "vpc-a", P),
        ("NET-108", "vpc-b", F),
        ("NET-108", "vpc-c", F),
        # 2.17 HTTP(S) LB logging
        ("NET-107", "web", P),
        ("NET-107", "api-sampled-out", F),
        ("NET-107", "admin-nolog", F),
        ("NET-107", "internal-app", F),  # regional backend service
        ("NET-107", "tcp-proxy", N),
        ("NET-107", "mesh", N),
        # 7.1-7.3 BigQuery, 8.1 Dataproc
        ("DB-121", "sales", P),
        ("DB-121", "open_data", F),  # access entry specialGroup allAuthenticatedUsers
        ("DB-121", "shared_iam", F),  # IAM binding to allUsers
        ("DB-122", "sales", P),
        ("DB-122", "open_data", F),
        ("DB-123", "orders", P),
        ("DB-123", "scratch", F),
        ("DB-124", "etl", P),
        ("DB-124", "etl-v2", P),  # the newer encryptionConfig.kmsKey field
        ("DB-124", "adhoc", F),
        # Cloud SQL flags with documented defaults
        ("DB-108", "mysql-57", F),  # local_infile ON by default before 8.0
        ("DB-108", "mysql-80", P),
        ("DB-111", "pg-noisy", F),
        ("DB-113", "pg-noisy", F),
        ("DB-112", "pg-noisy", P),
        ("DB-115", "mssql-capped", F),
        ("DB-115", "mssql-hardened", P),
        ("DB-116", "mssql-capped", F),
        ("DB-117", "mssql-capped", F),
        ("DB-117", "mssql-hardened", P),
        ("DB-118", "mssql-hardened", P),
        # IAM policies whose resource record is not in the input
        ("IAM-113", "orders", F),  # Pub/Sub topic, allAuthenticatedUsers
        ("IAM-113", "internal", P),
        ("IAM-113", "ci@shop-prod.iam.gserviceaccount.com", F),  # service account, allUsers
        ("IAM-113", "shop-exports", F),  # a bucket known only by its policy
        ("IAM-113", "db-password", P),
        ("IAM-113", "3999", F),  # a project known only by its policy: allUsers as viewer
        ("STOR-003", "shop-assets", F),  # bucket with its record: the bucket check judges it
        # org policy inheritance (ORG_POLICY content): the organisation enforces public
        # access prevention, folders/800 restores the default for shop-prod below it
        ("STOR-002", "shop-dev-uploads", P),  # "inherited" + org enforcement
        ("STOR-002", "shop-prod-uploads", F),  # restoreDefault on the folder wins
        ("STOR-002", "shop-orphan-uploads", U),  # folders/999 is not in the export
        ("VM-105", "shop-dev-console", P),  # disableSerialPortAccess on the project
        ("VM-105", "shop-prod-console", F),
        ("VM-105", "shop-prod-quiet", P),
        ("VM-105", "shop-orphan-console", U),
        ("VM-105", "shop-orphan-quiet", P),  # metadata off: no policy can turn it on
    ],
)
def test_verdicts(findings, check, name, expected):
    assert findings[(check, name)] is expected


def test_a_resource_with_its_record_is_not_judged_twice(findings):
    assert ("IAM-113", "shop-assets") not in findings
    judged = {name for check, name in findings if check == "IAM-113"}
    assert not judged & {"3001", "3002", "700", "800", "shop-assets"}


def test_unknown_names_what_to_export(offline):
    (sink,) = [
        f for f in offline.findings if f.check_id == "LOG-103" and f.resource_name == "shop-orphan"
    ]
    assert "LogSink" in sink.reason


def test_live_scan_gives_the_same_verdicts(offline):
    fake = FakeCai({ORG: load("cis-v5.ndjson")})
    with fake.serve():
        live = run_scan(PROVIDER, live_session(fake, ORG), REGISTRY, [ORG])
    assert live.meta.complete

    def statuses(result):
        return Counter((f.check_id, f.resource_uid, f.status.value) for f in result.findings)

    assert statuses(live) == statuses(offline)
    policy_lists = [q for _, _, q in fake.calls("/assets") if q["contentType"] == ["2"]]
    # IAM policies of every asset type: no type filter on the IAM_POLICY listing
    assert policy_lists
    assert all("assetTypes" not in q for q in policy_lists)
    asked = {t for _, _, q in fake.calls("/assets") for t in q.get("assetTypes", [])}
    for kind in (
        "logging.googleapis.com/LogSink",
        "monitoring.googleapis.com/AlertPolicy",
        "apikeys.googleapis.com/Key",
        "essentialcontacts.googleapis.com/Contact",
        "dns.googleapis.com/Policy",
        "bigquery.googleapis.com/Table",
        "dataproc.googleapis.com/Cluster",
        "compute.googleapis.com/RegionBackendService",
    ):
        assert kind in asked


def test_every_content_type_listed_live_is_declared():
    """Each ListAssets content type a live scan asks for needs its permission declared."""
    needs = {
        "1": "cloudasset.assets.listResource",
        "2": "cloudasset.assets.listIamPolicy",
        "4": "cloudasset.assets.listOrgPolicy",
    }
    fake = FakeCai({ORG: load("cis-v5.ndjson")})
    with fake.serve():
        run_scan(PROVIDER, live_session(fake, ORG), REGISTRY, [ORG])
    asked = {q["contentType"][0] for _, _, q in fake.calls("/assets")}
    assert asked == set(needs)
    declared = set(
        PROVIDER.permission_policy([p for c in PROVIDER.collectors for p in c.permissions])[
            "includedPermissions"
        ]
    )
    assert {needs[c] for c in asked} <= declared
    assert "cloudasset.assets.exportOrgPolicy" in declared
