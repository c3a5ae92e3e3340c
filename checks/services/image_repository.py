"""Checks over container image repositories (ECR, Artifact Registry, ACR)."""

from __future__ import annotations

from checks._common import setting
from scanner.findings import Result, Severity
from scanner.model import ImageRepository
from scanner.registry import check


@check(
    id="SVC-003",
    title="Image repositories scan images for vulnerabilities on push",
    severity=Severity.MEDIUM,
    resource=ImageRepository,
    controls=(
        "soc2:CC7.1",
        "iso27001-2022:A.8.8",
        "nist-csf-2.0:ID.RA-01",
        "nist-800-53-r5:RA-5",
    ),
    providers=("aws",),
)
def image_repository_scans_on_push(repo: ImageRepository) -> Result:
    """Images are built on base layers full of third-party packages; without a scan at push
    time known-vulnerable images reach production unnoticed.

    Remediation: enable scan on push for the repository (or registry-wide enhanced
    scanning) and act on critical findings.
    """
    return setting(
        repo.scan_on_push,
        on="scan on push enabled",
        off="images are not scanned on push",
        unread="scan configuration unreadable",
    )


@check(
    id="SVC-004",
    title="Image repositories make tags immutable",
    severity=Severity.LOW,
    resource=ImageRepository,
    controls=(
        "soc2:CC8.1",
        "iso27001-2022:A.8.32",
        "nist-csf-2.0:PR.PS-01",
        "nist-800-53-r5:SI-7",
    ),
    providers=("aws",),
)
def image_repository_tags_immutable(repo: ImageRepository) -> Result:
    """With mutable tags anyone who can push may silently replace a released image, so the
    same tag can run different, possibly malicious, code after a redeploy.

    Remediation: turn on tag immutability and publish every build under a new tag (or
    deploy by digest).
    """
    return setting(
        repo.tags_immutable,
        on="tags immutable",
        off="tags can be overwritten",
        unread="tag mutability unreadable",
    )
