"""Azure provider: Resource Graph inventory plus management SDK details, behind the model."""

from __future__ import annotations

from typing import Any

from providers.azure import (
    certificates,
    compute,
    databricks,
    defender,
    edge,
    entra,
    files,
    footprint,
    governance,
    keyvault,
    monitor,
    network,
    recovery,
    sql,
    storage,
)
from providers.azure.session import AzureSession, scopes
from providers.azure.snapshot import open_snapshot
from scanner.provider import Collector, ProviderSpec

COLLECTORS: tuple[Collector[AzureSession], ...] = (
    *network.COLLECTORS,
    *keyvault.COLLECTORS,
    *storage.COLLECTORS,
    *compute.COLLECTORS,
    *sql.COLLECTORS,
    *recovery.COLLECTORS,
    *governance.COLLECTORS,
    *monitor.COLLECTORS,
    *edge.COLLECTORS,
    *footprint.COLLECTORS,
    *defender.COLLECTORS,
    *databricks.COLLECTORS,
    *files.COLLECTORS,
    *entra.COLLECTORS,
    *certificates.COLLECTORS,
)


def role_definition(actions: list[str]) -> dict[str, Any]:
    """The collectors' read actions as an Azure custom role definition (JSON for az CLI).

    Microsoft Graph permissions (``graph:...``) are not ARM actions: they are listed apart,
    as the application permissions to consent to for the Entra ID checks.
    """
    graph = sorted({a.removeprefix("graph:") for a in actions if a.startswith("graph:")})
    return {
        "Name": "complyscan reader",
        "IsCustom": True,
        "Description": "Read-only access complyscan needs to evaluate compliance checks. "
        "Entra ID checks also need the Microsoft Graph application permissions "
        f"{', '.join(graph)} (read-only, admin consent).",
        "Actions": sorted({a for a in actions if not a.startswith(("graph:", "data:"))}),
        "NotActions": [],
        "DataActions": sorted({a.removeprefix("data:") for a in actions if a.startswith("data:")}),
        "NotDataActions": [],
        "AssignableScopes": ["/subscriptions/{subscriptionId}"],
    }


PROVIDER: ProviderSpec[AzureSession] = ProviderSpec(
    name="azure",
    connect=AzureSession.connect,
    scopes=scopes,
    collectors=COLLECTORS,
    open_snapshot=open_snapshot,
    permission_policy=role_definition,
)

__all__ = ["COLLECTORS", "PROVIDER", "AzureSession", "role_definition"]
