"""Checks over BigQuery datasets and tables, and Dataproc clusters."""

from __future__ import annotations

from checks._common import encryption_at_rest
from scanner.findings import Result, Severity, failed, passed, unknown
from scanner.model import DataCluster, Dataset, DatasetTable
from scanner.registry import check

_NOT_PUBLIC = (
    "soc2:CC6.1",
    "soc2:CC6.6",
    "iso27001-2022:A.8.3",
    "nist-csf-2.0:PR.AA-05",
    "nist-800-53-r5:AC-3",
)
_CMEK = (
    "soc2:CC6.1",
    "iso27001-2022:A.8.24",
    "nist-csf-2.0:PR.DS-01",
    "nist-800-53-r5:SC-28",
    "nist-800-53-r5:SC-12",
)


@check(
    id="DB-121",
    title="BigQuery datasets are not public",
    severity=Severity.CRITICAL,
    resource=Dataset,
    controls=(*_NOT_PUBLIC, "cis-gcp:7.1"),
    providers=("gcp",),
)
def dataset_not_public(dataset: Dataset) -> Result:
    """A dataset shared with allUsers or allAuthenticatedUsers lets anyone on the internet
    (or any Google account) query every table in it.

    Remediation: remove the allUsers and allAuthenticatedUsers entries from the dataset's
    sharing (access list and IAM policy).
    """
    if dataset.public is None:
        return unknown("dataset access unreadable (IAM policies not exported)")
    if dataset.public:
        return failed("shared with allUsers or allAuthenticatedUsers")
    return passed("not shared publicly")


@check(
    id="DB-122",
    title="BigQuery datasets default to a customer-managed key",
    severity=Severity.LOW,
    resource=Dataset,
    controls=(*_CMEK, "cis-gcp:7.3"),
    providers=("gcp",),
)
def dataset_default_customer_key(dataset: Dataset) -> Result:
    """Without a default customer-managed key, new tables are encrypted with Google-managed
    keys, which the organisation cannot rotate, disable or audit use of.

    Remediation: set a Cloud KMS key as the dataset's default encryption key.
    """
    return encryption_at_rest(dataset.default_encryption, customer_key=True)


@check(
    id="DB-123",
    title="BigQuery tables are encrypted with a customer-managed key",
    severity=Severity.LOW,
    resource=DatasetTable,
    controls=(*_CMEK, "cis-gcp:7.2"),
    providers=("gcp",),
)
def table_customer_key(table: DatasetTable) -> Result:
    """Table data under Google-managed keys cannot be made unreadable by revoking a key the
    organisation controls, and key use is not in its audit logs.

    Remediation: copy the table to one encrypted with a Cloud KMS key (or set the key on
    the table with bq update --destination_kms_key).
    """
    return encryption_at_rest(table.encryption, customer_key=True)


@check(
    id="DB-124",
    title="Dataproc clusters are encrypted with a customer-managed key",
    severity=Severity.LOW,
    resource=DataCluster,
    controls=(*_CMEK, "cis-gcp:8.1"),
    providers=("gcp",),
)
def data_cluster_customer_key(cluster: DataCluster) -> Result:
    """Cluster disks and job data under Google-managed keys stay outside the organisation's
    key controls: no revocation, rotation policy or key-use audit trail of its own.

    Remediation: recreate the cluster with a Cloud KMS key in its encryption configuration
    (--gce-pd-kms-key).
    """
    return encryption_at_rest(cluster.encryption, customer_key=True)
