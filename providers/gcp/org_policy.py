"""Organisation policy constraints in force on a resource, through its ancestors.

CAI's ORG_POLICY content carries the v1 policies set on each organisation, folder and
project. For a boolean constraint the nearest container on the resource's chain (project,
then folders, then the organisation) that sets it decides; ``restoreDefault`` there applies
the constraint's default (not enforced, for the constraints read here) and stops the walk.
When nothing on the chain sets it, it is not enforced, unless a container of the chain is
not in the input: then the answer is unknown (None) with a hint, never "not enforced".

Constraints read (Google's "Organization policy constraints" list):

* ``storage.publicAccessPrevention``: every bucket below has public access prevention,
  whatever its own ``iamConfiguration.publicAccessPrevention`` says (``inherited``);
* ``compute.disableSerialPortAccess``: serial port access is off for every VM below,
  whatever the ``serial-port-enable`` metadata says.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from providers.gcp.assets import AssetRecord, OrgPolicy, segment
from providers.gcp.iam import HIERARCHY, ancestry, container
from providers.gcp.session import GcpSession
from scanner.errors import CollectionError

PUBLIC_ACCESS_PREVENTION = "constraints/storage.publicAccessPrevention"
DISABLE_SERIAL_PORT = "constraints/compute.disableSerialPortAccess"
LIST_ORG_POLICY = "cloudasset.assets.listOrgPolicy"
_HINT = (
    "{missing} is not in the input; export the whole organisation "
    "(gcloud asset export --organization=ORG --content-type=org-policy, and the resource "
    "content) so inherited organisation policies can be resolved"
)


@dataclass(frozen=True)
class Constraints:
    """Org policies by container, the containers in the input, and their ancestors."""

    policies: dict[str, tuple[OrgPolicy, ...]] | None
    known: frozenset[str] = frozenset()
    chains: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def chain_of(self, record: AssetRecord) -> tuple[str, ...]:
        """The containers above a resource, nearest (its project) first."""
        if record.ancestors:
            return tuple(a for a in record.ancestors if a.split("/", 1)[0] in _CONTAINERS)
        project = segment(record.parent, "projects") or segment(record.name, "projects")
        if not project:
            return ()
        ref = f"projects/{project}"
        return (ref, *self.chains.get(ref, ()))

    def enforced(self, constraint: str, record: AssetRecord) -> tuple[bool | None, str]:
        """(whether a boolean constraint is in force on ``record``, why unknown)."""
        if self.policies is None:
            return None, "organisation policies unreadable"
        chain = self.chain_of(record)
        if not chain:
            return None, _HINT.format(missing="the resource's project")
        for ref in chain:
            for policy in self.policies.get(ref, ()):
                if policy.constraint != constraint:
                    continue
                if policy.restore_default:
                    return False, ""
                if policy.enforced is not None:
                    return policy.enforced, ""
            if ref not in self.known and ref not in self.policies:
                # what this container sets (or overrides) is unknown
                return None, _HINT.format(missing=ref)
        return False, ""


_CONTAINERS = frozenset({"projects", "folders", "organizations"})


def read_constraints(
    session: GcpSession, scope: str, kind: str
) -> tuple[Constraints, list[CollectionError]]:
    """The org policies of ``scope`` for collector ``kind``; unreadable ones become an
    error reported under ``<kind> org policies`` and every answer unknown."""
    try:
        policies = session.org_policies(scope, resource=f"{kind} org policies")
    except CollectionError as err:
        return Constraints(None), [err]
    hierarchy = list(session.resources(scope, HIERARCHY, resource=kind))
    known = frozenset(container(r) for r in hierarchy)
    return Constraints(policies, known, ancestry(hierarchy)), []
