"""Control sets shared by source-control checks."""

from __future__ import annotations

from scanner.registry import Provider

PROVIDERS: tuple[Provider, ...] = ("github",)

#: Changes to the code are reviewed, tested and approved before they reach the default branch.
CHANGE_CONTROL = (
    "soc2:CC8.1",
    "iso27001-2022:A.8.32",
    "iso27001-2022:A.8.4",
    "nist-csf-2.0:PR.PS-01",
    "nist-csf-2.0:ID.RA-07",
    "nist-800-53-r5:CM-3",
    "nist-800-53-r5:CM-5",
    "nist-800-53-r5:SA-10",
)
#: Sign-in to the source control organisation needs a second factor.
MFA = (
    "soc2:CC6.1",
    "iso27001-2022:A.5.17",
    "iso27001-2022:A.8.5",
    "nist-csf-2.0:PR.AA-03",
    "nist-800-53-r5:IA-2",
    "nist-800-53-r5:IA-2(1)",
)
#: Who and what can write to source code.
CODE_ACCESS = (
    "soc2:CC6.1",
    "soc2:CC6.3",
    "iso27001-2022:A.8.4",
    "iso27001-2022:A.5.15",
    "nist-csf-2.0:PR.AA-05",
    "nist-800-53-r5:AC-6",
    "nist-800-53-r5:CM-5",
)
#: Secrets kept out of code.
SECRETS_IN_CODE = (
    "soc2:CC6.1",
    "iso27001-2022:A.8.4",
    "iso27001-2022:A.8.28",
    "nist-csf-2.0:PR.PS-06",
    "nist-800-53-r5:IA-5(7)",
    "nist-800-53-r5:SA-11",
)
#: Vulnerable dependencies reported.
DEPENDENCY_VULNERABILITIES = (
    "soc2:CC7.1",
    "iso27001-2022:A.8.8",
    "nist-csf-2.0:ID.RA-01",
    "nist-800-53-r5:RA-5",
    "nist-800-53-r5:SI-2",
)
#: The build pipeline runs least privilege and only trusted third-party code.
PIPELINE = (
    "soc2:CC8.1",
    "soc2:CC6.1",
    "iso27001-2022:A.8.4",
    "iso27001-2022:A.8.28",
    "nist-csf-2.0:PR.PS-06",
    "nist-800-53-r5:AC-6",
    "nist-800-53-r5:CM-7",
    "nist-800-53-r5:SA-10",
)
#: Releases to production pass an approval gate.
DEPLOYMENT_GATE = (
    "soc2:CC8.1",
    "iso27001-2022:A.8.32",
    "iso27001-2022:A.8.31",
    "nist-csf-2.0:PR.PS-01",
    "nist-800-53-r5:CM-3",
    "nist-800-53-r5:CM-5",
)
