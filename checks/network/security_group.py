"""Checks over security groups (AWS SGs, GCP firewall rules, Azure NSGs)."""

from __future__ import annotations

from checks._common import setting
from checks.network._exposure import exposures, public_port_check
from scanner.findings import Result, Severity, failed, not_applicable, passed
from scanner.model import SecurityGroup
from scanner.registry import check

_BOUNDARY = ("soc2:CC6.6", "iso27001-2022:A.8.20", "nist-csf-2.0:PR.IR-01", "nist-800-53-r5:SC-7")
_ADMIN = (*_BOUNDARY, "nist-800-53-r5:AC-17", "cis-aws:6.3", "cis-aws:6.4")
_CLOSE = (
    "remove the rule or narrow its source to known address ranges (VPN, bastion, "
    "corporate egress) for both 0.0.0.0/0 and ::/0; reach hosts through a managed "
    "session service or private connectivity instead."
)

security_group_blocks_public_ssh = public_port_check(
    id="NET-002",
    title="Security groups admit no internet traffic to SSH (tcp/22)",
    severity=Severity.HIGH,
    resource=SecurityGroup,
    ports={22: "SSH"},
    controls=(*_ADMIN, "cis-gcp:3.6", "cis-azure:7.2"),
    rationale="SSH reachable from anywhere is scanned and brute-forced within minutes of "
    "exposure; one weak key or unpatched daemon hands an attacker a shell.",
    remediation=_CLOSE,
    name="security_group_blocks_public_ssh",
    module=__name__,
)

security_group_blocks_public_rdp = public_port_check(
    id="NET-003",
    title="Security groups admit no internet traffic to RDP (tcp/3389)",
    severity=Severity.HIGH,
    resource=SecurityGroup,
    ports={3389: "RDP"},
    controls=(*_ADMIN, "cis-gcp:3.7", "cis-azure:7.1"),
    rationale="Internet-facing Remote Desktop is a leading ransomware entry point through "
    "password spraying and pre-authentication vulnerabilities.",
    remediation=_CLOSE,
    name="security_group_blocks_public_rdp",
    module=__name__,
)

security_group_blocks_public_postgres = public_port_check(
    id="NET-004",
    title="Security groups admit no internet traffic to PostgreSQL (tcp/5432)",
    severity=Severity.HIGH,
    resource=SecurityGroup,
    ports={5432: "PostgreSQL"},
    controls=_BOUNDARY,
    rationale="A database listener open to the internet exposes authentication and the "
    "engine itself to anyone; data theft then needs only one leaked credential.",
    remediation=_CLOSE,
    name="security_group_blocks_public_postgres",
    module=__name__,
)

security_group_blocks_public_mysql = public_port_check(
    id="NET-005",
    title="Security groups admit no internet traffic to MySQL (tcp/3306)",
    severity=Severity.HIGH,
    resource=SecurityGroup,
    ports={3306: "MySQL"},
    controls=_BOUNDARY,
    rationale="MySQL and MariaDB listeners are routinely brute-forced when reachable from "
    "anywhere, and the wire protocol leaks the server version to every scanner.",
    remediation=_CLOSE,
    name="security_group_blocks_public_mysql",
    module=__name__,
)

security_group_blocks_public_mssql = public_port_check(
    id="NET-006",
    title="Security groups admit no internet traffic to SQL Server (tcp/1433)",
    severity=Severity.HIGH,
    resource=SecurityGroup,
    ports={1433: "SQL Server"},
    controls=_BOUNDARY,
    rationale="SQL Server exposed to the internet attracts constant login attacks against "
    "'sa' and other accounts, and a compromise often yields command execution on the host.",
    remediation=_CLOSE,
    name="security_group_blocks_public_mssql",
    module=__name__,
)

