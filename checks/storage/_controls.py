"""Control sets shared by storage checks."""

from __future__ import annotations

AT_REST = (
    "soc2:CC6.1",
    "iso27001-2022:A.8.24",
    "nist-csf-2.0:PR.DS-01",
    "nist-800-53-r5:SC-28",
)
NOT_PUBLIC = (
    "soc2:CC6.1",
    "soc2:CC6.6",
    "iso27001-2022:A.8.3",
    "nist-csf-2.0:PR.AA-05",
    "nist-800-53-r5:AC-3",
)
