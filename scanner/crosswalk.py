"""The cross-framework matrix: one row per check family, its ids per framework, its verdict.

Compliance teams work from a table like "MFA required | CC6.1 | A.9.4.2 | PR.AC-7": one
control, a checkbox in each framework. A *family* is a named group of checks that together
test one such control. Families are the explicit table below (every registered check
belongs to exactly one; a test keeps it so); a family's ids in a framework are the union
of its checks' mapped controls (derived frameworks included), most shared first, so no
second mapping is maintained by hand. Its verdict comes from a scan: fail if any of its
checks failed, else unknown if any could not be evaluated, else pass if any passed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict

from scanner.findings import Status
from scanner.frameworks import load_catalogs
from scanner.frameworks.order import natural_key
from scanner.registry import Registry
from scanner.result import ScanResult

Verdict = Literal["pass", "fail", "unknown", "not_applicable", "not_evaluated"]


@dataclass(frozen=True)
class Family:
    """A named group of checks that together test one cross-framework control."""

    name: str
    checks: tuple[str, ...]


FAMILIES: tuple[Family, ...] = (
    Family("MFA required", ("IAM-001", "IAM-017")),
    Family(
        "Centralized logging",
        ("LOG-001", "LOG-002", "LOG-003", "LOG-004", "LOG-005", "LOG-006", "LOG-101",
         "LOG-102", "LOG-201", "LOG-301", "LOG-302", "LOG-303"),
    ),
    Family(
        "Backups tested regularly",
        ("BACKUP-001", "BACKUP-002", "BACKUP-003", "BACKUP-004", "BACKUP-101", "BACKUP-201",
         "BACKUP-202", "BACKUP-203", "BACKUP-301", "BACKUP-302", "BACKUP-303", "BACKUP-304",
         "BACKUP-305", "DB-002", "DB-007"),
    ),
    Family("Root account protection", ("IAM-018", "IAM-301")),
    Family(
        "Password and credential hygiene",
        ("IAM-002", "IAM-003", "IAM-010", "IAM-011", "IAM-012", "IAM-013", "IAM-014",
         "IAM-015", "IAM-016", "IAM-107", "IAM-108", "STOR-204", "SVC-005", "VAULT-207"),
    ),
    Family(
        "Secure sign-in to workloads",
        ("DB-203", "KUBE-105", "VM-103", "VM-104", "VM-105"),
    ),
    Family(
        "Least privilege",
        ("IAM-004", "IAM-005", "IAM-006", "IAM-007", "IAM-008", "IAM-009", "IAM-101",
         "IAM-102", "IAM-104", "IAM-105", "IAM-106", "IAM-201", "IAM-202", "IAM-203",
         "KUBE-103", "KUBE-104", "VAULT-203", "VM-101", "VM-102",
         "IAM-019", "IAM-020"),
    ),
    Family(
        "No public data exposure",
        ("CRYPTO-102", "IAM-103", "STOR-002", "STOR-003", "STOR-007", "STOR-010", "STOR-101",
         "STOR-203",
         "CRYPTO-003", "STOR-013", "SVC-006", "SVC-007", "SVC-008", "SVC-009",
         "BACKUP-306"),
    ),
    Family(
        "Network exposure",
        ("DB-003", "DB-102", "DB-201", "DB-202", "KUBE-101", "KUBE-102", "NET-002", "NET-003",
         "NET-004", "NET-005", "NET-006", "NET-007", "NET-008", "NET-009", "NET-010",
         "NET-011", "NET-101", "NET-102", "NET-103", "NET-105", "STOR-207", "STOR-208",
         "STOR-211", "VAULT-204", "VAULT-205", "VM-106", "VM-108"),
    ),
    Family(
        "Encryption at rest",
        ("DB-001", "LOG-008", "STOR-001", "STOR-008", "STOR-009", "STOR-011", "STOR-012",
         "STOR-103", "STOR-205", "STOR-206", "STOR-210", "SVC-001", "SVC-002"),
    ),
    Family(
        "Encryption in transit and DNS integrity",
        ("DB-101", "DB-206", "DNS-101", "DNS-102", "DNS-103", "STOR-004", "STOR-201",
         "STOR-202"),
    ),
    Family(
        "Key management and rotation",
        ("CRYPTO-001", "CRYPTO-002", "CRYPTO-101", "CRYPTO-201", "CRYPTO-202"),
    ),
    Family(
        "Data recovery safeguards",
        ("DB-004", "DB-005", "DB-008", "STOR-005", "STOR-102", "STOR-209", "VAULT-201",
         "VAULT-202"),
    ),
    Family(
        "Resource and network logging",
        ("DB-104", "DB-105", "DB-106", "DB-204", "DB-205", "LOG-007", "NET-001", "NET-104",
         "NET-106", "NET-201", "STOR-006", "VAULT-206"),
    ),
    Family(
        "Threat detection and alerting",
        ("LOG-010", "LOG-202", "LOG-203", "LOG-204", "LOG-205", "LOG-206", "LOG-207",
         "LOG-208", "LOG-209", "LOG-210", "LOG-211", "LOG-212", "LOG-213", "LOG-214",
         "LOG-215", "LOG-216", "LOG-217", "LOG-218", "LOG-219"),
    ),
    Family(
        "Configuration and vulnerability management",
        ("DB-006", "DB-103", "DB-107", "LOG-009", "SVC-003", "SVC-004", "VM-107", "VM-109"),
    ),
)  # fmt: skip
# CIS Azure v6 and Entra ID checks (azure branch), each added to one family above.
_AZURE_CIS_V6: dict[str, tuple[str, ...]] = {
    "MFA required": ("IAM-250", "IAM-251", "IAM-252", "IAM-253"),
    "Least privilege": ("IAM-254", "IAM-255"),
    "Password and credential hygiene": ("STOR-251", "STOR-252", "STOR-254"),
    "Secure sign-in to workloads": ("NET-259",),
    "Network exposure": (
        "NET-250", "NET-251", "NET-252", "NET-253", "NET-254", "NET-255", "NET-256", "NET-261",
        "STOR-253", "STOR-255", "SVC-250", "SVC-251", "SVC-253", "SVC-254", "SVC-255",
    ),
    "No public data exposure": ("STOR-256",),
    "Encryption in transit and DNS integrity": ("NET-257", "NET-258", "STOR-259", "STOR-260"),
    "Key management and rotation": ("CRYPTO-250",),
    "Data recovery safeguards": ("STOR-250", "STOR-257", "STOR-258"),
    "Resource and network logging": ("LOG-250", "NET-260", "SVC-252"),
    "Threat detection and alerting": ("LOG-251", "LOG-252", "LOG-253", "LOG-254"),
    "Configuration and vulnerability management": ("LOG-255", "LOG-256"),
}  # fmt: skip
FAMILIES = tuple(Family(f.name, f.checks + _AZURE_CIS_V6.get(f.name, ())) for f in FAMILIES)

#: Checks added for CIS GCP v5.0 (issue 15), each in the family of the control it tests.
_GCP_CIS_V5: dict[str, tuple[str, ...]] = {
    "Centralized logging": ("LOG-103",),
    "Password and credential hygiene": ("IAM-109", "IAM-110", "IAM-111", "IAM-114"),
    "No public data exposure": ("DB-121", "IAM-113"),
    "Encryption at rest": ("DB-122", "DB-123", "DB-124", "DB-125", "STOR-104"),
    "Resource and network logging": ("DB-109", "DB-110", "DB-111", "DB-112", "NET-107", "NET-108"),
    "Threat detection and alerting": (
        "LOG-104", "LOG-105", "LOG-106", "LOG-107", "LOG-108", "LOG-109", "LOG-110", "LOG-111",
    ),
    # essential contacts (IAM-112) map to ISO A.5.5, which has a 2013 equivalent; the alerting
    # family keeps only controls new in 2022
    "Configuration and vulnerability management": (
        "DB-108", "DB-113", "DB-114", "DB-115", "DB-116", "DB-117", "DB-118", "DB-119", "IAM-112",
        "LOG-112",
    ),
}  # fmt: skip
FAMILIES = tuple(Family(f.name, f.checks + _GCP_CIS_V5.get(f.name, ())) for f in FAMILIES)

#: Workload and data-service checks (Lambda, ECS, EKS, CloudFront, API Gateway, OpenSearch,
#: Redshift, ElastiCache) join the families above by name.
_WORKLOAD_MEMBERS: dict[str, tuple[str, ...]] = {
    "Secure sign-in to workloads": ("FN-001", "API-005", "API-007", "CACHE-003", "SEARCH-007",
                                    "WH-008"),
    "Least privilege": ("CTR-001", "CTR-003", "CTR-004", "CDN-005"),
    "No public data exposure": ("FN-002", "SEARCH-010"),
    "Password and credential hygiene": ("CTR-005",),
    "Network exposure": ("FN-004", "SEARCH-004", "WH-002", "WH-007", "CDN-007", "API-004"),
    "Encryption at rest": ("KUBE-203", "SEARCH-001", "WH-001", "CACHE-001", "API-006"),
    "Encryption in transit and DNS integrity": ("CDN-001", "CDN-002", "CDN-003", "CDN-004",
                                                "API-008", "SEARCH-002", "SEARCH-003",
                                                "WH-003", "CACHE-002"),
    "Backups tested regularly": ("WH-005", "CACHE-004"),
    "Data recovery safeguards": ("FN-006", "FN-007", "CACHE-005", "SEARCH-008", "SEARCH-009"),
    "Resource and network logging": ("FN-005", "CTR-006", "KUBE-201", "KUBE-202", "CDN-006",
                                     "API-001", "API-002", "API-003", "SEARCH-005",
                                     "SEARCH-006", "WH-004"),
    "Configuration and vulnerability management": ("FN-003", "CTR-002", "KUBE-204", "CDN-008",
                                                   "WH-006", "WH-009", "CACHE-006"),
}  # fmt: skip
FAMILIES = tuple(Family(f.name, f.checks + _WORKLOAD_MEMBERS.get(f.name, ())) for f in FAMILIES)
#: Source-control checks (GitHub, issue 19): access to code, secrets, dependencies; the
#: organisation's 2FA, the branch rules and the merged-change population are new rows.
_SOURCE_CONTROL: dict[str, tuple[str, ...]] = {
    "Least privilege": ("SCM-010", "SCM-013", "SCM-014"),
    "Password and credential hygiene": ("SCM-008",),
    "Configuration and vulnerability management": ("SCM-009", "SCM-011"),
}
FAMILIES = tuple(Family(f.name, f.checks + _SOURCE_CONTROL.get(f.name, ())) for f in FAMILIES)
FAMILIES += (
    # its own row: SCM-001 also maps A.5.17 (authentication information), which the MFA
    # row's pinned ids (CC6.1 | A.9.4.2 | PR.AC-7) leave out
    Family("Source-control sign-in (MFA)", ("SCM-001",)),
    Family(
        "Change management",
        ("CHG-001", "CHG-002", "CHG-003", "SCM-002", "SCM-003", "SCM-004", "SCM-005",
         "SCM-006", "SCM-007", "SCM-012"),
    ),
)  # fmt: skip

#: AWS breadth (issue 14): checks joining the families above, and one new family.
_BREADTH: dict[str, tuple[str, ...]] = {
    "Encryption at rest": ("DB-501",),
    "Backups tested regularly": ("DB-502",),
    "Data recovery safeguards": ("DB-503", "DB-509", "NET-505", "NET-510", "NET-511", "NET-512"),
    "Secure sign-in to workloads": ("DB-504", "DB-510", "VM-501", "VM-503"),
    "Network exposure": ("DB-505", "NET-507", "NET-509"),
    "Configuration and vulnerability management": ("DB-506", "DB-507", "NET-506", "NET-508"),
    "Encryption in transit and DNS integrity": (
        "CRYPTO-501", "CRYPTO-502", "CRYPTO-503", "NET-501", "NET-502", "NET-503",
        "NET-513",
    ),
    "Resource and network logging": ("DB-508", "LOG-502", "LOG-503", "NET-504"),
    "Least privilege": ("VM-502",),
    "No public data exposure": ("IAM-501", "STOR-501", "SVC-501", "SVC-502"),
    "Threat detection and alerting": ("LOG-501",),
}  # fmt: skip
FAMILIES = tuple(Family(f.name, f.checks + _BREADTH.get(f.name, ())) for f in FAMILIES)

#: Customer managed KMS key checks for AWS kinds (issues 13/14), beside the other CMK checks.
_AWS_CMK: dict[str, tuple[str, ...]] = {
    "Encryption at rest": ("CRYPTO-601", "CRYPTO-602", "CRYPTO-603", "CRYPTO-604", "CRYPTO-605",
                           "CRYPTO-606", "CRYPTO-607", "CRYPTO-608", "CRYPTO-609"),
}  # fmt: skip
FAMILIES = tuple(Family(f.name, f.checks + _AWS_CMK.get(f.name, ())) for f in FAMILIES)
FAMILIES += (Family("Incident response readiness", ("IAM-502",)),)

#: aws-breadth (issue 14): VPC endpoints, API policies, ECS services, EKS node groups and
#: serverless data services join the families above.
_AWS_BREADTH: dict[str, tuple[str, ...]] = {
    "Network exposure": (
        "NET-601",
        "NET-602",
        "CTR-101",
        "KUBE-301",
        "SEARCH-102",
        "WH-101",
        "WH-102",
    ),
    "Encryption at rest": ("SEARCH-101", "WH-104"),
    "Encryption in transit and DNS integrity": ("WH-103",),
    "Secure sign-in to workloads": ("WH-105",),
    "Resource and network logging": ("WH-106",),
    "No public data exposure": ("API-101",),
    "Configuration and vulnerability management": ("CTR-102",),
}
FAMILIES = tuple(Family(f.name, f.checks + _AWS_BREADTH.get(f.name, ())) for f in FAMILIES)


class CrosswalkRow(BaseModel):
    """One family: its checks, its control ids per framework, and the scan's verdict."""

    model_config = ConfigDict(frozen=True)

    family: str
    checks: tuple[str, ...]
    controls: dict[str, tuple[str, ...]]
    verdict: Verdict | None = None
    failing_checks: tuple[str, ...] = ()
    unknown_checks: tuple[str, ...] = ()
    counts: dict[str, int] = {}


