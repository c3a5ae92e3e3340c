"""Checks over managed secrets (Secrets Manager, Secret Manager, Key Vault secrets)."""

from __future__ import annotations

from checks._common import setting
from scanner.findings import Result, Severity
from scanner.model import Secret
from scanner.registry import check


@check(
    id="SVC-005",
    title="Secrets rotate automatically",
    severity=Severity.MEDIUM,
    resource=Secret,
    controls=(
        "soc2:CC6.1",
        "iso27001-2022:A.5.17",
        "nist-csf-2.0:PR.AA-01",
        "nist-800-53-r5:IA-5",
    ),
    providers=("aws",),
)
def secret_rotation_enabled(secret: Secret) -> Result:
    """A secret that never changes stays valid wherever it has been copied or logged, long
    after the people and systems that saw it are gone.

    Remediation: configure automatic rotation for the secret (a rotation function and a
    schedule of 90 days or less).
    """
    period = f" every {secret.rotation_days} days" if secret.rotation_days else ""
    return setting(
        secret.rotation_enabled,
        on=f"automatic rotation on{period}",
        off="automatic rotation off",
        unread="rotation configuration unreadable",
    )
