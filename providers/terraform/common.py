"""Small helpers every Terraform mapper uses."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, TypeVar

from providers.terraform.plan import Planned
from providers.terraform.session import TerraformSession, opaque_resource
from scanner.model.base import Resource
from scanner.provider import Collector, Item

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


def collector(
    provider: str,
    kind: type[Resource],
    types: tuple[str, ...],
    mapper: Callable[[Planned, TerraformSession], Item],
    *,
    name: str,
    joins: Sequence[tuple[Sequence[str], str]] = (),
) -> Collector[TerraformSession]:
    """A plan collector: every judged instance of ``types`` through ``mapper``; an instance
    Terraform knows nothing of before apply is not judged (UNKNOWN, naming it)."""

    def collect(session: TerraformSession, _scope: str) -> Iterator[Item]:
        for resource in session.judged(*types, joins=joins):
            if resource.opaque:
                yield opaque_resource(provider, resource, kind.__name__)
                continue
            yield mapper(resource, session)

    collect.__name__ = collect.__qualname__ = f"collect_{name}"
    collect.__doc__ = f"Every planned {', '.join(types)} -> {kind.__name__}."
    return Collector(kind, collect, permissions=(), scope="global", name=name)


def planned_key(resource: Planned, attribute: str) -> bool:
    """``attribute`` refers to a customer key this configuration manages (``aws_kms_key``,
    or an ``aws_kms_alias`` of one): the key is customer managed, even before apply."""
    return any(
        r.split(".")[0] in {"aws_kms_key", "aws_kms_alias"} for r in resource.references(attribute)
    )


def key_unknown(resource: Planned, attribute: str) -> bool:
    """The configuration sets a key the plan knows only after apply, and it is not one of
    the plan's own keys (whose manager is known: customer)."""
    return (
        resource.configured(attribute)
        and resource.is_unknown(attribute)
        and not planned_key(resource, attribute)
    )


def with_key(model: R, resource: Planned, attribute: str, session: TerraformSession) -> R:
    """Settle the model's ``encryption`` from the plan's key reference: a key of the plan
    is customer managed (what the live scan learns from its KmsKey inventory); a key
    known only after apply that the plan does not manage is unknown."""
    encryption = getattr(model, "encryption", None)
    if encryption is None or not encryption.enabled:
        return model
    if planned_key(resource, attribute):
        key = next(iter(resource.references(attribute)))
        update = {"key_managed_by": "customer", "key_id": encryption.key_id or key}
        return model.model_copy(update={"encryption": encryption.model_copy(update=update)})
    if key_unknown(resource, attribute):
        session.note_unknown(resource, [f"{resource.address}.{attribute}"])
        return model.model_copy(update={"encryption": None})
    return model


def flag(values: Mapping[str, Any], attribute: str, default: bool) -> bool:
    """A boolean attribute, its documented default when omitted (null)."""
    value = values.get(attribute)
    return default if value is None else bool(value)
