# ruff: noqa: E501 - plan fixtures are written inline, one resource per line
"""Edge cases of providers/terraform/aws_snapshots.py (model Snapshot): encryption taken
from the source of the plan, defaults, public sharing, and values known after apply.

registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/: ebs_snapshot
(``volume_id``; ``encrypted`` / ``kms_key_id`` are attributes read from the snapshot),
ebs_snapshot_copy (``encrypted``, ``kms_key_id``, ``source_snapshot_id``),
snapshot_create_volume_permission, db_snapshot and db_cluster_snapshot
(``shared_accounts``: ``all`` makes it public), db_instance (``storage_encrypted`` default
false), rds_cluster (``storage_encrypted`` false for provisioned, true for serverless
``engine_mode``), ami (``ebs_block_device``), ami_copy (``encrypted`` default false),
ami_launch_permission (``group = "all"``). EBS User Guide, "Amazon EBS encryption": a
volume's encryption follows "encryption by default" when not set; a snapshot of an
encrypted volume is encrypted with the volume's key.
"""

from __future__ import annotations

import pytest

from scanner.api import Status
from tests.providers.terraform.plans import Res, ref
from tests.providers.terraform.plans import scan_plan as _scan
from tests.providers.terraform.plans import verdict_of as _verdict

# fmt: off
KEY = Res("aws_kms_key", "k", {"enable_key_rotation": True}, unknown={"arn": True, "key_id": True})






def _volume(values: dict, **expressions: dict) -> Res:
    exprs = {k: {"constant_value": v} for k, v in values.items()}
    exprs.update(expressions)
    return Res("aws_ebs_volume", "v", {"availability_zone": "eu-west-1a", **values}, unknown={"id": True}, expressions=exprs)


SNAP = Res("aws_ebs_snapshot", "s", {}, unknown={"volume_id": True, "encrypted": True, "kms_key_id": True},
           expressions={"volume_id": ref("aws_ebs_volume.v.id")})


@pytest.mark.parametrize(
    ("resources", "check", "expected"),
    [
        ([_volume({"encrypted": True}), SNAP], "STOR-009", Status.PASS),
        ([_volume({"encrypted": False}), SNAP], "STOR-009", Status.FAIL),
        # volume encryption omitted: the account's encryption by default decides
        ([_volume({}), SNAP], "STOR-009", Status.UNKNOWN),
        # a volume outside the plan: the snapshot's encryption is known after apply
        ([Res("aws_ebs_snapshot", "s", {"volume_id": "vol-0123"}, unknown={"encrypted": True})], "STOR-009", Status.UNKNOWN),
        # key: a key of the plan is customer managed; none named is aws/ebs (AWS managed)
        ([KEY, _volume({"encrypted": True}, kms_key_id=ref("aws_kms_key.k.arn")), SNAP], "CRYPTO-606", Status.PASS),
        ([_volume({"encrypted": True}), SNAP], "CRYPTO-606", Status.FAIL),
        # create volume permissions: an account is not public, group all is
        ([_volume({"encrypted": True}), SNAP, Res("aws_snapshot_create_volume_permission", "p", {"account_id": "210987654321"},
          unknown={"snapshot_id": True}, expressions={"snapshot_id": ref("aws_ebs_snapshot.s.id")})], "STOR-010", Status.PASS),
        ([_volume({"encrypted": True}), SNAP, Res("aws_snapshot_create_volume_permission", "p", {"group": "all"},
          unknown={"snapshot_id": True}, expressions={"snapshot_id": ref("aws_ebs_snapshot.s.id")})], "STOR-010", Status.FAIL),
        # an existing snapshot may be shared from outside the plan
        ([Res("aws_ebs_snapshot", "s", {"volume_id": "vol-0123", "encrypted": True}, actions=("no-op",))], "STOR-010", Status.UNKNOWN),
        ([Res("aws_ebs_snapshot", "s", {"volume_id": "vol-0123", "encrypted": True}, actions=("no-op",))], "STOR-009", Status.PASS),
        # copies: encrypted true encrypts; otherwise the source's encryption carries over
        ([Res("aws_ebs_snapshot_copy", "s", {"source_snapshot_id": "snap-1", "source_region": "eu-west-1", "encrypted": True})], "STOR-009", Status.PASS),
        ([Res("aws_ebs_snapshot_copy", "s", {"source_snapshot_id": "snap-1", "source_region": "eu-west-1", "encrypted": False})], "STOR-009", Status.UNKNOWN),
        ([_volume({"encrypted": True}), Res("aws_ebs_snapshot", "src", {}, unknown={"volume_id": True}, expressions={"volume_id": ref("aws_ebs_volume.v.id")}),
          Res("aws_ebs_snapshot_copy", "s", {"source_region": "eu-west-1"}, unknown={"source_snapshot_id": True},
              expressions={"source_snapshot_id": ref("aws_ebs_snapshot.src.id")})], "STOR-009", Status.PASS),
        ([_volume({"encrypted": False}), Res("aws_ebs_snapshot", "src", {}, unknown={"volume_id": True}, expressions={"volume_id": ref("aws_ebs_volume.v.id")}),
          Res("aws_ebs_snapshot_copy", "s", {"source_region": "eu-west-1"}, unknown={"source_snapshot_id": True},
              expressions={"source_snapshot_id": ref("aws_ebs_snapshot.src.id")})], "STOR-009", Status.FAIL),
    ],
)
def test_ebs_snapshot_twins(tmp_path, resources, check, expected):
    address = "aws_ebs_snapshot_copy.s" if any(r.type == "aws_ebs_snapshot_copy" for r in resources) else "aws_ebs_snapshot.s"
    status, _ = _verdict(_scan(tmp_path, *resources), address, check)
    assert status is expected