def _ordered_ids(counts: Counter[str], framework: str) -> tuple[str, ...]:
    """Control ids most shared by the family's checks first, then in catalog order."""
    catalog = load_catalogs().get(framework)
    order = {c.id: i for i, c in enumerate(catalog.controls)} if catalog else {}
    return tuple(
        sorted(counts, key=lambda cid: (-counts[cid], order.get(cid, len(order)), natural_key(cid)))
    )


def _verdict(statuses: Mapping[str, set[Status]]) -> Verdict:
    every = set().union(*statuses.values()) if statuses else set()
    if Status.FAIL in every:
        return "fail"
    if every & {Status.UNKNOWN, Status.ERROR}:
        return "unknown"
    if Status.PASS in every:
        return "pass"
    return "not_applicable" if every else "not_evaluated"


def _row(
    family: Family, registry: Registry, frameworks: Sequence[str], result: ScanResult | None
) -> CrosswalkRow:
    checks = [c for c in registry if c.id in family.checks]
    controls = {
        fw: _ordered_ids(Counter(cid for c in checks for cid in c.controls_for(fw)), fw)
        for fw in frameworks
    }
    ids = tuple(c.id for c in checks)
    if result is None:
        return CrosswalkRow(family=family.name, checks=ids, controls=controls)
    statuses: dict[str, set[Status]] = {}
    counts: Counter[str] = Counter()
    for f in result.findings:
        if f.check_id in ids and not f.suppressed:
            statuses.setdefault(f.check_id, set()).add(f.status)
            counts[f.status.value] += 1
    return CrosswalkRow(
        family=family.name,
        checks=ids,
        controls=controls,
        verdict=_verdict(statuses),
        failing_checks=tuple(c for c in ids if Status.FAIL in statuses.get(c, set())),
        unknown_checks=tuple(
            c for c in ids if statuses.get(c, set()) & {Status.UNKNOWN, Status.ERROR}
        ),
        counts=dict(sorted(counts.items())),
    )


def crosswalk(
    registry: Registry,
    frameworks: Sequence[str],
    result: ScanResult | None = None,
    families: Iterable[Family] = FAMILIES,
) -> list[CrosswalkRow]:
    """One row per family with a check in ``registry``; verdicts from ``result`` if given."""
    present = {c.id for c in registry}
    return [_row(f, registry, frameworks, result) for f in families if present & set(f.checks)]


def unassigned(registry: Registry, families: Iterable[Family] = FAMILIES) -> list[str]:
    """Checks in no family, and checks in more than one (the table must partition them)."""
    seen = Counter(cid for f in families for cid in f.checks)
    return sorted(
        {c.id for c in registry if seen[c.id] != 1} | {cid for cid, n in seen.items() if n > 1}
    )
