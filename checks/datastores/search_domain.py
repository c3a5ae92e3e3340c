"""Checks over managed search domains (OpenSearch Service first)."""

from __future__ import annotations

from checks._common import encryption_at_rest, setting
from checks.workloads._controls import (
    AT_REST,
    AUTHENTICATION,
    BOUNDARY,
    IN_TRANSIT,
    LOGGING,
    PRIVILEGE,
    RESILIENCE,
)
from scanner.findings import Result, Severity, failed, not_applicable, passed, unknown
from scanner.model import SearchDomain
from scanner.policy import public_access
from scanner.registry import Threshold, check


@check(
    id="SEARCH-001",
    title="Search domains encrypt data at rest",
    severity=Severity.MEDIUM,
    resource=SearchDomain,
    controls=AT_REST,
    providers=("aws",),
)
def search_domain_encrypted(domain: SearchDomain) -> Result:
    """Indices, logs and automated snapshots of an unencrypted domain are readable by anyone
    who reaches the underlying storage (Security Hub Opensearch.1).

    Remediation: enable encryption at rest (it can be turned on for existing domains on
    OpenSearch 2.x / Elasticsearch 6.7+), with a KMS key.
    """
    return encryption_at_rest(domain.encryption)


@check(
    id="SEARCH-002",
    title="Search domains encrypt traffic between nodes",
    severity=Severity.MEDIUM,
    resource=SearchDomain,
    controls=IN_TRANSIT,
    providers=("aws",),
)
def search_domain_node_to_node(domain: SearchDomain) -> Result:
    """Without node-to-node encryption, documents and queries cross the cluster network in
    clear between nodes (Security Hub Opensearch.3).

    Remediation: enable node-to-node encryption on the domain.
    """
    return setting(
        domain.node_to_node_encryption,
        on="node-to-node encryption on",
        off="node-to-node encryption off",
        unread="node-to-node encryption unreadable",
    )


@check(
    id="SEARCH-003",
    title="Search domains require HTTPS with TLS 1.2 or later",
    severity=Severity.MEDIUM,
    resource=SearchDomain,
    controls=(*IN_TRANSIT, "nist-800-53-r5:SC-13"),
    providers=("aws",),
)
def search_domain_https(domain: SearchDomain) -> Result:
    """A domain that accepts HTTP, or TLS 1.0/1.1, lets credentials and documents travel
    unencrypted or over deprecated protocols (Security Hub Opensearch.8).

    Remediation: enforce HTTPS on the domain endpoint and select the
    Policy-Min-TLS-1-2-2019-07 (or a newer TLS 1.2) security policy.
    """
    if domain.https_required is None:
        return unknown("endpoint options unreadable")
    if not domain.https_required:
        return failed("HTTPS not enforced: plain HTTP accepted")
    if domain.min_tls is None:
        return unknown("HTTPS enforced; TLS security policy unreadable")
    if domain.min_tls in {"ssl3", "1.0", "1.1"}:
        return failed(f"HTTPS enforced, but TLS {domain.min_tls} accepted")
    return passed(f"HTTPS enforced with TLS {domain.min_tls}+")


@check(
    id="SEARCH-004",
    title="Search domains are reachable only inside a VPC",
    severity=Severity.HIGH,
    resource=SearchDomain,
    controls=BOUNDARY,
    providers=("aws",),
)
def search_domain_in_vpc(domain: SearchDomain) -> Result:
    """A domain with a public endpoint can be reached from the internet; only its access
    policy and fine-grained access control stand in the way, and both are often left open
    (Security Hub Opensearch.2).

    Remediation: create the domain with VPC access (a domain cannot move from public to VPC
    access; migrate with a snapshot).
    """
    return setting(
        domain.in_vpc,
        on="VPC access only",
        off="public endpoint",
        unread="network configuration unreadable",
    )


@check(
    id="SEARCH-005",
    title="Search domains publish audit logs",
    severity=Severity.MEDIUM,
    resource=SearchDomain,
    controls=(*LOGGING, "nist-800-53-r5:AU-2"),
    providers=("aws",),
)
def search_domain_audit_logs(domain: SearchDomain) -> Result:
    """Audit logs record who authenticated and which indices they read or changed; without
    them data access cannot be reconstructed (Security Hub Opensearch.5).

    Remediation: enable fine-grained access control, then audit log publishing to a
    CloudWatch Logs group.
    """
    return setting(
        domain.audit_logs,
        on="audit logs published",
        off="audit logs not published",
        unread="log publishing options unreadable",
    )


@check(
    id="SEARCH-006",
    title="Search domains publish error logs",
    severity=Severity.LOW,
    resource=SearchDomain,
    controls=LOGGING,
    providers=("aws",),
)
def search_domain_error_logs(domain: SearchDomain) -> Result:
    """Application error logs show failed requests, mapping errors and node trouble; without
    them attacks and outages are diagnosed blind (Security Hub Opensearch.4).

    Remediation: enable error (application) log publishing to a CloudWatch Logs group.
    """
    return setting(
        domain.error_logs,
        on="error logs published",
        off="error logs not published",
        unread="log publishing options unreadable",
    )


