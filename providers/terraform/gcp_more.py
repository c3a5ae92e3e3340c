"""Google persistent disks, Cloud KMS keys and Cloud SQL instances in a plan.

The planned attributes become the REST bodies Cloud Asset Inventory serves (Disk,
CryptoKey, DatabaseInstance) and go through the GCP provider's own mappers. Defaults:
registry.terraform.io/providers/hashicorp/google/latest/docs/resources/<type> (cited per
mapper); values known only after apply are UNKNOWN, naming the attribute. The GCP modules
load Google's SDK, so they are imported only when a plan holds Google resources.
"""

from __future__ import annotations

from typing import Any

from providers.terraform.common import collector, first
from providers.terraform.plan import Planned
from providers.terraform.session import TerraformSession, known_after_apply
from scanner.model import DatabaseInstance, KmsKey, Volume
from scanner.provider import Collector, Item

_KEY_IAM = ("google_kms_crypto_key_iam_member", "google_kms_crypto_key_iam_binding")


def _fields(resource: Planned, session: TerraformSession, service: str) -> dict[str, Any]:
    return {"uid": resource.address, "provider": "gcp",
            "account": str(resource.values.get("project") or ""),
            "region": str(resource.values.get("zone") or resource.values.get("region")
                          or session.region(resource)),
            "service": service, "name": resource.address,
            "collected_at": session.collected_at}  # fmt: skip


def plan_disk(disk: Planned, session: TerraformSession) -> Volume:
    """``google_compute_disk`` / ``_region_disk``: Google encrypts every disk; a
    ``disk_encryption_key.kms_key_self_link`` (even one known only after apply: any
    Cloud KMS key is the customer's) or a supplied ``raw_key`` makes it customer managed;
    ``resource_policies`` or a ``google_compute_disk_resource_policy_attachment`` is a
    snapshot schedule (registry: google_compute_disk)."""
    from providers.gcp.assets import AssetRecord  # noqa: PLC0415 - Google SDK
    from providers.gcp.compute import to_volume  # noqa: PLC0415

    values = disk.values
    key = first(values.get("disk_encryption_key"))
    kms = key.get("kms_key_self_link") or key.get("kms_key_name")
    if not kms and disk.is_unknown("disk_encryption_key", 0, "kms_key_self_link"):
        kms = "(planned key)"
    attachments = session.joined(disk, ("google_compute_disk_resource_policy_attachment",), "disk")
    policies = [*(values.get("resource_policies") or ()), *(a.address for a in attachments)]
    body = {
        "diskEncryptionKey": {
            "kmsKeyName": kms,
            "rawKey": key.get("raw_key"),
            "rsaEncryptedKey": key.get("rsa_encrypted_key"),
        },
        "resourcePolicies": policies,
    }
    record = AssetRecord(name=disk.address, asset_type="compute.googleapis.com/Disk",
                         origin="plan", data=body)  # fmt: skip
    model = to_volume(record, _fields(disk, session, "compute"))
    return model.model_copy(update={"attached": None})


def plan_crypto_key(key: Planned, session: TerraformSession) -> KmsKey:
    """``google_kms_crypto_key``: ``purpose`` ENCRYPT_DECRYPT and no ``rotation_period``
    (no automatic rotation) by default; a new key has an enabled primary version
    (registry: google_kms_crypto_key). Public access comes from its IAM members of the
    plan; an existing key may hold grants made elsewhere (unknown)."""
    from providers.gcp.assets import AssetRecord, Binding, Policy  # noqa: PLC0415
    from providers.gcp.common import is_public  # noqa: PLC0415
    from providers.gcp.kms import to_kms_key  # noqa: PLC0415

    values = key.values
    purpose = values.get("purpose") or "ENCRYPT_DECRYPT"
    body: dict[str, Any] = {
        "purpose": purpose,
        "rotationPeriod": values.get("rotation_period"),
        "primary": {"state": "ENABLED"} if purpose == "ENCRYPT_DECRYPT" else None,
    }
    grants = session.joined(key, _KEY_IAM, "crypto_key_id")
    bindings = tuple(
        Binding(
            role=str(g.values.get("role") or ""),
            members=(str(g.values.get("member") or ""), *map(str, g.values.get("members") or ())),
        )
        for g in grants
    )
    policy: Policy | None = Policy(bindings=bindings)
    if not key.created and not is_public(policy):
        policy = None  # an existing key may hold grants made outside the plan
    record = AssetRecord(name=key.address, asset_type="cloudkms.googleapis.com/CryptoKey",
                         origin="plan", data=body)  # fmt: skip
    model = to_kms_key(record, _fields(key, session, "cloudkms"), policy=policy)
    if key.configured("rotation_period") and key.is_unknown("rotation_period"):
        session.note_unknown(key, [f"{key.address}.rotation_period"])
        model = model.model_copy(update={"rotation_enabled": None, "rotation_period_days": None})
    return model


