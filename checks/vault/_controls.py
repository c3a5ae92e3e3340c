"""Control sets shared by vault checks."""

from __future__ import annotations

KEY_STORE = (
    "soc2:A1.2",
    "iso27001-2022:A.8.24",
    "nist-csf-2.0:PR.DS-01",
    "nist-800-53-r5:SC-12",
)
PRIVATE = (
    "soc2:CC6.6",
    "iso27001-2022:A.8.20",
    "nist-csf-2.0:PR.IR-01",
    "nist-800-53-r5:SC-7",
)
