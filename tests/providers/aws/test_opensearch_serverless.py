"""OpenSearch Serverless: pure mappers on API JSON, collector on moto.

Shapes: OpenSearch Serverless API reference, CollectionDetail (``kmsKeyArn``) and
SecurityPolicyDetail (``policy``: for type network, a list of rule sets with ``Rules``,
``AllowFromPublic``, ``SourceVPCEs``).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from providers.aws.opensearch_serverless import (
    collect_search_collections,
    collection_key,
    public_endpoints,
    to_search_collection,
)
from providers.aws.session import AwsSession
from scanner.model import SearchCollection

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
REGION = "us-east-1"
KEY = "arn:aws:kms:us-east-1:123456789012:key/abc"


def _rules(kind: str, pattern: str, *, public: bool) -> dict[str, Any]:
    rule_set: dict[str, Any] = {"Rules": [{"ResourceType": kind, "Resource": [pattern]}],
                                "AllowFromPublic": public}  # fmt: skip
    if not public:
        rule_set["SourceVPCEs"] = ["vpce-050f79086ee71ac05"]
    return rule_set


def test_collection_key():
    assert collection_key({"kmsKeyArn": "auto"}) == collection_key({"kmsKeyArn": "AUTO"})
    owned = collection_key({"kmsKeyArn": "auto"})
    assert owned is not None
    assert owned.key_managed_by == "provider"
    cmk = collection_key({"kmsKeyArn": KEY})
    assert cmk is not None
    assert (cmk.key_managed_by, cmk.key_id) == ("customer", KEY)
    assert collection_key({}) is None


@pytest.mark.parametrize(
    ("policies", "expected"),
    [
        ([[_rules("collection", "collection/logs*", public=True)]], ("collection",)),
        ([[_rules("dashboard", "collection/logs-app", public=True)]], ("dashboard",)),
        ([[_rules("collection", "collection/logs*", public=False)]], ()),
        ([[_rules("collection", "collection/metrics*", public=True)]], ()),  # other names
        ([[_rules("collection", "collection/*", public=True)]], ("collection",)),
        # overlapping rules: the public one wins
        (
            [
                [_rules("collection", "collection/logs-app", public=False)],
                [_rules("collection", "collection/logs*", public=True)],
            ],
            ("collection",),
        ),
        ([], ()),  # no network policy: not reachable at all
    ],
)
def test_public_endpoints(policies: list[Any], expected: tuple[str, ...]):
    assert public_endpoints("logs-app", policies) == expected


def test_unread_policies_are_unknown():
    detail = {"arn": "arn:aws:aoss:us-east-1:1:collection/x", "name": "x", "kmsKeyArn": "auto"}
    collection = to_search_collection(detail, None, account="1", region=REGION,
                                      collected_at=NOW)  # fmt: skip
    assert collection.public_endpoints is None


def test_collect_search_collections_on_moto(aws_session: AwsSession):
    client = aws_session.client("opensearchserverless", REGION)
    for name in ("vault", "portal"):
        client.create_security_policy(
            name=f"enc-{name}", type="encryption",
            policy=json.dumps({"Rules": [{"ResourceType": "collection",
                                          "Resource": [f"collection/{name}"]}],
                               "AWSOwnedKey": False, "KmsARN": KEY}),
        )  # fmt: skip
        client.create_collection(name=name, type="SEARCH")
    client.create_security_policy(
        name="net-portal", type="network",
        policy=json.dumps([_rules("dashboard", "collection/portal", public=True)]),
    )  # fmt: skip
    found = {c.name: c for c in collect_search_collections(aws_session, REGION)}
    vault, portal = found["vault"], found["portal"]
    assert isinstance(vault, SearchCollection)
    assert isinstance(portal, SearchCollection)
    assert (vault.public_endpoints, portal.public_endpoints) == ((), ("dashboard",))
    assert vault.encryption is not None
    assert vault.encryption.key_managed_by == "customer"
