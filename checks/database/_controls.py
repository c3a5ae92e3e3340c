"""Control sets shared by database checks."""

from __future__ import annotations

BACKUPS = (
    "soc2:A1.2",
    "iso27001-2022:A.8.13",
    "nist-csf-2.0:PR.DS-11",
    "nist-800-53-r5:CP-9",
)
DELETION_GUARD = (
    "soc2:A1.2",
    "nist-csf-2.0:PR.DS-01",
    "nist-800-53-r5:SI-12",
)
#: Database logs that record who connected and what ran (Cloud SQL logging flags).
LOGGING = (
    "soc2:CC7.2",
    "iso27001-2022:A.8.15",
    "nist-csf-2.0:PR.PS-04",
    "nist-800-53-r5:AU-12",
)
#: Engine settings hardened against misuse (Cloud SQL hardening flags).
HARDENING = ("soc2:CC6.8", "iso27001-2022:A.8.9", "nist-csf-2.0:PR.PS-01", "nist-800-53-r5:CM-6")
