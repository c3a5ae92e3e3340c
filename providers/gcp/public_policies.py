"""IAM policies of any resource type, judged for public members on their own.

Dedicated collectors already judge the policies of buckets, KMS keys, BigQuery datasets
(with their resource data) and of projects, folders and organisations (``IamPolicy``). Every
other policy record, and a policy of those types whose resource record is not in the input
(an ``iam-policy`` export on its own: a project, folder or organisation too), becomes a
``ResourcePolicy``, so a public grant on a
Pub/Sub topic, service account, secret or function is never lost. Live, the policies of
every asset type are listed (ListAssets, IAM_POLICY content, no type filter).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from providers.gcp.analytics import DATASET
from providers.gcp.assets import AssetRecord, Policy
from providers.gcp.common import identity, malformed
from providers.gcp.iam import HIERARCHY
from providers.gcp.kms import CRYPTO_KEY
from providers.gcp.session import ANY_TYPE, GcpSession
from providers.gcp.storage import BUCKET
from scanner.errors import CollectionError
from scanner.model import ResourcePolicy
from scanner.model.access import PUBLIC_MEMBERS
from scanner.provider import Collector, Item

#: Types whose policy a dedicated collector judges together with the resource record.
DEDICATED = (BUCKET, CRYPTO_KEY, DATASET, *HIERARCHY)


def public_grants(policy: Policy) -> tuple[str, ...]:
    """``member (role)`` for grants to allUsers/allAuthenticatedUsers (IAM Conditions cannot
    narrow these members, so a condition does not make them private)."""
    return tuple(
        f"{m} ({b.role})" for b in policy.bindings for m in b.members if m.lower() in PUBLIC_MEMBERS
    )


def to_resource_policy(record: AssetRecord, fields: dict[str, Any]) -> ResourcePolicy:
    """Pure: an IAM policy record of any asset type -> ResourcePolicy."""
    policy = record.policy or Policy()
    return ResourcePolicy(
        **fields,
        resource_type=record.asset_type,
        public_grants=public_grants(policy),
    )


def collect_resource_policies(session: GcpSession, scope: str) -> Iterator[Item]:
    """Every IAM policy record in ``scope`` that no dedicated collector judges."""
    records = session.all_policies(scope, resource="ResourcePolicy")
    if records is None:
        raise CollectionError(
            "gcp",
            scope,
            "ResourcePolicy",
            "NoIamPolicies",
            hint="The snapshot holds no IAM policy records; export them too "
            "(gcloud asset export --content-type=iam-policy) and concatenate both exports",
        )
    present = {r.name for r in session.resources(scope, DEDICATED, resource="ResourcePolicy")}
    for record in records:
        if record.asset_type in DEDICATED and record.name in present:
            continue
        try:
            fields = identity(
                record, account=session.project_id(scope, record), collected_at=session.now()
            )
            yield to_resource_policy(record, fields)
        except (KeyError, TypeError, ValueError, AttributeError) as err:
            yield malformed(record, scope, "ResourcePolicy", err)


RESOURCE_TYPES: dict[str, str] = {}
POLICY_TYPES = {ANY_TYPE: "ResourcePolicy"}
COLLECTORS: tuple[Collector[GcpSession], ...] = (
    Collector(
        ResourcePolicy,
        collect_resource_policies,
        permissions=("cloudasset.assets.listResource", "cloudasset.assets.listIamPolicy"),
    ),
)
