"""Cloud Asset Inventory records: one normalised envelope for API, export and snapshot data.

``ListAssets`` answers camelCase JSON (the SDK turns it into snake_case dicts), while
``gcloud asset export`` writes snake_case; ``to_record`` accepts both for the envelope and
the IAM policy. ``resource.data`` is the owning service's REST body and stays camelCase.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any, NamedTuple

from providers.gcp.spelling import enum

_TYPE_RE = re.compile(r"^[a-z][a-z0-9.-]*/[A-Z][A-Za-z0-9]*$")
_NUMBER = re.compile(r"^\d+$")


class RecordError(ValueError):
    """A record lacks what every asset record needs (name, type, resource data or policy)."""


@dataclass(frozen=True, slots=True)
class Binding:
    """One role binding of an IAM policy."""

    role: str
    members: tuple[str, ...]
    conditional: bool = False


@dataclass(frozen=True, slots=True)
class AuditConfig:
    """Audit logging of one service: the log types on and who is exempted."""

    service: str
    log_types: tuple[str, ...]
    exempted: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Policy:
    """The IAM policy of one asset."""

    bindings: tuple[Binding, ...] = ()
    audit_configs: tuple[AuditConfig, ...] = ()


@dataclass(frozen=True, slots=True)
class OrgPolicy:
    """One organisation policy (v1 ``Policy``) set on a container, as CAI's ORG_POLICY
    content carries it: a boolean constraint's ``enforced``, a list constraint's values, or
    ``restoreDefault`` (the constraint's default applies here and stops inheritance).
    """

    constraint: str
    enforced: bool | None = None  # booleanPolicy.enforced; None when not a boolean policy
    restore_default: bool = False
    all_values: str = ""  # listPolicy.allValues: ALLOW / DENY
    allowed: tuple[str, ...] = ()
    denied: tuple[str, ...] = ()
    inherit_from_parent: bool = False


class AssetRecord(NamedTuple):
    """One asset: its CAI name and type, its REST body and/or its IAM policy.

    Immutable, and a NamedTuple rather than a frozen dataclass because it is built again
    each time a collector reads the asset (twice as fast to construct).
    """

    name: str
    asset_type: str
    origin: str
    data: Mapping[str, Any] | None = None
    parent: str = ""
    location: str = ""
    ancestors: tuple[str, ...] = ()
    policy: Policy | None = None
    org_policies: tuple[OrgPolicy, ...] | None = None

    @property
    def body(self) -> Mapping[str, Any]:
        """``resource.data`` (empty when this record carries only a policy)."""
        return self.data or {}


def _camel(key: str) -> str:
    head, *rest = key.split("_")
    return head + "".join(p.title() for p in rest)


#: The camelCase spelling of each key ``_pick`` is asked for (every record asks twice).
_CAMEL = {
    key: _camel(key)
    for key in (
        "asset_type",
        "iam_policy",
        "audit_configs",
        "audit_log_configs",
        "log_type",
        "exempted_members",
        "org_policy",
        "boolean_policy",
        "list_policy",
        "restore_default",
        "all_values",
        "allowed_values",
        "denied_values",
        "inherit_from_parent",
    )
}


def _pick(raw: Mapping[str, Any], key: str) -> Any:
    """``raw[key]`` under its snake_case or camelCase spelling (``key`` is snake_case)."""
    if key in raw:
        return raw[key]
    return raw.get(_CAMEL.get(key) or _camel(key))


def _strings(value: Any) -> tuple[str, ...]:
    return tuple(map(str, value)) if isinstance(value, list) else ()


#: AuditLogConfig.LogType numbers (proto-plus ``to_dict`` writes enums as integers).
_LOG_TYPES = {0: "LOG_TYPE_UNSPECIFIED", 1: "ADMIN_READ", 2: "DATA_WRITE", 3: "DATA_READ"}


def log_type(value: Any) -> str:
    """An audit log type in its REST name: ``ADMIN_READ``, ``admin_read``, ``adminRead``, 1."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _LOG_TYPES.get(int(value), str(value))
    text = str(value).strip()
    if text.isdigit():
        return _LOG_TYPES.get(int(text), text)
    return enum(text)


def _audit_config(raw: Mapping[str, Any]) -> AuditConfig:
    logs = _pick(raw, "audit_log_configs") or []
    types: list[str] = []
    exempted: list[str] = []
    for log in logs:
        types.append(log_type(_pick(log, "log_type")))
        exempted += _strings(_pick(log, "exempted_members"))
    return AuditConfig(str(raw.get("service", "")), tuple(types), tuple(exempted))


def to_policy(raw: Mapping[str, Any]) -> Policy:
    """Pure: an IAM policy body (either spelling) -> Policy."""
    bindings = tuple(
        Binding(str(b.get("role", "")), _strings(b.get("members")), bool(b.get("condition")))
        for b in raw.get("bindings") or []
    )
    audits = tuple(_audit_config(a) for a in _pick(raw, "audit_configs") or [])
    return Policy(bindings, audits)


def _constraint_name(value: Any) -> str:
    """``constraints/x`` from ``constraints/x`` or a v2-style ``.../policies/x`` name."""
    text = str(value or "")
    if "/policies/" in text:
        return "constraints/" + text.rsplit("/policies/", 1)[1]
    return text


def to_org_policy(raw: Mapping[str, Any]) -> OrgPolicy:
    """Pure: one v1 org policy (snake_case or camelCase) -> OrgPolicy."""
    boolean = _pick(raw, "boolean_policy")
    listed = _pick(raw, "list_policy")
    enforced = None
    if isinstance(boolean, Mapping):
        enforced = enforced_value(boolean.get("enforced"))
    listed = listed if isinstance(listed, Mapping) else {}
    return OrgPolicy(
        constraint=_constraint_name(raw.get("constraint") or raw.get("name")),
        enforced=enforced,
        restore_default=_pick(raw, "restore_default") is not None,
        all_values=enum(_pick(listed, "all_values")),
        allowed=_strings(_pick(listed, "allowed_values")),
        denied=_strings(_pick(listed, "denied_values")),
        inherit_from_parent=enforced_value(_pick(listed, "inherit_from_parent")) is True,
    )


def enforced_value(value: Any) -> bool:
    """A proto3 bool that may arrive as a string; absent means false."""
    if isinstance(value, str):
        return value.strip().lower() in {"true", "1"}
    return bool(value)


_PATH_KINDS = {"organization": "organizations", "folder": "folders", "project": "projects"}


def _ancestry_path(value: Any) -> tuple[str, ...]:
    """Forseti/config-validator ``ancestry_path`` (``organization/1/folder/2/project/p``) as
    CAI ``ancestors`` (nearest first: ``projects/p``, ``folders/2``, ``organizations/1``)."""
    if not isinstance(value, str) or not value:
        return ()
    parts = value.strip("/").split("/")
    pairs = [
        f"{_PATH_KINDS[kind]}/{ref}"
        for kind, ref in zip(parts[::2], parts[1::2], strict=False)
        if kind in _PATH_KINDS and ref
    ]
    return tuple(reversed(pairs))


def to_record(raw: Mapping[str, Any], origin: str) -> AssetRecord:
    """Pure: one CAI asset in API, export or snapshot form -> AssetRecord.

    Raises:
        RecordError: the envelope is unusable (missing name/type, bad type, no content).
    """
    name, asset_type = raw.get("name"), _pick(raw, "asset_type")
    if not isinstance(name, str) or not name:
        raise RecordError("missing field 'name'")
    if not isinstance(asset_type, str) or not _TYPE_RE.match(asset_type):
        raise RecordError(f"missing or unknown asset type {asset_type!r}")
    resource, policy = raw.get("resource"), _pick(raw, "iam_policy")
    org = _pick(raw, "org_policy")
    if resource is None and policy is None and org is None:
        raise RecordError("none of 'resource', 'iam_policy' or 'org_policy' present")
    if org is not None and not isinstance(org, list):
        raise RecordError("'org_policy' is not a list")
    data = None
    if resource is not None:
        data = resource.get("data") if isinstance(resource, dict) else None
        if not isinstance(data, dict):
            raise RecordError("missing field 'resource.data'")
    if policy is not None and not isinstance(policy, dict):
        raise RecordError("'iam_policy' is not an object")
    res = resource if isinstance(resource, dict) else {}
    return AssetRecord(
        name=name,
        asset_type=asset_type,
        origin=origin,
        data=data,
        parent=str(res.get("parent") or ""),
        location=str(res.get("location") or ""),
        ancestors=_strings(raw.get("ancestors")) or _ancestry_path(raw.get("ancestry_path")),
        policy=None if policy is None else to_policy(policy),
        org_policies=None
        if org is None
        else tuple(to_org_policy(p) for p in org if isinstance(p, Mapping)),
    )


def packed(raw: Mapping[str, Any], record: AssetRecord) -> list[Any]:
    """What ``unpacked`` needs to give ``record`` again (``record == to_record(raw, ...)``).

    The envelope's other fields are dropped; policies stay raw, as ``to_record`` read them.
    """
    return [
        record.name,
        record.asset_type,
        record.data,
        record.parent,
        record.location,
        record.ancestors,
        _pick(raw, "iam_policy"),
        _pick(raw, "org_policy"),
    ]


def unpacked(values: list[Any], origin: str) -> AssetRecord:
    """Pure: the ``AssetRecord`` of a validated record's ``packed`` values, no check again."""
    name, asset_type, data, parent, location, ancestors, policy, org = values
    return AssetRecord(
        name,
        asset_type,
        origin,
        data,
        parent,
        location,
        tuple(ancestors),
        None if policy is None else to_policy(policy),
        None if org is None else tuple(to_org_policy(p) for p in org if isinstance(p, Mapping)),
    )


@lru_cache(maxsize=4096)
def short_type(asset_type: str) -> str:
    """``compute.googleapis.com/Firewall`` -> ``compute.Firewall`` (one string per type)."""
    service, _, kind = asset_type.partition("/")
    return f"{service.split('.', 1)[0]}.{kind}"


def short_name(record: AssetRecord) -> str:
    """The last path segment of the asset name (``default-allow-ssh``)."""
    return record.name.rstrip("/").rsplit("/", 1)[-1]


def segment(path: str, key: str) -> str:
    """The path segment after ``key``'s first appearance (``segment(name, 'projects')``),
    else ''."""
    parts = path.split("/")
    try:
        at = parts.index(key) + 1
    except ValueError:
        return ""
    return parts[at] if at < len(parts) else ""


def project_ref(record: AssetRecord) -> str:
    """Project id (or number) the asset belongs to, from its name, parent or ancestors."""
    named = segment(record.name, "projects")
    if named:
        return named
    for ref in (record.parent, *record.ancestors):
        number = segment(ref, "projects")
        if number:
            return number
    return str(record.body.get("projectNumber", ""))


def is_number(ref: str) -> bool:
    """Whether a project reference is a project number."""
    return bool(_NUMBER.match(ref))


def last(url: str) -> str:
    """The last segment of a REST self link (``.../zones/us-central1-c`` -> zone)."""
    return url.rstrip("/").rsplit("/", 1)[-1] if url else ""


def location_of(record: AssetRecord) -> str:
    """Region, zone or multi-region of an asset; 'global' when it has none."""
    if record.location:
        return record.location.lower()
    body = record.body
    for key in ("zone", "region", "location", "gceZone"):
        value = body.get(key)
        if isinstance(value, str) and value:
            return last(value).lower()
    return segment(record.name, "locations") or segment(record.name, "zones") or "global"


def timestamp(value: Any) -> datetime | None:
    """An RFC 3339 timestamp (nanoseconds allowed) -> aware datetime; None if absent/bad."""
    if not isinstance(value, str) or not value:
        return None
    text = value.replace("Z", "+00:00")
    head, dot, tail = text.partition(".")
    if dot:
        digits = len(tail) - len(tail.lstrip("0123456789"))
        text = f"{head}.{tail[: min(digits, 6)]}{tail[digits:]}"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else None


def seconds(value: Any) -> int | None:
    """A protobuf Duration (``"7776000s"``) -> whole seconds; None if absent or malformed."""
    if not isinstance(value, str) or not value.endswith("s"):
        return None
    try:
        return int(float(value[:-1]))
    except ValueError:
        return None


def as_int(value: Any, default: int) -> int:
    """Struct numbers arrive as floats (``1000.0``) or strings; coerce to int."""
    if value is None:
        return default
    return int(float(value))
