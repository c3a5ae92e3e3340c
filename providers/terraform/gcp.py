"""Google resources in a plan -> the neutral models, through the GCP provider's mappers.

The planned attributes are rewritten as the REST bodies Cloud Asset Inventory serves
(``storage#bucket``, ``compute#firewall``) and mapped by the live scan's own functions.
Defaults: registry.terraform.io/providers/hashicorp/google/latest/docs (per resource);
attributes the plan knows only after apply are UNKNOWN, naming the attribute.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from providers.terraform.plan import Planned
from providers.terraform.session import TerraformSession, known_after_apply, opaque_resource
from scanner.model import Bucket, SecurityGroup
from scanner.model.access import PUBLIC_MEMBERS
from scanner.provider import Collector, Item

_BUCKET_IAM = ("google_storage_bucket_iam_member", "google_storage_bucket_iam_binding")


def _first(value: Any) -> Mapping[str, Any]:
    if isinstance(value, list) and value and isinstance(value[0], Mapping):
        return value[0]
    return {}


def _fields(resource: Planned, session: TerraformSession, service: str) -> dict[str, Any]:
    return {
        "uid": resource.address,
        "provider": "gcp",
        "account": str(resource.values.get("project") or ""),
        "region": session.region(resource),
        "service": service,
        "name": resource.address,
        "collected_at": session.collected_at,
    }


def _public_iam(bucket: Planned, session: TerraformSession) -> tuple[bool | None, list[str]]:
    """Bucket IAM grants to allUsers/allAuthenticatedUsers in the plan. A new bucket's
    policy holds only the project's convenience roles; an existing one may hold grants
    made outside this configuration (unknown)."""
    grants = session.joined(bucket, _BUCKET_IAM, "bucket")
    members: list[str] = []
    for grant in grants:
        if grant.is_unknown("member") or grant.is_unknown("members"):
            return None, [f"{grant.address}.member"]
        members += [str(grant.values.get("member") or "")]
        members += [str(m) for m in grant.values.get("members") or ()]
    if any(m.lower() in PUBLIC_MEMBERS for m in members):
        return True, []
    return (False, []) if bucket.created else (None, [f"{bucket.address} (IAM outside the plan)"])


def plan_bucket(bucket: Planned, session: TerraformSession) -> Bucket:
    """``google_storage_bucket`` (+ its IAM members) -> Bucket."""
    # the GCP provider's modules load Google's SDK: only for plans with Google resources
    from providers.gcp.assets import AssetRecord  # noqa: PLC0415
    from providers.gcp.storage import to_bucket  # noqa: PLC0415

    values = bucket.values
    unknown: list[str] = []
    ubla = values.get("uniform_bucket_level_access")
    if ubla is None:
        # optional+computed: follows the org policy constraint when omitted (UNKNOWN)
        unknown.append(f"{bucket.address}.uniform_bucket_level_access")
    prevention = values.get("public_access_prevention") or "inherited"
    if str(prevention).lower() != "enforced":
        # "inherited" (the default) enforces prevention when the organization policy
        # constraint storage.publicAccessPrevention applies, which a plan cannot see
        # (registry: google_storage_bucket public_access_prevention; UNKNOWN, as UBLA)
        unknown.append(f"{bucket.address}.public_access_prevention (organization policy)")
    retention = _first(values.get("retention_policy"))
    body: dict[str, Any] = {
        "iamConfiguration": {
            "uniformBucketLevelAccess": {"enabled": bool(ubla)},
            "publicAccessPrevention": prevention,
        },
        "versioning": {"enabled": bool(_first(values.get("versioning")).get("enabled"))},
        "logging": {"logBucket": _first(values.get("logging")).get("log_bucket")},
        "encryption": {
            "defaultKmsKeyName": _first(values.get("encryption")).get("default_kms_key_name")
        },
    }
    if retention:
        body["retentionPolicy"] = {
            "retentionPeriod": retention.get("retention_period"),
            "isLocked": bool(retention.get("is_locked")),
        }
    record = AssetRecord(
        name=bucket.address, asset_type="storage.googleapis.com/Bucket", origin="plan", data=body
    )
    public, missing = _public_iam(bucket, session)
    unknown += missing
    session.note_unknown(bucket, unknown)
    model = to_bucket(record, _fields(bucket, session, "storage"), policy=None, org_prevention=None)
    return model.model_copy(
        update={
            "policy_allows_public": public,
            "uniform_access": None if ubla is None else bool(ubla),
        }
    )


def collect_buckets(session: TerraformSession, _scope: str) -> Iterator[Item]:
    """Every planned ``google_storage_bucket``."""
    for bucket in session.judged("google_storage_bucket", joins=[(_BUCKET_IAM, "bucket")]):
        if bucket.opaque:
            yield opaque_resource("gcp", bucket, "Bucket")
            continue
        yield plan_bucket(bucket, session)


def firewall_body(values: Mapping[str, Any]) -> dict[str, Any]:
    """``google_compute_firewall`` attributes -> a compute#firewall REST body (direction
    INGRESS and priority 1000 by default; registry: google_compute_firewall)."""

    def entries(blocks: Any) -> list[dict[str, Any]]:
        return [
            {"IPProtocol": b.get("protocol", "all"), "ports": list(b.get("ports") or ())}
            for b in blocks or ()
        ]

    return {
        "direction": values.get("direction") or "INGRESS",
        "priority": values.get("priority") if values.get("priority") is not None else 1000,
        "allowed": entries(values.get("allow")),
        "denied": entries(values.get("deny")),
        "sourceRanges": list(values.get("source_ranges") or ()),
        "sourceTags": list(values.get("source_tags") or ()),
        "sourceServiceAccounts": list(values.get("source_service_accounts") or ()),
        "destinationRanges": list(values.get("destination_ranges") or ()),
        "disabled": bool(values.get("disabled")),
        "logConfig": {"enable": bool(values.get("log_config"))},
        "network": str(values.get("network") or ""),
    }


def collect_firewalls(session: TerraformSession, _scope: str) -> Iterator[Item]:
    """Every planned ``google_compute_firewall`` as a SecurityGroup (as the live scan)."""
    rules = session.judged("google_compute_firewall")
    if not rules:
        return
    from providers.gcp.network import firewall_rules, network_key  # noqa: PLC0415 - SDK

    for rule in rules:
        if rule.opaque:
            yield opaque_resource("gcp", rule, "SecurityGroup")
            continue
        unknown = [
            f"{rule.address}.{a}"
            for a in ("source_ranges", "allow", "deny", "source_tags")
            if rule.is_unknown(a) and rule.configured(a)
        ]
        if unknown:
            yield known_after_apply("gcp", rule, "SecurityGroup", unknown)
            continue
        body = firewall_body(rule.values)
        yield SecurityGroup(
            **_fields(rule, session, "compute"),
            network_id=network_key(body["network"]),
            rules=firewall_rules(body),
            logging_enabled=body["logConfig"]["enable"],
        )


COLLECTORS: tuple[Collector[TerraformSession], ...] = (
    Collector(Bucket, collect_buckets, permissions=(), scope="global", name="plan_gcs_buckets"),
    Collector(
        SecurityGroup, collect_firewalls, permissions=(), scope="global", name="plan_firewalls"
    ),
)
