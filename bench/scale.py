"""Scale benchmark: ``scanner.engine.evaluate`` over a generated estate of N resources.

Builds N provider-neutral models in memory (a realistic AWS mix: security groups, buckets,
volumes, snapshots, keys, queues, log groups, identities...; roughly a third of them
misconfigured), then runs every registered check over them exactly as a scan does, and
reports the wall time of ``evaluate``, resource-evaluations (check x resource pairs) per
second and the process's peak RSS. Each size runs in a fresh process so peaks do not mix::

    .venv/bin/python -m bench.scale                      # 100k, 300k, 1M
    .venv/bin/python -m bench.scale --sizes 50000 --json
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from scanner.engine import Inventory, evaluate
from scanner.model import (
    Bucket,
    KmsKey,
    LogGroup,
    Network,
    NetworkAcl,
    Queue,
    Resource,
    Role,
    SecurityGroup,
    Snapshot,
    Topic,
    User,
    Volume,
)
from scanner.registry import load

ACCOUNT = "123456789012"
REGIONS = ("us-east-1", "eu-west-1", "ap-southeast-2", "us-west-2")
NOW = datetime(2026, 11, 22, tzinfo=UTC)
KEY = {"enabled": True, "key_managed_by": "customer", "key_id": "arn:aws:kms:key/1"}
PROVIDER_KEY = {"enabled": True, "key_managed_by": "provider"}


def _ident(kind: str, service: str, i: int) -> dict[str, Any]:
    region = REGIONS[i % len(REGIONS)]
    return {
        "uid": f"arn:aws:{service}:{region}:{ACCOUNT}:{kind}/{kind}-{i:07d}",
        "provider": "aws",
        "account": ACCOUNT,
        "region": region,
        "service": service,
        "name": f"{kind}-{i:07d}",
        "tags": {"env": ("prod", "dev", "test")[i % 3], "team": f"team-{i % 40}"},
        "collected_at": NOW,
    }


def _rule(port: int, source: str, protocol: str = "tcp") -> dict[str, Any]:
    return {
        "direction": "ingress",
        "protocol": protocol,
        "from_port": port,
        "to_port": port,
        "sources": (source,),
    }


def security_group(i: int) -> SecurityGroup:
    """Web tier, admin from the VPN, and every 7th group open for SSH or all traffic."""
    rules = [_rule(443, "0.0.0.0/0"), _rule(22, "10.0.0.0/8"), _rule(5432, "10.1.0.0/16")]
    if i % 7 == 0:
        rules.append(_rule(22, "0.0.0.0/0") if i % 2 else _rule(0, "::/0", "all"))
    return SecurityGroup.model_validate(
        _ident("security-group", "ec2", i) | {"network_id": f"vpc-{i % 500}", "rules": rules}
    )


def network_acl(i: int) -> NetworkAcl:
    """Allow HTTPS, deny everything else; every 5th ACL allows all traffic first."""
    allow = _rule(443, "0.0.0.0/0") | {"priority": 100}
    if i % 5 == 0:
        allow = _rule(0, "0.0.0.0/0", "all") | {"priority": 100}
    deny = _rule(0, "0.0.0.0/0", "all") | {"priority": 32767, "action": "deny"}
    return NetworkAcl.model_validate(_ident("network-acl", "ec2", i) | {"rules": [allow, deny]})


def network(i: int) -> Network:
    """A VPC; a third without flow logs."""
    return Network.model_validate(_ident("vpc", "ec2", i) | {"flow_logs_enabled": i % 3 != 0})


def bucket(i: int) -> Bucket:
    """Encrypted and locked down, except every 4th bucket (no encryption, public policy)."""
    poor = i % 4 == 0
    return Bucket.model_validate(
        _ident("bucket", "s3", i)
        | {
            "encryption": {"enabled": False} if poor else KEY,
            "public_access_block": not poor,
            "policy_allows_public": poor,
            "policy_requires_tls": not poor,
            "versioning": i % 3 != 0,
            "access_logging": i % 2 == 0,
        }
    )


def volume(i: int) -> Volume:
    """A CMK-encrypted volume; every 6th unencrypted."""
    return Volume.model_validate(
        _ident("volume", "ec2", i) | {"encryption": {"enabled": False} if i % 6 == 0 else KEY}
    )


def snapshot(i: int) -> Snapshot:
    """A private, encrypted snapshot; every 9th public, every 5th unencrypted."""
    enc = {"enabled": False} if i % 5 == 0 else KEY
    return Snapshot.model_validate(
        _ident("snapshot", "ec2", i) | {"source": "volume", "encryption": enc, "public": i % 9 == 0}
    )


def kms_key(i: int) -> KmsKey:
    """Customer keys, a quarter without rotation; every 10th AWS managed."""
    return KmsKey.model_validate(
        _ident("key", "kms", i)
        | {
            "managed_by": "provider" if i % 10 == 0 else "customer",
            "spec": "symmetric",
            "state": "enabled",
            "rotation_enabled": i % 4 != 0,
        }
    )


def queue(i: int) -> Queue:
    """SQS-managed encryption; every 3rd queue none."""
    return Queue.model_validate(
        _ident("queue", "sqs", i)
        | {"encryption": {"enabled": False} if i % 3 == 0 else PROVIDER_KEY}
    )


def topic(i: int) -> Topic:
    """A CMK-encrypted topic; every 2nd without a key."""
    return Topic.model_validate(
        _ident("topic", "sns", i) | {"encryption": {"enabled": False} if i % 2 else KEY}
    )


def log_group(i: int) -> LogGroup:
    """A year of retention; every 3rd kept 30 days, every 2nd without a key."""
    return LogGroup.model_validate(
        _ident("log-group", "logs", i)
        | {
            "retention_days": 30 if i % 3 == 0 else 365,
            "encryption": {"enabled": False} if i % 2 else KEY,
        }
    )


def user(i: int) -> User:
    """A console user with MFA and one key; every 4th without MFA, every 5th with an old key."""
    created = NOW - timedelta(days=400 if i % 5 == 0 else 30)
    key = {"id": f"AKIA{i:016d}", "active": True, "created_at": created, "last_used_at": NOW}
    return User.model_validate(
        _ident("user", "iam", i)
        | {
            "region": "global",
            "console_access": True,
            "mfa_enabled": i % 4 != 0,
            "access_keys": [key],
            "password_last_used": NOW - timedelta(days=2),
            "created_at": NOW - timedelta(days=500),
        }
    )


def role(i: int) -> Role:
    """A role EC2 may assume; every 8th with an administrator policy attached."""
    trust = {"statements": [{"effect": "Allow", "actions": ["sts:AssumeRole"],
                             "principals": ["ec2.amazonaws.com"]}]}  # fmt: skip
    admin = i % 8 == 0
    name = "AdministratorAccess" if admin else "ReadOnly"
    attached = {"name": name, "arn": f"arn:aws:iam::aws:policy/{name}", "grants_full_admin": admin}
    return Role.model_validate(
        _ident("role", "iam", i)
        | {"region": "global", "trust_policy": trust, "attached_policies": [attached]}
    )


#: (builder, share of the estate) - roughly what a large AWS account holds.
MIX: tuple[tuple[Callable[[int], Resource], float], ...] = (
    (security_group, 0.18),
    (volume, 0.16),
    (snapshot, 0.16),
    (bucket, 0.12),
    (log_group, 0.08),
    (network_acl, 0.06),
    (kms_key, 0.05),
    (queue, 0.05),
    (topic, 0.04),
    (network, 0.04),
    (user, 0.03),
    (role, 0.03),
)


def estate(size: int) -> Iterator[Resource]:
    """``size`` resources in the proportions of ``MIX``."""
    made = 0
    for n, (build, share) in enumerate(MIX):
        count = size - made if n == len(MIX) - 1 else round(size * share)
        made += count
        yield from (build(i) for i in range(count))


def peak_rss_mib() -> float:
    """Peak resident set size of this process (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(size: int) -> dict[str, Any]:
    """Build the estate, evaluate every check over it; figures as a dict."""
    registry = load()
    started = time.perf_counter()
    inventory = Inventory()
    for item in estate(size):
        inventory.resources[type(item)].append(item)
    built = time.perf_counter() - started
    rss_built = peak_rss_mib()
    pairs = sum(
        len(inventory.resources.get(c.resource, ())) for c in registry if "aws" in c.providers
    )
    started = time.perf_counter()
    findings = evaluate(registry, inventory, account=ACCOUNT)
    seconds = time.perf_counter() - started
    statuses = Counter(f.status.value for f in findings)
    return {
        "resources": inventory.count(),
        "kinds": len(inventory.resources),
        "checks": len(registry),
        "evaluations": pairs,
        "findings": len(findings),
        "by_status": dict(sorted(statuses.items())),
        "build_seconds": round(built, 2),
        "evaluate_seconds": round(seconds, 2),
        "evaluations_per_second": round(pairs / seconds),
        "peak_rss_mib_after_build": round(rss_built),
        "peak_rss_mib": round(peak_rss_mib()),
    }


def main() -> None:
    """Run each size in its own process and print a table (or JSON lines)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100000,300000,1000000")
    parser.add_argument("--json", action="store_true", help="one JSON object per size")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # child mode
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one)))
        return
    header = "resources  evaluations  findings  evaluate s  evals/s    peak RSS MiB"
    if not args.json:
        print(header)
    for size in (int(s) for s in args.sizes.split(",")):
        child = subprocess.run(  # noqa: S603 - this script, fresh process per size
            [sys.executable, "-m", "bench.scale", "--one", str(size)],
            check=True,
            capture_output=True,
            text=True,
        )
        row = json.loads(child.stdout)
        if args.json:
            print(json.dumps(row))
        else:
            print(
                f"{row['resources']:>9,}  {row['evaluations']:>11,}  {row['findings']:>8,}  "
                f"{row['evaluate_seconds']:>10}  {row['evaluations_per_second']:>8,}  "
                f"{row['peak_rss_mib']:>12,}"
            )


if __name__ == "__main__":
    main()
