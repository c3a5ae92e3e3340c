"""Benchmark: evaluate a synthetic N-asset Cloud Asset Inventory export offline.

Usage:
    python bench/gcp_snapshot.py [N] [--keep FILE]      # generate N assets, then evaluate
    python bench/gcp_snapshot.py generate N FILE        # only write the export
    python bench/gcp_snapshot.py evaluate FILE          # only evaluate (prints JSON stats)
    python bench/gcp_snapshot.py phases FILE [--until collect]  # read / collect / evaluate

The export mixes the asset types complyscan maps (firewalls, subnetworks, instances, disks,
buckets, crypto keys, Cloud SQL, service account keys, DNS zones, GKE clusters) in
``gcloud asset export`` snake_case, plus one IAM policy per project and bucket. Evaluation
runs in a child process so its peak RSS is measured alone: the snapshot is read, every GCP
check is run, and JSON + SARIF reports are written, exactly as ``complyscan scan
--provider gcp --snapshot FILE`` does.
"""

from __future__ import annotations

import importlib
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

PROJECTS = 200
CRM = "//cloudresourcemanager.googleapis.com/"


def _compute(kind: str, project: str, i: int, rnd: random.Random) -> dict[str, Any]:
    zone = rnd.choice(["europe-west1-b", "us-central1-a", "asia-east1-c"])
    net = f"https://www.googleapis.com/compute/v1/projects/{project}/global/networks/default"
    base = f"//compute.googleapis.com/projects/{project}"
    if kind == "Firewall":
        port = rnd.choice(["22", "3389", "443", "1-65535", "5432"])
        data: dict[str, Any] = {
            "name": f"fw-{i}",
            "network": net,
            "direction": "INGRESS",
            "priority": 1000,
            "allowed": [{"IPProtocol": "tcp", "ports": [port]}],
            "sourceRanges": [rnd.choice(["0.0.0.0/0", "10.0.0.0/8", "::/0"])],
        }
        return _asset(f"{base}/global/firewalls/fw-{i}", kind, data, project, "global")
    if kind == "Subnetwork":
        region = zone.rsplit("-", 1)[0]
        data = {"name": f"sn-{i}", "network": net, "ipCidrRange": "10.0.0.0/24",
                "privateIpGoogleAccess": rnd.random() < 0.5,
                "logConfig": {"enable": rnd.random() < 0.5}}  # fmt: skip
        return _asset(f"{base}/regions/{region}/subnetworks/sn-{i}", kind, data, project, region)
    if kind == "Instance":
        data = {
            "name": f"vm-{i}",
            "canIpForward": rnd.random() < 0.1,
            "networkInterfaces": [{"network": net, "accessConfigs": [{"type": "ONE_TO_ONE_NAT"}]}],
            "serviceAccounts": [{"email": f"{i}-compute@developer.gserviceaccount.com",
                                 "scopes": ["https://www.googleapis.com/auth/cloud-platform"]}],
            "metadata": {"items": [{"key": "enable-oslogin", "value": "TRUE"}]},
            "shieldedInstanceConfig": {"enableVtpm": True, "enableIntegrityMonitoring": True},
        }  # fmt: skip
        return _asset(f"{base}/zones/{zone}/instances/vm-{i}", kind, data, project, zone)
    data = {"name": f"disk-{i}", "users": [f"{base}/zones/{zone}/instances/vm-{i}"]}
    return _asset(f"{base}/zones/{zone}/disks/disk-{i}", "Disk", data, project, zone)


def _asset(name: str, kind: str, data: dict[str, Any], project: str, where: str) -> dict[str, Any]:
    service = "compute.googleapis.com" if "compute" in name else name.split("/")[2]
    return {
        "name": name,
        "asset_type": f"{service}/{kind}",
        "resource": {"version": "v1", "data": data, "parent": f"{CRM}projects/{project}",
                     "location": where},
        "ancestors": [f"projects/{project}", "organizations/1"],
    }  # fmt: skip


