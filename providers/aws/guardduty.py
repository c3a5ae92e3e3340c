"""GuardDuty: whether threat detection is enabled in a region."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any

from providers.aws.session import SDK_ERRORS, AwsSession, paginate, translate_error
from scanner.errors import CollectionError
from scanner.model import ThreatDetection
from scanner.provider import Collector, Item


def detector_arn(account: str, region: str, detector_id: str | None) -> str:
    """The detector's ARN; without a detector, the region's detector namespace."""
    base = f"arn:aws:guardduty:{region}:{account}:detector"
    return f"{base}/{detector_id}" if detector_id else base


def to_threat_detection(
    detectors: Sequence[tuple[str, Mapping[str, Any] | None]],
    *,
    account: str,
    region: str,
    collected_at: datetime,
) -> ThreatDetection:
    """Pure: (detector id, GetDetector or None if unread) pairs -> ThreatDetection.

    Enabled if some detector's Status is ENABLED; no detector means disabled.
    """
    states = [None if d is None else d.get("Status") == "ENABLED" for _, d in detectors]
    enabled: bool | None = True if any(states) else None if None in states else False
    first = detectors[0][0] if detectors else None
    return ThreatDetection(
        uid=detector_arn(account, region, first),
        provider="aws",
        account=account,
        region=region,
        service="guardduty",
        name=first or f"guardduty-{region}",
        collected_at=collected_at,
        enabled=enabled,
    )


def collect_threat_detections(session: AwsSession, region: str) -> Iterator[Item]:
    """Yield the region's GuardDuty state (a region has at most one detector)."""
    client = session.client("guardduty", region)
    try:
        ids = [str(i) for i in paginate(client, "list_detectors", "DetectorIds")]
    except SDK_ERRORS as err:
        raise translate_error(
            err, scope=region, resource="ThreatDetection", permission="guardduty:ListDetectors"
        ) from err
    pairs: list[tuple[str, Mapping[str, Any] | None]] = []
    errors: list[CollectionError] = []
    for detector_id in ids:
        try:
            pairs.append((detector_id, client.get_detector(DetectorId=detector_id)))
        except SDK_ERRORS as err:
            pairs.append((detector_id, None))
            errors.append(
                translate_error(
                    err,
                    scope=region,
                    resource="ThreatDetection",
                    permission="guardduty:GetDetector",
                    uid=detector_arn(session.account, region, detector_id),
                )
            )
    yield to_threat_detection(
        pairs, account=session.account, region=region, collected_at=session.now()
    )
    yield from errors


COLLECTORS = (
    Collector(
        ThreatDetection,
        collect_threat_detections,
        permissions=("guardduty:ListDetectors", "guardduty:GetDetector"),
    ),
)
