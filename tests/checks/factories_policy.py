"""Factories for policy-bearing models: parsed documents, S3 exposure settings."""

from __future__ import annotations

from typing import Any

from scanner.model import PolicyDocument, PublicAccessBlock
from scanner.policy import parse_policy_document

BUCKET_ARN = "arn:aws:s3:::example-bucket"


def policy(*statements: dict[str, Any]) -> PolicyDocument:
    """A parsed document from statement dicts, as AWS would return them."""
    return parse_policy_document({"Version": "2012-10-17", "Statement": list(statements)})


def block(**on: bool) -> PublicAccessBlock:
    """Block Public Access with the named settings on (``restrict_public_buckets=True``)."""
    return PublicAccessBlock(**on)


ALL_ON = PublicAccessBlock(
    block_public_acls=True,
    ignore_public_acls=True,
    block_public_policy=True,
    restrict_public_buckets=True,
)
NONE_ON = PublicAccessBlock()

PUBLIC_READ = {
    "Sid": "PublicRead",
    "Effect": "Allow",
    "Principal": "*",
    "Action": "s3:GetObject",
    "Resource": f"{BUCKET_ARN}/*",
}
DENY_PLAIN_HTTP = {
    "Sid": "DenyPlainHttp",
    "Effect": "Deny",
    "Principal": "*",
    "Action": "s3:*",
    "Resource": [BUCKET_ARN, f"{BUCKET_ARN}/*"],
    "Condition": {"Bool": {"aws:SecureTransport": "false"}},
}
