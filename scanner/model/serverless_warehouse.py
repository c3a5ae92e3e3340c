"""Serverless data warehouses (Redshift Serverless namespace and its workgroup; neutral for
serverless analytics pools such as Synapse serverless SQL)."""

from __future__ import annotations

from pydantic import Field

from scanner.model.base import Encryption, Resource


class ServerlessWarehouse(Resource):
    """A serverless warehouse: the namespace holding the data and the workgroup serving it."""

    encryption: Encryption | None = Field(description="None: key unreadable.")
    log_exports: tuple[str, ...] | None = Field(
        description="Logs exported to the provider's log service; None unreadable."
    )
    admin_user: str = Field(default="", description="Admin user name ('' unknown).")
    workgroup: str = Field(default="", description="Workgroup serving the data; '' none.")
    publicly_accessible: bool | None = Field(
        default=None, description="None: no workgroup, or unreadable."
    )
    enhanced_vpc_routing: bool | None = Field(default=None, description="None: as above.")
    tls_required: bool | None = Field(
        default=None, description="require_ssl; None: no workgroup or parameter not returned."
    )
