"""Checks over SSM documents and the regional public-sharing setting."""

from __future__ import annotations

from checks._common import setting
from scanner.findings import Result, Severity, failed, passed, unknown
from scanner.model import AutomationDocument, DocumentSharing
from scanner.registry import check

_SHARING = (
    "soc2:CC6.1",
    "iso27001-2022:A.5.14",
    "iso27001-2022:A.8.3",
    "nist-csf-2.0:PR.DS-10",
    "nist-800-53-r5:AC-3",
    "nist-800-53-r5:AC-21",
)


@check(
    id="SVC-501",
    title="SSM documents are not shared publicly",
    severity=Severity.HIGH,
    resource=AutomationDocument,
    controls=_SHARING,
    providers=("aws",),
)
def document_not_public(doc: AutomationDocument) -> Result:
    """A public document can be read and run by every AWS account; runbooks and commands
    reveal host names, paths, bucket names and sometimes credentials embedded in scripts.

    Remediation: ``aws ssm modify-document-permission --name <doc> --permission-type Share
    --account-ids-to-remove all`` and share with named accounts only.
    """
    if doc.shared_with is None:
        return unknown("document permissions unreadable")
    if doc.public:
        return failed("shared with all AWS accounts (public)")
    if doc.shared_with:
        return passed(f"shared with {len(doc.shared_with)} named account(s) only")
    return passed("not shared")


@check(
    id="SVC-502",
    title="Public sharing of SSM documents is blocked in every region",
    severity=Severity.MEDIUM,
    resource=DocumentSharing,
    controls=_SHARING,
    providers=("aws",),
)
def document_public_sharing_blocked(sharing: DocumentSharing) -> Result:
    """While public sharing is allowed, one console click publishes a document to every AWS
    account; blocking it at the account level stops that mistake before it happens.

    Remediation: ``aws ssm update-service-setting --setting-id
    /ssm/documents/console/public-sharing-permission --setting-value Disable`` in every region.
    """
    return setting(
        sharing.public_sharing_blocked,
        on="public sharing of documents blocked",
        off="public sharing of documents allowed (the default)",
        unread="public sharing setting unreadable",
    )
