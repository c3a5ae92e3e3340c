"""Push agent results to AWS: Security Hub (ASFF) and S3 (OCSF, a Security Lake-like layout).

A pusher is a cycle hook of ``complyscan agent`` (``--push securityhub`` or ``--push
s3://bucket/prefix``): called after every cycle with its outcome. The mapping is pure
(``to_asff``, ``s3_objects``); the pushers only make the API calls, on a session opened per
push (the scan's own session is closed when the scan ends).

Security Hub: every failing finding is imported (created, or updated in place: the ASFF
``Id`` is ``complyscan/<stable finding id>``), and every failure the diff reports fixed is
imported again as ``Compliance.Status: PASSED``, ``Workflow.Status: RESOLVED`` and
``RecordState: ARCHIVED``. Accepted risks are imported with ``Workflow.Status: SUPPRESSED``.
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import botocore.exceptions
import structlog

from providers.aws.session import AwsSession, error_code
from scanner.agent import CycleOutcome
from scanner.errors import ConfigError, OutputError
from scanner.findings import Finding, Severity, Status
from scanner.outputs.ocsf import to_ocsf_events
from scanner.result import CheckInfo, ScanResult

log = structlog.get_logger(__name__)

ASFF_TYPE = "Software and Configuration Checks/Industry and Regulatory Standards"
_LABEL = {
    Severity.CRITICAL: "CRITICAL",
    Severity.HIGH: "HIGH",
    Severity.MEDIUM: "MEDIUM",
    Severity.LOW: "LOW",
    Severity.INFO: "INFORMATIONAL",
}
_BATCH = 100  # BatchImportFindings accepts at most 100 findings per call


def asff_id(f: Finding) -> str:
    """The ASFF ``Id`` of a finding: stable across scans, so imports update in place."""
    return f"complyscan/{f.id}"


def _iso(value: datetime) -> str:
    return value.isoformat().replace("+00:00", "Z")


def partition_of(arn: str) -> str:
    """The partition of an ARN (``aws``, ``aws-us-gov``, ``aws-cn``); ``aws`` if not an ARN."""
    parts = arn.split(":", 2)
    return parts[1] if len(parts) == 3 and parts[0] == "arn" and parts[1] else "aws"


def to_asff(
    f: Finding,
    info: CheckInfo | None,
    *,
    product_arn: str,
    region: str,
    resolved: bool = False,
    partition: str = "aws",
) -> dict[str, Any]:
    """One finding in the AWS Security Finding Format (2018-10-08).

    ``resolved``: a failure that is now fixed (PASSED, RESOLVED, ARCHIVED).
    """
    failing = f.status is Status.FAIL and not resolved
    workflow = "RESOLVED" if resolved else "SUPPRESSED" if f.suppressed else "NEW"
    description = f.reason if not info else f"{f.reason}. {info.rationale}".strip()
    finding: dict[str, Any] = {
        "SchemaVersion": "2018-10-08",
        "Id": asff_id(f),
        "ProductArn": product_arn,
        "ProductName": "complyscan",
        "CompanyName": "complyscan",
        "GeneratorId": f"complyscan/{f.check_id}",
        "AwsAccountId": f.account,
        "Types": [ASFF_TYPE],
        "CreatedAt": _iso(f.evaluated_at),
        "UpdatedAt": _iso(f.evaluated_at),
        "Severity": {"Label": _LABEL[f.severity]},
        # what a provider may change after creation: Security Hub ignores top-level
        # Severity/Types on updates, which belong to the customer's triage
        "FindingProviderFields": {"Severity": {"Label": _LABEL[f.severity]}, "Types": [ASFF_TYPE]},
        "Title": f"{f.check_id} {f.title}"[:256],
        "Description": description[:1024] or f.title,
        "Resources": [
            {
                "Type": "Other",
                "Id": f.resource_uid[:512],
                "Partition": partition,
                "Region": f.region if f.region and f.region != "global" else region,
            }
        ],
        "Compliance": {
            "Status": "FAILED" if failing else "PASSED",
            "RelatedRequirements": list(f.controls[:32]),
        },
        "Workflow": {"Status": workflow},
        "RecordState": "ACTIVE" if failing else "ARCHIVED",
        "ProductFields": {"complyscan/FindingId": f.id, "complyscan/CheckId": f.check_id},
    }
    if info and info.remediation:
        finding["Remediation"] = {"Recommendation": {"Text": info.remediation[:512]}}
    return finding


def securityhub_batch(
    outcome: CycleOutcome, *, product_arn: str, region: str, partition: str = "aws"
) -> list[dict[str, Any]]:
    """What one cycle imports: every failing finding, and the failures it fixed (resolved)."""
    if outcome.failed:
        return []
    result = outcome.result
    infos = {c.id: c for c in result.checks}
    by_id = {f.id: f for f in result.findings}
    out = [
        to_asff(
            f, infos.get(f.check_id), product_arn=product_arn, region=region, partition=partition
        )
        for f in result.findings
        if f.status is Status.FAIL
    ]
    fixed = outcome.diff.fixed if outcome.diff is not None else ()
    out += [
        to_asff(by_id[c.id], infos.get(c.check_id), product_arn=product_arn, region=region,
                resolved=True, partition=partition)
        for c in fixed
        if c.id in by_id
    ]  # fmt: skip
    return out


@dataclass
class SecurityHubPusher:
    """Imports each cycle's findings into Security Hub (``--push securityhub``)."""

    connect: Callable[[], AwsSession]
    region: str | None = None

    def __call__(self, outcome: CycleOutcome) -> None:
        """Import the cycle's failing and resolved findings; OutputError if Security Hub refuses."""
        if outcome.failed:
            return
        session = self.connect()
        try:
            region = self.region or session.default_region
            # GovCloud and China have their own partitions: take it from the caller's ARN
            partition = partition_of(session.identity)
            product_arn = (
                f"arn:{partition}:securityhub:{region}:{session.account}:"
                f"product/{session.account}/default"
            )
            findings = securityhub_batch(
                outcome, product_arn=product_arn, region=region, partition=partition
            )
            client = session.client("securityhub", region)
            imported = 0
            for start in range(0, len(findings), _BATCH):
                chunk = findings[start : start + _BATCH]
                try:
                    answer = client.batch_import_findings(Findings=chunk)
                except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as err:
                    cause = (
                        error_code(err) if isinstance(err, botocore.exceptions.ClientError) else ""
                    )
                    raise OutputError(
                        f"Security Hub {region}: BatchImportFindings failed "
                        f"({cause or type(err).__name__}); the identity needs "
                        "securityhub:BatchImportFindings and Security Hub enabled in the region"
                    ) from err
                if answer.get("FailedCount"):
                    first = answer.get("FailedFindings", [{}])[0]
                    raise OutputError(
                        f"Security Hub {region}: {answer['FailedCount']} finding(s) rejected, "
                        f"e.g. {first.get('Id')}: {first.get('ErrorMessage')}"
                    )
                imported += int(answer.get("SuccessCount", len(chunk)))
            log.info("push.securityhub.done", region=region, imported=imported)
        finally:
            session.close()


