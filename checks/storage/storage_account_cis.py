"""Azure storage account checks for key management, private access, replication and recovery.

Each follows the field semantics of the Storage Resource Provider REST reference
(``StorageAccountProperties``) and CIS Microsoft Azure Foundations v6.0 section 9.
"""

from __future__ import annotations

from checks._common import age_days, negated, setting
from checks.storage._controls import NOT_PUBLIC
from scanner.findings import Result, Severity, failed, passed, unknown
from scanner.model import Bucket
from scanner.registry import check

_KEYS = ("soc2:CC6.1", "iso27001-2022:A.5.17", "nist-csf-2.0:PR.AA-01", "nist-800-53-r5:IA-5")
_NETWORK = ("soc2:CC6.6", "iso27001-2022:A.8.20", "nist-csf-2.0:PR.IR-01", "nist-800-53-r5:SC-7")
_RECOVERY = ("soc2:A1.2", "iso27001-2022:A.8.13", "nist-csf-2.0:PR.DS-11", "nist-800-53-r5:CP-9")
#: CIS 9.3.1.1 / 9.3.1.2: keys are rotated (and reminded about) at least every 90 days.
KEY_ROTATION_DAYS = 90
MIN_CONTAINER_SOFT_DELETE_DAYS = 7
#: Replication SKUs that keep a copy in a secondary region (Storage "redundancy" docs).
GEO_REDUNDANT = frozenset({"standard_grs", "standard_ragrs", "standard_gzrs", "standard_ragzrs"})


@check(
    id="STOR-250",
    title="Storage accounts keep deleted containers for at least 7 days",
    severity=Severity.MEDIUM,
    resource=Bucket,
    controls=(*_RECOVERY, "cis-azure:9.2.2"),
    providers=("azure",),
)
def storage_account_container_soft_delete(account: Bucket) -> Result:
    """Without container soft delete, deleting a container (by mistake or with a stolen key)
    destroys every blob in it at once, beyond the reach of blob soft delete.

    Remediation: enable soft delete for containers on the blob service with a retention of
    7 days or more.
    """
    days = account.container_soft_delete_days
    if days is None:
        return unknown("blob service properties unreadable")
    if days < MIN_CONTAINER_SOFT_DELETE_DAYS:
        return failed("container soft delete off" if days == 0 else f"kept only {days} day(s)")
    return passed(f"deleted containers kept {days} days")


@check(
    id="STOR-251",
    title="Storage accounts set an access key rotation reminder of 90 days or less",
    severity=Severity.LOW,
    resource=Bucket,
    controls=(*_KEYS, "cis-azure:9.3.1.1"),
    providers=("azure",),
)
def storage_account_key_rotation_reminder(account: Bucket) -> Result:
    """Without a key expiration policy nobody is reminded to rotate the account keys, so
    keys that leaked long ago keep working indefinitely.

    Remediation: under Access keys, set a rotation reminder (keyPolicy
    keyExpirationPeriodInDays) of 90 days or less.
    """
    days = account.key_reminder_days
    if days is None:
        return unknown("key policy unreadable")
    if days == 0:
        return failed("no key rotation reminder (keyPolicy) set")
    if days > KEY_ROTATION_DAYS:
        return failed(f"reminder every {days} days; needs {KEY_ROTATION_DAYS} or fewer")
    return passed(f"key rotation reminder every {days} days")


@check(
    id="STOR-252",
    title="Storage account access keys were regenerated in the last 90 days",
    severity=Severity.MEDIUM,
    resource=Bucket,
    controls=(*_KEYS, "cis-azure:9.3.1.2"),
    providers=("azure",),
)
def storage_account_keys_rotated(account: Bucket) -> Result:
    """An account key grants full access to all data; the longer one lives, the more copies
    of it exist in scripts, connection strings and former staff's machines.

    Remediation: regenerate both access keys (one at a time, moving clients to the other)
    at least every 90 days, or disable Shared Key authorisation altogether.
    """
    created = account.access_keys_created
    if created is None:
        return unknown("key creation times not recorded for this account")
    ages = [age_days(c, account.collected_at) for c in created]
    stale = [f"key{i + 1} {a} days old" for i, a in enumerate(ages) if a > KEY_ROTATION_DAYS]
    if stale:
        return failed(", ".join(stale) + f"; rotate every {KEY_ROTATION_DAYS} days")
    return passed(f"keys regenerated within {KEY_ROTATION_DAYS} days (oldest {max(ages)} days)")


