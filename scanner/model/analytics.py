"""Analytics data: warehouse datasets and tables, and managed data-processing clusters."""

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
