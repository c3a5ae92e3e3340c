"""Checks over organisation essential contacts (GCP)."""

from __future__ import annotations

from scanner.findings import Result, Severity, failed, passed, unknown
from scanner.model import EssentialContacts
from scanner.registry import check

#: Categories CIS GCP v5.0 1.17 names; ALL subscribes a contact to every category.
REQUIRED = ("LEGAL", "SECURITY", "SUSPENSION", "TECHNICAL", "TECHNICAL_INCIDENTS")


@check(
    id="IAM-112",
    title="Essential contacts cover every required category for the organisation",
    severity=Severity.LOW,
    resource=EssentialContacts,
    controls=(
        "soc2:CC2.3",
        "iso27001-2022:A.5.5",
        "nist-csf-2.0:GV.RR-02",
        "nist-800-53-r5:IR-6",
        "cis-gcp:1.17",
    ),
    providers=("gcp",),
)
def essential_contacts_configured(contacts: EssentialContacts) -> Result:
    """Google sends security, legal and suspension notices to essential contacts; without
    them the notices reach whoever happens to hold a role, or nobody.

    Remediation: add essential contacts at the organisation for the Legal, Security,
    Suspension, Technical and Technical incidents categories (or All).
    """
    if contacts.categories is None:
        return unknown("essential contacts unreadable")
    if "ALL" in contacts.categories:
        return passed("a contact subscribes to all categories")
    missing = [c for c in REQUIRED if c not in contacts.categories]
    if missing:
        return failed(f"no contact for {', '.join(missing)}")
    return passed("every required category has a contact")
