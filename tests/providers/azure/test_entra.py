"""Entra ID through Microsoft Graph: mappers on Graph v1.0 reference shapes, the collector
through the azure-core REST client against the loopback fake, and a tenant without Graph
consent (ARM still scanned; Entra checks UNKNOWN naming the permission; exit 3)."""

from __future__ import annotations

from providers.azure import PROVIDER
from providers.azure.entra import _requires_mfa, collect_directory, to_access_policy
from scanner.config import ScanConfig
from scanner.engine import run_scan
from scanner.findings import Status
from scanner.registry import load
from tests.providers.azure.tenant import SUB_A


def test_grant_controls():
    assert _requires_mfa({"operator": "OR", "builtInControls": ["mfa"]})
    assert _requires_mfa({"operator": "AND", "builtInControls": ["mfa", "compliantDevice"]})
    # with OR, a compliant device alone satisfies the policy: MFA is not required
    assert not _requires_mfa({"operator": "OR", "builtInControls": ["mfa", "compliantDevice"]})
    assert _requires_mfa(
        {"operator": "OR", "authenticationStrength": {"id": "00000000-0000-0000-0000-000000000002"}}
    )
    assert not _requires_mfa({"operator": "OR", "builtInControls": ["block"]})
    assert not _requires_mfa(None)


def test_conditions_that_narrow_a_policy():
    raw = {
        "displayName": "p",
        "state": "enabled",
        "conditions": {
            "users": {
                "includeUsers": ["All"],
                "excludeGroups": ["g1"],
                "excludeGuestsOrExternalUsers": {"guestOrExternalUserTypes": "b2bCollab"},
            },
            "applications": {"includeApplications": ["All"], "excludeApplications": ["a1"]},
            "locations": {"includeLocations": ["All"], "excludeLocations": ["AllTrusted"]},
            "platforms": {"includePlatforms": ["android"]},
            "clientAppTypes": ["exchangeActiveSync", "other"],
            "signInRiskLevels": ["high"],
        },
        "grantControls": {"operator": "OR", "builtInControls": ["mfa"]},
    }
    policy = to_access_policy(raw, {"g1": "Contractors"})
    assert policy.excluded_groups == ("Contractors",)
    assert policy.excluded_guests is True
    assert policy.excluded_apps == ("a1",)
    assert set(policy.narrowed_by) == {"location", "device platform", "client app", "sign-in risk"}
    plain = to_access_policy(
        {
            "state": "enabled",
            "conditions": {
                "users": {"includeUsers": ["All"]},
                "applications": {"includeApplications": ["All"]},
                "clientAppTypes": ["all"],
                "locations": {"includeLocations": ["All"]},
            },
            "grantControls": {"operator": "OR", "builtInControls": ["mfa"]},
        },
        {},
    )
    assert plain.gaps == ()


def test_directory_through_graph(make_session, fake):
    session = make_session(SUB_A)
    session.authenticate()
    (directory,) = list(collect_directory(session, "global"))
    assert directory.security_defaults is False
    assert directory.access_policies is not None
    names = {p.name: p for p in directory.access_policies}
    assert names["Require MFA for all users"].excluded_groups == ("Contractors",)
    assert names["MFA for admins (report-only)"].enforced is False
    assert directory.users_without_mfa == ("sam@contoso.com",)  # guests are not counted
    assert directory.users_checked == 2
    assert directory.global_admins == ("alex@contoso.com",)
    assert directory.guest_users == 1
    assert (directory.guest_access, directory.guest_invites_from) == ("limited", "everyone")
    paths = [r.path for r in fake.requests if r.path.startswith("/v1.0/")]
    assert len(paths) == 7


def test_graph_denied_scans_arm_and_reports_entra_unknown(make_session, fake):
    fake.graph_denied = True
    session = make_session()
    session.authenticate()
    scopes = PROVIDER.scopes(session, ScanConfig(provider="azure", scopes=(SUB_A,)))
    result = run_scan(PROVIDER, session, load().select(provider="azure"), scopes, concurrency=4)
    assert result.meta.complete is False
    entra = [f for f in result.findings if f.check_id in {"IAM-250", "IAM-251", "IAM-254"}]
    assert entra
    assert {f.status for f in entra} == {Status.UNKNOWN}
    assert any("Policy.Read.All" in (f.reason or "") for f in entra)
    arm = [f for f in result.findings if f.check_id == "NET-002"]
    assert {f.status for f in arm} >= {Status.FAIL}
    graph_calls = [r for r in fake.requests if r.path.startswith("/v1.0/")]
    assert len(graph_calls) == 1  # denied once, not seven times


def test_permissions_list_graph_apart_from_arm_actions():
    role = PROVIDER.permission_policy(PROVIDER.permissions())  # type: ignore[misc]
    assert all(not a.startswith("graph:") for a in role["Actions"])
    for name in (
        "Policy.Read.All",
        "AuditLog.Read.All",
        "RoleManagement.Read.Directory",
        "User.Read.All",
        "GroupMember.Read.All",
    ):
        assert name in role["Description"]


def test_graph_429_is_retried_by_the_pipeline(make_session, fake):
    fake.throttle_msgraph = 1
    session = make_session(SUB_A)
    session.authenticate()
    (directory,) = list(collect_directory(session, "global"))
    assert directory.security_defaults is False
    statuses = [r.status for r in fake.requests if r.path.startswith("/v1.0/")]
    assert statuses[0] == 429
    assert statuses.count(200) == 7
