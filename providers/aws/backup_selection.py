"""Which stateful resources AWS Backup plans select (resource assignments), per region.

A selection picks a resource when ``Resources`` (ARN patterns) or ``ListOfTags`` match it
(OR; neither given means every supported resource), every ``Conditions`` entry holds (AND)
and no ``NotResources`` pattern matches. A volume attached to a selected EC2 instance is
backed up with the instance. Stateful resources are RDS instances/clusters, DynamoDB
tables, EBS volumes and EFS file systems.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from fnmatch import fnmatchcase
from typing import Any, TypeVar

from providers.aws.session import SDK_ERRORS, AwsSession, paginate
from scanner.model import BackupCoverage

T = TypeVar("T")
#: What ``guarded`` translates: SDK errors, and emulators' NotImplementedError.
_READ_ERRORS: tuple[type[Exception], ...] = (*SDK_ERRORS, NotImplementedError)


class Unread(Exception):  # noqa: N818 - a carrier, named for what it says
    """A read that failed, with the IAM action it needed (translated by the collector)."""

    def __init__(self, permission: str, error: Exception) -> None:
        """Wrap ``error`` raised while calling ``permission``."""
        super().__init__(f"{permission}: {error}")
        self.permission, self.error = permission, error


def guarded(permission: str, call: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``call(*args, **kwargs)``; an SDK error (or an emulator's NotImplementedError: moto
    in-process raises it for operations it lacks) becomes ``Unread(permission, error)``."""
    try:
        return call(*args, **kwargs)
    except _READ_ERRORS as err:
        raise Unread(permission, err) from err


_TAG_KEY_PREFIX = "aws:ResourceTag/"


class Candidate:
    """A stateful resource: its ARN and tags, and the ARN/tags of the instance it is on."""

    __slots__ = ("arn", "instance", "tags")

    def __init__(
        self,
        arn: str,
        tags: Mapping[str, str],
        instance: tuple[str, Mapping[str, str]] | None = None,
    ) -> None:
        """``instance``: (ARN, tags) of the EC2 instance a volume is attached to."""
        self.arn, self.tags, self.instance = arn, tags, instance


def tag_map(tags: Iterable[Mapping[str, Any]] | None) -> dict[str, str]:
    """Pure: an AWS ``[{"Key": k, "Value": v}]`` tag list -> dict."""
    return {str(t.get("Key")): str(t.get("Value", "")) for t in tags or ()}


def _holds(operator: str, key: str, value: str, tags: Mapping[str, str]) -> bool:
    actual = tags.get(key.removeprefix(_TAG_KEY_PREFIX))
    if operator == "StringEquals":
        return actual == value
    if operator == "StringNotEquals":
        return actual != value
    if operator == "StringLike":
        return actual is not None and fnmatchcase(actual, value)
    if operator == "StringNotLike":
        return actual is None or not fnmatchcase(actual, value)
    return False  # an operator we do not know selects nothing we can vouch for


def selects(selection: Mapping[str, Any], arn: str, tags: Mapping[str, str]) -> bool:
    """Pure: whether a GetBackupSelection ``BackupSelection`` picks the resource."""
    patterns = list(selection.get("Resources") or ())
    list_of_tags = list(selection.get("ListOfTags") or ())
    if patterns or list_of_tags:
        picked = any(fnmatchcase(arn, p) for p in patterns) or any(
            _holds("StringEquals", str(t.get("ConditionKey")), str(t.get("ConditionValue")), tags)
            for t in list_of_tags
        )
        if not picked:
            return False
    conditions = selection.get("Conditions") or {}
    for operator, entries in conditions.items():
        for entry in entries or ():
            if not _holds(operator, str(entry["ConditionKey"]), str(entry["ConditionValue"]), tags):
                return False
    return not any(fnmatchcase(arn, p) for p in selection.get("NotResources") or ())


def uses_tags(selections: Iterable[Mapping[str, Any]]) -> bool:
    """Pure: some selection decides by tag (so resource tags must be read)."""
    return any(s.get("ListOfTags") or any((s.get("Conditions") or {}).values()) for s in selections)


def protected(candidate: Candidate, selections: Sequence[Mapping[str, Any]]) -> bool:
    """Pure: some selection picks the resource itself, or the instance it is attached to."""
    targets = [(candidate.arn, candidate.tags)]
    if candidate.instance is not None:
        targets.append(candidate.instance)
    return any(selects(s, arn, tags) for s in selections for arn, tags in targets)


