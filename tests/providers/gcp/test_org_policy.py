"""Organisation policy inheritance through the resource hierarchy.

Semantics from Google's "Understanding hierarchy evaluation" (organization-policy docs): the
policy set nearest the resource decides a boolean constraint; restoreDefault applies the
constraint's default there; nothing set anywhere means the default (not enforced). When a
container of the chain is missing from the input the answer is unknown, never "not enforced".
"""

from __future__ import annotations

import pytest

from providers.gcp.assets import AssetRecord, OrgPolicy, to_org_policy, to_record
from providers.gcp.org_policy import PUBLIC_ACCESS_PREVENTION as PAP
from providers.gcp.org_policy import Constraints

CHAIN = ("projects/1", "folders/2", "organizations/3")
KNOWN = frozenset(CHAIN)
ON = OrgPolicy(PAP, enforced=True)
OFF = OrgPolicy(PAP, enforced=False)
RESTORE = OrgPolicy(PAP, restore_default=True)
OTHER = OrgPolicy("constraints/compute.requireOsLogin", enforced=True)


def _bucket(ancestors: tuple[str, ...] = CHAIN, parent: str = "") -> AssetRecord:
    return AssetRecord(
        name="//storage.googleapis.com/b",
        asset_type="storage.googleapis.com/Bucket",
        origin="t",
        data={},
        parent=parent,
        ancestors=ancestors,
    )


@pytest.mark.parametrize(
    ("policies", "known", "expected"),
    [
        ({"organizations/3": (ON,)}, KNOWN, True),
        ({"organizations/3": (ON,), "folders/2": (OFF,)}, KNOWN, False),  # nearest wins
        ({"organizations/3": (ON,), "folders/2": (RESTORE,)}, KNOWN, False),
        ({"organizations/3": (OFF,), "projects/1": (ON,)}, KNOWN, True),
        ({"organizations/3": (OTHER,)}, KNOWN, False),  # another constraint
        ({}, KNOWN, False),  # set nowhere: the default
        ({"organizations/3": (ON,)}, frozenset({"projects/1", "organizations/3"}), None),
        ({"projects/1": (ON,)}, frozenset({"projects/1"}), True),  # decided before the gap
        ({}, frozenset({"projects/1", "folders/2"}), None),  # the organisation is missing
        # the folder's policies are in the input though its record is not
        ({"folders/2": (OTHER,), "organizations/3": (ON,)}, frozenset({"projects/1"}), True),
    ],
)
def test_boolean_constraint(policies, known, expected):
    value, hint = Constraints(policies, known).enforced(PAP, _bucket())
    assert value is expected
    assert bool(hint) is (expected is None)


def test_folder_with_only_its_policies_in_input_is_walked_through():
    constraints = Constraints({"folders/2": (OTHER,)}, frozenset({"projects/1", "organizations/3"}))
    assert constraints.enforced(PAP, _bucket()) == (False, "")


def test_unreadable_org_policies_are_unknown():
    value, hint = Constraints(None).enforced(PAP, _bucket())
    assert value is None
    assert "unreadable" in hint


def test_chain_from_parent_links_when_ancestors_are_absent():
    chains = {"projects/1": ("folders/2", "organizations/3")}
    constraints = Constraints({"organizations/3": (ON,)}, KNOWN, chains)
    record = _bucket(ancestors=(), parent="//cloudresourcemanager.googleapis.com/projects/1")
    assert constraints.enforced(PAP, record) == (True, "")


@pytest.mark.parametrize(
    "raw",
    [
        {"constraint": PAP, "boolean_policy": {"enforced": True}},
        {"constraint": PAP, "booleanPolicy": {"enforced": True}},
        {"constraint": PAP, "booleanPolicy": {"enforced": "true"}},
        {
            "name": "projects/1/policies/storage.publicAccessPrevention",
            "booleanPolicy": {"enforced": True},
        },
    ],
)
def test_org_policy_spellings(raw):
    assert to_org_policy(raw) == ON


def test_list_policy_and_restore_default_spellings():
    listed = to_org_policy(
        {
            "constraint": "constraints/x",
            "listPolicy": {"allValues": "deny", "inheritFromParent": True},
        }
    )
    assert (listed.all_values, listed.inherit_from_parent, listed.enforced) == ("DENY", True, None)
    assert to_org_policy({"constraint": PAP, "restoreDefault": {}}).restore_default


@pytest.mark.parametrize("key", ["org_policy", "orgPolicy"])
def test_record_with_only_org_policies(key):
    record = to_record(
        {
            "name": "//cloudresourcemanager.googleapis.com/folders/2",
            "assetType": "cloudresourcemanager.googleapis.com/Folder",
            key: [{"constraint": PAP, "booleanPolicy": {"enforced": False}}],
        },
        "t:1",
    )
    assert record.org_policies == (OFF,)
    assert record.data is None
