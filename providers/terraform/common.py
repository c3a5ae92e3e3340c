"""Small helpers every Terraform mapper uses."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from providers.terraform.plan import Planned
from scanner.model.base import Resource

R = TypeVar("R", bound=Resource)


def first(value: Any) -> Mapping[str, Any]:
    """The first element of a nested block list (Terraform writes blocks as lists)."""
    if isinstance(value, list) and value and isinstance(value[0], Mapping):
        return value[0]
    return value if isinstance(value, Mapping) else {}


def relabel(model: R, resource: Planned) -> R:
    """The live-shaped model re-identified by its Terraform address (no account yet)."""
    return model.model_copy(
        update={"uid": resource.address, "account": "", "name": resource.address}
    )
