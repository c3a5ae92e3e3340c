"""Checks over Azure storage accounts (transport, authentication, network, encryption)."""

from __future__ import annotations

from checks._common import encryption_at_rest, negated, setting
from checks.storage._controls import AT_REST, NOT_PUBLIC
from scanner.findings import Result, Severity, failed, passed, unknown
from scanner.model import Bucket
from scanner.registry import check

_TRANSPORT = ("soc2:CC6.7", "iso27001-2022:A.8.24", "nist-csf-2.0:PR.DS-02", "nist-800-53-r5:SC-8")
_NETWORK = ("soc2:CC6.6", "iso27001-2022:A.8.20", "nist-csf-2.0:PR.IR-01", "nist-800-53-r5:SC-7")
MIN_SOFT_DELETE_DAYS = 7


@check(
    id="STOR-201",
    title="Storage accounts accept only HTTPS (secure transfer required)",
    severity=Severity.HIGH,
    resource=Bucket,
    controls=(*_TRANSPORT, "cis-azure:9.3.4"),
    providers=("azure",),
)
def storage_account_https_only(account: Bucket) -> Result:
    """Plain HTTP exposes data and Shared Key or SAS signatures to anyone on the path.

    Remediation: set "Secure transfer required" (supportsHttpsTrafficOnly) to enabled.
    """
    return setting(
        account.https_only,
        on="secure transfer required",
        off="HTTP requests are accepted",
        unread="secure transfer setting unreadable",
    )


@check(
    id="STOR-202",
    title="Storage accounts require TLS 1.2 or newer",
    severity=Severity.MEDIUM,
    resource=Bucket,
    controls=(*_TRANSPORT, "cis-azure:9.3.6"),
    providers=("azure",),
)
def storage_account_min_tls(account: Bucket) -> Result:
    """TLS 1.0 and 1.1 have known weaknesses and are no longer accepted by current
    security baselines; clients that still use them should be found and upgraded.

    Remediation: set the minimum TLS version of the account to TLS 1.2.
    """
    version = account.min_tls_version
    if version is None:
        return unknown("minimum TLS version unreadable")
    if version in {"1.2", "1.3"}:
        return passed(f"minimum TLS {version}")
    return failed(f"minimum TLS {version or 'not enforced'}; needs 1.2")


@check(
    id="STOR-203",
    title="Storage accounts disallow anonymous blob access",
    severity=Severity.HIGH,
    resource=Bucket,
    controls=(*NOT_PUBLIC, "cis-azure:9.3.8"),
    providers=("azure",),
)
def storage_account_no_anonymous_access(account: Bucket) -> Result:
    """While anonymous access is allowed, one container set to public publishes its blobs
    to the internet without any credential.

    Remediation: set "Allow Blob anonymous access" (allowBlobPublicAccess) to false
    explicitly; accounts that leave it unset keep the legacy default.
    """
    return setting(
        negated(account.anonymous_access),
        on="anonymous blob access disallowed",
        off="anonymous blob access allowed (or not explicitly disallowed)",
        unread="anonymous access setting unreadable",
    )


@check(
    id="STOR-204",
    title="Storage accounts disable Shared Key authorisation",
    severity=Severity.MEDIUM,
    resource=Bucket,
    controls=(
        "soc2:CC6.1",
        "iso27001-2022:A.5.17",
        "iso27001-2022:A.8.5",
        "nist-csf-2.0:PR.AA-01",
        "nist-800-53-r5:IA-2",
        "cis-azure:9.3.1.3",
    ),
    providers=("azure",),
)
def storage_account_no_shared_key(account: Bucket) -> Result:
    """Account keys grant full access to all data, never expire on their own and leave no
    identity in the logs; SAS tokens signed with them are just as hard to revoke.

    Remediation: move clients to Microsoft Entra ID authorisation, then set "Allow storage
    account key access" (allowSharedKeyAccess) to false.
    """
    return setting(
        negated(account.shared_key_access),
        on="Shared Key authorisation disabled",
        off="account keys and key-signed SAS are accepted",
        unread="Shared Key setting unreadable",
    )


