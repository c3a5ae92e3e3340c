"""Where each resource block is written: .tf file and line, for SARIF locations.

Parsed with python-hcl2 (a maintained, pure-Python HCL2 parser built on lark; its parse
tree carries line numbers). Only the block headers are read: ``resource "TYPE" "NAME"``
and ``module "NAME" { source = "./path" }`` to follow local child modules. Modules from
a registry or git are not on disk; their resources fall back to the calling module
block's line, else the plan file. A file that does not parse is skipped (logged), never
fatal: locations are a convenience, verdicts do not depend on them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import hcl2
import structlog
from lark import Token, Tree
from lark.exceptions import LarkError

from providers.terraform.plan import Planned

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class _Module:
    directory: Path
    resources: dict[str, tuple[Path, int]] = field(default_factory=dict)
    calls: dict[str, tuple[Path, int, str]] = field(default_factory=dict)


def _text(node: Any) -> str:
    """The text of a label (a string or identifier subtree)."""
    if isinstance(node, Token):
        return str(node)
    if isinstance(node, Tree):
        return "".join(_text(c) for c in node.children).strip('"')
    return ""


def _subtrees(tree: Tree[Any]) -> Iterator[Tree[Any]]:
    """Every subtree, parents first (lark's own walker is untyped)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed([c for c in node.children if isinstance(c, Tree)]))


def _blocks(path: Path) -> Iterator[tuple[str, list[str], int, Tree[Any]]]:
    """Top-level blocks of one file: (type, labels, line, block)."""
    try:
        tree = hcl2.parses_to_tree(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, LarkError) as err:
        log.warning("terraform.source_unparsed", file=str(path), error=type(err).__name__)
        return
    for block in _subtrees(tree):
        if block.data != "block":
            continue
        head = [c for c in block.children if isinstance(c, Tree)]
        if not head:
            continue
        kind = _text(head[0])
        labels = [_text(c) for c in head[1:] if c.data in ("string", "identifier")]
        line = getattr(block.meta, "line", 1)
        yield kind, labels, line, block


def _source_attribute(block: Tree[Any]) -> str:
    """The ``source = "..."`` of a module block."""
    for attribute in _subtrees(block):
        if attribute.data != "attribute":
            continue
        parts = [c for c in attribute.children if isinstance(c, Tree)]
        if parts and _text(parts[0]) == "source":
            return _text(parts[-1]).strip().strip('"')
    return ""


def _read_module(directory: Path, root: Path) -> _Module:
    module = _Module(directory)
    for path in sorted(directory.glob("*.tf")):
        relative = path.resolve().relative_to(root) if path.resolve().is_relative_to(root) else path
        for kind, labels, line, block in _blocks(path):
            if kind == "resource" and len(labels) >= 2:
                module.resources.setdefault(f"{labels[0]}.{labels[1]}", (relative, line))
            elif kind == "module" and labels:
                module.calls[labels[0]] = (relative, line, _source_attribute(block))
    return module


@dataclass
class SourceIndex:
    """File and line of each resource block under ``root`` (``--source-dir``)."""

    root: Path
    _modules: dict[tuple[str, ...], _Module | None] = field(default_factory=dict)

    def _module(self, path: tuple[str, ...]) -> _Module | None:
        if path in self._modules:
            return self._modules[path]
        module: _Module | None
        if not path:
            module = _read_module(self.root, self.root.resolve())
        else:
            parent = self._module(path[:-1])
            call = parent.calls.get(path[-1]) if parent else None
            local = call is not None and call[2].startswith(("./", "../"))
            module = (
                _read_module((parent.directory / call[2]).resolve(), self.root.resolve())
                if parent and call and local
                else None
            )
        self._modules[path] = module
        return module

    def _shown(self, relative: Path) -> str:
        """The file as SARIF should name it: relative to the repository checkout, which is
        the working directory in CI (``--source-dir infra`` gives ``infra/main.tf``)."""
        root = self.root
        if root.is_absolute():
            try:
                root = root.relative_to(Path.cwd())
            except ValueError:
                return relative.as_posix()
        return (root / relative).as_posix() if str(root) not in ("", ".") else relative.as_posix()

    def locate(self, resource: Planned) -> tuple[str, int] | None:
        """(file, line) of ``resource``'s block, or of the module call that brings it in."""
        config = resource.local_address.split("[")[0]
        module = self._module(resource.config_module)
        if module is not None and config in module.resources:
            file, line = module.resources[config]
            return self._shown(file), line
        for depth in range(len(resource.config_module), 0, -1):
            parent = self._module(resource.config_module[: depth - 1])
            call = parent.calls.get(resource.config_module[depth - 1]) if parent else None
            if call is not None:
                return self._shown(call[0]), call[1]
        return None
