"""Compute Engine instances, persistent disks and snapshot schedules from CAI."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from providers.gcp.assets import AssetRecord, segment
from providers.gcp.common import map_each
from providers.gcp.org_policy import DISABLE_SERIAL_PORT, LIST_ORG_POLICY, read_constraints
from providers.gcp.session import GcpSession
from providers.gcp.spelling import enum, flag
from scanner.model import BackupPlan, BackupRule, Encryption, VirtualMachine, Volume
from scanner.provider import Collector, Item

INSTANCE = "compute.googleapis.com/Instance"
COMPUTE_PROJECT = "compute.googleapis.com/Project"
DISK = "compute.googleapis.com/Disk"
REGION_DISK = "compute.googleapis.com/RegionDisk"
RESOURCE_POLICY = "compute.googleapis.com/ResourcePolicy"
FULL_ACCESS = "https://www.googleapis.com/auth/cloud-platform"
_DEFAULT_SA = re.compile(r"^\d+-compute@developer\.gserviceaccount\.com$")
_TRUE = {"true", "1", "yes", "y", "on"}


def metadata(body: Mapping[str, Any], key: str = "metadata") -> dict[str, str]:
    """Instance ``metadata`` (or project ``commonInstanceMetadata``) items as a dict."""
    items = (body.get(key) or {}).get("items") or []
    return {str(i.get("key", "")).lower(): str(i.get("value", "")) for i in items}


def _flag(own: Mapping[str, str], project: Mapping[str, str], key: str) -> bool:
    """A boolean metadata key; the instance's value overrides the project's."""
    value = own.get(key, project.get(key, "false"))
    return value.strip().lower() in _TRUE


def _serial_port(
    own: Mapping[str, str], project: Mapping[str, str], blocked: bool | None
) -> bool | None:
    """Metadata asks for serial port access and no org policy blocks it (None: unknown)."""
    requested = _flag(own, project, "serial-port-enable")
    if blocked or not requested:
        return False
    return None if blocked is None else True


#: ``confidentialInstanceType`` values that are no technology (ConfidentialInstanceConfig).
_NO_CONFIDENTIAL_TYPE = {
    "",
    "CONFIDENTIAL_INSTANCE_TYPE_UNSPECIFIED",
    "UNDEFINED_CONFIDENTIAL_INSTANCE_TYPE",
}


def _confidential(config: Mapping[str, Any]) -> bool:
    """Confidential VM: ``enableConfidentialCompute`` (AMD SEV), or a
    ``confidentialInstanceType`` (SEV, SEV_SNP, TDX...), which the API accepts on its own
    (compute v1 ConfidentialInstanceConfig)."""
    technology = enum(config.get("confidentialInstanceType"))
    return bool(flag(config.get("enableConfidentialCompute"))) or (
        technology not in _NO_CONFIDENTIAL_TYPE
    )


def _is_platform_managed(body: Mapping[str, Any]) -> bool:
    labels = body.get("labels") or {}
    return "goog-gke-node" in labels or str(body.get("name", "")).startswith("gke-")


def to_virtual_machine(
    record: AssetRecord,
    fields: dict[str, Any],
    *,
    project_metadata: Mapping[str, str],
    serial_port_blocked: bool | None = False,
) -> VirtualMachine:
    """Pure: an Instance REST body + the project's common metadata -> VirtualMachine.

    ``serial_port_blocked``: the compute.disableSerialPortAccess constraint is in force
    above the VM (None: unknown), which switches serial port access off whatever the
    metadata says.
    """
    body = record.body
    own = metadata(body)
    nics = body.get("networkInterfaces") or []
    accounts = body.get("serviceAccounts") or []
    email = str(accounts[0].get("email", "")) if accounts else ""
    scopes = {s for a in accounts for s in a.get("scopes") or ()}
    shielded = body.get("shieldedInstanceConfig") or {}
    confidential = body.get("confidentialInstanceConfig") or {}
    return VirtualMachine(
        **fields,
        managed=_is_platform_managed(body),
        public_ip=any(n.get("accessConfigs") or n.get("ipv6AccessConfigs") for n in nics),
        ip_forwarding=bool(flag(body.get("canIpForward"))),
        service_account=email,
        default_service_account=bool(_DEFAULT_SA.match(email)),
        full_api_access=FULL_ACCESS in scopes,
        shielded_boot=bool(
            flag(shielded.get("enableVtpm")) and flag(shielded.get("enableIntegrityMonitoring"))
        ),
        confidential_computing=_confidential(confidential),
        os_login=_flag(own, project_metadata, "enable-oslogin"),
        serial_port_access=_serial_port(own, project_metadata, serial_port_blocked),
        project_ssh_keys_blocked=_flag(own, {}, "block-project-ssh-keys"),
    )


def collect_instances(session: GcpSession, scope: str) -> Iterator[Item]:
    """Every VM instance in ``scope``, with project-wide metadata applied."""
    projects = {
        segment(p.name, "projects"): metadata(p.body, "commonInstanceMetadata")
        for p in session.resources(scope, [COMPUTE_PROJECT], resource="VirtualMachine")
    }

    constraints, errors = read_constraints(session, scope, "VirtualMachine")
    yield from errors

    def mapper(record: AssetRecord, fields: dict[str, Any]) -> VirtualMachine:
        common = projects.get(segment(record.name, "projects"), {})
        blocked, hint = constraints.enforced(DISABLE_SERIAL_PORT, record)
        vm = to_virtual_machine(
            record, fields, project_metadata=common, serial_port_blocked=blocked
        )
        if vm.serial_port_access is None and hint:
            return vm.model_copy(update={"org_policy_hint": hint})
        return vm

    records = session.resources(scope, [INSTANCE], resource="VirtualMachine")
    yield from map_each(session, scope, records, VirtualMachine, mapper)


def disk_encryption(body: Mapping[str, Any], key: str = "diskEncryptionKey") -> Encryption:
    """Persistent disks are always encrypted; CMEK (KMS) or CSEK keys are the customer's."""
    cfg = body.get(key) or {}
    kms = cfg.get("kmsKeyName")
    if kms:
        return Encryption(
            enabled=True, key_managed_by="customer", key_id=str(kms).split("/cryptoKeyVersions/")[0]
        )
    if cfg.get("sha256") or cfg.get("rawKey") or cfg.get("rsaEncryptedKey"):
        return Encryption(enabled=True, key_managed_by="customer", key_id="customer-supplied")
    return Encryption(enabled=True, key_managed_by="provider")