@check(
    id="SEARCH-007",
    title="Search domains enforce fine-grained access control",
    severity=Severity.MEDIUM,
    resource=SearchDomain,
    controls=(*AUTHENTICATION, *PRIVILEGE[2:]),
    providers=("aws",),
)
def search_domain_fine_grained_access(domain: SearchDomain) -> Result:
    """Without fine-grained access control every caller the access policy lets in can read
    and write every index; there are no per-index, document or field permissions
    (Security Hub Opensearch.7).

    Remediation: enable fine-grained access control with an internal user database or IAM
    master user, and map roles to least-privilege index permissions.
    """
    return setting(
        domain.fine_grained_access,
        on="fine-grained access control on",
        off="fine-grained access control off",
        unread="security options unreadable",
    )


@check(
    id="SEARCH-008",
    title="Search domains run three or more data nodes across zones",
    severity=Severity.LOW,
    resource=SearchDomain,
    controls=RESILIENCE,
    providers=("aws",),
    thresholds=(
        Threshold(
            "min_data_nodes",
            3,
            unit="data nodes",
            minimum=1,
            description="the domain must run at least this many data nodes",
            source="AWS Security Hub Opensearch.6 (at least three data nodes)",
        ),
    ),
)
def search_domain_resilient(domain: SearchDomain, *, min_data_nodes: int) -> Result:
    """A domain with fewer than three data nodes or in a single zone loses availability,
    and possibly data, when a node or zone fails (Security Hub Opensearch.6).

    Remediation: run at least three data nodes and enable zone awareness.
    """
    if domain.zone_awareness is None:
        return unknown("cluster configuration unreadable")
    problems = []
    if domain.data_nodes < min_data_nodes:
        problems.append(f"{domain.data_nodes} data node(s)")
    if not domain.zone_awareness:
        problems.append("zone awareness off")
    if problems:
        return failed("; ".join(problems))
    return passed(f"{domain.data_nodes} data nodes with zone awareness")


@check(
    id="SEARCH-009",
    title="Search domains run three or more dedicated master nodes",
    severity=Severity.LOW,
    resource=SearchDomain,
    controls=RESILIENCE,
    providers=("aws",),
    thresholds=(
        Threshold(
            "min_dedicated_masters",
            3,
            unit="nodes",
            minimum=1,
            description="the domain must run at least this many dedicated master nodes",
            source="AWS Security Hub Opensearch.11 (at least three dedicated primary nodes)",
        ),
    ),
)
def search_domain_dedicated_masters(domain: SearchDomain, *, min_dedicated_masters: int) -> Result:
    """Without dedicated master nodes, data nodes also manage cluster state and a busy node
    can stall the whole domain; with fewer than three, losing one master can leave no
    quorum (Security Hub Opensearch.11).

    Remediation: enable dedicated master nodes and run three of them (one per zone).
    """
    if domain.dedicated_masters == 0:
        return failed("no dedicated master nodes")
    if domain.dedicated_masters < min_dedicated_masters:
        n = domain.dedicated_masters
        return failed(f"{n} dedicated master node(s) (< {min_dedicated_masters})")
    return passed(f"{domain.dedicated_masters} dedicated master nodes")


@check(
    id="SEARCH-010",
    title="Public search domains do not admit anonymous callers",
    severity=Severity.CRITICAL,
    resource=SearchDomain,
    controls=(*AUTHENTICATION, "nist-800-53-r5:AC-3"),
    providers=("aws",),
)
def search_domain_not_anonymous(domain: SearchDomain) -> Result:
    """A domain with a public endpoint whose access policy allows everyone, without
    fine-grained access control to authenticate each request (or with its anonymous access
    on), lets anyone on the internet read and write its indices. An open access policy is
    the documented pattern only behind fine-grained access control or inside a VPC.

    Remediation: restrict the access policy to named IAM principals or source IPs, or enable
    fine-grained access control (without anonymous access); better, move the domain into a
    VPC.
    """
    if domain.in_vpc:
        return not_applicable("VPC domain: reachable only through its security groups")
    if domain.access_policy is None:
        return unknown("access policy unreadable")
    exposure = public_access(domain.access_policy, service="es")
    if not exposure.public:
        return _closed_policy(exposure.undetermined_keys)
    if domain.fine_grained_access is None:
        return unknown("open access policy; fine-grained access control unreadable")
    if domain.fine_grained_access and not domain.anonymous_auth:
        return passed("open access policy behind fine-grained access control")
    why = "anonymous access on" if domain.fine_grained_access else "no fine-grained access"
    return failed(f"access policy grants everyone {exposure.describe()}; {why}")


def _closed_policy(undetermined: tuple[str, ...]) -> Result:
    """No provably public grant: pass, or unknown when an unclassified key decides it."""
    if undetermined:
        return unknown(f"a grant to everyone is conditioned on unclassified key(s) "
                       f"{', '.join(undetermined)}")  # fmt: skip
    return passed("the access policy names its callers")
