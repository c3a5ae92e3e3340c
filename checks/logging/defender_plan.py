"""Checks over Microsoft Defender for Cloud plans (one check per CIS recommendation)."""

from __future__ import annotations

from checks._common import named
from scanner.findings import Result, Severity, failed, passed, unknown
from scanner.model import ThreatDetection
from scanner.registry import Check, check

_DETECTION = (
    "soc2:CC7.2",
    "iso27001-2022:A.8.16",
    "nist-csf-2.0:DE.CM-01",
    "nist-csf-2.0:DE.CM-09",
    "nist-800-53-r5:SI-4",
)


def judge_plan(detection: ThreatDetection, plan: str, label: str) -> Result:
    """PASS when the Defender ``plan`` is on its paid (Standard) tier."""
    if detection.plans is None:
        return unknown("Defender for Cloud pricing unreadable")
    if plan not in detection.plans:
        return unknown(f"{label} plan not listed for the subscription")
    if detection.plans[plan]:
        return passed(f"{label} on")
    return failed(f"{label} off (Free tier)")


def defender_plan_check(
    *, id: str, plan: str, label: str, protects: str, cis: str
) -> Check[ThreatDetection]:
    """Build a check requiring one Defender for Cloud plan to be on."""

    def evaluate(detection: ThreatDetection) -> Result:
        return judge_plan(detection, plan, label)

    named(
        evaluate,
        name=f"defender_plan_{plan.lower()}_on",
        module=__name__,
        doc=(
            f"Without {label}, attacks on {protects} raise no alert: threat detection is "
            "the only automated control watching them.\n\nRemediation: turn the "
            f"{label} plan on (Standard tier) in Defender for Cloud's environment settings."
        ),
    )
    return check(
        id=id,
        title=f"{label} is on",
        severity=Severity.MEDIUM,
        resource=ThreatDetection,
        controls=(*_DETECTION, f"cis-azure:{cis}"),
        providers=("azure",),
    )(evaluate)


_PLANS = (
    ("LOG-208", "VirtualMachines", "Defender for Servers", "virtual machines", "8.1.3.1"),
    ("LOG-209", "AppServices", "Defender for App Service", "web apps", "8.1.6.1"),
    ("LOG-210", "SqlServers", "Defender for Azure SQL", "SQL databases", "8.1.7.3"),
    ("LOG-211", "SqlServerVirtualMachines", "Defender for SQL on machines", "SQL VMs", "8.1.7.4"),
    ("LOG-212", "StorageAccounts", "Defender for Storage", "storage accounts", "8.1.5.1"),
    ("LOG-213", "Containers", "Defender for Containers", "clusters and registries", "8.1.4.1"),
    ("LOG-214", "KeyVaults", "Defender for Key Vault", "key vaults", "8.1.8.1"),
    ("LOG-215", "Arm", "Defender for Resource Manager", "the control plane", "8.1.9.1"),
    ("LOG-216", "CosmosDbs", "Defender for Cosmos DB", "Cosmos DB accounts", "8.1.7.1"),
    (
        "LOG-217",
        "OpenSourceRelationalDatabases",
        "Defender for open-source databases",
        "PostgreSQL and MySQL servers",
        "8.1.7.2",
    ),
    ("LOG-218", "CloudPosture", "Defender CSPM", "the configuration of the estate", "8.1.1.1"),
    ("LOG-219", "Api", "Defender for APIs", "published APIs", "8.1.2.1"),
)

defender_servers_on, defender_app_service_on, defender_sql_on, defender_sql_vms_on = (
    defender_plan_check(id=i, plan=p, label=lbl, protects=w, cis=c)
    for i, p, lbl, w, c in _PLANS[:4]
)
defender_storage_on, defender_containers_on, defender_key_vault_on, defender_arm_on = (
    defender_plan_check(id=i, plan=p, label=lbl, protects=w, cis=c)
    for i, p, lbl, w, c in _PLANS[4:8]
)
defender_cosmos_on, defender_oss_db_on, defender_cspm_on, defender_api_on = (
    defender_plan_check(id=i, plan=p, label=lbl, protects=w, cis=c)
    for i, p, lbl, w, c in _PLANS[8:]
)
