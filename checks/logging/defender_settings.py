"""Defender for Cloud notifications and server components (CIS Azure 8.1.3.3, 8.1.10-15).

Semantics: Microsoft.Security securityContacts (2023-12-01-preview) reference and "Configure
email notifications for alerts and attack paths" (Defender for Cloud docs): role mail needs
notificationsByRole.state On; alert and attack path mail each need a notificationsSources
entry, whose minimal severity/risk level includes every higher one; a contact with
isEnabled false sends nothing.
"""

from __future__ import annotations

from checks._common import setting
from scanner.findings import Result, Severity, failed, not_applicable, passed, unknown
from scanner.model import DefenderSettings
from scanner.registry import check

_NOTIFY = (
    "soc2:CC7.3",
    "iso27001-2022:A.8.16",
    "nist-csf-2.0:DE.AE-06",
    "nist-800-53-r5:IR-6",
)
_ENDPOINT = ("soc2:CC6.8", "iso27001-2022:A.8.7", "nist-csf-2.0:DE.CM-09", "nist-800-53-r5:SI-3")
_PATCH = ("soc2:CC7.1", "iso27001-2022:A.8.8", "nist-csf-2.0:ID.RA-01", "nist-800-53-r5:SI-2")


@check(
    id="LOG-251",
    title="Defender for Cloud mails security alerts to subscription owners",
    severity=Severity.MEDIUM,
    resource=DefenderSettings,
    controls=(*_NOTIFY, "cis-azure:8.1.12"),
    providers=("azure",),
)
def defender_notifies_owners(settings: DefenderSettings) -> Result:
    """If owners are not mailed, high-severity alerts about their subscription can sit
    unread in the portal while an attack proceeds.

    Remediation: in Defender for Cloud > Environment settings > Email notifications, set
    "All users with the following roles" to include Owner.
    """
    roles = settings.notify_roles
    if roles is None:
        return unknown("security contact settings unreadable")
    if any(r.lower() == "owner" for r in roles):
        return passed(f"role notifications on for {', '.join(roles)}")
    return failed("Owner is not notified" + (f" (only {', '.join(roles)})" if roles else ""))


@check(
    id="LOG-252",
    title="Defender for Cloud has a security contact email address",
    severity=Severity.MEDIUM,
    resource=DefenderSettings,
    controls=(*_NOTIFY, "cis-azure:8.1.13"),
    providers=("azure",),
)
def defender_has_contact_email(settings: DefenderSettings) -> Result:
    """Without a security contact address, Microsoft and Defender for Cloud have nobody to
    reach when they detect a compromise of the subscription.

    Remediation: in Email notifications, set "Additional email addresses" to a monitored
    security team mailbox.
    """
    emails = settings.contact_emails
    if emails is None:
        return unknown("security contact settings unreadable")
    if not emails:
        return failed("no security contact email address")
    return passed(f"{len(emails)} security contact address(es)")


@check(
    id="LOG-253",
    title="Defender for Cloud mails alerts by severity",
    severity=Severity.MEDIUM,
    resource=DefenderSettings,
    controls=(*_NOTIFY, "cis-azure:8.1.14"),
    providers=("azure",),
)
def defender_alert_notifications(settings: DefenderSettings) -> Result:
    """With alert mail off, nobody outside the portal learns of new security alerts.

    Remediation: tick "Notify about alerts with the following severity (or higher)" and
    choose a severity (High at least).
    """
    level = settings.alert_min_severity
    if level is None:
        return unknown("security contact settings unreadable")
    if not level:
        return failed("alert email notifications are off")
    return passed(f"alerts of severity {level} or higher are mailed")


@check(
    id="LOG-254",
    title="Defender for Cloud mails attack paths by risk level",
    severity=Severity.LOW,
    resource=DefenderSettings,
    controls=(*_NOTIFY, "cis-azure:8.1.15"),
    providers=("azure",),
)
def defender_attack_path_notifications(settings: DefenderSettings) -> Result:
    """Attack paths show chains of weaknesses leading to critical assets; without mail they
    are found only by someone who happens to open the portal.

    Remediation: tick "Notify about attack paths with the following risk level (or higher)"
    and choose a risk level.
    """
    level = settings.attack_path_min_risk
    if level is None:
        return unknown("security contact settings unreadable")
    if not level:
        return failed("attack path email notifications are off")
    return passed(f"attack paths of risk {level} or higher are mailed")


@check(
    id="LOG-255",
    title="Defender for Cloud's endpoint protection component is on",
    severity=Severity.MEDIUM,
    resource=DefenderSettings,
    controls=(*_ENDPOINT, "cis-azure:8.1.3.3"),
    providers=("azure",),
)
def defender_endpoint_protection(settings: DefenderSettings) -> Result:
    """Without the endpoint protection integration, servers get no Defender for Endpoint
    sensor: malware, ransomware behaviour and hands-on-keyboard attacks go undetected.

    Remediation: in Defender plans > Servers > Settings, set the "Endpoint protection"
    component to On (the WDATP setting).
    """
    return setting(
        settings.endpoint_protection,
        on="endpoint protection (WDATP) integration on",
        off="endpoint protection (WDATP) integration off",
        unread="endpoint protection setting unreadable or absent",
    )


@check(
    id="LOG-256",
    title="Defender for Cloud checks machines for missing system updates",
    severity=Severity.MEDIUM,
    resource=DefenderSettings,
    controls=(*_PATCH, "cis-azure:8.1.10"),
    providers=("azure",),
)
def defender_checks_system_updates(settings: DefenderSettings) -> Result:
    """Machines nobody checks for missing OS updates keep known, exploitable
    vulnerabilities long after fixes ship.

    Remediation: enable periodic assessment for missing system updates (Azure Update
    Manager, "Machines should be configured to periodically check for missing system
    updates") and keep the machines healthy on that recommendation.
    """
    assessed, bad = settings.update_assessed, settings.update_unhealthy
    if settings.machines is None or assessed is None or bad is None:
        return unknown("machines or update assessments unreadable")
    if settings.machines == 0 and not assessed:
        return not_applicable("no virtual machines")
    if not assessed:
        return failed(f"no update assessment for any of {settings.machines} machine(s)")
    if bad:
        return failed(f"{len(bad)} machine(s) not checked or missing updates: {bad[0]}")
    return passed(f"{len(assessed)} machine(s) assessed for system updates, all healthy")
