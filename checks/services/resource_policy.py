"""Resource policies that let everyone act: queues, topics, secrets, repositories, keys.

Each check asks the policy engine what the resource's policy grants to everyone: a grant
to ``*`` (or through NotPrincipal) counts unless a condition restricts who may call
(``aws:SourceAccount``, ``aws:SourceArn``, ``aws:PrincipalOrgID``, ``kms:CallerAccount``...);
conditions the caller controls do not. The finding names the actions granted.
"""

from __future__ import annotations

from scanner.findings import Result, Severity, failed, passed, unknown
from scanner.model import (
    BackupVaultPolicy,
    ImageRepository,
    KmsKey,
    PolicyDocument,
    Queue,
    Secret,
    Topic,
)
from scanner.policy import public_access
from scanner.registry import check

NOT_PUBLIC = (
    "soc2:CC6.1",
    "iso27001-2022:A.5.15",
    "nist-csf-2.0:PR.AA-05",
    "nist-800-53-r5:AC-3",
)


def judge_resource_policy(document: PolicyDocument | None, service: str, what: str) -> Result:
    """FAIL naming the actions everyone may call; UNKNOWN when unread or undecidable."""
    if document is None:
        return unknown(f"{what} policy unreadable")
    exposure = public_access(document, service=service)
    if exposure.public:
        where = ", ".join(str(n) for n in exposure.statements)
        return failed(f"{what} policy lets anyone call {exposure.describe()} (statement {where})")
    if exposure.undetermined:
        keys = ", ".join(exposure.undetermined_keys)
        return unknown(f"a grant to everyone depends on unclassified condition key(s) {keys}")
    if exposure.restricted_by:
        return passed(f"grants to everyone are restricted by {', '.join(exposure.restricted_by)}")
    return passed(f"{what} policy grants nothing to everyone")


@check(
    id="SVC-006",
    title="Queue policies do not let everyone act on the queue",
    severity=Severity.HIGH,
    resource=Queue,
    controls=NOT_PUBLIC,
    providers=("aws",),
)
def queue_policy_not_public(queue: Queue) -> Result:
    """A queue policy granting everyone ``sqs:SendMessage`` or ``sqs:ReceiveMessage`` lets
    any AWS account inject or read messages.

    Remediation: name the accounts or services allowed, or add a fixed ``aws:SourceArn`` /
    ``aws:SourceAccount`` condition for service senders.
    """
    return judge_resource_policy(queue.policy_document, "sqs", "queue")


@check(
    id="SVC-007",
    title="Topic policies do not let everyone act on the topic",
    severity=Severity.HIGH,
    resource=Topic,
    controls=NOT_PUBLIC,
    providers=("aws",),
)
def topic_policy_not_public(topic: Topic) -> Result:
    """A topic policy granting everyone ``sns:Publish`` or ``sns:Subscribe`` lets any AWS
    account send to every subscriber or receive every message.

    Remediation: keep the default ``AWS:SourceOwner`` condition, or name the accounts and
    services allowed.
    """
    return judge_resource_policy(topic.policy_document, "sns", "topic")


@check(
    id="SVC-008",
    title="Secret resource policies do not let everyone read the secret",
    severity=Severity.CRITICAL,
    resource=Secret,
    controls=NOT_PUBLIC,
    providers=("aws",),
)
def secret_policy_not_public(secret: Secret) -> Result:
    """A secret's resource policy granting everyone ``secretsmanager:GetSecretValue`` hands
    the credential to any AWS account.

    Remediation: remove the statement or name the principals that need the secret;
    Secrets Manager's BlockPublicPolicy option refuses such policies.
    """
    return judge_resource_policy(secret.policy_document, "secretsmanager", "secret")


@check(
    id="SVC-009",
    title="Image repository policies do not let everyone act on the repository",
    severity=Severity.HIGH,
    resource=ImageRepository,
    controls=NOT_PUBLIC,
    providers=("aws",),
)
def repository_policy_not_public(repository: ImageRepository) -> Result:
    """A repository policy granting everyone pull or push lets any AWS account download
    the images (and secrets baked into them) or replace them.

    Remediation: name the accounts allowed, or restrict with ``aws:PrincipalOrgID``.
    """
    return judge_resource_policy(repository.policy_document, "ecr", "repository")


@check(
    id="CRYPTO-003",
    title="Key policies do not let everyone use or manage the key",
    severity=Severity.CRITICAL,
    resource=KmsKey,
    controls=NOT_PUBLIC,
    providers=("aws",),
)
def key_policy_not_public(key: KmsKey) -> Result:
    """A key policy granting everyone KMS actions lets any AWS account decrypt data
    protected by the key, or change who controls it.

    Remediation: name the account root and roles that use the key, or restrict with
    ``kms:CallerAccount`` / ``aws:PrincipalOrgID``.
    """
    return judge_resource_policy(key.policy_document, "kms", "key")


@check(
    id="BACKUP-306",
    title="Backup vault access policies do not let everyone act on the vault",
    severity=Severity.HIGH,
    resource=BackupVaultPolicy,
    controls=NOT_PUBLIC,
    providers=("aws",),
)
def backup_vault_policy_not_public(vault: BackupVaultPolicy) -> Result:
    """A vault access policy granting everyone ``backup:CopyIntoBackupVault`` lets any
    account fill the vault, and one granting ``backup:DeleteRecoveryPoint`` or
    ``backup:PutBackupVaultAccessPolicy`` lets anyone destroy the backups a recovery needs.

    Remediation: name the accounts (or the organisation, with ``aws:PrincipalOrgID``)
    allowed to act on the vault, and keep a Deny on deleting recovery points.
    """
    return judge_resource_policy(vault.policy_document, "backup", "vault access")
