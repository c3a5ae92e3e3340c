"""Control sets shared by workload checks."""

from __future__ import annotations

#: Least functionality / hardened configuration of what runs.
HARDENING = (
    "soc2:CC6.8",
    "iso27001-2022:A.8.9",
    "nist-csf-2.0:PR.PS-01",
    "nist-800-53-r5:CM-7",
)
#: Least privilege of a workload.
PRIVILEGE = (
    "soc2:CC6.3",
    "iso27001-2022:A.8.2",
    "nist-csf-2.0:PR.AA-05",
    "nist-800-53-r5:AC-6",
)
#: Network boundary: what reaches the workload.
BOUNDARY = (
    "soc2:CC6.6",
    "iso27001-2022:A.8.20",
    "nist-csf-2.0:PR.IR-01",
    "nist-800-53-r5:SC-7",
)
#: Who may call an endpoint.
AUTHENTICATION = (
    "soc2:CC6.1",
    "iso27001-2022:A.8.5",
    "nist-csf-2.0:PR.AA-03",
    "nist-800-53-r5:IA-2",
)
#: Encryption in transit.
IN_TRANSIT = (
    "soc2:CC6.7",
    "iso27001-2022:A.8.24",
    "nist-csf-2.0:PR.DS-02",
    "nist-800-53-r5:SC-8",
)
#: Encryption at rest.
AT_REST = (
    "soc2:CC6.1",
    "iso27001-2022:A.8.24",
    "nist-csf-2.0:PR.DS-01",
    "nist-800-53-r5:SC-28",
)
#: Audit and activity logs.
LOGGING = (
    "soc2:CC7.2",
    "iso27001-2022:A.8.15",
    "nist-csf-2.0:PR.PS-04",
    "nist-800-53-r5:AU-12",
)
#: Supported, patched software.
PATCHING = (
    "soc2:CC7.1",
    "iso27001-2022:A.8.8",
    "nist-csf-2.0:PR.PS-02",
    "nist-800-53-r5:SI-2",
)
#: Secrets handling.
SECRETS = (
    "soc2:CC6.1",
    "iso27001-2022:A.5.17",
    "nist-csf-2.0:PR.AA-01",
    "nist-800-53-r5:IA-5",
)
#: Backups.
BACKUPS = (
    "soc2:A1.2",
    "iso27001-2022:A.8.13",
    "nist-csf-2.0:PR.DS-11",
    "nist-800-53-r5:CP-9",
)
#: Web application firewall in front of an endpoint.
WAF = (
    "soc2:CC6.6",
    "iso27001-2022:A.8.20",
    "nist-csf-2.0:PR.IR-01",
    "nist-800-53-r5:SC-7",
    "nist-800-53-r5:SI-4",
)
#: Monitoring and tracing of requests.
MONITORING = (
    "soc2:CC7.2",
    "iso27001-2022:A.8.16",
    "nist-csf-2.0:DE.CM-09",
    "nist-800-53-r5:SI-4",
)
#: Resilience: failed work is kept and recoverable.
RESILIENCE = (
    "soc2:A1.2",
    "iso27001-2022:A.8.14",
    "nist-csf-2.0:PR.IR-03",
    "nist-800-53-r5:CP-10",
)