def to_backup_coverage(
    selections: Sequence[Mapping[str, Any]],
    candidates: Sequence[Candidate],
    *,
    plans: int,
    account: str,
    region: str,
    collected_at: datetime,
) -> BackupCoverage:
    """Pure: every selection of the region's plans + its stateful resources -> coverage."""
    return BackupCoverage(
        uid=coverage_uid(account, region),
        provider="aws",
        account=account,
        region=region,
        service="backup",
        name=f"backup-coverage-{region}",
        collected_at=collected_at,
        backup_plans=plans,
        stateful_resources=len(candidates),
        unprotected=tuple(sorted(c.arn for c in candidates if not protected(c, selections))),
    )


def coverage_uid(account: str, region: str) -> str:
    """The pseudo-ARN of a region's BackupCoverage."""
    return f"arn:aws:backup:{region}:{account}:backup-coverage"


#: IAM actions ``stateful_resources`` calls (ListTagsOfResource only for tag selections).
LISTING_PERMISSIONS = (
    "rds:DescribeDBInstances",
    "dynamodb:ListTables",
    "dynamodb:ListTagsOfResource",
    "ec2:DescribeVolumes",
    "ec2:DescribeInstances",
    "elasticfilesystem:DescribeFileSystems",
)


def _databases(session: AwsSession, region: str) -> list[Candidate]:
    """RDS instances; cluster members are backed up as their cluster."""
    out: dict[str, Candidate] = {}
    rds = session.client("rds", region)
    listed = guarded(
        "rds:DescribeDBInstances", paginate, rds, "describe_db_instances", "DBInstances"
    )
    for db in listed:
        cluster = db.get("DBClusterIdentifier")
        arn = (
            f"arn:aws:rds:{region}:{session.account}:cluster:{cluster}"
            if cluster
            else str(db["DBInstanceArn"])
        )
        out.setdefault(arn, Candidate(arn, tag_map(db.get("TagList"))))
    return list(out.values())


def _tables(session: AwsSession, region: str, *, with_tags: bool) -> list[Candidate]:
    ddb = session.client("dynamodb", region)
    arns = [
        f"arn:aws:dynamodb:{region}:{session.account}:table/{name}"
        for name in guarded("dynamodb:ListTables", paginate, ddb, "list_tables", "TableNames")
    ]
    if not with_tags:
        return [Candidate(arn, {}) for arn in arns]

    def tags_of(arn: str) -> dict[str, str]:
        return tag_map(
            guarded(
                "dynamodb:ListTagsOfResource",
                paginate,
                ddb,
                "list_tags_of_resource",
                "Tags",
                ResourceArn=arn,
            )
        )

    tags = session.map(tags_of, arns)
    return [Candidate(arn, t) for arn, t in zip(arns, tags, strict=True)]


def _volumes(session: AwsSession, region: str) -> list[Candidate]:
    ec2 = session.client("ec2", region)
    volumes = guarded("ec2:DescribeVolumes", paginate, ec2, "describe_volumes", "Volumes")
    instances: dict[str, dict[str, str]] = {}
    if any(v.get("Attachments") for v in volumes):
        reservations = guarded(
            "ec2:DescribeInstances", paginate, ec2, "describe_instances", "Reservations"
        )
        for reservation in reservations:
            for i in reservation.get("Instances") or ():
                instances[str(i["InstanceId"])] = tag_map(i.get("Tags"))
    out = []
    for v in volumes:
        attached = next((a["InstanceId"] for a in v.get("Attachments") or ()), None)
        instance = None
        if attached is not None:
            arn = f"arn:aws:ec2:{region}:{session.account}:instance/{attached}"
            instance = (arn, instances.get(str(attached), {}))
        volume_arn = f"arn:aws:ec2:{region}:{session.account}:volume/{v['VolumeId']}"
        out.append(Candidate(volume_arn, tag_map(v.get("Tags")), instance))
    return out


def _file_systems(session: AwsSession, region: str) -> list[Candidate]:
    efs = session.client("efs", region)
    listed = guarded(
        "elasticfilesystem:DescribeFileSystems",
        paginate,
        efs,
        "describe_file_systems",
        "FileSystems",
    )
    return [Candidate(str(fs["FileSystemArn"]), tag_map(fs.get("Tags"))) for fs in listed]


def stateful_resources(session: AwsSession, region: str, *, with_tags: bool) -> list[Candidate]:
    """Every stateful resource of ``region``; ``Unread`` names the listing that failed."""
    return [
        *_databases(session, region),
        *_tables(session, region, with_tags=with_tags),
        *_volumes(session, region),
        *_file_systems(session, region),
    ]
