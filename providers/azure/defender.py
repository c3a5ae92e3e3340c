"""Defender for Cloud notification settings and server components (CIS Azure 8.1.x).

Security contacts (``Microsoft.Security/securityContacts``, api-version 2023-12-01-preview:
``emails``, ``isEnabled``, ``notificationsByRole{state, roles}``, ``notificationsSources[]``
with ``sourceType`` Alert/``minimalSeverity`` and AttackPath/``minimalRiskLevel``) and
settings (``Microsoft.Security/settings``, 2022-05-01: ``WDATP`` = the endpoint protection
component) are not in Resource Graph, so each takes one ARM GET per subscription; the
management SDK has no 2023-12-01-preview contacts, hence the REST client. System update
assessments and machines come from Resource Graph.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any

from providers.azure.errors import SDK_ERRORS, translate_error
from providers.azure.governance import _account_level
from providers.azure.network import GRAPH_READ
from providers.azure.rest import ArmRestClient
from providers.azure.rows import RowTable, of_type, props
from providers.azure.session import AzureSession
from scanner.errors import CollectionError
from scanner.model import DefenderSettings
from scanner.provider import Collector, Item

CONTACTS_API = "2023-12-01-preview"
SETTINGS_API = "2022-05-01"
CONTACTS_READ = "Microsoft.Security/securityContacts/read"
SETTINGS_READ = "Microsoft.Security/settings/read"
ASSESSMENT = "microsoft.security/assessments"
VM = "microsoft.compute/virtualmachines"


def _contact_fields(contacts: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Merge every enabled contact (normally the one named 'default')."""
    emails: dict[str, None] = {}
    roles: dict[str, None] = {}
    severities: list[str] = []
    risks: list[str] = []
    for contact in contacts:
        p = props(contact)
        if p.get("isEnabled") is False:
            continue
        emails.update(dict.fromkeys(e.strip() for e in str(p.get("emails") or "").split(";")))
        by_role = p.get("notificationsByRole") or {}
        if str(by_role.get("state", "")).lower() == "on":
            roles.update(dict.fromkeys(str(r) for r in by_role.get("roles") or ()))
        for source in p.get("notificationsSources") or ():
            kind = str(source.get("sourceType", "")).lower()
            if kind == "alert" and source.get("minimalSeverity"):
                severities.append(str(source["minimalSeverity"]))
            if kind == "attackpath" and source.get("minimalRiskLevel"):
                risks.append(str(source["minimalRiskLevel"]))
        legacy = p.get("alertNotifications") or {}  # api-version 2020-01-01-preview shape
        if str(legacy.get("state", "")).lower() == "on":
            severities.append(str(legacy.get("minimalSeverity") or "High"))
    return {
        "contact_emails": tuple(e for e in emails if e),
        "notify_roles": tuple(roles),
        "alert_min_severity": _lowest(severities),
        "attack_path_min_risk": _lowest(risks),
    }


_LEVELS = ("low", "medium", "high", "critical")


def _lowest(levels: Sequence[str]) -> str:
    """The most inclusive level configured ('' when none); unknown spellings sort last."""
    rank = {name: i for i, name in enumerate(_LEVELS)}
    return min(levels, key=lambda s: rank.get(s.lower(), len(_LEVELS)), default="")


def _endpoint_protection(settings: Sequence[Mapping[str, Any]] | None) -> bool | None:
    if settings is None:
        return None
    for setting in settings:
        if str(setting.get("name", "")).lower() == "wdatp":
            enabled = props(setting).get("enabled")
            return enabled if isinstance(enabled, bool) else None
    return None


def to_defender_settings(
    contacts: Sequence[Mapping[str, Any]] | None,
    settings: Sequence[Mapping[str, Any]] | None,
    rows: list[dict[str, Any]] | RowTable,
    *,
    subscription: str,
    collected_at: datetime,
) -> DefenderSettings:
    """Pure: contacts and settings (None: unread) plus Resource Graph rows -> the model."""
    fields: dict[str, Any] = (
        _contact_fields(contacts) if contacts is not None else {"contact_emails": None}
    )
    assessed: dict[str, None] = {}
    unhealthy: dict[str, None] = {}
    for row in of_type(rows, ASSESSMENT):
        p = props(row)
        machine = str((p.get("resourceDetails") or {}).get("Id") or row.get("id", "")).lower()
        code = str((p.get("status") or {}).get("code", "")).lower()
        if code in {"healthy", "unhealthy"}:
            assessed[machine] = None
        if code == "unhealthy":
            unhealthy[machine] = None
    return DefenderSettings(
        **_account_level(
            subscription, "Microsoft.Security/securityContacts", "defender-settings", collected_at
        ),
        **fields,
        endpoint_protection=_endpoint_protection(settings),
        machines=len(of_type(rows, VM)),
        update_assessed=tuple(assessed),
        update_unhealthy=tuple(unhealthy),
    )


def collect_defender_settings(session: AzureSession, subscription: str) -> Iterator[Item]:
    """One DefenderSettings per subscription; an unreadable API leaves its fields unknown."""
    rows = session.graph_rows(subscription, "DefenderSettings")
    contacts: list[dict[str, Any]] | None = None
    settings: list[dict[str, Any]] | None = None
    errors: list[Item] = []
    if session.offline:
        errors.append(_offline(subscription, "Defender security contacts and settings"))
    else:
        client = session.client(ArmRestClient)
        base = f"/subscriptions/{subscription}/providers/Microsoft.Security"
        try:
            contacts = list(client.pages(f"{base}/securityContacts", {"api-version": CONTACTS_API}))
        except SDK_ERRORS as err:
            errors.append(_error(err, subscription, CONTACTS_READ))
        try:
            settings = list(client.pages(f"{base}/settings", {"api-version": SETTINGS_API}))
        except SDK_ERRORS as err:
            errors.append(_error(err, subscription, SETTINGS_READ))
    model = to_defender_settings(
        contacts, settings, rows, subscription=subscription, collected_at=session.now()
    )
    if session.offline and not of_type(rows, ASSESSMENT):
        # an export without the assessments query says nothing about update checks
        model = model.model_copy(update={"update_assessed": None, "update_unhealthy": None})
    yield model
    yield from errors


def _error(err: Any, subscription: str, permission: str) -> Item:
    return translate_error(
        err,
        scope=subscription,
        resource="DefenderSettings",
        permission=permission,
        uid=f"/subscriptions/{subscription}/providers/Microsoft.Security/securityContacts",
    )


def _offline(subscription: str, what: str) -> Item:
    return CollectionError(
        "azure",
        subscription,
        "DefenderSettings",
        "NotInSnapshot",
        hint=f"A Resource Graph export has no {what}; run a live scan to evaluate them",
        uid=f"/subscriptions/{subscription}/providers/Microsoft.Security/securityContacts",
    )


COLLECTORS = (
    Collector(
        DefenderSettings,
        collect_defender_settings,
        permissions=(
            *GRAPH_READ,
            CONTACTS_READ,
            SETTINGS_READ,
            "Microsoft.Security/assessments/read",
            "Microsoft.Compute/virtualMachines/read",
        ),
    ),
)
