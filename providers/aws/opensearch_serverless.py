"""OpenSearch Serverless collections: encryption key and public network access.

ListCollections and BatchGetCollection (``kmsKeyArn``: a key ARN for a customer managed
key, ``auto`` for the AWS owned key); ListSecurityPolicies and GetSecurityPolicy (type
``network``). A network policy is a list of rule sets, each with ``Rules`` (``ResourceType``
collection or dashboard, ``Resource`` patterns such as ``collection/logs*``) and
``AllowFromPublic``. Where rules overlap, a rule granting public access overrides one
granting private access; a collection no network policy matches is not reachable at all
(OpenSearch Service developer guide, "Network access for Amazon OpenSearch Serverless",
policy precedence).
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any

from providers.aws.session import SDK_ERRORS, AwsSession, translate_error
from scanner.model import Encryption, SearchCollection
from scanner.model.search_collection import SearchEndpoint
from scanner.provider import Collector, Item

_PERMISSIONS = (
    "aoss:ListCollections",
    "aoss:BatchGetCollection",
    "aoss:ListSecurityPolicies",
    "aoss:GetSecurityPolicy",
)
_BATCH = 100
_ENDPOINTS: tuple[SearchEndpoint, ...] = ("collection", "dashboard")


def collection_key(detail: Mapping[str, Any]) -> Encryption | None:
    """Pure: ``kmsKeyArn`` -> encryption (``auto``: AWS owned key; absent: unknown)."""
    key = str(detail.get("kmsKeyArn") or "")
    if key.lower() == "auto":
        return Encryption(enabled=True, key_managed_by="provider")
    if key.startswith("arn:"):
        return Encryption(enabled=True, key_managed_by="customer", key_id=key)
    return None


def public_endpoints(name: str, policies: Sequence[Any]) -> tuple[SearchEndpoint, ...]:
    """Pure: the endpoints of collection ``name`` that some public rule covers."""
    target = f"collection/{name}"
    found: set[str] = set()
    for document in policies:
        for rule_set in document if isinstance(document, list) else [document]:
            if not isinstance(rule_set, Mapping) or rule_set.get("AllowFromPublic") is not True:
                continue
            for rule in rule_set.get("Rules") or ():
                kind = str(rule.get("ResourceType", "")).lower()
                patterns = [str(p) for p in rule.get("Resource") or ()]
                if kind in _ENDPOINTS and any(fnmatch.fnmatchcase(target, p) for p in patterns):
                    found.add(kind)
    return tuple(e for e in _ENDPOINTS if e in found)


def to_search_collection(
    detail: Mapping[str, Any], policies: Sequence[Any] | None, *, account: str, region: str,
    collected_at: datetime,
) -> SearchCollection:  # fmt: skip
    """Pure: a BatchGetCollection detail + network policy documents (None: unread)."""
    name = str(detail.get("name", ""))
    return SearchCollection(
        uid=str(detail["arn"]), provider="aws", account=account, region=region,
        service="aoss", name=name, collected_at=collected_at,
        collection_type=str(detail.get("type") or ""), encryption=collection_key(detail),
        public_endpoints=None if policies is None else public_endpoints(name, policies),
    )  # fmt: skip


def _pages(call: Any, key: str, **kwargs: Any) -> list[Any]:
    """Every item under ``key`` following ``nextToken`` (the service has no paginators)."""
    items: list[Any] = []
    token = None
    while True:
        answer = call(**kwargs, **({"nextToken": token} if token else {}))
        items.extend(answer.get(key) or ())
        token = answer.get("nextToken")
        if not token:
            return items


def _network_policies(session: AwsSession, client: Any) -> list[Any]:
    names = [p["name"] for p in _pages(client.list_security_policies,
                                       "securityPolicySummaries", type="network")]  # fmt: skip
    answers = session.map(
        lambda n: client.get_security_policy(name=n, type="network")["securityPolicyDetail"],
        names,
    )
    return [a.get("policy") for a in answers]


def collect_search_collections(session: AwsSession, region: str) -> Iterator[Item]:
    """Yield every OpenSearch Serverless collection in ``region``."""
    client = session.client("opensearchserverless", region)
    try:
        ids = [c["id"] for c in _pages(client.list_collections, "collectionSummaries")]
        details = [d for start in range(0, len(ids), _BATCH)
                   for d in client.batch_get_collection(ids=ids[start : start + _BATCH])
                   .get("collectionDetails", ())]  # fmt: skip
    except SDK_ERRORS as err:
        raise translate_error(
            err, scope=region, resource="SearchCollection", permission=_PERMISSIONS[1]
        ) from err
    policies: list[Any] | None = []
    failure: Exception | None = None
    if details:
        try:
            policies = _network_policies(session, client)
        except SDK_ERRORS as err:
            policies, failure = None, err
    now = session.now()
    for detail in details:
        model = to_search_collection(detail, policies, account=session.account, region=region,
                                     collected_at=now)  # fmt: skip
        yield model
        if failure is not None:
            yield translate_error(failure, scope=region, resource="SearchCollection",
                                  permission=_PERMISSIONS[3], uid=model.uid)  # fmt: skip


COLLECTORS = (Collector(SearchCollection, collect_search_collections, permissions=_PERMISSIONS),)