def _other(kind: str, project: str, i: int, rnd: random.Random) -> dict[str, Any]:
    if kind == "Bucket":
        data: dict[str, Any] = {
            "name": f"b-{i}",
            "location": "EU",
            "iamConfiguration": {"uniformBucketLevelAccess": {"enabled": rnd.random() < 0.5}},
            "versioning": {"enabled": rnd.random() < 0.5},
        }
        return _asset(f"//storage.googleapis.com/b-{i}", "Bucket", data, project, "eu")
    if kind == "CryptoKey":
        name = f"projects/{project}/locations/europe-west1/keyRings/r/cryptoKeys/k-{i}"
        data = {"name": name, "purpose": "ENCRYPT_DECRYPT", "rotationPeriod": "7776000s",
                "primary": {"state": "ENABLED"}}  # fmt: skip
        return _asset(f"//cloudkms.googleapis.com/{name}", kind, data, project, "europe-west1")
    if kind == "Instance":
        data = {"name": f"sql-{i}", "databaseVersion": "POSTGRES_15", "region": "europe-west1",
                "settings": {"backupConfiguration": {"enabled": True},
                             "ipConfiguration": {"ipv4Enabled": rnd.random() < 0.5}}}  # fmt: skip
        name = f"//cloudsql.googleapis.com/projects/{project}/instances/sql-{i}"
        return {**_asset(name, kind, data, project, "europe-west1"),
                "asset_type": "sqladmin.googleapis.com/Instance"}  # fmt: skip
    key = f"projects/{project}/serviceAccounts/sa@{project}.iam.gserviceaccount.com/keys/{i}"
    data = {"name": key, "keyType": rnd.choice(["USER_MANAGED", "SYSTEM_MANAGED"]),
            "validAfterTime": "2026-01-01T00:00:00Z"}  # fmt: skip
    return _asset(f"//iam.googleapis.com/{key}", "ServiceAccountKey", data, project, "global")


#: (share of assets, generator)
_MIX: tuple[tuple[float, Callable[[str, int, random.Random], dict[str, Any]]], ...] = (
    (0.25, lambda p, i, r: _compute("Firewall", p, i, r)),
    (0.15, lambda p, i, r: _compute("Subnetwork", p, i, r)),
    (0.20, lambda p, i, r: _compute("Instance", p, i, r)),
    (0.20, lambda p, i, r: _compute("Disk", p, i, r)),
    (0.08, lambda p, i, r: _other("Bucket", p, i, r)),
    (0.05, lambda p, i, r: _other("CryptoKey", p, i, r)),
    (0.03, lambda p, i, r: _other("Instance", p, i, r)),
    (0.04, lambda p, i, r: _other("ServiceAccountKey", p, i, r)),
)


def records(count: int, seed: int = 7) -> Iterator[dict[str, Any]]:
    """``count`` asset records (resources plus project IAM policies), deterministic."""
    rnd = random.Random(seed)  # noqa: S311 - synthetic data, not security
    projects = [f"proj-{n:04d}" for n in range(PROJECTS)]
    project_type = "cloudresourcemanager.googleapis.com/Project"
    owner = {"role": "roles/owner", "members": ["user:a@x.test"]}
    for n, project in enumerate(projects):
        name, number = f"{CRM}projects/{n + 1000}", str(n + 1000)
        data = {"projectId": project, "projectNumber": number}
        yield {"name": name, "asset_type": project_type, "resource": {"data": data}}
        yield {"name": name, "asset_type": project_type, "iam_policy": {"bindings": [owner]}}
    weights = [w for w, _ in _MIX]
    for i in range(count - 2 * PROJECTS):
        make = rnd.choices([g for _, g in _MIX], weights)[0]
        yield make(projects[i % PROJECTS], i, rnd)


def generate(count: int, path: Path) -> None:
    """Write ``count`` records as NDJSON."""
    with path.open("w") as out:
        for record in records(count):
            out.write(json.dumps(record) + "\n")


