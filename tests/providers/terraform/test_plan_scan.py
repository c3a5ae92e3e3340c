# ruff: noqa: E501 - plan fixtures are written inline, one resource per line
"""Terraform plans judged by the same checks: joins, defaults, unknowns, deletions, errors.

Plans are built in the `terraform show -json` format (tests/providers/terraform/plans.py,
shapes from developer.hashicorp.com/terraform/internals/json-format). Provider defaults
are cited in the mappers (registry.terraform.io/providers/hashicorp/<p>/latest/docs).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from scanner.api import ScanResult, scan
from scanner.cli import app
from scanner.findings import Status
from scanner.outputs.json_report import finding_dicts
from tests.providers.terraform.plans import Res, plan, ref, write

runner = CliRunner()
BUCKET_UNKNOWN = {
    "id": True,
    "arn": True,
    "server_side_encryption_configuration": True,
    "versioning": True,
    "logging": True,
    "policy": True,
}


def _scan(tmp_path: Path, *resources: Res, **kwargs: Any) -> ScanResult:
    path = write(tmp_path / "plan.json", plan(*resources))
    return scan("terraform", snapshot=path, **kwargs)


def _verdicts(result: ScanResult, uid: str) -> dict[str, Status]:
    """Verdicts on one planned resource (its address is the uid, or the name where the ARN
    is known at plan time: S3 buckets)."""
    return {
        f.check_id: f.status for f in result.findings if uid in (f.resource_uid, f.resource_name)
    }


def _bucket(name: str = "b", **values: Any) -> Res:
    return Res("aws_s3_bucket", name, {"bucket": f"acme-{name}", **values}, unknown=BUCKET_UNKNOWN)


def _account_block(**flags: bool) -> Res:
    """``aws_s3_account_public_access_block``: the account level S3 also applies."""
    values = {
        k: flags.get(k, False)
        for k in (
            "block_public_acls",
            "ignore_public_acls",
            "block_public_policy",
            "restrict_public_buckets",
        )
    }
    return Res("aws_s3_account_public_access_block", "this", values, unknown={"id": True})


def _split(kind: str, owner: str, values: dict[str, Any], **extra: Any) -> Res:
    expressions = {"bucket": ref(f"aws_s3_bucket.{owner}.id")}
    return Res(
        f"aws_s3_bucket_{kind}",
        owner,
        values,
        unknown={"bucket": True, "id": True},
        expressions={**expressions, **extra},
    )


# -- S3: v4 split resources joined through configuration references --------------------


def test_new_bucket_without_settings_takes_the_s3_defaults(tmp_path):
    # SSE-S3 on every new bucket since 2023-01-05; Block Public Access on since 2023-04
    result = _scan(tmp_path, _bucket())
    verdicts = _verdicts(result, "aws_s3_bucket.b")
    assert verdicts["STOR-001"] is Status.PASS
    assert verdicts["STOR-002"] is Status.PASS
    assert verdicts["STOR-005"] is Status.FAIL  # versioning is off until enabled
    assert verdicts["STOR-006"] is Status.FAIL
    assert verdicts["STOR-004"] is Status.FAIL  # no policy: nothing denies plain HTTP


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        ({"block_public_acls": True, "ignore_public_acls": True,
          "block_public_policy": True, "restrict_public_buckets": True}, Status.PASS),
        ({"block_public_acls": True, "ignore_public_acls": True,
          "block_public_policy": True, "restrict_public_buckets": False}, Status.FAIL),
        ({"block_public_acls": True, "ignore_public_acls": True,
          "block_public_policy": True}, Status.FAIL),  # omitted flag defaults to false
    ],
)  # fmt: skip
def test_public_access_block_resource_is_joined(tmp_path, flags, expected):
    result = _scan(tmp_path, _bucket(), _split("public_access_block", "b", flags), _account_block())
    assert _verdicts(result, "aws_s3_bucket.b")["STOR-002"] is expected


def test_a_bucket_setting_off_is_unknown_without_the_account_level(tmp_path):
    # S3 applies the stricter of bucket and account settings; the plan does not show the
    # account's unless it manages aws_s3_account_public_access_block
    off = {"block_public_acls": True, "ignore_public_acls": True, "block_public_policy": True}
    result = _scan(tmp_path, _bucket(), _split("public_access_block", "b", off))
    assert _verdicts(result, "aws_s3_bucket.b")["STOR-002"] is Status.UNKNOWN
    covered = _scan(tmp_path, _bucket(), _split("public_access_block", "b", off),
                    _account_block(restrict_public_buckets=True))  # fmt: skip
    assert _verdicts(covered, "aws_s3_bucket.b")["STOR-002"] is Status.PASS


def test_split_resources_join_only_their_own_bucket(tmp_path):
    result = _scan(
        tmp_path,
        _bucket("a"),
        _bucket("z"),
        _split("versioning", "z", {"versioning_configuration": [{"status": "Enabled"}]}),
    )
    assert _verdicts(result, "aws_s3_bucket.a")["STOR-005"] is Status.FAIL
    assert _verdicts(result, "aws_s3_bucket.z")["STOR-005"] is Status.PASS


@pytest.mark.parametrize(
    ("status", "expected"), [("Enabled", Status.PASS), ("Suspended", Status.FAIL)]
)
def test_versioning_status(tmp_path, status, expected):
    versioning = _split("versioning", "b", {"versioning_configuration": [{"status": status}]})
    assert (
        _verdicts(_scan(tmp_path, _bucket(), versioning), "aws_s3_bucket.b")["STOR-005"] is expected
    )


def test_split_resource_joined_by_a_literal_bucket_name(tmp_path):
    versioning = Res(
        "aws_s3_bucket_versioning",
        "byname",
        {"bucket": "acme-b", "versioning_configuration": [{"status": "Enabled"}]},
    )
    result = _scan(tmp_path, _bucket(), versioning)
    assert _verdicts(result, "aws_s3_bucket.b")["STOR-005"] is Status.PASS


def _policy(statement: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


PUBLIC_READ = {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
               "Resource": "arn:aws:s3:::acme-b/*"}  # fmt: skip
DENY_HTTP = {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*",
             "Condition": {"Bool": {"aws:SecureTransport": "false"}}}  # fmt: skip
CONDITIONAL_READ = {**PUBLIC_READ, "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-1"}}}


PAB_OFF = {"block_public_acls": False, "ignore_public_acls": False,
           "block_public_policy": False, "restrict_public_buckets": False}  # fmt: skip


@pytest.mark.parametrize(
    ("statement", "public", "tls"),
    [
        (PUBLIC_READ, Status.FAIL, Status.FAIL),
        (CONDITIONAL_READ, Status.PASS, Status.FAIL),  # a fixed VPC endpoint restricts who
        (DENY_HTTP, Status.PASS, Status.PASS),
    ],
)
def test_bucket_policy_json_goes_through_the_policy_engine(tmp_path, statement, public, tls):
    policy = _split("policy", "b", {"policy": _policy(statement)})
    block = _split("public_access_block", "b", PAB_OFF)
    verdicts = _verdicts(
        _scan(tmp_path, _bucket(), policy, block, _account_block()), "aws_s3_bucket.b"
    )
    assert (verdicts["STOR-003"], verdicts["STOR-004"]) == (public, tls)


def test_a_public_policy_on_a_new_bucket_is_neutralised_by_default_block_public_access(tmp_path):
    # new buckets have all four Block Public Access settings on (RestrictPublicBuckets)
    policy = _split("policy", "b", {"policy": _policy(PUBLIC_READ)})
    assert (
        _verdicts(_scan(tmp_path, _bucket(), policy), "aws_s3_bucket.b")["STOR-003"] is Status.PASS
    )


@pytest.mark.parametrize(
    ("acl", "ownership", "expected"),
    [
        ("public-read", "ObjectWriter", Status.FAIL),
        ("public-read", "BucketOwnerEnforced", Status.PASS),  # ACLs disabled: not applied
        ("private", "ObjectWriter", Status.PASS),
    ],
)
def test_bucket_acl_resource(tmp_path, acl, ownership, expected):
    resources = [
        _bucket(),
        _split("acl", "b", {"acl": acl}),
        _split("ownership_controls", "b", {"rule": [{"object_ownership": ownership}]}),
        _split("public_access_block", "b", PAB_OFF),
        _account_block(),
    ]
    assert _verdicts(_scan(tmp_path, *resources), "aws_s3_bucket.b")["STOR-013"] is expected


def test_bucket_uid_is_its_arn_and_the_address_its_name(tmp_path):
    finding = next(f for f in _scan(tmp_path, _bucket()).findings if f.check_id == "STOR-001")
    assert (finding.resource_uid, finding.resource_name) == (
        "arn:aws:s3:::acme-b",
        "aws_s3_bucket.b",
    )


def test_policy_from_an_unknown_document_is_unknown_naming_the_attribute(tmp_path):
    policy = Res(
        "aws_s3_bucket_policy",
        "b",
        {},
        unknown={"bucket": True, "id": True, "policy": True},
        expressions={
            "bucket": ref("aws_s3_bucket.b.id"),
            "policy": ref("data.aws_iam_policy_document.b.json"),
        },
    )
    result = _scan(tmp_path, _bucket(), policy)
    finding = next(
        f
        for f in result.findings
        if f.check_id == "STOR-003" and f.resource_name == "aws_s3_bucket.b"
    )
    assert finding.status is Status.UNKNOWN
    assert "known after apply: aws_s3_bucket_policy.b.policy" in finding.reason


@pytest.mark.parametrize(
    ("default", "expected_key"),
    [
        (
            {"sse_algorithm": "aws:kms", "kms_master_key_id": "arn:aws:kms:eu-west-1:1:key/k"},
            None,  # a key ARN may be the AWS managed aws/s3 key: the plan cannot tell
        ),
        ({"sse_algorithm": "aws:kms", "kms_master_key_id": "alias/aws/s3"}, "provider"),
        ({"sse_algorithm": "AES256"}, "provider"),
    ],
)
def test_encryption_configuration_resource(tmp_path, default, expected_key):
    sse = _split("server_side_encryption_configuration", "b",
                 {"rule": [{"apply_server_side_encryption_by_default": [default]}]})  # fmt: skip
    path = write(tmp_path / "plan.json", plan(_bucket(), sse))
    from providers.terraform import open_plan  # the model, not only the verdict
    from providers.terraform.aws_s3 import plan_bucket
    from scanner.config import ScanConfig

    session = open_plan(path, ScanConfig(provider="terraform"))
    bucket = plan_bucket(session.plan.resources[0], session)
    assert bucket.encryption is not None
    assert bucket.encryption.key_managed_by == expected_key


def test_kms_key_created_in_the_same_plan_counts_as_customer_managed(tmp_path):
    sse = Res(
        "aws_s3_bucket_server_side_encryption_configuration",
        "b",
        {"rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": "aws:kms"}]}]},
        unknown={"bucket": True, "rule": [{"apply_server_side_encryption_by_default": [{"kms_master_key_id": True}]}]},
        expressions={
            "bucket": ref("aws_s3_bucket.b.id"),
            "rule": [{"apply_server_side_encryption_by_default": [{
                "sse_algorithm": {"constant_value": "aws:kms"},
                "kms_master_key_id": ref("aws_kms_key.k.arn")}]}],
        },
    )  # fmt: skip
    key = Res("aws_kms_key", "k", {"enable_key_rotation": True, "is_enabled": True})
    result = _scan(tmp_path, _bucket(), sse, key)
    assert _verdicts(result, "aws_s3_bucket.b")["STOR-001"] is Status.PASS
    # a key this plan creates is the customer's, whatever its ARN will be
    assert _verdicts(result, "aws_s3_bucket.b")["STOR-104"] is Status.PASS


# -- security groups: inline, aws_security_group_rule, aws_vpc_security_group_*_rule --------


def _sg(name: str = "web", ingress: list[dict[str, Any]] | None = None, **extra: Any) -> Res:
    return Res(
        "aws_security_group",
        name,
        {"name": name, "ingress": ingress or [], "egress": [], "vpc_id": "vpc-1"},
        unknown={"id": True, "arn": True, **extra},
    )


def _inline(port: int, cidr: str, *, to: int | None = None) -> dict[str, Any]:
    v6 = ":" in cidr
    return {"from_port": port, "to_port": port if to is None else to, "protocol": "tcp",
            "cidr_blocks": [] if v6 else [cidr], "ipv6_cidr_blocks": [cidr] if v6 else [],
            "security_groups": [], "self": False, "prefix_list_ids": [], "description": ""}  # fmt: skip


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        (_inline(22, "0.0.0.0/0"), Status.FAIL),
        (_inline(22, "::/0"), Status.FAIL),
        (_inline(22, "10.0.0.0/8"), Status.PASS),
        (_inline(23, "0.0.0.0/0"), Status.PASS),
        (_inline(20, "0.0.0.0/0", to=22), Status.FAIL),
        (_inline(23, "0.0.0.0/0", to=25), Status.PASS),
    ],
)
def test_inline_ingress_rules(tmp_path, rule, expected):
    result = _scan(tmp_path, _sg(ingress=[rule]))
    assert _verdicts(result, "aws_security_group.web")["NET-002"] is expected


def test_security_group_rule_resources_are_joined(tmp_path):
    legacy = Res(
        "aws_security_group_rule",
        "ssh",
        {"type": "ingress", "from_port": 22, "to_port": 22, "protocol": "tcp",
         "cidr_blocks": ["0.0.0.0/0"]},
        unknown={"security_group_id": True, "id": True},
        expressions={"security_group_id": ref("aws_security_group.web.id"),
                     "cidr_blocks": {"constant_value": ["0.0.0.0/0"]}},
    )  # fmt: skip
    v2 = Res(
        "aws_vpc_security_group_ingress_rule",
        "rdp",
        {"from_port": 3389, "to_port": 3389, "ip_protocol": "tcp", "cidr_ipv6": "::/0"},
        unknown={"security_group_id": True, "id": True, "arn": True},
        expressions={"security_group_id": ref("aws_security_group.web.id")},
    )
    other = _sg("other")
    result = _scan(tmp_path, _sg(), other, legacy, v2)
    web = _verdicts(result, "aws_security_group.web")
    assert (web["NET-002"], web["NET-003"]) == (Status.FAIL, Status.FAIL)
    alone = _verdicts(result, "aws_security_group.other")
    assert (alone["NET-002"], alone["NET-003"]) == (Status.PASS, Status.PASS)


def test_rule_with_a_cidr_known_after_apply_is_unknown_naming_it(tmp_path):
    rule = Res(
        "aws_security_group_rule",
        "from_vpc",
        {"type": "ingress", "from_port": 22, "to_port": 22, "protocol": "tcp"},
        unknown={"cidr_blocks": True, "security_group_id": True},
        expressions={"security_group_id": ref("aws_security_group.web.id"),
                     "cidr_blocks": ref("aws_vpc.main.cidr_block")},
    )  # fmt: skip
    result = _scan(tmp_path, _sg(), rule)
    found = [f for f in result.findings if f.resource_uid == "aws_security_group.web"]
    assert found
    assert {f.status for f in found} == {Status.UNKNOWN}
    assert all("aws_security_group_rule.from_vpc.cidr_blocks" in f.reason for f in found)
    # a GCP-only firewall check does not claim an AWS group
    assert not any(f.check_id == "NET-106" for f in found)


# -- KMS, EBS -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"enable_key_rotation": True}, Status.PASS),
        ({"enable_key_rotation": False}, Status.FAIL),
        ({}, Status.FAIL),  # default false (registry: aws_kms_key)
        ({"enable_key_rotation": False, "customer_master_key_spec": "RSA_2048",
          "key_usage": "SIGN_VERIFY"}, Status.NOT_APPLICABLE),
    ],
)  # fmt: skip
def test_kms_key_rotation(tmp_path, values, expected):
    result = _scan(tmp_path, Res("aws_kms_key", "k", values, unknown={"arn": True, "key_id": True}))
    assert _verdicts(result, "aws_kms_key.k")["CRYPTO-001"] is expected


@pytest.mark.parametrize(
    ("values", "unknown", "expected"),
    [
        ({"encrypted": True}, {}, Status.PASS),
        ({"encrypted": False}, {}, Status.FAIL),
        ({}, {"encrypted": True}, Status.UNKNOWN),  # follows the account default
    ],
)
def test_ebs_volume_encryption(tmp_path, values, unknown, expected):
    volume = Res("aws_ebs_volume", "v", {"availability_zone": "eu-west-1a", "size": 8, **values},
                 unknown={"id": True, **unknown})  # fmt: skip
    finding = next(f for f in _scan(tmp_path, volume).findings if f.check_id == "STOR-008")
    assert finding.status is expected
    if expected is Status.UNKNOWN:
        assert "aws_ebs_volume.v.encrypted" in finding.reason


# -- plan semantics -------------------------------------------------------------------------


def test_deletions_are_not_judged_and_no_ops_are(tmp_path):
    gone = Res("aws_kms_key", "gone", {"enable_key_rotation": False}, actions=("delete",))
    kept = Res("aws_kms_key", "kept", {"enable_key_rotation": False}, actions=("no-op",))
    result = _scan(tmp_path, gone, kept)
    uids = {f.resource_uid for f in result.findings}
    assert "aws_kms_key.gone" not in uids
    assert _verdicts(result, "aws_kms_key.kept")["CRYPTO-001"] is Status.FAIL


def test_changed_only_skips_no_ops(tmp_path):
    kept = Res("aws_kms_key", "kept", {"enable_key_rotation": False}, actions=("no-op",))
    new = Res("aws_kms_key", "new", {"enable_key_rotation": False})
    path = write(tmp_path / "plan.json", plan(kept, new))
    out = tmp_path / "out"
    code = runner.invoke(app, ["scan", "--provider", "terraform", "--plan", str(path),
                               "--changed-only", "--output-dir", str(out), "--quiet",
                               "--format", "json"]).exit_code  # fmt: skip
    assert code == 1
    report = json.loads((out / "complyscan-report.json").read_text())
    assert {f["resource_uid"] for f in finding_dicts(report)} == {"aws_kms_key.new"}


def test_child_modules_count_and_for_each_addresses(tmp_path):
    resources = [
        Res("aws_kms_key", "k", {"enable_key_rotation": i == 0}, module="module.keys", index=i)
        for i in range(2)
    ] + [
        Res("aws_security_group", "sg", {"name": k, "ingress": [_inline(22, "0.0.0.0/0")] if k == "open" else [], "egress": []},
            module=f'module.net["{k}"]', index=None)
        for k in ("open", "closed")
    ]  # fmt: skip
    result = _scan(tmp_path, *resources)
    assert _verdicts(result, "module.keys.aws_kms_key.k[0]")["CRYPTO-001"] is Status.PASS
    assert _verdicts(result, "module.keys.aws_kms_key.k[1]")["CRYPTO-001"] is Status.FAIL
    assert _verdicts(result, 'module.net["open"].aws_security_group.sg')["NET-002"] is Status.FAIL
    assert _verdicts(result, 'module.net["closed"].aws_security_group.sg')["NET-002"] is Status.PASS


def test_split_resource_in_a_module_joins_only_within_that_module_instance(tmp_path):
    resources = []
    for key, status in (("a", "Enabled"), ("b", "Suspended")):
        module = f'module.store["{key}"]'
        resources += [
            Res("aws_s3_bucket", "this", {"bucket": f"acme-{key}"}, unknown=BUCKET_UNKNOWN, module=module),
            Res("aws_s3_bucket_versioning", "this", {"versioning_configuration": [{"status": status}]},
                unknown={"bucket": True}, module=module,
                expressions={"bucket": ref("aws_s3_bucket.this.id")}),
        ]  # fmt: skip
    result = _scan(tmp_path, *resources)
    assert _verdicts(result, 'module.store["a"].aws_s3_bucket.this')["STOR-005"] is Status.PASS
    assert _verdicts(result, 'module.store["b"].aws_s3_bucket.this')["STOR-005"] is Status.FAIL


# -- GCP and Azure --------------------------------------------------------------------------


def _firewall(name: str, ranges: list[str], **values: Any) -> Res:
    return Res("google_compute_firewall", name,
               {"name": name, "network": "default", "direction": "INGRESS", "priority": 1000,
                "allow": [{"protocol": "tcp", "ports": ["22"]}], "deny": [],
                "source_ranges": ranges, "disabled": False, "log_config": [], **values},
               unknown={"id": True, "self_link": True})  # fmt: skip


@pytest.mark.parametrize(
    ("ranges", "values", "expected"),
    [
        (["0.0.0.0/0"], {}, Status.FAIL),
        (["35.235.240.0/20"], {}, Status.PASS),  # IAP range only
        (["0.0.0.0/0"], {"disabled": True}, Status.PASS),
        (["0.0.0.0/0"], {"allow": [{"protocol": "tcp", "ports": ["2222"]}]}, Status.PASS),
        (["0.0.0.0/0"], {"allow": [{"protocol": "tcp", "ports": ["20-30"]}]}, Status.FAIL),
    ],
)
def test_google_compute_firewall(tmp_path, ranges, values, expected):
    result = _scan(tmp_path, _firewall("fw", ranges, **values))
    assert _verdicts(result, "google_compute_firewall.fw")["NET-002"] is expected


@pytest.mark.parametrize(
    ("values", "checks"),
    [
        ({"uniform_bucket_level_access": True, "public_access_prevention": "enforced",
          "versioning": [{"enabled": True}]},
         {"STOR-101": Status.PASS, "STOR-002": Status.PASS, "STOR-005": Status.PASS}),
        ({"uniform_bucket_level_access": False, "public_access_prevention": "inherited",
          "versioning": []},
         # "inherited" defers to the org policy constraint, which the plan cannot see
         {"STOR-101": Status.FAIL, "STOR-002": Status.UNKNOWN, "STOR-005": Status.FAIL}),
    ],
)  # fmt: skip
def test_google_storage_bucket(tmp_path, values, checks):
    bucket = Res("google_storage_bucket", "b", {"name": "acme-b", "location": "EU", **values},
                 unknown={"id": True, "self_link": True, "url": True})  # fmt: skip
    verdicts = _verdicts(_scan(tmp_path, bucket), "google_storage_bucket.b")
    assert {k: verdicts[k] for k in checks} == checks


def test_google_bucket_iam_member_all_users_is_public(tmp_path):
    bucket = Res("google_storage_bucket", "b",
                 {"name": "acme-b", "location": "EU", "uniform_bucket_level_access": True},
                 unknown={"id": True})  # fmt: skip
    grant = Res("google_storage_bucket_iam_member", "pub",
                {"role": "roles/storage.objectViewer", "member": "allUsers"},
                unknown={"bucket": True, "etag": True},
                expressions={"bucket": ref("google_storage_bucket.b.name"),
                             "member": {"constant_value": "allUsers"}})  # fmt: skip
    assert (
        _verdicts(_scan(tmp_path, bucket, grant), "google_storage_bucket.b")["STOR-003"]
        is Status.FAIL
    )
    assert _verdicts(_scan(tmp_path, bucket), "google_storage_bucket.b")["STOR-003"] is Status.PASS


@pytest.mark.parametrize(
    ("values", "check", "expected"),
    [
        ({"min_tls_version": "TLS1_2"}, "STOR-202", Status.PASS),
        ({"min_tls_version": "TLS1_1"}, "STOR-202", Status.FAIL),
        ({}, "STOR-202", Status.PASS),  # azurerm default TLS1_2
        ({"https_traffic_only_enabled": False}, "STOR-201", Status.FAIL),
        ({"enable_https_traffic_only": False}, "STOR-201", Status.FAIL),  # azurerm 3.x name
        ({}, "STOR-201", Status.PASS),
        ({"allow_nested_items_to_be_public": False}, "STOR-203", Status.PASS),
        ({}, "STOR-203", Status.FAIL),  # default true
        ({"network_rules": [{"default_action": "Deny"}]}, "STOR-207", Status.PASS),
        ({}, "STOR-207", Status.FAIL),
    ],
)
def test_azurerm_storage_account(tmp_path, values, check, expected):
    account = Res("azurerm_storage_account", "sa",
                  {"name": "acmesa", "location": "westeurope", "account_tier": "Standard", **values},
                  unknown={"id": True, "primary_access_key": True})  # fmt: skip
    assert _verdicts(_scan(tmp_path, account), "azurerm_storage_account.sa")[check] is expected


def _nsg_rule(priority: int, access: str, port: str, source: str = "*") -> dict[str, Any]:
    return {"name": f"r{priority}", "priority": priority, "direction": "Inbound",
            "access": access, "protocol": "Tcp", "source_port_range": "*",
            "destination_port_range": port, "source_address_prefix": source,
            "destination_address_prefix": "*"}  # fmt: skip


@pytest.mark.parametrize(
    ("rules", "expected"),
    [
        ([_nsg_rule(100, "Allow", "22")], Status.FAIL),
        ([_nsg_rule(100, "Deny", "22"), _nsg_rule(200, "Allow", "22")], Status.PASS),
        ([_nsg_rule(100, "Allow", "22", "10.0.0.0/8")], Status.PASS),
        ([], Status.PASS),  # the default DenyAllInBound
    ],
)
def test_azurerm_network_security_group(tmp_path, rules, expected):
    nsg = Res("azurerm_network_security_group", "nsg",
              {"name": "nsg", "location": "westeurope", "security_rule": rules},
              unknown={"id": True})  # fmt: skip
    assert (
        _verdicts(_scan(tmp_path, nsg), "azurerm_network_security_group.nsg")["NET-002"] is expected
    )


def test_azurerm_network_security_rule_resource_is_joined(tmp_path):
    nsg = Res("azurerm_network_security_group", "nsg",
              {"name": "nsg", "location": "westeurope", "security_rule": []},
              unknown={"id": True, "security_rule": True},
              expressions={"name": {"constant_value": "nsg"}})  # fmt: skip
    rule = Res("azurerm_network_security_rule", "ssh",
               {k: v for k, v in _nsg_rule(100, "Allow", "22").items() if k != "name"},
               unknown={"network_security_group_name": True},
               expressions={"network_security_group_name": ref("azurerm_network_security_group.nsg.name")})  # fmt: skip
    assert (
        _verdicts(_scan(tmp_path, nsg, rule), "azurerm_network_security_group.nsg")["NET-002"]
        is Status.FAIL
    )


# -- bad plans: exit 2, never a traceback ------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json at all", "is not JSON"),
        ('{"format_version": "1.2", "planned_values": {"root_module": ', "is not JSON"),
        ('{"format_version": "0.1", "planned_values": {}}', "format_version 0.1 is not supported"),
        ('{"format_version": "2.0", "planned_values": {}}', "format_version 2.0 is not supported"),
        ('{"hello": "world"}', "no format_version"),
        ('{"format_version": "1.2"}', "neither a plan"),
        ("[1, 2]", "expected a JSON object"),
        (
            '{"format_version": "1.2", "planned_values": {"root_module": {"resources": [{"address": "x"}]}}}',
            "malformed or truncated",
        ),
    ],
)
def test_bad_plans_exit_2_with_a_message(tmp_path, content, message):
    path = tmp_path / "plan.json"
    path.write_text(content)
    result = runner.invoke(app, ["scan", "--provider", "terraform", "--plan", str(path),
                                 "--output-dir", str(tmp_path / "o")])  # fmt: skip
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output


def test_terraform_without_a_plan_is_a_usage_error(tmp_path):
    result = runner.invoke(app, ["scan", "--provider", "terraform", "--output-dir", str(tmp_path)])
    assert result.exit_code == 2
    assert "--plan" in result.output


def test_a_state_file_is_judged_like_what_is_deployed(tmp_path):
    state = {
        "format_version": "1.0",
        "terraform_version": "1.9.8",
        "values": {"root_module": {"resources": [
            {"address": "aws_kms_key.k", "mode": "managed", "type": "aws_kms_key", "name": "k",
             "provider_name": "registry.terraform.io/hashicorp/aws", "schema_version": 0,
             "values": {"enable_key_rotation": False, "is_enabled": True, "arn": "arn:aws:kms:eu-west-1:1:key/k"},
             "sensitive_values": {}},
        ]}},
    }  # fmt: skip
    result = scan("terraform", snapshot=write(tmp_path / "state.json", state))
    assert _verdicts(result, "aws_kms_key.k")["CRYPTO-001"] is Status.FAIL


def test_changed_only_judges_a_bucket_whose_policy_resource_changes(tmp_path):
    bucket = Res("aws_s3_bucket", "b", {"bucket": "acme-b"}, actions=("no-op",))
    block = Res(
        "aws_s3_bucket_public_access_block",
        "b",
        {"bucket": "acme-b", **PAB_OFF},
        actions=("no-op",),
    )
    policy = Res(
        "aws_s3_bucket_policy",
        "b",
        {"bucket": "acme-b", "policy": _policy(PUBLIC_READ)},
        actions=("update",),
        expressions={"bucket": ref("aws_s3_bucket.b.id")},
    )
    quiet = Res("aws_s3_bucket", "quiet", {"bucket": "acme-quiet"}, actions=("no-op",))
    account = _account_block()
    account.actions = ("no-op",)
    path = write(tmp_path / "plan.json", plan(bucket, block, policy, quiet, account))
    result = scan("terraform", snapshot=path, changed_only=True)
    assert {f.resource_name for f in result.findings} == {"aws_s3_bucket.b"}
    assert _verdicts(result, "aws_s3_bucket.b")["STOR-003"] is Status.FAIL


def test_a_wholly_unknown_resource_is_unknown_not_judged_on_guesses(tmp_path):
    # `after_unknown: true`: Terraform knows nothing of the object before apply
    volume = Res("aws_ebs_volume", "v", {"encrypted": True}, unknown=True)  # type: ignore[arg-type]
    key = Res("aws_kms_key", "k", {"enable_key_rotation": True}, unknown=True)  # type: ignore[arg-type]
    result = _scan(tmp_path, volume, key)
    assert _verdicts(result, "aws_ebs_volume.v")["STOR-008"] is Status.UNKNOWN
    assert _verdicts(result, "aws_kms_key.k")["CRYPTO-001"] is Status.UNKNOWN