def to_volume(
    record: AssetRecord,
    fields: dict[str, Any],
    *,
    shared: dict[Encryption, Encryption] | None = None,
) -> Volume:
    """Pure: a Disk / RegionDisk REST body -> Volume.

    ``shared`` (one collector's) holds one frozen ``Encryption`` per distinct value: most
    disks of an estate are encrypted the same way, so they share it.
    """
    body = record.body
    encryption = disk_encryption(body)
    if shared is not None:
        encryption = shared.setdefault(encryption, encryption)
    return Volume(
        **fields,
        encryption=encryption,
        attached=bool(body.get("users")),
        snapshot_schedule=bool(body.get("resourcePolicies")),
    )


def collect_disks(session: GcpSession, scope: str) -> Iterator[Item]:
    """Every zonal and regional persistent disk in ``scope``."""
    records = session.resources(scope, [DISK, REGION_DISK], resource="Volume")
    shared: dict[Encryption, Encryption] = {}

    def mapper(record: AssetRecord, fields: dict[str, Any]) -> Volume:
        return to_volume(record, fields, shared=shared)

    yield from map_each(session, scope, records, Volume, mapper)


def _schedule(policy: Mapping[str, Any]) -> str:
    sched = policy.get("schedule") or {}
    for kind in ("hourlySchedule", "dailySchedule", "weeklySchedule"):
        if kind in sched:
            return kind.removesuffix("Schedule")
    return ""


def to_backup_plan(record: AssetRecord, fields: dict[str, Any]) -> BackupPlan:
    """Pure: a snapshot-schedule ResourcePolicy -> BackupPlan with one rule."""
    policy = record.body.get("snapshotSchedulePolicy") or {}
    days = (policy.get("retentionPolicy") or {}).get("maxRetentionDays")
    rule = BackupRule(
        name=fields["name"],
        schedule=_schedule(policy) or None,
        retention_days=None if days is None else int(float(days)),
    )
    return BackupPlan(**fields, rules=(rule,) if policy.get("schedule") else ())


def collect_snapshot_schedules(session: GcpSession, scope: str) -> Iterator[Item]:
    """Snapshot schedules (resource policies with a snapshot schedule) in ``scope``."""
    records = [
        r
        for r in session.resources(scope, [RESOURCE_POLICY], resource="BackupPlan")
        if "snapshotSchedulePolicy" in r.body
    ]
    yield from map_each(session, scope, records, BackupPlan, to_backup_plan)


PERMISSIONS = ("cloudasset.assets.listResource",)
RESOURCE_TYPES = {
    INSTANCE: "VirtualMachine",
    COMPUTE_PROJECT: "VirtualMachine",
    DISK: "Volume",
    REGION_DISK: "Volume",
    RESOURCE_POLICY: "BackupPlan",
}
COLLECTORS: tuple[Collector[GcpSession], ...] = (
    Collector(VirtualMachine, collect_instances, permissions=(*PERMISSIONS, LIST_ORG_POLICY)),
    Collector(Volume, collect_disks, permissions=PERMISSIONS),
    Collector(BackupPlan, collect_snapshot_schedules, permissions=PERMISSIONS),
)
