"""Checks over load balancer backends (GCP backend services) and network DNS logging."""

from __future__ import annotations

from checks._common import setting
from scanner.findings import Result, Severity, failed, not_applicable, passed, unknown
from scanner.model import LoadBalancerBackend, Network
from scanner.registry import check

_LOGGING = (
    "soc2:CC7.2",
    "iso27001-2022:A.8.15",
    "nist-csf-2.0:DE.CM-01",
    "nist-800-53-r5:AU-12",
)
#: Backend protocols served by HTTP(S) (Application) load balancers.
HTTP_PROTOCOLS = frozenset({"HTTP", "HTTPS", "HTTP2"})


@check(
    id="NET-107",
    title="HTTP(S) load balancer backends log requests",
    severity=Severity.LOW,
    resource=LoadBalancerBackend,
    controls=(*_LOGGING, "cis-gcp:2.17"),
    providers=("gcp",),
)
def load_balancer_logs_requests(backend: LoadBalancerBackend) -> Result:
    """Without request logs, the load balancer keeps no record of who called the
    application, from where, and what it answered, which investigations start from.

    Remediation: enable logging on the backend service (logConfig.enable) with a sample
    rate above 0.
    """
    if backend.protocol not in HTTP_PROTOCOLS:
        return not_applicable(f"{backend.protocol} backend; not an HTTP(S) load balancer")
    if backend.scheme == "INTERNAL_SELF_MANAGED":
        return not_applicable("Traffic Director backend (no load balancer request logs)")
    if backend.logging is None:
        return unknown("logging configuration unreadable")
    if not backend.logging:
        return failed("request logging off")
    if backend.sample_rate is not None and backend.sample_rate <= 0:
        return failed("request logging on with a sample rate of 0 (nothing is logged)")
    return passed(f"request logging on (sample rate {backend.sample_rate})")


@check(
    id="NET-108",
    title="VPC networks log DNS queries",
    severity=Severity.LOW,
    resource=Network,
    controls=(*_LOGGING, "nist-800-53-r5:SI-4", "cis-gcp:2.13"),
    providers=("gcp",),
)
def network_logs_dns_queries(network: Network) -> Result:
    """DNS query logs show which names workloads resolve: the trace of malware calling
    home or data leaving through DNS, and often the first lead in an investigation.

    Remediation: create a Cloud DNS server policy with logging enabled (gcloud dns policies
    create --enable-logging --networks=NETWORK) or enable logging on the existing one.
    """
    return setting(
        network.dns_logging,
        on="a DNS server policy logs queries",
        off="no DNS server policy with logging is bound to the network",
        unread="DNS policies unreadable",
    )