@check(
    id="STOR-253",
    title="Storage accounts are reached through a private endpoint",
    severity=Severity.LOW,
    resource=Bucket,
    controls=(*_NETWORK, "cis-azure:9.3.2.1"),
    providers=("azure",),
)
def storage_account_private_endpoint(account: Bucket) -> Result:
    """Without a private endpoint, traffic to the account leaves the virtual network for a
    public endpoint, where only the firewall and credentials protect it.

    Remediation: create a private endpoint for the account's sub-resources (blob, file,
    queue, table) in the virtual networks that use it, and approve the connection.
    """
    return setting(
        account.private_endpoint,
        on="an approved private endpoint connection exists",
        off="no approved private endpoint connection",
        unread="private endpoint connections unreadable",
    )


@check(
    id="STOR-254",
    title="Storage accounts default to Microsoft Entra authorisation in the portal",
    severity=Severity.LOW,
    resource=Bucket,
    controls=(*_KEYS, "nist-800-53-r5:IA-2", "cis-azure:9.3.3.1"),
    providers=("azure",),
)
def storage_account_portal_entra_auth(account: Bucket) -> Result:
    """When the portal reads data with the account key, every portal user with key access
    acts with full rights and no identity is recorded per request.

    Remediation: set "Default to Microsoft Entra authorization in the Azure portal"
    (defaultToOAuthAuthentication) to enabled.
    """
    return setting(
        account.portal_entra_auth,
        on="portal defaults to Microsoft Entra authorisation",
        off="portal defaults to access key authorisation",
        unread="portal authorisation default unreadable",
    )


@check(
    id="STOR-255",
    title="Storage account firewalls let trusted Microsoft services through",
    severity=Severity.LOW,
    resource=Bucket,
    controls=(*_NETWORK, "cis-azure:9.3.5"),
    providers=("azure",),
)
def storage_account_trusted_services(account: Bucket) -> Result:
    """Without the trusted-services exception, a restrictive firewall breaks backup, Defender
    scanning, diagnostics and other first-party services, which teams then fix by opening
    the firewall to all networks.

    Remediation: in Networking, tick "Allow Azure services on the trusted services list to
    access this storage account" (networkAcls.bypass includes AzureServices).
    """
    return setting(
        account.trusted_services_bypass,
        on="trusted Microsoft services bypass the firewall",
        off="networkAcls.bypass does not include AzureServices",
        unread="network rules unreadable",
    )


@check(
    id="STOR-256",
    title="Storage accounts disallow cross-tenant object replication",
    severity=Severity.MEDIUM,
    resource=Bucket,
    controls=(*NOT_PUBLIC, "nist-800-53-r5:AC-4", "cis-azure:9.3.7"),
    providers=("azure",),
)
def storage_account_no_cross_tenant_replication(account: Bucket) -> Result:
    """Cross-tenant replication lets anyone with rights on the account copy its blobs to a
    storage account in a tenant the organisation does not control.

    Remediation: set "Allow cross-tenant replication" (allowCrossTenantReplication) to
    false; accounts created before December 2023 that leave it unset allow it.
    """
    return setting(
        negated(account.cross_tenant_replication),
        on="cross-tenant replication disallowed",
        off="cross-tenant object replication allowed",
        unread="cross-tenant replication setting unset and account age unknown",
    )


@check(
    id="STOR-257",
    title="Storage accounts replicate to a secondary region (GRS or GZRS)",
    severity=Severity.LOW,
    resource=Bucket,
    controls=(*_RECOVERY, "nist-800-53-r5:CP-6", "cis-azure:9.3.11"),
    providers=("azure",),
)
def storage_account_geo_redundant(account: Bucket) -> Result:
    """Locally or zone-redundant storage keeps every copy in one region, so a regional
    outage or disaster makes the data unavailable or loses it.

    Remediation: change the account's redundancy to geo-redundant (GRS/RA-GRS) or
    geo-zone-redundant (GZRS/RA-GZRS) storage.
    """
    sku = account.redundancy
    if sku is None:
        return unknown("replication SKU unreadable")
    if sku.lower() in GEO_REDUNDANT:
        return passed(f"replicated to a secondary region ({sku})")
    return failed(f"{sku} keeps every copy in one region")
