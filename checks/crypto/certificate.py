"""Checks over managed certificates (CIS Azure 8.3.11)."""

from __future__ import annotations

from scanner.findings import Result, Severity, failed, not_applicable, passed, unknown
from scanner.model import Certificate
from scanner.registry import check

#: CIS Azure 8.3.11: certificates are issued for at most 12 months.
MAX_VALIDITY_MONTHS = 12


@check(
    id="CRYPTO-250",
    title="Key Vault certificates are issued for 12 months or less",
    severity=Severity.LOW,
    resource=Certificate,
    controls=(
        "soc2:CC6.7",
        "iso27001-2022:A.8.24",
        "nist-csf-2.0:PR.DS-02",
        "nist-800-53-r5:SC-17",
        "cis-azure:8.3.11",
    ),
    providers=("azure",),
)
def certificate_short_validity(cert: Certificate) -> Result:
    """Long-lived certificates stay valid long after their keys may have leaked, and the
    renewal process that would replace them is rarely exercised.

    Remediation: set the certificate policy's "Validity Period (in months)"
    (x509_props.validity_months) to 12 or less, with automatic renewal before expiry.
    """
    if not cert.enabled:
        return not_applicable("certificate disabled")
    months = cert.validity_months
    if months is None:
        return unknown("certificate policy unreadable")
    if months > MAX_VALIDITY_MONTHS:
        return failed(f"validity {months} months; needs {MAX_VALIDITY_MONTHS} or fewer")
    return passed(f"validity {months} months")
