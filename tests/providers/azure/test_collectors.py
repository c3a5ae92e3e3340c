"""Every collector through the real SDK clients against the fake ARM on 127.0.0.1."""

from __future__ import annotations

import pytest

from providers.azure import PROVIDER
from scanner.errors import CollectionError
from scanner.model import (
    AlertCoverage,
    AuditLogConfig,
    BackupPlan,
    Bucket,
    DatabaseInstance,
    DatabaseServer,
    KeyVault,
    KmsKey,
    PrivilegedAccess,
    ProtectedItem,
    RoleDefinition,
    Secret,
    SecurityGroup,
    ThreatDetection,
)
from tests.providers.azure.tenant import SUB_A, SUB_B


def collect(session, kind, sub=SUB_A):
    (collector,) = PROVIDER.collectors_for([kind])
    items = list(collector.collect(session, sub))
    return [i for i in items if not isinstance(i, CollectionError)], [
        i for i in items if isinstance(i, CollectionError)
    ]


def test_security_groups(make_session):
    groups, errors = collect(make_session(SUB_A, SUB_B), SecurityGroup)
    assert not errors
    assert {g.name for g in groups} >= {"testnsg", "nsg1", "nsg3", "ssh-open", "all-open"}
    assert all(g.account == SUB_A and g.provider == "azure" for g in groups)


def test_key_vaults_with_diagnostic_settings(fake, make_session):
    vaults, errors = collect(make_session(SUB_A), KeyVault)
    assert not errors
    assert sorted(v.logging_enabled for v in vaults) == [False, True]
    diag = [r.path for r in fake.arm_calls() if "diagnosticSettings" in r.path]
    assert len(diag) == 2
    assert all(not p.startswith("//") for p in diag)


def test_keys_and_secrets_follow_next_link(fake, make_session):
    fake.list_page = 1  # one key per page: the SDK follows absolute nextLinks
    keys, errors = collect(make_session(SUB_A), KmsKey)
    assert not errors
    assert len(keys) == 6  # 3 keys in each of the 2 vaults
    rotating = [k for k in keys if k.name == "rotating-key"]
    assert all(k.rotation_enabled and k.rotation_period_days == 90 for k in rotating)
    assert any("page=" in r.path or r.method == "GET" for r in fake.arm_calls())
    secrets, _ = collect(make_session(SUB_A), Secret)
    assert sorted(s.has_expiry for s in secrets) == [False, False, True, True]


def test_storage_accounts_read_blob_service(make_session):
    accounts, errors = collect(make_session(SUB_A), Bucket)
    assert not errors
    by_name = {a.name: a for a in accounts}
    assert by_name["sto4445"].versioning is True
    assert by_name["sto4445"].soft_delete_days == 14
    assert by_name["sto8596"].versioning is False
    assert by_name["sto8596"].soft_delete_days == 0


def test_sql_servers_and_databases(make_session):
    session = make_session(SUB_A)
    servers, errors = collect(session, DatabaseServer)
    assert not errors
    by_name = {s.name: s for s in servers}
    assert by_name["sqlcrudtest-4645"].firewall_allows_all is True
    assert by_name["sqlcrudtest-4645"].directory_admin is False
    assert by_name["sqlcrudtest-6661"].directory_admin is True
    assert {s.auditing_enabled for s in servers} == {False}
    databases, errors = collect(session, DatabaseInstance)
    assert not errors
    assert [d.name for d in databases] == ["testdb"]  # master (System) skipped
    assert databases[0].encryption is not None
    assert databases[0].encryption.enabled
    assert databases[0].publicly_accessible is True


def test_backup_policies_and_items(make_session):
    plans, errors = collect(make_session(SUB_A), BackupPlan)
    assert not errors
    assert {p.name for p in plans} == {"DefaultPolicy", "testPolicy1"}
    items, errors = collect(make_session(SUB_A), ProtectedItem)
    assert not errors
    assert [i.name for i in items] == ["iaasvm-1"]


def test_governance_from_resource_graph(make_session):
    session = make_session(SUB_A)
    (access,), _ = collect(session, PrivilegedAccess)
    assert len(access.owners or ()) == 1
    roles, _ = collect(session, RoleDefinition)
    assert {r.name for r in roles} == {"Role name", "Everything"}
    (alerts,), _ = collect(session, AlertCoverage)
    assert alerts.operations == ()
    assert alerts.service_health is False
    (defender,), _ = collect(session, ThreatDetection)
    assert defender.plans == {
        "VirtualMachines": True, "StorageAccounts": False, "KeyVaults": True,
        "Arm": False, "SqlServers": False, "Containers": False,
    }  # fmt: skip
    (export,), _ = collect(session, AuditLogConfig)
    assert export.account_wide_trail is True


def test_denied_subscription_raises_for_graph_and_arm(fake, make_session):
    fake.denied = {SUB_B}
    session = make_session(SUB_A, SUB_B)
    with pytest.raises(CollectionError) as graph_err:
        collect(session, SecurityGroup, SUB_B)
    assert graph_err.value.cause == "AuthorizationFailed"
    with pytest.raises(CollectionError) as arm_err:
        collect(session, AuditLogConfig, SUB_B)
    assert arm_err.value.cause == "AuthorizationFailed"
    assert "Microsoft.Insights/diagnosticSettings/read" in str(arm_err.value)
    groups, _ = collect(session, SecurityGroup, SUB_A)
    assert groups


def test_a_failing_detail_call_keeps_the_resource(fake, make_session):
    fake.answers = {k: v for k, v in fake.answers.items() if not k.endswith("/firewallrules")}
    servers, errors = collect(make_session(SUB_A), DatabaseServer)
    assert len(servers) == 2
    assert all(s.firewall_allows_all is None for s in servers)
    assert {e.cause for e in errors} == {"ResourceNotFound"}
    assert all(e.uid for e in errors)


def test_rejected_credentials_are_an_authentication_error(make_session):
    from azure.core.exceptions import ClientAuthenticationError

    from scanner.errors import AuthenticationError

    class Refusing:
        def get_token(self, *scopes, **kwargs):
            raise ClientAuthenticationError("AADSTS7000215: invalid client secret")

    session = make_session(SUB_A)
    session.credential = Refusing()
    with pytest.raises(AuthenticationError, match="az login"):
        session.authenticate()


def test_unreachable_endpoint_is_a_collection_error(tls):
    from providers.azure.session import AzureSession
    from tests.providers.azure.conftest import FakeCredential

    session = AzureSession(
        credential=FakeCredential(),
        base_url="https://127.0.0.1:9",
        connection_verify=tls[0],
        subscriptions=(SUB_A,),
        max_attempts=0,
    )
    try:
        with pytest.raises(CollectionError) as err:
            collect(session, AuditLogConfig)
    finally:
        session.close()
    assert err.value.cause == "ServiceRequestError"
