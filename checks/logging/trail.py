"""Checks over API audit trails (CloudTrail trails, audit log sinks, activity log exports)."""

from __future__ import annotations

from checks._common import encryption_at_rest, setting
from checks.logging._controls import AUDIT_TRAIL, LOG_GROUP_RETENTION, LOGS_AT_REST
from scanner.findings import Result, Severity, failed, not_applicable, passed, unknown
from scanner.model import LogDestination, Trail
from scanner.registry import check


@check(
    id="LOG-001",
    title="Trails record every region and are logging",
    severity=Severity.HIGH,
    resource=Trail,
    controls=AUDIT_TRAIL,
    providers=("aws",),
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
    providers=("aws",),
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
    providers=("aws",),
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
    providers=("aws",),
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


@check(
    id="LOG-301",
    title="Trails record management events",
    severity=Severity.MEDIUM,
    resource=Trail,
    controls=AUDIT_TRAIL,
    providers=("aws",),
)
def trail_records_management_events(trail: Trail) -> Result:
    """Management events are the control-plane record: who created users, changed policies,
    opened security groups or stopped logging. A trail that records only data events, or
    only read (or only write) management events, misses what an investigation and an
    auditor ask for first.

    Remediation: add management events (read and write) to the trail's event selectors.
    """
    kinds = trail.management_event_kinds
    partial = f"records only {kinds[0]} management events" if kinds and len(kinds) == 1 else ""
    return setting(
        trail.management_events,
        on="records read and write management events",
        off=partial or "management events not recorded",
        unread="event selectors unreadable",
    )


def _judge_destination(dest: LogDestination) -> Result:
    """Dedicated account passes; this account's bucket must be closed to the public."""
    where = f"bucket {dest.bucket}"
    if dest.owner == "missing":
        return failed(f"{where} does not exist; log files are not stored")
    if dest.owner == "other-account":
        return passed(f"{where} belongs to another (dedicated log archive) account")
    if dest.policy_allows_public or dest.public_access_blocked is False:
        problems = ["policy lets anyone in"] if dest.policy_allows_public else []
        problems += ["public access block off"] if dest.public_access_blocked is False else []
        return failed(f"{where} in this account: {', '.join(problems)}")
    if dest.public_access_blocked is None or dest.policy_allows_public is None:
        return unknown(f"{where}: public access settings unreadable")
    return passed(f"{where} in this account, public access blocked, no public policy")


@check(
    id="LOG-302",
    title="Trail logs go to a dedicated account or a bucket closed to the public",
    severity=Severity.HIGH,
    resource=Trail,
    controls=(
        "soc2:CC7.2",
        "iso27001-2022:A.8.15",
        "nist-csf-2.0:PR.PS-04",
        "nist-csf-2.0:DE.AE-03",
        "nist-800-53-r5:AU-9",
        "nist-800-53-r5:AU-9(2)",
    ),
    providers=("aws",),
)
def trail_logs_stored_centrally_and_closed(trail: Trail) -> Result:
    """Audit logs kept next to the workloads they describe can be read or deleted by whoever
    compromises those workloads; a public log bucket hands the estate's map to anyone.
    Central storage in a dedicated log archive account also brings every account's events
    together for correlation.

    Remediation: deliver the trail (ideally an organisation trail) to a bucket in a
    dedicated log archive account; otherwise turn on every public access block setting on
    the bucket and remove policy statements that allow any principal.
    """
    if trail.destination is None:
        return unknown("log destination unreadable")
    return _judge_destination(trail.destination)


@check(
    id="LOG-303",
    title="Trail log groups keep events for at least 365 days",
    severity=Severity.MEDIUM,
    resource=Trail,
    controls=(
        "soc2:CC7.2",
        "iso27001-2022:A.8.15",
        "nist-csf-2.0:PR.PS-04",
        "nist-800-53-r5:AU-11",
    ),
    providers=("aws",),
    thresholds=(LOG_GROUP_RETENTION,),
)
def trail_log_group_retention_one_year(trail: Trail, *, min_retention_days: int) -> Result:
    """The log group a trail feeds is where events are searched and alerted on; if it
    expires them early, the question "who did this last spring?" has no answer there.

    Remediation: set the retention of the trail's log group to 365 days or more.
    """
    if trail.cloudwatch_logs is False:
        return not_applicable("not delivered to a log service")
    days = trail.log_group_retention_days
    if trail.cloudwatch_logs is None or days is None:
        return unknown("log group retention unreadable")
    if days == 0:
        return passed("log group keeps events forever")
    if days < min_retention_days:
        return failed(f"log group expires events after {days} days; needs {min_retention_days}")
    return passed(f"log group keeps events {days} days")
