"""IAM users, roles and managed policies: pure mappers on API JSON, collectors on moto."""

from __future__ import annotations

import json
import urllib.parse
from datetime import UTC, datetime
from typing import Any

import pytest
from moto import mock_aws

from providers.aws import iam
from providers.aws.iam import (
    collect_managed_policies,
    collect_roles,
    collect_users,
    is_aws_managed,
    to_access_keys,
    to_attached_policy,
    to_local_policies,
    to_managed_policy,
    to_role,
    to_user,
)
from providers.aws.session import AwsSession
from scanner.errors import CollectionError
from scanner.model import ManagedPolicy, PolicyDocument, Role, User
from tests.providers.aws.scripted import script

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
ACCOUNT = "123456789012"
ADMIN_DOC = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
}
S3_DOC = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}],
}
TRUST_DOC = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"Service": "ec2.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }
    ],
}
LOCAL_ADMIN = f"arn:aws:iam::{ACCOUNT}:policy/local-admin"
LOCAL_S3 = f"arn:aws:iam::{ACCOUNT}:policy/local-s3"
ROW = {
    "user": "alice",
    "password_enabled": "true",
    "password_last_used": "2026-11-01T10:00:00+00:00",
    "mfa_active": "false",
    "access_key_1_active": "true",
    "access_key_1_last_rotated": "2026-01-01T00:00:00+00:00",
    "access_key_1_last_used_date": "N/A",
    "access_key_2_active": "false",
    "access_key_2_last_rotated": "2025-01-01T00:00:00+00:00",
    "access_key_2_last_used_date": "2025-06-01T00:00:00+00:00",
}


def _gaad_policy(arn: str, doc: object, count: int = 1, *, wire: bool = False) -> dict[str, object]:
    if wire:  # on the wire IAM sends URL-encoded JSON strings
        encoded = urllib.parse.quote(json.dumps(doc))
        return {
            "Arn": arn,
            "PolicyName": arn.rsplit("/", 1)[-1],
            "AttachmentCount": count,
            "PolicyVersionList": [{"IsDefaultVersion": True, "Document": encoded}],
        }
    return {
        "Arn": arn,
        "PolicyName": arn.rsplit("/", 1)[-1],
        "AttachmentCount": count,
        "PolicyVersionList": [
            {"VersionId": "v1", "IsDefaultVersion": False, "Document": ADMIN_DOC},
            {"VersionId": "v2", "IsDefaultVersion": True, "Document": doc},
        ],
    }


LOCAL = to_local_policies([_gaad_policy(LOCAL_ADMIN, ADMIN_DOC), _gaad_policy(LOCAL_S3, S3_DOC)])


# --- pure mappers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arn", "expected"),
    [
        ("arn:aws:iam::aws:policy/AdministratorAccess", True),
        ("arn:aws-us-gov:iam::aws:policy/AdministratorAccess", True),
        ("arn:aws:iam::aws:policy/ReadOnlyAccess", False),
        ("arn:aws:iam::aws:policy/job-function/SystemAdministrator", False),
        (LOCAL_ADMIN, True),
        (LOCAL_S3, False),
        (f"arn:aws:iam::{ACCOUNT}:policy/unknown", None),
    ],
)
def test_attached_policy_full_admin(arn: str, expected: bool | None) -> None:
    attached = to_attached_policy({"PolicyName": "p", "PolicyArn": arn}, LOCAL)
    assert attached.grants_full_admin is expected
    assert attached.arn == arn


def test_is_aws_managed() -> None:
    assert is_aws_managed("arn:aws:iam::aws:policy/ReadOnlyAccess")
    assert not is_aws_managed(LOCAL_S3)
    assert not is_aws_managed("not-an-arn")