def evaluate(path: Path) -> dict[str, Any]:
    """Read, scan and report ``path`` like ``complyscan scan --snapshot``; timings in s."""
    from providers.gcp import PROVIDER, open_snapshot  # noqa: PLC0415 - timed imports
    from scanner.config import ScanConfig  # noqa: PLC0415
    from scanner.engine import run_scan  # noqa: PLC0415
    from scanner.log import configure_logging  # noqa: PLC0415
    from scanner.outputs import write_outputs  # noqa: PLC0415
    from scanner.registry import load  # noqa: PLC0415

    configure_logging(json=False, level="warning")
    started = time.perf_counter()
    session = open_snapshot(path, ScanConfig(provider="gcp"))
    loaded = time.perf_counter()
    registry = load().select(provider="gcp")
    result = run_scan(PROVIDER, session, registry, PROVIDER.scopes(session, ScanConfig()))
    scanned = time.perf_counter()
    with tempfile.TemporaryDirectory() as out:
        write_outputs(result, Path(out), ("json", "sarif"))
    done = time.perf_counter()
    return {
        "records": sum(1 for _ in path.open()),
        "resources": result.meta.resources_collected,
        "findings": len(result.findings),
        "checks": len(registry),
        "read_s": round(loaded - started, 2),
        "scan_s": round(scanned - loaded, 2),
        "report_s": round(done - scanned, 2),
        "total_s": round(done - started, 2),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def _rss_mib() -> float:
    """Resident set size now (``ru_maxrss`` only gives the peak)."""
    with Path("/proc/self/statm").open() as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


def phases(path: Path, until: str = "evaluate", provider: str = "gcp") -> dict[str, Any]:
    """Seconds (wall and CPU), RSS after, and peak RSS so far for each phase of an offline
    scan of ``path`` by ``provider`` (gcp, or azure: bench/azure_snapshot.py);
    ``until="collect"`` stops before evaluating."""
    from scanner.config import ScanConfig  # noqa: PLC0415 - timed imports
    from scanner.engine import collect  # noqa: PLC0415
    from scanner.engine import evaluate as run_checks  # noqa: PLC0415
    from scanner.log import configure_logging  # noqa: PLC0415
    from scanner.registry import load  # noqa: PLC0415

    spec = importlib.import_module(f"providers.{provider}").PROVIDER
    configure_logging(json=False, level="error")
    registry = load().select(provider=provider)
    stats: dict[str, Any] = {}

    def mark(phase: str, began: tuple[float, float]) -> tuple[float, float]:
        now = (time.perf_counter(), time.process_time())
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        stats[phase] = {
            "s": round(now[0] - began[0], 2),
            "cpu_s": round(now[1] - began[1], 2),
            "rss_mib": round(_rss_mib()),
            "peak_mib": round(peak),
        }
        return now

    began = (time.perf_counter(), time.process_time())
    config = ScanConfig(provider=provider)
    session = spec.open_snapshot(path, config)
    began = mark("read", began)
    scopes = spec.scopes(session, config)
    inventory = collect(spec, session, scopes, registry.resource_kinds())
    inventory.errors.extend(session.input_errors)
    session.release_inputs()  # as run_scan does between the two phases
    began = mark("collect", began)
    stats["resources"] = inventory.count()
    if until == "evaluate":
        findings = run_checks(registry, inventory, account=session.account)
        mark("evaluate", began)
        stats["findings"] = len(findings)
    return stats


def main(argv: list[str]) -> int:
    """Entry point; see the module docstring."""
    if argv[:1] == ["generate"]:
        generate(int(argv[1]), Path(argv[2]))
        return 0
    if argv[:1] == ["evaluate"]:
        print(json.dumps(evaluate(Path(argv[1]))))
        return 0
    if argv[:1] == ["phases"]:
        until = argv[argv.index("--until") + 1] if "--until" in argv else "evaluate"
        print(json.dumps(phases(Path(argv[1]), until)))
        return 0
    count = int(argv[0]) if argv else 100_000
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(argv[argv.index("--keep") + 1]) if "--keep" in argv else Path(tmp) / "x.json"
        began = time.perf_counter()
        generate(count, path)
        print(f"generated {count} assets in {time.perf_counter() - began:.1f}s: {path}")
        child = subprocess.run(  # noqa: S603 - our own interpreter and script
            [sys.executable, __file__, "evaluate", str(path)],
            check=True,
            capture_output=True,
            text=True,
        )
        print(child.stdout.strip())
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
