"""AWS Backup vault access policies: GetBackupVaultAccessPolicy per vault.

A vault without a policy answers ResourceNotFoundException (AWS Backup API reference),
which is an empty policy. An endpoint that lacks the call (moto) yields the vault's policy
as unknown with a ``NotImplemented`` CollectionError for its uid.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import botocore.exceptions

from providers.aws.backup_selection import Unread, guarded
from providers.aws.resilience import unread_error
from providers.aws.resource_policy import policy_from_text
from providers.aws.session import SDK_ERRORS, AwsSession, error_code, paginate, translate_error
from scanner.model import BackupVaultPolicy, PolicyDocument
from scanner.provider import Collector, Item

LIST_VAULTS = "backup:ListBackupVaults"
VAULT_POLICY = "backup:GetBackupVaultAccessPolicy"


def vault_policy(client: Any, name: str) -> PolicyDocument:
    """The vault's access policy (empty when none is set); raises Unread when unreadable."""
    try:
        answer = guarded(VAULT_POLICY, client.get_backup_vault_access_policy, BackupVaultName=name)
    except Unread as failure:
        err = failure.error
        if isinstance(err, botocore.exceptions.ClientError) and (
            error_code(err) == "ResourceNotFoundException"
        ):
            return PolicyDocument()
        raise
    document = policy_from_text(answer.get("Policy"))
    if document is None:
        raise Unread(VAULT_POLICY, ValueError("malformed vault access policy"))
    return document


def collect_backup_vault_policies(session: AwsSession, region: str) -> Iterator[Item]:
    """Yield every vault's access policy in ``region`` (read concurrently)."""
    client = session.client("backup", region)
    try:
        vaults = paginate(client, "list_backup_vaults", "BackupVaultList")
    except SDK_ERRORS as err:
        raise translate_error(
            err, scope=region, resource="BackupVaultPolicy", permission=LIST_VAULTS
        ) from err

    def read(vault: Mapping[str, Any]) -> PolicyDocument | Unread:
        try:
            return vault_policy(client, str(vault["BackupVaultName"]))
        except Unread as failure:
            return failure

    now = session.now()
    for vault, policy in zip(vaults, session.map(read, vaults), strict=True):
        uid, name = str(vault["BackupVaultArn"]), str(vault["BackupVaultName"])
        yield BackupVaultPolicy(
            uid=uid, provider="aws", account=session.account, region=region, service="backup",
            name=name, collected_at=now, vault=name,
            policy_document=policy if isinstance(policy, PolicyDocument) else None,
        )  # fmt: skip
        if isinstance(policy, Unread):
            yield unread_error(policy, scope=region, resource="BackupVaultPolicy", uid=uid)


COLLECTORS = (
    Collector(
        BackupVaultPolicy,
        collect_backup_vault_policies,
        permissions=(LIST_VAULTS, VAULT_POLICY),
    ),
)
