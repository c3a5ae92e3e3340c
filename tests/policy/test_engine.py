"""Table tests for the policy engine, from AWS's documented policy examples.

Sources (IAM User Guide unless noted):
- COND: reference_policies_elements_condition_operators.html
- SETS: reference_policies_condition-single-vs-multi-valued-context-keys.html
- NOTP: reference_policies_elements_notprincipal.html
- EVAL: reference_policies_evaluation-logic.html
- S3EX: AmazonS3/latest/userguide/example-bucket-policies.html
- S3PUB: AmazonS3/latest/userguide/access-control-block-public-access.html ("The meaning
  of public")
- RHINO: rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/
"""

from __future__ import annotations

from typing import Any

import pytest

from scanner.model import PrincipalRef
from scanner.policy import (
    Permissions,
    Request,
    classify,
    denies_insecure_transport,
    escalation_paths,
    evaluate,
    expand,
    parse_policy_document,
    public_access,
)

BUCKET = "arn:aws:s3:::amzn-s3-demo-bucket"
OBJECTS = f"{BUCKET}/*"
ANON = PrincipalRef(kind="AWS", value="anonymous")


def doc(*statements: dict[str, Any]) -> Any:
    return parse_policy_document({"Version": "2012-10-17", "Statement": list(statements)})


def allow_public(**extra: Any) -> dict[str, Any]:
    """S3EX "Granting read-only permission to a public anonymous user"."""
    return {
        "Effect": "Allow",
        "Principal": "*",
        "Action": ["s3:GetObject"],
        "Resource": OBJECTS,
    } | extra


# --- evaluation logic ---------------------------------------------------------------


def test_explicit_deny_beats_allow_in_another_policy() -> None:  # EVAL
    allow = doc({"Effect": "Allow", "Action": "s3:*", "Resource": "*"})
    deny = doc({"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"})
    assert evaluate([allow, deny], Request("s3:DeleteBucket", BUCKET)).effect == "ExplicitDeny"
    assert evaluate([allow, deny], Request("s3:GetObject", BUCKET)).effect == "Allow"
    assert evaluate([deny], Request("s3:GetObject", BUCKET)).effect == "ImplicitDeny"


def test_actions_are_case_insensitive_resources_are_not() -> None:
    policy = doc({"Effect": "Allow", "Action": "S3:getobj?ct", "Resource": OBJECTS})
    assert evaluate([policy], Request("s3:GetObject", f"{BUCKET}/k")).allowed
    assert not evaluate([policy], Request("s3:GetObject", f"{BUCKET.upper()}/k")).allowed


def test_not_action_and_not_resource() -> None:
    policy = doc({"Effect": "Allow", "NotAction": "iam:*", "NotResource": OBJECTS})
    assert evaluate([policy], Request("s3:ListBucket", BUCKET)).allowed
    assert not evaluate([policy], Request("iam:PassRole", "*")).allowed
    assert not evaluate([policy], Request("s3:GetObject", f"{BUCKET}/k")).allowed


def test_not_principal_with_deny_exempts_only_the_named() -> None:  # NOTP
    policy = doc(
        {"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"},
        {
            "Effect": "Deny",
            "NotPrincipal": {"AWS": "arn:aws:iam::444455556666:user/Bob"},
            "Action": "s3:*",
            "Resource": "*",
        },
    )
    bob = PrincipalRef(kind="AWS", value="arn:aws:iam::444455556666:user/Bob")
    eve = PrincipalRef(kind="AWS", value="arn:aws:iam::444455556666:user/Eve")
    assert evaluate([policy], Request("s3:GetObject", BUCKET, bob)).allowed
    assert evaluate([policy], Request("s3:GetObject", BUCKET, eve)).effect == "ExplicitDeny"


def test_account_principal_names_every_principal_of_that_account() -> None:
    policy = doc(
        {
            "Effect": "Allow",
            "Principal": {"AWS": ["111122223333"]},
            "Action": "sqs:*",
            "Resource": "*",
        }
    )
    inside = PrincipalRef(kind="AWS", value="arn:aws:iam::111122223333:role/x")
    outside = PrincipalRef(kind="AWS", value="arn:aws:iam::999999999999:role/x")
    assert evaluate([policy], Request("sqs:SendMessage", "*", inside)).allowed
    assert not evaluate([policy], Request("sqs:SendMessage", "*", outside)).allowed


