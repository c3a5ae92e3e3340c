"""Convert a complyscan JSON report into the shared benchmark's ``pairs.json``.

Usage: python bench/pairs.py REPORT.json OUT.json

Only FAIL findings of mapped checks are emitted. The map below names, for each benchmark
misconfiguration id, the complyscan check that detects it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from scanner.outputs.json_report import finding_dicts

#: benchmark misconfiguration id -> complyscan check id
MISCONFIGURATIONS: dict[str, str] = {
    "vpc-no-flow-logs": "NET-001",
    "sg-open-ssh": "NET-002",
    "sg-open-rdp": "NET-003",
    "sg-open-postgres": "NET-004",
    "sg-open-all-ports": "NET-008",
    "kms-rotation-off": "CRYPTO-001",
    "ebs-unencrypted": "STOR-008",
    "ebs-snapshot-unencrypted": "STOR-009",
    "ebs-snapshot-public": "STOR-010",
    "ebs-default-encryption-off": "STOR-011",
    "rds-unencrypted": "DB-001",
    "rds-no-backups": "DB-002",
    "rds-public": "DB-003",
    "rds-not-multi-az": "DB-004",
    "rds-no-deletion-protection": "DB-005",
    "dynamodb-no-pitr": "DB-007",
    "dynamodb-no-deletion-protection": "DB-008",
    "s3-no-encryption": "STOR-001",
    "s3-no-public-access-block": "STOR-002",
    "s3-no-versioning": "STOR-005",
    "s3-no-logging": "STOR-006",
    "s3-account-no-public-access-block": "STOR-007",
    "sqs-no-sse": "SVC-001",
    "sns-no-kms": "SVC-002",
    "ecr-no-scan-on-push": "SVC-003",
    "ecr-tags-mutable": "SVC-004",
    "efs-unencrypted": "STOR-012",
    "secret-no-rotation": "SVC-005",
    "logs-retention-too-short": "LOG-007",
    "logs-no-kms": "LOG-008",
    "backup-vault-unencrypted": "BACKUP-001",
    "cloudtrail-no-log-validation": "LOG-002",
    "cloudtrail-no-kms": "LOG-003",
    "cloudtrail-no-cloudwatch": "LOG-004",
    "cloudtrail-region-not-logged": "LOG-005",
    "cloudtrail-no-multi-region-trail": "LOG-006",
    "guardduty-disabled": "LOG-010",
    "config-recorder-off": "LOG-009",
    "iam-user-no-mfa": "IAM-001",
    "iam-user-old-access-key": "IAM-002",
    "iam-inline-admin-policy": "IAM-004",
    "iam-user-admin-access": "IAM-005",
    "iam-role-admin-access": "IAM-006",
    "iam-customer-policy-admin": "IAM-007",
    "iam-pwpolicy-min-length": "IAM-010",
    "iam-pwpolicy-no-symbols": "IAM-011",
    "iam-pwpolicy-no-numbers": "IAM-012",
    "iam-pwpolicy-no-uppercase": "IAM-013",
    "iam-pwpolicy-no-lowercase": "IAM-014",
    "iam-pwpolicy-no-reuse-prevention": "IAM-015",
    "iam-pwpolicy-no-expiry": "IAM-016",
}


def _ids(finding: dict[str, Any]) -> list[str]:
    uid = str(finding["resource_uid"])
    ids = [uid, str(finding["resource_name"])]
    tail = uid.rsplit("/", 1)[-1].rsplit(":", 1)[-1]
    ids.append(tail)
    return list(dict.fromkeys(i for i in ids if i))


def to_pairs(report: dict[str, Any]) -> list[dict[str, Any]]:
    """One detection per failing finding of a mapped check."""
    by_check: dict[str, list[str]] = {}
    for mid, cid in MISCONFIGURATIONS.items():
        by_check.setdefault(cid, []).append(mid)
    pairs: list[dict[str, Any]] = []
    for f in finding_dicts(report):  # report version 1 or 2
        if f["status"] != "fail":
            continue
        for mid in by_check.get(f["check_id"], []):
            pairs.append(
                {
                    "misconfiguration_id": mid,
                    "resource_ids": _ids(f),
                    "region": f["region"],
                    "native_id": f["check_id"],
                }
            )
    return pairs


def main(argv: list[str]) -> int:
    """Entry point."""
    if len(argv) != 3:
        print(__doc__)
        return 2
    report = json.loads(Path(argv[1]).read_text())
    pairs = to_pairs(report)
    Path(argv[2]).write_text(json.dumps(pairs, indent=1))
    print(f"{len(pairs)} detections -> {argv[2]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
