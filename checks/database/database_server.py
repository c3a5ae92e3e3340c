"""Checks over logical database servers (Azure SQL servers)."""

from __future__ import annotations

from checks._common import negated, setting
from scanner.findings import Result, Severity, failed, not_applicable, passed, unknown
from scanner.model import DatabaseServer
from scanner.registry import check

_NETWORK = ("soc2:CC6.6", "iso27001-2022:A.8.20", "nist-csf-2.0:PR.IR-01", "nist-800-53-r5:SC-7")
_AUDIT = ("soc2:CC7.2", "iso27001-2022:A.8.15", "nist-csf-2.0:PR.PS-04", "nist-800-53-r5:AU-12")
MIN_AUDIT_DAYS = 90


@check(
    id="DB-201",
    title="Database servers disable public network access",
    severity=Severity.MEDIUM,
    resource=DatabaseServer,
    controls=_NETWORK,
    providers=("azure",),
)
def database_server_public_network_disabled(server: DatabaseServer) -> Result:
    """A public endpoint puts every database on the server one firewall rule away from the
    internet.

    Remediation: set public network access to Disabled and connect through private
    endpoints.
    """
    return setting(
        negated(server.public_network_access),
        on="public network access disabled",
        off="public endpoint enabled",
        unread="public network access setting unreadable",
    )


@check(
    id="DB-202",
    title="Database server firewalls do not admit every IP address",
    severity=Severity.HIGH,
    resource=DatabaseServer,
    controls=(*_NETWORK, "nist-800-53-r5:AC-17"),
    providers=("azure",),
)
def database_server_firewall_not_open(server: DatabaseServer) -> Result:
    """A rule from 0.0.0.0 to 255.255.255.255 lets the whole internet reach the login
    endpoint, where credential stuffing against SQL logins begins.

    Remediation: delete the rule and allow only the client address ranges that need access
    (or use private endpoints).
    """
    return setting(
        negated(server.firewall_allows_all),
        on="no firewall rule admits 0.0.0.0-255.255.255.255",
        off="a firewall rule admits 0.0.0.0-255.255.255.255",
        unread="firewall rules unreadable",
    )


@check(
    id="DB-203",
    title="Database servers have a Microsoft Entra administrator",
    severity=Severity.MEDIUM,
    resource=DatabaseServer,
    controls=(
        "soc2:CC6.1",
        "iso27001-2022:A.5.16",
        "iso27001-2022:A.8.5",
        "nist-csf-2.0:PR.AA-01",
        "nist-800-53-r5:AC-2",
        "nist-800-53-r5:IA-2",
    ),
    providers=("azure",),
)
def database_server_directory_admin(server: DatabaseServer) -> Result:
    """Without a directory administrator, access rests on SQL logins with passwords that
    bypass MFA, conditional access and central account lifecycle.

    Remediation: set a Microsoft Entra group as the server's administrator and move users
    to Entra authentication.
    """
    return setting(
        server.directory_admin,
        on="Microsoft Entra administrator configured",
        off="no Microsoft Entra administrator",
        unread="administrators unreadable",
    )


@check(
    id="DB-204",
    title="Database servers have auditing enabled",
    severity=Severity.MEDIUM,
    resource=DatabaseServer,
    controls=(*_AUDIT, "nist-800-53-r5:AU-2"),
    providers=("azure",),
)
def database_server_auditing_enabled(server: DatabaseServer) -> Result:
    """Without auditing there is no trail of logins, queries and permission changes to
    investigate a breach or demonstrate who accessed regulated data.

    Remediation: enable server-level auditing to a Log Analytics workspace, storage account
    or Event Hub.
    """
    return setting(
        server.auditing_enabled,
        on="server auditing enabled",
        off="server auditing disabled",
        unread="auditing policy unreadable",
    )


@check(
    id="DB-205",
    title="Database server audit logs are kept for at least 90 days",
    severity=Severity.LOW,
    resource=DatabaseServer,
    controls=(*_AUDIT, "nist-800-53-r5:AU-11"),
    providers=("azure",),
)
def database_server_audit_retention(server: DatabaseServer) -> Result:
    """Intrusions are often found months later; audit records that expire sooner leave
    the investigation without evidence.

    Remediation: set the audit retention to 90 days or more (0 keeps logs indefinitely).
    """
    if server.auditing_enabled is False:
        return not_applicable("auditing disabled (see DB-204)")
    days = server.audit_retention_days
    if days is None:
        return unknown("audit retention unreadable")
    if days == 0:
        return passed("audit logs kept indefinitely")
    if days < MIN_AUDIT_DAYS:
        return failed(f"audit logs kept {days} day(s); needs {MIN_AUDIT_DAYS}")
    return passed(f"audit logs kept {days} days")


@check(
    id="DB-206",
    title="Database servers require TLS 1.2 or newer",
    severity=Severity.MEDIUM,
    resource=DatabaseServer,
    controls=("soc2:CC6.7", "iso27001-2022:A.8.24", "nist-csf-2.0:PR.DS-02", "nist-800-53-r5:SC-8"),
    providers=("azure",),
)
def database_server_min_tls(server: DatabaseServer) -> Result:
    """Servers that accept TLS 1.0/1.1 let clients negotiate protocols with known
    weaknesses.

    Remediation: set the server's minimal TLS version to 1.2.
    """
    version = server.min_tls_version
    if version is None:
        return unknown("minimal TLS version unreadable")
    if version in {"1.2", "1.3"}:
        return passed(f"minimal TLS {version}")
    return failed(f"minimal TLS {version or 'not enforced'}; needs 1.2")
