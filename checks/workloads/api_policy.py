"""REST API resource policies judged by the policy engine: who may invoke the API."""

from __future__ import annotations

from checks.services.resource_policy import NOT_PUBLIC, judge_resource_policy
from scanner.findings import Result, Severity, not_applicable, passed
from scanner.model import Api
from scanner.registry import check


@check(
    id="API-101",
    title="REST API resource policies do not let everyone invoke the API",
    severity=Severity.HIGH,
    resource=Api,
    controls=(*NOT_PUBLIC, "soc2:CC6.6", "nist-800-53-r5:SC-7"),
    providers=("aws",),
)
def rest_api_policy_not_public(api: Api) -> Result:
    """A resource policy that allows ``execute-api:Invoke`` to everyone, with no condition
    on who calls (``aws:SourceVpce``, ``aws:SourceVpc``, ``aws:SourceIp``,
    ``aws:PrincipalOrgID``...), opens the API to any caller; on a PRIVATE API it admits
    every VPC endpoint of every AWS account (API Gateway developer guide, "Controlling
    access to a REST API with API Gateway resource policies").

    Remediation: restrict the Allow with ``aws:SourceVpce`` / ``aws:SourceVpc`` (private
    APIs), ``aws:SourceIp`` ranges or named principals, or add a Deny for requests from
    anywhere else, then redeploy the API.
    """
    if api.protocol != "rest":
        return not_applicable(f"{api.protocol} APIs have no resource policy")
    if api.resource_policy is not None and not api.resource_policy.statements:
        return passed("no resource policy: access is decided by method authorization")
    return judge_resource_policy(api.resource_policy, "execute-api", "resource")
