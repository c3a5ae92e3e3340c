"""Checks over the account-level audit logging configuration."""

from __future__ import annotations

from checks._common import setting
from checks.logging._controls import AUDIT_TRAIL
from scanner.findings import Result, Severity
from scanner.model import AuditLogConfig
from scanner.registry import check


@check(
    id="LOG-006",
    title="The account has an account-wide audit trail that is logging",
    severity=Severity.HIGH,
    resource=AuditLogConfig,
    controls=AUDIT_TRAIL,
)
def account_has_account_wide_trail(config: AuditLogConfig) -> Result:
    """Per-region trails drift as regions are added; only an account-wide (multi-region or
    organisation) trail guarantees every API call is recorded, including global services.

    Remediation: create a multi-region trail (or adopt the organisation trail) with
    management events for read and write, and keep it logging.
    """
    trails = ", ".join(config.trails) or "none listed"
    return setting(
        config.account_wide_trail,
        on=f"account-wide trail(s): {trails}",
        off="no multi-region or organisation trail is logging",
        unread="trail configuration unreadable",
    )
