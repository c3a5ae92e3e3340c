"""The post-collection key-manager link, on plain models."""

from __future__ import annotations

from providers.aws.link import link_key_managers
from scanner.model import Encryption, KmsKey, Volume
from tests.checks.factories import kms_key, make

AWS_KEY = "arn:aws:kms:us-east-1:123456789012:key/aws-managed-1"
CMK = "arn:aws:kms:us-east-1:123456789012:key/cmk-1"


def _volume(key_id: str | None, managed=None, enabled=True) -> Volume:
    enc = Encryption(enabled=enabled, key_managed_by=managed, key_id=key_id)
    return make(Volume, {"encryption": enc, "attached": True}, {"uid": f"vol-{key_id}"})


def test_fills_manager_from_kms_inventory():
    keys = [
        kms_key(uid=AWS_KEY, name="aws-managed-1", managed_by="provider"),
        kms_key(uid=CMK, name="cmk-1"),
    ]
    volumes = [
        _volume(AWS_KEY),
        _volume("cmk-1"),
        _volume("arn:aws:kms:eu-west-1:1:key/other"),
        _volume(None, enabled=False),
    ]
    linked = link_key_managers({KmsKey: keys, Volume: volumes})
    managers = [v.encryption.key_managed_by for v in linked[Volume]]
    assert managers == ["provider", "customer", None, None]
    assert linked[KmsKey] == keys


def test_known_manager_is_never_overwritten():
    keys = [kms_key(uid=CMK, name="cmk-1", managed_by="provider")]
    linked = link_key_managers({KmsKey: keys, Volume: [_volume(CMK, managed="customer")]})
    assert linked[Volume][0].encryption.key_managed_by == "customer"


def test_without_keys_inventory_is_unchanged():
    volumes = [_volume(CMK)]
    assert link_key_managers({Volume: volumes})[Volume] == volumes
