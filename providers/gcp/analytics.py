"""BigQuery datasets and tables, and Dataproc clusters, from CAI.

Fields read (REST reference of each service; every key also in snake_case):

* Dataset (bigquery v2 ``Dataset``): ``access[].specialGroup`` / ``access[].iamMember``
  (``allAuthenticatedUsers``, ``allUsers``), the dataset's IAM policy bindings, and
  ``defaultEncryptionConfiguration.kmsKeyName``.
* Table (bigquery v2 ``Table``): ``encryptionConfiguration.kmsKeyName``,
  ``tableReference.datasetId``.
* Cluster (dataproc v1 ``Cluster``): ``config.encryptionConfig.gcePdKmsKeyName`` and
  ``config.encryptionConfig.kmsKey`` (either is a customer-managed key).

Without a KMS key name, BigQuery and Dataproc encrypt with Google-managed keys.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from providers.gcp.assets import AssetRecord, Policy
from providers.gcp.common import collect_kind, collect_with_policies, is_public
from providers.gcp.session import GcpSession
from providers.gcp.spelling import block, items, pick
from scanner.model import DataCluster, Dataset, DatasetTable, Encryption
from scanner.model.access import PUBLIC_MEMBERS
from scanner.provider import Collector, Item

DATASET = "bigquery.googleapis.com/Dataset"
TABLE = "bigquery.googleapis.com/Table"
DATAPROC_CLUSTER = "dataproc.googleapis.com/Cluster"


def key_encryption(key: Any) -> Encryption:
    """Customer-managed when a KMS key is named, else Google-managed."""
    if key:
        return Encryption(enabled=True, key_managed_by="customer", key_id=str(key))
    return Encryption(enabled=True, key_managed_by="provider")


def _access_public(body: Mapping[str, Any]) -> bool:
    for entry in items(body, "access"):
        if not isinstance(entry, Mapping):
            continue
        for key in ("specialGroup", "iamMember"):
            value = str(pick(entry, key) or "")
            if value.lower() in PUBLIC_MEMBERS:
                return True
    return False


def to_dataset(record: AssetRecord, fields: dict[str, Any], *, policy: Policy | None) -> Dataset:
    """Pure: a BigQuery Dataset REST body + its IAM policy (None unknown) -> Dataset."""
    body = record.body
    public_iam = is_public(policy)
    return Dataset(
        **fields,
        public=True if _access_public(body) else public_iam,
        default_encryption=key_encryption(
            pick(block(body, "defaultEncryptionConfiguration"), "kmsKeyName")
        ),
    )


def to_dataset_table(record: AssetRecord, fields: dict[str, Any]) -> DatasetTable:
    """Pure: a BigQuery Table REST body -> DatasetTable."""
    body = record.body
    key = pick(block(body, "encryptionConfiguration"), "kmsKeyName")
    dataset = pick(block(body, "tableReference"), "datasetId")
    return DatasetTable(**fields, encryption=key_encryption(key), dataset=str(dataset or ""))


def to_data_cluster(record: AssetRecord, fields: dict[str, Any]) -> DataCluster:
    """Pure: a Dataproc Cluster REST body -> DataCluster."""
    enc = block(block(record.body, "config"), "encryptionConfig")
    key = pick(enc, "gcePdKmsKeyName") or pick(enc, "kmsKey")
    name = pick(record.body, "clusterName")
    return DataCluster(
        **{**fields, "name": str(name or fields["name"])}, encryption=key_encryption(key)
    )


def collect_datasets(session: GcpSession, scope: str) -> Iterator[Item]:
    """Every BigQuery dataset in ``scope``, with its IAM policy."""
    yield from collect_with_policies(session, scope, DATASET, Dataset, to_dataset)


def collect_dataset_tables(session: GcpSession, scope: str) -> Iterator[Item]:
    """Every BigQuery table in ``scope``."""
    yield from collect_kind(session, scope, [TABLE], DatasetTable, to_dataset_table)


def collect_data_clusters(session: GcpSession, scope: str) -> Iterator[Item]:
    """Every Dataproc cluster in ``scope``."""
    yield from collect_kind(session, scope, [DATAPROC_CLUSTER], DataCluster, to_data_cluster)


_LIST = ("cloudasset.assets.listResource",)
RESOURCE_TYPES = {DATASET: "Dataset", TABLE: "DatasetTable", DATAPROC_CLUSTER: "DataCluster"}
POLICY_TYPES = {DATASET: "Dataset"}
COLLECTORS: tuple[Collector[GcpSession], ...] = (
    Collector(Dataset, collect_datasets, permissions=(*_LIST, "cloudasset.assets.listIamPolicy")),
    Collector(DatasetTable, collect_dataset_tables, permissions=_LIST),
    Collector(DataCluster, collect_data_clusters, permissions=_LIST),
)
