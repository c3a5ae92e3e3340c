"""Checks over network ACLs (stateless subnet filters; AWS only)."""

from __future__ import annotations

from checks.network._exposure import public_port_check
from scanner.findings import Severity
from scanner.model import NetworkAcl

network_acl_blocks_public_admin_ports = public_port_check(
    id="NET-010",
    title="Network ACLs admit no internet traffic to SSH or RDP (tcp/22, tcp/3389)",
    severity=Severity.MEDIUM,
    resource=NetworkAcl,
    ports={22: "SSH", 3389: "RDP"},
    controls=(
        "soc2:CC6.6",
        "iso27001-2022:A.8.20",
        "nist-csf-2.0:PR.IR-01",
        "nist-800-53-r5:SC-7",
        "nist-800-53-r5:AC-17",
        "cis-aws:6.2",
    ),
    rationale="A network ACL is the subnet-wide backstop behind security groups; when it "
    "admits remote administration from anywhere, one permissive security group is enough "
    "to expose SSH or RDP. Entries are judged in rule-number order, so a lower-numbered "
    "deny for the same address family closes the port.",
    remediation="add deny entries for tcp/22 and tcp/3389 from 0.0.0.0/0 and ::/0 numbered "
    "below any allow entry that covers them, or narrow the allow entries to known ranges.",
    name="network_acl_blocks_public_admin_ports",
    module=__name__,
    providers=("aws",),
)