def plan_sql_instance(db: Planned, session: TerraformSession) -> Item:
    """``google_sql_database_instance``: ``settings.ip_configuration.ipv4_enabled`` true,
    ``backup_configuration.enabled`` false, ``availability_type`` ZONAL,
    ``settings.deletion_protection_enabled`` false, ``ssl_mode`` unset (connections
    without TLS allowed) by default (registry: google_sql_database_instance; Cloud SQL
    Admin API, DatabaseInstance); ``database_flags`` as given."""
    from providers.gcp.assets import AssetRecord  # noqa: PLC0415
    from providers.gcp.sql import to_database_instance  # noqa: PLC0415

    values = db.values
    if db.wholly_unknown("settings"):
        return known_after_apply("gcp", db, "DatabaseInstance", [f"{db.address}.settings"])
    settings = first(values.get("settings"))
    ip = first(settings.get("ip_configuration"))
    backups = first(settings.get("backup_configuration"))
    retention = first(backups.get("backup_retention_settings"))
    kms = values.get("encryption_key_name") or (
        "(planned key)" if db.configured("encryption_key_name") else None
    )
    networks = [{"value": n.get("value")} for n in ip.get("authorized_networks") or ()]
    retained = retention.get("retained_backups")
    body = {
        "databaseVersion": values.get("database_version") or "",
        "diskEncryptionConfiguration": {"kmsKeyName": kms},
        "settings": {
            "ipConfiguration": {
                "ipv4Enabled": ip.get("ipv4_enabled", True) is not False,
                "requireSsl": bool(ip.get("require_ssl")),
                "sslMode": ip.get("ssl_mode") or "",
                "authorizedNetworks": networks,
            },
            "backupConfiguration": {
                "enabled": bool(backups.get("enabled")),
                "backupRetentionSettings": {"retainedBackups": retained} if retained else {},
            },
            "availabilityType": settings.get("availability_type") or "ZONAL",
            "deletionProtectionEnabled": bool(settings.get("deletion_protection_enabled")),
            "databaseFlags": [
                {"name": f.get("name"), "value": f.get("value")}
                for f in settings.get("database_flags") or ()
            ],
        },
    }
    record = AssetRecord(name=db.address, asset_type="sqladmin.googleapis.com/Instance",
                         origin="plan", data=body)  # fmt: skip
    return to_database_instance(record, _fields(db, session, "sqladmin"))


COLLECTORS: tuple[Collector[TerraformSession], ...] = (
    collector("gcp", Volume, ("google_compute_disk", "google_compute_region_disk"), plan_disk,
              name="plan_gce_disks",
              joins=[(("google_compute_disk_resource_policy_attachment",), "disk")]),
    collector("gcp", KmsKey, ("google_kms_crypto_key",), plan_crypto_key, name="plan_cloud_kms",
              joins=[(_KEY_IAM, "crypto_key_id")]),
    collector("gcp", DatabaseInstance, ("google_sql_database_instance",), plan_sql_instance,
              name="plan_cloud_sql"),
)  # fmt: skip
