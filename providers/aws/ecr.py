"""ECR repositories: DescribeRepositories only (scan, mutability and encryption are listed)."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator, Mapping
from datetime import datetime
from types import MappingProxyType
from typing import Any

from providers.aws.resource_policy import read_policy
from providers.aws.session import SDK_ERRORS, AwsSession, paginate, translate_error
from providers.aws.shapes import kms_encryption
from scanner.model import Encryption, ImageRepository, PolicyDocument
from scanner.provider import Collector, Item

_IMMUTABLE = {"IMMUTABLE", "IMMUTABLE_WITH_EXCLUSION"}
_REGISTRY_SCANNING = "ecr:GetRegistryScanningConfiguration"
#: GetRegistryScanningConfiguration of a registry nobody configured: basic, no rules
DEFAULT_REGISTRY_SCANNING: Mapping[str, Any] = MappingProxyType({"scanType": "BASIC", "rules": ()})


def scanned_on_push(repo: Mapping[str, Any], registry: Mapping[str, Any] | None) -> bool | None:
    """Pure: whether pushes to ``repo`` are scanned, given GetRegistryScanningConfiguration's
    ``scanningConfiguration`` (None: unread).

    ECR API reference, RegistryScanningRule / PutRegistryScanningConfiguration: with BASIC
    scanning (the default) a push is scanned when the repository's ``scanOnPush`` is on or a
    SCAN_ON_PUSH rule's wildcard filter matches the repository name; with ENHANCED scanning
    (Amazon Inspector) the repository setting is ignored and a SCAN_ON_PUSH or CONTINUOUS_SCAN
    rule must match. Registry settings unread: the repository's own setting decides only
    when it is on.
    """
    own = bool((repo.get("imageScanningConfiguration") or {}).get("scanOnPush"))
    if registry is None:
        return True if own else None
    enhanced = registry.get("scanType") == "ENHANCED"
    frequencies = {"SCAN_ON_PUSH", "CONTINUOUS_SCAN"} if enhanced else {"SCAN_ON_PUSH"}
    name = str(repo.get("repositoryName", ""))
    by_rule = any(
        rule.get("scanFrequency") in frequencies
        and any(
            fnmatch.fnmatchcase(name, str(f.get("filter", "")))
            for f in rule.get("repositoryFilters") or ()
            if f.get("filterType", "WILDCARD") == "WILDCARD"
        )
        for rule in registry.get("rules") or ()
    )
    return by_rule or (own and not enhanced)


def repository_encryption(config: Mapping[str, Any] | None) -> Encryption:
    """``encryptionConfiguration`` -> Encryption; ECR always encrypts (AES256 by default).

    KMS without ``kmsKey`` uses the AWS managed ``aws/ecr`` key.
    """
    config = config or {}
    key = config.get("kmsKey")
    if str(config.get("encryptionType", "AES256")).startswith("KMS") and key:
        return kms_encryption(True, str(key))
    return Encryption(enabled=True, key_managed_by="provider")


def to_image_repository(
    repo: Mapping[str, Any],
    *,
    account: str,
    region: str,
    collected_at: datetime,
    policy: PolicyDocument | None = None,
    registry_scanning: Mapping[str, Any] | None = DEFAULT_REGISTRY_SCANNING,
) -> ImageRepository:
    """Pure: a DescribeRepositories item -> ImageRepository.

    ``scan_on_push`` combines the repository setting with the registry's scanning rules
    (``registry_scanning``: GetRegistryScanningConfiguration's ``scanningConfiguration``,
    None unread, by default a registry nobody configured), see ``scanned_on_push``.
    """
    return ImageRepository(
        uid=str(repo["repositoryArn"]),
        provider="aws",
        account=account,
        region=region,
        service="ecr",
        name=str(repo["repositoryName"]),
        collected_at=collected_at,
        scan_on_push=scanned_on_push(repo, registry_scanning),
        tags_immutable=repo.get("imageTagMutability") in _IMMUTABLE,
        encryption=repository_encryption(repo.get("encryptionConfiguration")),
        policy_document=policy,
    )


def collect_image_repositories(session: AwsSession, region: str) -> Iterator[Item]:
    """Yield every ECR repository in ``region`` (one paginated listing)."""
    client = session.client("ecr", region)
    try:
        repos = paginate(client, "describe_repositories", "repositories")
    except SDK_ERRORS as err:
        raise translate_error(
            err, scope=region, resource="ImageRepository", permission="ecr:DescribeRepositories"
        ) from err

    def policy(repo: Mapping[str, Any]) -> tuple[PolicyDocument | None, Exception | None]:
        return read_policy(
            lambda: client.get_repository_policy(repositoryName=repo["repositoryName"]),
            "policyText",
            frozenset({"RepositoryPolicyNotFoundException"}),
        )

    registry: Mapping[str, Any] | None = None
    registry_error: Exception | None = None
    if repos:
        try:
            registry = client.get_registry_scanning_configuration().get("scanningConfiguration")
        except SDK_ERRORS as err:
            registry_error = err
    now = session.now()
    for repo, (document, error) in zip(repos, session.map(policy, repos), strict=True):
        item = to_image_repository(repo, account=session.account, region=region,
                                   collected_at=now, policy=document,
                                   registry_scanning=registry)  # fmt: skip
        yield item
        if registry_error is not None and item.scan_on_push is None:
            yield translate_error(registry_error, scope=region, resource="ImageRepository",
                                  permission=_REGISTRY_SCANNING, uid=item.uid)  # fmt: skip
        if error is not None:
            yield translate_error(error, scope=region, resource="ImageRepository",
                                  permission="ecr:GetRepositoryPolicy", uid=item.uid)  # fmt: skip


COLLECTORS = (
    Collector(
        ImageRepository,
        collect_image_repositories,
        permissions=("ecr:DescribeRepositories", "ecr:GetRepositoryPolicy", _REGISTRY_SCANNING),
    ),
)
