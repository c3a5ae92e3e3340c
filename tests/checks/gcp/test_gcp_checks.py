"""The checks added for GCP (the 100-range), on plain models: pass/fail/unknown/N/A."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from checks.backup.volume import volume_has_snapshot_schedule
from checks.compute import virtual_machine as vm_checks
from checks.crypto.kms_key import kms_key_not_public, kms_key_rotates_within_90_days
from checks.database import cloud_sql
from checks.dns import dns_zone as dns_checks
from checks.iam import iam_policy as iam_checks
from checks.iam.service_account_key import (
    service_account_key_provider_managed,
    service_account_key_rotated,
)
from checks.kubernetes import kubernetes_cluster as kube
from checks.logging.audit_log_config import (
    audit_logging_exempts_nobody,
    project_audits_data_access,
)
from checks.network.network import (
    default_network_absent,
    network_custom_subnet_mode,
    network_not_legacy,
)
from checks.network.security_group import firewall_rule_logging_enabled
from checks.network.subnet import subnet_private_api_access, subnet_records_flow_logs
from checks.storage.bucket import bucket_retention_locked, bucket_uniform_access
from checks.storage.volume import volume_customer_managed_key
from scanner.findings import Status
from tests.checks import factories as f

P, F, N, U = Status.PASS, Status.FAIL, Status.NOT_APPLICABLE, Status.UNKNOWN
NOW = f.NOW
SA = "serviceAccount:app@p.iam.gserviceaccount.com"

CASES: list[tuple[Any, Any, dict[str, Any], Status]] = [
    # network
    (default_network_absent, f.network, {}, P),
    (default_network_absent, f.network, {"is_default": True}, F),
    (network_not_legacy, f.network, {"subnet_mode": "legacy"}, F),
    (network_not_legacy, f.network, {"subnet_mode": None}, N),
    (network_custom_subnet_mode, f.network, {"subnet_mode": "auto"}, F),
    (network_custom_subnet_mode, f.network, {}, P),
    (subnet_records_flow_logs, f.subnet, {"flow_logs_enabled": False}, F),
    (subnet_records_flow_logs, f.subnet, {"flow_logs_enabled": None}, U),
    (subnet_records_flow_logs, f.subnet, {"proxy_only": True, "flow_logs_enabled": False}, N),
    (subnet_private_api_access, f.subnet, {"private_api_access": False}, F),
    (firewall_rule_logging_enabled, f.security_group, {"logging_enabled": False}, F),
    (firewall_rule_logging_enabled, f.security_group, {"rules": ()}, N),
    (firewall_rule_logging_enabled, f.security_group, {"logging_enabled": None}, U),
    # virtual machines
    (
        vm_checks.vm_not_default_service_account,
        f.virtual_machine,
        {"default_service_account": True},
        F,
    ),
    (
        vm_checks.vm_not_default_service_account,
        f.virtual_machine,
        {"default_service_account": None},
        U,
    ),
    (
        vm_checks.vm_not_default_service_account,
        f.virtual_machine,
        {"managed": True, "default_service_account": True},
        N,
    ),
    (
        vm_checks.vm_default_account_not_full_access,
        f.virtual_machine,
        {"default_service_account": True, "full_api_access": True},
        F,
    ),
    (vm_checks.vm_default_account_not_full_access, f.virtual_machine, {"full_api_access": True}, P),
    (vm_checks.vm_default_account_not_full_access, f.virtual_machine, {"full_api_access": None}, U),
    (
        vm_checks.vm_blocks_project_ssh_keys,
        f.virtual_machine,
        {"os_login": False, "project_ssh_keys_blocked": False},
        F,
    ),
    (
        vm_checks.vm_blocks_project_ssh_keys,
        f.virtual_machine,
        {"project_ssh_keys_blocked": False},
        P,
    ),
    (
        vm_checks.vm_blocks_project_ssh_keys,
        f.virtual_machine,
        {"os_login": None, "project_ssh_keys_blocked": None},
        U,
    ),
    (vm_checks.vm_os_login_enabled, f.virtual_machine, {"os_login": False}, F),
    (vm_checks.vm_serial_port_disabled, f.virtual_machine, {"serial_port_access": True}, F),
    (vm_checks.vm_serial_port_disabled, f.virtual_machine, {"serial_port_access": None}, U),
    (vm_checks.vm_ip_forwarding_disabled, f.virtual_machine, {"ip_forwarding": True}, F),
    (vm_checks.vm_shielded_boot, f.virtual_machine, {"shielded_boot": False}, F),
    (vm_checks.vm_no_public_ip, f.virtual_machine, {"public_ip": True}, F),
    (vm_checks.vm_no_public_ip, f.virtual_machine, {"public_ip": True, "managed": True}, N),
    (vm_checks.vm_confidential_computing, f.virtual_machine, {"confidential_computing": False}, F),
    # keys
    (kms_key_rotates_within_90_days, f.kms_key, {"rotation_period_days": 365}, F),
    (
        kms_key_rotates_within_90_days,
        f.kms_key,
        {"rotation_enabled": False, "rotation_period_days": None},
        F,
    ),
    (kms_key_rotates_within_90_days, f.kms_key, {"next_rotation_at": NOW + timedelta(days=200)}, F),
    (kms_key_rotates_within_90_days, f.kms_key, {"next_rotation_at": NOW + timedelta(days=30)}, P),
    (kms_key_rotates_within_90_days, f.kms_key, {"rotation_enabled": None}, U),
    (kms_key_rotates_within_90_days, f.kms_key, {"spec": "asymmetric"}, N),
    (kms_key_rotates_within_90_days, f.kms_key, {"state": "disabled"}, N),
    (kms_key_not_public, f.kms_key, {"policy_allows_public": True}, F),
    (kms_key_not_public, f.kms_key, {"policy_allows_public": None}, U),
    # storage
    (bucket_uniform_access, f.bucket, {"uniform_access": False}, F),
    (bucket_uniform_access, f.bucket, {"uniform_access": None}, U),
    (bucket_retention_locked, f.bucket, {"retention_days": 30, "retention_locked": False}, F),
    (bucket_retention_locked, f.bucket, {"retention_days": 30, "retention_locked": True}, P),
    (bucket_retention_locked, f.bucket, {"retention_days": None}, U),
    (volume_customer_managed_key, f.volume, {"encryption": f.provider_encryption()}, F),
    (volume_customer_managed_key, f.volume, {"encryption": None}, U),
    (volume_has_snapshot_schedule, f.volume, {"snapshot_schedule": False}, F),
    (volume_has_snapshot_schedule, f.volume, {"snapshot_schedule": None}, U),
    (volume_has_snapshot_schedule, f.volume, {"attached": False, "snapshot_schedule": False}, N),
    # databases
    (cloud_sql.database_requires_tls, f.database_instance, {"tls_required": False}, F),
    (cloud_sql.database_requires_tls, f.database_instance, {"tls_required": None}, U),
    (
        cloud_sql.database_no_open_authorized_networks,
        f.database_instance,
        {"authorized_networks": ("0.0.0.0/0",), "publicly_accessible": True},
        F,
    ),
    (
        cloud_sql.database_no_open_authorized_networks,
        f.database_instance,
        {"authorized_networks": ("203.0.113.0/24",)},
        P,
    ),
    (
        cloud_sql.database_no_open_authorized_networks,
        f.database_instance,
        {"authorized_networks": None},
        U,
    ),
    (cloud_sql.database_postgres_log_connections, f.database_instance, {"flags": {}}, F),
    (cloud_sql.database_postgres_log_connections, f.database_instance, {"flags": None}, U),
    (cloud_sql.database_postgres_log_connections, f.database_instance, {"engine": "mysql"}, N),
    (
        cloud_sql.database_mysql_skip_show_database,
        f.database_instance,
        {"engine": "mysql", "flags": {"skip_show_database": "on"}},
        P,
    ),
    (cloud_sql.database_mysql_skip_show_database, f.database_instance, {"engine": "mysql"}, F),
    (
        cloud_sql.database_sqlserver_no_ownership_chaining,
        f.database_instance,
        {"engine": "sqlserver"},
        P,
    ),
    (
        cloud_sql.database_sqlserver_no_ownership_chaining,
        f.database_instance,
        {"engine": "sqlserver", "flags": {"cross db ownership chaining": "on"}},
        F,
    ),
    (
        cloud_sql.database_postgres_log_disconnections,
        f.database_instance,
        {"flags": {"log_disconnections": "off"}},
        F,
    ),
    (cloud_sql.database_postgres_pgaudit, f.database_instance, {"flags": {}}, F),
    # logging
    (project_audits_data_access, f.audit_log_config, {"data_access_logged": False}, F),
    (project_audits_data_access, f.audit_log_config, {"data_access_logged": None}, U),
    (audit_logging_exempts_nobody, f.audit_log_config, {"exempted_members": ("user:x@y.z",)}, F),
    (audit_logging_exempts_nobody, f.audit_log_config, {"exempted_members": None}, U),
    # iam
    (
        iam_checks.service_accounts_not_admin,
        f.iam_policy,
        {"bindings": (f.binding("roles/editor", SA),)},
        F,
    ),
    (
        iam_checks.service_accounts_not_admin,
        f.iam_policy,
        {"bindings": (f.binding("roles/storage.admin", SA),)},
        F,
    ),
    (
        iam_checks.service_accounts_not_admin,
        f.iam_policy,
        {
            "bindings": (
                f.binding("roles/editor", "serviceAccount:1@cloudservices.gserviceaccount.com"),
            )
        },
        P,
    ),
    (
        iam_checks.users_not_project_wide_sa_users,
        f.iam_policy,
        {"bindings": (f.binding("roles/iam.serviceAccountUser", "user:a@b.c"),)},
        F,
    ),
    (iam_checks.users_not_project_wide_sa_users, f.iam_policy, {"target": "folder"}, N),
    (
        iam_checks.iam_policy_not_public,
        f.iam_policy,
        {"bindings": (f.binding("roles/viewer", "allUsers"),)},
        F,
    ),
    (
        iam_checks.iam_policy_not_public,
        f.iam_policy,
        {"bindings": (f.binding("roles/viewer", "allAuthenticatedUsers"),)},
        F,
    ),
    (
        iam_checks.users_not_basic_roles,
        f.iam_policy,
        {"bindings": (f.binding("roles/owner", "user:a@b.c"),)},
        F,
    ),
    (
        iam_checks.service_account_duties_separated,
        f.iam_policy,
        {
            "bindings": (
                f.binding("roles/iam.serviceAccountAdmin", "user:a@b.c"),
                f.binding("roles/iam.serviceAccountTokenCreator", "user:a@b.c"),
            )
        },
        F,
    ),
    (
        iam_checks.service_account_duties_separated,
        f.iam_policy,
        {
            "bindings": (
                f.binding("roles/iam.serviceAccountAdmin", "user:a@b.c"),
                f.binding("roles/iam.serviceAccountUser", "user:other@b.c"),
            )
        },
        P,
    ),
    (
        iam_checks.kms_duties_separated,
        f.iam_policy,
        {
            "bindings": (
                f.binding("roles/cloudkms.admin", "group:g@b.c"),
                f.binding("roles/cloudkms.cryptoKeyDecrypter", "group:g@b.c"),
            )
        },
        F,
    ),
    (service_account_key_provider_managed, f.service_account_key, {"managed_by": "customer"}, F),
    (
        service_account_key_provider_managed,
        f.service_account_key,
        {"managed_by": "customer", "enabled": False},
        N,
    ),
    (service_account_key_rotated, f.service_account_key, {"managed_by": "customer"}, P),
    (
        service_account_key_rotated,
        f.service_account_key,
        {"managed_by": "customer", "created_at": NOW - timedelta(days=91)},
        F,
    ),
    (
        service_account_key_rotated,
        f.service_account_key,
        {"managed_by": "customer", "created_at": None},
        U,
    ),
    (service_account_key_rotated, f.service_account_key, {}, N),
    # dns
    (dns_checks.dns_zone_dnssec, f.dns_zone, {"dnssec": False}, F),
    (dns_checks.dns_zone_dnssec, f.dns_zone, {"dnssec": None}, U),
    (dns_checks.dns_zone_dnssec, f.dns_zone, {"visibility": "private", "dnssec": False}, N),
    (dns_checks.dns_zone_ksk_not_rsasha1, f.dns_zone, {"key_signing_algorithms": ("rsasha1",)}, F),
    (dns_checks.dns_zone_ksk_not_rsasha1, f.dns_zone, {"dnssec": False}, N),
    (dns_checks.dns_zone_zsk_not_rsasha1, f.dns_zone, {"zone_signing_algorithms": ("rsasha1",)}, F),
    # kubernetes
    (kube.cluster_private_endpoint, f.kubernetes_cluster, {"private_endpoint": False}, F),
    (
        kube.cluster_authorized_networks,
        f.kubernetes_cluster,
        {"private_endpoint": False, "authorized_networks_enabled": False},
        F,
    ),
    (
        kube.cluster_authorized_networks,
        f.kubernetes_cluster,
        {"private_endpoint": False, "authorized_networks": ("0.0.0.0/0",)},
        F,
    ),
    (kube.cluster_authorized_networks, f.kubernetes_cluster, {"private_endpoint": False}, P),
    (
        kube.cluster_authorized_networks,
        f.kubernetes_cluster,
        {"private_endpoint": False, "authorized_networks_enabled": None},
        U,
    ),
    (kube.cluster_workload_identity, f.kubernetes_cluster, {"workload_identity": False}, F),
    (kube.cluster_no_legacy_abac, f.kubernetes_cluster, {"legacy_authorization": True}, F),
    (kube.cluster_no_static_credentials, f.kubernetes_cluster, {"static_credentials": True}, F),
    (kube.cluster_no_static_credentials, f.kubernetes_cluster, {"static_credentials": None}, U),
]


@pytest.mark.parametrize(
    ("check", "factory", "overrides", "expected"),
    CASES,
    ids=[f"{c.id}-{n}" for n, (c, *_rest) in enumerate(CASES)],
)
def test_gcp_check(check, factory, overrides, expected):
    result = check(factory(provider="gcp", **overrides))
    assert result.status is expected, result.reason


def test_reasons_name_the_problem():
    key = f.kms_key(rotation_period_days=365)
    assert "365 days" in kms_key_rotates_within_90_days(key).reason
    policy = f.iam_policy(bindings=(f.binding("roles/owner", "user:a@b.c"),))
    assert "user:a@b.c (roles/owner)" in iam_checks.users_not_basic_roles(policy).reason
