"""Certificates: IAM server certificates (global) and ACM certificates (regional).

* IAM: ``ListServerCertificates`` gives ``Expiration``; the key comes from the public
  certificate body of ``GetServerCertificate``, parsed with ``cryptography`` (no private key
  is ever returned by that call).
* ACM: ``ListCertificates`` returns only RSA_1024 and RSA_2048 certificates unless
  ``Includes.keyTypes`` names the others (ACM API reference, ListCertificates), so every
  key type is asked for; ``DescribeCertificate`` gives ``NotAfter``, ``KeyAlgorithm``,
  ``Type`` (AMAZON_ISSUED, IMPORTED, PRIVATE), ``Status`` and ``InUseBy``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any, Literal

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from providers.aws.backup_selection import Unread, guarded
from providers.aws.iam import iam_client
from providers.aws.resilience import unread_error
from providers.aws.session import AwsSession, paginate
from scanner.errors import CollectionError
from scanner.model import Certificate
from scanner.provider import Collector, Item

LIST_SERVER = "iam:ListServerCertificates"
GET_SERVER = "iam:GetServerCertificate"
LIST_ACM = "acm:ListCertificates"
DESCRIBE_ACM = "acm:DescribeCertificate"
#: Every ACM key algorithm (ACM API reference, ``KeyAlgorithm``).
ACM_KEY_TYPES = (
    "RSA_1024", "RSA_2048", "RSA_3072", "RSA_4096",
    "EC_prime256v1", "EC_secp384r1", "EC_secp521r1",
)  # fmt: skip
_EC_BITS = {"prime256v1": 256, "secp384r1": 384, "secp521r1": 521}

KeyType = Literal["rsa", "ec", "other"]


def acm_key(algorithm: str | None) -> tuple[KeyType | None, int | None]:
    """Pure: an ACM ``KeyAlgorithm`` (RSA_2048, EC_prime256v1...) -> (family, bits)."""
    if not algorithm:
        return None, None
    family, _, size = algorithm.partition("_")
    if family.upper() == "RSA" and size.isdigit():
        return "rsa", int(size)
    if family.upper() == "EC":
        return "ec", _EC_BITS.get(size)
    return "other", None


def pem_key(body: str | None) -> tuple[KeyType | None, int | None]:
    """Pure: a PEM certificate body -> (family, bits); (None, None) if it does not parse."""
    cert = _parse(body)
    if cert is None:
        return None, None
    key = cert.public_key()
    if isinstance(key, rsa.RSAPublicKey):
        return "rsa", key.key_size
    if isinstance(key, ec.EllipticCurvePublicKey):
        return "ec", key.curve.key_size
    return "other", None


def _parse(body: str | None) -> x509.Certificate | None:
    if not body:
        return None
    try:
        return x509.load_pem_x509_certificate(body.encode())
    except ValueError:
        return None


def to_server_certificate(
    meta: Mapping[str, Any], body: str | None, *, account: str, collected_at: datetime
) -> Certificate:
    """Pure: ServerCertificateMetadata + the PEM body (None: unread) -> Certificate.

    The validity end is the certificate's own notAfter when the body parses (IAM's
    ``Expiration`` is documented as that date; emulators may not fill it), else
    ``Expiration``.
    """
    key_type, bits = pem_key(body)
    parsed = _parse(body)
    expiration = meta.get("Expiration")
    not_after = parsed.not_valid_after_utc if parsed is not None else expiration
    return Certificate(
        uid=str(meta["Arn"]), provider="aws", account=account, region="global", service="iam",
        name=str(meta["ServerCertificateName"]), collected_at=collected_at,
        not_after=not_after if isinstance(not_after, datetime) else None,
        key_type=key_type, key_bits=bits, issued_by_provider=False,
    )  # fmt: skip


def collect_server_certificates(session: AwsSession, scope: str) -> Iterator[Item]:
    """Yield every IAM server certificate, with its key read from the certificate body."""
    iam = iam_client(session)
    try:
        listed = guarded(
            LIST_SERVER,
            paginate,
            iam,
            "list_server_certificates",
            "ServerCertificateMetadataList",
        )
    except Unread as failure:
        raise unread_error(failure, scope=scope, resource="Certificate", uid="") from failure

    def body(meta: Mapping[str, Any]) -> str | CollectionError:
        try:
            answer = guarded(
                GET_SERVER, iam.get_server_certificate,
                ServerCertificateName=meta["ServerCertificateName"],
            )  # fmt: skip
        except Unread as failure:
            return unread_error(failure, scope=scope, resource="Certificate", uid=str(meta["Arn"]))
        return str(answer["ServerCertificate"].get("CertificateBody") or "")

    now = session.now()
    for meta, read in zip(listed, session.map(body, listed), strict=True):
        text = None if isinstance(read, CollectionError) else read
        yield to_server_certificate(meta, text, account=session.account, collected_at=now)
        if isinstance(read, CollectionError):
            yield read


def to_acm_certificate(
    detail: Mapping[str, Any],
    tags: Mapping[str, str] | None = None,
    *,
    account: str,
    region: str,
    collected_at: datetime,
) -> Certificate:
    """Pure: a DescribeCertificate ``Certificate`` -> Certificate."""
    key_type, bits = acm_key(detail.get("KeyAlgorithm"))
    kind = str(detail.get("Type", "")).upper()
    not_after = detail.get("NotAfter")
    return Certificate(
        uid=str(detail["CertificateArn"]), provider="aws", account=account, region=region,
        service="acm", name=str(detail.get("DomainName") or detail["CertificateArn"]),
        tags=dict(tags or {}), collected_at=collected_at,
        not_after=not_after if isinstance(not_after, datetime) else None,
        key_type=key_type, key_bits=bits,
        issued_by_provider=None if not kind else kind != "IMPORTED",
        in_use=bool(detail.get("InUseBy")), status=str(detail.get("Status") or "") or None,
    )  # fmt: skip


def collect_acm_certificates(session: AwsSession, region: str) -> Iterator[Item]:
    """Yield every ACM certificate in ``region`` (every key type), one describe each."""
    acm = session.client("acm", region)
    try:
        listed = guarded(
            LIST_ACM, paginate, acm, "list_certificates", "CertificateSummaryList",
            Includes={"keyTypes": list(ACM_KEY_TYPES)},
        )  # fmt: skip
    except Unread as failure:
        raise unread_error(failure, scope=region, resource="Certificate", uid="") from failure

    def describe(summary: Mapping[str, Any]) -> Mapping[str, Any] | CollectionError:
        arn = str(summary["CertificateArn"])
        try:
            answer = guarded(DESCRIBE_ACM, acm.describe_certificate, CertificateArn=arn)
        except Unread as failure:
            return unread_error(failure, scope=region, resource="Certificate", uid=arn)
        detail: Mapping[str, Any] = answer["Certificate"]
        return detail

    now = session.now()
    for read in session.map(describe, listed):
        if isinstance(read, CollectionError):
            yield read
            continue
        yield to_acm_certificate(read, account=session.account, region=region, collected_at=now)


COLLECTORS = (
    Collector(
        Certificate,
        collect_server_certificates,
        permissions=(LIST_SERVER, GET_SERVER),
        scope="global",
        name="collect_server_certificates",
    ),
    Collector(Certificate, collect_acm_certificates, permissions=(LIST_ACM, DESCRIBE_ACM)),
)
