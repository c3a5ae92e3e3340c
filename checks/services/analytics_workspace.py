"""Checks over Azure Databricks workspaces (CIS Azure 2.1.x).

Semantics: Azure Databricks docs "Deploy Azure Databricks in your Azure virtual network
(VNet injection)", "Secure cluster connectivity (No Public IP)", "Enable Azure Private
Link" (publicNetworkAccess, private endpoints) and "Diagnostic logging"; the workspace REST
reference (Microsoft.Databricks/workspaces parameters).
"""

from __future__ import annotations

from checks._common import negated, setting
from scanner.findings import Result, Severity, failed, not_applicable, passed, unknown
from scanner.model import AnalyticsWorkspace
from scanner.registry import check

_NETWORK = ("soc2:CC6.6", "iso27001-2022:A.8.20", "nist-csf-2.0:PR.IR-01", "nist-800-53-r5:SC-7")
_LOGGING = ("soc2:CC7.2", "iso27001-2022:A.8.15", "nist-csf-2.0:DE.CM-09", "nist-800-53-r5:AU-12")


@check(
    id="SVC-250",
    title="Databricks workspaces run in a customer-managed virtual network",
    severity=Severity.MEDIUM,
    resource=AnalyticsWorkspace,
    controls=(*_NETWORK, "cis-azure:2.1.1"),
    providers=("azure",),
)
def workspace_in_customer_network(workspace: AnalyticsWorkspace) -> Result:
    """In the Databricks-managed network, cluster traffic cannot be filtered, inspected or
    routed through the organisation's firewalls and private connectivity.

    Remediation: deploy the workspace with VNet injection (customVirtualNetworkId with a
    public and a private subnet delegated to Microsoft.Databricks/workspaces).
    """
    if workspace.customer_network:
        return passed("deployed with VNet injection")
    return failed("clusters run in the Databricks-managed virtual network")


@check(
    id="SVC-251",
    title="Databricks workspace subnets have network security groups",
    severity=Severity.MEDIUM,
    resource=AnalyticsWorkspace,
    controls=(*_NETWORK, "cis-azure:2.1.2"),
    providers=("azure",),
)
def workspace_subnets_have_security_groups(workspace: AnalyticsWorkspace) -> Result:
    """Workspace subnets without an NSG have no filter on cluster traffic beyond the
    platform's defaults; exfiltration or lateral movement from a notebook is unconstrained.

    Remediation: associate a network security group with both the public (host) and private
    (container) subnets of the workspace.
    """
    if not workspace.customer_network:
        return not_applicable("not VNet-injected (see SVC-250)")
    ok = workspace.subnets_have_security_group
    if ok is None:
        return unknown("the workspace virtual network or subnets could not be read")
    if ok:
        return passed("both workspace subnets have a network security group")
    return failed(f"no network security group on {', '.join(workspace.missing_security_group)}")


@check(
    id="SVC-252",
    title="Databricks workspaces deliver diagnostic logs",
    severity=Severity.MEDIUM,
    resource=AnalyticsWorkspace,
    controls=(*_LOGGING, "cis-azure:2.1.7"),
    providers=("azure",),
)
def workspace_diagnostic_logs(workspace: AnalyticsWorkspace) -> Result:
    """Without diagnostic logs there is no record of logins, notebook runs, cluster and
    permission changes, so misuse of the workspace cannot be investigated.

    Remediation: add a diagnostic setting on the workspace that sends its log categories
    (allLogs) to a Log Analytics workspace, storage account or event hub.
    """
    return setting(
        workspace.diagnostic_logging,
        on="diagnostic logs exported",
        off="no diagnostic setting exports workspace logs",
        unread="diagnostic settings unreadable",
    )


@check(
    id="SVC-253",
    title="Databricks clusters get no public IP (secure cluster connectivity)",
    severity=Severity.HIGH,
    resource=AnalyticsWorkspace,
    controls=(*_NETWORK, "cis-azure:2.1.9"),
    providers=("azure",),
)
def workspace_no_public_ip(workspace: AnalyticsWorkspace) -> Result:
    """Cluster nodes with public IPs are directly reachable from the internet and can send
    data anywhere without passing the organisation's egress controls.

    Remediation: enable secure cluster connectivity ("No Public IP", enableNoPublicIp).
    """
    return setting(
        workspace.no_public_ip,
        on="No Public IP enabled",
        off="cluster nodes receive public IPs",
        unread="No Public IP setting absent",
    )


@check(
    id="SVC-254",
    title="Databricks workspaces disable public network access",
    severity=Severity.MEDIUM,
    resource=AnalyticsWorkspace,
    controls=(*_NETWORK, "cis-azure:2.1.10"),
    providers=("azure",),
)
def workspace_public_access_disabled(workspace: AnalyticsWorkspace) -> Result:
    """A workspace reachable from the internet exposes its login page, REST API and
    notebooks to anyone holding a stolen token.

    Remediation: set "Allow Public Network Access" to Disabled and reach the workspace
    through Private Link.
    """
    return setting(
        negated(workspace.public_network_access),
        on="public network access disabled",
        off="public network access enabled",
        unread="public network access setting unreadable",
    )


@check(
    id="SVC-255",
    title="Databricks workspaces are reached through a private endpoint",
    severity=Severity.MEDIUM,
    resource=AnalyticsWorkspace,
    controls=(*_NETWORK, "cis-azure:2.1.11"),
    providers=("azure",),
)
def workspace_private_endpoint(workspace: AnalyticsWorkspace) -> Result:
    """Without a private endpoint, users and clusters reach the control plane over public
    addresses, outside the organisation's network controls.

    Remediation: create a private endpoint (databricks_ui_api) for the workspace and approve
    the connection.
    """
    return setting(
        workspace.private_endpoint,
        on="an approved private endpoint connection exists",
        off="no approved private endpoint connection",
        unread="private endpoint connections unreadable",
    )