def test_local_policies_use_the_default_version_and_mark_unreadable_none() -> None:
    local = to_local_policies([_gaad_policy(LOCAL_S3, S3_DOC), _gaad_policy(LOCAL_ADMIN, "{bad")])
    s3 = local[LOCAL_S3]
    assert s3 is not None
    assert not s3.grants_full_admin
    assert local[LOCAL_ADMIN] is None


def test_access_keys_from_report_slots() -> None:
    keys = to_access_keys(ROW, "alice")
    assert [(k.id, k.active) for k in keys] == [("alice:key1", True), ("alice:key2", False)]
    assert keys[0].created_at == datetime(2026, 1, 1, tzinfo=UTC)
    assert keys[0].last_used_at is None
    assert keys[1].last_used_at == datetime(2025, 6, 1, tzinfo=UTC)


def test_no_access_keys_when_slots_are_empty() -> None:
    row = {"access_key_1_active": "false", "access_key_1_last_rotated": "N/A"}
    assert to_access_keys(row, "bob") == ()


def test_to_user_combines_gaad_and_report() -> None:
    detail = {
        "UserName": "alice",
        "Arn": f"arn:aws:iam::{ACCOUNT}:user/alice",
        "CreateDate": NOW,
        "UserPolicyList": [{"PolicyName": "inline", "PolicyDocument": json.dumps(ADMIN_DOC)}],
        "GroupList": ["devs"],
        "AttachedManagedPolicies": [{"PolicyName": "local-s3", "PolicyArn": LOCAL_S3}],
        "Tags": [{"Key": "team", "Value": "a"}],
    }
    user = to_user(detail, ROW, LOCAL, account=ACCOUNT, collected_at=NOW)
    assert user.uid == f"arn:aws:iam::{ACCOUNT}:user/alice"
    assert (user.region, user.service, user.tags) == ("global", "iam", {"team": "a"})
    assert user.console_access is True
    assert user.mfa_enabled is False
    assert len(user.access_keys) == 2
    assert user.inline_policies[0].document.grants_full_admin
    assert user.attached_policies[0].grants_full_admin is False
    assert user.groups == ("devs",)
    assert user.password_last_used == datetime(2026, 11, 1, 10, tzinfo=UTC)
    assert user.created_at == NOW


def test_to_user_without_report_row_is_unknown() -> None:
    detail = {"UserName": "new", "Arn": f"arn:aws:iam::{ACCOUNT}:user/new"}
    user = to_user(detail, None, {}, account=ACCOUNT, collected_at=NOW)
    assert user.console_access is None
    assert user.mfa_enabled is None
    assert user.tags == {}


def test_to_role_service_linked_and_malformed_trust() -> None:
    detail = {
        "RoleName": "svc",
        "Arn": f"arn:aws:iam::{ACCOUNT}:role/aws-service-role/x.amazonaws.com/svc",
        "Path": "/aws-service-role/x.amazonaws.com/",
        "AssumeRolePolicyDocument": "%7Bbroken",
        "RolePolicyList": [{"PolicyName": "bad", "PolicyDocument": "nope"}],
    }
    role = to_role(detail, LOCAL, account=ACCOUNT, collected_at=NOW)
    assert role.service_linked
    assert role.trust_policy is None
    assert role.inline_policies == ()


def test_to_managed_policy() -> None:
    policy = to_managed_policy(
        _gaad_policy(LOCAL_ADMIN, ADMIN_DOC, count=3), account=ACCOUNT, collected_at=NOW
    )
    assert policy.uid == LOCAL_ADMIN
    assert policy.name == "local-admin"
    assert policy.document is not None
    assert policy.document.grants_full_admin
    assert policy.attachment_count == 3


def test_to_managed_policy_without_default_version_is_unknown() -> None:
    policy = to_managed_policy(
        {"Arn": LOCAL_S3, "PolicyVersionList": []}, account=ACCOUNT, collected_at=NOW
    )
    assert policy.document is None
    assert policy.attachment_count == 0


# --- collectors against moto ------------------------------------------------------------