security_group_blocks_public_data_stores = public_port_check(
    id="NET-007",
    title="Security groups admit no internet traffic to cache and NoSQL ports",
    severity=Severity.HIGH,
    resource=SecurityGroup,
    ports={
        6379: "Redis",
        27017: "MongoDB",
        9200: "Elasticsearch",
        11211: "Memcached",
        1521: "Oracle",
        9042: "Cassandra",
    },
    controls=_BOUNDARY,
    rationale="Caches and NoSQL stores often run without authentication by default; when "
    "reachable from the internet they are wiped, ransomed or used for amplification.",
    remediation=_CLOSE,
    name="security_group_blocks_public_data_stores",
    module=__name__,
)

security_group_blocks_public_cifs = public_port_check(
    id="NET-011",
    title="Security groups admit no internet traffic to SMB/CIFS (tcp/445)",
    severity=Severity.HIGH,
    resource=SecurityGroup,
    ports={445: "SMB/CIFS"},
    controls=(*_BOUNDARY, "cis-aws:6.1.2"),
    rationale="File sharing over SMB is a wormable attack surface (EternalBlue, WannaCry) and "
    "leaks credentials and data when reachable from the internet.",
    remediation=_CLOSE,
    name="security_group_blocks_public_cifs",
    module=__name__,
)


@check(
    id="NET-008",
    title="Security groups admit no all-traffic rules from the internet",
    severity=Severity.CRITICAL,
    resource=SecurityGroup,
    controls=(*_BOUNDARY, "nist-800-53-r5:SC-7(5)", "cis-aws:6.3", "cis-aws:6.4"),
)
def security_group_blocks_public_all_traffic(group: SecurityGroup) -> Result:
    """A rule opening every protocol and port to anyone exposes every service on the hosts,
    including ones nobody meant to publish, and defeats the firewall entirely.

    Remediation: replace the rule with rules for the specific ports the workload serves, and
    restrict their sources; never allow all protocols from 0.0.0.0/0 or ::/0.
    """
    found = exposures(group, None)
    if found:
        return failed("; ".join(e.describe() for e in found))
    return passed("no all-traffic rule admits the internet")


@check(
    id="NET-009",
    title="Default security groups have no rules",
    severity=Severity.MEDIUM,
    resource=SecurityGroup,
    controls=(*_BOUNDARY, "nist-800-53-r5:SC-7(5)", "nist-800-53-r5:CM-7", "cis-aws:6.5"),
)
def default_security_group_restricts_all_traffic(group: SecurityGroup) -> Result:
    """Workloads land in the default group whenever none is chosen, so any rule left in it
    silently opens new resources to traffic nobody reviewed.

    Remediation: delete every inbound and outbound rule of the default group and attach
    purpose-built groups to workloads instead.
    """
    if not group.is_default:
        return not_applicable("not a default security group")
    if not group.rules:
        return passed("default group has no rules")
    inbound = sum(r.direction == "ingress" for r in group.rules)
    outbound = len(group.rules) - inbound
    return failed(f"default group has {inbound} inbound and {outbound} outbound rule(s)")


@check(
    id="NET-106",
    title="Firewall rules log the connections they match",
    severity=Severity.LOW,
    resource=SecurityGroup,
    controls=(
        "soc2:CC7.2",
        "iso27001-2022:A.8.15",
        "nist-csf-2.0:DE.CM-01",
        "nist-800-53-r5:AU-12",
    ),
    providers=("gcp",),
)
def firewall_rule_logging_enabled(group: SecurityGroup) -> Result:
    """Without firewall rule logging there is no record of which connections a rule allowed
    or denied, so probing and lateral movement through the rule go unseen.

    Remediation: enable firewall rules logging on the rule (with metadata where needed) and
    keep the logs in a bucket with a retention period.
    """
    if not group.rules:
        return not_applicable("rule is disabled or has no entries")
    return setting(
        group.logging_enabled,
        on="rule logging enabled",
        off="rule logging disabled",
        unread="logging configuration unreadable",
    )
