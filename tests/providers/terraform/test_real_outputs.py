"""Real `tofu show -json` outputs (OpenTofu's golden files; see fixtures/opentofu/PROVENANCE.md)."""

from __future__ import annotations

from pathlib import Path

from providers.terraform.plan import load_plan
from providers.terraform.sources import SourceIndex

FIXTURES = Path(__file__).parent / "fixtures" / "opentofu"
TEST_TYPES = ("test_",)


def test_child_modules_and_count_instances():
    plan = load_plan(FIXTURES / "modules" / "output.json", TEST_TYPES)
    assert plan.kind == "plan"
    by_address = {r.address: r for r in plan.resources}
    assert sorted(by_address) == [
        "module.module_test_bar.test_instance.test",
        "module.module_test_foo.test_instance.test[0]",
        "module.module_test_foo.test_instance.test[1]",
        "module.module_test_foo.test_instance.test[2]",
    ]
    second = by_address["module.module_test_foo.test_instance.test[1]"]
    assert (second.module, second.config_module, second.index) == (
        "module.module_test_foo",
        ("module_test_foo",),
        1,
    )
    assert second.local_address == "test_instance.test[1]"
    assert second.actions == ("create",)
    assert second.created
    assert second.changed
    assert second.references("ami") == ("var.test_var",)  # from the module's configuration
    assert second.is_unknown("id")
    assert not second.is_unknown("ami")


def test_block_lines_come_from_the_module_sources(monkeypatch):
    plan = load_plan(FIXTURES / "modules" / "output.json", TEST_TYPES)
    monkeypatch.chdir(FIXTURES / "modules")
    index = SourceIndex(Path("."))
    located = {r.address: index.locate(r) for r in plan.resources}
    assert located["module.module_test_foo.test_instance.test[2]"] == ("foo/main.tf", 4)
    assert located["module.module_test_bar.test_instance.test"] == ("bar/main.tf", 9)


def test_the_deleted_instance_is_not_planned():
    plan = load_plan(FIXTURES / "basic-delete" / "output.json", TEST_TYPES)
    assert [r.address for r in plan.resources] == ["test_instance.test"]
    assert plan.resources[0].actions == ("update",)
    assert plan.deleted == ["test_instance.test-delete"]


def test_cloud_types_only_by_default():
    assert load_plan(FIXTURES / "modules" / "output.json").resources == []
