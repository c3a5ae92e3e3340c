"""What the plan's CloudTrail trails prove about the account: the account-wide trail
(AuditLogConfig), each region's audit coverage (AuditCoverage) and S3 object-level logging
(ObjectAccessLogging).

All three judge every trail of the account on a live scan, and a plan sees only its own
trails: a planned trail can prove a region, the account or a bucket covered, never that
nothing covers it (a trail outside Terraform, or an organisation trail of the management
account, may). So these collectors only pass: a trail that counts yields the setting as
covered; otherwise nothing is yielded (no claim; a live scan judges the account). What a
trail records is decided by the live pure functions (``management_event_kinds``,
``recorded_events``) on the event selectors rebuilt from the plan.

``aws_cloudtrail`` (registry: aws_cloudtrail): ``enable_logging`` defaults to true,
``is_multi_region_trail`` and ``is_organization_trail`` to false; without
``event_selector`` / ``advanced_event_selector`` a trail records all management events;
``event_selector.read_write_type`` defaults to All and ``include_management_events`` to
true; ``data_resource`` has ``type`` and ``values``; ``advanced_event_selector.field_selector``
has ``field`` and ``equals`` / ``not_equals`` / ``starts_with`` / ``not_starts_with`` /
``ends_with`` / ``not_ends_with`` (the API's FieldSelector operators).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from typing import Any

from providers.aws.cloudtrail import management_event_kinds
from providers.aws.data_events import to_object_access_logging
from providers.terraform.aws_account import UNKNOWN_REGION, planned_region
from providers.terraform.common import flag
from providers.terraform.plan import Planned
from providers.terraform.session import TerraformSession
from scanner.model import AuditCoverage, AuditLogConfig, ObjectAccessLogging
from scanner.provider import Collector, Item

_TRAIL = "aws_cloudtrail"
_BOTH = frozenset({"read", "write"})
#: ``advanced_event_selector.field_selector`` attributes -> the API's FieldSelector keys.
_OPERATORS = {
    "equals": "Equals",
    "not_equals": "NotEquals",
    "starts_with": "StartsWith",
    "not_starts_with": "NotStartsWith",
    "ends_with": "EndsWith",
    "not_ends_with": "NotEndsWith",
}


def trail_selectors(trail: Planned) -> Mapping[str, Any] | None:
    """GetEventSelectors as the planned trail will answer it; None when what decides the
    recorded events is known only after apply (``read_write_type``,
    ``include_management_events``, any advanced ``field_selector``). A ``data_resource``
    whose ``values`` are known only after apply (``"${aws_s3_bucket.b.arn}/"``) selects
    no bucket the plan can name, and leaves management events decidable. Without
    selectors, the default one (all management events)."""
    values = trail.values
    if trail.wholly_unknown("event_selector") or trail.is_unknown("advanced_event_selector"):
        return None
    basic = []
    for i, s in enumerate(values.get("event_selector") or ()):
        if trail.is_unknown("event_selector", i, "read_write_type") or trail.is_unknown(
            "event_selector", i, "include_management_events"
        ):
            return None
        resources = [
            {
                "Type": d.get("type"),
                "Values": []
                if trail.is_unknown("event_selector", i, "data_resource", j)
                else list(d.get("values") or ()),
            }
            for j, d in enumerate(s.get("data_resource") or ())
        ]
        basic.append({
            "ReadWriteType": str(s.get("read_write_type") or "All"),
            "IncludeManagementEvents": s.get("include_management_events") is not False,
            "DataResources": resources,
        })  # fmt: skip
    advanced = [
        {
            "FieldSelectors": [
                {"Field": f.get("field")}
                | {api: list(f[key]) for key, api in _OPERATORS.items() if f.get(key)}
                for f in s.get("field_selector") or ()
            ]
        }
        for s in values.get("advanced_event_selector") or ()
    ]
    if not basic and not advanced:
        return {"EventSelectors": [{"ReadWriteType": "All", "IncludeManagementEvents": True}]}
    return {"EventSelectors": basic, "AdvancedEventSelectors": advanced}


def _logging(trail: Planned) -> bool:
    """The trail will be logging: ``enable_logging`` (default true) known and not false."""
    return (
        not trail.opaque
        and not trail.is_unknown("enable_logging")
        and flag(trail.values, "enable_logging", True)
    )


def _account_wide(trail: Planned) -> bool:
    """Multi-region or organisation trail, as far as the plan knows (unknown: no)."""
    return any(
        not trail.is_unknown(a) and flag(trail.values, a, False)
        for a in ("is_multi_region_trail", "is_organization_trail")
    )


def _records_management(trail: Planned) -> bool:
    """Read and write management events are recorded (selectors known at plan time)."""
    selectors = trail_selectors(trail)
    return selectors is not None and management_event_kinds(selectors) == _BOTH


def _counting(session: TerraformSession) -> list[Planned]:
    """The plan's trails that will log read and write management events."""
    return [t for t in session.all_of(_TRAIL) if _logging(t) and _records_management(t)]


