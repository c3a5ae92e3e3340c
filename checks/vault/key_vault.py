"""Checks over Key Vaults: recoverability, access model, network exposure and logging."""

from __future__ import annotations

from checks._common import negated, setting
from checks.vault._controls import KEY_STORE, PRIVATE
from scanner.findings import Result, Severity, failed, passed, unknown
from scanner.model import KeyVault
from scanner.registry import check


@check(
    id="VAULT-201",
    title="Key Vaults keep deleted keys and secrets recoverable (soft delete)",
    severity=Severity.MEDIUM,
    resource=KeyVault,
    controls=KEY_STORE,
    providers=("azure",),
)
def key_vault_soft_delete_enabled(vault: KeyVault) -> Result:
    """Without soft delete a deleted key is gone at once, and with it every disk, database
    and storage account encrypted under it.

    Remediation: enable soft delete on the vault (it cannot be turned off again).
    """
    return setting(
        vault.soft_delete_enabled,
        on="soft delete enabled",
        off="soft delete disabled",
        unread="soft delete setting unreadable",
    )


@check(
    id="VAULT-202",
    title="Key Vaults have purge protection enabled",
    severity=Severity.MEDIUM,
    resource=KeyVault,
    controls=(*KEY_STORE, "cis-azure:8.3.5"),
    providers=("azure",),
)
def key_vault_purge_protection_enabled(vault: KeyVault) -> Result:
    """Soft delete alone lets anyone with purge rights destroy a deleted key immediately; an
    attacker or a mistaken script can then make encrypted data unrecoverable.

    Remediation: enable purge protection on the vault (irreversible by design).
    """
    return setting(
        vault.purge_protection,
        on="purge protection enabled",
        off="purge protection disabled",
        unread="purge protection setting unreadable",
    )


@check(
    id="VAULT-203",
    title="Key Vaults authorise data access with Azure RBAC",
    severity=Severity.LOW,
    resource=KeyVault,
    controls=(
        "soc2:CC6.3",
        "iso27001-2022:A.5.15",
        "iso27001-2022:A.8.2",
        "nist-csf-2.0:PR.AA-05",
        "nist-800-53-r5:AC-3",
        "nist-800-53-r5:AC-6",
        "cis-azure:8.3.6",
    ),
    providers=("azure",),
)
def key_vault_uses_rbac(vault: KeyVault) -> Result:
    """Legacy access policies grant all-or-nothing rights per vault, outside the role
    assignments that reviews, PIM and conditional access govern.

    Remediation: switch the vault's permission model to Azure role-based access control and
    recreate the access policies as role assignments.
    """
    return setting(
        vault.rbac_authorization,
        on="Azure RBAC permission model",
        off="legacy access policy permission model",
        unread="permission model unreadable",
    )


@check(
    id="VAULT-204",
    title="Key Vaults are not reachable from public networks",
    severity=Severity.MEDIUM,
    resource=KeyVault,
    controls=(*PRIVATE, "cis-azure:8.3.7"),
    providers=("azure",),
)
def key_vault_public_network_disabled(vault: KeyVault) -> Result:
    """A vault reachable from any network exposes its data plane to stolen tokens used from
    anywhere on the internet.

    Remediation: disable public network access, or set the firewall's default action to
    Deny and allow only the networks that need the vault.
    """
    return setting(
        negated(vault.public_network_access),
        on="public network access disabled or denied by default",
        off="reachable from all networks",
        unread="network settings unreadable",
    )


@check(
    id="VAULT-205",
    title="Key Vaults are reached through private endpoints",
    severity=Severity.LOW,
    resource=KeyVault,
    controls=(*PRIVATE, "cis-azure:8.3.8"),
    providers=("azure",),
)
def key_vault_private_endpoint(vault: KeyVault) -> Result:
    """Private endpoints keep key and secret traffic on the private network, so the vault's
    public endpoint can be closed without breaking clients.

    Remediation: create a private endpoint for the vault in each network that uses it and
    a private DNS zone for privatelink.vaultcore.azure.net.
    """
    if vault.private_endpoints is None:
        return unknown("private endpoint connections unreadable")
    if vault.private_endpoints == 0:
        return failed("no approved private endpoint")
    return passed(f"{vault.private_endpoints} approved private endpoint(s)")


@check(
    id="VAULT-206",
    title="Key Vaults send audit events to a log destination",
    severity=Severity.MEDIUM,
    resource=KeyVault,
    controls=(
        "soc2:CC7.2",
        "iso27001-2022:A.8.15",
        "nist-csf-2.0:PR.PS-04",
        "nist-800-53-r5:AU-2",
        "nist-800-53-r5:AU-12",
        "cis-azure:6.1.1.4",
    ),
    providers=("azure",),
)
def key_vault_logging_enabled(vault: KeyVault) -> Result:
    """Without audit logs nobody can tell who read a secret or used a key, so a leaked
    credential's use cannot be traced or bounded.

    Remediation: add a diagnostic setting sending the AuditEvent category (or allLogs) to a
    Log Analytics workspace or storage account with a retention period.
    """
    return setting(
        vault.logging_enabled,
        on="audit events exported by a diagnostic setting",
        off="no diagnostic setting exports audit events",
        unread="diagnostic settings unreadable",
    )
