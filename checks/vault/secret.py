"""Checks over Key Vault secrets."""

from __future__ import annotations

from checks._common import setting
from scanner.findings import Result, Severity
from scanner.model import Secret
from scanner.registry import check


@check(
    id="VAULT-207",
    title="Key Vault secrets have an expiration date",
    severity=Severity.LOW,
    resource=Secret,
    controls=(
        "soc2:CC6.1",
        "iso27001-2022:A.5.17",
        "nist-csf-2.0:PR.AA-01",
        "nist-800-53-r5:IA-5",
        "cis-azure:8.3.3",
        "cis-azure:8.3.4",
    ),
    providers=("azure",),
)
def vault_secret_expires(secret: Secret) -> Result:
    """A secret without an expiry date stays valid forever, so nobody is forced to replace
    it after it has been copied, logged or shared.

    Remediation: set an expiration date on the secret and rotate it before it expires.
    """
    return setting(
        secret.has_expiry,
        on="expiration date set",
        off="no expiration date",
        unread="secret attributes unreadable",
    )
