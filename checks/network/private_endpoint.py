"""Checks over private endpoints (VPC endpoints): endpoint policies and private DNS."""

from __future__ import annotations

from scanner.findings import Result, Severity, failed, not_applicable, passed, unknown
from scanner.model import PrivateEndpoint
from scanner.policy.endpoint import endpoint_access
from scanner.registry import check

#: Endpoint types that take an endpoint policy (PrivateLink guide: Gateway Load Balancer,
#: resource and service-network endpoints do not support endpoint policies).
_POLICY_TYPES = ("gateway", "interface")
#: Endpoint states in which no traffic flows (EC2 API reference, VpcEndpoint ``State``).
_GONE = ("deleting", "deleted", "rejected", "failed", "expired")


def _out_of_scope(endpoint: PrivateEndpoint) -> str | None:
    """Why NET-601 does not apply to ``endpoint`` (None: it does)."""
    if endpoint.state in _GONE:
        return f"endpoint {endpoint.state}"
    if endpoint.endpoint_type not in _POLICY_TYPES:
        return f"{endpoint.endpoint_type} endpoints take no endpoint policy"
    if not endpoint.has_policy:
        return "the service does not support endpoint policies"
    return None


@check(
    id="NET-601",
    title="VPC endpoint policies do not give everyone full access",
    severity=Severity.MEDIUM,
    resource=PrivateEndpoint,
    controls=(
        "soc2:CC6.1",
        "soc2:CC6.6",
        "iso27001-2022:A.5.15",
        "iso27001-2022:A.8.20",
        "nist-csf-2.0:PR.AA-05",
        "nist-800-53-r5:AC-3",
        "nist-800-53-r5:SC-7",
    ),
    providers=("aws",),
)
def endpoint_policy_restricted(endpoint: PrivateEndpoint) -> Result:
    """The default endpoint policy lets any principal, from any account, call every action
    of the service on every resource through the endpoint, so the endpoint is a path for
    moving data to buckets, tables or registries outside the organisation.

    Remediation: replace the full-access policy with one that names the principals
    (``aws:PrincipalOrgID``), actions and resources (``aws:ResourceOrgID`` or ARNs) the
    workloads need.
    """
    why = _out_of_scope(endpoint)
    if why:
        return not_applicable(why)
    if endpoint.policy_document is None:
        return unknown("endpoint policy unreadable")
    access = endpoint_access(endpoint.policy_document, endpoint.target_service)
    if access.unrestricted:
        where = ", ".join(str(i) for i in access.full)
        what = f"every {endpoint.target_service} action" if endpoint.target_service else "*"
        return failed(f"endpoint policy lets anyone call {what} on every resource "
                      f"(statement {where})")  # fmt: skip
    if access.full:
        return passed(f"full-access grant narrowed by {len(access.denies)} Deny statement(s)")
    if access.undetermined_keys:
        keys = ", ".join(access.undetermined_keys)
        return unknown(f"a full-access grant depends on unclassified condition key(s) {keys}")
    return passed(f"endpoint policy restricted by {', '.join(access.restricted_by) or 'denies'}")


@check(
    id="NET-602",
    title="Interface endpoints to AWS services resolve the service name privately",
    severity=Severity.LOW,
    resource=PrivateEndpoint,
    controls=(
        "soc2:CC6.6",
        "iso27001-2022:A.8.20",
        "nist-csf-2.0:PR.IR-01",
        "nist-800-53-r5:SC-7",
    ),
    providers=("aws",),
)
def interface_endpoint_private_dns(endpoint: PrivateEndpoint) -> Result:
    """Without private DNS the service's default name still resolves to its public
    addresses, so SDKs and tools in the VPC bypass the endpoint (and its policy) and reach
    the service over the internet path.

    Remediation: enable private DNS names on the endpoint (the VPC needs DNS hostnames and
    DNS resolution), or serve the name from a private hosted zone that points at it.
    """
    if endpoint.endpoint_type != "interface":
        return not_applicable(f"{endpoint.endpoint_type} endpoints have no private DNS option")
    if not endpoint.target_service or endpoint.state in _GONE:
        return not_applicable(f"endpoint {endpoint.state}" if endpoint.target_service
                              else "partner or customer endpoint service")  # fmt: skip
    if endpoint.private_dns is None:
        return unknown("private DNS setting unreadable")
    if endpoint.private_dns:
        return passed("private DNS on")
    return failed(f"private DNS off: {endpoint.service_name} resolves to public addresses")
