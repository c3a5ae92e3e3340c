"""Control sets shared by logging checks."""

from __future__ import annotations

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
