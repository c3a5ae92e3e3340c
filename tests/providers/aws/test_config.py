"""AWS Config recording: mapper on API JSON and collector on moto."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from providers.aws.config import collect_config_recordings, to_config_recording
from providers.aws.session import AwsSession
from scanner.errors import CollectionError
from scanner.model import ConfigRecording
from tests.providers.aws.scripted import script

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
ACCOUNT = "123456789012"
ALL = {"name": "default", "recordingGroup": {"allSupported": True}}
SOME = {"name": "default", "recordingGroup": {"allSupported": False, "resourceTypes": ["x"]}}


@pytest.mark.parametrize(
    ("recorders", "statuses", "recording", "all_resources"),
    [
        ([], None, False, False),
        ([ALL], [{"name": "default", "recording": True}], True, True),
        # all_resources: a recorder that is RECORDING records every type (a stopped one does not)
        ([ALL], [{"name": "default", "recording": False}], False, False),
        ([SOME], [{"name": "default", "recording": True}], True, False),
        ([ALL], None, None, None),
    ],
)
def test_to_config_recording(
    recorders: list[dict[str, object]],
    statuses: list[dict[str, object]] | None,
    recording: bool | None,
    all_resources: bool | None,
) -> None:
    model = to_config_recording(
        recorders, statuses, account=ACCOUNT, region="eu-west-1", collected_at=NOW
    )
    assert model.uid == f"arn:aws:config:eu-west-1:{ACCOUNT}:configuration-recording"
    assert (model.recording, model.all_resources) == (recording, all_resources)


def _recorder(session: AwsSession, region: str) -> None:
    session.client("config", region).put_configuration_recorder(
        ConfigurationRecorder={
            "name": "default",
            "roleARN": f"arn:aws:iam::{ACCOUNT}:role/config",
            "recordingGroup": {"allSupported": True, "includeGlobalResourceTypes": True},
        }
    )


def test_no_recorder_from_moto(aws_session: AwsSession) -> None:
    (model,) = collect_config_recordings(aws_session, "us-east-1")
    assert isinstance(model, ConfigRecording)
    assert (model.recording, model.all_resources) == (False, False)


def test_stopped_and_started_recorder_from_moto(aws_session: AwsSession) -> None:
    _recorder(aws_session, "us-east-1")
    (stopped,) = collect_config_recordings(aws_session, "us-east-1")
    assert isinstance(stopped, ConfigRecording)
    assert (stopped.recording, stopped.all_resources) == (False, False)
    client = aws_session.client("config", "us-east-1")
    client.put_delivery_channel(DeliveryChannel={"name": "default", "s3BucketName": "cfg-bkt"})
    client.start_configuration_recorder(ConfigurationRecorderName="default")
    (started,) = collect_config_recordings(aws_session, "us-east-1")
    assert isinstance(started, ConfigRecording)
    assert started.recording is True


def test_unreadable_status_is_unknown(aws_session: AwsSession) -> None:
    api = aws_session.client("config", "us-east-1")
    script(api, "DescribeConfigurationRecorders", {"ConfigurationRecorders": [ALL]})
    script(api, "DescribeConfigurationRecorderStatus", "AccessDeniedException")
    model, error = collect_config_recordings(aws_session, "us-east-1")
    assert isinstance(model, ConfigRecording)
    assert model.recording is None
    assert isinstance(error, CollectionError)
    assert error.uid == model.uid


def test_listing_failure_is_scope_wide(aws_session: AwsSession) -> None:
    api = aws_session.client("config", "us-east-1")
    script(api, "DescribeConfigurationRecorders", "AccessDeniedException")
    with pytest.raises(CollectionError, match="DescribeConfigurationRecorders"):
        list(collect_config_recordings(aws_session, "us-east-1"))