# --- condition operators ------------------------------------------------------------

JOB = {"StringEquals": {"aws:PrincipalTag/job-category": "iamuser-admin"}}


@pytest.mark.parametrize(
    ("condition", "context", "expected"),
    [
        # COND: the job-category example, tag present / other value / absent
        (JOB, {"aws:principaltag/job-category": ("iamuser-admin",)}, True),
        (JOB, {"aws:principaltag/job-category": ("dev",)}, False),
        (JOB, {}, False),
        # COND: a negated operator is true when the key is absent
        ({"StringNotLike": {"aws:PrincipalTag/team": "a*"}}, {}, True),
        (
            {"StringNotEquals": {"aws:SourceVpce": ["vpce-1", "vpce-2"]}},
            {"aws:sourcevpce": ("vpce-2",)},
            False,
        ),
        (
            {"StringNotEquals": {"aws:SourceVpce": ["vpce-1", "vpce-2"]}},
            {"aws:sourcevpce": ("vpce-3",)},
            True,
        ),
        # COND ...IfExists: absent key passes, present key is checked
        ({"StringEqualsIfExists": {"ec2:InstanceType": "t2.micro"}}, {}, True),
        (
            {"StringEqualsIfExists": {"ec2:InstanceType": "t2.micro"}},
            {"ec2:instancetype": ("m5.large",)},
            False,
        ),
        # COND Null
        ({"Null": {"aws:TokenIssueTime": "true"}}, {}, True),
        ({"Null": {"aws:TokenIssueTime": "false"}}, {}, False),
        # COND numeric, date, IP, ARN, Bool
        ({"NumericLessThanEquals": {"s3:max-keys": "10"}}, {"s3:max-keys": ("10",)}, True),
        ({"NumericLessThanEquals": {"s3:max-keys": "10"}}, {"s3:max-keys": ("11",)}, False),
        (
            {"DateGreaterThan": {"aws:CurrentTime": "2020-04-01T00:00:00Z"}},
            {"aws:currenttime": ("2020-04-01T00:00:01Z",)},
            True,
        ),
        (
            {"DateGreaterThan": {"aws:CurrentTime": "2020-04-01T00:00:00Z"}},
            {"aws:currenttime": ("2020-04-01T00:00:00Z",)},
            False,
        ),
        (
            {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}},
            {"aws:sourceip": ("203.0.113.255",)},
            True,
        ),
        (
            {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}},
            {"aws:sourceip": ("203.0.114.0",)},
            False,
        ),
        (
            {"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}},
            {"aws:sourceip": ("203.0.114.0",)},
            True,
        ),
        (
            {"ArnLike": {"aws:SourceArn": "arn:aws:sns:*:123456789012:*"}},
            {"aws:sourcearn": ("arn:aws:sns:us-east-1:123456789012:t",)},
            True,
        ),
        (
            {"ArnLike": {"aws:SourceArn": "arn:aws:sns:*:123456789012:*"}},
            {"aws:sourcearn": ("arn:aws:sns:us-east-1:210987654321:t",)},
            False,
        ),
        ({"Bool": {"aws:SecureTransport": False}}, {"aws:securetransport": ("false",)}, True),
        # SETS: ForAllValues is true for an absent key; ForAnyValue is false
        ({"ForAllValues:StringEquals": {"aws:TagKeys": ["environment", "cost-center"]}}, {}, True),
        (
            {"ForAllValues:StringEquals": {"aws:TagKeys": ["environment", "cost-center"]}},
            {"aws:tagkeys": ("environment", "owner")},
            False,
        ),
        ({"ForAnyValue:StringEquals": {"aws:TagKeys": ["environment"]}}, {}, False),
        (
            {"ForAnyValue:StringEquals": {"aws:TagKeys": ["environment"]}},
            {"aws:tagkeys": ("owner", "environment")},
            True,
        ),
    ],
)
def test_condition_operators(
    condition: dict[str, Any], context: dict[str, tuple[str, ...]], expected: bool
) -> None:
    policy = doc(
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": condition}
    )
    assert evaluate([policy], Request("s3:GetObject", "*", context=context)).allowed is expected


def test_unknown_operator_is_malformed() -> None:
    with pytest.raises(ValueError, match="unknown condition operator"):
        doc(
            {
                "Effect": "Allow",
                "Action": "*",
                "Resource": "*",
                "Condition": {"StringEqualz": {"a:b": "c"}},
            }
        )


