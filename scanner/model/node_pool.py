"""Worker node pools of managed Kubernetes clusters (EKS managed node groups, GKE node
pools, AKS agent pools)."""

from __future__ import annotations

from pydantic import Field

from scanner.model.base import Resource


class NodePool(Resource):
    """A managed group of worker nodes of one Kubernetes cluster."""

    cluster: str = Field(description="Name of the cluster the pool belongs to.")
    image_type: str = Field(default="", description="Node image family, e.g. AL2023_x86_64.")
    launch_template: str = Field(
        default="", description="Launch template id or name the nodes are built from; ''."
    )
    ssh_access: bool = Field(description="An SSH key is configured for remote access.")
    ssh_sources: tuple[str, ...] = Field(
        default=(), description="Security groups allowed SSH; () with ssh_access = anywhere."
    )
