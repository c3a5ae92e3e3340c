"""Checks over configuration history recording (AWS Config)."""

from __future__ import annotations

from scanner.findings import Result, Severity, failed, passed, unknown
from scanner.model import ConfigRecording
from scanner.registry import check


@check(
    id="LOG-009",
    title="Configuration recording is on in every region",
    severity=Severity.MEDIUM,
    resource=ConfigRecording,
    controls=(
        "soc2:CC7.1",
        "soc2:CC8.1",
        "iso27001-2022:A.8.9",
        "nist-csf-2.0:PR.PS-01",
        "nist-800-53-r5:CM-8",
        "cis-aws:4.3",
    ),
    providers=("aws",),
)
def config_recording_enabled(recording: ConfigRecording) -> Result:
    """Without a configuration history nobody can tell what changed, when, and what a
    resource looked like before an incident; drift and tampering go unnoticed. Only a
    recorder that is recording now, without failing, and records every supported resource
    type counts.

    Remediation: create a configuration recorder that records all supported resource types
    (including global ones in one region), with a delivery channel, and start it.
    """
    if recording.recording is None:
        return unknown("recorder status unreadable")
    if not recording.recording:
        failing = f" ({'; '.join(recording.failing)} failing)" if recording.failing else ""
        return failed(f"no configuration recorder is recording{failing}")
    if recording.all_resources is None:
        return unknown("recorded resource types unreadable")
    if not recording.all_resources:
        return failed("no recorder that is recording records every supported resource type")
    return passed("a configuration recorder records every supported resource type")
