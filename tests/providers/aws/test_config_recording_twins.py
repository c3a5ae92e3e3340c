"""Configuration recording counts only a recorder that records everything, now (moto).

AWS Config API reference: ConfigurationRecorder.recordingGroup (allSupported,
exclusionByResourceTypes, recordingStrategy.useOnly) and ConfigurationRecorderStatus
(recording, lastStatus Pending | Success | Failure), matched by recorder name;
https://docs.aws.amazon.com/config/latest/APIReference/API_ConfigurationRecorderStatus.html
and .../API_RecordingGroup.html. CIS AWS Foundations "AWS Config is enabled in all regions"
(recording true, lastStatus SUCCESS, allSupported true). Service-linked recorders
(https://docs.aws.amazon.com/config/latest/developerguide/stop-start-recorder.html) record
only the types their service needs.
"""

from __future__ import annotations

from typing import Any

import pytest

from checks.logging.config_recording import config_recording_enabled
from providers.aws.config import collect_config_recordings, to_config_recording
from providers.aws.session import AwsSession
from scanner.findings import Status
from scanner.model import ConfigRecording
from tests.checks.factories import NOW

ACCOUNT = "123456789012"
REGION = "eu-west-1"
EVERYTHING = {"allSupported": True, "includeGlobalResourceTypes": False}
EXCLUDING = {
    "allSupported": False,
    "exclusionByResourceTypes": {"resourceTypes": ["AWS::EC2::NetworkInterface"]},
    "recordingStrategy": {"useOnly": "EXCLUSION_BY_RESOURCE_TYPES"},
}
SOME = {
    "allSupported": False,
    "resourceTypes": ["AWS::IAM::Role"],
    "recordingStrategy": {"useOnly": "INCLUSION_BY_RESOURCE_TYPES"},
}


def _recorder(session: AwsSession, group: dict[str, Any], *, start: bool) -> None:
    client = session.client("config", REGION)
    client.put_configuration_recorder(
        ConfigurationRecorder={
            "name": "default",
            "roleARN": f"arn:aws:iam::{ACCOUNT}:role/config-recorder",
            "recordingGroup": group,
        }
    )
    if start:
        client.put_delivery_channel(DeliveryChannel={"name": "default", "s3BucketName": "cfg-7"})
        client.start_configuration_recorder(ConfigurationRecorderName="default")


@pytest.mark.parametrize(
    ("group", "start", "expected"),
    [
        (EVERYTHING, True, Status.PASS),  # compliant twin
        (EVERYTHING, False, Status.FAIL),  # recorder exists, all types, not recording
        (EXCLUDING, True, Status.FAIL),  # recording, one type excluded
        (SOME, True, Status.FAIL),  # recording a chosen list
    ],
)
def test_recorder_twins(aws_session: AwsSession, group, start, expected) -> None:
    _recorder(aws_session, group, start=start)
    (model,) = collect_config_recordings(aws_session, REGION)
    assert isinstance(model, ConfigRecording)
    assert config_recording_enabled(model).status is expected


def test_stopping_the_recorder_removes_the_coverage(aws_session: AwsSession) -> None:
    _recorder(aws_session, EVERYTHING, start=True)
    aws_session.client("config", REGION).stop_configuration_recorder(
        ConfigurationRecorderName="default"
    )
    (model,) = collect_config_recordings(aws_session, REGION)
    assert isinstance(model, ConfigRecording)
    assert (model.recording, model.all_resources) == (False, False)
    assert config_recording_enabled(model).reason == "no configuration recorder is recording"


def _model(recorders: list[dict[str, Any]], statuses: list[dict[str, Any]]) -> ConfigRecording:
    return to_config_recording(
        recorders, statuses, account=ACCOUNT, region=REGION, collected_at=NOW
    )


def test_a_stopped_all_types_recorder_beside_a_recording_service_linked_one() -> None:
    """Statuses are matched by name: the customer recorder that would record everything is
    stopped; the service-linked one records only what Security Hub needs and does not count
    (Config API: ConfigurationRecorder.servicePrincipal)."""
    recorders = [
        {"name": "default", "recordingGroup": EVERYTHING},
        {"name": "AWSConfigurationRecorderForSecurityHub", "recordingGroup": SOME,
         "recordingScope": "INTERNAL", "servicePrincipal": "securityhub.amazonaws.com"},
    ]  # fmt: skip
    statuses = [
        {"name": "default", "recording": False, "lastStatus": "SUCCESS"},
        {"name": "AWSConfigurationRecorderForSecurityHub", "recording": True,
         "lastStatus": "SUCCESS"},
    ]  # fmt: skip
    model = _model(recorders, statuses)
    assert (model.recording, model.all_resources) == (False, False)
    assert config_recording_enabled(model).status is Status.FAIL


def test_a_recorder_whose_last_recording_failed_does_not_count() -> None:
    recorders = [{"name": "default", "recordingGroup": EVERYTHING}]
    failing = [{"name": "default", "recording": True, "lastStatus": "FAILURE",
                "lastErrorCode": "AccessDenied"}]  # fmt: skip
    model = _model(recorders, failing)
    assert model.recording is False
    result = config_recording_enabled(model)
    assert result.status is Status.FAIL
    assert "default: AccessDenied" in result.reason
    pending = [{"name": "default", "recording": True, "lastStatus": "PENDING"}]
    assert config_recording_enabled(_model(recorders, pending)).status is Status.PASS
