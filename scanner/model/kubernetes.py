"""Managed Kubernetes clusters (EKS, GKE, AKS)."""

from __future__ import annotations

from pydantic import Field

from scanner.model.base import Encryption, Resource
from scanner.model.lifecycle import SupportWindow


class KubernetesCluster(Resource):
    """A managed Kubernetes control plane and how it is reached and authenticated."""

    version: str = ""
    private_endpoint: bool | None = Field(description="The control plane has no public endpoint.")
    authorized_networks_enabled: bool | None = Field(
        description="Only listed networks may reach the control plane endpoint."
    )
    authorized_networks: tuple[str, ...] = Field(
        default=(), description="CIDRs allowed to reach the control plane when enabled."
    )
    workload_identity: bool | None = Field(
        description="Pods get cloud credentials through federated workload identity."
    )
    legacy_authorization: bool | None = Field(
        default=None, description="Legacy attribute-based access control (ABAC) is on."
    )
    static_credentials: bool | None = Field(
        default=None, description="A static password or client certificate can authenticate."
    )
    control_plane_logs: tuple[str, ...] | None = Field(
        default=None,
        description="Control plane log types shipped to the provider's log service "
        "(EKS: api, audit, authenticator, controllerManager, scheduler); None unknown.",
    )
    secrets_encryption: Encryption | None = Field(
        default=None,
        description="Envelope encryption of Kubernetes secrets in etcd; None unknown.",
    )
    version_support: SupportWindow | None = Field(
        default=None,
        description="The version's published support window; None unknown or unlisted.",
    )