def _db(values: dict) -> Res:
    return Res("aws_db_instance", "db", {"identifier": "db", "engine": "postgres", "instance_class": "db.t3.micro", **values}, unknown={"arn": True})


def _dbsnap(shared: list | None = None, unknown: dict | None = None) -> Res:
    values = {"db_snapshot_identifier": "s", **({"shared_accounts": shared} if shared is not None else {})}
    return Res("aws_db_snapshot", "s", values, unknown={"encrypted": True, **(unknown or {})},
               expressions={"db_instance_identifier": ref("aws_db_instance.db.identifier"),
                            **({"shared_accounts": ref("var.share")} if unknown else {})})


@pytest.mark.parametrize(
    ("resources", "check", "expected"),
    [
        ([_db({"storage_encrypted": True}), _dbsnap()], "STOR-009", Status.PASS),
        ([_db({}), _dbsnap()], "STOR-009", Status.FAIL),  # storage_encrypted defaults to false
        ([_db({}), _dbsnap(["all"])], "STOR-010", Status.FAIL),
        ([_db({}), _dbsnap(["123456789012", "all"])], "STOR-010", Status.FAIL),
        ([_db({}), _dbsnap(["123456789012"])], "STOR-010", Status.PASS),
        ([_db({}), _dbsnap()], "STOR-010", Status.PASS),
        ([_db({}), _dbsnap([], unknown={"shared_accounts": True})], "STOR-010", Status.UNKNOWN),
        ([KEY, Res("aws_db_instance", "db", {"identifier": "db", "storage_encrypted": True}, unknown={"kms_key_id": True},
                   expressions={"kms_key_id": ref("aws_kms_key.k.arn"), "storage_encrypted": {"constant_value": True}}), _dbsnap()], "CRYPTO-606", Status.PASS),
    ],
)
def test_db_snapshot_twins(tmp_path, resources, check, expected):
    status, _ = _verdict(_scan(tmp_path, *resources), "aws_db_snapshot.s", check)
    assert status is expected


@pytest.mark.parametrize(
    ("cluster", "expected"),
    [
        ({"cluster_identifier": "c", "engine": "aurora-mysql"}, Status.FAIL),  # provisioned: false
        ({"cluster_identifier": "c", "engine": "aurora-mysql", "engine_mode": "serverless"}, Status.PASS),
        ({"cluster_identifier": "c", "engine": "aurora-mysql", "storage_encrypted": True}, Status.PASS),
    ],
)
def test_cluster_snapshot_encryption(tmp_path, cluster, expected):
    snapshot = Res("aws_db_cluster_snapshot", "s", {"db_cluster_snapshot_identifier": "s"}, unknown={"storage_encrypted": True},
                   expressions={"db_cluster_identifier": ref("aws_rds_cluster.c.id")})
    status, _ = _verdict(_scan(tmp_path, Res("aws_rds_cluster", "c", cluster), snapshot), "aws_db_cluster_snapshot.s", "STOR-009")
    assert status is expected


