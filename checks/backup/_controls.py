"""Control sets shared by backup checks."""

from __future__ import annotations

BACKUP_AT_REST = (
    "soc2:CC6.1",
    "iso27001-2022:A.8.13",
    "iso27001-2022:A.8.24",
    "nist-csf-2.0:PR.DS-11",
    "nist-800-53-r5:CP-9(8)",
)
BACKUP_POLICY = (
    "soc2:A1.2",
    "iso27001-2022:A.8.13",
    "nist-csf-2.0:PR.DS-11",
    "nist-800-53-r5:CP-9",
)
RESTORE_TESTING = (
    "soc2:A1.3",
    "iso27001-2022:A.8.13",
    "nist-csf-2.0:PR.DS-11",
    "nist-800-53-r5:CP-4",
    "nist-800-53-r5:CP-9(1)",
)
