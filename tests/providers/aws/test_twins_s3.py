"""Near-miss twins for the S3 bucket checks (STOR-004 TLS only, STOR-005 versioning, STOR-006
access logging), through boto3 against moto and the S3 collector.

AWS documentation each case follows:
- "Enforce encryption of data in transit" / the s3-bucket-ssl-requests-only rule: a Deny for
  principal ``*`` on the bucket AND its objects when ``aws:SecureTransport`` is false
  (https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html,
  https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-ssl-requests-only.html).
- GetBucketVersioning: Status Enabled | Suspended, absent when never enabled
  (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketVersioning.html).
- GetBucketLogging: ``LoggingEnabled`` absent when server access logging is off
  (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketLogging.html).
"""

import json

import boto3

from checks.storage.bucket import (
    bucket_access_logging_enabled,
    bucket_requires_tls,
    bucket_versioning_enabled,
)
from providers.aws.s3 import collect_buckets
from scanner.findings import Status
from scanner.model import Bucket


def _deny_plain_http(bucket: str, resources: list[str], value: str = "false") -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Deny",
                    "Principal": "*",
                    "Action": "s3:*",
                    "Resource": resources,
                    "Condition": {"Bool": {"aws:SecureTransport": value}},
                }
            ],
        }
    )


def _buckets(session) -> dict[str, Bucket]:
    return {b.name: b for b in collect_buckets(session, "us-east-1") if isinstance(b, Bucket)}


def test_tls_only_twins(aws_session):
    s3 = boto3.client("s3", region_name="us-east-1")
    cases = {
        # closest passing: the documented policy, bucket and objects
        "tls-both": (["arn:aws:s3:::tls-both", "arn:aws:s3:::tls-both/*"], "false"),
        # closest failing: the same deny on the objects only, or on the bucket only
        "tls-objects": (["arn:aws:s3:::tls-objects/*"], "false"),
        "tls-bucket": (["arn:aws:s3:::tls-bucket"], "false"),
        # the condition inverted: denies the TLS requests, not the plain ones
        "tls-inverted": (["arn:aws:s3:::tls-inverted", "arn:aws:s3:::tls-inverted/*"], "true"),
    }
    for name, (resources, value) in cases.items():
        s3.create_bucket(Bucket=name)
        s3.put_bucket_policy(Bucket=name, Policy=_deny_plain_http(name, resources, value))
    s3.create_bucket(Bucket="tls-none")
    found = _buckets(aws_session)
    verdicts = {name: bucket_requires_tls(found[name]).status for name in [*cases, "tls-none"]}
    assert verdicts == {
        "tls-both": Status.PASS,
        "tls-objects": Status.FAIL,
        "tls-bucket": Status.FAIL,
        "tls-inverted": Status.FAIL,
        "tls-none": Status.FAIL,
    }


def test_versioning_and_logging_twins(aws_session):
    s3 = boto3.client("s3", region_name="us-east-1")
    for name in ("ver-on", "ver-suspended", "ver-never", "logs-target"):
        s3.create_bucket(Bucket=name)
    s3.put_bucket_versioning(Bucket="ver-on", VersioningConfiguration={"Status": "Enabled"})
    # the failing twin closest to passing: enabled once, then suspended
    s3.put_bucket_versioning(Bucket="ver-suspended", VersioningConfiguration={"Status": "Enabled"})
    s3.put_bucket_versioning(
        Bucket="ver-suspended", VersioningConfiguration={"Status": "Suspended"}
    )
    s3.put_bucket_acl(Bucket="logs-target", ACL="log-delivery-write")
    s3.put_bucket_logging(
        Bucket="ver-on",
        BucketLoggingStatus={
            "LoggingEnabled": {"TargetBucket": "logs-target", "TargetPrefix": "x/"}
        },
    )
    found = _buckets(aws_session)
    versioning = {
        n: bucket_versioning_enabled(found[n]).status
        for n in ("ver-on", "ver-suspended", "ver-never")
    }
    assert versioning == {
        "ver-on": Status.PASS,
        "ver-suspended": Status.FAIL,
        "ver-never": Status.FAIL,
    }
    assert bucket_access_logging_enabled(found["ver-on"]).status is Status.PASS
    assert bucket_access_logging_enabled(found["ver-never"]).status is Status.FAIL
