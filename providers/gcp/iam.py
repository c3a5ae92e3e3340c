"""IAM from CAI: role bindings and audit configs of projects/folders/orgs, and SA keys.

Audit logging is inherited down the resource hierarchy, so a project's effective audit
configuration is the union of its own and its ancestors' (read from ``ancestors`` when CAI
gives them, else walked through the folder and project assets).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Literal

from providers.gcp.assets import AssetRecord, AuditConfig, Policy, segment, timestamp
from providers.gcp.common import collect_kind, identity, malformed
from providers.gcp.session import ORGANIZATION_TYPE, PROJECT_TYPE, GcpSession
from providers.gcp.spelling import enum, flag
from scanner.errors import CollectionError
from scanner.model import AuditLogConfig, IamPolicy, RoleBinding, ServiceAccountKey
from scanner.provider import Collector, Item

FOLDER_TYPE = "cloudresourcemanager.googleapis.com/Folder"
SA_KEY = "iam.googleapis.com/ServiceAccountKey"
HIERARCHY = (ORGANIZATION_TYPE, FOLDER_TYPE, PROJECT_TYPE)
REQUIRED_LOG_TYPES = frozenset({"ADMIN_READ", "DATA_READ", "DATA_WRITE"})
_CRM = "//cloudresourcemanager.googleapis.com/"


def container(record: AssetRecord) -> str:
    """``//cloudresourcemanager.googleapis.com/folders/1`` -> ``folders/1``."""
    return record.name.removeprefix(_CRM)


_TARGETS: dict[str, Literal["project", "folder", "organization"]] = {
    "projects": "project",
    "folders": "folder",
    "organizations": "organization",
}


def _target(ref: str) -> Literal["project", "folder", "organization", "other"]:
    return _TARGETS.get(ref.split("/", 1)[0], "other")


def to_iam_policy(record: AssetRecord, fields: dict[str, Any], *, policy: Policy) -> IamPolicy:
    """Pure: the IAM policy of a project/folder/organisation -> IamPolicy."""
    bindings = tuple(
        RoleBinding(role=b.role, members=b.members, conditional=b.conditional)
        for b in policy.bindings
    )
    return IamPolicy(**fields, target=_target(container(record)), bindings=bindings)


def _parent_ref(body: Mapping[str, Any]) -> str:
    parent = body.get("parent")
    if isinstance(parent, dict):  # Resource Manager v1 projects: {"type": "folder", "id": "1"}
        return f"{parent.get('type', '')}s/{parent.get('id', '')}"
    return str(parent or "")


def ancestry(records: list[AssetRecord]) -> dict[str, tuple[str, ...]]:
    """Container -> its ancestors, nearest first, from CAI ``ancestors`` or parent links."""
    parents = {container(r): _parent_ref(r.body) for r in records}
    out: dict[str, tuple[str, ...]] = {}
    for r in records:
        ref = container(r)
        if r.ancestors:
            out[ref] = tuple(a for a in r.ancestors if a != ref)
            continue
        chain: list[str] = []
        current = parents.get(ref, "")
        while current and current not in chain and len(chain) < 12:
            chain.append(current)
            current = parents.get(current, "")
        out[ref] = tuple(chain)
    return out


def effective_audit(
    configs: list[AuditConfig], *, chain_known: bool
) -> tuple[bool | None, tuple[str, ...]]:
    """(allServices logs every type, exempted members) over a project and its ancestors."""
    all_services = {t for c in configs if c.service == "allServices" for t in c.log_types}
    exempted = tuple(dict.fromkeys(m for c in configs for m in c.exempted))
    if all_services >= REQUIRED_LOG_TYPES:
        return True, exempted
    return (False if chain_known else None), exempted


def to_audit_log_config(
    fields: dict[str, Any],
    *,
    configs: list[AuditConfig],
    chain_known: bool,
) -> AuditLogConfig:
    """Pure: a project's effective audit configs -> AuditLogConfig."""
    logged, exempted = effective_audit(configs, chain_known=chain_known)
    return AuditLogConfig(
        **fields,
        # Admin Activity audit logs are always written for every GCP project
        account_wide_trail=True,
        trails=("admin-activity",),
        data_access_logged=logged,
        exempted_members=exempted,
    )


