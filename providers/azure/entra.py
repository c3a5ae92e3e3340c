"""Microsoft Entra ID through Microsoft Graph v1.0: the tenant's Directory.

Direct REST with the scan's azure-identity credential (see docs/azure-entra.md for why not
msgraph-sdk). Read-only application permissions, one to four GETs each:

* ``GET /policies/identitySecurityDefaultsEnforcementPolicy`` (Policy.Read.All)
* ``GET /identity/conditionalAccess/policies`` (Policy.Read.All)
* ``GET /policies/authorizationPolicy`` (Policy.Read.All)
* ``GET /reports/authenticationMethods/userRegistrationDetails`` (AuditLog.Read.All)
* ``GET /directoryRoles(roleTemplateId='62e9...')/members`` (RoleManagement.Read.Directory)
* ``GET /users?$filter=userType eq 'Guest'&$select=id`` (User.Read.All)
* ``GET /groups/{id}?$select=displayName`` for groups a Conditional Access policy excludes
  (GroupMember.Read.All), to name them in findings

Shapes follow the Graph v1.0 API reference (conditionalAccessPolicy, userRegistrationDetails,
authorizationPolicy, identitySecurityDefaultsEnforcementPolicy).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import datetime
from functools import partial
from typing import Any, TypeVar

from azure.core.exceptions import AzureError, HttpResponseError

from providers.azure.errors import error_code
from providers.azure.session import AzureSession
from scanner.errors import CollectionError
from scanner.model import AccessPolicy, Directory
from scanner.model.directory import GLOBAL_ADMINISTRATOR
from scanner.provider import Collector, Item

T = TypeVar("T")
POLICY_READ = "graph:Policy.Read.All"
AUDIT_READ = "graph:AuditLog.Read.All"
ROLE_READ = "graph:RoleManagement.Read.Directory"
USER_READ = "graph:User.Read.All"
GROUP_READ = "graph:GroupMember.Read.All"
GRAPH_PERMISSIONS = (POLICY_READ, AUDIT_READ, ROLE_READ, USER_READ, GROUP_READ)
#: authorizationPolicy.guestUserRoleId -> how much of the directory guests can read.
GUEST_ROLES = {
    "2af84b1e-32c8-42b7-82bc-daa82404023b": "restricted",
    "10dae51f-b6af-4016-8d66-8c2a99b929b3": "limited",
    "a0b1b346-4d3e-4e8b-98f8-753987be4970": "member",
}
MAX_GROUP_LOOKUPS = 50
V1 = "/v1.0"


def _list(value: object) -> tuple[str, ...]:
    return tuple(str(v) for v in value or () if v) if isinstance(value, list) else ()


def _narrowing(conditions: Mapping[str, Any]) -> tuple[str, ...]:
    """Conditions that keep a policy from applying to every sign-in."""
    found = []
    locations = conditions.get("locations") or {}
    if _list(locations.get("excludeLocations")) or (
        _list(locations.get("includeLocations"))
        and "All" not in _list(locations.get("includeLocations"))
    ):
        found.append("location")
    platforms = conditions.get("platforms") or {}
    if _list(platforms.get("excludePlatforms")) or (
        _list(platforms.get("includePlatforms"))
        and "all" not in {p.lower() for p in _list(platforms.get("includePlatforms"))}
    ):
        found.append("device platform")
    clients = {c.lower() for c in _list(conditions.get("clientAppTypes"))}
    if (
        clients
        and "all" not in clients
        and not {"browser", "mobileappsanddesktopclients"} <= clients
    ):
        found.append("client app")
    for key, label in (
        ("signInRiskLevels", "sign-in risk"),
        ("userRiskLevels", "user risk"),
        ("servicePrincipalRiskLevels", "service principal risk"),
    ):
        if _list(conditions.get(key)):
            found.append(label)
    if conditions.get("devices"):
        found.append("device filter")
    return tuple(found)


def _requires_mfa(grant: Mapping[str, Any] | None) -> bool:
    """MFA (or an authentication strength) is required, not one option among others."""
    if not grant:
        return False
    controls = {c.lower() for c in _list(grant.get("builtInControls"))}
    strength = bool(grant.get("authenticationStrength"))
    if "block" in controls:
        return False
    if not ("mfa" in controls or strength):
        return False
    others = controls - {"mfa"}
    return str(grant.get("operator", "OR")).upper() == "AND" or not (others and not strength)


def to_access_policy(raw: Mapping[str, Any], group_names: Mapping[str, str]) -> AccessPolicy:
    """Pure: a Graph conditionalAccessPolicy -> AccessPolicy (excluded groups named)."""
    conditions = raw.get("conditions") or {}
    users = conditions.get("users") or {}
    apps = conditions.get("applications") or {}
    return AccessPolicy(
        name=str(raw.get("displayName") or raw.get("id") or ""),
        state=str(raw.get("state") or "disabled"),
        requires_mfa=_requires_mfa(raw.get("grantControls")),
        all_users="All" in _list(users.get("includeUsers")),
        include_roles=tuple(r.lower() for r in _list(users.get("includeRoles"))),
        all_apps="All" in _list(apps.get("includeApplications")),
        excluded_users=_list(users.get("excludeUsers")),
        excluded_groups=tuple(group_names.get(g, g) for g in _list(users.get("excludeGroups"))),
        excluded_roles=_list(users.get("excludeRoles")),
        excluded_guests=bool(users.get("excludeGuestsOrExternalUsers")),
        excluded_apps=_list(apps.get("excludeApplications")),
        narrowed_by=_narrowing(conditions),
    )


def excluded_group_ids(policies: Sequence[Mapping[str, Any]]) -> list[str]:
    """Group ids some policy excludes (to look their names up)."""
    ids: dict[str, None] = {}
    for raw in policies:
        users = (raw.get("conditions") or {}).get("users") or {}
        ids.update(dict.fromkeys(_list(users.get("excludeGroups"))))
    return list(ids)


def mfa_gaps(details: Sequence[Mapping[str, Any]]) -> tuple[tuple[str, ...], int]:
    """Member users of the registration report without MFA, and how many were checked."""
    members = [d for d in details if str(d.get("userType", "member")).lower() == "member"]
    missing = tuple(
        str(d.get("userPrincipalName") or d.get("id"))
        for d in members
        if d.get("isMfaRegistered") is not True
    )
    return missing, len(members)


def to_directory(
    *,
    tenant: str,
    collected_at: datetime,
    defaults: Mapping[str, Any] | None,
    policies: Sequence[Mapping[str, Any]] | None,
    group_names: Mapping[str, str],
    registrations: Sequence[Mapping[str, Any]] | None,
    admins: Sequence[Mapping[str, Any]] | None,
    guests: int | None,
    authorization: Mapping[str, Any] | None,
) -> Directory:
    """Pure: the Graph answers (None where a call failed) -> Directory."""
    missing, checked = mfa_gaps(registrations) if registrations is not None else (None, None)
    enabled = defaults.get("isEnabled") if defaults is not None else None
    return Directory(
        uid=f"/tenants/{tenant}",
        provider="azure",
        account=tenant,
        region="global",
        service="Microsoft.Entra/directory",
        name=f"tenant-{tenant}",
        collected_at=collected_at,
        security_defaults=enabled if isinstance(enabled, bool) else None,
        access_policies=None
        if policies is None
        else tuple(to_access_policy(p, group_names) for p in policies),
        users_without_mfa=missing,
        users_checked=checked,
        global_admins=None
        if admins is None
        else tuple(str(a.get("userPrincipalName") or a.get("id")) for a in admins),
        guest_users=guests,
        guest_invites_from=str(authorization.get("allowInvitesFrom") or "")
        if authorization is not None
        else None,
        guest_access=GUEST_ROLES.get(str(authorization.get("guestUserRoleId") or "").lower(), "")
        if authorization is not None
        else None,
    )


class _Reader:
    """Runs Graph calls, keeping each failure as a CollectionError naming the permission."""

    def __init__(self, session: AzureSession, tenant: str) -> None:
        self.client = session.msgraph()
        self.tenant = tenant
        self.errors: list[CollectionError] = []

    def read(self, permission: str, call: Callable[[], T]) -> T | None:
        try:
            return call()
        except HttpResponseError as err:
            self.errors.append(graph_error(err, self.tenant, permission))
        except AzureError as err:
            self.errors.append(graph_error(err, self.tenant, permission))
        return None


def graph_error(err: AzureError, tenant: str, permission: str) -> CollectionError:
    """A Graph failure as a CollectionError telling which application permission to grant."""
    name = permission.removeprefix("graph:")
    if isinstance(err, HttpResponseError):
        cause = error_code(err)
        detail = str(getattr(err.error, "message", "") or err.reason or "")[:200]
        status = err.status_code or 0
    else:
        cause, detail, status = type(err).__name__, str(err)[:200], 0
    if status in (401, 403):
        hint = (
            f"Microsoft Graph denied the call: grant the application permission {name} "
            "with admin consent to the scanning identity (see `complyscan permissions azure`)"
        )
    else:
        hint = "Microsoft Graph call failed; re-run with --log-level debug for details"
    return CollectionError(
        "azure",
        "global",
        "Directory",
        cause,
        hint=hint,
        permission=name,
        uid=f"/tenants/{tenant}",
        detail=detail,
    )


def collect_directory(session: AzureSession, _scope: str) -> Iterator[Item]:
    """The tenant's Directory; a denied call leaves its fields unknown and is reported."""
    tenant = session.tenant or "tenant"
    if session.offline:
        raise CollectionError(
            "azure",
            "global",
            "Directory",
            "NotInSnapshot",
            hint="A Resource Graph export has no Microsoft Entra ID data; run a live scan",
        )
    r = _Reader(session, tenant)
    c = r.client
    defaults = r.read(
        POLICY_READ, lambda: c.get(f"{V1}/policies/identitySecurityDefaultsEnforcementPolicy")
    )
    if defaults is None and len(r.errors) == 1 and _denied(r.errors[0]):
        # no Graph consent at all: fail the whole directory once (scan incomplete, exit 3;
        # ARM collection goes on)
        denied = r.errors[0]
        raise CollectionError(
            "azure",
            "global",
            "Directory",
            denied.cause,
            hint=denied.hint,
            permission=denied.permission,
            detail=denied.detail,
        )
    policies = r.read(
        POLICY_READ, lambda: list(c.pages(f"{V1}/identity/conditionalAccess/policies"))
    )
    names: dict[str, str] = {}
    for gid in excluded_group_ids(policies or ())[:MAX_GROUP_LOOKUPS]:
        group = r.read(GROUP_READ, partial(c.get, f"{V1}/groups/{gid}", {"$select": "displayName"}))
        if group and group.get("displayName"):
            names[gid] = str(group["displayName"])
    registrations = r.read(
        AUDIT_READ,
        lambda: list(c.pages(f"{V1}/reports/authenticationMethods/userRegistrationDetails")),
    )
    admins = r.read(
        ROLE_READ,
        lambda: list(
            c.pages(
                f"{V1}/directoryRoles(roleTemplateId='{GLOBAL_ADMINISTRATOR}')/members",
                {"$select": "id,displayName,userPrincipalName"},
            )
        ),
    )
    guests = r.read(
        USER_READ,
        lambda: sum(
            1 for _ in c.pages(f"{V1}/users", {"$filter": "userType eq 'Guest'", "$select": "id"})
        ),
    )
    authorization = r.read(POLICY_READ, lambda: c.get(f"{V1}/policies/authorizationPolicy"))
    yield to_directory(
        tenant=tenant,
        collected_at=session.now(),
        defaults=defaults,
        policies=policies,
        group_names=names,
        registrations=registrations,
        admins=admins,
        guests=guests,
        authorization=authorization,
    )
    yield from r.errors


def _denied(err: CollectionError) -> bool:
    return "denied the call" in err.hint


COLLECTORS = (
    Collector(Directory, collect_directory, permissions=GRAPH_PERMISSIONS, scope="global"),
)
