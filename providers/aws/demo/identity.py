"""IAM: users, roles, managed policies and the account password policy.

moto only knows AWS managed policies such as ``AdministratorAccess`` when started with
``MOTO_IAM_LOAD_MANAGED_POLICIES=true``, so the admin grants use a customer-managed
``FullAdmin`` policy (``*`` on ``*``) instead. moto cannot backdate access keys: the CI
user's key is new, so key-age and unused-credential checks pass on it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from providers.aws.demo.estate import DEMO_PASSWORD, Estate, policy
from scanner.model import ManagedPolicy, PasswordPolicy, Role, User

if TYPE_CHECKING:
    from mypy_boto3_iam import IAMClient

GLOBAL = "global"
ADMIN_POLICY = "FullAdmin"
FLOW_LOGS_ROLE = "demo-vpc-flow-logs-role"
CLOUDTRAIL_ROLE = "demo-cloudtrail-logs-role"
CONFIG_ROLE = "demo-config-recorder-role"

_EVERYTHING = {"Effect": "Allow", "Action": "*", "Resource": "*"}
_S3_READ = {"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": "*"}
_LOG_WRITE = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]
_SERVICE_ROLES = {
    FLOW_LOGS_ROLE: ("vpc-flow-logs.amazonaws.com", _LOG_WRITE),
    CLOUDTRAIL_ROLE: ("cloudtrail.amazonaws.com", _LOG_WRITE),
    CONFIG_ROLE: ("config.amazonaws.com", ["s3:PutObject", "config:Put*"]),
}


def seed_identity(estate: Estate) -> None:
    """Seed the account-wide IAM estate (recorded with region 'global')."""
    iam = estate.boto.client("iam", region_name="us-east-1")
    _password_policy(iam, estate)
    admin_arn = _managed_policies(iam, estate)
    _users(iam, estate, admin_arn)
    _roles(iam, estate, admin_arn)


def _password_policy(iam: IAMClient, estate: Estate) -> None:
    """A weak policy: 8 characters, no symbols, no reuse prevention, no expiry."""
    iam.update_account_password_policy(
        MinimumPasswordLength=8,
        RequireSymbols=False,
        RequireNumbers=True,
        RequireUppercaseCharacters=True,
        RequireLowercaseCharacters=True,
        AllowUsersToChangePassword=True,
    )
    uid = estate.arn("iam", "", "account-password-policy")
    estate.ledger.add(
        PasswordPolicy,
        uid,
        GLOBAL,
        "minimum length 8 (< 14)",
        "symbols not required",
        "no password reuse prevention",
        "passwords never expire",
    )


def _managed_policies(iam: IAMClient, estate: Estate) -> str:
    """A customer-managed admin policy and a scoped read-only one; return the admin ARN."""
    admin = iam.create_policy(PolicyName=ADMIN_POLICY, PolicyDocument=policy(_EVERYTHING))
    admin_arn = admin["Policy"]["Arn"]
    estate.ledger.add(ManagedPolicy, admin_arn, GLOBAL, "grants * on * (full admin)")
    read = iam.create_policy(PolicyName="demo-s3-read-only", PolicyDocument=policy(_S3_READ))
    estate.ledger.add(ManagedPolicy, read["Policy"]["Arn"], GLOBAL)
    return admin_arn


def _users(iam: IAMClient, estate: Estate, admin_arn: str) -> None:
    """Console users with and without MFA, a CI user with a key, two over-privileged users."""
    for name in ("demo-alice", "demo-bob", "demo-ci-deploy", "demo-intern", "demo-ops-admin"):
        iam.create_user(UserName=name, Tags=[{"Key": "Environment", "Value": "demo"}])
    for name in ("demo-alice", "demo-bob"):
        iam.create_login_profile(UserName=name, Password=DEMO_PASSWORD)
    device = iam.create_virtual_mfa_device(VirtualMFADeviceName="demo-alice")
    iam.enable_mfa_device(
        UserName="demo-alice",
        SerialNumber=device["VirtualMFADevice"]["SerialNumber"],
        AuthenticationCode1="123456",  # moto accepts any pair of TOTP codes
        AuthenticationCode2="654321",
    )
    iam.create_access_key(UserName="demo-ci-deploy")  # the secret is discarded, never logged
    read_arn = estate.arn("iam", "", "policy/demo-s3-read-only")
    iam.create_group(GroupName="demo-developers")
    iam.attach_group_policy(GroupName="demo-developers", PolicyArn=read_arn)
    iam.add_user_to_group(GroupName="demo-developers", UserName="demo-alice")
    iam.attach_user_policy(UserName="demo-ci-deploy", PolicyArn=read_arn)
    iam.put_user_policy(
        UserName="demo-intern", PolicyName="demo-everything", PolicyDocument=policy(_EVERYTHING)
    )
    iam.attach_user_policy(UserName="demo-ops-admin", PolicyArn=admin_arn)
    problems = {
        "demo-bob": "console password without MFA",
        "demo-ci-deploy": "policy attached directly instead of through a group",
        "demo-intern": "inline policy grants * on *",
        "demo-ops-admin": f"full admin policy {ADMIN_POLICY} attached directly",
    }
    for name in ("demo-alice", "demo-bob", "demo-ci-deploy", "demo-intern", "demo-ops-admin"):
        found = (problems[name],) if name in problems else ()
        estate.ledger.add(User, estate.arn("iam", "", f"user/{name}"), GLOBAL, *found)


def _roles(iam: IAMClient, estate: Estate, admin_arn: str) -> None:
    """Service roles for logging/Config, an admin role and a role anyone may assume."""
    for name, (service, actions) in _SERVICE_ROLES.items():
        trust = policy(
            {"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}
        )
        iam.create_role(RoleName=name, AssumeRolePolicyDocument=trust)
        scoped = policy({"Effect": "Allow", "Action": actions, "Resource": "*"})
        iam.put_role_policy(RoleName=name, PolicyName=f"{name}-policy", PolicyDocument=scoped)
        estate.ledger.add(Role, estate.role_arn(name), GLOBAL)
    account_trust = policy(
        {
            "Effect": "Allow",
            "Action": "sts:AssumeRole",
            "Principal": {"AWS": estate.arn("iam", "", "root")},
        }
    )
    iam.create_role(RoleName="demo-admin-role", AssumeRolePolicyDocument=account_trust)
    iam.attach_role_policy(RoleName="demo-admin-role", PolicyArn=admin_arn)
    estate.ledger.add(
        Role,
        estate.role_arn("demo-admin-role"),
        GLOBAL,
        f"full admin policy {ADMIN_POLICY} attached",
    )
    open_trust = policy({"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"})
    iam.create_role(RoleName="demo-open-trust-role", AssumeRolePolicyDocument=open_trust)
    iam.attach_role_policy(
        RoleName="demo-open-trust-role", PolicyArn=estate.arn("iam", "", "policy/demo-s3-read-only")
    )
    estate.ledger.add(
        Role,
        estate.role_arn("demo-open-trust-role"),
        GLOBAL,
        "trust policy allows any principal (*) to assume it",
    )