def _hierarchy(session: GcpSession, scope: str, kind: str) -> list[AssetRecord]:
    # organisations, folders and projects: few, and read several times below
    return list(session.resources(scope, HIERARCHY, resource=kind))


def collect_iam_policies(session: GcpSession, scope: str) -> Iterator[Item]:
    """The IAM policy of every project, folder and organisation in ``scope``."""
    policies = session.policies(scope, HIERARCHY, resource="IamPolicy")
    if policies is None:
        raise _no_policies(scope, "IamPolicy")
    for record in _hierarchy(session, scope, "IamPolicy"):
        try:
            fields = _fields(session, scope, record)
            yield to_iam_policy(record, fields, policy=policies.get(record.name, Policy()))
        except (KeyError, TypeError, ValueError) as err:
            yield malformed(record, scope, "IamPolicy", err)


def _fields(session: GcpSession, scope: str, record: AssetRecord) -> dict[str, Any]:
    ref = container(record)
    account = session.project_id(scope, record) if ref.startswith("projects/") else ref
    fields = identity(record, account=account, collected_at=session.now())
    return {**fields, "name": account}


def collect_audit_configs(session: GcpSession, scope: str) -> Iterator[Item]:
    """Each project's effective audit logging configuration in ``scope``."""
    policies = session.policies(scope, HIERARCHY, resource="AuditLogConfig")
    if policies is None:
        raise _no_policies(scope, "AuditLogConfig")
    records = _hierarchy(session, scope, "AuditLogConfig")
    known = {container(r) for r in records}
    chains = ancestry(records)
    by_ref = {container(r): policies.get(r.name, Policy()) for r in records}
    for record in records:
        ref = container(record)
        if not ref.startswith("projects/"):
            continue
        chain = chains.get(ref, ())
        configs = [c for r in (ref, *chain) for c in by_ref.get(r, Policy()).audit_configs]
        fields = _fields(session, scope, record)
        yield to_audit_log_config(
            fields, configs=configs, chain_known=all(a in known for a in chain)
        )


def _no_policies(scope: str, kind: str) -> CollectionError:
    return CollectionError(
        "gcp",
        scope,
        kind,
        "NoIamPolicies",
        hint="The snapshot holds no IAM policy records; export them too "
        "(gcloud asset export --content-type=iam-policy) and concatenate both exports",
    )


def to_service_account_key(record: AssetRecord, fields: dict[str, Any]) -> ServiceAccountKey:
    """Pure: a ServiceAccountKey REST body -> ServiceAccountKey."""
    body = record.body
    account = segment(str(body.get("name") or record.name), "serviceAccounts")
    return ServiceAccountKey(
        **fields,
        service_account=account,
        managed_by="customer" if enum(body.get("keyType")) == "USER_MANAGED" else "provider",
        enabled=not flag(body.get("disabled")),
        created_at=timestamp(body.get("validAfterTime")),
        expires_at=timestamp(body.get("validBeforeTime")),
    )


def collect_service_account_keys(session: GcpSession, scope: str) -> Iterator[Item]:
    """Every service account key in ``scope``."""
    yield from collect_kind(session, scope, [SA_KEY], ServiceAccountKey, to_service_account_key)


_LIST = ("cloudasset.assets.listResource", "cloudasset.assets.listIamPolicy")
RESOURCE_TYPES = {
    ORGANIZATION_TYPE: "IamPolicy",
    FOLDER_TYPE: "IamPolicy",
    PROJECT_TYPE: "IamPolicy",
    SA_KEY: "ServiceAccountKey",
}
POLICY_TYPES = {ORGANIZATION_TYPE: "IamPolicy", FOLDER_TYPE: "IamPolicy", PROJECT_TYPE: "IamPolicy"}
COLLECTORS: tuple[Collector[GcpSession], ...] = (
    Collector(IamPolicy, collect_iam_policies, permissions=_LIST),
    Collector(AuditLogConfig, collect_audit_configs, permissions=_LIST),
    Collector(
        ServiceAccountKey,
        collect_service_account_keys,
        permissions=("cloudasset.assets.listResource",),
    ),
)
