"""Private endpoints into managed services (AWS VPC endpoints, GCP Private Service Connect
endpoints, Azure private endpoints)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from scanner.model.base import Resource
from scanner.model.iam import PolicyDocument

EndpointType = Literal[
    "gateway", "interface", "gateway-load-balancer", "resource", "service-network", "other"
]


class PrivateEndpoint(Resource):
    """An endpoint that carries a network's traffic to a service without the internet."""

    network_id: str = Field(description="VPC / network the endpoint sits in.")
    service_name: str = Field(description="Provider's service name, e.g. com.amazonaws.r.s3.")
    target_service: str = Field(
        description="IAM service prefix of the target (s3, ecr...); '' for a partner or "
        "customer endpoint service."
    )
    endpoint_type: EndpointType
    state: str = ""
    private_dns: bool | None = Field(
        default=None, description="Interface endpoints: private DNS on; None elsewhere."
    )
    has_policy: bool = Field(description="The endpoint carries an endpoint policy.")
    policy_document: PolicyDocument | None = Field(
        default=None, description="The endpoint policy; None when it could not be parsed."
    )
