"""AWS Config: whether a configuration recorder is recording in a region."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any

from providers.aws.session import SDK_ERRORS, AwsSession, translate_error
from scanner.model import ConfigRecording
from scanner.provider import Collector, Item

_RECORDERS = "config:DescribeConfigurationRecorders"
_STATUS = "config:DescribeConfigurationRecorderStatus"


def recording_uid(account: str, region: str) -> str:
    """The region-level id of the recording setting."""
    return f"arn:aws:config:{region}:{account}:configuration-recording"


def to_config_recording(
    recorders: Sequence[Mapping[str, Any]],
    statuses: Sequence[Mapping[str, Any]] | None,
    *,
    account: str,
    region: str,
    collected_at: datetime,
) -> ConfigRecording:
    """Pure: DescribeConfigurationRecorders + ...RecorderStatus (None: unread) -> ConfigRecording.

    No recorder means not recording. ``all_resources``: some recorder records every
    supported resource type (``recordingGroup.allSupported``).
    """
    recording: bool | None = False
    if recorders:
        recording = None if statuses is None else any(s.get("recording") for s in statuses)
    return ConfigRecording(
        uid=recording_uid(account, region),
        provider="aws",
        account=account,
        region=region,
        service="config",
        name=f"config-recording-{region}",
        collected_at=collected_at,
        recording=recording,
        all_resources=any((r.get("recordingGroup") or {}).get("allSupported") for r in recorders),
    )


def collect_config_recordings(session: AwsSession, region: str) -> Iterator[Item]:
    """Yield the region's recording state; the status is read only if a recorder exists."""
    client = session.client("config", region)
    try:
        recorders = client.describe_configuration_recorders()["ConfigurationRecorders"]
    except SDK_ERRORS as err:
        raise translate_error(
            err, scope=region, resource="ConfigRecording", permission=_RECORDERS
        ) from err
    uid = recording_uid(session.account, region)
    statuses = None
    error = None
    if recorders:
        try:
            reply = client.describe_configuration_recorder_status()
            statuses = reply["ConfigurationRecordersStatus"]
        except SDK_ERRORS as err:
            error = translate_error(
                err, scope=region, resource="ConfigRecording", permission=_STATUS, uid=uid
            )
    now = session.now()
    yield to_config_recording(
        recorders, statuses, account=session.account, region=region, collected_at=now
    )
    if error is not None:
        yield error


COLLECTORS = (
    Collector(ConfigRecording, collect_config_recordings, permissions=(_RECORDERS, _STATUS)),
)
