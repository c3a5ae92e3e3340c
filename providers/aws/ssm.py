"""Systems Manager: documents the account owns (who they are shared with), the regional
"block public sharing" setting, and EC2 instance metadata defaults.

* ``ListDocuments`` (Owner=Self) then ``DescribeDocumentPermission(PermissionType=Share)``:
  ``AccountIds`` holds "all" when the document is public (SSM API reference).
* ``GetServiceSetting`` ``/ssm/documents/console/public-sharing-permission``: SettingValue
  "Disable" blocks public sharing, "Enable" (the default) allows it (SSM user guide, "Block
  public sharing for SSM documents").
* ``ec2:GetInstanceMetadataDefaults``: ``AccountLevel.HttpTokens`` "required" (or
  ``HttpEndpoint`` "disabled") makes new instances IMDSv2-only; "no-preference" or nothing
  set leaves it to each AMI (EC2 user guide, "Set IMDSv2 as the default for the account").

moto implements neither GetServiceSetting nor GetInstanceMetadataDefaults: those regional
resources are not yielded; a CollectionError with cause ``NotImplemented`` is.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any

from botocore.parsers import ResponseParserError

from providers.aws.backup_selection import Unread, guarded
from providers.aws.resilience import unread_error
from providers.aws.session import SDK_ERRORS, AwsSession, paginate, translate_error
from scanner.errors import CollectionError
from scanner.model import AutomationDocument, DocumentSharing, InstanceDefaults
from scanner.provider import Collector, Item

LIST_DOCUMENTS = "ssm:ListDocuments"
DESCRIBE_PERMISSION = "ssm:DescribeDocumentPermission"
GET_SETTING = "ssm:GetServiceSetting"
GET_METADATA_DEFAULTS = "ec2:GetInstanceMetadataDefaults"
PUBLIC_SHARING_SETTING = "/ssm/documents/console/public-sharing-permission"


def to_automation_document(
    identifier: Mapping[str, Any], accounts: Sequence[str] | None, *,
    region: str, account: str, collected_at: datetime,
) -> AutomationDocument:  # fmt: skip
    """Pure: a ListDocuments item + the share permission's AccountIds (None: unread)."""
    name = str(identifier["Name"])
    return AutomationDocument(
        uid=f"arn:aws:ssm:{region}:{account}:document/{name}", provider="aws", account=account,
        region=region, service="ssm", name=name, collected_at=collected_at,
        shared_with=None if accounts is None else tuple(sorted(str(a) for a in accounts)),
    )  # fmt: skip


def collect_automation_documents(session: AwsSession, region: str) -> Iterator[Item]:
    """Yield every SSM document this account owns in ``region`` with its sharing."""
    client = session.client("ssm", region)
    try:
        documents = paginate(
            client, "list_documents", "DocumentIdentifiers",
            Filters=[{"Key": "Owner", "Values": ["Self"]}],
        )  # fmt: skip
    except SDK_ERRORS as err:
        raise translate_error(
            err, scope=region, resource="AutomationDocument", permission=LIST_DOCUMENTS
        ) from err

    def shares(doc: Mapping[str, Any]) -> list[str] | Exception:
        try:
            answer = client.describe_document_permission(Name=doc["Name"], PermissionType="Share")
        except SDK_ERRORS as err:
            return err
        return [str(a) for a in answer.get("AccountIds") or ()]

    now = session.now()
    for doc, read in zip(documents, session.map(shares, documents), strict=True):
        known = None if isinstance(read, Exception) else read
        model = to_automation_document(doc, known, region=region, account=session.account,
                                       collected_at=now)  # fmt: skip
        yield model
        if isinstance(read, Exception):
            yield translate_error(read, scope=region, resource="AutomationDocument",
                                  permission=DESCRIBE_PERMISSION, uid=model.uid)  # fmt: skip


def _regional(
    uid: str, *, account: str, region: str, service: str, name: str, at: datetime
) -> dict[str, Any]:
    return {"uid": uid, "provider": "aws", "account": account, "region": region,
            "service": service, "name": name, "collected_at": at}  # fmt: skip


def to_document_sharing(
    setting: Mapping[str, Any], *, account: str, region: str, collected_at: datetime
) -> DocumentSharing:
    """Pure: GetServiceSetting ``ServiceSetting`` -> DocumentSharing ("Disable" blocks)."""
    value = str(setting.get("SettingValue", "")).strip().lower()
    return DocumentSharing(
        **_regional(f"arn:aws:ssm:{region}:{account}:servicesetting{PUBLIC_SHARING_SETTING}",
                    account=account, region=region, service="ssm",
                    name=f"ssm-public-sharing-{region}", at=collected_at),
        public_sharing_blocked=None if not value else value == "disable",
    )  # fmt: skip


def collect_document_sharing(session: AwsSession, region: str) -> Iterator[Item]:
    """Yield whether public sharing of SSM documents is blocked in ``region``."""
    uid = f"arn:aws:ssm:{region}:{session.account}:servicesetting{PUBLIC_SHARING_SETTING}"
    client = session.client("ssm", region)
    try:
        answer = guarded(GET_SETTING, client.get_service_setting, SettingId=PUBLIC_SHARING_SETTING)
    except Unread as failure:
        yield unread_error(failure, scope=region, resource="DocumentSharing", uid=uid)
        return
    yield to_document_sharing(answer.get("ServiceSetting") or {}, account=session.account,
                              region=region, collected_at=session.now())  # fmt: skip


def to_instance_defaults(
    answer: Mapping[str, Any], *, account: str, region: str, collected_at: datetime
) -> InstanceDefaults:
    """Pure: GetInstanceMetadataDefaults -> InstanceDefaults."""
    level = answer.get("AccountLevel") or {}
    tokens = str(level.get("HttpTokens", "")).lower()
    endpoint = str(level.get("HttpEndpoint", "")).lower()
    return InstanceDefaults(
        **_regional(f"arn:aws:ec2:{region}:{account}:instance-metadata-defaults",
                    account=account, region=region, service="ec2",
                    name=f"instance-metadata-defaults-{region}", at=collected_at),
        metadata_tokens_required=tokens == "required" or endpoint == "disabled",
    )  # fmt: skip


def collect_instance_defaults(session: AwsSession, region: str) -> Iterator[Item]:
    """Yield the account's instance metadata defaults in ``region``."""
    uid = f"arn:aws:ec2:{region}:{session.account}:instance-metadata-defaults"
    client = session.client("ec2", region)
    try:
        answer = guarded(GET_METADATA_DEFAULTS, client.get_instance_metadata_defaults)
    except ResponseParserError as err:  # an endpoint answering with a non-AWS error page
        yield unread_error(
            Unread(GET_METADATA_DEFAULTS, err), scope=region, resource="InstanceDefaults", uid=uid
        )
        return
    except Unread as failure:
        error: CollectionError = unread_error(
            failure, scope=region, resource="InstanceDefaults", uid=uid
        )
        yield error
        return
    yield to_instance_defaults(answer, account=session.account, region=region,
                               collected_at=session.now())  # fmt: skip


COLLECTORS = (
    Collector(
        AutomationDocument,
        collect_automation_documents,
        permissions=(LIST_DOCUMENTS, DESCRIBE_PERMISSION),
    ),
    Collector(DocumentSharing, collect_document_sharing, permissions=(GET_SETTING,)),
    Collector(InstanceDefaults, collect_instance_defaults, permissions=(GET_METADATA_DEFAULTS,)),
)
