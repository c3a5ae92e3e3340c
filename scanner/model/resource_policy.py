"""The IAM policy of one resource of any type, judged on its own (GCP first)."""

from __future__ import annotations

from pydantic import Field

from scanner.model.base import Resource


class ResourcePolicy(Resource):
    """An IAM policy attached to a resource no dedicated model covers (Pub/Sub topics,
    service accounts, secrets, ...), or whose resource record is not in the input."""

    resource_type: str = Field(description="The provider's type of the resource, e.g. a CAI type.")
    public_grants: tuple[str, ...] = Field(
        description="``member (role)`` for unconditional grants to allUsers/allAuthenticatedUsers."
    )
