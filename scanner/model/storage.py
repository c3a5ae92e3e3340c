"""Object storage, block storage, snapshots and file systems."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from scanner.model.base import Encryption, Frozen, Resource
from scanner.model.iam import PolicyDocument


class PublicAccessBlock(Frozen):
    """The four S3 Block Public Access settings at one level (bucket or account).

    Each has its own effect (S3 User Guide, "Blocking public access to your Amazon S3
    storage"): ``block_public_acls`` and ``block_public_policy`` only refuse future public
    grants; ``ignore_public_acls`` neutralises existing public ACLs and
    ``restrict_public_buckets`` limits a public policy to the owner account and AWS services.
    """

    block_public_acls: bool = False
    ignore_public_acls: bool = False
    block_public_policy: bool = False
    restrict_public_buckets: bool = False

    @property
    def all_on(self) -> bool:
        """Every setting is on."""
        return (
            self.block_public_acls
            and self.ignore_public_acls
            and self.block_public_policy
            and self.restrict_public_buckets
        )


class Bucket(Resource):
    """An object storage bucket: S3, Cloud Storage, Azure storage account/container."""

    encryption: Encryption | None = Field(description="Default encryption; None unknown.")
    public_access_block: bool | None = Field(
        description="Every bucket-level public access block setting is on."
    )
    policy_allows_public: bool | None = Field(description="Bucket policy grants anyone access.")
    policy_requires_tls: bool | None = Field(description="Policy denies non-TLS requests.")
    versioning: bool | None
    access_logging: bool | None
    https_only: bool | None = Field(default=None, description="Azure: secure transfer required.")
    min_tls_version: str | None = Field(
        default=None, description="Azure: minimum TLS version accepted, e.g. '1.2'."
    )
    anonymous_access: bool | None = Field(
        default=None, description="Azure: containers may allow anonymous (public) reads."
    )
    shared_key_access: bool | None = Field(
        default=None, description="Azure: account access keys (Shared Key) are accepted."
    )
    infrastructure_encryption: bool | None = Field(
        default=None, description="Azure: a second layer of encryption at the infrastructure."
    )
    network_default_deny: bool | None = Field(
        default=None, description="Azure: the firewall denies networks not explicitly allowed."
    )
    public_network_access: bool | None = Field(
        default=None, description="Azure: the public endpoint is enabled."
    )
    soft_delete_days: int | None = Field(
        default=None, description="Azure: deleted blobs kept this many days; 0 = soft delete off."
    )
    uniform_access: bool | None = Field(
        default=None, description="GCP: uniform bucket-level access (IAM only, no object ACLs)."
    )
    retention_days: int | None = Field(
        default=None, description="GCP: retention policy in days; 0 = none; None unknown."
    )
    retention_locked: bool | None = Field(default=None, description="GCP: retention policy locked.")
    org_policy_hint: str = Field(
        default="", description="GCP: why an inherited organisation policy is unknown."
    )
    container_soft_delete_days: int | None = Field(
        default=None, description="Azure: deleted containers kept this many days; 0 = off."
    )
    key_reminder_days: int | None = Field(
        default=None, description="Azure: access key expiration reminder period; 0 = none set."
    )
    access_keys_created: tuple[datetime, ...] | None = Field(
        default=None, description="Azure: when each access key was last (re)generated."
    )
    private_endpoint: bool | None = Field(
        default=None, description="Azure: an approved private endpoint connection exists."
    )
    portal_entra_auth: bool | None = Field(
        default=None, description="Azure: the portal defaults to Microsoft Entra authorisation."
    )
    trusted_services_bypass: bool | None = Field(
        default=None, description="Azure: trusted Microsoft services bypass the firewall."
    )
    cross_tenant_replication: bool | None = Field(
        default=None, description="Azure: object replication to other tenants is allowed."
    )
    redundancy: str | None = Field(
        default=None, description="Azure: replication SKU, e.g. 'Standard_GRS'; None unknown."
    )
    block_settings: PublicAccessBlock | None = Field(
        default=None, description="AWS: bucket-level Block Public Access; None unread."
    )
    account_block_settings: PublicAccessBlock | None = Field(
        default=None, description="AWS: the account's Block Public Access; None unread."
    )
    policy_document: PolicyDocument | None = Field(
        default=None, description="AWS: the bucket policy (empty: none); None unread."
    )
    acl_public_grants: tuple[str, ...] | None = Field(
        default=None,
        description="AWS: ACL permissions granted to AllUsers/AuthenticatedUsers "
        "('AllUsers:READ'); () none; None unread.",
    )
    acls_disabled: bool | None = Field(
        default=None, description="AWS: Object Ownership is BucketOwnerEnforced (ACLs off)."
    )


class ObjectStorageDefaults(Resource):
    """Account-level object storage settings (S3 account public access block)."""

    public_access_block: bool | None


class Volume(Resource):
    """A block storage volume (EBS, persistent disk, managed disk)."""

    encryption: Encryption | None
    attached: bool | None = None
    public_network_access: bool | None = Field(
        default=None, description="Azure: the disk can be exported or imported over the internet."
    )
    snapshot_schedule: bool | None = Field(
        default=None, description="GCP: a snapshot schedule is attached to the disk."
    )


class Snapshot(Resource):
    """A point-in-time copy of a volume or database."""

    source: Literal["volume", "database", "image"]
    encryption: Encryption | None
    public: bool | None = Field(description="Shared with everyone; None unknown.")


class BlockStorageDefaults(Resource):
    """Region-level default for block storage (EBS encryption by default)."""

    encryption_by_default: bool | None


class FileSystem(Resource):
    """A managed network file system (EFS, Filestore, Azure Files)."""

    encryption: Encryption | None
    share_soft_delete_days: int | None = Field(
        default=None, description="Azure Files: deleted shares kept this many days; 0 = off."
    )
    smb_versions: tuple[str, ...] | None = Field(
        default=None, description="Azure Files: SMB versions accepted (all when unrestricted)."
    )
    smb_channel_encryption: tuple[str, ...] | None = Field(
        default=None, description="Azure Files: SMB channel ciphers accepted."
    )
