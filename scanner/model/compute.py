"""Virtual machines (EC2 instances, Compute Engine instances, Azure VMs)."""

from __future__ import annotations

from pydantic import Field

from scanner.model.base import Resource


class VirtualMachine(Resource):
    """A virtual machine as the controls see it: exposure, identity and boot integrity.

    The GCP-specific settings (OS Login, serial port, project-wide SSH keys) default to None
    and are judged only by checks restricted to GCP.
    """

    managed: bool = Field(
        default=False, description="Created and run by a platform service (e.g. a GKE node)."
    )
    public_ip: bool | None = Field(description="Has an internet-routable address.")
    ip_forwarding: bool | None = Field(description="May send/receive packets for other hosts.")
    service_account: str | None = Field(
        default=None, description="Identity the VM runs as; '' when none is attached."
    )
    default_service_account: bool | None = Field(
        default=None, description="Runs as the provider-created default compute identity."
    )
    full_api_access: bool | None = Field(
        default=None, description="The identity's token is scoped to every cloud API."
    )
    shielded_boot: bool | None = Field(
        default=None, description="Measured boot with vTPM and integrity monitoring."
    )
    confidential_computing: bool | None = None
    os_login: bool | None = Field(
        default=None, description="GCP: SSH access is governed by IAM (OS Login)."
    )
    serial_port_access: bool | None = Field(
        default=None, description="GCP: the interactive serial console is enabled."
    )
    org_policy_hint: str = Field(
        default="", description="GCP: why an inherited organisation policy is unknown."
    )
    project_ssh_keys_blocked: bool | None = Field(
        default=None, description="GCP: project-wide SSH keys are not accepted."
    )
