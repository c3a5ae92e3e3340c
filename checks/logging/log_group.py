"""Checks over log stores (CloudWatch log groups, Logging buckets, Log Analytics)."""

from __future__ import annotations

from checks._common import encryption_at_rest
from checks.logging._controls import LOG_GROUP_RETENTION, LOGS_AT_REST
from scanner.findings import Result, Severity, failed, passed
from scanner.model import LogGroup
from scanner.registry import check


@check(
    id="LOG-007",
    title="Log groups keep logs for at least 365 days",
    severity=Severity.MEDIUM,
    resource=LogGroup,
    controls=(
        "soc2:CC7.2",
        "iso27001-2022:A.8.15",
        "nist-csf-2.0:PR.PS-04",
        "nist-800-53-r5:AU-11",
    ),
    providers=("aws",),
    thresholds=(LOG_GROUP_RETENTION,),
)
def log_group_retention_one_year(group: LogGroup, *, min_retention_days: int) -> Result:
    """Intrusions are often discovered months later; logs expired by then leave the
    investigation and the auditors without evidence.

    Remediation: set the retention to 365 days or more (or archive to cheaper storage that
    keeps them that long).
    """
    if group.retains_forever:
        return passed("logs never expire")
    days = group.retention_days
    if days < min_retention_days:
        return failed(f"logs expire after {days} days; needs at least {min_retention_days}")
    return passed(f"logs kept {days} days")


@check(
    id="LOG-008",
    title="Log groups are encrypted with a customer-managed key",
    severity=Severity.LOW,
    resource=LogGroup,
    controls=LOGS_AT_REST,
    providers=("aws",),
)
def log_group_encrypted_with_customer_key(group: LogGroup) -> Result:
    """Logs routinely capture tokens, personal data and internal addresses; a customer-managed
    key adds a separately governed, audited permission in front of reading them.

    Remediation: associate a customer-managed KMS key with the log group, granting the log
    service permission to use it.
    """
    return encryption_at_rest(group.encryption, customer_key=True)
