"""Plans written the way `terraform show -json` writes them (format_version 1.2).

Shapes: https://developer.hashicorp.com/terraform/internals/json-format ("Plan
Representation", "Values Representation", "Configuration Representation"). A resource
is given once; the builder places it in planned_values (unless deleted), in
resource_changes (actions, after, after_unknown) and in configuration (expressions).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scanner.api import Finding, ScanResult, Status, scan


@dataclass
class Res:
    type: str
    name: str
    values: dict[str, Any]
    actions: tuple[str, ...] = ("create",)
    unknown: dict[str, Any] = field(default_factory=dict)
    expressions: dict[str, Any] | None = None  # None: constants for every value
    module: str = ""  # "module.net" / "module.net[0]"
    index: Any = None

    @property
    def address(self) -> str:
        local = f"{self.type}.{self.name}" + (
            "" if self.index is None else f"[{self.index!r}]".replace("'", '"')
        )
        return f"{self.module}.{local}" if self.module else local


def ref(*targets: str) -> dict[str, Any]:
    """An expression referring to other objects, as Terraform lists them."""
    out: list[str] = []
    for target in targets:
        parts = target.split(".")
        out += [target, ".".join(parts[:2])] if len(parts) > 2 else [target]
    return {"references": out}


def _constants(values: dict[str, Any], unknown: dict[str, Any] | None = None) -> dict[str, Any]:
    """Expressions for what a configuration writes: set values, not computed ones."""
    out: dict[str, Any] = {}
    for key, value in values.items():
        if value is None or value == [] or (isinstance(unknown, dict) and unknown.get(key) is True):
            continue
        if isinstance(value, list) and value and isinstance(value[0], dict):
            out[key] = [_constants(v) for v in value]
        else:
            out[key] = {"constant_value": value}
    return out


def plan(*resources: Res, region: str = "eu-west-1", fmt: str = "1.2") -> dict[str, Any]:
    """A plan document holding ``resources``."""
    live = [r for r in resources if r.actions != ("delete",)]

    def values_entry(r: Res) -> dict[str, Any]:
        entry = {"address": r.address, "mode": "managed", "type": r.type, "name": r.name,
                 "provider_name": _provider(r.type), "schema_version": 0,
                 "values": r.values, "sensitive_values": {}}  # fmt: skip
        if r.index is not None:
            entry["index"] = r.index
        return entry

    root = [values_entry(r) for r in live if not r.module]
    modules: dict[str, list[dict[str, Any]]] = {}
    for r in live:
        if r.module:
            modules.setdefault(r.module, []).append(values_entry(r))
    child_modules = [{"address": m, "resources": rs} for m, rs in modules.items()]
    changes = [
        {"address": r.address, "module_address": r.module or None, "mode": "managed",
         "type": r.type, "name": r.name, "index": r.index, "provider_name": _provider(r.type),
         "change": {"actions": list(r.actions),
                    "before": None if r.actions == ("create",) else r.values,
                    "after": None if r.actions == ("delete",) else r.values,
                    "after_unknown": r.unknown, "before_sensitive": {}, "after_sensitive": {}}}
        for r in resources
    ]  # fmt: skip
    config_root: dict[str, Any] = {"resources": [], "module_calls": {}}
    seen: set[tuple[str, str]] = set()
    for r in resources:
        call = r.module.split(".")[1].split("[")[0] if r.module else ""
        local = f"{r.type}.{r.name}"
        if (call, local) in seen:
            continue
        seen.add((call, local))
        entry = {"address": local, "mode": "managed", "type": r.type, "name": r.name,
                 "provider_config_key": _provider(r.type).rsplit("/", 1)[-1],
                 "expressions": r.expressions if r.expressions is not None
                 else _constants(r.values, r.unknown), "schema_version": 0}  # fmt: skip
        if call:
            target = config_root["module_calls"].setdefault(
                call, {"source": f"./modules/{call}", "module": {"resources": []}}
            )
            target["module"]["resources"].append(entry)
        else:
            config_root["resources"].append(entry)
    return {
        "format_version": fmt,
        "terraform_version": "1.9.8",
        "planned_values": {"root_module": {"resources": root, "child_modules": child_modules}},
        "resource_changes": changes,
        "configuration": {
            "provider_config": {
                "aws": {"name": "aws", "full_name": "registry.terraform.io/hashicorp/aws",
                        "expressions": {"region": {"constant_value": region}}},
            },
            "root_module": config_root,
        },
        "timestamp": "2026-12-01T10:00:00Z",
        "errored": False,
    }  # fmt: skip


def _provider(resource_type: str) -> str:
    name = {"aws": "aws", "google": "google", "azurerm": "azurerm"}[
        resource_type.split("_", maxsplit=1)[0]
    ]
    return f"registry.terraform.io/hashicorp/{name}"


def write(path: Path, document: dict[str, Any]) -> Path:
    path.write_text(json.dumps(document, indent=2), encoding="utf-8")
    return path


def scan_plan(tmp_path: Path, *resources: Res) -> ScanResult:
    """A plan of ``resources`` written under ``tmp_path`` and scanned as the CLI does."""
    return scan("terraform", snapshot=write(tmp_path / "plan.json", plan(*resources)))


def only_finding(result: ScanResult, address: str, check: str) -> Finding:
    """The one finding of ``check`` on ``address`` (the test fails listing them otherwise)."""
    found = [f for f in result.findings if f.resource_uid == address and f.check_id == check]
    assert len(found) == 1, sorted((f.check_id, f.resource_uid, f.status) for f in result.findings)
    return found[0]


def status_of(result: ScanResult, address: str, check: str) -> Status:
    """The status of the one finding of ``check`` on ``address``."""
    return only_finding(result, address, check).status


def verdict_of(result: ScanResult, address: str, check: str) -> tuple[Status, str]:
    """The status and reason of the one finding of ``check`` on ``address``."""
    found = only_finding(result, address, check)
    return found.status, found.reason
