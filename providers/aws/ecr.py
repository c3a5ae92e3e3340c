"""ECR repositories: DescribeRepositories only (scan, mutability and encryption are listed)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

from providers.aws.resource_policy import read_policy
from providers.aws.session import SDK_ERRORS, AwsSession, paginate, translate_error
from providers.aws.shapes import kms_encryption
from scanner.model import Encryption, ImageRepository, PolicyDocument
from scanner.provider import Collector, Item

_IMMUTABLE = {"IMMUTABLE", "IMMUTABLE_WITH_EXCLUSION"}


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
) -> ImageRepository:
    """Pure: a DescribeRepositories item -> ImageRepository.

    ``scan_on_push`` is the repository setting; registry-level scanning rules are not read.
    """
    return ImageRepository(
        uid=str(repo["repositoryArn"]),
        provider="aws",
        account=account,
        region=region,
        service="ecr",
        name=str(repo["repositoryName"]),
        collected_at=collected_at,
        scan_on_push=bool((repo.get("imageScanningConfiguration") or {}).get("scanOnPush")),
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

    now = session.now()
    for repo, (document, error) in zip(repos, session.map(policy, repos), strict=True):
        item = to_image_repository(repo, account=session.account, region=region,
                                   collected_at=now, policy=document)  # fmt: skip
        yield item
        if error is not None:
            yield translate_error(error, scope=region, resource="ImageRepository",
                                  permission="ecr:GetRepositoryPolicy", uid=item.uid)  # fmt: skip


COLLECTORS = (
    Collector(
        ImageRepository,
        collect_image_repositories,
        permissions=("ecr:DescribeRepositories", "ecr:GetRepositoryPolicy"),
    ),
)
