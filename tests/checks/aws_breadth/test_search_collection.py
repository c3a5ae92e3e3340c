"""Near-miss twins for SEARCH-101 (collection key) and SEARCH-102 (public network access).

Sources: OpenSearch Service developer guide, "Encryption in Amazon OpenSearch Serverless"
(an encryption policy names the AWS owned key or a customer managed KMS key) and "Network
access for Amazon OpenSearch Serverless" (``AllowFromPublic`` per collection/dashboard rule;
public access overrides private where rules overlap).
"""

from __future__ import annotations

from typing import Any

import pytest

from checks.datastores.search_collection import (
    collection_customer_managed_key,
    collection_not_public,
)
from scanner.findings import Status
from scanner.model import Encryption
from tests.checks.factories_aws_breadth import search_collection

PASS, FAIL, UNKNOWN = Status.PASS, Status.FAIL, Status.UNKNOWN
CMK = Encryption(enabled=True, key_managed_by="customer", key_id="arn:aws:kms:r:1:key/k")


@pytest.mark.parametrize(
    ("encryption", "expected"),
    [
        (CMK, PASS),
        (Encryption(enabled=True, key_managed_by="provider"), FAIL),  # AWS owned key
        (Encryption(enabled=True, key_managed_by=None), UNKNOWN),
        (None, UNKNOWN),
    ],
)
def test_collection_key(encryption: Encryption | None, expected: Status):
    collection = search_collection(encryption=encryption)
    assert collection_customer_managed_key(collection).status is expected


@pytest.mark.parametrize(
    ("public", "expected"),
    [
        ((), PASS),
        (("dashboard",), FAIL),  # near miss: only the Dashboards endpoint is public
        (("collection",), FAIL),
        (("collection", "dashboard"), FAIL),
        (None, UNKNOWN),
    ],
)
def test_collection_public(public: Any, expected: Status):
    assert collection_not_public(search_collection(public_endpoints=public)).status is expected
