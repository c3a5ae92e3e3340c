"""Plain model factories for check tests: sensible compliant defaults, override per test."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from scanner.model import (
    AccessKey,
    AlertCoverage,
    AttachedPolicy,
    AuditCoverage,
    AuditLogConfig,
    BackupCoverage,
    BackupPlan,
    BackupRule,
    BackupVault,
    BlockStorageDefaults,
    Bucket,
    ConfigRecording,
    DatabaseInstance,
    DatabaseServer,
    DnsZone,
    Encryption,
    FileSystem,
    FirewallRule,
    IamPolicy,
    ImageRepository,
    InstanceMetadata,
    KeyVault,
    KmsKey,
    KubernetesCluster,
    LogDestination,
    LogGroup,
    ManagedPolicy,
    Network,
    NetworkAcl,
    ObjectStorageDefaults,
    PasswordPolicy,
    PolicyDocument,
    PolicyStatement,
    PrivilegedAccess,
    ProtectedItem,
    Queue,
    Resource,
    RestoreTesting,
    Role,
    RoleBinding,
    RoleDefinition,
    RootUser,
    Secret,
    SecurityGroup,
    ServiceAccountKey,
    Snapshot,
    Subnet,
    Table,
    ThreatDetection,
    Topic,
    Trail,
    User,
    VirtualMachine,
    Volume,
)

R = TypeVar("R", bound=Resource)
NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
ACCOUNT = "123456789012"


def _base(kind: str, **overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "uid": f"arn:aws:test:us-east-1:{ACCOUNT}:{kind}/example",
        "provider": "aws",
        "account": ACCOUNT,
        "region": "us-east-1",
        "service": "test",
        "name": f"example-{kind}",
        "collected_at": NOW,
    }
    base.update(overrides)
    return base


def make(model: type[R], defaults: dict[str, Any], overrides: dict[str, Any]) -> R:
    """Build ``model`` from base identity fields, compliant defaults, then overrides."""
    return model(**_base(model.__name__.lower(), **{**defaults, **overrides}))


def cmk_encryption() -> Encryption:
    return Encryption(enabled=True, key_managed_by="customer", key_id="arn:aws:kms:key/1")


def kms_key(**overrides: Any) -> KmsKey:
    return make(
        KmsKey,
        {
            "managed_by": "customer",
            "spec": "symmetric",
            "state": "enabled",
            "rotation_enabled": True,
            "rotation_period_days": 90,
            "policy_allows_public": False,
            "policy_document": PolicyDocument(),
        },
        overrides,
    )


def provider_encryption() -> Encryption:
    return Encryption(enabled=True, key_managed_by="provider")


def no_encryption() -> Encryption:
    return Encryption(enabled=False)


# --- network ---------------------------------------------------------------------------


def rule(**overrides: Any) -> FirewallRule:
    """An ingress rule; defaults to HTTPS from the internet (compliant for every port check)."""
    fields: dict[str, Any] = {
        "direction": "ingress",
        "protocol": "tcp",
        "from_port": 443,
        "to_port": 443,
        "sources": ("0.0.0.0/0",),
    }
    return FirewallRule(**{**fields, **overrides})


def network(**overrides: Any) -> Network:
    defaults = {"flow_logs_enabled": True, "subnet_mode": "custom", "dns_logging": True}
    return make(Network, defaults, overrides)


def security_group(**overrides: Any) -> SecurityGroup:
    return make(
        SecurityGroup,
        {
            "rules": (rule(), rule(from_port=22, to_port=22, sources=("10.0.0.0/8",))),
            "logging_enabled": True,
        },
        overrides,
    )


def network_acl(**overrides: Any) -> NetworkAcl:
    return make(
        NetworkAcl,
        {
            "rules": (
                rule(priority=100),
                rule(priority=32767, action="deny", protocol="-1", from_port=None, to_port=None),
            )
        },
        overrides,
    )


# --- iam -------------------------------------------------------------------------------


def statement(**overrides: Any) -> PolicyStatement:
    """A narrowly scoped Allow statement."""
    fields: dict[str, Any] = {
        "effect": "Allow",
        "actions": ("s3:GetObject",),
        "resources": ("arn:aws:s3:::bucket/*",),
    }
    return PolicyStatement(**{**fields, **overrides})


def admin_document() -> PolicyDocument:
    return PolicyDocument(statements=(statement(actions=("*",), resources=("*",)),))


def attached_policy(**overrides: Any) -> AttachedPolicy:
    fields: dict[str, Any] = {
        "name": "ReadOnlyAccess",
        "arn": "arn:aws:iam::aws:policy/ReadOnlyAccess",
        "grants_full_admin": False,
    }
    return AttachedPolicy(**{**fields, **overrides})


def access_key(**overrides: Any) -> AccessKey:
    """An active key created 30 days and last used 1 day before collection."""
    fields: dict[str, Any] = {
        "id": "AKIAEXAMPLE000000001",
        "active": True,
        "created_at": NOW - timedelta(days=30),
        "last_used_at": NOW - timedelta(days=1),
    }
    return AccessKey(**{**fields, **overrides})


def user(**overrides: Any) -> User:
    return make(
        User,
        {
            "console_access": True,
            "mfa_enabled": True,
            "access_keys": (access_key(),),
            "groups": ("developers",),
            "group_policies": (),
            "password_last_used": NOW - timedelta(days=2),
            "created_at": NOW - timedelta(days=400),
        },
        overrides,
    )


def role(**overrides: Any) -> Role:
    trust = PolicyDocument(
        statements=(statement(actions=("sts:AssumeRole",), principals=("ec2.amazonaws.com",)),)
    )
    return make(Role, {"trust_policy": trust, "attached_policies": (attached_policy(),)}, overrides)


def managed_policy(**overrides: Any) -> ManagedPolicy:
    return make(
        ManagedPolicy,
        {"document": PolicyDocument(statements=(statement(),)), "attachment_count": 1},
        overrides,
    )


def password_policy(**overrides: Any) -> PasswordPolicy:
    return make(
        PasswordPolicy,
        {
            "exists": True,
            "min_length": 14,
            "require_symbols": True,
            "require_numbers": True,
            "require_uppercase": True,
            "require_lowercase": True,
            "reuse_prevention": 24,
            "max_age_days": 90,
        },
        overrides,
    )


def root_user(**overrides: Any) -> RootUser:
    return make(
        RootUser,
        {"mfa_enabled": True, "access_keys_present": False, "mfa_device": "hardware"},
        overrides,
    )


# --- storage ---------------------------------------------------------------------------


def bucket(**overrides: Any) -> Bucket:
    return make(
        Bucket,
        {
            "encryption": cmk_encryption(),
            "public_access_block": True,
            "policy_allows_public": False,
            "policy_requires_tls": True,
            "versioning": True,
            "access_logging": True,
            "uniform_access": True,
            "retention_days": 0,
            "acl_public_grants": (),
        },
        overrides,
    )


def object_storage_defaults(**overrides: Any) -> ObjectStorageDefaults:
    return make(ObjectStorageDefaults, {"public_access_block": True}, overrides)


def volume(**overrides: Any) -> Volume:
    return make(
        Volume,
        {"encryption": cmk_encryption(), "attached": True, "snapshot_schedule": True},
        overrides,
    )


def snapshot(**overrides: Any) -> Snapshot:
    return make(
        Snapshot, {"source": "volume", "encryption": cmk_encryption(), "public": False}, overrides
    )


def block_storage_defaults(**overrides: Any) -> BlockStorageDefaults:
    return make(BlockStorageDefaults, {"encryption_by_default": True}, overrides)


def file_system(**overrides: Any) -> FileSystem:
    return make(FileSystem, {"encryption": cmk_encryption()}, overrides)


# --- database --------------------------------------------------------------------------


def database_instance(**overrides: Any) -> DatabaseInstance:
    return make(
        DatabaseInstance,
        {
            "engine": "postgres",
            "encryption": cmk_encryption(),
            "backup_retention_days": 7,
            "publicly_accessible": False,
            "multi_az": True,
            "deletion_protection": True,
            "auto_minor_version_upgrade": True,
            "tls_required": True,
            "authorized_networks": (),
            "flags": {
                "log_connections": "on",
                "log_disconnections": "on",
                "cloudsql.enable_pgaudit": "on",
                "log_statement": "ddl",
            },
        },
        overrides,
    )


def table(**overrides: Any) -> Table:
    return make(
        Table,
        {
            "encryption": cmk_encryption(),
            "point_in_time_recovery": True,
            "deletion_protection": True,
        },
        overrides,
    )


# --- backup ----------------------------------------------------------------------------


def backup_plan(**overrides: Any) -> BackupPlan:
    daily = BackupRule(
        name="daily",
        schedule="cron(0 5 * * ? *)",
        retention_days=35,
        copy_regions=("us-west-2",),
    )
    return make(BackupPlan, {"rules": (daily,)}, overrides)


def backup_vault(**overrides: Any) -> BackupVault:
    return make(
        BackupVault,
        {"encryption": cmk_encryption(), "locked": True, "recovery_points": 12},
        overrides,
    )


def backup_coverage(**overrides: Any) -> BackupCoverage:
    return make(BackupCoverage, {"backup_plans": 1, "stateful_resources": 4}, overrides)


def restore_testing(**overrides: Any) -> RestoreTesting:
    return make(
        RestoreTesting,
        {
            "backup_plans": 1,
            "testing_plans": ("quarterly-restore-test",),
            "completed_restores": (NOW - timedelta(days=20), NOW - timedelta(days=110)),
        },
        overrides,
    )


# --- logging ---------------------------------------------------------------------------


def trail(**overrides: Any) -> Trail:
    return make(
        Trail,
        {
            "home_region": "us-east-1",
            "multi_region": True,
            "logging": True,
            "log_file_validation": True,
            "encryption": cmk_encryption(),
            "cloudwatch_logs": True,
            "management_events": True,
            "bucket": "audit-logs",
            "destination": LogDestination(bucket="audit-logs", owner="other-account"),
            "log_group_retention_days": 400,
        },
        overrides,
    )


def audit_coverage(**overrides: Any) -> AuditCoverage:
    return make(AuditCoverage, {"covered": True, "trails": ("org-trail",)}, overrides)


def audit_log_config(**overrides: Any) -> AuditLogConfig:
    return make(
        AuditLogConfig,
        {
            "account_wide_trail": True,
            "trails": ("org-trail",),
            "data_access_logged": True,
            "exempted_members": (),
        },
        overrides,
    )


def log_group(**overrides: Any) -> LogGroup:
    return make(LogGroup, {"retention_days": 365, "encryption": cmk_encryption()}, overrides)


def config_recording(**overrides: Any) -> ConfigRecording:
    return make(ConfigRecording, {"recording": True, "all_resources": True}, overrides)


def threat_detection(**overrides: Any) -> ThreatDetection:
    return make(ThreatDetection, {"enabled": True}, overrides)


# --- services --------------------------------------------------------------------------


def queue(**overrides: Any) -> Queue:
    return make(
        Queue, {"encryption": cmk_encryption(), "policy_document": PolicyDocument()}, overrides
    )


def topic(**overrides: Any) -> Topic:
    return make(
        Topic, {"encryption": cmk_encryption(), "policy_document": PolicyDocument()}, overrides
    )


def secret(**overrides: Any) -> Secret:
    return make(
        Secret,
        {"rotation_enabled": True, "rotation_days": 30, "policy_document": PolicyDocument()},
        overrides,
    )


def image_repository(**overrides: Any) -> ImageRepository:
    return make(
        ImageRepository,
        {
            "scan_on_push": True,
            "tags_immutable": True,
            "policy_document": PolicyDocument(),
            "encryption": cmk_encryption(),
        },
        overrides,
    )


FACTORIES: dict[type[Resource], Callable[..., Resource]] = {
    Network: network,
    SecurityGroup: security_group,
    NetworkAcl: network_acl,
    KmsKey: kms_key,
    User: user,
    Role: role,
    ManagedPolicy: managed_policy,
    PasswordPolicy: password_policy,
    RootUser: root_user,
    Bucket: bucket,
    ObjectStorageDefaults: object_storage_defaults,
    Volume: volume,
    Snapshot: snapshot,
    BlockStorageDefaults: block_storage_defaults,
    FileSystem: file_system,
    DatabaseInstance: database_instance,
    Table: table,
    BackupPlan: backup_plan,
    BackupVault: backup_vault,
    Trail: trail,
    AuditCoverage: audit_coverage,
    AuditLogConfig: audit_log_config,
    LogGroup: log_group,
    ConfigRecording: config_recording,
    ThreatDetection: threat_detection,
    Queue: queue,
    Topic: topic,
    Secret: secret,
    ImageRepository: image_repository,
    BackupCoverage: backup_coverage,
    RestoreTesting: restore_testing,
}


# --- azure-first kinds -----------------------------------------------------------------


def key_vault(**overrides: Any) -> KeyVault:
    return make(
        KeyVault,
        {
            "soft_delete_enabled": True,
            "purge_protection": True,
            "rbac_authorization": True,
            "public_network_access": False,
            "private_endpoints": 1,
            "logging_enabled": True,
        },
        overrides,
    )


def database_server(**overrides: Any) -> DatabaseServer:
    return make(
        DatabaseServer,
        {
            "public_network_access": False,
            "min_tls_version": "1.2",
            "firewall_allows_all": False,
            "directory_admin": True,
            "auditing_enabled": True,
            "audit_retention_days": 90,
        },
        overrides,
    )


def role_definition(**overrides: Any) -> RoleDefinition:
    return make(
        RoleDefinition,
        {
            "custom": True,
            "actions": ("Microsoft.Compute/virtualMachines/read",),
            "assignable_scopes": ("/subscriptions/00000000-0000-0000-0000-000000000001",),
        },
        overrides,
    )


def privileged_access(**overrides: Any) -> PrivilegedAccess:
    return make(
        PrivilegedAccess, {"owners": ("owner-1", "owner-2"), "access_administrators": ()}, overrides
    )


def alert_coverage(**overrides: Any) -> AlertCoverage:
    covered = (
        "microsoft.authorization/policyassignments/write",
        "microsoft.authorization/policyassignments/delete",
        "microsoft.network/networksecuritygroups/write",
        "microsoft.network/networksecuritygroups/delete",
        "microsoft.security/securitysolutions/write",
        "microsoft.security/securitysolutions/delete",
        "microsoft.sql/servers/firewallrules/write",
        "microsoft.sql/servers/firewallrules/delete",
        "microsoft.network/publicipaddresses/write",
        "microsoft.network/publicipaddresses/delete",
    )
    return make(AlertCoverage, {"operations": covered, "service_health": True}, overrides)


def protected_item(**overrides: Any) -> ProtectedItem:
    return make(
        ProtectedItem,
        {
            "workload": "VM",
            "policy": "DefaultPolicy",
            "protection_state": "Protected",
            "last_backup_succeeded": True,
            "last_backup_at": NOW - timedelta(hours=20),
        },
        overrides,
    )


FACTORIES.update(
    {
        KeyVault: key_vault,
        DatabaseServer: database_server,
        RoleDefinition: role_definition,
        PrivilegedAccess: privileged_access,
        AlertCoverage: alert_coverage,
        ProtectedItem: protected_item,
    }
)


def compliant(factory: Callable[..., R], **azure_fields: Any) -> Callable[..., R]:
    """``factory`` with compliant values for the Azure-only optional fields filled in."""

    def build(**overrides: Any) -> R:
        return factory(**{**azure_fields, **overrides})

    return build


AZURE_SUBSCRIPTION = "00000000-0000-0000-0000-000000000001"
DEFENDER_PLANS = (
    "VirtualMachines", "AppServices", "SqlServers", "SqlServerVirtualMachines", "StorageAccounts",
    "Containers", "KeyVaults", "Arm", "CosmosDbs", "OpenSourceRelationalDatabases",
    "CloudPosture", "Api",
)  # fmt: skip
storage_account = compliant(
    bucket,
    https_only=True,
    min_tls_version="1.2",
    anonymous_access=False,
    shared_key_access=False,
    infrastructure_encryption=True,
    network_default_deny=True,
    public_network_access=False,
    soft_delete_days=14,
    container_soft_delete_days=14,
    key_reminder_days=90,
    access_keys_created=(NOW - timedelta(days=90), NOW - timedelta(days=30)),
    private_endpoint=True,
    portal_entra_auth=True,
    trusted_services_bypass=True,
    cross_tenant_replication=False,
    redundancy="Standard_GZRS",
)
managed_disk = compliant(volume, public_network_access=False)
vault_key = compliant(kms_key, has_expiry=True)
vault_secret = compliant(secret, has_expiry=True)
recovery_vault = compliant(backup_vault, soft_delete_enabled=True, immutability="locked")
activity_log_export = compliant(
    audit_log_config, categories=("Administrative", "Security", "Alert", "Policy")
)
defender = compliant(threat_detection, plans=dict.fromkeys(DEFENDER_PLANS, True))
flow_logged_network = compliant(network, flow_log_retention_days=365, ddos_protection=True)
FACTORIES.update(
    {
        Bucket: storage_account,
        Volume: managed_disk,
        KmsKey: vault_key,
        Secret: vault_secret,
        BackupVault: recovery_vault,
        AuditLogConfig: activity_log_export,
        ThreatDetection: defender,
        Network: flow_logged_network,
    }
)


# --- GCP-first kinds ---------------------------------------------------------------------


def subnet(**overrides: Any) -> Subnet:
    return make(
        Subnet,
        {
            "cidr": "10.0.0.0/24",
            "flow_logs_enabled": True,
            "private_api_access": True,
            "security_group_attached": True,
        },
        overrides,
    )


def virtual_machine(**overrides: Any) -> VirtualMachine:
    return make(
        VirtualMachine,
        {
            "public_ip": False,
            "ip_forwarding": False,
            "service_account": "app@example.iam.gserviceaccount.com",
            "default_service_account": False,
            "full_api_access": False,
            "shielded_boot": True,
            "confidential_computing": True,
            "os_login": True,
            "serial_port_access": False,
            "project_ssh_keys_blocked": True,
            "metadata": InstanceMetadata(endpoint_enabled=True, tokens_required=True),
        },
        overrides,
    )


def kubernetes_cluster(**overrides: Any) -> KubernetesCluster:
    return make(
        KubernetesCluster,
        {
            "version": "1.30.1-gke.1",
            "private_endpoint": True,
            "authorized_networks_enabled": True,
            "authorized_networks": ("10.0.0.0/8",),
            "workload_identity": True,
            "legacy_authorization": False,
            "static_credentials": False,
        },
        overrides,
    )


def dns_zone(**overrides: Any) -> DnsZone:
    return make(
        DnsZone,
        {
            "dns_name": "example.com.",
            "visibility": "public",
            "dnssec": True,
            "key_signing_algorithms": ("rsasha256",),
            "zone_signing_algorithms": ("rsasha256",),
        },
        overrides,
    )


def binding(role: str, *members: str) -> RoleBinding:
    return RoleBinding(role=role, members=members)


def iam_policy(**overrides: Any) -> IamPolicy:
    return make(
        IamPolicy,
        {
            "target": "project",
            "bindings": (
                binding("roles/owner", "group:admins@example.com"),
                binding("roles/viewer", "user:alice@example.com"),
            ),
        },
        overrides,
    )


def service_account_key(**overrides: Any) -> ServiceAccountKey:
    return make(
        ServiceAccountKey,
        {
            "service_account": "app@example.iam.gserviceaccount.com",
            "managed_by": "provider",
            "created_at": NOW - timedelta(days=10),
        },
        overrides,
    )


FACTORIES.update(
    {
        Subnet: subnet,
        VirtualMachine: virtual_machine,
        KubernetesCluster: kubernetes_cluster,
        DnsZone: dns_zone,
        IamPolicy: iam_policy,
        ServiceAccountKey: service_account_key,
    }
)

# GCP-first kinds of CIS GCP v5.0 live in their own module (imported last: it uses make)
from tests.checks.factories_gcp import GCP_FACTORIES  # noqa: E402

FACTORIES.update(GCP_FACTORIES)

# Azure CIS v6 kinds live in their own module (merge-friendly); registered here.
from tests.checks.factories_azure import AZURE_FACTORIES  # noqa: E402

FACTORIES.update(AZURE_FACTORIES)
# Workload kinds (AWS first); their factories live in their own module.
from tests.checks.factories_workloads import WORKLOAD_FACTORIES  # noqa: E402

FACTORIES.update(WORKLOAD_FACTORIES)
# Source control (GitHub): factories live in their own module.
from tests.checks.factories_source_control import SOURCE_CONTROL_FACTORIES  # noqa: E402

FACTORIES.update(SOURCE_CONTROL_FACTORIES)
# AWS breadth kinds (issue 14): their module adds its factories to FACTORIES when imported.
import tests.checks.factories_breadth  # noqa: E402, F401 - needs make() and FACTORIES above

# Issue 13 kinds (thresholds and coverage): their module adds its factories when imported.
from tests.checks import factories_config  # noqa: E402, F401 - needs make() and FACTORIES

# aws-breadth kinds (issue 14): their module adds its factories to FACTORIES when imported.
importlib.import_module("tests.checks.factories_aws_breadth")  # needs make() and FACTORIES above
