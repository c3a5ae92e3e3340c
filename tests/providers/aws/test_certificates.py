"""IAM server certificates and ACM certificates: mappers and moto collectors (real boto3).

Certificates are generated here with ``cryptography`` (self-signed, throwaway keys).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

from providers.aws.certificates import (
    acm_key,
    collect_acm_certificates,
    collect_server_certificates,
    pem_key,
    to_acm_certificate,
)
from providers.aws.session import AwsSession
from scanner.model import Certificate

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
ACCOUNT = "123456789012"
REGION = "us-east-1"


def _pem(key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey, *, days: int) -> tuple[str, str]:
    """A self-signed certificate valid until now + ``days`` (may be past), and its key."""
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "example.test")])
    start = datetime.now(UTC) - timedelta(days=400)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start).not_valid_after(datetime.now(UTC) + timedelta(days=days))
        .sign(key, hashes.SHA256())
    )  # fmt: skip
    body = cert.public_bytes(serialization.Encoding.PEM).decode()
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    ).decode()
    return body, private


# ACM API reference, CertificateDetail.KeyAlgorithm.
@pytest.mark.parametrize(
    ("algorithm", "expected"),
    [
        ("RSA_1024", ("rsa", 1024)),
        ("RSA_2048", ("rsa", 2048)),
        ("RSA_4096", ("rsa", 4096)),
        ("EC_prime256v1", ("ec", 256)),
        ("EC_secp384r1", ("ec", 384)),
        ("EC_secp521r1", ("ec", 521)),
        ("", (None, None)),
        (None, (None, None)),
    ],
)
def test_acm_key(algorithm: str | None, expected: tuple[str | None, int | None]):
    assert acm_key(algorithm) == expected


def test_pem_key_reads_rsa_and_ec_and_rejects_garbage():
    rsa_body, _ = _pem(rsa.generate_private_key(65537, 1024), days=10)  # noqa: S505 - a deliberately weak key
    ec_body, _ = _pem(ec.generate_private_key(ec.SECP384R1()), days=10)
    assert pem_key(rsa_body) == ("rsa", 1024)
    assert pem_key(ec_body) == ("ec", 384)
    assert pem_key("not a certificate") == (None, None)
    assert pem_key(None) == (None, None)


def test_to_acm_certificate_types():
    base = {"CertificateArn": "arn:aws:acm:us-east-1:1:certificate/x", "DomainName": "a.test"}
    imported = to_acm_certificate(
        {**base, "Type": "IMPORTED", "Status": "ISSUED", "NotAfter": NOW, "InUseBy": ["lb"]},
        account=ACCOUNT, region=REGION, collected_at=NOW,
    )  # fmt: skip
    assert (imported.issued_by_provider, imported.in_use, imported.not_after) == (False, True, NOW)
    pending = to_acm_certificate(
        {**base, "Type": "AMAZON_ISSUED", "Status": "PENDING_VALIDATION"},
        account=ACCOUNT, region=REGION, collected_at=NOW,
    )  # fmt: skip
    assert (pending.issued_by_provider, pending.not_after, pending.status) == (
        True, None, "PENDING_VALIDATION",
    )  # fmt: skip


def test_collect_server_certificates_on_moto(aws_session: AwsSession):
    iam = aws_session.boto.client("iam", region_name=REGION)
    weak, weak_key = _pem(rsa.generate_private_key(65537, 1024), days=-5)  # noqa: S505 - a deliberately weak key
    good, good_key = _pem(ec.generate_private_key(ec.SECP256R1()), days=90)
    iam.upload_server_certificate(
        ServerCertificateName="old", CertificateBody=weak, PrivateKey=weak_key
    )
    iam.upload_server_certificate(
        ServerCertificateName="new", CertificateBody=good, PrivateKey=good_key
    )
    certs = {c.name: c for c in collect_server_certificates(aws_session, "global")}
    assert all(isinstance(c, Certificate) for c in certs.values())
    assert (certs["old"].key_type, certs["old"].key_bits) == ("rsa", 1024)
    assert (certs["new"].key_type, certs["new"].key_bits) == ("ec", 256)
    assert certs["old"].not_after is not None
    assert certs["old"].not_after < aws_session.now() < certs["new"].not_after  # type: ignore[operator]


def test_collect_acm_certificates_on_moto(aws_session: AwsSession):
    acm = aws_session.boto.client("acm", region_name=REGION)
    body, key = _pem(rsa.generate_private_key(65537, 2048), days=20)
    arn = acm.import_certificate(Certificate=body, PrivateKey=key)["CertificateArn"]
    [cert] = collect_acm_certificates(aws_session, REGION)
    assert isinstance(cert, Certificate)
    assert (cert.uid, cert.issued_by_provider, cert.key_type, cert.key_bits) == (
        arn, False, "rsa", 2048,
    )  # fmt: skip
    assert cert.not_after is not None
