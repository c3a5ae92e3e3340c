"""The AWS checks that read only the services Prowler scans in the shared bench.

The shared bench runs Prowler with ``--service ec2 vpc kms iam s3 rds cloudtrail backup
dynamodb efs ecr secretsmanager sqs sns cloudwatch guardduty config`` (its run_pair.sh).
complyscan reads more services than that, so its request count and wall time grow with every
service added. For a like-for-like ratio, this prints (comma-separated, for ``--checks``) the
AWS checks whose resource kind every collector can read with those services' IAM actions
alone (each collector declares its actions; ``vpc`` and ``cloudwatch`` are EC2 and
CloudWatch/Logs actions in IAM).

    CS_EXTRA="--checks $(python bench/same_services.py)" bench/run.sh -n 20 --latency-ms 50
    python bench/same_services.py --explain     # kinds kept and left out, and why
"""

from __future__ import annotations

import sys

from providers.aws import COLLECTORS
from scanner.registry import load

#: Prowler's --service list in the shared bench -> the IAM action prefixes those services use
PROWLER_SERVICES = {
    "ec2": ("ec2",),
    "vpc": ("ec2",),
    "kms": ("kms",),
    "iam": ("iam",),
    "s3": ("s3",),
    "rds": ("rds",),
    "cloudtrail": ("cloudtrail",),
    "backup": ("backup",),
    "dynamodb": ("dynamodb",),
    "efs": ("elasticfilesystem",),
    "ecr": ("ecr",),
    "secretsmanager": ("secretsmanager",),
    "sqs": ("sqs",),
    "sns": ("sns",),
    "cloudwatch": ("cloudwatch", "logs"),
    "guardduty": ("guardduty",),
    "config": ("config",),
}
PREFIXES = frozenset(p for ps in PROWLER_SERVICES.values() for p in ps) | {"sts"}


def kinds() -> tuple[set[str], dict[str, set[str]]]:
    """(kinds whose every collector stays within PREFIXES, kind -> services outside them)."""
    outside: dict[str, set[str]] = {}
    every: set[str] = set()
    for collector in COLLECTORS:
        kind = collector.resource.__name__
        every.add(kind)
        extra = {a.split(":", 1)[0] for a in collector.permissions} - PREFIXES
        if extra:
            outside.setdefault(kind, set()).update(extra)
    return every - set(outside), outside


def main(argv: list[str]) -> int:
    inside, outside = kinds()
    checks = sorted(c.id for c in load().select(provider="aws") if c.resource.__name__ in inside)
    if "--explain" in argv:
        print(f"{len(checks)} checks on {len(inside)} kinds:", ", ".join(sorted(inside)))
        for kind, services in sorted(outside.items()):
            print(f"  left out {kind}: reads {', '.join(sorted(services))}")
        return 0
    print(",".join(checks))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
