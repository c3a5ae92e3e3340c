"""Regional detection services count only while they run (moto), judged by the checks.

* GuardDuty GetDetector ``Status`` ENABLED | DISABLED; suspending GuardDuty
  (UpdateDetector Enable=false) keeps the detector but stops monitoring:
  https://docs.aws.amazon.com/guardduty/latest/APIReference/API_GetDetector.html and
  https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_suspend-disable.html
* Macie GetMacieSession ``status`` ENABLED | PAUSED (EnableMacie takes either status):
  https://docs.aws.amazon.com/macie/latest/APIReference/macie.html
* Security Hub DescribeHub answers InvalidAccessException "not subscribed" after
  DisableSecurityHub: https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_DescribeHub.html
"""

from __future__ import annotations

from checks.logging.posture import posture_hub_enabled
from checks.logging.threat_detection import threat_detection_enabled
from checks.storage.data_discovery import data_discovery_enabled
from providers.aws.guardduty import collect_threat_detections
from providers.aws.posture import collect_data_discovery, collect_posture_management
from providers.aws.session import AwsSession
from scanner.findings import Status
from scanner.model import DataDiscovery, PostureManagement, ThreatDetection

REGION = "eu-central-1"


def _detection(session: AwsSession) -> ThreatDetection:
    (model,) = collect_threat_detections(session, REGION)
    assert isinstance(model, ThreatDetection)
    return model


def test_guardduty_enabled_then_suspended(aws_session: AwsSession) -> None:
    client = aws_session.client("guardduty", REGION)
    detector = client.create_detector(Enable=True)["DetectorId"]
    assert threat_detection_enabled(_detection(aws_session)).status is Status.PASS
    client.update_detector(DetectorId=detector, Enable=False)  # suspended: detector kept
    model = _detection(aws_session)
    assert model.enabled is False
    assert threat_detection_enabled(model).status is Status.FAIL


def test_guardduty_in_another_region_does_not_cover_this_one(aws_session: AwsSession) -> None:
    aws_session.client("guardduty", "us-east-1").create_detector(Enable=True)
    assert threat_detection_enabled(_detection(aws_session)).status is Status.FAIL


def test_macie_enabled_vs_paused(aws_session: AwsSession) -> None:
    """EnableMacie takes status ENABLED or PAUSED (moto has no UpdateMacieSession)."""
    aws_session.client("macie2", REGION).enable_macie(status="ENABLED")
    (on,) = collect_data_discovery(aws_session, REGION)
    assert isinstance(on, DataDiscovery)
    assert data_discovery_enabled(on).status is Status.PASS
    aws_session.client("macie2", "us-west-2").enable_macie(status="PAUSED")
    (paused,) = collect_data_discovery(aws_session, "us-west-2")
    assert isinstance(paused, DataDiscovery)
    assert data_discovery_enabled(paused).status is Status.FAIL


def test_security_hub_enabled_then_disabled(aws_session: AwsSession) -> None:
    hub = aws_session.client("securityhub", REGION)
    hub.enable_security_hub()
    (on,) = collect_posture_management(aws_session, REGION)
    assert isinstance(on, PostureManagement)
    assert posture_hub_enabled(on).status is Status.PASS
    hub.disable_security_hub()
    (off,) = collect_posture_management(aws_session, REGION)
    assert isinstance(off, PostureManagement)
    assert posture_hub_enabled(off).status is Status.FAIL
