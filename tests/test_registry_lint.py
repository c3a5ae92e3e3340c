"""Meta-tests over the check registry: metadata, controls, models and validation."""

from __future__ import annotations

import ast
import inspect
import re
import textwrap
from typing import Any

import pytest
from pydantic import ValidationError

from scanner import registry
from scanner.errors import RegistryError
from scanner.findings import Result, Severity, passed
from scanner.frameworks import control_index
from scanner.model import RESOURCE_KINDS, KmsKey
from scanner.registry import Check, check, validate
from tests.checks.factories import FACTORIES

REGISTRY = registry.load()
CHECKS = list(REGISTRY)
MAX_BODY_LINES = 25


def _ids(c: Check[Any]) -> str:
    return c.id


def test_load_succeeds_with_enough_checks():
    assert len(REGISTRY) >= 48


def test_ids_are_unique():
    ids = [c.id for c in CHECKS]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("c", CHECKS, ids=_ids)
def test_metadata_is_complete(c):
    assert re.fullmatch(
        r"(NET|CRYPTO|IAM|STOR|DB|LOG|BACKUP|SVC|VAULT|VM|KUBE|DNS"
        r"|FN|CTR|CDN|API|SEARCH|WH|CACHE|SCM|CHG)-\d{3}",
        c.id,
    )
    assert len(c.title) <= 80
    assert not c.title.lower().startswith("ensure")
    assert c.rationale
    assert c.remediation
    assert c.controls
    assert isinstance(c.severity, Severity)
    assert c.resource in RESOURCE_KINDS
    assert set(c.providers) <= {"aws", "gcp", "azure", "github"}


@pytest.mark.parametrize("c", CHECKS, ids=_ids)
def test_controls_exist_in_catalogs(c):
    catalogs = control_index()
    for ref in c.controls:
        framework, _, control = ref.partition(":")
        assert control in catalogs[framework], ref


def _body_lines(func: object) -> int:
    """Lines of a function body after its docstring."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(func)))  # type: ignore[arg-type]
    node = next(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef))
    body = node.body[1:] if ast.get_docstring(node) is not None else node.body
    return body[-1].end_lineno - body[0].lineno + 1 if body else 0  # type: ignore[operator]


@pytest.mark.parametrize("c", CHECKS, ids=_ids)
def test_check_bodies_stay_small(c):
    assert _body_lines(c.func) <= MAX_BODY_LINES


@pytest.mark.parametrize("c", CHECKS, ids=_ids)
def test_checks_run_on_compliant_defaults(c):
    """The factory defaults are compliant: no check fails or errs on them."""
    result = c(FACTORIES[c.resource]())
    assert isinstance(result, Result)
    assert result.status.value in {"pass", "not_applicable"}, (c.id, result.reason)


def test_factories_cover_every_resource_kind():
    assert set(FACTORIES) == set(RESOURCE_KINDS)


@pytest.mark.parametrize("kind", RESOURCE_KINDS, ids=lambda k: k.__name__)
def test_models_are_frozen(kind):
    instance = FACTORIES[kind]()
    with pytest.raises(ValidationError):
        instance.name = "changed"  # type: ignore[misc]  # the point of the test
    with pytest.raises(ValidationError):
        kind(**{**instance.model_dump(), "unexpected": 1})


def _make(**overrides: object) -> Check[Any]:
    fields: dict[str, object] = {
        "id": "CRYPTO-999",
        "title": "Keys are fine",
        "severity": Severity.LOW,
        "resource": KmsKey,
        "controls": ("soc2:CC6.1",),
    }
    fields.update(overrides)
    doc = fields.pop("doc", "Risk text.\n\nRemediation: fix it.")

    def func(key: KmsKey) -> Result:
        return passed("ok")

    func.__doc__ = str(doc)
    return check(**fields)(func)  # type: ignore[arg-type]  # fields vary per test


def test_validate_accepts_a_good_check():
    assert len(validate([_make()], control_index())) == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"id": "crypto-1"}, "id must match AREA-NNN"),
        ({"controls": ("soc2:CC99.9",)}, "is not in the soc2 catalog"),
        ({"controls": ("pci:1.2.3",)}, "unknown framework"),
        ({"controls": ()}, "maps to no control"),
        ({"doc": "Only a rationale, no fix."}, "lacks 'Remediation:'"),
        ({"title": "Ensure keys are fine"}, "title must be"),
        ({"title": "x" * 81}, "title must be"),
    ],
)
def test_validate_rejects_bad_checks(overrides, message):
    with pytest.raises(RegistryError, match=re.escape(message)):
        validate([_make(**overrides)], control_index())


def test_validate_rejects_duplicate_ids():
    with pytest.raises(RegistryError, match="duplicate id"):
        validate([_make(), _make(title="Another")], control_index())
