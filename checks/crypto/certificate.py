"""Checks over managed TLS certificates (ACM and IAM server certificates on AWS; Key Vault
certificates on Azure, CIS Azure 8.3.11)."""

from __future__ import annotations

from scanner.findings import Result, Severity, failed, not_applicable, passed, unknown
from scanner.model import Certificate
from scanner.registry import Threshold, check

_CERTS = (
    "soc2:CC6.7",
    "iso27001-2022:A.8.24",
    "nist-csf-2.0:PR.DS-02",
    "nist-800-53-r5:SC-12",
    "nist-800-53-r5:SC-17",
)
#: ACM starts managed renewal 60 days ahead, so a certificate this close to expiry has failed
#: to renew or is imported.
_EXPIRY = Threshold(
    "expiry_window_days",
    30,
    unit="days",
    minimum=1,
    maximum=365,
    description="a certificate expiring in fewer than this many days fails",
    source="AWS Security Hub ACM.1 and AWS Config acm-certificate-expiration-check "
    "(daysToExpiration, default 30)",
)
_RSA = Threshold(
    "min_rsa_bits",
    2048,
    unit="bits",
    minimum=1024,
    description="RSA keys shorter than this fail",
    source="AWS Security Hub ACM.2 (RSA keys shorter than 2,048 bits fail); NIST SP 800-57",
)
_EC = Threshold(
    "min_ec_bits",
    256,
    unit="bits",
    minimum=160,
    description="elliptic-curve keys shorter than this fail",
    source="AWS Security Hub ACM.2 (ECDSA P-256 and larger); NIST SP 800-57 (112-bit "
    "security strength)",
)


@check(
    id="CRYPTO-501",
    title="Expired certificates are removed from the certificate store",
    severity=Severity.MEDIUM,
    resource=Certificate,
    controls=(*_CERTS, "cis-aws:2.17"),
    providers=("aws",),
)
def certificate_not_expired(cert: Certificate) -> Result:
    """An expired certificate still stored can be deployed by mistake to a load balancer or
    CloudFront, breaking TLS for clients or teaching them to click through warnings.

    Remediation: delete the expired certificate (``aws iam delete-server-certificate`` or
    ``aws acm delete-certificate``) after moving any endpoint still using it.
    """
    if cert.not_after is None:
        if cert.status and cert.status.upper() != "ISSUED":
            return not_applicable(f"certificate not issued ({cert.status})")
        return unknown("validity end unreadable")
    if cert.not_after <= cert.collected_at:
        return failed(f"expired on {cert.not_after:%Y-%m-%d}")
    return passed(f"valid until {cert.not_after:%Y-%m-%d}")


@check(
    id="CRYPTO-502",
    title="Certificates are renewed more than 30 days before they expire",
    severity=Severity.MEDIUM,
    resource=Certificate,
    controls=(*_CERTS, "soc2:A1.2"),
    providers=("aws",),
    thresholds=(_EXPIRY,),
)
def certificate_not_expiring_soon(cert: Certificate, *, expiry_window_days: int) -> Result:
    """A certificate that expires while in use breaks every client connection at once; one
    within 30 days of expiry has missed its automatic renewal or was imported and must be
    replaced by hand.

    Remediation: renew or re-import the certificate (for ACM-issued certificates, fix the
    DNS or email validation that blocks managed renewal) and redeploy it.
    """
    if cert.not_after is None:
        if cert.status and cert.status.upper() != "ISSUED":
            return not_applicable(f"certificate not issued ({cert.status})")
        return unknown("validity end unreadable")
    left = cert.not_after - cert.collected_at
    if left.total_seconds() <= 0:
        return not_applicable("already expired (CRYPTO-501)")
    if left.days < expiry_window_days:
        return failed(f"expires in {left.days} days ({cert.not_after:%Y-%m-%d})")
    return passed(f"expires in {left.days} days")


@check(
    id="CRYPTO-503",
    title="Certificate keys are at least RSA 2048 or EC 256 bits",
    severity=Severity.HIGH,
    resource=Certificate,
    controls=_CERTS,
    providers=("aws",),
    thresholds=(_RSA, _EC),
)
def certificate_key_strong(cert: Certificate, *, min_rsa_bits: int, min_ec_bits: int) -> Result:
    """A 1,024-bit RSA key can be factored with resources within reach of well-funded
    attackers, after which they impersonate the service and read its traffic.

    Remediation: request or import a replacement with an RSA 2048+ or ECDSA P-256+ key and
    move every endpoint to it.
    """
    if cert.key_type is None:
        return unknown("key algorithm unreadable")
    if cert.key_type == "other" or cert.key_bits is None:
        return unknown(f"key size of a {cert.key_type} key unreadable")
    minimum = min_rsa_bits if cert.key_type == "rsa" else min_ec_bits
    label = f"{cert.key_type.upper()} {cert.key_bits}-bit key"
    if cert.key_bits < minimum:
        return failed(f"{label} (below {minimum})")
    return passed(label)


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
