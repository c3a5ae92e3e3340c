"""Live collection through the real AssetServiceClient (REST) against the fake CAI server."""

from __future__ import annotations

from collections import Counter

import pytest

from providers.gcp import PROVIDER
from providers.gcp.kms import collect_kms_keys
from providers.gcp.storage import collect_buckets
from scanner.config import ScanConfig
from scanner.engine import run_scan
from scanner.errors import CollectionError
from scanner.findings import Status
from scanner.model import Bucket, KmsKey
from scanner.registry import load as load_registry
from scanner.snapshot import SNAPSHOT_SCOPE
from tests.providers.gcp.conftest import FORSETI, ORG, live_session
from tests.providers.gcp.fake_cai import FIXTURES, FakeCai, load

REGISTRY = load_registry().select(provider="gcp")


def _statuses(result) -> Counter[tuple[str, str, str]]:
    return Counter((f.check_id, f.resource_uid, f.status.value) for f in result.findings)


def test_org_scan_makes_one_list_stream_per_content_type_paged_at_1000(forseti_fake):
    session = live_session(forseti_fake, ORG)
    result = run_scan(PROVIDER, session, REGISTRY, [ORG], concurrency=8)
    assert result.meta.complete
    lists = forseti_fake.calls("/assets")
    # one ListAssets stream per content type, shared by every collector of the scope
    assert len(lists) == 3  # resources, IAM policies, org policies
    assert {q["pageSize"][0] for _, _, q in lists} == {"1000"}
    # the REST client sends integer enums; the fake decodes them
    assert sorted(q["contentType"][0] for _, _, q in lists) == ["1", "2", "4"]
    assert result.meta.resources_collected > 60


def test_pages_are_followed(forseti_fake):
    forseti_fake.max_page = 7
    session = live_session(forseti_fake, ORG)
    records = session.resources(ORG, ["compute.googleapis.com/Subnetwork"], resource="Subnet")
    assert len(records) == 24
    tokens = [q.get("pageToken") for _, _, q in forseti_fake.calls("/assets")]
    assert tokens[0] is None
    assert len(tokens) > 2


def test_live_and_snapshot_give_the_same_findings(forseti_fake, tmp_path):
    live = run_scan(PROVIDER, live_session(forseti_fake, ORG), REGISTRY, [ORG])
    snap = tmp_path / "org.ndjson"
    snap.write_text("".join((FIXTURES / f).read_text() for f in FORSETI))
    offline_session = PROVIDER.open_snapshot(snap, ScanConfig(provider="gcp"))
    offline = run_scan(PROVIDER, offline_session, REGISTRY, [SNAPSHOT_SCOPE])
    assert {(c, u, s) for c, u, s in _statuses(live)} == set(_statuses(offline))
    assert offline.meta.accounts == ("organizations/111222333",)


def test_permission_denied_scope_is_unknown_and_incomplete(forseti_fake):
    forseti_fake.records["projects/locked-down"] = []
    forseti_fake.denied.add(("projects/locked-down", "*"))
    session = live_session(forseti_fake, ORG, "projects/locked-down")
    result = run_scan(PROVIDER, session, REGISTRY, session.scopes)
    assert not result.meta.complete
    denied = [e for e in result.errors if e.scope == "projects/locked-down"]
    assert denied
    assert {e.cause for e in denied} == {"PermissionDenied"}
    perms = {e.permission for e in denied}
    assert perms == {"cloudasset.assets.listResource", "cloudasset.assets.listIamPolicy"}
    assert "roles/cloudasset.viewer" in denied[0].hint
    unknown = [f for f in result.findings if f.region == "projects/locked-down"]
    assert unknown
    assert {f.status for f in unknown} == {Status.UNKNOWN}
    # the readable scope is still evaluated, and nothing in the denied scope passes
    assert any(f.status is Status.FAIL for f in result.findings)


def test_iam_policies_denied_only_makes_policy_checks_unknown(forseti_fake):
    forseti_fake.denied.add((ORG, "iam_policy"))
    session = live_session(forseti_fake, ORG)
    result = run_scan(PROVIDER, session, REGISTRY, [ORG])
    assert not result.meta.complete
    statuses = {(f.check_id, f.status) for f in result.findings}
    assert ("IAM-101", Status.UNKNOWN) in statuses
    assert {s for c, s in statuses if c == "STOR-003"} == {Status.UNKNOWN}
    # checks that need no policy still judge the buckets
    assert {s for c, s in statuses if c == "STOR-005"} == {Status.FAIL}


@pytest.mark.parametrize(
    ("collect", "kind"), [(collect_kms_keys, KmsKey), (collect_buckets, Bucket)]
)
def test_policy_backed_collectors_map_unknown_policies_to_none(forseti_fake, collect, kind):
    readable = list(collect(live_session(forseti_fake, ORG), ORG))
    assert readable
    assert all(isinstance(i, kind) and i.policy_allows_public is not None for i in readable)
    forseti_fake.denied.add((ORG, "iam_policy"))
    items = list(collect(live_session(forseti_fake, ORG), ORG))
    (error,) = [i for i in items if isinstance(i, CollectionError)]
    assert error.resource == f"{kind.__name__} IAM policies"
    resources = [i for i in items if isinstance(i, kind)]
    assert len(resources) == len(readable)
    if kind is KmsKey:  # buckets may still be public through an ACL, which needs no policy
        assert {r.policy_allows_public for r in resources} == {None}


def test_resource_exhausted_is_retried_with_backoff(forseti_fake):
    forseti_fake.exhausted = 3
    session = live_session(forseti_fake, ORG)
    records = session.resources(ORG, ["compute.googleapis.com/Firewall"], resource="SecurityGroup")
    assert len(records) == 7
    assert len(forseti_fake.calls("/assets")) == 4  # three 429s, then the page


def test_quota_still_exhausted_after_retries_is_reported(forseti_fake):
    forseti_fake.exhausted = 10_000
    session = live_session(forseti_fake, ORG)
    with pytest.raises(CollectionError) as info:
        session.resources(ORG, ["compute.googleapis.com/Firewall"], resource="SecurityGroup")
    assert info.value.cause == "ResourceExhausted"
    assert "quota" in info.value.hint


def test_export_writes_to_gcs_and_reads_it_back():
    fake = FakeCai({ORG: load(*FORSETI)})
    with fake.serve():
        session = live_session(fake, ORG, export="gs://audit-bucket/cai")
        result = run_scan(PROVIDER, session, REGISTRY, [ORG])
    assert result.meta.complete
    assert len(fake.calls(":exportAssets")) == 3
    assert fake.calls("/operations/")  # the long-running operation was polled
    assert not fake.calls("/assets")  # no ListAssets at all
    names = {name for bucket, name in fake.objects if bucket == "audit-bucket"}
    assert all(n.startswith("cai/complyscan-") for n in names)
    assert result.meta.resources_collected > 60
