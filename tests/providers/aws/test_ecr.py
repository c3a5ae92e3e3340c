"""ECR repositories: mapper on API JSON and collector on moto."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from providers.aws.ecr import collect_image_repositories, to_image_repository
from providers.aws.session import AwsSession
from scanner.errors import CollectionError
from scanner.model import Encryption, ImageRepository
from tests.providers.aws.scripted import script

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
ACCOUNT = "123456789012"
ARN = f"arn:aws:ecr:us-east-1:{ACCOUNT}:repository/app"
KEY = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/abc"


@pytest.mark.parametrize(
    ("extra", "scan", "immutable", "encryption"),
    [
        ({}, False, False, Encryption(enabled=True, key_managed_by="provider")),
        (
            {
                "imageScanningConfiguration": {"scanOnPush": True},
                "imageTagMutability": "IMMUTABLE",
                "encryptionConfiguration": {"encryptionType": "KMS", "kmsKey": KEY},
            },
            True,
            True,
            Encryption(enabled=True, key_id=KEY),
        ),
        (
            {
                "imageTagMutability": "IMMUTABLE_WITH_EXCLUSION",
                "encryptionConfiguration": {"encryptionType": "KMS"},
            },
            False,
            True,
            Encryption(enabled=True, key_managed_by="provider"),
        ),
        (
            {
                "imageTagMutability": "MUTABLE",
                "encryptionConfiguration": {"encryptionType": "AES256"},
            },
            False,
            False,
            Encryption(enabled=True, key_managed_by="provider"),
        ),
    ],
)
def test_to_image_repository(
    extra: dict[str, object], scan: bool, immutable: bool, encryption: Encryption
) -> None:
    repo = to_image_repository(
        {"repositoryArn": ARN, "repositoryName": "app", **extra},
        account=ACCOUNT,
        region="us-east-1",
        collected_at=NOW,
    )
    assert (repo.uid, repo.name) == (ARN, "app")
    assert (repo.scan_on_push, repo.tags_immutable, repo.encryption) == (
        scan,
        immutable,
        encryption,
    )


def test_collect_repositories_from_moto(aws_session: AwsSession) -> None:
    ecr = aws_session.client("ecr", "us-east-1")
    ecr.create_repository(
        repositoryName="app",
        imageTagMutability="IMMUTABLE",
        imageScanningConfiguration={"scanOnPush": True},
    )
    ecr.create_repository(repositoryName="legacy")
    repos = {
        r.name: r
        for r in collect_image_repositories(aws_session, "us-east-1")
        if isinstance(r, ImageRepository)
    }
    app, legacy = repos["app"], repos["legacy"]
    assert isinstance(app, ImageRepository)
    assert isinstance(legacy, ImageRepository)
    assert app.uid == ARN
    assert (app.scan_on_push, app.tags_immutable) == (True, True)
    assert (legacy.scan_on_push, legacy.tags_immutable) == (False, False)
    assert legacy.encryption == Encryption(enabled=True, key_managed_by="provider")


def test_listing_failure_is_scope_wide(aws_session: AwsSession) -> None:
    api = aws_session.client("ecr", "us-east-1")
    script(api, "DescribeRepositories", "AccessDeniedException")
    with pytest.raises(CollectionError, match="ecr:DescribeRepositories"):
        list(collect_image_repositories(aws_session, "us-east-1"))
