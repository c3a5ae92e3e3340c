"""Mappers added for CIS GCP v5.0, on single records (BigQuery REST reference
https://cloud.google.com/bigquery/docs/reference/rest/v2/datasets: ``access[]`` entries name
one of userByEmail, groupByEmail, domain, specialGroup, iamMember, view, routine, dataset)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from providers.gcp.analytics import to_dataset
from providers.gcp.assets import Binding, Policy, to_record
from providers.gcp.common import identity

NOW = datetime(2026, 12, 1, tzinfo=UTC)
NO_BINDINGS = Policy()


def _dataset(access: list[dict[str, Any]], policy: Policy | None = NO_BINDINGS) -> Any:
    record = to_record(
        {
            "name": "//bigquery.googleapis.com/projects/p/datasets/d",
            "asset_type": "bigquery.googleapis.com/Dataset",
            "resource": {"data": {"access": access}},
        },
        "t:1",
    )
    return to_dataset(record, identity(record, account="p", collected_at=NOW), policy=policy)


@pytest.mark.parametrize(
    ("entry", "public"),
    [
        ({"role": "READER", "iamMember": "allUsers"}, True),
        ({"role": "READER", "specialGroup": "allAuthenticatedUsers"}, True),
        ({"role": "READER", "special_group": "allAuthenticatedUsers"}, True),
        ({"role": "READER", "specialGroup": "projectReaders"}, False),
        ({"role": "READER", "domain": "example.com"}, False),
        ({"role": "READER", "groupByEmail": "all-users@example.com"}, False),
        ({"role": "READER", "iamMember": "user:allusers@example.com"}, False),
    ],
)
def test_dataset_access_entries(entry, public):
    assert _dataset([entry]).public is public


def test_dataset_public_through_iam_binding_only():
    policy = Policy((Binding("roles/bigquery.dataViewer", ("allUsers",)),))
    assert _dataset([], policy).public is True


def test_dataset_without_policies_and_private_access_is_unknown():
    assert _dataset([{"role": "OWNER", "specialGroup": "projectOwners"}], None).public is None
    assert _dataset([{"role": "READER", "iamMember": "allUsers"}], None).public is True
