"""Provider-neutral resource models. Every model is frozen; ``None`` means unknown."""

from scanner.model.access import IamPolicy, RoleBinding, ServiceAccountKey
from scanner.model.analytics import AnalyticsWorkspace, DataCluster, Dataset, DatasetTable
from scanner.model.audit import (
    AuditCoverage,
    AuditLogConfig,
    ConfigRecording,
    LogDestination,
    LogGroup,
    ThreatDetection,
    Trail,
)
from scanner.model.automation import AutomationDocument, DocumentSharing, InstanceDefaults
from scanner.model.backup import BackupPlan, BackupRule, BackupVault
from scanner.model.base import Encryption, Frozen, KeyManager, Resource
from scanner.model.certificate import Certificate
from scanner.model.compute import InstanceMetadata, VirtualMachine
from scanner.model.crypto import KmsKey
from scanner.model.database import DatabaseInstance, Table
from scanner.model.database_cluster import DatabaseCluster
from scanner.model.defender import DefenderSettings
from scanner.model.directory import AccessPolicy, Directory
from scanner.model.dns import DnsZone
from scanner.model.footprint import ServiceFootprint
from scanner.model.gateway import VpnGateway, WafPolicy, WebGateway
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
from scanner.model.loadbalancer import Listener, LoadBalancer, TlsPolicy
from scanner.model.monitoring import (
    ApiKey,
    EssentialContacts,
    LoadBalancerBackend,
    ProjectMonitoring,
)
from scanner.model.network import (
    FirewallRule,
    Network,
    NetworkAcl,
    SecurityGroup,
    is_internet_source,
)
from scanner.model.posture import (
    AccessAnalysis,
    DataDiscovery,
    ObjectAccessLogging,
    PostureManagement,
    SupportAccess,
)
from scanner.model.protection import ProtectedItem
from scanner.model.resilience import BackupCoverage, RestoreTesting
from scanner.model.resource_policy import ResourcePolicy
from scanner.model.routing import Route, RouteTable
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
# GCP-first analytics kinds (BigQuery, Dataproc).
RESOURCE_KINDS += (Dataset, DatasetTable, DataCluster)
RESOURCE_KINDS += (ProjectMonitoring, EssentialContacts, ApiKey, LoadBalancerBackend)
RESOURCE_KINDS += (ResourcePolicy,)
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
__all__ += ["DataCluster", "Dataset", "DatasetTable"]
__all__ += ["ApiKey", "EssentialContacts", "LoadBalancerBackend", "ProjectMonitoring"]
__all__ += ["ResourcePolicy"]
# Azure CIS v6 kinds (edge gateways, subscription footprint).
RESOURCE_KINDS += (WebGateway, VpnGateway, ServiceFootprint, DefenderSettings, AnalyticsWorkspace)
RESOURCE_KINDS += (Directory, Certificate)
__all__ += ["AccessPolicy", "Certificate", "Directory"]
__all__ += [
    "AnalyticsWorkspace",
    "DefenderSettings",
    "ServiceFootprint",
    "VpnGateway",
    "WafPolicy",
    "WebGateway",
]
# Workload kinds (AWS first: Lambda, ECS, EKS, CloudFront, API Gateway, data services).
from scanner.model.container import ContainerSpec, ContainerTaskDefinition  # noqa: E402
from scanner.model.lifecycle import SupportWindow  # noqa: E402
from scanner.model.serverless import FunctionUrl, ServerlessFunction  # noqa: E402

RESOURCE_KINDS += (ServerlessFunction, ContainerTaskDefinition)
__all__ += [
    "ContainerSpec", "ContainerTaskDefinition", "FunctionUrl", "ServerlessFunction",
    "SupportWindow",
]  # fmt: skip
from scanner.model.cdn import CdnDistribution, CdnOrigin, CdnRoute  # noqa: E402

RESOURCE_KINDS += (CdnDistribution,)
__all__ += ["CdnDistribution", "CdnOrigin", "CdnRoute"]
from scanner.model.datastores import CacheCluster, DataWarehouse, SearchDomain  # noqa: E402

RESOURCE_KINDS += (SearchDomain, DataWarehouse, CacheCluster)
__all__ += ["CacheCluster", "DataWarehouse", "SearchDomain"]
from scanner.model.api import Api, ApiDomain, ApiOperation, ApiStage  # noqa: E402

RESOURCE_KINDS += (Api, ApiStage, ApiDomain)
__all__ += ["Api", "ApiDomain", "ApiOperation", "ApiStage"]

from scanner.model.iam import ConditionClause, PrincipalRef  # noqa: E402 (policy engine)

__all__ += ["ConditionClause", "PrincipalRef"]

from scanner.model.storage import PublicAccessBlock  # noqa: E402 (S3 exposure)

__all__ += ["PublicAccessBlock"]
# Source control (GitHub first; neutral for GitLab and Bitbucket adapters).
from scanner.model.source_control import (  # noqa: E402 - grouped with its kinds
    ChangeHistory,
    Repository,
    SourceOrganization,
)

RESOURCE_KINDS += (SourceOrganization, Repository, ChangeHistory)
__all__ += ["ChangeHistory", "Repository", "SourceOrganization"]
# AWS breadth (issue 14): account/region security services and certificates.
RESOURCE_KINDS += (
    AccessAnalysis, PostureManagement, DataDiscovery, SupportAccess, ObjectAccessLogging,
)  # fmt: skip
# (Certificate is registered with the Azure kinds above.)
__all__ += [
    "AccessAnalysis", "DataDiscovery", "InstanceMetadata", "ObjectAccessLogging",
    "PostureManagement", "SupportAccess",
]  # fmt: skip
RESOURCE_KINDS += (LoadBalancer,)
__all__ += ["Listener", "LoadBalancer", "TlsPolicy"]
RESOURCE_KINDS += (DatabaseCluster,)
__all__ += ["DatabaseCluster"]
RESOURCE_KINDS += (AutomationDocument, DocumentSharing, InstanceDefaults)
__all__ += ["AutomationDocument", "DocumentSharing", "InstanceDefaults"]
RESOURCE_KINDS += (RouteTable,)
__all__ += ["Route", "RouteTable"]
from scanner.model.backup_policy import BackupVaultPolicy  # noqa: E402 - grouped with its kind

RESOURCE_KINDS += (BackupVaultPolicy,)
__all__ += ["BackupVaultPolicy"]
# AWS breadth (issue 14, aws-breadth): VPC endpoints.
from scanner.model.endpoint import PrivateEndpoint  # noqa: E402 - grouped with its kind

RESOURCE_KINDS += (PrivateEndpoint,)
__all__ += ["PrivateEndpoint"]
from scanner.model.container_service import ContainerService  # noqa: E402 - grouped with its kind

RESOURCE_KINDS += (ContainerService,)
__all__ += ["ContainerService"]
from scanner.model.node_pool import NodePool  # noqa: E402 - grouped with its kind

RESOURCE_KINDS += (NodePool,)
__all__ += ["NodePool"]
from scanner.model.search_collection import SearchCollection  # noqa: E402 - grouped with kind

RESOURCE_KINDS += (SearchCollection,)
__all__ += ["SearchCollection"]
from scanner.model.serverless_warehouse import ServerlessWarehouse  # noqa: E402 - its kind

RESOURCE_KINDS += (ServerlessWarehouse,)
__all__ += ["ServerlessWarehouse"]
