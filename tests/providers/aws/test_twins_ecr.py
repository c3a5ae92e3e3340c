"""Near-miss twins for SVC-003 (images are scanned on push): the repository setting and the
registry's scanning rules, on the documented shapes and through moto and the ECR collector.

AWS documentation each case follows (Amazon ECR API reference):
- PutRegistryScanningConfiguration: BASIC (the default) scans on push the repositories whose
  filters match a SCAN_ON_PUSH rule; ENHANCED (Amazon Inspector) scans with SCAN_ON_PUSH or
  CONTINUOUS_SCAN rules:
  https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_PutRegistryScanningConfiguration.html
- RegistryScanningRule / ScanningRepositoryFilter (WILDCARD filters):
  https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_RegistryScanningRule.html
- ImageScanningConfiguration.scanOnPush, the repository-level setting that registry-level
  enhanced scanning replaces:
  https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_ImageScanningConfiguration.html
"""

import pytest

from checks.services.image_repository import image_repository_scans_on_push
from providers.aws.ecr import collect_image_repositories, scanned_on_push
from scanner.errors import CollectionError
from scanner.findings import Status
from scanner.model import ImageRepository
from tests.providers.aws.scripted import script


def _repo(name="prod-api", on=False):
    return {"repositoryName": name, "imageScanningConfiguration": {"scanOnPush": on}}


def _registry(scan_type="BASIC", frequency="SCAN_ON_PUSH", pattern="prod-*"):
    rule = {"scanFrequency": frequency,
            "repositoryFilters": [{"filter": pattern, "filterType": "WILDCARD"}]}  # fmt: skip
    return {"scanType": scan_type, "rules": [rule]}


@pytest.mark.parametrize(
    ("repo", "registry", "expected"),
    [
        (_repo(on=True), {"scanType": "BASIC", "rules": []}, True),
        (_repo(on=False), {"scanType": "BASIC", "rules": []}, False),
        # a registry rule scans a repository whose own setting is off
        (_repo(on=False), _registry(), True),
        # the failing twin: the rule's filter does not match this repository
        (_repo("dev-api", on=False), _registry(), False),
        (_repo("dev-api", on=False), _registry(pattern="*"), True),
        # a MANUAL rule scans nothing on push
        (_repo(on=False), _registry(frequency="MANUAL"), False),
        # enhanced scanning: continuous scanning covers pushes; the repository setting is ignored
        (_repo(on=False), _registry("ENHANCED", "CONTINUOUS_SCAN"), True),
        (_repo("dev-api", on=True), _registry("ENHANCED", "CONTINUOUS_SCAN"), False),
        # registry settings unread: only the repository's own "on" is known to scan
        (_repo(on=True), None, True),
        (_repo(on=False), None, None),
    ],
)
def test_scan_on_push_twins_from_documented_shapes(repo, registry, expected):
    assert scanned_on_push(repo, registry) is expected


def _repos(session) -> dict[str, ImageRepository]:
    items = collect_image_repositories(session, "us-east-1")
    return {r.name: r for r in items if isinstance(r, ImageRepository)}


def test_registry_rules_through_moto(aws_session):
    ecr = aws_session.client("ecr", "us-east-1")
    ecr.create_repository(repositoryName="prod-api")
    ecr.create_repository(repositoryName="dev-api")
    ecr.create_repository(
        repositoryName="own-flag", imageScanningConfiguration={"scanOnPush": True}
    )
    before = _repos(aws_session)
    assert image_repository_scans_on_push(before["prod-api"]).status is Status.FAIL
    assert image_repository_scans_on_push(before["own-flag"]).status is Status.PASS
    ecr.put_registry_scanning_configuration(
        scanType="BASIC",
        rules=[{"scanFrequency": "SCAN_ON_PUSH",
                "repositoryFilters": [{"filter": "prod-*", "filterType": "WILDCARD"}]}],
    )  # fmt: skip
    after = _repos(aws_session)
    assert image_repository_scans_on_push(after["prod-api"]).status is Status.PASS
    assert image_repository_scans_on_push(after["dev-api"]).status is Status.FAIL
    assert image_repository_scans_on_push(after["own-flag"]).status is Status.PASS


def test_unreadable_registry_settings_are_unknown_not_fail(aws_session):
    ecr = aws_session.client("ecr", "us-east-1")
    ecr.create_repository(repositoryName="quiet")
    script(ecr, "GetRegistryScanningConfiguration", "AccessDeniedException")
    repo, error = list(collect_image_repositories(aws_session, "us-east-1"))
    assert isinstance(repo, ImageRepository)
    assert image_repository_scans_on_push(repo).status is Status.UNKNOWN
    assert isinstance(error, CollectionError)
    assert error.permission == "ecr:GetRegistryScanningConfiguration"
