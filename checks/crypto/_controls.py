"""Control sets shared by key-management checks."""

from __future__ import annotations

#: Encryption at rest under a key the organisation manages (SC-12 key establishment and
#: management, SC-28(1) cryptographic protection of data at rest).
CUSTOMER_KEY = (
    "soc2:CC6.1",
    "iso27001-2022:A.8.24",
    "nist-csf-2.0:PR.DS-01",
    "nist-800-53-r5:SC-12",
    "nist-800-53-r5:SC-28(1)",
)