@pytest.fixture
def iam_session(aws_env):
    """An AwsSession inside mock_aws with AWS managed policies loaded (AdministratorAccess)."""
    with mock_aws(config={"iam": {"load_aws_managed_policies": True}}):
        session = AwsSession.from_config(region="us-east-1", concurrency=4)
        yield session
        session.close()


def _populate(client: Any) -> None:
    client.create_user(UserName="alice", Tags=[{"Key": "team", "Value": "a"}])
    client.create_login_profile(UserName="alice", Password="Str0ng-Passw0rd!")
    client.create_access_key(UserName="alice")
    mfa = client.create_virtual_mfa_device(VirtualMFADeviceName="alice")
    client.enable_mfa_device(
        UserName="alice",
        SerialNumber=mfa["VirtualMFADevice"]["SerialNumber"],
        AuthenticationCode1="123456",
        AuthenticationCode2="654321",
    )
    client.put_user_policy(
        UserName="alice", PolicyName="inline-admin", PolicyDocument=json.dumps(ADMIN_DOC)
    )
    local = client.create_policy(PolicyName="local-s3", PolicyDocument=json.dumps(S3_DOC))
    client.attach_user_policy(UserName="alice", PolicyArn=local["Policy"]["Arn"])
    client.attach_user_policy(
        UserName="alice", PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess"
    )
    client.create_group(GroupName="devs")
    client.add_user_to_group(GroupName="devs", UserName="alice")
    client.create_user(UserName="bob")
    client.create_role(RoleName="app", AssumeRolePolicyDocument=json.dumps(TRUST_DOC))
    client.attach_role_policy(RoleName="app", PolicyArn=local["Policy"]["Arn"])
    client.create_service_linked_role(AWSServiceName="elasticbeanstalk.amazonaws.com")


def test_collect_users_from_moto(iam_session: AwsSession) -> None:
    _populate(iam.iam_client(iam_session))
    items = list(collect_users(iam_session, "global"))
    users = {u.name: u for u in items if isinstance(u, User)}
    assert [i for i in items if isinstance(i, CollectionError)] == []
    alice, bob = users["alice"], users["bob"]
    assert alice.uid == f"arn:aws:iam::{ACCOUNT}:user/alice"
    assert alice.account == ACCOUNT
    assert alice.tags == {"team": "a"}
    assert alice.console_access is True
    assert alice.mfa_enabled is True  # moto's report reflects enabled virtual MFA devices
    assert [(k.id, k.active) for k in alice.access_keys] == [("alice:key1", True)]
    assert alice.inline_policies[0].document.grants_full_admin
    admin = {p.name: p.grants_full_admin for p in alice.attached_policies}
    assert admin == {"local-s3": False, "AdministratorAccess": True}
    assert alice.groups == ("devs",)
    assert (bob.console_access, bob.mfa_enabled, bob.access_keys) == (False, False, ())


def test_collect_roles_from_moto(iam_session: AwsSession) -> None:
    _populate(iam.iam_client(iam_session))
    roles = {r.name: r for r in collect_roles(iam_session, "global") if isinstance(r, Role)}
    app = roles["app"]
    assert app.uid == f"arn:aws:iam::{ACCOUNT}:role/app"
    assert app.trust_policy == PolicyDocument.model_validate(
        {
            "statements": [
                {
                    "effect": "Allow",
                    "actions": ("sts:AssumeRole",),
                    "principals": ("ec2.amazonaws.com",),
                    "principal_refs": ({"kind": "Service", "value": "ec2.amazonaws.com"},),
                }
            ],
            "version": "2012-10-17",
        }
    )
    assert [p.grants_full_admin for p in app.attached_policies] == [False]
    assert not app.service_linked
    assert roles["AWSServiceRoleForElasticBeanstalk"].service_linked


