"""Checks over virtual machines (Compute Engine instances; neutral where the idea is)."""

from __future__ import annotations

from checks._common import negated, setting
from scanner.findings import Result, Severity, failed, not_applicable, passed, unknown
from scanner.model import VirtualMachine
from scanner.registry import check

_HARDENING = ("soc2:CC6.8", "iso27001-2022:A.8.9", "nist-csf-2.0:PR.PS-01", "nist-800-53-r5:CM-6")
_LEAST_PRIVILEGE = (
    "soc2:CC6.3",
    "iso27001-2022:A.8.2",
    "nist-csf-2.0:PR.AA-05",
    "nist-800-53-r5:AC-6",
)
_REMOTE_ACCESS = (
    "soc2:CC6.1",
    "iso27001-2022:A.8.5",
    "nist-csf-2.0:PR.AA-03",
    "nist-800-53-r5:AC-17",
)


@check(
    id="VM-101",
    title="VMs do not run as the default compute service account",
    severity=Severity.MEDIUM,
    resource=VirtualMachine,
    controls=(*_LEAST_PRIVILEGE, "cis-gcp:4.1"),
    providers=("gcp",),
)
def vm_not_default_service_account(vm: VirtualMachine) -> Result:
    """The default compute service account holds the Editor role on its project, so code
    running on any VM that uses it can change almost everything in the project.

    Remediation: create a dedicated service account with only the roles the workload needs
    and attach it to the instance (stop, change the service account, start).
    """
    if vm.managed:
        return not_applicable("VM is managed by a platform service (e.g. a GKE node)")
    if vm.default_service_account is None:
        return unknown("service account unreadable")
    if vm.default_service_account:
        return failed(f"runs as the default compute service account {vm.service_account}")
    return passed(f"runs as {vm.service_account or 'no service account'}")


@check(
    id="VM-102",
    title="VMs using the default service account lack full cloud API access",
    severity=Severity.HIGH,
    resource=VirtualMachine,
    controls=(*_LEAST_PRIVILEGE, "cis-gcp:4.2"),
    providers=("gcp",),
)
def vm_default_account_not_full_access(vm: VirtualMachine) -> Result:
    """With the default service account and the cloud-platform scope, anyone who gets code
    execution on the VM can use the project Editor role against every Google Cloud API.

    Remediation: switch the instance to a dedicated least-privilege service account, or at
    least replace "Allow full access to all Cloud APIs" with the specific scopes it needs.
    """
    if vm.managed:
        return not_applicable("VM is managed by a platform service (e.g. a GKE node)")
    if vm.default_service_account is None or vm.full_api_access is None:
        return unknown("service account or access scopes unreadable")
    if vm.default_service_account and vm.full_api_access:
        return failed("default service account with the cloud-platform (all APIs) scope")
    return passed("no default service account with full API access")


@check(
    id="VM-103",
    title="VMs block project-wide SSH keys",
    severity=Severity.MEDIUM,
    resource=VirtualMachine,
    controls=(*_REMOTE_ACCESS, "cis-gcp:4.3"),
    providers=("gcp",),
)
def vm_blocks_project_ssh_keys(vm: VirtualMachine) -> Result:
    """A project-wide SSH key opens every VM in the project; one leaked key gives a shell on
    all of them, including VMs its owner was never meant to reach.

    Remediation: set the instance metadata ``block-project-ssh-keys=TRUE`` (or enable OS
    Login, which ignores metadata keys) and grant access per instance or through IAM.
    """
    if vm.os_login:
        return passed("OS Login is on; metadata SSH keys are ignored")
    return setting(
        vm.project_ssh_keys_blocked,
        on="project-wide SSH keys blocked",
        off="project-wide SSH keys accepted",
        unread="instance metadata unreadable",
    )


@check(
    id="VM-104",
    title="VMs use OS Login for SSH access",
    severity=Severity.MEDIUM,
    resource=VirtualMachine,
    controls=(*_REMOTE_ACCESS, "nist-800-53-r5:AC-2", "cis-gcp:4.4"),
    providers=("gcp",),
)
def vm_os_login_enabled(vm: VirtualMachine) -> Result:
    """Without OS Login, SSH keys live in metadata, outside IAM: they are not revoked when
    someone leaves and no audit log ties a login to a person.

    Remediation: set ``enable-oslogin=TRUE`` in the project's common metadata and remove
    any instance-level ``enable-oslogin=FALSE`` override.
    """
    return setting(
        vm.os_login,
        on="OS Login enabled",
        off="OS Login disabled (metadata SSH keys in use)",
        unread="OS Login setting unreadable",
    )