def _ami(devices: list, unknown: dict | None = None, expressions: dict | None = None) -> Res:
    return Res("aws_ami", "a", {"name": "a", "ebs_block_device": devices}, unknown=unknown or {}, expressions=expressions)


@pytest.mark.parametrize(
    ("resources", "check", "expected"),
    [
        ([_ami([{"device_name": "/dev/xvda", "volume_size": 8, "encrypted": True}])], "STOR-009", Status.PASS),
        # every device must be encrypted
        ([_ami([{"device_name": "/dev/xvda", "volume_size": 8, "encrypted": True}, {"device_name": "/dev/xvdb", "volume_size": 8, "encrypted": False}])], "STOR-009", Status.FAIL),
        ([_ami([])], "STOR-009", Status.FAIL),  # no EBS device: not encrypted (as live)
        # a device from a snapshot of the plan: that snapshot's encryption
        ([_volume({"encrypted": True}), SNAP, _ami([{"device_name": "/dev/xvda", "encrypted": False}], unknown={"ebs_block_device": [{"snapshot_id": True}]},
          expressions={"ebs_block_device": [{"snapshot_id": ref("aws_ebs_snapshot.s.id")}]})], "STOR-009", Status.PASS),
        # from a snapshot outside the plan, not marked encrypted: the snapshot decides
        ([_ami([{"device_name": "/dev/xvda", "snapshot_id": "snap-1", "encrypted": False}])], "STOR-009", Status.UNKNOWN),
        # copies: encrypted true, or the source's (unknown at plan time)
        ([Res("aws_ami_copy", "a", {"name": "a", "source_ami_id": "ami-1", "source_ami_region": "eu-west-1", "encrypted": True})], "STOR-009", Status.PASS),
        ([Res("aws_ami_copy", "a", {"name": "a", "source_ami_id": "ami-1", "source_ami_region": "eu-west-1", "encrypted": False})], "STOR-009", Status.UNKNOWN),
        ([Res("aws_ami_from_instance", "a", {"name": "a", "source_instance_id": "i-1"})], "STOR-009", Status.UNKNOWN),
        # launch permissions: group all is public, an account is not
        ([_ami([]), Res("aws_ami_launch_permission", "p", {"group": "all"}, unknown={"image_id": True}, expressions={"image_id": ref("aws_ami.a.id")})], "STOR-010", Status.FAIL),
        ([_ami([]), Res("aws_ami_launch_permission", "p", {"account_id": "210987654321"}, unknown={"image_id": True}, expressions={"image_id": ref("aws_ami.a.id")})], "STOR-010", Status.PASS),
        ([_ami([]), Res("aws_ami_launch_permission", "p", {"group": "all"}, unknown={"image_id": True}, expressions={"image_id": ref("aws_ami.other.id")})], "STOR-010", Status.PASS),
    ],
)
def test_ami_twins(tmp_path, resources, check, expected):
    address = next(r.address for r in resources if r.type.startswith("aws_ami") and "permission" not in r.type)
    status, _ = _verdict(_scan(tmp_path, *resources), address, check)
    assert status is expected


def test_snapshots_pair_with_volumes_by_count_key(tmp_path):
    volumes = [Res("aws_ebs_volume", "v", {"availability_zone": "eu-west-1a", "encrypted": n == 0}, index=n) for n in (0, 1)]
    snapshots = [Res("aws_ebs_snapshot", "s", {}, index=n, unknown={"volume_id": True, "encrypted": True},
                     expressions={"volume_id": {"references": ["aws_ebs_volume.v"]}}) for n in (0, 1)]
    result = _scan(tmp_path, *volumes, *snapshots)
    assert _verdict(result, "aws_ebs_snapshot.s[0]", "STOR-009")[0] is Status.PASS
    assert _verdict(result, "aws_ebs_snapshot.s[1]", "STOR-009")[0] is Status.FAIL
# fmt: on
