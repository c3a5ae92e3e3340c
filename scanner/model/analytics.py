"""Analytics data: warehouse datasets and tables, managed data-processing clusters, and
managed analytics workspaces (Azure Databricks)."""

from __future__ import annotations

from pydantic import Field

from scanner.model.base import Encryption, Resource


class Dataset(Resource):
    """A warehouse dataset (BigQuery): who may read it and the key new tables get."""

    public: bool | None = Field(
        description="An access entry or IAM binding names allUsers/allAuthenticatedUsers."
    )
    default_encryption: Encryption | None = Field(
        description="The key new tables are encrypted with by default."
    )


class DatasetTable(Resource):
    """A warehouse table (BigQuery) and the key its data is encrypted with."""

    encryption: Encryption | None
    dataset: str = ""


class DataCluster(Resource):
    """A managed data-processing cluster (Dataproc) and the key of its disks and data."""

    encryption: Encryption | None


class AnalyticsWorkspace(Resource):
    """A managed data/analytics platform workspace and where its clusters run."""

    customer_network: bool = Field(
        description="Clusters run in a customer-managed virtual network (VNet injection)."
    )
    subnets_have_security_group: bool | None = Field(
        default=None, description="Every workspace subnet has an NSG; None unknown/unread."
    )
    missing_security_group: tuple[str, ...] = Field(
        default=(), description="Workspace subnets without an NSG."
    )
    no_public_ip: bool | None = Field(
        default=None, description="Secure cluster connectivity: nodes get no public IP."
    )
    public_network_access: bool | None = Field(
        default=None, description="The workspace front end is reachable from the internet."
    )
    private_endpoint: bool | None = Field(
        default=None, description="An approved private endpoint connection exists."
    )
    diagnostic_logging: bool | None = Field(
        default=None, description="A diagnostic setting exports workspace logs; None unread."
    )