@check(
    id="STOR-205",
    title="Storage accounts use infrastructure (double) encryption",
    severity=Severity.LOW,
    resource=Bucket,
    controls=(*AT_REST, "nist-800-53-r5:SC-28(1)"),
    providers=("azure",),
)
def storage_account_infrastructure_encryption(account: Bucket) -> Result:
    """A second, independent layer of encryption protects data if one algorithm, key or
    implementation is ever compromised; it can only be chosen when the account is created.

    Remediation: create a new account with infrastructure encryption enabled and move the
    data into it.
    """
    return setting(
        account.infrastructure_encryption,
        on="infrastructure encryption enabled",
        off="single-layer service encryption only",
        unread="encryption settings unreadable",
    )


@check(
    id="STOR-206",
    title="Storage accounts encrypt data with a customer-managed key",
    severity=Severity.LOW,
    resource=Bucket,
    controls=(*AT_REST, "nist-800-53-r5:SC-12"),
    providers=("azure",),
)
def storage_account_customer_key(account: Bucket) -> Result:
    """With Microsoft-managed keys nobody in the organisation can revoke access to the data
    at rest or prove who used the key; a Key Vault key puts both under your control.

    Remediation: configure customer-managed keys (a Key Vault key with purge protection)
    for the account's encryption.
    """
    return encryption_at_rest(account.encryption, customer_key=True)


@check(
    id="STOR-207",
    title="Storage account firewalls deny access by default",
    severity=Severity.MEDIUM,
    resource=Bucket,
    controls=(*_NETWORK, "cis-azure:9.3.2.3"),
    providers=("azure",),
)
def storage_account_default_deny(account: Bucket) -> Result:
    """With the default action Allow, every network on the internet can reach the account
    and only credentials stand between an attacker and the data.

    Remediation: set the firewall's default action to Deny and allow the virtual networks,
    IP ranges and trusted services that need access.
    """
    return setting(
        account.network_default_deny,
        on="firewall default action Deny",
        off="firewall default action Allow (all networks)",
        unread="network rules unreadable",
    )


@check(
    id="STOR-208",
    title="Storage accounts disable public network access",
    severity=Severity.LOW,
    resource=Bucket,
    controls=(*_NETWORK, "cis-azure:9.3.2.2"),
    providers=("azure",),
)
def storage_account_public_network_disabled(account: Bucket) -> Result:
    """Closing the public endpoint removes the account from the internet altogether, so a
    leaked key or SAS token cannot be used from outside the private network.

    Remediation: set public network access to Disabled and reach the account through
    private endpoints.
    """
    return setting(
        negated(account.public_network_access),
        on="public network access disabled",
        off="public endpoint enabled",
        unread="public network access setting unreadable",
    )


@check(
    id="STOR-209",
    title="Storage accounts keep deleted blobs for at least 7 days",
    severity=Severity.MEDIUM,
    resource=Bucket,
    controls=(
        "soc2:A1.2",
        "iso27001-2022:A.8.13",
        "nist-csf-2.0:PR.DS-11",
        "nist-800-53-r5:CP-9",
        "cis-azure:9.2.1",
    ),
    providers=("azure",),
)
def storage_account_blob_soft_delete(account: Bucket) -> Result:
    """Without blob soft delete a deleted or overwritten blob is lost immediately, whether
    by mistake or by ransomware using a stolen key.

    Remediation: enable soft delete for blobs with a retention of 7 days or more.
    """
    days = account.soft_delete_days
    if days is None:
        return unknown("blob service properties unreadable")
    if days < MIN_SOFT_DELETE_DAYS:
        return failed("blob soft delete off" if days == 0 else f"kept only {days} day(s)")
    return passed(f"deleted blobs kept {days} days")