# --- catalogue ----------------------------------------------------------------------


def test_expansion_uses_the_catalogue_case_insensitively() -> None:
    names = {a.name for a in expand(["IAM:attach*Policy"])}
    assert names == {"iam:AttachGroupPolicy", "iam:AttachRolePolicy", "iam:AttachUserPolicy"}
    levels = {a.access_level for a in expand(["s3:Get*"])}
    assert "Read" in levels


# --- exposure -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("statement", "public"),
    [
        (allow_public(), True),
        (allow_public(Principal={"AWS": "*"}), True),
        (allow_public(Principal={"AWS": ["*", "111122223333"]}), True),
        (allow_public(Principal={"AWS": "111122223333"}), False),
        (allow_public(Effect="Deny"), False),
        # S3PUB: a fixed aws:SourceIp set restricts, 0.0.0.0/0 does not
        (allow_public(Condition={"IpAddress": {"aws:SourceIp": "192.0.2.0/24"}}), False),
        (allow_public(Condition={"IpAddress": {"aws:SourceIp": "0.0.0.0/0"}}), True),
        # S3PUB: fixed aws:SourceVpce / aws:SourceAccount restrict; wildcards do not
        (allow_public(Condition={"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}), False),
        (allow_public(Condition={"StringLike": {"aws:SourceVpce": "vpce-*"}}), True),
        (allow_public(Condition={"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}), False),
        # an absent key passes IfExists: anonymous callers have no SourceAccount
        (
            allow_public(Condition={"StringEqualsIfExists": {"aws:SourceAccount": "111122223333"}}),
            True,
        ),
        # the negated form lets everyone else in
        (
            allow_public(Condition={"StringNotEquals": {"aws:PrincipalAccount": "111122223333"}}),
            True,
        ),
        # caller-controlled keys never restrict who (aws:Referer is documented as spoofable)
        (allow_public(Condition={"StringLike": {"aws:Referer": "https://example.com/*"}}), True),
        (allow_public(Condition={"Bool": {"aws:SecureTransport": "true"}}), True),
        (
            allow_public(NotPrincipal={"AWS": "arn:aws:iam::111122223333:root"}, Principal=None),
            True,
        ),
    ],
)
def test_public_grants(statement: dict[str, Any], public: bool) -> None:
    statement = {k: v for k, v in statement.items() if v is not None}
    assert public_access(doc(statement), service="s3").public is public


def test_public_grant_names_actions() -> None:
    exposure = public_access(doc(allow_public(Action=["s3:Get*", "s3:ListBucket"])), service="s3")
    names = {a.name for a in exposure.actions}
    assert {"s3:GetObject", "s3:ListBucket"} <= names
    assert "s3:PutObject" not in names


def test_deny_unless_vpce_fences_everyone_off() -> None:
    fence = {
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": [BUCKET, OBJECTS],
        "Condition": {"StringNotEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}},
    }
    assert not public_access(doc(allow_public(), fence), service="s3").public
    # near miss: the fence covers the bucket ARN only, not its objects
    narrow = fence | {"Resource": BUCKET}
    assert public_access(doc(allow_public(), narrow), service="s3").public
    # near miss: a TLS deny is escaped by using TLS
    tls = fence | {"Condition": {"Bool": {"aws:SecureTransport": "false"}}}
    assert public_access(doc(allow_public(), tls), service="s3").public


def test_unknown_condition_key_is_reported_not_guessed() -> None:
    exposure = public_access(
        doc(allow_public(Condition={"StringEquals": {"example:Invented": "x"}})), service="s3"
    )
    assert not exposure.public
    assert exposure.undetermined
    assert exposure.undetermined_keys == ("example:Invented",)
    assert classify("example:Invented").klass == "unknown"
    assert classify("s3:x-amz-acl").klass == "caller"
    assert classify("AWS:SourceVpce").klass == "who"


# --- TLS-only proof -----------------------------------------------------------------

TLS_DENY = {  # S3EX / AWS Knowledge Center: deny everything over plain HTTP
    "Effect": "Deny",
    "Principal": "*",
    "Action": "s3:*",
    "Resource": [BUCKET, OBJECTS],
    "Condition": {"Bool": {"aws:SecureTransport": "false"}},
}


@pytest.mark.parametrize(
    ("statements", "proven"),
    [
        ([TLS_DENY], True),
        ([TLS_DENY | {"Principal": {"AWS": "*"}}], True),
        ([TLS_DENY | {"Action": "*"}], True),
        ([TLS_DENY | {"Condition": {"BoolIfExists": {"aws:SecureTransport": "false"}}}], True),
        ([TLS_DENY | {"Resource": BUCKET}, TLS_DENY | {"Resource": OBJECTS}], True),
        # near misses
        ([TLS_DENY | {"Resource": OBJECTS}], False),
        ([TLS_DENY | {"Action": "s3:GetObject"}], False),
        ([TLS_DENY | {"Effect": "Allow"}], False),
        ([TLS_DENY | {"Condition": {"Bool": {"aws:SecureTransport": "true"}}}], False),
        ([TLS_DENY | {"Principal": {"AWS": "arn:aws:iam::111122223333:root"}}], False),
        (
            [
                {k: v for k, v in TLS_DENY.items() if k != "Principal"}
                | {"NotPrincipal": {"AWS": "arn:aws:iam::111122223333:root"}}
            ],
            False,
        ),
        # s3:TlsVersion is absent on plain HTTP, so NumericLessThan is false there
        ([TLS_DENY | {"Condition": {"NumericLessThan": {"s3:TlsVersion": "1.2"}}}], False),
        # an extra condition narrows the deny
        (
            [
                TLS_DENY
                | {
                    "Condition": {
                        "Bool": {"aws:SecureTransport": "false"},
                        "StringEquals": {"aws:PrincipalAccount": "111122223333"},
                    }
                }
            ],
            False,
        ),
    ],
)
def test_tls_only_proof(statements: list[dict[str, Any]], proven: bool) -> None:
    result, _ = denies_insecure_transport(doc(*statements), (BUCKET, OBJECTS), service="s3")
    assert result is proven


# --- effective permissions and escalation ------------------------------------------


def test_rhino_passrole_ec2_needs_both_actions() -> None:  # RHINO method 3
    both = Permissions.of(
        [doc({"Effect": "Allow", "Action": ["iam:PassRole", "ec2:RunInstances"], "Resource": "*"})]
    )
    assert "passrole-ec2" in {p.method.id for p in escalation_paths(both)}
    one = Permissions.of(
        [doc({"Effect": "Allow", "Action": ["ec2:RunInstances"], "Resource": "*"})]
    )
    assert "passrole-ec2" not in {p.method.id for p in escalation_paths(one)}


def test_deny_in_another_policy_removes_a_method() -> None:
    grant = doc({"Effect": "Allow", "Action": "iam:Attach*", "Resource": "*"})
    deny = doc({"Effect": "Deny", "Action": "iam:AttachUserPolicy", "Resource": "*"})
    ids = {p.method.id for p in escalation_paths(Permissions.of([grant, deny]))}
    assert "attach-user-policy" not in ids
    assert "attach-role-policy" in ids
    # near miss: a conditional deny does not remove the grant
    soft = doc({"Effect": "Deny", "Action": "iam:AttachUserPolicy", "Resource": "*",
                "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}})  # fmt: skip
    assert "attach-user-policy" in {
        p.method.id for p in escalation_paths(Permissions.of([grant, soft]))
    }


@pytest.mark.parametrize(
    ("statement", "admin"),
    [
        ({"Effect": "Allow", "Action": "*", "Resource": "*"}, True),
        ({"Effect": "Allow", "Action": "*:*", "Resource": "*"}, True),
        ({"Effect": "Allow", "Action": ["s3:*", "*"], "Resource": ["*"]}, True),
        ({"Effect": "Allow", "NotAction": "s3:*", "Resource": "*"}, True),
        ({"Effect": "Allow", "NotAction": ["iam:*", "organizations:*"], "Resource": "*"}, False),
        ({"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::b/*"}, False),
        ({"Effect": "Allow", "Action": "iam:*", "Resource": "*"}, False),
        (
            {
                "Effect": "Allow",
                "Action": "*",
                "Resource": "*",
                "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}},
            },
            False,
        ),
    ],
)
def test_admin_equivalence(statement: dict[str, Any], admin: bool) -> None:
    assert (Permissions.of([doc(statement)]).admin_equivalent is not None) is admin
