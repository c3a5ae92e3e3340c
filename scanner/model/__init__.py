"""Provider-neutral resource models. Every model is frozen; ``None`` means unknown."""

from scanner.model.access import IamPolicy, RoleBinding, ServiceAccountKey
from scanner.model.audit import (
    AuditCoverage,
    AuditLogConfig,
    ConfigRecording,
    LogDestination,
    LogGroup,
    ThreatDetection,
    Trail,
)
from scanner.model.backup import BackupPlan, BackupRule, BackupVault
from scanner.model.base import Encryption, Frozen, KeyManager, Resource
from scanner.model.compute import VirtualMachine
from scanner.model.crypto import KmsKey
from scanner.model.database import DatabaseInstance, Table
from scanner.model.dns import DnsZone
from scanner.model.governance import AlertCoverage, PrivilegedAccess, RoleDefinition
from scanner.model.iam import (
    AccessKey,
    AttachedPolicy,
    InlinePolicy,
    ManagedPolicy,
    PasswordPolicy,
    PolicyDocument,
    PolicyStatement,
    Role,
    RootUser,
    User,
)
from scanner.model.kubernetes import KubernetesCluster
from scanner.model.network import (
    FirewallRule,
    Network,
    NetworkAcl,
    SecurityGroup,
    is_internet_source,
)
from scanner.model.protection import ProtectedItem
from scanner.model.resilience import BackupCoverage, RestoreTesting
from scanner.model.services import ImageRepository, Queue, Secret, Topic
from scanner.model.sqlserver import DatabaseServer
from scanner.model.storage import (
    BlockStorageDefaults,
    Bucket,
    FileSystem,
    ObjectStorageDefaults,
    Snapshot,
    Volume,
)
from scanner.model.subnet import Subnet
from scanner.model.vault import KeyVault

RESOURCE_KINDS: tuple[type[Resource], ...] = (
    Network, SecurityGroup, NetworkAcl, KmsKey, User, Role, ManagedPolicy, PasswordPolicy,
    RootUser, Bucket, ObjectStorageDefaults, Volume, Snapshot, BlockStorageDefaults, FileSystem,
    DatabaseInstance, Table, BackupPlan, BackupVault, Trail, AuditCoverage, AuditLogConfig,
    LogGroup, ConfigRecording, ThreatDetection, Queue, Topic, Secret, ImageRepository,
)  # fmt: skip
# Azure-first kinds (neutral models; other providers may fill them later).
RESOURCE_KINDS += (
    KeyVault, DatabaseServer, RoleDefinition, PrivilegedAccess, AlertCoverage, ProtectedItem,
)  # fmt: skip
# GCP-first kinds (neutral models; other providers may fill them later).
RESOURCE_KINDS += (
    Subnet, VirtualMachine, KubernetesCluster, DnsZone, IamPolicy, ServiceAccountKey,
)  # fmt: skip
# Backup programme (region level; AWS Backup first).
RESOURCE_KINDS += (BackupCoverage, RestoreTesting)

__all__ = [
    "RESOURCE_KINDS", "AccessKey", "AttachedPolicy", "AuditCoverage", "AuditLogConfig",
    "BackupPlan", "BackupRule", "BackupVault", "BlockStorageDefaults", "Bucket",
    "ConfigRecording", "DatabaseInstance", "Encryption", "FileSystem", "FirewallRule", "Frozen",
    "ImageRepository", "InlinePolicy", "KeyManager", "KmsKey", "LogGroup", "ManagedPolicy",
    "Network", "NetworkAcl", "ObjectStorageDefaults", "PasswordPolicy", "PolicyDocument",
    "PolicyStatement", "Queue", "Resource", "Role", "RootUser", "Secret", "SecurityGroup",
    "Snapshot", "Table", "ThreatDetection", "Topic", "Trail", "User", "Volume",
    "is_internet_source",
]  # fmt: skip
__all__ += [
    "AlertCoverage", "DatabaseServer", "KeyVault", "PrivilegedAccess", "ProtectedItem",
    "RoleDefinition",
]  # fmt: skip
__all__ += [
    "DnsZone", "IamPolicy", "KubernetesCluster", "RoleBinding", "ServiceAccountKey", "Subnet",
    "VirtualMachine",
]  # fmt: skip
__all__ += ["BackupCoverage", "LogDestination", "RestoreTesting"]

from scanner.model.iam import ConditionClause, PrincipalRef  # noqa: E402 (policy engine)

__all__ += ["ConditionClause", "PrincipalRef"]

from scanner.model.storage import PublicAccessBlock  # noqa: E402 (S3 exposure)

__all__ += ["PublicAccessBlock"]
