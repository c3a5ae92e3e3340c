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

    No recorder means not recording. A recorder records when its status says ``recording``
    and its latest recording event did not fail (``lastStatus`` Failure: nothing is being
    recorded, e.g. the delivery channel or role is broken). Service-linked recorders (with a
    ``servicePrincipal``) record only what their AWS service needs and do not count.
    ``all_resources``: a recorder that records (or, none recording, any recorder) covers every
    supported resource type (``recordingGroup.allSupported``, or the recording strategy
    ``ALL_SUPPORTED_RESOURCE_TYPES``). A stopped all-types recorder beside a recording
    selective one is therefore a selective recording. Sources: the Config API reference,
    ConfigurationRecorder, ConfigurationRecorderStatus and RecordingGroup.
    """
    own = [r for r in recorders if not r.get("servicePrincipal")]
    status = {str(s.get("name")): s for s in statuses or ()}

    def records(recorder: Mapping[str, Any]) -> bool:
        state = status.get(str(recorder.get("name"))) or {}
        return bool(state.get("recording")) and state.get("lastStatus") != "Failure"

    recording: bool | None = False
    if own:
        recording = None if statuses is None else any(records(r) for r in own)
    judged = [r for r in own if statuses is not None and records(r)] or own
    return ConfigRecording(
        uid=recording_uid(account, region),
        provider="aws",
        account=account,
        region=region,
        service="config",
        name=f"config-recording-{region}",
        collected_at=collected_at,
        recording=recording,
        all_resources=any(_records_all_types(r) for r in judged),
    )


def _records_all_types(recorder: Mapping[str, Any]) -> bool:
    group = recorder.get("recordingGroup") or {}
    strategy = (group.get("recordingStrategy") or {}).get("useOnly")
    return bool(group.get("allSupported")) or strategy == "ALL_SUPPORTED_RESOURCE_TYPES"


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
