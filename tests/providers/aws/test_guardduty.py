"""GuardDuty threat detection: mapper on API JSON and collector on moto."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from providers.aws.guardduty import collect_threat_detections, to_threat_detection
from providers.aws.session import AwsSession
from scanner.errors import CollectionError
from scanner.model import ThreatDetection
from tests.providers.aws.scripted import script

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
ACCOUNT = "123456789012"


@pytest.mark.parametrize(
    ("detectors", "enabled"),
    [
        ([], False),
        ([("d1", {"Status": "ENABLED"})], True),
        ([("d1", {"Status": "DISABLED"})], False),
        ([("d1", None)], None),
        ([("d1", None), ("d2", {"Status": "ENABLED"})], True),
    ],
)
def test_to_threat_detection(
    detectors: list[tuple[str, dict[str, str] | None]], enabled: bool | None
) -> None:
    model = to_threat_detection(detectors, account=ACCOUNT, region="us-east-1", collected_at=NOW)
    assert model.enabled is enabled
    suffix = f"/{detectors[0][0]}" if detectors else ""
    assert model.uid == f"arn:aws:guardduty:us-east-1:{ACCOUNT}:detector{suffix}"


def test_no_detector_from_moto(aws_session: AwsSession) -> None:
    (model,) = collect_threat_detections(aws_session, "us-east-1")
    assert isinstance(model, ThreatDetection)
    assert model.enabled is False


@pytest.mark.parametrize("enable", [True, False])
def test_detector_from_moto(aws_session: AwsSession, enable: bool) -> None:
    detector = aws_session.client("guardduty", "eu-west-1").create_detector(Enable=enable)
    (model,) = collect_threat_detections(aws_session, "eu-west-1")
    assert isinstance(model, ThreatDetection)
    assert model.enabled is enable
    assert model.uid == f"arn:aws:guardduty:eu-west-1:{ACCOUNT}:detector/{detector['DetectorId']}"


def test_unreadable_detector_is_unknown(aws_session: AwsSession) -> None:
    api = aws_session.client("guardduty", "us-east-1")
    script(api, "ListDetectors", {"DetectorIds": ["d1"]})
    script(api, "GetDetector", "AccessDeniedException")
    model, error = collect_threat_detections(aws_session, "us-east-1")
    assert isinstance(model, ThreatDetection)
    assert model.enabled is None
    assert isinstance(error, CollectionError)
    assert error.permission == "guardduty:GetDetector"


def test_listing_failure_is_scope_wide(aws_session: AwsSession) -> None:
    api = aws_session.client("guardduty", "us-east-1")
    script(api, "ListDetectors", "AccessDeniedException")
    with pytest.raises(CollectionError, match="ListDetectors"):
        list(collect_threat_detections(aws_session, "us-east-1"))
