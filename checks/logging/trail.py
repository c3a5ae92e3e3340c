"""Checks over API audit trails (CloudTrail trails, audit log sinks, activity log exports)."""

from __future__ import annotations

from checks._common import encryption_at_rest, setting
from checks.logging._controls import AUDIT_TRAIL, LOGS_AT_REST
from scanner.findings import Result, Severity, failed, passed, unknown
from scanner.model import Trail
from scanner.registry import check


@check(
    id="LOG-001",
    title="Trails record every region and are logging",
    severity=Severity.HIGH,
    resource=Trail,
    controls=AUDIT_TRAIL,
)
def trail_multi_region_and_logging(trail: Trail) -> Result:
    """Attackers work in regions nobody watches, and a stopped trail records nothing at
    all; either way API activity goes unrecorded and incidents cannot be reconstructed.

    Remediation: make the trail multi-region (or organisation-wide) and start logging; alert
    on StopLogging and DeleteTrail calls.
    """
    problems = []
    if trail.logging is False:
        problems.append("logging is stopped")
    if not trail.multi_region:
        problems.append(f"records only its home region {trail.home_region}")
    if problems:
        return failed("; ".join(problems))
    if trail.logging is None:
        return unknown("logging status unreadable")
    return passed("multi-region and logging")


@check(
    id="LOG-002",
    title="Trails validate log file integrity",
    severity=Severity.MEDIUM,
    resource=Trail,
    controls=(
        "soc2:CC7.2",
        "iso27001-2022:A.8.15",
        "nist-csf-2.0:PR.PS-04",
        "nist-800-53-r5:AU-9",
        "nist-800-53-r5:SI-7",
        "cis-aws:4.2",
    ),
)
def trail_log_file_validation(trail: Trail) -> Result:
    """Without signed digests nobody can prove audit logs were not edited or deleted after
    delivery, which is exactly what an intruder covering their tracks would do.

    Remediation: enable log file validation on the trail and validate digests when logs are
    used as evidence.
    """
    return setting(
        trail.log_file_validation,
        on="log file validation on",
        off="log file validation off",
        unread="log file validation setting unreadable",
    )


@check(
    id="LOG-003",
    title="Trails encrypt log files with a customer-managed key",
    severity=Severity.MEDIUM,
    resource=Trail,
    controls=(*LOGS_AT_REST, "cis-aws:4.5"),
)
def trail_encrypted_with_customer_key(trail: Trail) -> Result:
    """Audit logs reveal the whole estate; with a customer-managed key, reading them needs
    an explicit key grant on top of storage access, and key use is itself audited.

    Remediation: configure the trail to encrypt log files with a customer-managed KMS key
    whose policy allows only the trail to encrypt and log readers to decrypt.
    """
    if trail.encryption is not None and not trail.encryption.enabled:
        return failed("log files not encrypted with a KMS key")
    return encryption_at_rest(trail.encryption, customer_key=True)


@check(
    id="LOG-004",
    title="Trails deliver events to a log service for monitoring",
    severity=Severity.LOW,
    resource=Trail,
    controls=(
        "soc2:CC7.2",
        "iso27001-2022:A.8.16",
        "nist-csf-2.0:DE.CM-03",
        "nist-800-53-r5:AU-6",
        "nist-800-53-r5:SI-4",
    ),
)
def trail_delivers_to_log_service(trail: Trail) -> Result:
    """Events that only land in a storage bucket are not searched or alerted on; delivery to
    a log service enables metric filters and alarms on sensitive API calls.

    Remediation: integrate the trail with a log group (CloudWatch Logs or equivalent) and add
    alarms for root use, policy changes and console sign-in failures.
    """
    return setting(
        trail.cloudwatch_logs,
        on="delivers to a log service",
        off="not delivered to a log service",
        unread="log service integration unreadable",
    )