def parse_s3_uri(uri: str) -> tuple[str, str]:
    """``s3://bucket/prefix`` -> (bucket, prefix without slashes at the ends)."""
    if not uri.startswith("s3://") or not uri[5:].split("/", 1)[0]:
        raise ConfigError(f"--push {uri!r}: use securityhub or s3://BUCKET/PREFIX")
    bucket, _, prefix = uri[5:].partition("/")
    return bucket, prefix.strip("/")


def _parquet(events: list[dict[str, Any]]) -> bytes:
    """``events`` as one Parquet file (zstd), columns inferred over every event.

    ``pyarrow.array`` unions the keys of all the dicts, so an attribute only some events
    carry (``exclude_none``) is a nullable column, not dropped as inferring from the first
    row would.
    """
    pa, pq = _arrow()
    table = pa.Table.from_struct_array(pa.array(events))
    sink = io.BytesIO()
    pq.write_table(table, sink, compression="zstd")
    return sink.getvalue()


def _arrow() -> tuple[Any, Any]:
    """(pyarrow, pyarrow.parquet), or ConfigError naming the extra that provides them."""
    try:
        import pyarrow as pa  # noqa: PLC0415 - optional extra, only for --push s3://
        import pyarrow.parquet as pq  # noqa: PLC0415
    except ImportError as err:
        raise ConfigError(
            "--push s3://...: Security Lake takes Parquet, which needs pyarrow: "
            "pip install 'complyscan[securitylake]' (the container image has it)"
        ) from err
    return pa, pq


