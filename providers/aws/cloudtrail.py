"""CloudTrail: trails, per-region audit coverage and the account-wide audit trail.

``DescribeTrails(includeShadowTrails=True)`` in a region lists every trail that applies to
it: its own trails plus "shadows" of multi-region and organisation trails homed elsewhere.
``GetTrailStatus`` accepts a shadow's ARN from any region, so no cross-region client is used.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from typing import Any

from providers.aws import trail_storage
from providers.aws.session import SDK_ERRORS, AwsSession, translate_error
from scanner.errors import CollectionError
from scanner.model import AuditCoverage, AuditLogConfig, Encryption, LogDestination, Trail
from scanner.provider import Collector, Item

_DESCRIBE = "cloudtrail:DescribeTrails"
_STATUS = "cloudtrail:GetTrailStatus"
_SELECTORS = "cloudtrail:GetEventSelectors"


#: What a selector's ReadWriteType records.
_READ_WRITE = {"All": frozenset({"read", "write"}), "ReadOnly": frozenset({"read"}),
               "WriteOnly": frozenset({"write"})}  # fmt: skip
_BOTH = _READ_WRITE["All"]
#: Fields of an advanced selector that keep it recording every management event: ``readOnly``
#: picks reads or writes; an ``eventSource`` NotEquals drops only the high-volume KMS or RDS
#: Data API events AWS lets a trail exclude (the rest of the control plane is recorded).
_MANAGEMENT_FIELDS = {"eventCategory", "readOnly", "eventSource"}


def _advanced_management(selector: Mapping[str, Any]) -> frozenset[str]:
    """Which management events (read/write) one advanced event selector records."""
    fields = {str(f.get("Field")): f for f in selector.get("FieldSelectors") or ()}
    category = fields.get("eventCategory") or {}
    if "Management" not in (category.get("Equals") or ()) or set(fields) - _MANAGEMENT_FIELDS:
        return frozenset()
    if (fields.get("eventSource") or {}).keys() - {"Field", "NotEquals"}:
        return frozenset()  # only some services' events: not the whole control plane
    kinds = set(_BOTH)
    read_only = fields.get("readOnly") or {}
    if read_only.get("Equals"):
        kinds = {"read" if str(v).lower() == "true" else "write" for v in read_only["Equals"]}
    for v in read_only.get("NotEquals") or ():
        kinds.discard("read" if str(v).lower() == "true" else "write")
    return frozenset(kinds)


def management_event_kinds(selectors: Mapping[str, Any] | None) -> frozenset[str] | None:
    """Pure: GetEventSelectors -> the management events recorded ('read', 'write'); None unread.

    CloudTrail docs, "Logging management events": a basic selector records management events
    unless ``IncludeManagementEvents`` is false, reads and/or writes per ``ReadWriteType``
    (default All); an advanced selector records them when ``eventCategory`` equals
    Management, ``readOnly`` narrowing to reads or writes. A trail without custom selectors
    records all management events (AWS returns the default selector, emulators may return
    none).
    """
    if selectors is None:
        return None
    basic = selectors.get("EventSelectors") or []
    advanced = selectors.get("AdvancedEventSelectors") or []
    if not basic and not advanced:
        return _BOTH
    kinds: set[str] = set()
    for s in basic:
        if s.get("IncludeManagementEvents", True):
            kinds |= _READ_WRITE.get(str(s.get("ReadWriteType", "All")), frozenset())
    for s in advanced:
        kinds |= _advanced_management(s)
    return frozenset(kinds)


def management_events(selectors: Mapping[str, Any] | None) -> bool | None:
    """Pure: whether read AND write management events are recorded (None: unread)."""
    kinds = management_event_kinds(selectors)
    return None if kinds is None else kinds == _BOTH


def to_trail(
    trail: Mapping[str, Any],
    status: Mapping[str, Any] | None,
    selectors: Mapping[str, Any] | None,
    *,
    account: str,
    region: str,
    collected_at: datetime,
    destination: LogDestination | None = None,
    log_group_retention_days: int | None = None,
) -> Trail:
    """Pure: DescribeTrails item + GetTrailStatus + GetEventSelectors (None: unread) -> Trail.

    Without ``KmsKeyId`` log files still get S3 server-side encryption with S3-managed keys.
    ``destination`` and ``log_group_retention_days`` come from ``trail_storage``.
    """
    key = trail.get("KmsKeyId")
    kinds = management_event_kinds(selectors)
    return Trail(
        uid=str(trail["TrailARN"]),
        provider="aws",
        account=account,
        region=region,
        service="cloudtrail",
        name=str(trail["Name"]),
        collected_at=collected_at,
        home_region=str(trail.get("HomeRegion", region)),
        multi_region=bool(trail.get("IsMultiRegionTrail")),
        organization=bool(trail.get("IsOrganizationTrail")),
        logging=None if status is None else bool(status.get("IsLogging")),
        log_file_validation=bool(trail.get("LogFileValidationEnabled")),
        encryption=Encryption(enabled=True, key_managed_by="customer", key_id=str(key))
        if key
        else Encryption(enabled=True, key_managed_by="provider"),
        cloudwatch_logs=bool(trail.get("CloudWatchLogsLogGroupArn")),
        management_events=management_events(selectors),
        management_event_kinds=None if kinds is None else tuple(sorted(kinds)),
        bucket=trail.get("S3BucketName"),
        destination=destination,
        log_group_retention_days=log_group_retention_days,
    )


def _describe(session: AwsSession, region: str, resource: str) -> list[Mapping[str, Any]]:
    """Every trail applying to ``region`` (own and shadow), or a scope-wide error."""
    try:
        trails = session.client("cloudtrail", region).describe_trails(includeShadowTrails=True)
    except SDK_ERRORS as err:
        raise translate_error(err, scope=region, resource=resource, permission=_DESCRIBE) from err
    return list(trails.get("trailList") or [])


def _judge_trail(
    session: AwsSession, region: str, trail: Mapping[str, Any], *, scope: str, resource: str
) -> tuple[str, CollectionError | None]:
    """Why ``trail`` does not record this region's control plane ('' when it does).

    A trail counts only while it is logging (GetTrailStatus ``IsLogging``, read from this
    region, which accepts a shadow's ARN) and records read and write management events
    (GetEventSelectors, read in the trail's home region: a shadow's selectors are not
    served elsewhere).
    """
    arn = str(trail["TrailARN"])
    name = str(trail.get("Name") or arn.rsplit("/", 1)[-1])
    permission = _STATUS
    try:
        if not session.client("cloudtrail", region).get_trail_status(Name=arn).get("IsLogging"):
            return f"{name}: logging stopped", None
        permission = _SELECTORS
        home = str(trail.get("HomeRegion") or region)
        selectors = session.client("cloudtrail", home).get_event_selectors(TrailName=arn)
    except SDK_ERRORS as err:
        error = translate_error(err, scope=scope, resource=resource, permission=permission, uid=arn)
        return f"{name}: unreadable", error
    kinds = management_event_kinds(selectors) or frozenset()
    if kinds == _BOTH:
        return "", None
    recorded = f"only {next(iter(kinds))}" if kinds else "no"
    return f"{name}: records {recorded} management events", None


def _first_recording(
    session: AwsSession,
    region: str,
    trails: Iterable[Mapping[str, Any]],
    *,
    scope: str,
    resource: str,
) -> tuple[bool | None, list[str], list[str], list[CollectionError]]:
    """Whether one of ``trails`` records this region's management events, reads and writes.

    True at the first that does (later ones unread); account-wide trails are tried first,
    so the usual account needs one status and one selectors request. Returns (covered,
    recording trail ARNs, trails not counted with why, errors); covered is None if unknown.
    """
    ordered = sorted(
        trails, key=lambda t: not (t.get("IsMultiRegionTrail") or t.get("IsOrganizationTrail"))
    )
    errors: list[CollectionError] = []
    skipped: list[str] = []
    for trail in ordered:
        why, error = _judge_trail(session, region, trail, scope=scope, resource=resource)
        if error is not None:
            errors.append(error)
        elif not why:
            return True, [str(trail["TrailARN"])], skipped, errors
        else:
            skipped.append(why)
    return (None if errors else False), [], skipped, errors


def _storage(
    session: AwsSession, region: str, trail: Mapping[str, Any], owned: set[str] | Exception
) -> tuple[dict[str, Any], list[CollectionError]]:
    """The trail's log destination and log group retention, with any read errors."""
    arn = str(trail["TrailARN"])
    destination: LogDestination | None = None
    errors: list[CollectionError] = []
    if trail.get("S3BucketName"):
        destination, errors = trail_storage.read_destination(
            session, region, str(trail["S3BucketName"]), owned, uid=arn
        )
    retention, more = trail_storage.read_retention(
        session, trail.get("CloudWatchLogsLogGroupArn"), scope=region, uid=arn
    )
    fields = {"destination": destination, "log_group_retention_days": retention}
    return fields, errors + more


def collect_trails(session: AwsSession, region: str) -> Iterator[Item]:
    """Yield the trails homed in ``region`` with status, event selectors and storage."""
    client = session.client("cloudtrail", region)
    home = [t for t in _describe(session, region, "Trail") if t.get("HomeRegion") == region]
    owned = trail_storage.own_buckets(session, region) if home else set()

    def detail(trail: Mapping[str, Any]) -> list[Item]:
        arn = str(trail["TrailARN"])
        out: list[Item] = []
        status = selectors = None
        try:
            status = client.get_trail_status(Name=arn)
        except SDK_ERRORS as err:
            out.append(
                translate_error(err, scope=region, resource="Trail", permission=_STATUS, uid=arn)
            )
        try:
            selectors = client.get_event_selectors(TrailName=arn)
        except SDK_ERRORS as err:
            out.append(
                translate_error(err, scope=region, resource="Trail", permission=_SELECTORS, uid=arn)
            )
        storage, storage_errors = _storage(session, region, trail, owned)
        trail_model = to_trail(
            trail,
            status,
            selectors,
            account=session.account,
            region=region,
            collected_at=session.now(),
            **storage,
        )
        return [trail_model, *out, *storage_errors]

    for items in session.map(detail, home):
        yield from items


def collect_audit_coverage(session: AwsSession, region: str) -> Iterator[Item]:
    """Yield whether some trail applying to ``region`` (own or shadow) is logging and records
    read and write management events."""
    trails = _describe(session, region, "AuditCoverage")
    covered, logging, skipped, errors = _first_recording(
        session, region, trails, scope=region, resource="AuditCoverage"
    )
    yield AuditCoverage(
        uid=f"arn:aws:cloudtrail:{region}:{session.account}:coverage",
        provider="aws",
        account=session.account,
        region=region,
        service="cloudtrail",
        name=f"cloudtrail-coverage-{region}",
        collected_at=session.now(),
        covered=covered,
        trails=tuple(logging),
        not_counted=tuple(skipped),
    )
    yield from errors


def collect_audit_log_configs(session: AwsSession, scope: str) -> Iterator[Item]:
    """Yield whether a multi-region or organisation trail is logging and records read and
    write management events (account level)."""
    region = session.default_region
    trails = [
        t
        for t in _describe(session, region, "AuditLogConfig")
        if t.get("IsMultiRegionTrail") or t.get("IsOrganizationTrail")
    ]
    wide, logging, skipped, errors = _first_recording(
        session, region, trails, scope=scope, resource="AuditLogConfig"
    )
    yield AuditLogConfig(
        uid=f"arn:aws:cloudtrail::{session.account}:account-audit-config",
        provider="aws",
        account=session.account,
        region="global",
        service="cloudtrail",
        name="cloudtrail-account-audit-config",
        collected_at=session.now(),
        account_wide_trail=wide,
        trails=tuple(logging),
        not_counted=tuple(skipped),
    )
    yield from errors


COLLECTORS = (
    Collector(
        Trail,
        collect_trails,
        permissions=(_DESCRIBE, _STATUS, _SELECTORS, *trail_storage.PERMISSIONS),
    ),
    Collector(AuditCoverage, collect_audit_coverage, permissions=(_DESCRIBE, _STATUS, _SELECTORS)),
    Collector(
        AuditLogConfig,
        collect_audit_log_configs,
        permissions=(_DESCRIBE, _STATUS, _SELECTORS),
        scope="global",
    ),
)
