"""Checks over what backup plans select in a region (resource assignments)."""

from __future__ import annotations

from checks.backup._controls import BACKUP_POLICY
from scanner.findings import Result, Severity, failed, not_applicable, passed
from scanner.model import BackupCoverage
from scanner.registry import check

SHOWN = 5


@check(
    id="BACKUP-301",
    title="Stateful resources are selected by a backup plan",
    severity=Severity.MEDIUM,
    resource=BackupCoverage,
    controls=BACKUP_POLICY,
    providers=("aws",),
)
def stateful_resources_selected_for_backup(coverage: BackupCoverage) -> Result:
    """Databases, tables, volumes and file systems that no backup plan selects have no
    scheduled recovery point: a deletion, corruption or ransomware loses their data.

    Remediation: assign the resources to a backup plan, by resource id or, better, by a tag
    that provisioning sets on every stateful resource (e.g. ``backup=daily``).
    """
    if not coverage.stateful_resources:
        return not_applicable("no databases, tables, volumes or file systems in the region")
    missing = coverage.unprotected
    if missing:
        names = ", ".join(uid.rsplit("/", 1)[-1].rsplit(":", 1)[-1] for uid in missing[:SHOWN])
        more = f" and {len(missing) - SHOWN} more" if len(missing) > SHOWN else ""
        return failed(
            f"{len(missing)} of {coverage.stateful_resources} stateful resource(s) in no "
            f"backup plan: {names}{more}"
        )
    return passed(f"all {coverage.stateful_resources} stateful resource(s) selected")
