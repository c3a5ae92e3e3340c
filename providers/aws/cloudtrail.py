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


def management_events(selectors: Mapping[str, Any] | None) -> bool | None:
    """Pure: GetEventSelectors -> whether read AND write management events are recorded
    (None: unread), as CIS AWS 4.1 asks (``IncludeManagementEvents`` with ``ReadWriteType``
    All).

    A trail without custom selectors records all management events; AWS then returns the
    default selector, emulators may return none at all, which means the same. Basic selectors:
    ``IncludeManagementEvents`` defaults to true and ``ReadWriteType`` to All (CloudTrail API
    reference, EventSelector). Advanced selectors: ``eventCategory`` Management, narrowed to
    read-only or write-only events by a ``readOnly`` field selector (AdvancedFieldSelector).
    Read and write may come from two selectors.
    """
    if selectors is None:
        return None
    basic = selectors.get("EventSelectors") or []
    advanced = selectors.get("AdvancedEventSelectors") or []
    if not basic and not advanced:
        return True
    covered: set[str] = set()
    for selector in basic:
        if selector.get("IncludeManagementEvents", True):
            covered |= _READ_WRITE.get(str(selector.get("ReadWriteType", "All")), set())
    for selector in advanced:
        fields = selector.get("FieldSelectors") or ()
        if any(
            f.get("Field") == "eventCategory" and "Management" in (f.get("Equals") or ())
            for f in fields
        ):
            covered |= _advanced_read_write(fields)
    return covered == {"read", "write"}


_READ_WRITE = {"All": {"read", "write"}, "ReadOnly": {"read"}, "WriteOnly": {"write"}}


def _event_kind(read_only: object) -> str:
    return "read" if str(read_only).lower() == "true" else "write"


def _advanced_read_write(fields: Any) -> set[str]:
    """Which of read/write events an advanced selector's ``readOnly`` field lets through."""
    kinds = {"read", "write"}
    for field in fields:
        if field.get("Field") != "readOnly":
            continue
        if field.get("Equals"):
            kinds &= {_event_kind(v) for v in field["Equals"]}
        kinds -= {_event_kind(v) for v in field.get("NotEquals") or ()}
    return kinds


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


def _first_logging(
    session: AwsSession,
    region: str,
    trails: Iterable[Mapping[str, Any]],
    *,
    scope: str,
    resource: str,
) -> tuple[bool | None, list[str], list[CollectionError]]:
    """Whether one of ``trails`` is logging: True at the first that is (later ones unread).

    Account-wide trails are tried first, so the usual account needs one status request.
    Returns (covered, logging trail ARNs, errors); covered is None if unknown.
    """
    client = session.client("cloudtrail", region)
    ordered = sorted(
        trails, key=lambda t: not (t.get("IsMultiRegionTrail") or t.get("IsOrganizationTrail"))
    )
    errors: list[CollectionError] = []
    for trail in ordered:
        arn = str(trail["TrailARN"])
        try:
            logging = bool(client.get_trail_status(Name=arn).get("IsLogging"))
        except SDK_ERRORS as err:
            errors.append(
                translate_error(err, scope=scope, resource=resource, permission=_STATUS, uid=arn)
            )
            continue
        if logging:
            return True, [arn], errors
    return (None if errors else False), [], errors


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
    """Yield whether some trail applying to ``region`` (own or shadow) is logging."""
    trails = _describe(session, region, "AuditCoverage")
    covered, logging, errors = _first_logging(
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
    )
    yield from errors


def collect_audit_log_configs(session: AwsSession, scope: str) -> Iterator[Item]:
    """Yield whether a multi-region or organisation trail is logging (account level)."""
    region = session.default_region
    trails = [
        t
        for t in _describe(session, region, "AuditLogConfig")
        if t.get("IsMultiRegionTrail") or t.get("IsOrganizationTrail")
    ]
    wide, logging, errors = _first_logging(
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
    )
    yield from errors


COLLECTORS = (
    Collector(
        Trail,
        collect_trails,
        permissions=(_DESCRIBE, _STATUS, _SELECTORS, *trail_storage.PERMISSIONS),
    ),
    Collector(AuditCoverage, collect_audit_coverage, permissions=(_DESCRIBE, _STATUS)),
    Collector(
        AuditLogConfig,
        collect_audit_log_configs,
        permissions=(_DESCRIBE, _STATUS),
        scope="global",
    ),
)
