"""Region- and account-level security services: IAM Access Analyzer, Security Hub, Macie and
the AWS Support role.

* Access Analyzer ``ListAnalyzers``: analysers of type ACCOUNT or ORGANIZATION find external
  access (the ``*_UNUSED_ACCESS`` and ``*_INTERNAL_ACCESS`` types do not); only status ACTIVE
  analyses. An analyser covers only the region it is created in.
* Security Hub ``DescribeHub``: an account that is not subscribed gets InvalidAccessException
  ("not subscribed to AWS Security Hub"), which means disabled.
* Macie ``GetMacieSession``: status ENABLED runs, PAUSED does not; an account where Macie was
  never enabled gets AccessDeniedException "Macie is not enabled" (after DisableMacie, the
  session is gone: ResourceNotFoundException); both mean disabled.
* Support: ``ListEntitiesForPolicy`` on the AWS managed policy AWSSupportAccess (CIS 2.15
  asks for a role holding it).

Where the endpoint does not implement a call (moto has no Access Analyzer), the region's
resource is not yielded; a CollectionError with cause ``NotImplemented`` for its uid is.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any

import botocore.exceptions

from providers.aws.backup_selection import Unread, guarded
from providers.aws.iam import iam_client
from providers.aws.resilience import unread_error
from providers.aws.session import AwsSession, error_code, paginate
from scanner.model import AccessAnalysis, DataDiscovery, PostureManagement, SupportAccess
from scanner.provider import Collector, Item

LIST_ANALYZERS = "access-analyzer:ListAnalyzers"
DESCRIBE_HUB = "securityhub:DescribeHub"
MACIE_SESSION = "macie2:GetMacieSession"
SUPPORT_ENTITIES = "iam:ListEntitiesForPolicy"
SUPPORT_POLICY = "arn:{partition}:iam::aws:policy/AWSSupportAccess"
EXTERNAL_ACCESS_TYPES = frozenset({"ACCOUNT", "ORGANIZATION"})


def _base(
    uid: str, *, account: str, region: str, service: str, name: str, at: datetime
) -> dict[str, Any]:
    return {
        "uid": uid, "provider": "aws", "account": account, "region": region,
        "service": service, "name": name, "collected_at": at,
    }  # fmt: skip


def analysis_uid(account: str, region: str) -> str:
    """The pseudo-ARN of a region's access analysis setting."""
    return f"arn:aws:access-analyzer:{region}:{account}:analysis"


def to_access_analysis(
    analyzers: Sequence[Mapping[str, Any]], *, account: str, region: str, collected_at: datetime
) -> AccessAnalysis:
    """Pure: ListAnalyzers ``analyzers`` -> AccessAnalysis (active external-access ones)."""
    active = tuple(
        sorted(
            str(a.get("name", ""))
            for a in analyzers
            if str(a.get("type", "")).upper() in EXTERNAL_ACCESS_TYPES
            and str(a.get("status", "")).upper() == "ACTIVE"
        )
    )
    return AccessAnalysis(
        **_base(analysis_uid(account, region), account=account, region=region,
                service="access-analyzer", name=f"access-analyzer-{region}", at=collected_at),
        external_access_active=bool(active), analyzers=active,
    )  # fmt: skip


def collect_access_analysis(session: AwsSession, region: str) -> Iterator[Item]:
    """Yield whether an active external-access analyser exists in ``region``."""
    uid = analysis_uid(session.account, region)
    client = session.client("accessanalyzer", region)
    try:
        analyzers = guarded(LIST_ANALYZERS, paginate, client, "list_analyzers", "analyzers")
    except Unread as failure:
        yield unread_error(failure, scope=region, resource="AccessAnalysis", uid=uid)
        return
    yield to_access_analysis(
        analyzers, account=session.account, region=region, collected_at=session.now()
    )


def hub_uid(account: str, region: str) -> str:
    """The Security Hub ARN of ``region`` (the hub's own ARN has this form)."""
    return f"arn:aws:securityhub:{region}:{account}:hub/default"


def to_posture_management(
    hub: Mapping[str, Any] | None, *, account: str, region: str, collected_at: datetime
) -> PostureManagement:
    """Pure: DescribeHub (None: the account is not subscribed) -> PostureManagement."""
    uid = str((hub or {}).get("HubArn") or hub_uid(account, region))
    return PostureManagement(
        **_base(uid, account=account, region=region, service="securityhub",
                name=f"securityhub-{region}", at=collected_at),
        enabled=hub is not None,
    )  # fmt: skip


def _not_subscribed(err: Exception) -> bool:
    return (
        isinstance(err, botocore.exceptions.ClientError)
        and error_code(err) == "InvalidAccessException"
        and "not subscribed" in str(err.response.get("Error", {}).get("Message", "")).lower()
    )


