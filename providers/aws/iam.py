"""IAM users, roles and customer managed policies from GetAccountAuthorizationDetails.

One paginated GetAccountAuthorizationDetails sequence per collector returns every identity
with its inline policies, attachments and trust policy, plus the documents of every local
managed policy; the credential report adds console, MFA and access-key facts for users.
Nothing is read per identity. Account-level settings live in ``providers.aws.iam_account``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from typing import Any

from providers.aws.credential_report import credential_rows, report_bool, report_time
from providers.aws.policy import parse_policy_document
from providers.aws.session import SDK_ERRORS, AwsSession, translate_error
from providers.aws.shapes import tag_map
from scanner.errors import CollectionError
from scanner.model import (
    AccessKey,
    AttachedPolicy,
    InlinePolicy,
    ManagedPolicy,
    PolicyDocument,
    Role,
    User,
)
from scanner.policy.managed import aws_managed_document
from scanner.provider import Collector, Item

#: Policy documents of local managed policies by ARN; None where unreadable.
LocalPolicies = Mapping[str, PolicyDocument | None]
GAAD = "iam:GetAccountAuthorizationDetails"
_DETAIL_KEYS = ("UserDetailList", "RoleDetailList", "GroupDetailList", "Policies")


def iam_client(session: AwsSession) -> Any:
    """The shared IAM client (a global service, reached through the default region)."""
    return session.client("iam", session.default_region)


def authorization_details(iam: Any, kinds: list[str]) -> dict[str, list[Any]]:
    """Every page of GetAccountAuthorizationDetails(Filter=kinds), lists merged by key."""
    out: dict[str, list[Any]] = {key: [] for key in _DETAIL_KEYS}
    pages = iam.get_paginator("get_account_authorization_details").paginate(
        Filter=kinds, PaginationConfig={"PageSize": 1000}
    )
    for page in pages:
        for key in _DETAIL_KEYS:
            out[key].extend(page.get(key) or ())
    return out


def malformed_policy(scope: str, resource: str, uid: str, what: str) -> CollectionError:
    """The error recorded for a policy document that does not parse (field set to None)."""
    return CollectionError(
        "aws",
        scope,
        resource,
        "MalformedPolicyDocument",
        uid=uid,
        detail=f"{what} unreadable",
        hint="The policy document could not be parsed; checks on it report UNKNOWN",
    )


def parse_or_none(doc: Any) -> PolicyDocument | None:
    """A parsed policy document, or None if it is malformed (checks then say UNKNOWN)."""
    try:
        return parse_policy_document(doc)
    except ValueError:
        return None


def is_aws_managed(arn: str) -> bool:
    """An AWS managed policy (account field ``aws``: ``arn:aws:iam::aws:policy/...``)."""
    parts = arn.split(":")
    return len(parts) > 4 and parts[4] == "aws"


def to_attached_policy(attached: Mapping[str, Any], local: LocalPolicies) -> AttachedPolicy:
    """Pure: an ``AttachedManagedPolicies`` item -> AttachedPolicy.

    ``AdministratorAccess`` grants full admin. Other AWS managed policies are assumed not to
    (their documents are not fetched: that would cost a request per policy); customer
    managed policies are judged by their parsed default version, None if unreadable.
    """
    arn = str(attached["PolicyArn"])
    admin: bool | None
    if is_aws_managed(arn):
        admin = arn.endswith(":policy/AdministratorAccess")
        doc = aws_managed_document(arn)
    else:
        doc = local.get(arn)
        admin = None if doc is None else doc.grants_full_admin
    name = str(attached.get("PolicyName", ""))
    return AttachedPolicy(name=name, arn=arn, grants_full_admin=admin, document=doc)


def to_inline_policies(items: Iterable[Mapping[str, Any]]) -> tuple[InlinePolicy, ...]:
    """Pure: ``UserPolicyList``/``RolePolicyList`` -> InlinePolicy (malformed ones skipped)."""
    out = []
    for item in items:
        doc = parse_or_none(item.get("PolicyDocument"))
        if doc is not None:
            out.append(InlinePolicy(name=str(item.get("PolicyName", "")), document=doc))
    return tuple(out)


def malformed_inline(items: Iterable[Mapping[str, Any]]) -> tuple[str, ...]:
    """Names of inline policies whose document does not parse."""
    bad = (i for i in items if parse_or_none(i.get("PolicyDocument")) is None)
    return tuple(str(i.get("PolicyName", "")) for i in bad)


def to_local_policies(policies: Iterable[Mapping[str, Any]]) -> dict[str, PolicyDocument | None]:
    """Pure: GAAD ``Policies`` -> {ARN: parsed default version document (None if unreadable)}."""
    return {str(p["Arn"]): parse_or_none(default_document(p)) for p in policies}


def default_document(policy: Mapping[str, Any]) -> Any:
    """The document of a GAAD policy's default version (None if absent)."""
    versions = policy.get("PolicyVersionList") or ()
    default = next((v for v in versions if v.get("IsDefaultVersion")), None)
    return None if default is None else default.get("Document")


