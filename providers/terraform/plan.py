"""Terraform plan and state JSON (``terraform show -json``, format version 1.x): parse, index.

Shapes follow the Terraform documentation "JSON Output Format"
(https://developer.hashicorp.com/terraform/internals/json-format): a plan has
``planned_values`` (what will exist), ``resource_changes`` (per instance: ``actions``,
``after``, ``after_unknown``) and ``configuration`` (per module, per resource: the
``expressions`` with ``references`` to other objects); a state has ``values`` only.
Every malformed input is a ``ConfigError`` (exit 2) naming the file and the problem.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scanner.errors import ConfigError
from scanner.textsafe import valid_unicode

#: Resource types from these providers are judged; others are ignored.
PROVIDER_PREFIXES = ("aws_", "google_", "azurerm_")
_INDEX = re.compile(r"\[[^\]]*\]")


@dataclass(frozen=True)
class Planned:
    """One resource instance as it will exist after apply (or exists, for a state)."""

    address: str
    module: str  # "" root, else e.g. "module.net[0].module.sub"
    type: str
    name: str
    index: Any
    values: Mapping[str, Any]
    unknown: Mapping[str, Any] | bool  # after_unknown: True (all), or attribute -> True/nested
    actions: tuple[str, ...]  # ("create",), ("no-op",), ("update",), ("delete", "create")...
    expressions: Mapping[str, Any]  # the configuration expressions of this resource
    config_module: tuple[str, ...]  # module call names from the root, indices dropped
    provider_key: str = ""  # configuration ``provider_config_key`` ("aws", "aws.west", ...)

    @property
    def changed(self) -> bool:
        """The plan creates, updates or replaces it (not a no-op, not a read)."""
        return any(a in {"create", "update", "delete"} for a in self.actions)

    @property
    def created(self) -> bool:
        """Created by this plan (also when replaced): provider defaults apply."""
        return "create" in self.actions

    @property
    def local_address(self) -> str:
        """``type.name`` with the index, as other resources of the module refer to it."""
        return self.address[len(self.module) + 1 :] if self.module else self.address

    def is_unknown(self, *path: str | int) -> bool:
        """Whether the attribute at ``path`` (or anything inside it) is known only after apply."""
        return _any_true(self.unknown_node(*path))

    def unknown_node(self, *path: str | int) -> Any:
        """What ``after_unknown`` says at ``path``: True (known after apply, there or above
        it), False (known), or the nested marks of a block."""
        node: Any = self.unknown
        for part in path:
            if node is True:
                return True
            if isinstance(node, Mapping) and isinstance(part, str):
                node = node.get(part, False)
            elif isinstance(node, list) and isinstance(part, int) and part < len(node):
                node = node[part]
            else:
                return False
        return node

    @property
    def opaque(self) -> bool:
        """Nothing of the object is known before apply (``after_unknown: true``)."""
        return self.unknown is True

    def wholly_unknown(self, attribute: str) -> bool:
        """The whole attribute (not only some nested part) is known only after apply."""
        if self.unknown is True:
            return True
        return isinstance(self.unknown, Mapping) and self.unknown.get(attribute) is True

    def configured(self, attribute: str) -> bool:
        """The configuration sets ``attribute`` (an omitted one takes the provider default)."""
        return attribute in self.expressions

    def references(self, attribute: str) -> tuple[str, ...]:
        """The objects the expression of ``attribute`` refers to (``aws_s3_bucket.b.id``...)."""
        expression = self.expressions.get(attribute)
        if isinstance(expression, Mapping):
            return tuple(str(r) for r in expression.get("references", ()))
        return ()


def _any_true(node: Any) -> bool:
    if node is True:
        return True
    if isinstance(node, Mapping):
        return any(_any_true(v) for v in node.values())
    if isinstance(node, list):
        return any(_any_true(v) for v in node)
    return False


@dataclass
class Plan:
    """A parsed plan (or state): its resource instances, in file order."""

    path: Path
    kind: str  # "plan" or "state"
    terraform_version: str
    resources: list[Planned] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    provider_regions: dict[str, str] = field(default_factory=dict)
    provider_projects: dict[str, str] = field(default_factory=dict)

    def of_type(self, *types: str) -> Iterator[Planned]:
        """The instances of these resource types."""
        return (r for r in self.resources if r.type in types)


def load_plan(path: Path, prefixes: tuple[str, ...] = PROVIDER_PREFIXES) -> Plan:
    """Read ``terraform show -json`` output; ConfigError (exit 2) for anything else.

    ``prefixes``: the resource types kept (those of the clouds the checks judge).
    """
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise ConfigError(f"cannot read plan {path}: {err.strerror or err}") from err
    try:
        document = valid_unicode(json.loads(raw))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as err:
        raise ConfigError(
            f"{path} is not JSON ({err}); give the output of `terraform show -json tfplan` "
            "(a binary plan file must be converted with `terraform show -json` first)"
        ) from err
    if not isinstance(document, Mapping):
        raise ConfigError(f"{path}: expected a JSON object from `terraform show -json`")
    return parse_plan(document, path, prefixes)


def parse_plan(
    document: Mapping[str, Any], path: Path, prefixes: tuple[str, ...] = PROVIDER_PREFIXES
) -> Plan:
    """A ``terraform show -json`` document -> Plan; ConfigError naming what is wrong."""
    version = document.get("format_version")
    if not isinstance(version, str):
        raise ConfigError(
            f"{path}: no format_version: not `terraform show -json` output of a plan or state"
        )
    if version.split(".")[0] != "1":
        raise ConfigError(
            f"{path}: format_version {version} is not supported; complyscan reads the 1.x "
            "JSON format of Terraform >= 1.1 (and OpenTofu)"
        )
    try:
        return _parse(document, path, prefixes)
    except (KeyError, TypeError, AttributeError, ValueError) as err:
        raise ConfigError(
            f"{path}: malformed or truncated plan JSON ({type(err).__name__}: {err})"
        ) from err


def _parse(document: Mapping[str, Any], path: Path, prefixes: tuple[str, ...]) -> Plan:
    is_plan = "planned_values" in document or "resource_changes" in document
    if not is_plan and "values" not in document:
        raise ConfigError(
            f"{path}: neither a plan (planned_values) nor a state (values); "
            "was the output truncated?"
        )
    plan = Plan(
        path=path,
        kind="plan" if is_plan else "state",
        terraform_version=str(document.get("terraform_version", "")),
    )
    configuration = document.get("configuration") or {}
    plan.provider_regions = _provider_regions(configuration)
    plan.provider_projects = _provider_constants(configuration, "project")
    config_index = _config_index(configuration.get("root_module") or {}, ())
    changes = {
        str(c["address"]): c
        for c in document.get("resource_changes") or ()
        if c.get("mode", "managed") == "managed"
    }
    root = (document.get("planned_values") if is_plan else document.get("values")) or {}
    for item in _walk(root.get("root_module") or {}):
        if item.get("mode", "managed") != "managed":
            continue
        resource_type = str(item["type"])
        if not resource_type.startswith(prefixes):
            continue
        address = str(item["address"])
        change = (changes.get(address) or {}).get("change") or {}
        module = _module_of(address, item)
        config_module = tuple(_INDEX.sub("", m) for m in module.split(".")[1::2]) if module else ()
        config_address = _INDEX.sub("", address[len(module) + 1 :] if module else address)
        config = config_index.get((config_module, config_address), {})
        plan.resources.append(
            Planned(
                address=address,
                module=module,
                type=resource_type,
                name=str(item.get("name", "")),
                index=item.get("index"),
                values=item.get("values") or {},
                unknown=change.get("after_unknown") or {},  # True: the whole object
                actions=tuple(change.get("actions") or (("no-op",) if is_plan else ("read",))),
                expressions=config.get("expressions") or {},
                config_module=config_module,
                provider_key=str(config.get("provider_config_key") or ""),
            )
        )
    plan.deleted = [a for a, c in changes.items() if c["change"]["actions"] == ["delete"]]
    return plan


def _module_of(address: str, item: Mapping[str, Any]) -> str:
    """The module part of a resource address (``module.a[0].module.b``), "" for the root."""
    if not address.startswith("module."):
        return ""
    suffix = f"{item['type']}.{item['name']}"
    position = address.rfind("." + suffix)
    return address[:position] if position > 0 else ""


def _walk(module: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    yield from module.get("resources") or ()
    for child in module.get("child_modules") or ():
        yield from _walk(child)


def _config_index(
    module: Mapping[str, Any], path: tuple[str, ...]
) -> dict[tuple[tuple[str, ...], str], Mapping[str, Any]]:
    """(module call path, ``type.name``) -> the resource's configuration."""
    index: dict[tuple[tuple[str, ...], str], Mapping[str, Any]] = {}
    for resource in module.get("resources") or ():
        index[(path, str(resource["address"]))] = resource
    for name, call in (module.get("module_calls") or {}).items():
        index.update(_config_index(call.get("module") or {}, (*path, str(name))))
    return index


def _provider_regions(configuration: Mapping[str, Any]) -> dict[str, str]:
    """Provider config key -> its ``region``/``location`` when written as a constant."""
    regions: dict[str, str] = {}
    for key, provider in (configuration.get("provider_config") or {}).items():
        expressions = provider.get("expressions") or {}
        for attribute in ("region", "location"):
            value = (expressions.get(attribute) or {}).get("constant_value")
            if isinstance(value, str):
                regions[str(key)] = value
    return regions


def _provider_constants(configuration: Mapping[str, Any], attribute: str) -> dict[str, str]:
    """Provider config key -> its ``attribute`` (a Google ``project``) when a constant."""
    found: dict[str, str] = {}
    for key, provider in (configuration.get("provider_config") or {}).items():
        value = ((provider.get("expressions") or {}).get(attribute) or {}).get("constant_value")
        if isinstance(value, str) and value:
            found[str(key)] = value
    return found
