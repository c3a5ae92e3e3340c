"""S3 object-level logging: which buckets' object reads and writes a logging trail records.

A bucket's object events are recorded in the bucket's region, so a trail counts for it when
``DescribeTrails(includeShadowTrails=True)`` in that region lists the trail (homed there, or
multi-region, or an organisation trail), ``GetTrailStatus`` says it is logging, and its event
selectors (read in the trail's home region) select every object of the bucket:

* basic ``EventSelectors``: a ``DataResources`` entry of type ``AWS::S3::Object`` whose value
  is ``arn:<partition>:s3`` (all buckets, current and future), ``arn:<partition>:s3:::`` or
  ``arn:<partition>:s3:::<bucket>/`` (the whole bucket); a value with an object prefix
  covers only part of it. ``ReadWriteType`` All, ReadOnly or WriteOnly says which events.
* ``AdvancedEventSelectors``: ``eventCategory`` = Data and ``resources.type`` =
  ``AWS::S3::Object``; ``readOnly`` = true / false restricts to reads / writes; a
  ``resources.ARN`` condition covers the bucket only as ``StartsWith`` a prefix of
  ``arn:<partition>:s3:::<bucket>/`` with no exclusion naming the bucket; any other field
  (eventName, userIdentity.arn...) records only some events, so it does not count.

CloudTrail docs, "Logging data events" (basic and advanced event selectors). CloudTrail Lake
event data stores are not read.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any

from providers.aws.session import SDK_ERRORS, AwsSession, paginate, translate_error
from scanner.errors import CollectionError
from scanner.model import ObjectAccessLogging
from scanner.provider import Collector, Item

_OBJECT = "AWS::S3::Object"
#: Fields that do not narrow which S3 object events a selector records.
_NEUTRAL_FIELDS = {"eventCategory", "resources.type", "readOnly", "resources.ARN", "eventSource"}
Events = frozenset[str]
BOTH: Events = frozenset({"read", "write"})
_PERMISSIONS = (
    "s3:ListAllMyBuckets",
    "cloudtrail:DescribeTrails",
    "cloudtrail:GetTrailStatus",
    "cloudtrail:GetEventSelectors",
)


def _partition(trail_arn: str) -> str:
    parts = trail_arn.split(":")
    return parts[1] if len(parts) > 1 and parts[1] else "aws"


def _basic_value_covers(value: str, bucket: str, partition: str) -> bool:
    prefix = f"arn:{partition}:s3"
    return value in {prefix, f"{prefix}:::", f"{prefix}:::{bucket}/", f"{prefix}:::{bucket}"}


def _basic(selectors: Iterable[Mapping[str, Any]], bucket: str, partition: str) -> Events:
    out: set[str] = set()
    for selector in selectors:
        covers = any(
            r.get("Type") == _OBJECT
            and any(_basic_value_covers(str(v), bucket, partition) for v in r.get("Values") or ())
            for r in selector.get("DataResources") or ()
        )
        if covers:
            kind = str(selector.get("ReadWriteType", "All"))
            out |= {"All": BOTH, "ReadOnly": {"read"}, "WriteOnly": {"write"}}.get(kind, set())
    return frozenset(out)


def _values(field: Mapping[str, Any], op: str) -> list[str]:
    return [str(v) for v in field.get(op) or ()]


def _read_only(field: Mapping[str, Any]) -> Events:
    allowed = set(BOTH)
    if field.get("Equals"):
        allowed = {"read" if v.lower() == "true" else "write" for v in _values(field, "Equals")}
    for v in _values(field, "NotEquals"):
        allowed.discard("read" if v.lower() == "true" else "write")
    return frozenset(allowed)


def _arn_covers(field: Mapping[str, Any], bucket: str, partition: str) -> bool:
    objects = f"arn:{partition}:s3:::{bucket}/"
    if field.get("Equals") or field.get("EndsWith"):
        return False  # single objects or suffixes: part of the bucket at most
    starts = _values(field, "StartsWith")
    if starts and not any(objects.startswith(v) for v in starts):
        return False
    if field.get("NotEndsWith"):
        return False  # excludes a suffix, which any bucket may hold
    excluded = _values(field, "NotStartsWith") + _values(field, "NotEquals")
    # an exclusion that could match an object of this bucket leaves part of it unrecorded
    return not any(objects.startswith(v) or v.startswith(objects) for v in excluded)


def _advanced_one(selector: Mapping[str, Any], bucket: str, partition: str) -> Events:
    fields = {str(f.get("Field")): f for f in selector.get("FieldSelectors") or ()}
    if set(fields) - _NEUTRAL_FIELDS:
        return frozenset()
    if "Data" not in _values(fields.get("eventCategory", {}), "Equals"):
        return frozenset()
    if _OBJECT not in _values(fields.get("resources.type", {}), "Equals"):
        return frozenset()
    source = fields.get("eventSource")
    if source is not None and _values(source, "Equals") != ["s3.amazonaws.com"]:
        return frozenset()
    if "resources.ARN" in fields and not _arn_covers(fields["resources.ARN"], bucket, partition):
        return frozenset()
    return _read_only(fields["readOnly"]) if "readOnly" in fields else BOTH


def recorded_events(selectors: Mapping[str, Any], bucket: str, *, trail_arn: str) -> Events:
    """Pure: GetEventSelectors -> which object events ('read', 'write') of ``bucket`` it records.

    A trail without custom selectors records management events only.
    """
    partition = _partition(trail_arn)
    out = set(_basic(selectors.get("EventSelectors") or (), bucket, partition))
    for selector in selectors.get("AdvancedEventSelectors") or ():
        out |= _advanced_one(selector, bucket, partition)
    return frozenset(out)


def to_object_access_logging(
    bucket: str,
    trails: Sequence[tuple[str, Mapping[str, Any]]],
    *,
    unread: bool,
    account: str,
    region: str,
    collected_at: datetime,
) -> ObjectAccessLogging:
    """Pure: the logging trails' (ARN, selectors) applying to the bucket's region -> model.

    ``unread``: some applicable trail's status or selectors could not be read, so an event
    kind no read trail records is unknown (None), never False.
    """
    writes: list[str] = []
    reads: list[str] = []
    for arn, selectors in trails:
        events = recorded_events(selectors, bucket, trail_arn=arn)
        if "write" in events:
            writes.append(arn)
        if "read" in events:
            reads.append(arn)
    return ObjectAccessLogging(
        uid=f"arn:aws:s3:::{bucket}", provider="aws", account=account, region=region,
        service="s3", name=bucket, collected_at=collected_at, bucket=bucket,
        writes_logged=True if writes else None if unread else False,
        reads_logged=True if reads else None if unread else False,
        trails=tuple(sorted(set(writes + reads))),
    )  # fmt: skip


def _logging_trails(
    session: AwsSession, region: str
) -> tuple[list[tuple[str, Mapping[str, Any]]], list[CollectionError]]:
    """(ARN, selectors) of every logging trail applying to ``region``, and read errors."""
    client = session.client("cloudtrail", region)
    try:
        trails = client.describe_trails(includeShadowTrails=True).get("trailList") or []
    except SDK_ERRORS as err:
        raise translate_error(
            err, scope=region, resource="ObjectAccessLogging",
            permission="cloudtrail:DescribeTrails",
        ) from err  # fmt: skip

    def read(trail: Mapping[str, Any]) -> tuple[str, Mapping[str, Any] | None] | CollectionError:
        arn = str(trail["TrailARN"])
        home = str(trail.get("HomeRegion") or region)
        permission = "cloudtrail:GetTrailStatus"
        try:
            if not client.get_trail_status(Name=arn).get("IsLogging"):
                return arn, None
            permission = "cloudtrail:GetEventSelectors"
            selectors = session.client("cloudtrail", home).get_event_selectors(TrailName=arn)
        except SDK_ERRORS as err:
            return translate_error(
                err, scope=region, resource="ObjectAccessLogging", permission=permission, uid=arn
            )
        return arn, selectors

    found: list[tuple[str, Mapping[str, Any]]] = []
    errors: list[CollectionError] = []
    for answer in session.map(read, trails):
        if isinstance(answer, CollectionError):
            errors.append(answer)
        elif answer[1] is not None:
            found.append((answer[0], answer[1]))
    return found, errors


def collect_object_access_logging(session: AwsSession, region: str) -> Iterator[Item]:
    """Yield, for every bucket in ``region``, whether its object reads/writes are recorded."""
    try:
        buckets = paginate(
            session.client("s3", region), "list_buckets", "Buckets", BucketRegion=region
        )
    except SDK_ERRORS as err:
        raise translate_error(
            err, scope=region, resource="ObjectAccessLogging", permission="s3:ListAllMyBuckets"
        ) from err
    if not buckets:
        return
    trails, errors = _logging_trails(session, region)
    now = session.now()
    for bucket in buckets:
        name = str(bucket["Name"])
        item = to_object_access_logging(
            name, trails, unread=bool(errors), account=session.account, region=region,
            collected_at=now,
        )  # fmt: skip
        yield item
        if errors and (item.writes_logged is None or item.reads_logged is None):
            first = errors[0]
            yield CollectionError(
                "aws", region, "ObjectAccessLogging", first.cause, hint=first.hint,
                permission=first.permission, uid=item.uid, detail=first.detail,
            )  # fmt: skip


COLLECTORS = (
    Collector(ObjectAccessLogging, collect_object_access_logging, permissions=_PERMISSIONS),
)
