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


def _records_everything(recorder: Mapping[str, Any]) -> bool:
    """Whether a recorder's recording group covers every supported resource type.

    ``recordingStrategy.useOnly`` ALL_SUPPORTED_RESOURCE_TYPES, or ``allSupported`` true with
    no strategy (older recorders); an exclusion list or an explicit list records only some.
    """
    group = recorder.get("recordingGroup") or {}
    strategy = str((group.get("recordingStrategy") or {}).get("useOnly") or "")
    if strategy == "ALL_SUPPORTED_RESOURCE_TYPES":
        return True
    return bool(group.get("allSupported")) and not strategy


def to_config_recording(
    recorders: Sequence[Mapping[str, Any]],
    statuses: Sequence[Mapping[str, Any]] | None,
    *,
    account: str,
    region: str,
    collected_at: datetime,
) -> ConfigRecording:
    """Pure: DescribeConfigurationRecorders + ...RecorderStatus (None: unread) -> ConfigRecording.

    Statuses are matched to recorders by name, so a region counts as recording everything
    only when the SAME recorder records every supported resource type AND is recording now
    (status ``recording`` true, ``lastStatus`` not FAILURE): a stopped all-types recorder
    beside a service-linked recorder of a few types records only those few. No recorder
    means not recording. AWS Config API: ConfigurationRecorder.recordingGroup and
    ConfigurationRecorderStatus (recording, lastStatus Pending|Success|Failure).
    Service-linked recorders (with a ``servicePrincipal``) record only what their AWS
    service needs and do not count.
    """
    own = [r for r in recorders if not r.get("servicePrincipal")]
    recording: bool | None = False
    everything: bool | None = False
    failing: tuple[str, ...] = ()
    if own and statuses is None:
        recording = everything = None
    elif own and statuses is not None:
        by_name = {str(s.get("name")): s for s in statuses}
        live = []
        for r in own:
            status = by_name.get(str(r.get("name"))) or {}
            if not status.get("recording"):
                continue
            if str(status.get("lastStatus", "")).upper() == "FAILURE":
                failing += (f"{r.get('name')}: {status.get('lastErrorCode') or 'failing'}",)
                continue
            live.append(r)
        recording = bool(live)
        everything = any(_records_everything(r) for r in live)
    return ConfigRecording(
        uid=recording_uid(account, region),
        provider="aws",
        account=account,
        region=region,
        service="config",
        name=f"config-recording-{region}",
        collected_at=collected_at,
        recording=recording,
        all_resources=everything,
        failing=failing,
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