def test_collect_managed_policies_from_moto(iam_session: AwsSession) -> None:
    _populate(iam.iam_client(iam_session))
    (policy,) = collect_managed_policies(iam_session, "global")
    assert isinstance(policy, ManagedPolicy)
    assert policy.uid == f"arn:aws:iam::{ACCOUNT}:policy/local-s3"
    assert policy.attachment_count == 2
    assert policy.document is not None
    assert not policy.document.grants_full_admin


def test_many_users_from_moto(aws_session: AwsSession) -> None:
    client = iam.iam_client(aws_session)
    for n in range(120):
        client.create_user(UserName=f"user{n:03}")
    users = [u for u in collect_users(aws_session, "global") if isinstance(u, User)]
    assert len(users) == 120


def test_authorization_details_pages_are_merged(aws_session: AwsSession) -> None:
    client = iam.iam_client(aws_session)
    first = {
        "UserDetailList": [],
        "RoleDetailList": [],
        "IsTruncated": True,
        "Marker": "m",
        "Policies": [_gaad_policy(LOCAL_S3, S3_DOC, wire=True)],
    }
    second = {
        "UserDetailList": [],
        "RoleDetailList": [],
        "IsTruncated": False,
        "Policies": [_gaad_policy(LOCAL_ADMIN, ADMIN_DOC, wire=True)],
    }
    requests = script(client, "GetAccountAuthorizationDetails", first, second)
    items = list(collect_managed_policies(aws_session, "global"))
    assert [i.uid for i in items] == [LOCAL_S3, LOCAL_ADMIN]
    assert all("'MaxItems': 1000" in r and "LocalManagedPolicy" in r for r in requests)
    assert "'Marker': 'm'" in requests[1]
    assert [
        i.document.grants_full_admin
        for i in items
        if isinstance(i, ManagedPolicy) and i.document is not None
    ] == [False, True]


def test_listing_failure_is_a_scope_wide_collection_error(aws_session: AwsSession) -> None:
    script(iam.iam_client(aws_session), "GetAccountAuthorizationDetails", "AccessDenied")
    with pytest.raises(CollectionError) as info:
        list(collect_roles(aws_session, "global"))
    assert info.value.permission == "iam:GetAccountAuthorizationDetails"
    assert info.value.cause == "AccessDenied"
    assert info.value.resource == "Role"


def test_credential_report_failure_fails_users(aws_session: AwsSession) -> None:
    client = iam.iam_client(aws_session)
    page = {"UserDetailList": [], "RoleDetailList": [], "Policies": [], "IsTruncated": False}
    script(client, "GetAccountAuthorizationDetails", page)
    script(client, "GetCredentialReport", "AccessDenied")
    with pytest.raises(CollectionError) as info:
        list(collect_users(aws_session, "global"))
    assert info.value.permission == "iam:GetCredentialReport"


def test_malformed_documents_yield_errors_and_unknowns(aws_session: AwsSession) -> None:
    client = iam.iam_client(aws_session)
    role = {
        "RoleName": "odd",
        "RoleId": "AROAEXAMPLEEXAMPLE01",
        "Path": "/",
        "Arn": f"arn:aws:iam::{ACCOUNT}:role/odd",
        "CreateDate": NOW,
        "AssumeRolePolicyDocument": "%7Bbroken",
        "RolePolicyList": [{"PolicyName": "bad", "PolicyDocument": "%7B%22Statement%22%3A1%7D"}],
    }
    page = {"UserDetailList": [], "RoleDetailList": [role], "Policies": [], "IsTruncated": False}
    script(client, "GetAccountAuthorizationDetails", page)
    items = list(collect_roles(aws_session, "global"))
    assert isinstance(items[0], Role)
    assert items[0].trust_policy is None
    errors = [i for i in items if isinstance(i, CollectionError)]
    assert [e.detail for e in errors] == ["trust policy unreadable", "inline policy bad unreadable"]
    assert all(e.uid == role["Arn"] for e in errors)