@check(
    id="VM-105",
    title="VMs do not allow interactive serial port access",
    severity=Severity.MEDIUM,
    resource=VirtualMachine,
    controls=(*_REMOTE_ACCESS, "cis-gcp:4.5"),
    providers=("gcp",),
)
def vm_serial_port_disabled(vm: VirtualMachine) -> Result:
    """The interactive serial console accepts connections from any IP address and is not
    filtered by firewall rules, so it bypasses every network control on the VM.

    Remediation: remove ``serial-port-enable`` from the instance and project metadata (or
    set it to FALSE), and enforce the compute.disableSerialPortAccess organisation policy.
    """
    return setting(
        negated(vm.serial_port_access),
        on="serial port access disabled",
        off="interactive serial port access enabled",
        unread="serial port setting unreadable"
        + (f" ({vm.org_policy_hint})" if vm.org_policy_hint else ""),
    )


@check(
    id="VM-106",
    title="VMs do not forward IP packets",
    severity=Severity.MEDIUM,
    resource=VirtualMachine,
    controls=(
        "soc2:CC6.6",
        "iso27001-2022:A.8.22",
        "nist-csf-2.0:PR.IR-01",
        "nist-800-53-r5:SC-7",
        "cis-gcp:4.6",
    ),
    providers=("aws", "gcp"),  # EC2 (source/dest check, public IPv4) and Compute Engine
)
def vm_ip_forwarding_disabled(vm: VirtualMachine) -> Result:
    """A VM that forwards packets for other addresses can route around network segmentation
    and spoof traffic; only dedicated network appliances need it.

    Remediation: recreate the instance with IP forwarding off (canIpForward=false), unless
    it is a reviewed NAT or firewall appliance.
    """
    return setting(
        negated(vm.ip_forwarding),
        on="IP forwarding disabled",
        off="IP forwarding enabled",
        unread="IP forwarding setting unreadable",
    )


@check(
    id="VM-107",
    title="VMs boot with vTPM and integrity monitoring (Shielded VM)",
    severity=Severity.LOW,
    resource=VirtualMachine,
    controls=(
        "soc2:CC6.8",
        "iso27001-2022:A.8.9",
        "nist-csf-2.0:PR.PS-01",
        "nist-800-53-r5:SI-7",
        "cis-gcp:4.8",
    ),
    providers=("gcp",),
)
def vm_shielded_boot(vm: VirtualMachine) -> Result:
    """Without a virtual TPM and integrity monitoring, boot-level malware (rootkits,
    bootkits) persists unnoticed below the operating system.

    Remediation: stop the VM, turn on vTPM and integrity monitoring (and Secure Boot where
    the image supports it), and start it again; use Shielded VM images.
    """
    return setting(
        vm.shielded_boot,
        on="vTPM and integrity monitoring on",
        off="Shielded VM vTPM/integrity monitoring off",
        unread="boot integrity settings unreadable",
    )


@check(
    id="VM-108",
    title="VMs have no public IP address",
    severity=Severity.MEDIUM,
    resource=VirtualMachine,
    controls=(
        "soc2:CC6.6",
        "iso27001-2022:A.8.20",
        "nist-csf-2.0:PR.IR-01",
        "nist-800-53-r5:SC-7",
        "cis-gcp:4.9",
    ),
    providers=("aws", "gcp"),  # EC2 (source/dest check, public IPv4) and Compute Engine
)
def vm_no_public_ip(vm: VirtualMachine) -> Result:
    """A public address makes the VM reachable from the internet whenever a firewall rule
    allows it, and lets compromised software talk out without passing any egress control.

    Remediation: remove the external access config and reach the VM through IAP, a bastion
    or a VPN; give it outbound access through Cloud NAT.
    """
    if vm.managed:
        return not_applicable("VM is managed by a platform service (e.g. a GKE node)")
    return setting(
        negated(vm.public_ip),
        on="no public IP address",
        off="has a public IP address",
        unread="network interfaces unreadable",
    )


@check(
    id="VM-109",
    title="VMs encrypt memory in use (Confidential Computing)",
    severity=Severity.LOW,
    resource=VirtualMachine,
    controls=(*_HARDENING, "nist-800-53-r5:SC-28", "cis-gcp:4.11"),
    providers=("gcp",),
)
def vm_confidential_computing(vm: VirtualMachine) -> Result:
    """Memory of an ordinary VM is readable by the hypervisor layer; Confidential VMs
    encrypt it with keys the host cannot read, protecting data while it is processed.

    Remediation: recreate the VM on a machine type that supports Confidential Computing
    (e.g. N2D/C2D) with Confidential VM service enabled, where the workload's data needs it.
    """
    return setting(
        vm.confidential_computing,
        on="Confidential Computing on",
        off="Confidential Computing off",
        unread="Confidential Computing setting unreadable",
    )
