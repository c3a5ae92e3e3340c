"""The access policy of a backup vault (AWS Backup), read apart from the vault itself."""

from __future__ import annotations

from pydantic import Field

from scanner.model.base import Resource
from scanner.model.iam import PolicyDocument


class BackupVaultPolicy(Resource):
    """A backup vault's resource policy; ``uid`` is the vault's.

    A kind of its own (not a field of ``BackupVault``) because it needs its own API call:
    an endpoint without that call leaves only this unknown, not the vault's other checks.
    """

    vault: str = Field(description="The vault's name.")
    policy_document: PolicyDocument | None = Field(
        description="The vault access policy (empty: none set); None unread."
    )