def to_access_keys(row: Mapping[str, str], user: str) -> tuple[AccessKey, ...]:
    """Pure: the two key slots of a credential report row -> AccessKey.

    The report carries no key ids, so ids are synthetic ``<user>:key1``/``<user>:key2`` (the
    report's slot number); a slot holds a key when it has a rotation date or is active.
    """
    keys = []
    for n in (1, 2):
        active = report_bool(row.get(f"access_key_{n}_active"))
        created = report_time(row.get(f"access_key_{n}_last_rotated"))
        if active or created is not None:
            keys.append(
                AccessKey(
                    id=f"{user}:key{n}",
                    active=bool(active),
                    created_at=created,
                    last_used_at=report_time(row.get(f"access_key_{n}_last_used_date")),
                )
            )
    return tuple(keys)


GroupPolicies = Mapping[str, tuple[AttachedPolicy | InlinePolicy, ...]]


def to_group_policies(
    groups: Iterable[Mapping[str, Any]], local: LocalPolicies
) -> dict[str, tuple[AttachedPolicy | InlinePolicy, ...]]:
    """Pure: GAAD ``GroupDetailList`` -> {group name: its attached and inline policies}."""
    out: dict[str, tuple[AttachedPolicy | InlinePolicy, ...]] = {}
    for group in groups:
        attached = tuple(
            to_attached_policy(a, local) for a in group.get("AttachedManagedPolicies") or ()
        )
        inline = to_inline_policies(group.get("GroupPolicyList") or ())
        out[str(group["GroupName"])] = (*attached, *inline)
    return out


def to_user(
    detail: Mapping[str, Any],
    row: Mapping[str, str] | None,
    local: LocalPolicies,
    *,
    account: str,
    collected_at: datetime,
    groups: GroupPolicies | None = None,
) -> User:
    """Pure: a GAAD ``UserDetailList`` item + its credential report row (None: absent)."""
    name = str(detail["UserName"])
    return User(
        uid=str(detail["Arn"]),
        provider="aws",
        account=account,
        region="global",
        service="iam",
        name=name,
        tags=tag_map(detail.get("Tags")),
        collected_at=collected_at,
        console_access=None if row is None else report_bool(row.get("password_enabled")),
        mfa_enabled=None if row is None else report_bool(row.get("mfa_active")),
        access_keys=() if row is None else to_access_keys(row, name),
        attached_policies=tuple(
            to_attached_policy(a, local) for a in detail.get("AttachedManagedPolicies") or ()
        ),
        inline_policies=to_inline_policies(detail.get("UserPolicyList") or ()),
        groups=tuple(str(g) for g in detail.get("GroupList") or ()),
        group_policies=None
        if groups is None
        else tuple(p for g in detail.get("GroupList") or () for p in groups.get(str(g), ())),
        password_last_used=None if row is None else report_time(row.get("password_last_used")),
        created_at=detail.get("CreateDate"),
    )


