"""Time complyscan on a large Terraform plan: ``python bench/terraform_plan.py [N]``.

Writes a plan of N resources (default 5,000) in the `terraform show -json` format: a
third S3 buckets each with a versioning and a public-access-block resource joined by
reference, then security groups, KMS keys and EBS volumes; then runs
``complyscan scan --provider terraform --plan`` on it and prints the wall time.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any


def _entry(address: str, kind: str, name: str, values: dict[str, Any]) -> dict[str, Any]:
    return {"address": address, "mode": "managed", "type": kind, "name": name,
            "provider_name": "registry.terraform.io/hashicorp/aws", "schema_version": 0,
            "values": values, "sensitive_values": {}}  # fmt: skip


def build(n: int) -> dict[str, Any]:
    """A plan of about ``n`` resources."""
    planned: list[dict[str, Any]] = []
    changes: list[dict[str, Any]] = []
    config: list[dict[str, Any]] = []

    def add(kind: str, name: str, values: dict[str, Any], expressions: dict[str, Any],
            unknown: dict[str, Any]) -> None:  # fmt: skip
        address = f"{kind}.{name}"
        planned.append(_entry(address, kind, name, values))
        changes.append({"address": address, "mode": "managed", "type": kind, "name": name,
                        "provider_name": "registry.terraform.io/hashicorp/aws",
                        "change": {"actions": ["create"], "before": None, "after": values,
                                   "after_unknown": unknown}})  # fmt: skip
        config.append({"address": address, "mode": "managed", "type": kind, "name": name,
                       "provider_config_key": "aws", "expressions": expressions,
                       "schema_version": 0})  # fmt: skip

    buckets = n // 6
    for i in range(buckets):
        name = f"b{i}"
        ref = {"references": [f"aws_s3_bucket.{name}.id", f"aws_s3_bucket.{name}"]}
        computed = {"id": True, "versioning": True, "server_side_encryption_configuration": True}
        constant = {"bucket": {"constant_value": f"acme-{i}"}}
        add("aws_s3_bucket", name, {"bucket": f"acme-{i}"}, constant, computed)
        add("aws_s3_bucket_versioning", name,
            {"versioning_configuration": [{"status": "Enabled" if i % 2 else "Suspended"}]},
            {"bucket": ref}, {"bucket": True})  # fmt: skip
        flags = ("block_public_acls", "ignore_public_acls", "block_public_policy",
                 "restrict_public_buckets")  # fmt: skip
        add("aws_s3_bucket_public_access_block", name, dict.fromkeys(flags, i % 3 != 0),
            {"bucket": ref}, {"bucket": True})  # fmt: skip
    rest = n - 3 * buckets
    for i in range(rest // 3):
        cidr = "0.0.0.0/0" if i % 4 == 0 else "10.0.0.0/8"
        add("aws_security_group", f"sg{i}", {"name": f"sg{i}", "egress": [], "ingress": [
            {"from_port": 22, "to_port": 22, "protocol": "tcp", "cidr_blocks": [cidr],
             "ipv6_cidr_blocks": [], "security_groups": [], "self": False,
             "prefix_list_ids": [], "description": ""}]}, {}, {"id": True})  # fmt: skip
        add("aws_kms_key", f"k{i}", {"enable_key_rotation": i % 2 == 0}, {}, {"arn": True})
    for i in range(rest - 2 * (rest // 3)):
        add("aws_ebs_volume", f"v{i}", {"availability_zone": "eu-west-1a", "size": 8,
            "encrypted": i % 2 == 0}, {}, {"id": True})  # fmt: skip
    return {
        "format_version": "1.2",
        "terraform_version": "1.9.8",
        "planned_values": {"root_module": {"resources": planned}},
        "resource_changes": changes,
        "configuration": {"root_module": {"resources": config}},
    }


def main() -> None:
    """Build the plan, scan it, print the figures."""
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "plan.json"
        document = build(n)
        path.write_text(json.dumps(document), encoding="utf-8")
        count = len(document["resource_changes"])
        started = time.perf_counter()
        run = subprocess.run(  # noqa: S603 - our own CLI on our own file
            ["complyscan", "scan", "--provider", "terraform", "--plan", str(path),  # noqa: S607
             "--output-dir", str(Path(tmp) / "out"), "--format", "json,sarif", "--quiet",
             "--fail-on", "none"],
            check=False,
        )  # fmt: skip
        elapsed = time.perf_counter() - started
        report = json.loads((Path(tmp) / "out" / "complyscan-report.json").read_text())
    print(f"{count} resources, {report['summary']['total']} findings, exit {run.returncode}, "
          f"{elapsed:.2f} s wall (json+sarif written)")  # fmt: skip


if __name__ == "__main__":
    main()