def _judged(session: TerraformSession, trails: list[Planned]) -> list[Planned]:
    return [t for t in trails if not session.changed_only or t.changed]


def collect_audit_log_configs(session: TerraformSession, _scope: str) -> Iterator[Item]:
    """LOG-006: a multi-region or organisation ``aws_cloudtrail`` that logs read and write
    management events gives the account its account-wide trail; otherwise no claim."""
    wide = _judged(session, [t for t in _counting(session) if _account_wide(t)])
    if not wide:
        return
    yield AuditLogConfig(
        uid=wide[0].address,
        provider="aws",
        account="",
        region="global",
        service="cloudtrail",
        name=wide[0].address,
        collected_at=session.collected_at,
        account_wide_trail=True,
        trails=tuple(t.address for t in wide),
    )


def collect_audit_coverage(session: TerraformSession, _scope: str) -> Iterator[Item]:
    """LOG-005, per region: a counting trail covers its home region (the region of the
    provider configuration managing it); a multi-region trail covers every region, but the
    plan names only its home region, so only that one is yielded. Otherwise no claim."""
    by_region: dict[str, list[Planned]] = defaultdict(list)
    for trail in _judged(session, _counting(session)):
        by_region[planned_region(trail, session)].append(trail)
    for region, trails in by_region.items():
        yield AuditCoverage(
            uid=trails[0].address,
            provider="aws",
            account="",
            region=region,
            service="cloudtrail",
            name=trails[0].address,
            collected_at=session.collected_at,
            covered=True,
            trails=tuple(t.address for t in trails),
        )


def _applies(trail: Planned, region: str, session: TerraformSession) -> bool:
    """The trail records events of ``region``: multi-region or organisation, or homed there
    (both regions known)."""
    if _account_wide(trail):
        return True
    home = planned_region(trail, session)
    return UNKNOWN_REGION not in (home, region) and home == region


def collect_object_access_logging(session: TerraformSession, _scope: str) -> Iterator[Item]:
    """LOG-502/503, per planned ``aws_s3_bucket`` whose name is known: the plan's logging
    trails applying to the bucket's region, judged by the live ``recorded_events``. Only
    what a planned trail records is claimed: an event kind no planned trail records is
    unknown (another trail may), and a bucket no planned trail covers yields nothing."""
    trails = [t for t in session.all_of(_TRAIL) if _logging(t)]
    if not trails:
        return
    selectors = {t.address: trail_selectors(t) for t in trails}
    for bucket in session.all_of("aws_s3_bucket"):
        name = bucket.values.get("bucket")
        if bucket.opaque or bucket.is_unknown("bucket") or not name:
            continue
        region = planned_region(bucket, session)
        applying = [
            (t.address, selectors[t.address])
            for t in trails
            if selectors[t.address] is not None and _applies(t, region, session)
        ]
        model = to_object_access_logging(
            str(name),
            [(arn, s) for arn, s in applying if s is not None],
            unread=True,
            account="",
            region=region,
            collected_at=session.collected_at,
        )
        if not model.trails:
            continue
        used = {t.address: t for t in trails}
        if session.changed_only and not (
            bucket.changed or any(used[a].changed for a in model.trails)
        ):
            continue
        missing = [
            f"{bucket.address} object {kind} (recorded by no trail in the plan)"
            for kind, logged in (("writes", model.writes_logged), ("reads", model.reads_logged))
            if logged is None
        ]
        session.note_unknown(bucket, missing)
        yield model.model_copy(update={"name": bucket.address})


COLLECTORS: tuple[Collector[TerraformSession], ...] = (
    Collector(
        AuditLogConfig,
        collect_audit_log_configs,
        permissions=(),
        scope="global",
        name="plan_audit_log_configs",
    ),
    Collector(
        AuditCoverage,
        collect_audit_coverage,
        permissions=(),
        scope="global",
        name="plan_audit_coverage",
    ),
    Collector(
        ObjectAccessLogging,
        collect_object_access_logging,
        permissions=(),
        scope="global",
        name="plan_object_access_logging",
    ),
)