def to_role(
    detail: Mapping[str, Any], local: LocalPolicies, *, account: str, collected_at: datetime
) -> Role:
    """Pure: a GAAD ``RoleDetailList`` item -> Role (trust policy None if malformed)."""
    return Role(
        uid=str(detail["Arn"]),
        provider="aws",
        account=account,
        region="global",
        service="iam",
        name=str(detail["RoleName"]),
        tags=tag_map(detail.get("Tags")),
        collected_at=collected_at,
        trust_policy=parse_or_none(detail.get("AssumeRolePolicyDocument")),
        attached_policies=tuple(
            to_attached_policy(a, local) for a in detail.get("AttachedManagedPolicies") or ()
        ),
        inline_policies=to_inline_policies(detail.get("RolePolicyList") or ()),
        service_linked=str(detail.get("Path", "")).startswith("/aws-service-role/"),
    )


def to_managed_policy(
    policy: Mapping[str, Any], *, account: str, collected_at: datetime
) -> ManagedPolicy:
    """Pure: a GAAD ``Policies`` item -> ManagedPolicy (document None if unreadable)."""
    return ManagedPolicy(
        uid=str(policy["Arn"]),
        provider="aws",
        account=account,
        region="global",
        service="iam",
        name=str(policy.get("PolicyName") or str(policy["Arn"]).rsplit("/", 1)[-1]),
        tags=tag_map(policy.get("Tags")),
        collected_at=collected_at,
        document=parse_or_none(default_document(policy)),
        attachment_count=int(policy.get("AttachmentCount") or 0),
    )


def _details(
    session: AwsSession, scope: str, kinds: list[str], resource: str
) -> dict[str, list[Any]]:
    """GAAD for ``kinds``, translated to a scope-wide CollectionError on failure."""
    try:
        return authorization_details(iam_client(session), kinds)
    except SDK_ERRORS as err:
        raise translate_error(err, scope=scope, resource=resource, permission=GAAD) from err


def collect_users(session: AwsSession, scope: str) -> Iterator[Item]:
    """Yield every IAM user (GAAD + credential report; no per-user requests)."""
    details = _details(session, scope, ["User", "Group", "LocalManagedPolicy"], "User")
    rows = credential_rows(iam_client(session), scope=scope, resource="User")
    local = to_local_policies(details["Policies"])
    groups = to_group_policies(details["GroupDetailList"], local)
    now = session.now()
    for detail in details["UserDetailList"]:
        row = rows.get(str(detail["UserName"]))
        user = to_user(detail, row, local, account=session.account, collected_at=now, groups=groups)
        yield user
        for name in malformed_inline(detail.get("UserPolicyList") or ()):
            yield malformed_policy(scope, "User", user.uid, f"inline policy {name}")
        if row is None:  # created after the report was generated
            yield CollectionError(
                "aws",
                scope,
                "User",
                "NotInCredentialReport",
                uid=user.uid,
                permission="iam:GetCredentialReport",
                hint="The user is newer than the credential report; re-run later",
            )


def collect_roles(session: AwsSession, scope: str) -> Iterator[Item]:
    """Yield every IAM role, service-linked ones included (GAAD only)."""
    details = _details(session, scope, ["Role", "LocalManagedPolicy"], "Role")
    local = to_local_policies(details["Policies"])
    now = session.now()
    for detail in details["RoleDetailList"]:
        role = to_role(detail, local, account=session.account, collected_at=now)
        yield role
        if role.trust_policy is None:
            yield malformed_policy(scope, "Role", role.uid, "trust policy")
        for name in malformed_inline(detail.get("RolePolicyList") or ()):
            yield malformed_policy(scope, "Role", role.uid, f"inline policy {name}")


def collect_managed_policies(session: AwsSession, scope: str) -> Iterator[Item]:
    """Yield every customer managed policy with its default version document (GAAD only)."""
    details = _details(session, scope, ["LocalManagedPolicy"], "ManagedPolicy")
    now = session.now()
    for policy in details["Policies"]:
        item = to_managed_policy(policy, account=session.account, collected_at=now)
        yield item
        if item.document is None:
            yield malformed_policy(scope, "ManagedPolicy", item.uid, "default version")


_REPORT = ("iam:GenerateCredentialReport", "iam:GetCredentialReport")
COLLECTORS = (
    Collector(User, collect_users, permissions=(GAAD, *_REPORT), scope="global"),
    Collector(Role, collect_roles, permissions=(GAAD,), scope="global"),
    Collector(ManagedPolicy, collect_managed_policies, permissions=(GAAD,), scope="global"),
)
