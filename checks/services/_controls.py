"""Control sets shared by service checks."""

from __future__ import annotations

AT_REST = (
    "soc2:CC6.1",
    "iso27001-2022:A.8.24",
    "nist-csf-2.0:PR.DS-01",
    "nist-800-53-r5:SC-28",
)