def s3_objects(
    result: ScanResult, prefix: str, source: str = "complyscan"
) -> Iterator[tuple[str, bytes]]:
    """(key, body) per account and region: OCSF Compliance Findings as Parquet.

    Keys follow Security Lake's custom-source layout,
    ``<prefix>/ext/<source>/region=<region>/accountId=<account>/eventDay=<YYYYMMDD>/
    <scan>.parquet``; Security Lake reads custom sources only as Parquet.
    """
    groups: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for f in result.findings:
        groups[(f.account, f.region or "global")].append(f)
    day = result.meta.started_at.strftime("%Y%m%d")
    stamp = result.meta.started_at.strftime("%Y%m%dT%H%M%SZ")
    base = f"{prefix}/" if prefix else ""
    for (account, region), findings in sorted(groups.items()):
        part = result.model_copy(update={"findings": tuple(findings), "resources": ()})
        events = to_ocsf_events(part)
        if not events:
            continue
        key = (
            f"{base}ext/{source}/region={region}/accountId={account}/eventDay={day}/"
            f"{stamp}-{result.meta.provider}.parquet"
        )
        yield key, _parquet(events)


@dataclass
class S3Pusher:
    """Writes each cycle's OCSF findings to S3 (``--push s3://bucket/prefix``)."""

    connect: Callable[[], AwsSession]
    bucket: str
    prefix: str

    def __call__(self, outcome: CycleOutcome) -> None:
        """Put one object per account and region; OutputError if S3 refuses."""
        if outcome.failed:
            return
        session = self.connect()
        try:
            client = session.client("s3", session.default_region)
            written = 0
            for key, body in s3_objects(outcome.result, self.prefix):
                try:
                    client.put_object(
                        Bucket=self.bucket,
                        Key=key,
                        Body=body,
                        ContentType="application/vnd.apache.parquet",
                    )
                except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as err:
                    cause = (
                        error_code(err) if isinstance(err, botocore.exceptions.ClientError) else ""
                    )
                    reason = cause or type(err).__name__
                    raise OutputError(
                        f"s3://{self.bucket}/{key}: PutObject failed ({reason})"
                    ) from err
                written += 1
            log.info("push.s3.done", bucket=self.bucket, objects=written)
        finally:
            session.close()


def push_statements(targets: Iterable[str]) -> list[dict[str, Any]]:
    """The IAM statements ``agent --push`` needs on top of the read-only policy.

    ``securityhub``: ``SecurityHubPusher`` calls BatchImportFindings (nothing else).
    ``s3://bucket/prefix``: ``S3Pusher`` calls PutObject, only under the prefix. Several S3
    targets share one statement (a Sid is unique within a policy).
    """
    hub = False
    objects: set[str] = set()
    for target in targets:
        if target == "securityhub":
            hub = True
            continue
        bucket, prefix = parse_s3_uri(target)
        objects.add(f"arn:aws:s3:::{bucket}/{prefix}/*" if prefix else f"arn:aws:s3:::{bucket}/*")
    statements: list[dict[str, Any]] = []
    if hub:
        statements.append(
            {
                "Sid": "ComplyscanPushSecurityHub",
                "Effect": "Allow",
                "Action": ["securityhub:BatchImportFindings"],
                "Resource": "*",
            }
        )
    if objects:
        statements.append(
            {
                "Sid": "ComplyscanPushS3",
                "Effect": "Allow",
                "Action": ["s3:PutObject"],
                "Resource": sorted(objects),
            }
        )
    return statements


def pusher(target: str, connect: Callable[[], AwsSession]) -> Callable[[CycleOutcome], None]:
    """The pusher for ``--push``: ``securityhub`` or ``s3://bucket/prefix``."""
    if target == "securityhub":
        return SecurityHubPusher(connect)
    bucket, prefix = parse_s3_uri(target)
    _arrow()  # refuse at start-up, not after the first scan, when pyarrow is missing
    return S3Pusher(connect, bucket, prefix)
