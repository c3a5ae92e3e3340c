"""S3 buckets, from well configured to public; the account public access block stays absent.

moto 5.2 does not apply S3's default SSE-S3 to new buckets; ``delete_bucket_encryption`` is
still called on the unencrypted bucket so it stays unencrypted if a later moto does.
moto crashes on ``Principal: "*"`` (a string) in a logging target bucket's policy, so the
log bucket's TLS statement names ``{"AWS": "*"}``, which means the same.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from providers.aws.demo.audit import AUDIT_LOGS
from providers.aws.demo.estate import Estate, Tier, policy
from scanner.model import Bucket, ObjectStorageDefaults

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client
    from mypy_boto3_s3.type_defs import PublicAccessBlockConfigurationTypeDef

ACCESS_LOGS = "access-logs"
_BLOCK_ALL: PublicAccessBlockConfigurationTypeDef = {
    "BlockPublicAcls": True,
    "IgnorePublicAcls": True,
    "BlockPublicPolicy": True,
    "RestrictPublicBuckets": True,
}


def _deny_plain_http(bucket: str) -> dict[str, Any]:
    """The statement that makes a bucket TLS-only."""
    return {
        "Sid": "DenyInsecureTransport",
        "Effect": "Deny",
        "Principal": {"AWS": "*"},
        "Action": "s3:*",
        "Resource": [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }


def seed_account_storage(estate: Estate) -> None:
    """Record the account-level S3 public access block, deliberately left unset."""
    uid = estate.arn("s3", "", "account-public-access-block")
    estate.ledger.add(ObjectStorageDefaults, uid, "global", "account public access block absent")


def seed_buckets(estate: Estate, region: str, tier: Tier, key_arn: str | None) -> None:
    """Primary: log and audit buckets, a well-configured data bucket and two poor ones;
    secondary: one bucket without logging or TLS policy; sandbox: none."""
    if tier == "sandbox":
        return
    s3 = estate.boto.client("s3", region_name=region)
    if tier == "primary" and key_arn is not None:
        _log_bucket(s3, estate, region)
        for purpose in (AUDIT_LOGS, "app-data"):
            _good_bucket(s3, estate, region, estate.bucket(purpose), key_arn)
        _public_bucket(s3, estate, region)
        _legacy_bucket(s3, estate, region)
    elif tier == "secondary":
        name = estate.bucket(f"reports-{region}")
        _create(s3, region, name)
        _encrypt(s3, name, None)
        s3.put_public_access_block(Bucket=name, PublicAccessBlockConfiguration=_BLOCK_ALL)
        s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
        estate.ledger.add(
            Bucket,
            f"arn:aws:s3:::{name}",
            region,
            "no access logging",
            "policy does not require TLS",
        )


def _create(s3: S3Client, region: str, name: str) -> None:
    """Create bucket ``name`` in ``region`` (us-east-1 takes no location constraint)."""
    if region == "us-east-1":
        s3.create_bucket(Bucket=name)
    else:
        location: Any = {"LocationConstraint": region}  # any region name, not only literals
        s3.create_bucket(Bucket=name, CreateBucketConfiguration=location)
    s3.put_bucket_tagging(
        Bucket=name, Tagging={"TagSet": [{"Key": "Environment", "Value": "demo"}]}
    )


def _encrypt(s3: S3Client, name: str, key_arn: str | None) -> None:
    """Default encryption: SSE-KMS with ``key_arn`` (bucket key on), else SSE-S3."""
    default: Any = {"SSEAlgorithm": "AES256"}
    if key_arn is not None:
        default = {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": key_arn}
    s3.put_bucket_encryption(
        Bucket=name,
        ServerSideEncryptionConfiguration={
            "Rules": [{"ApplyServerSideEncryptionByDefault": default, "BucketKeyEnabled": True}]
        },
    )


def _log_bucket(s3: S3Client, estate: Estate, region: str) -> None:
    """The access-log target: SSE-S3 (log delivery cannot use SSE-KMS), blocked, versioned,
    TLS-only, writable by the S3 logging service; it does not log itself."""
    log_bucket = estate.bucket(ACCESS_LOGS)
    _create(s3, region, log_bucket)
    _encrypt(s3, log_bucket, None)
    s3.put_public_access_block(Bucket=log_bucket, PublicAccessBlockConfiguration=_BLOCK_ALL)
    s3.put_bucket_versioning(Bucket=log_bucket, VersioningConfiguration={"Status": "Enabled"})
    delivery = {
        "Sid": "S3ServerAccessLogs",
        "Effect": "Allow",
        "Principal": {"Service": "logging.s3.amazonaws.com"},
        "Action": ["s3:PutObject"],
        "Resource": f"arn:aws:s3:::{log_bucket}/*",
    }
    s3.put_bucket_policy(Bucket=log_bucket, Policy=policy(delivery, _deny_plain_http(log_bucket)))
    estate.ledger.add(
        Bucket, f"arn:aws:s3:::{log_bucket}", region, "no access logging (it is the log target)"
    )


def _good_bucket(s3: S3Client, estate: Estate, region: str, name: str, key_arn: str) -> None:
    """SSE-KMS, public access block, versioning, access logging and a TLS-only policy."""
    _create(s3, region, name)
    _encrypt(s3, name, key_arn)
    s3.put_public_access_block(Bucket=name, PublicAccessBlockConfiguration=_BLOCK_ALL)
    s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
    s3.put_bucket_logging(
        Bucket=name,
        BucketLoggingStatus={
            "LoggingEnabled": {
                "TargetBucket": estate.bucket(ACCESS_LOGS),
                "TargetPrefix": f"{name}/",
            }
        },
    )
    statements: list[dict[str, Any]] = [_deny_plain_http(name)]
    if name == estate.bucket(AUDIT_LOGS):
        statements.append(
            {
                "Sid": "CloudTrailAndConfigWrite",
                "Effect": "Allow",
                "Principal": {"Service": ["cloudtrail.amazonaws.com", "config.amazonaws.com"]},
                "Action": ["s3:PutObject", "s3:GetBucketAcl"],
                "Resource": [f"arn:aws:s3:::{name}", f"arn:aws:s3:::{name}/*"],
            }
        )
    s3.put_bucket_policy(Bucket=name, Policy=policy(*statements))
    estate.ledger.add(Bucket, f"arn:aws:s3:::{name}", region)


def _public_bucket(s3: S3Client, estate: Estate, region: str) -> None:
    """Readable by anyone through its policy; SSE-S3 only, no block, versioning or logging."""
    name = estate.bucket("public-assets")
    _create(s3, region, name)
    _encrypt(s3, name, None)
    public = {
        "Sid": "PublicRead",
        "Effect": "Allow",
        "Principal": "*",
        "Action": "s3:GetObject",
        "Resource": f"arn:aws:s3:::{name}/*",
    }
    s3.put_bucket_policy(Bucket=name, Policy=policy(public))
    estate.ledger.add(
        Bucket,
        f"arn:aws:s3:::{name}",
        region,
        "policy grants public read (Principal *)",
        "public access block off",
        "versioning off",
        "no access logging",
        "policy does not require TLS",
    )


def _legacy_bucket(s3: S3Client, estate: Estate, region: str) -> None:
    """No default encryption, a partial public access block, no versioning or logging."""
    name = estate.bucket("legacy-exports")
    _create(s3, region, name)
    s3.delete_bucket_encryption(Bucket=name)
    partial: PublicAccessBlockConfigurationTypeDef = {
        "BlockPublicAcls": True,
        "IgnorePublicAcls": True,
        "BlockPublicPolicy": False,
        "RestrictPublicBuckets": False,
    }
    s3.put_public_access_block(Bucket=name, PublicAccessBlockConfiguration=partial)
    estate.ledger.add(
        Bucket,
        f"arn:aws:s3:::{name}",
        region,
        "no default encryption",
        "public access block only partly on",
        "versioning off",
        "no access logging",
        "policy does not require TLS",
    )
