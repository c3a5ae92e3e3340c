"""Checks over AWS EC2 instances: the instance metadata service and the instance's role."""

from __future__ import annotations

from scanner.findings import Result, Severity, failed, not_applicable, passed, unknown
from scanner.model import InstanceDefaults, VirtualMachine
from scanner.registry import check


@check(
    id="VM-501",
    title="Instances answer metadata requests only with session tokens (IMDSv2)",
    severity=Severity.HIGH,
    resource=VirtualMachine,
    controls=(
        "soc2:CC6.8",
        "iso27001-2022:A.8.9",
        "nist-csf-2.0:PR.PS-01",
        "nist-800-53-r5:CM-6",
        "nist-800-53-r5:AC-3",
        "cis-aws:6.7",
    ),
    providers=("aws",),
)
def instance_requires_imdsv2(vm: VirtualMachine) -> Result:
    """IMDSv1 answers plain GET requests, so a server-side request forgery or an open
    reverse proxy on the instance hands out the credentials of its IAM role; IMDSv2 needs a
    session token obtained with a PUT, which those attacks cannot send.

    Remediation: ``aws ec2 modify-instance-metadata-options --instance-id <id>
    --http-tokens required`` (or turn the endpoint off if nothing uses it), and set the
    account's instance metadata defaults so new instances start with IMDSv2 only.
    """
    if vm.metadata is None:
        return unknown("instance metadata options unreadable")
    if not vm.metadata.endpoint_enabled:
        return passed("instance metadata endpoint disabled")
    if vm.metadata.tokens_required:
        return passed("IMDSv2 required (HttpTokens=required)")
    return failed("IMDSv1 accepted (HttpTokens=optional)")


@check(
    id="VM-502",
    title="Instances reach cloud APIs through an attached IAM role",
    severity=Severity.MEDIUM,
    resource=VirtualMachine,
    controls=(
        "soc2:CC6.1",
        "iso27001-2022:A.5.17",
        "nist-csf-2.0:PR.AA-01",
        "nist-800-53-r5:IA-5",
        "cis-aws:2.16",
    ),
    providers=("aws",),
)
def instance_has_iam_role(vm: VirtualMachine) -> Result:
    """Without an instance profile, software on the instance that calls AWS needs long-lived
    access keys stored on disk or in code, where they leak and never rotate; a role gives
    it short-lived credentials that AWS rotates.

    Remediation: create an IAM role with only the permissions the workload needs, wrap it
    in an instance profile and attach it (``aws ec2 associate-iam-instance-profile``), then
    remove any access keys from the instance.
    """
    if vm.service_account is None:
        return unknown("instance profile unreadable")
    if vm.state in {"terminated", "shutting-down"}:
        return not_applicable(f"instance is {vm.state}")
    if vm.service_account:
        return passed(f"instance profile {vm.service_account} attached")
    return failed("no IAM instance profile attached")


@check(
    id="VM-503",
    title="New instances default to IMDSv2 in every region",
    severity=Severity.MEDIUM,
    resource=InstanceDefaults,
    controls=(
        "soc2:CC6.8",
        "iso27001-2022:A.8.9",
        "nist-csf-2.0:PR.PS-01",
        "nist-800-53-r5:CM-2",
        "nist-800-53-r5:CM-6",
    ),
    providers=("aws",),
)
def instance_defaults_require_imdsv2(defaults: InstanceDefaults) -> Result:
    """Without an account default, every instance launched from an AMI that is not flagged
    IMDSv2-only starts accepting IMDSv1, so each new launch reopens the SSRF credential path
    that VM-501 closes on existing ones.

    Remediation: ``aws ec2 modify-instance-metadata-defaults --http-tokens required
    --http-put-response-hop-limit 2`` in every region (or a declarative policy in AWS
    Organizations).
    """
    if defaults.metadata_tokens_required is None:
        return unknown("instance metadata defaults unreadable")
    if defaults.metadata_tokens_required:
        return passed("new instances default to IMDSv2 only")
    return failed("no IMDSv2 default: new instances follow their AMI (IMDSv1 allowed)")
