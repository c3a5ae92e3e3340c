"""Keeping millions of pydantic objects small: one shared record of the fields each was given."""

from __future__ import annotations

from typing import Self

from pydantic import BaseModel, model_validator

#: One set object per distinct set of given field names, shared by every model that has it.
_FIELD_SETS: dict[frozenset[str], set[str]] = {}


def shared_fields_set(names: set[str] | frozenset[str]) -> set[str]:
    """The one shared set equal to ``names`` (made on first use)."""
    key = frozenset(names)
    shared = _FIELD_SETS.get(key)
    if shared is None:
        shared = _FIELD_SETS.setdefault(key, set(key))
    return shared


class Compact(BaseModel):
    """A frozen model whose record of given fields is shared, not one set per instance.

    pydantic keeps that record as a set of ~0.7 KiB per object, often more than the
    object's own values; a scan of a million resources holds several million of them.
    Subclasses must be frozen: pydantic then never adds to the set (copies copy it first).
    """

    @model_validator(mode="after")
    def _share_fields_set(self) -> Self:
        object.__setattr__(
            self, "__pydantic_fields_set__", shared_fields_set(self.__pydantic_fields_set__)
        )
        return self
