"""Derived frameworks (ISO 27001:2013, NIST CSF 1.1): data, derivation, roll-up and outputs."""

from __future__ import annotations

import json
import re

import pytest

from checks.crypto.kms_key import kms_key_rotates_automatically
from scanner import registry as registry_module
from scanner.coverage import framework_coverage
from scanner.engine import run_scan
from scanner.errors import RegistryError
from scanner.findings import Result, Severity, passed
from scanner.frameworks import DERIVED_FRAMEWORKS, FRAMEWORK_IDS, control_index, load_catalogs
from scanner.frameworks.derive import expand_controls, load_derivations, relations
from scanner.model import KmsKey
from scanner.outputs.ocsf import to_ocsf
from scanner.outputs.sarif import to_sarif
from scanner.registry import Registry, check, validate
from scanner.rollup import rollup
from tests.fakes import FakeSession, spec

REGISTRY = registry_module.load()
GITHUB_MAX_RULE_TAGS = 20  # GitHub code scanning rejects SARIF rules with more tags


def test_derived_frameworks_are_shipped_catalogs():
    catalogs = load_catalogs()
    assert set(DERIVED_FRAMEWORKS) <= set(FRAMEWORK_IDS)
    assert len(catalogs["iso27001-2013"].controls) == 114
    assert len(catalogs["nist-csf-1.1"].controls) == 108
    assert catalogs["iso27001-2013"].derived_from == "iso27001-2022"
    assert catalogs["nist-csf-1.1"].derived_from == "nist-csf-2.0"
    assert catalogs["iso27001-2022"].derived_from is None


@pytest.mark.parametrize("framework", DERIVED_FRAMEWORKS)
def test_correspondence_matches_both_catalogs(framework):
    derivation = load_derivations()[framework]
    index = control_index()
    assert set(derivation.related) == index[framework]  # every old id, and only those
    targets = {t for ts in derivation.related.values() for t in ts}
    assert targets <= index[derivation.base]


def test_a_9_4_2_derives_from_a_8_5_only():
    rel = relations("iso27001-2013", "A.9.4.2")
    assert rel is not None
    assert (rel.base, rel.targets, rel.cardinality) == ("iso27001-2022", ("A.8.5",), "one-to-one")
    mapped = {c.id for c in REGISTRY if "iso27001-2022:A.8.5" in c.declared_controls}
    derived = {c.id for c in REGISTRY if "A.9.4.2" in c.controls_for("iso27001-2013")}
    assert derived == mapped
    assert {"IAM-001", "IAM-017"} <= derived


@pytest.mark.parametrize(
    ("framework", "control", "targets", "cardinality"),
    [
        ("iso27001-2013", "A.12.4.1", ("A.8.15",), "many-to-one"),
        ("iso27001-2013", "A.12.3.1", ("A.8.13",), "one-to-one"),
        ("iso27001-2013", "A.18.2.3", ("A.5.36", "A.8.8"), "many-to-many"),
        ("nist-csf-1.1", "PR.AC-7", ("PR.AA-03",), "many-to-one"),
        ("nist-csf-1.1", "DE.AE-3", ("DE.AE-03", "DE.AE-07"), "one-to-many"),
        ("nist-csf-1.1", "PR.IP-4", ("PR.DS-11",), "one-to-one"),
        ("nist-csf-1.1", "RC.CO-2", (), "unmapped"),
    ],
)
def test_relations(framework, control, targets, cardinality):
    rel = relations(framework, control)
    assert rel is not None
    assert (rel.targets, rel.cardinality) == (targets, cardinality)


def test_relation_notes_state_the_many_to_many_correspondence():
    a1241 = relations("iso27001-2013", "A.12.4.1")
    de_ae_3 = relations("nist-csf-1.1", "DE.AE-3")
    assert a1241 is not None
    assert de_ae_3 is not None
    assert a1241.note() == (
        "A.12.4.1 (2013) → A.8.15 (2022); A.8.15 also covers A.12.4.2, A.12.4.3 (2013)"
    )
    assert de_ae_3.note(untested=("DE.AE-07",)) == (
        "DE.AE-3 (1.1) → DE.AE-03, DE.AE-07 (2.0); no check tests DE.AE-07 (2.0)"
    )
    assert relations("soc2", "CC6.1") is None


def test_expand_controls_appends_derived_refs_once():
    declared = ("soc2:CC6.1", "iso27001-2022:A.8.5", "nist-csf-2.0:PR.AA-03")
    expanded = expand_controls(declared)
    assert expanded[:3] == declared
    assert set(expanded[3:]) == {
        "iso27001-2013:A.9.4.2",
        "nist-csf-1.1:PR.AC-3",
        "nist-csf-1.1:PR.AC-7",
    }
    assert expand_controls(expanded) == expanded


