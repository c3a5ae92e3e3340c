"""OpenSearch Service domains: ListDomainNames, then DescribeDomains in batches of five."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

from providers.aws.policy import MalformedPolicyError, parse_policy_document
from providers.aws.session import SDK_ERRORS, AwsSession, translate_error
from providers.aws.shapes import kms_encryption
from scanner.model import PolicyDocument, SearchDomain
from scanner.model.cdn import TlsVersion
from scanner.provider import Collector, Item

_PERMISSIONS = ("es:ListDomainNames", "es:DescribeDomains")
_BATCH = 5  # DescribeDomains takes at most five names
#: DomainEndpointOptions.TLSSecurityPolicy -> oldest TLS version it admits.
_TLS_POLICIES: dict[str, TlsVersion] = {"Policy-Min-TLS-1-0-2019-07": "1.0"}


def _policy(text: Any) -> PolicyDocument | None:
    if not text:
        return PolicyDocument()
    try:
        return parse_policy_document(str(text))
    except MalformedPolicyError:
        return None


def _log_enabled(options: Mapping[str, Any], kind: str) -> bool:
    entry = options.get(kind) or {}
    return bool(entry.get("Enabled")) and bool(entry.get("CloudWatchLogsLogGroupArn"))


def min_tls(policy: str | None) -> TlsVersion | None:
    """Pure: a TLSSecurityPolicy name -> oldest TLS version (None when absent)."""
    if not policy:
        return None
    return _TLS_POLICIES.get(policy, "1.2" if "TLS-1-2" in policy else "1.0")


def to_search_domain(
    domain: Mapping[str, Any], *, account: str, region: str, collected_at: datetime
) -> SearchDomain:
    """Pure: a DescribeDomains ``DomainStatus`` -> SearchDomain.

    Options absent from the answer are off (their API defaults): encryption at rest,
    node-to-node encryption, EnforceHTTPS, fine-grained access control, log publishing.
    """
    at_rest = domain.get("EncryptionAtRestOptions") or {}
    endpoint = domain.get("DomainEndpointOptions") or {}
    cluster = domain.get("ClusterConfig") or {}
    logs = domain.get("LogPublishingOptions") or {}
    return SearchDomain(
        uid=str(domain["ARN"]), provider="aws", account=account, region=region,
        service="opensearch", name=str(domain["DomainName"]), collected_at=collected_at,
        engine_version=str(domain.get("EngineVersion", "")),
        encryption=kms_encryption(bool(at_rest.get("Enabled")), at_rest.get("KmsKeyId")),
        node_to_node_encryption=bool((domain.get("NodeToNodeEncryptionOptions") or {})
                                     .get("Enabled")),
        https_required=bool(endpoint.get("EnforceHTTPS")),
        min_tls=min_tls(endpoint.get("TLSSecurityPolicy")),
        in_vpc=bool((domain.get("VPCOptions") or {}).get("SubnetIds")),
        fine_grained_access=bool((domain.get("AdvancedSecurityOptions") or {}).get("Enabled")),
        anonymous_auth=bool((domain.get("AdvancedSecurityOptions") or {})
                            .get("AnonymousAuthEnabled")),
        audit_logs=_log_enabled(logs, "AUDIT_LOGS"),
        error_logs=_log_enabled(logs, "ES_APPLICATION_LOGS"),
        data_nodes=int(cluster.get("InstanceCount", 1)),
        zone_awareness=bool(cluster.get("ZoneAwarenessEnabled")),
        dedicated_masters=(int(cluster.get("DedicatedMasterCount", 0))
                           if cluster.get("DedicatedMasterEnabled") else 0),
        access_policy=_policy(domain.get("AccessPolicies")),
    )  # fmt: skip


def collect_search_domains(session: AwsSession, region: str) -> Iterator[Item]:
    """Yield every OpenSearch/Elasticsearch domain in ``region``."""
    client = session.client("opensearch", region)
    try:
        names = [str(d["DomainName"]) for d in client.list_domain_names().get("DomainNames", ())]
    except SDK_ERRORS as err:
        raise translate_error(
            err, scope=region, resource="SearchDomain", permission=_PERMISSIONS[0]
        ) from err
    batches = [names[i : i + _BATCH] for i in range(0, len(names), _BATCH)]

    def describe(batch: list[str]) -> list[Any] | Exception:
        try:
            return list(client.describe_domains(DomainNames=batch).get("DomainStatusList", ()))
        except SDK_ERRORS as err:
            return err

    now = session.now()
    for batch, answer in zip(batches, session.map(describe, batches), strict=True):
        if isinstance(answer, Exception):
            for name in batch:
                uid = f"arn:aws:es:{region}:{session.account}:domain/{name}"
                yield translate_error(answer, scope=region, resource="SearchDomain",
                                      permission=_PERMISSIONS[1], uid=uid)  # fmt: skip
            continue
        for domain in answer:
            yield to_search_domain(domain, account=session.account, region=region,
                                   collected_at=now)  # fmt: skip


COLLECTORS = (Collector(SearchDomain, collect_search_domains, permissions=_PERMISSIONS),)
