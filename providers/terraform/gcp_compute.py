"""Google Compute Engine instances in a plan -> VirtualMachine, through the live mapper.

``google_compute_instance`` (registry.terraform.io/providers/hashicorp/google/latest/docs/
resources/compute_instance) becomes the compute#instance body the live scan reads:

* ``can_ip_forward`` -> ``canIpForward`` ("This defaults to false").
* ``network_interface[].access_config`` / ``ipv6_access_config`` -> ``accessConfigs`` /
  ``ipv6AccessConfigs``: a block, even empty, gives the interface an external address
  ("Omit to ensure that the instance is not accessible from the Internet").
* ``service_account`` -> ``serviceAccounts``: without the block the instance has no
  service account (the provider sends none); a block without ``email`` (or ``email =
  "default"``) is the project's default compute service account (the provider sends
  ``default``; expandServiceAccounts); ``scopes`` short names are the gcloud aliases the
  provider canonicalises (``cloud-platform`` -> .../auth/cloud-platform). An ``email``
  known only after apply is not the default when it refers to a ``google_service_account``
  of the plan, else unknown.
* ``shielded_instance_config``: ``enable_vtpm`` and ``enable_integrity_monitoring``
  default to true when the block is written; without it the values come from the image
  (the attribute is Computed: "this block is used by the API based on which image being
  used"), so they are unknown until apply.
* ``confidential_instance_config.enable_confidential_compute`` (default false) or a
  ``confidential_instance_type`` (SEV, SEV_SNP, TDX).
* ``metadata``: ``enable-oslogin`` and ``serial-port-enable`` fall back to the project's
  metadata, which the plan knows only when it manages ``google_compute_project_metadata``
  (authoritative: every project key) or a ``google_compute_project_metadata_item`` of the
  key, for the same project; otherwise unknown. ``block-project-ssh-keys`` is instance
  metadata only (default false). Serial port access asked for is still off when the
  project's ``compute.disableSerialPortAccess`` policy is enforced
  (``google_project_organization_policy`` / ``google_org_policy_policy`` of the plan);
  otherwise inherited policies are unknown.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from providers.terraform.common import collector, first
from providers.terraform.gcp_base import fields, record, unknown_at
from providers.terraform.plan import Planned
from providers.terraform.session import TerraformSession, known_after_apply
from scanner.model import VirtualMachine
from scanner.provider import Collector, Item

CLOUD_PLATFORM = "https://www.googleapis.com/auth/cloud-platform"
_DEFAULT_SA = "0-compute@developer.gserviceaccount.com"  # the shape of PROJECT_NUMBER-compute@
_PROJECT_METADATA = ("google_compute_project_metadata",)
_METADATA_ITEM = ("google_compute_project_metadata_item",)
_ORG_POLICIES = ("google_project_organization_policy", "google_org_policy_policy")
SERIAL_CONSTRAINT = "compute.disableSerialPortAccess"


def _scope(value: Any) -> str:
    """A scope as the provider stores it (CanonicalizeServiceScope)."""
    text = str(value)
    return CLOUD_PLATFORM if text == "cloud-platform" else text


def project_metadata(
    vm: Planned, session: TerraformSession, keys: tuple[str, ...]
) -> tuple[dict[str, str], set[str]]:
    """The project metadata the plan knows for ``keys`` and the keys it cannot know."""
    project = session.project(vm)
    if not project:
        return {}, set(keys)
    for meta in session.all_of(*_PROJECT_METADATA):
        if session.project(meta) == project:
            if meta.is_unknown("metadata"):
                return {}, set(keys)
            items = meta.values.get("metadata") or {}
            return {str(k).lower(): str(v) for k, v in items.items()}, set()
    known: dict[str, str] = {}
    for item in session.all_of(*_METADATA_ITEM):
        key = str(item.values.get("key") or "").lower()
        if key in keys and session.project(item) == project and not item.is_unknown("value"):
            known[key] = str(item.values.get("value") or "")
    return known, {k for k in keys if k not in known}


def serial_port_blocked(vm: Planned, session: TerraformSession) -> bool | None:
    """The project's compute.disableSerialPortAccess policy as the plan sets it (None: the
    plan does not set it for this project, so inherited policies decide)."""
    project = session.project(vm)
    for policy in session.all_of(*_ORG_POLICIES):
        values = policy.values
        if policy.type == "google_project_organization_policy":
            if (
                str(values.get("constraint") or "").removeprefix("constraints/")
                != (SERIAL_CONSTRAINT)
                or session.project(policy) != project
            ):
                continue
            enforced = first(values.get("boolean_policy")).get("enforced")
            return None if enforced is None else bool(enforced)
        name = str(values.get("name") or "")
        if project and name == f"projects/{project}/policies/{SERIAL_CONSTRAINT}":
            rules = first(values.get("spec")).get("rules") or ()
            enforce = {str(r.get("enforce") or "").upper() for r in rules if isinstance(r, Mapping)}
            if "TRUE" in enforce:
                return True
            return False if enforce == {"FALSE"} else None
    return None


def _service_accounts(vm: Planned) -> tuple[list[dict[str, Any]], bool]:
    """``serviceAccounts`` of the body, and whether the email is unknown."""
    account = first(vm.values.get("service_account"))
    if not vm.values.get("service_account"):
        return [], False
    email = account.get("email")
    unknown = False
    if not email:
        if unknown_at(vm, "service_account", 0, "email") and "email" in first(
            vm.expressions.get("service_account")
        ):
            refs = [
                r
                for r in first(vm.expressions.get("service_account"))["email"].get("references", ())
                if isinstance(r, str)
            ]
            if any(r.startswith("google_service_account.") for r in refs):
                email = "(planned service account)"
            else:
                unknown = True
        else:
            email = _DEFAULT_SA  # omitted or "": the provider sends "default"
    elif email == "default":
        email = _DEFAULT_SA
    scopes = [_scope(s) for s in account.get("scopes") or ()]
    return [{"email": email or "", "scopes": scopes}], unknown


def _metadata_unknowns(
    vm: Planned, missing: set[str], *, blocked: bool | None, serial: bool | None
) -> tuple[dict[str, Any], list[str]]:
    """Model fields the plan cannot know from metadata, and what to name in the finding."""
    update: dict[str, Any] = {}
    unknown: list[str] = []
    if "enable-oslogin" in missing:
        update["os_login"] = None
        unknown.append(f"{vm.address}: project metadata enable-oslogin (not in the plan)")
    if blocked is not True and "serial-port-enable" in missing:
        update["serial_port_access"] = None
        unknown.append(f"{vm.address}: project metadata serial-port-enable (not in the plan)")
    elif serial is None:
        update["org_policy_hint"] = (
            "compute.disableSerialPortAccess may be enforced by an organisation or folder "
            "policy outside the plan"
        )
    for key in ("enable-oslogin", "serial-port-enable", "block-project-ssh-keys"):
        if vm.is_unknown("metadata", key):
            field = {"enable-oslogin": "os_login", "serial-port-enable": "serial_port_access"}
            update[field.get(key, "project_ssh_keys_blocked")] = None
            unknown.append(f"{vm.address}.metadata.{key}")
    return update, unknown


def plan_instance(vm: Planned, session: TerraformSession) -> Item:
    """``google_compute_instance`` -> VirtualMachine (defaults in the module docstring)."""
    from providers.gcp.compute import to_virtual_machine  # noqa: PLC0415 - Google SDK

    values = vm.values
    if vm.wholly_unknown("network_interface") or vm.wholly_unknown("metadata"):
        attrs = [a for a in ("network_interface", "metadata") if vm.wholly_unknown(a)]
        return known_after_apply("gcp", vm, "VirtualMachine", [f"{vm.address}.{a}" for a in attrs])
    unknown: list[str] = []
    nics = []
    public_unknown = False
    for i, nic in enumerate(values.get("network_interface") or ()):
        if unknown_at(vm, "network_interface", i, "access_config") or unknown_at(
            vm, "network_interface", i, "ipv6_access_config"
        ):
            public_unknown = True
        nics.append(
            {
                "accessConfigs": list(nic.get("access_config") or ()),
                "ipv6AccessConfigs": list(nic.get("ipv6_access_config") or ()),
            }
        )
    accounts, email_unknown = _service_accounts(vm)
    shielded = first(values.get("shielded_instance_config"))
    confidential = first(values.get("confidential_instance_config"))
    own = {str(k).lower(): str(v) for k, v in (values.get("metadata") or {}).items()}
    body: dict[str, Any] = {
        "name": values.get("name") or "",
        "labels": dict(values.get("labels") or {}),
        "canIpForward": bool(values.get("can_ip_forward")),
        "networkInterfaces": nics,
        "serviceAccounts": accounts,
        "shieldedInstanceConfig": {
            "enableVtpm": shielded.get("enable_vtpm", True) is not False,
            "enableIntegrityMonitoring": shielded.get("enable_integrity_monitoring", True)
            is not False,
        },
        "confidentialInstanceConfig": {
            "enableConfidentialCompute": bool(confidential.get("enable_confidential_compute")),
            "confidentialInstanceType": confidential.get("confidential_instance_type"),
        },
        "metadata": {"items": [{"key": k, "value": v} for k, v in own.items()]},
    }
    wanted = tuple(k for k in ("enable-oslogin", "serial-port-enable") if k not in own)
    common, missing = project_metadata(vm, session, wanted)
    blocked = serial_port_blocked(vm, session)
    model = to_virtual_machine(
        record(vm, "compute.googleapis.com/Instance", body),
        fields(vm, session, "compute"),
        project_metadata=common,
        serial_port_blocked=blocked,
    )
    update: dict[str, Any] = {}
    if accounts and accounts[0]["email"] == _DEFAULT_SA:
        update["service_account"] = "the project's default compute service account"
    if public_unknown:
        update["public_ip"] = None
        unknown.append(f"{vm.address}.network_interface.access_config")
    if email_unknown:
        update |= {"default_service_account": None, "service_account": None}
        unknown.append(f"{vm.address}.service_account.email")
    if not shielded:
        update["shielded_boot"] = None
        unknown.append(f"{vm.address}.shielded_instance_config (from the image)")
    if confidential and any(
        unknown_at(vm, "confidential_instance_config", 0, a)
        for a in ("enable_confidential_compute", "confidential_instance_type")
    ):
        update["confidential_computing"] = None
    more, why = _metadata_unknowns(vm, missing, blocked=blocked, serial=model.serial_port_access)
    update |= more
    unknown += why
    session.note_unknown(vm, unknown)
    return model.model_copy(update=update) if update else model


COLLECTORS: tuple[Collector[TerraformSession], ...] = (
    collector("gcp", VirtualMachine, ("google_compute_instance",), plan_instance,
              name="plan_gce_instances"),
)  # fmt: skip
