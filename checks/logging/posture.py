"""Checks over posture hubs (Security Hub) and object-level data-event logging."""

from __future__ import annotations

from checks._common import setting
from checks.logging._controls import AUDIT_TRAIL
from scanner.findings import Result, Severity, failed, passed, unknown
from scanner.model import ObjectAccessLogging, PostureManagement
from scanner.registry import check

_OBJECT_LOGGING = (*AUDIT_TRAIL[:-1], "nist-800-53-r5:AU-3")


@check(
    id="LOG-501",
    title="Security Hub is enabled in every region",
    severity=Severity.MEDIUM,
    resource=PostureManagement,
    controls=(
        "soc2:CC7.1",
        "soc2:CC7.2",
        "iso27001-2022:A.8.16",
        "nist-csf-2.0:DE.CM-09",
        "nist-csf-2.0:ID.RA-01",
        "nist-800-53-r5:CA-7",
        "nist-800-53-r5:SI-4",
        "cis-aws:5.16",
    ),
    providers=("aws",),
)
def posture_hub_enabled(hub: PostureManagement) -> Result:
    """Security Hub gathers findings from GuardDuty, Inspector, Macie and Config and runs
    continuous control checks; a region without it has no single place where security
    problems surface, so they go unnoticed.

    Remediation: enable Security Hub in every region (``aws securityhub
    enable-security-hub``), ideally from a delegated administrator with central
    configuration, and enable the standards you report against.
    """
    return setting(
        hub.enabled,
        on="Security Hub enabled",
        off="Security Hub not enabled in this region",
        unread="Security Hub status unreadable",
    )


def _object_events(logged: bool | None, trails: tuple[str, ...], what: str) -> Result:
    if logged is None:
        return unknown(f"trails or event selectors unreadable; object {what} unknown")
    if logged:
        return passed(f"object {what} recorded by {', '.join(trails)}")
    return failed(f"no logging trail records object-level {what} of this bucket")


@check(
    id="LOG-502",
    title="Object-level write events of S3 buckets are logged",
    severity=Severity.MEDIUM,
    resource=ObjectAccessLogging,
    controls=(*_OBJECT_LOGGING, "cis-aws:4.8"),
    providers=("aws",),
)
def bucket_object_writes_logged(logging: ObjectAccessLogging) -> Result:
    """Without data events, CloudTrail records who changed a bucket's settings but not who
    wrote, overwrote or deleted its objects, so tampering and destruction cannot be traced.

    Remediation: add a data event selector for ``AWS::S3::Object`` (all buckets, or this
    bucket) with write events (ReadWriteType All or WriteOnly) to a logging trail covering
    the bucket's region.
    """
    return _object_events(logging.writes_logged, logging.trails, "writes")


@check(
    id="LOG-503",
    title="Object-level read events of S3 buckets are logged",
    severity=Severity.MEDIUM,
    resource=ObjectAccessLogging,
    controls=(*_OBJECT_LOGGING, "cis-aws:4.9"),
    providers=("aws",),
)
def bucket_object_reads_logged(logging: ObjectAccessLogging) -> Result:
    """Without read data events nobody can tell which objects were downloaded, so the scope
    of a data leak through stolen credentials or a public grant cannot be established.

    Remediation: add a data event selector for ``AWS::S3::Object`` (all buckets, or this
    bucket) with read events (ReadWriteType All or ReadOnly) to a logging trail covering
    the bucket's region.
    """
    return _object_events(logging.reads_logged, logging.trails, "reads")
