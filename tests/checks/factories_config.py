"""Factories for the kinds added with thresholds and coverage (issue 13): compliant defaults."""

from __future__ import annotations

from typing import Any

from scanner.model import BackupVaultPolicy, PolicyDocument
from tests.checks.factories import FACTORIES, make


def backup_vault_policy(**overrides: Any) -> BackupVaultPolicy:
    """A vault with no access policy set."""
    return make(
        BackupVaultPolicy, {"vault": "main", "policy_document": PolicyDocument()}, overrides
    )


FACTORIES[BackupVaultPolicy] = backup_vault_policy
