"""Azure Files mapper on FileServiceProperties shapes (FileServicesGet example, Storage RP
2023-05-01) and the collector through the real StorageManagementClient."""

from __future__ import annotations

from providers.azure.files import collect_file_services, to_file_service
from tests.checks.factories import NOW
from tests.providers.azure.tenant import SUB_A

ACCOUNT = {
    "id": "/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/a",
    "name": "a",
    "kind": "StorageV2",
    "properties": {},
}


def test_unset_smb_settings_accept_everything():
    m = to_file_service(ACCOUNT, {"properties": {}}, subscription="s", collected_at=NOW)
    assert m.share_soft_delete_days == 0
    assert m.smb_versions == ("SMB2.1", "SMB3.0", "SMB3.1.1")
    assert m.smb_channel_encryption == ("AES-128-CCM", "AES-128-GCM", "AES-256-GCM")
    assert m.uid.endswith("/fileServices/default")


def test_explicit_settings_and_unread():
    service = {
        "properties": {
            "shareDeleteRetentionPolicy": {"enabled": True, "days": 5},
            "protocolSettings": {
                "smb": {"versions": "SMB3.1.1;", "channelEncryption": "AES-256-GCM"}
            },
        }
    }
    m = to_file_service(ACCOUNT, service, subscription="s", collected_at=NOW)
    assert m.share_soft_delete_days == 5
    assert m.smb_versions == ("SMB3.1.1",)
    assert m.smb_channel_encryption == ("AES-256-GCM",)
    unread = to_file_service(ACCOUNT, None, subscription="s", collected_at=NOW)
    assert unread.smb_versions is None
    assert unread.encryption is not None


def test_collector_through_the_storage_client(make_session, fake):
    items = list(collect_file_services(make_session(SUB_A), SUB_A))
    assert items
    assert all(not isinstance(i, Exception) for i in items)
    strict = [i for i in items if getattr(i, "smb_versions", None) == ("SMB3.1.1",)]
    assert len(strict) == 1
    calls = [r.path.lower() for r in fake.arm_calls()]
    assert all(c.endswith("/fileservices/default") for c in calls)
