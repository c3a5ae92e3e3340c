"""Backup vault access policies: read per vault, judged by the policy engine (BACKUP-306).

GetBackupVaultAccessPolicy returns ``Policy`` (a JSON string); a vault without a policy
answers ResourceNotFoundException (AWS Backup API reference). Example policies follow the
AWS Backup Developer Guide, "Vault access policies" (deny DeleteRecoveryPoint; allow
CopyIntoBackupVault to an organisation with aws:PrincipalOrgID).
moto does not implement the call: the collector still calls it and reports a
``NotImplemented`` CollectionError for the vault; BACKUP-306 then says UNKNOWN.
"""

from __future__ import annotations

import json

import pytest

from checks.services.resource_policy import backup_vault_policy_not_public
from providers.aws.backup_vault_policy import collect_backup_vault_policies
from providers.aws.session import AwsSession
from scanner.errors import CollectionError
from scanner.findings import Status
from scanner.model import BackupVaultPolicy, PolicyDocument
from scanner.policy import parse_policy_document
from tests.checks.factories_config import backup_vault_policy
from tests.providers.aws.scripted import script

REGION = "us-east-1"
VAULT = "arn:aws:backup:us-east-1:123456789012:backup-vault:{name}"


def _policy(*statements: dict[str, object]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


COPY_FROM_ANYONE = {
    "Effect": "Allow", "Principal": "*", "Action": "backup:CopyIntoBackupVault",
    "Resource": "*",
}  # fmt: skip
COPY_FROM_ORG = {
    **COPY_FROM_ANYONE, "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}},
}  # fmt: skip
DENY_DELETE = {
    "Effect": "Deny", "Principal": "*",
    "Action": ["backup:DeleteRecoveryPoint", "backup:UpdateRecoveryPointLifecycle"],
    "Resource": "*",
}  # fmt: skip
COPY_FROM_ANYONE_WITH_SOURCE_IP = {
    **COPY_FROM_ANYONE, "Condition": {"IpAddress": {"aws:SourceIp": "0.0.0.0/0"}},
}  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (_policy(COPY_FROM_ANYONE), Status.FAIL),
        (_policy(COPY_FROM_ORG), Status.PASS),  # near miss: restricted to the organisation
        (_policy(DENY_DELETE), Status.PASS),  # the guide's protective policy
        (_policy(DENY_DELETE, COPY_FROM_ANYONE), Status.FAIL),
        (_policy(COPY_FROM_ANYONE_WITH_SOURCE_IP), Status.FAIL),  # 0.0.0.0/0 restricts nobody
        (None, Status.PASS),  # no policy at all
    ],
)
def test_backup_vault_policy_twins(text: str | None, expected: Status) -> None:
    document = PolicyDocument() if text is None else parse_policy_document(text)
    result = backup_vault_policy_not_public(backup_vault_policy(policy_document=document))
    assert result.status is expected
    if expected is Status.FAIL:
        assert "CopyIntoBackupVault" in result.reason


def test_unread_policy_is_unknown() -> None:
    result = backup_vault_policy_not_public(backup_vault_policy(policy_document=None))
    assert result.status is Status.UNKNOWN


def _vault(session: AwsSession, name: str) -> None:
    session.client("backup", REGION).create_backup_vault(BackupVaultName=name)


def test_moto_lacks_the_call_the_vault_is_kept_and_its_policy_unknown(
    aws_session: AwsSession,
) -> None:
    _vault(aws_session, "vault-main")
    vault, error = collect_backup_vault_policies(aws_session, REGION)
    assert isinstance(vault, BackupVaultPolicy)
    assert vault.policy_document is None
    assert isinstance(error, CollectionError)
    assert (error.cause, error.uid) == ("NotImplemented", vault.uid)
    assert error.permission == "backup:GetBackupVaultAccessPolicy"
    assert backup_vault_policy_not_public(vault).status is Status.UNKNOWN


def test_answers_as_aws_gives_them(aws_session: AwsSession) -> None:
    """The real client with GetBackupVaultAccessPolicy answered as the API reference shows:
    a policy for one vault, ResourceNotFoundException (no policy) for the other. Vaults are
    read concurrently, so which vault gets which answer is not fixed: one of each verdict."""
    _vault(aws_session, "vault-a")
    _vault(aws_session, "vault-b")
    client = aws_session.client("backup", REGION)
    answers = ({"Policy": _policy(COPY_FROM_ANYONE)}, "ResourceNotFoundException")
    script(client, "GetBackupVaultAccessPolicy", *answers)
    items = list(collect_backup_vault_policies(aws_session, REGION))
    assert all(isinstance(i, BackupVaultPolicy) for i in items), items
    verdicts = {i.name: backup_vault_policy_not_public(i).status for i in items}
    assert sorted(verdicts.values()) == sorted([Status.FAIL, Status.PASS])
