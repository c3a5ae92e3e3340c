"""Near-miss twins for LOG-009 (AWS Config records every resource type in the region),
through the Config mapper on the documented shapes and the collector on moto.

AWS documentation each case follows (AWS Config API reference):
- ConfigurationRecorderStatus: ``recording`` "whether or not the recorder is currently
  recording"; ``lastStatus`` Pending | Success | Failure, "the status of the latest recording
  event processed by the recorder":
  https://docs.aws.amazon.com/config/latest/APIReference/API_ConfigurationRecorderStatus.html
- RecordingGroup: ``allSupported``, or ``recordingStrategy.useOnly`` one of
  ALL_SUPPORTED_RESOURCE_TYPES | INCLUSION_BY_RESOURCE_TYPES | EXCLUSION_BY_RESOURCE_TYPES:
  https://docs.aws.amazon.com/config/latest/APIReference/API_RecordingGroup.html
- ConfigurationRecorder ``servicePrincipal``: set on service-linked recorders, which record
  for one AWS service only:
  https://docs.aws.amazon.com/config/latest/APIReference/API_ConfigurationRecorder.html
"""

from datetime import UTC, datetime

import pytest

from checks.logging.config_recording import config_recording_enabled
from providers.aws.config import collect_config_recordings, to_config_recording
from scanner.findings import Status

NOW = datetime(2026, 12, 6, tzinfo=UTC)


def _rec(name="default", **group):
    return {"name": name, "recordingGroup": group or {"allSupported": True}}


def _status(name="default", recording=True, last="Success"):
    return {"name": name, "recording": recording, "lastStatus": last}


EXCLUDE = {"allSupported": False, "recordingStrategy": {"useOnly": "EXCLUSION_BY_RESOURCE_TYPES"},
           "exclusionByResourceTypes": {"resourceTypes": ["AWS::EC2::Volume"]}}  # fmt: skip


@pytest.mark.parametrize(
    ("recorders", "statuses", "expected"),
    [
        # closest passing: one recorder, all types, recording, latest event succeeded
        ([_rec()], [_status()], Status.PASS),
        ([_rec()], [_status(last="Pending")], Status.PASS),
        # the recording strategy spelling of "all supported types"
        (
            [_rec(recordingStrategy={"useOnly": "ALL_SUPPORTED_RESOURCE_TYPES"})],
            [_status()],
            Status.PASS,
        ),
        # closest failing: the same recorder stopped, or recording but failing every event
        ([_rec()], [_status(recording=False)], Status.FAIL),
        ([_rec()], [_status(last="Failure")], Status.FAIL),
        # all types except one is not all types (CIS AWS: allSupported)
        ([_rec(**EXCLUDE)], [_status()], Status.FAIL),
        ([_rec(allSupported=False, resourceTypes=["AWS::S3::Bucket"])], [_status()], Status.FAIL),
        # a stopped all-types recorder beside a recording selective one
        (
            [_rec("all"), _rec("some", allSupported=False, resourceTypes=["AWS::S3::Bucket"])],
            [_status("all", recording=False), _status("some")],
            Status.FAIL,
        ),
        # a recording all-types recorder beside a stopped selective one
        (
            [_rec("all"), _rec("some", allSupported=False, resourceTypes=["AWS::S3::Bucket"])],
            [_status("all"), _status("some", recording=False)],
            Status.PASS,
        ),
        # only a service-linked recorder: the account records nothing of its own
        (
            [{**_rec("aws-svc"), "servicePrincipal": "config-conforms.amazonaws.com"}],
            [_status("aws-svc")],
            Status.FAIL,
        ),
        # no recorder at all; a recorder whose status is unreadable
        ([], None, Status.FAIL),
        ([_rec()], None, Status.UNKNOWN),
    ],
)
def test_recording_twins_from_documented_shapes(recorders, statuses, expected):
    model = to_config_recording(
        recorders, statuses, account="111122223333", region="eu-west-1", collected_at=NOW
    )
    assert config_recording_enabled(model).status is expected


def test_recording_twins_through_moto(aws_session):
    client = aws_session.client("config", "us-east-1")
    client.put_configuration_recorder(
        ConfigurationRecorder={
            "name": "default",
            "roleARN": "arn:aws:iam::123456789012:role/config",
            "recordingGroup": {"allSupported": False, "resourceTypes": ["AWS::S3::Bucket"]},
        }
    )
    client.put_delivery_channel(DeliveryChannel={"name": "default", "s3BucketName": "cfg"})
    client.start_configuration_recorder(ConfigurationRecorderName="default")
    (selective,) = collect_config_recordings(aws_session, "us-east-1")
    assert config_recording_enabled(selective).status is Status.FAIL
    # the compliant twin: the same recorder switched to every supported type
    client.put_configuration_recorder(
        ConfigurationRecorder={
            "name": "default",
            "roleARN": "arn:aws:iam::123456789012:role/config",
            "recordingGroup": {"allSupported": True, "includeGlobalResourceTypes": True},
        }
    )
    (everything,) = collect_config_recordings(aws_session, "us-east-1")
    assert config_recording_enabled(everything).status is Status.PASS
    client.stop_configuration_recorder(ConfigurationRecorderName="default")
    (stopped,) = collect_config_recordings(aws_session, "us-east-1")
    assert config_recording_enabled(stopped).status is Status.FAIL
