"""Control sets shared by logging checks."""

from __future__ import annotations

from scanner.registry import Threshold

AUDIT_TRAIL = (
    "soc2:CC7.2",
    "iso27001-2022:A.8.15",
    "nist-csf-2.0:PR.PS-04",
    "nist-800-53-r5:AU-2",
    "nist-800-53-r5:AU-12",
    "cis-aws:4.1",
)
LOGS_AT_REST = (
    "soc2:CC6.1",
    "iso27001-2022:A.8.15",
    "iso27001-2022:A.8.24",
    "nist-csf-2.0:PR.DS-01",
    "nist-800-53-r5:AU-9",
    "nist-800-53-r5:SC-28",
)

#: How long a CloudWatch log group must keep events: LOG-007 (any log group) and LOG-303
#: (the one a trail feeds) judge the same setting against the same requirement.
LOG_GROUP_RETENTION = Threshold(
    "min_retention_days",
    365,
    unit="days",
    minimum=1,
    description="events must be kept at least this many days (never expiring passes)",
    source="AWS Security Hub CloudWatch.16 (minRetentionTime, default 365) and AWS Config "
    "cw-loggroup-retention-period-check; PCI DSS 10.5.1 (one year)",
)
