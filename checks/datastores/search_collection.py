"""Checks over serverless search collections (OpenSearch Serverless)."""

from __future__ import annotations

from checks._common import encryption_at_rest
from checks.crypto._controls import CUSTOMER_KEY
from scanner.findings import Result, Severity, failed, passed, unknown
from scanner.model import SearchCollection
from scanner.registry import check


@check(
    id="SEARCH-101",
    title="Serverless search collections encrypt with a customer managed KMS key",
    severity=Severity.LOW,
    resource=SearchCollection,
    controls=CUSTOMER_KEY,
    providers=("aws",),
)
def collection_customer_managed_key(collection: SearchCollection) -> Result:
    """A collection whose encryption policy uses the AWS owned key cannot be made
    unreadable by disabling a key the organisation holds, and its key use never appears in
    the organisation's CloudTrail or key policy.

    Remediation: create an encryption policy with a customer managed KMS key (``KmsARN``)
    matching the collection name before creating it; the key is fixed at creation, so
    reindex into a new collection.
    """
    return encryption_at_rest(collection.encryption, customer_key=True)


@check(
    id="SEARCH-102",
    title="Serverless search collections are not reachable from public networks",
    severity=Severity.HIGH,
    resource=SearchCollection,
    controls=(
        "soc2:CC6.6",
        "iso27001-2022:A.8.20",
        "nist-csf-2.0:PR.IR-01",
        "nist-800-53-r5:SC-7",
        "nist-800-53-r5:AC-3",
    ),
    providers=("aws",),
)
def collection_not_public(collection: SearchCollection) -> Result:
    """A network policy rule with ``AllowFromPublic`` lets anyone on the internet reach
    the collection's OpenSearch or Dashboards endpoint; only data access policies stand
    between them and the indices (a public rule overrides a private one that also matches).

    Remediation: set ``AllowFromPublic`` to false in every network policy rule matching the
    collection and list the OpenSearch Serverless VPC endpoints (``SourceVPCEs``) or AWS
    services (``SourceServices``) that need it.
    """
    if collection.public_endpoints is None:
        return unknown("network policies unreadable")
    if collection.public_endpoints:
        return failed(f"public access to the {' and '.join(collection.public_endpoints)} "
                      "endpoint(s)")  # fmt: skip
    return passed("no network policy rule allows public access")
