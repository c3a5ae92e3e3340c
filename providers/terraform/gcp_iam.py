"""IAM policies and audit configs of Google projects, folders and organisations in a plan.

Terraform manages a container's IAM policy three ways (registry.terraform.io/providers/
hashicorp/google/latest/docs/resources/google_project_iam, likewise ``google_folder_iam``
and ``google_organization_iam``):

* ``google_project_iam_policy``: **authoritative**, "replaces any existing policy already
  attached": its ``policy_data`` (the JSON of ``data.google_iam_policy``) is the whole
  policy, and the checks judge it whole.
* ``google_project_iam_binding`` (authoritative for one role) and
  ``google_project_iam_member`` (one member): **additive**, "other roles within the IAM
  policy for the project are preserved". The plan sees only its own grants, so one model
  per container collects them: a grant that is itself a failure (a primitive role to a
  user, anything to allUsers, an admin role to a service account, both duties to one
  person across two resources) fails; a PASS says nothing of the grants made elsewhere
  and is UNKNOWN (``TerraformSession.note_partial``).

A ``condition`` block makes a binding conditional (the checks skip those). A member or
role known only after apply is left out and makes the model partial, naming it. The
container is the resource's ``project`` (else the provider's), ``folder``, ``org_id``;
resources whose container is unknown are judged alone. The finding's resource is the
``_policy`` resource, else the first IAM resource of that container in the plan.

Audit logging (``google_project_iam_audit_config``: ``service`` with ``audit_log_config``
blocks of ``log_type`` and ``exempted_members``; or ``auditConfigs`` in an authoritative
``policy_data``) goes through the live ``to_audit_log_config``. Audit configs are inherited
from folders and the organisation, so a project the plan does not give every log type for
``allServices`` is UNKNOWN (never FAIL), and no exemption in the plan is not a PASS of
LOG-102 (an ancestor may exempt someone).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from providers.terraform.common import first
from providers.terraform.gcp_base import fields
from providers.terraform.plan import Planned
from providers.terraform.session import TerraformSession, known_after_apply
from scanner.model import AuditLogConfig, IamPolicy
from scanner.provider import Collector, Item

if TYPE_CHECKING:
    from providers.gcp.assets import AuditConfig, Binding

_CRM = "//cloudresourcemanager.googleapis.com/"
FAMILIES: dict[str, tuple[str, str]] = {  # type prefix -> (container kind, attribute)
    "google_project_iam": ("projects", "project"),
    "google_folder_iam": ("folders", "folder"),
    "google_organization_iam": ("organizations", "org_id"),
}
_SUFFIXES = ("_policy", "_binding", "_member")
IAM_TYPES = tuple(f"{p}{s}" for p in FAMILIES for s in _SUFFIXES)
AUDIT_TYPES = ("google_project_iam_audit_config",)


def container(resource: Planned, session: TerraformSession) -> str:
    """``projects/p``, ``folders/1``, ``organizations/2``; "" when unknown at plan time."""
    family = resource.type.rsplit("_iam_", 1)[0] + "_iam"
    kind, attribute = FAMILIES[family]
    if attribute == "project":
        value = session.project(resource)
    else:
        raw = resource.values.get(attribute)
        value = "" if resource.is_unknown(attribute) or not raw else str(raw)
    value = value.removeprefix(f"{kind}/")
    return f"{kind}/{value}" if value else ""


def _grants(resource: Planned) -> tuple[list[Binding], list[str]]:
    """The bindings one ``_binding``/``_member`` resource adds, and what is unknown."""
    from providers.gcp.assets import Binding  # noqa: PLC0415 - Google SDK

    values = resource.values
    many = resource.type.endswith("_binding")
    attribute = "members" if many else "member"
    missing = [f"{resource.address}.{a}" for a in ("role", attribute) if resource.is_unknown(a)]
    if missing:
        return [], missing
    members = [str(m) for m in values.get("members") or ()] if many else [str(values["member"])]
    conditional = bool(first(values.get("condition")))
    return [Binding(str(values.get("role") or ""), tuple(members), conditional)], []


def _policy_data(resource: Planned) -> dict[str, Any] | None:
    """The parsed ``policy_data`` of an authoritative resource (None: unknown or not JSON)."""
    if resource.is_unknown("policy_data"):
        return None
    try:
        data = json.loads(str(resource.values.get("policy_data") or "{}"))
    except json.JSONDecodeError:
        return None
    return data if isinstance(data, dict) else None


def _groups(session: TerraformSession, types: tuple[str, ...]) -> dict[str, list[Planned]]:
    groups: dict[str, list[Planned]] = {}
    for resource in session.all_of(*types):
        key = container(resource, session) or f"?{resource.address}"
        groups.setdefault(key, []).append(resource)
    return groups


def collect_iam_policies(session: TerraformSession, _scope: str) -> Iterator[Item]:
    """One IamPolicy per project/folder/organisation the plan grants roles on."""
    judged = {r.address for r in session.judged(*IAM_TYPES)}
    if not judged:
        return
    from providers.gcp.assets import AssetRecord, Policy, to_policy  # noqa: PLC0415
    from providers.gcp.iam import to_iam_policy  # noqa: PLC0415

    for key, members in _groups(session, IAM_TYPES).items():
        if not any(m.address in judged for m in members):
            continue
        authoritative = [m for m in members if m.type.endswith("_policy")]
        owner = authoritative[0] if authoritative else members[0]
        bindings: list[Binding] = []
        unknown: list[str] = []
        for resource in members:
            if resource.opaque:
                unknown.append(f"{resource.address} (every attribute)")
            elif resource.type.endswith("_policy"):
                data = _policy_data(resource)
                if data is None:
                    unknown.append(f"{resource.address}.policy_data")
                else:
                    bindings += to_policy(data).bindings
            else:
                grants, missing = _grants(resource)
                bindings += grants
                unknown += missing
        if authoritative and any(u.startswith(authoritative[0].address) for u in unknown):
            yield known_after_apply("gcp", owner, "IamPolicy", unknown)
            continue
        ref = "" if key.startswith("?") else key
        kind = FAMILIES[owner.type.rsplit("_iam_", 1)[0] + "_iam"][0]
        record = AssetRecord(
            name=_CRM + (ref or f"{kind}/"), asset_type="plan", origin="plan", data={}
        )
        base = fields(owner, session, "cloudresourcemanager")
        if kind != "projects":
            base["account"] = ref
        model = to_iam_policy(record, base, policy=Policy(bindings=tuple(bindings)))
        session.note_unknown(owner, unknown)
        if not authoritative or unknown:
            session.note_partial(
                owner.address,
                f"the plan manages only some grants of {ref or 'a ' + kind[:-1]}'s IAM "
                "policy (google_*_iam_member/_binding are additive); the others are unknown",
            )
        yield model


def _audit_configs(resource: Planned) -> tuple[list[AuditConfig], list[str]]:
    """The audit configs a resource sets, and what is unknown."""
    from providers.gcp.assets import AuditConfig, to_policy  # noqa: PLC0415 - Google SDK

    if resource.opaque:
        return [], [f"{resource.address} (every attribute)"]
    if resource.type.endswith("_policy"):
        data = _policy_data(resource)
        if data is None:
            return [], [f"{resource.address}.policy_data"]
        return list(to_policy(data).audit_configs), []
    if resource.is_unknown("service") or resource.is_unknown("audit_log_config"):
        return [], [f"{resource.address}.audit_log_config"]
    logs = resource.values.get("audit_log_config") or ()
    return [
        AuditConfig(
            service=str(resource.values.get("service") or ""),
            log_types=tuple(str(log.get("log_type") or "").upper() for log in logs),
            exempted=tuple(str(m) for log in logs for m in log.get("exempted_members") or ()),
        )
    ], []


def collect_audit_configs(session: TerraformSession, _scope: str) -> Iterator[Item]:
    """One AuditLogConfig per project whose audit logging the plan configures."""
    types = (*AUDIT_TYPES, "google_project_iam_policy")
    judged = {r.address for r in session.judged(*types)}
    if not judged:
        return
    from providers.gcp.iam import to_audit_log_config  # noqa: PLC0415 - Google SDK

    for key, members in _groups(session, types).items():
        audits = [m for m in members if m.type in AUDIT_TYPES]
        with_configs = [m for m in members if m not in audits and "auditConfigs" in str(
            m.values.get("policy_data") or "")]  # fmt: skip
        owners = audits + with_configs
        if not owners or not any(m.address in judged for m in members):
            continue
        owner = owners[0]
        configs: list[AuditConfig] = []
        unknown: list[str] = []
        for resource in owners:
            found, missing = _audit_configs(resource)
            configs += found
            unknown += missing
        base = fields(owner, session, "cloudresourcemanager")
        base["account"] = key.removeprefix("projects/") if not key.startswith("?") else ""
        model = to_audit_log_config(base, configs=configs, chain_known=False)
        session.note_unknown(owner, unknown)
        session.note_partial(
            owner.address,
            "folders and the organisation may exempt principals from audit logging "
            "outside the plan",
            checks=("LOG-102",),
        )
        yield model


COLLECTORS: tuple[Collector[TerraformSession], ...] = (
    Collector(IamPolicy, collect_iam_policies, permissions=(), scope="global",
              name="plan_gcp_iam_policies"),
    Collector(AuditLogConfig, collect_audit_configs, permissions=(), scope="global",
              name="plan_gcp_audit_configs"),
)  # fmt: skip