def _check(*controls: str):
    def fn(key: KmsKey) -> Result:
        """Risk.

        Remediation: fix it.
        """
        return passed("ok")

    return check(
        id="CRYPTO-998", title="Keys are fine", severity=Severity.LOW, resource=KmsKey,
        controls=controls,
    )(fn)  # fmt: skip


def test_checks_never_declare_derived_ids():
    with pytest.raises(RegistryError, match=re.escape("iso27001-2013 ids are derived")):
        validate([_check("iso27001-2013:A.9.4.2")], control_index())


def test_every_check_declares_only_current_editions():
    for c in REGISTRY:
        assert not {r.split(":")[0] for r in c.declared_controls} & set(DERIVED_FRAMEWORKS), c.id


def test_selecting_a_derived_framework_selects_checks_of_its_base():
    old = {c.id for c in REGISTRY.select(frameworks=["iso27001-2013"])}
    new = {c.id for c in REGISTRY.select(frameworks=["iso27001-2022"])}
    assert old
    assert old <= new
    assert {c.id for c in REGISTRY.select(frameworks=["nist-csf-1.1"])}


def test_sarif_rule_tags_stay_within_githubs_limit():
    for c in REGISTRY:
        assert len(c.controls) + 2 <= GITHUB_MAX_RULE_TAGS, c.id


@pytest.fixture(scope="module")
def result():
    """CRYPTO-001 (A.8.24, PR.DS-01) plus a check mapped only to CSF 2.0 DE.AE-03."""
    correlation = _check("nist-csf-2.0:DE.AE-03")
    registry = Registry((kms_key_rotates_automatically, correlation))
    return run_scan(spec(), FakeSession(), registry, ["us-east-1"])


def test_findings_and_check_metadata_carry_derived_ids(result):
    info = {c.id: c for c in result.checks}["CRYPTO-001"]
    assert {"iso27001-2013:A.10.1.1", "nist-csf-1.1:PR.DS-1"} <= set(info.controls)
    assert all("iso27001-2013:A.10.1.2" in f.controls for f in result.findings
               if f.check_id == "CRYPTO-001")  # fmt: skip


def test_rollup_states_the_relation(result):
    rolled = rollup(result, ["iso27001-2013", "nist-csf-1.1"])
    iso = {c.control_id: c for c in rolled["iso27001-2013"]}
    assert set(iso) == {"A.10.1.1", "A.10.1.2"}
    a1011 = iso["A.10.1.1"]
    assert (a1011.derived_from, a1011.mapping) == (("iso27001-2022:A.8.24",), "many-to-one")
    assert a1011.note == "A.10.1.1 (2013) → A.8.24 (2022); A.8.24 also covers A.10.1.2 (2013)"
    assert a1011.status == "fail"
    assert a1011.checks == ("CRYPTO-001",)
    csf = {c.control_id: c for c in rolled["nist-csf-1.1"]}
    de_ae_3 = csf["DE.AE-3"]
    assert de_ae_3.mapping == "one-to-many"
    assert de_ae_3.derived_from == ("nist-csf-2.0:DE.AE-03", "nist-csf-2.0:DE.AE-07")
    assert de_ae_3.note.endswith("no check tests DE.AE-07 (2.0)")
    current = {c.control_id: c for c in rollup(result, ["nist-csf-2.0"])["nist-csf-2.0"]}
    assert current["DE.AE-03"].derived_from == ()
    assert current["DE.AE-03"].note == ""


def test_sarif_tags_and_ocsf_requirements_include_derived_ids(result):
    rules = {r["id"]: r for r in to_sarif(result)["runs"][0]["tool"]["driver"]["rules"]}
    tags = rules["CRYPTO-001"]["properties"]["tags"]
    assert {"iso27001-2022:A.8.24", "iso27001-2013:A.10.1.1", "nist-csf-1.1:PR.DS-1"} <= set(tags)
    events = json.loads(to_ocsf(result))
    event = next(e for e in events if e["compliance"]["control"] == "CRYPTO-001")
    assert "iso27001-2013:A.10.1.2" in event["compliance"]["requirements"]
    assert {"iso27001-2013", "nist-csf-1.1"} <= set(event["compliance"]["standards"])


def test_coverage_of_a_derived_framework_names_its_source():
    rows = {r.control_id: r for r in framework_coverage(load_catalogs()["iso27001-2013"], REGISTRY)}
    assert rows["A.9.4.2"].derived_from == ("iso27001-2022:A.8.5",)
    assert rows["A.9.4.2"].note == "A.9.4.2 (2013) → A.8.5 (2022)"
    assert rows["A.12.3.1"].coverage == "partial"
    assert {"BACKUP-301", "BACKUP-304"} <= set(rows["A.12.3.1"].checks)
    assert rows["A.11.1.1"].coverage == "manual-only"  # physical security perimeter