def collect_posture_management(session: AwsSession, region: str) -> Iterator[Item]:
    """Yield whether Security Hub is enabled in ``region``."""
    uid = hub_uid(session.account, region)
    client = session.client("securityhub", region)
    try:
        hub: Mapping[str, Any] | None = guarded(DESCRIBE_HUB, client.describe_hub)
    except Unread as failure:
        if not _not_subscribed(failure.error):
            yield unread_error(failure, scope=region, resource="PostureManagement", uid=uid)
            return
        hub = None
    yield to_posture_management(
        hub, account=session.account, region=region, collected_at=session.now()
    )


def macie_uid(account: str, region: str) -> str:
    """The pseudo-ARN of a region's Macie session."""
    return f"arn:aws:macie2:{region}:{account}:session"


def to_data_discovery(
    macie: Mapping[str, Any] | None, *, account: str, region: str, collected_at: datetime
) -> DataDiscovery:
    """Pure: GetMacieSession (None: Macie never enabled) -> DataDiscovery (ENABLED runs)."""
    status = str((macie or {}).get("status", "")).upper()
    return DataDiscovery(
        **_base(macie_uid(account, region), account=account, region=region, service="macie2",
                name=f"macie-{region}", at=collected_at),
        enabled=status == "ENABLED",
    )  # fmt: skip


def _macie_not_enabled(err: Exception) -> bool:
    """AccessDeniedException "Macie is not enabled", or no session resource at all."""
    if not isinstance(err, botocore.exceptions.ClientError):
        return False
    message = str(err.response.get("Error", {}).get("Message", "")).lower()
    code = error_code(err)
    return code == "ResourceNotFoundException" or (
        code == "AccessDeniedException" and "not enabled" in message
    )


def collect_data_discovery(session: AwsSession, region: str) -> Iterator[Item]:
    """Yield whether Amazon Macie runs in ``region``."""
    uid = macie_uid(session.account, region)
    client = session.client("macie2", region)
    try:
        macie: Mapping[str, Any] | None = guarded(MACIE_SESSION, client.get_macie_session)
    except Unread as failure:
        if not _macie_not_enabled(failure.error):
            yield unread_error(failure, scope=region, resource="DataDiscovery", uid=uid)
            return
        macie = None
    yield to_data_discovery(
        macie, account=session.account, region=region, collected_at=session.now()
    )


def to_support_access(
    entities: Mapping[str, Sequence[Mapping[str, Any]]], *, account: str, collected_at: datetime
) -> SupportAccess:
    """Pure: merged ListEntitiesForPolicy pages -> SupportAccess."""

    def names(key: str, field: str) -> tuple[str, ...]:
        return tuple(sorted(str(e.get(field, "")) for e in entities.get(key, ())))

    return SupportAccess(
        **_base(f"arn:aws:iam::{account}:support-access", account=account, region="global",
                service="iam", name="aws-support-access", at=collected_at),
        roles=names("PolicyRoles", "RoleName"), users=names("PolicyUsers", "UserName"),
        groups=names("PolicyGroups", "GroupName"),
    )  # fmt: skip


def collect_support_access(session: AwsSession, scope: str) -> Iterator[Item]:
    """Yield who holds AWSSupportAccess (users, groups and roles)."""
    iam = iam_client(session)
    arn = SUPPORT_POLICY.format(partition=partition(session.identity))
    uid = f"arn:aws:iam::{session.account}:support-access"
    merged: dict[str, list[Any]] = {"PolicyRoles": [], "PolicyUsers": [], "PolicyGroups": []}
    try:
        pages = guarded(
            SUPPORT_ENTITIES,
            lambda: list(iam.get_paginator("list_entities_for_policy").paginate(PolicyArn=arn)),
        )
    except Unread as failure:
        yield unread_error(failure, scope=scope, resource="SupportAccess", uid=uid)
        return
    for page in pages:
        for key, items in merged.items():
            items.extend(page.get(key) or ())
    yield to_support_access(merged, account=session.account, collected_at=session.now())


def partition(arn: str) -> str:
    """The partition of an ARN (``aws`` when it cannot be told)."""
    parts = arn.split(":")
    return parts[1] if len(parts) > 1 and parts[0] == "arn" and parts[1] else "aws"


COLLECTORS = (
    Collector(AccessAnalysis, collect_access_analysis, permissions=(LIST_ANALYZERS,)),
    Collector(PostureManagement, collect_posture_management, permissions=(DESCRIBE_HUB,)),
    Collector(DataDiscovery, collect_data_discovery, permissions=(MACIE_SESSION,)),
    Collector(
        SupportAccess, collect_support_access, permissions=(SUPPORT_ENTITIES,), scope="global"
    ),
)
