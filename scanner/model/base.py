"""Base classes shared by every provider-neutral resource model."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Literal, Self
from urllib.parse import quote

from pydantic import BaseModel, ConfigDict, Field, model_validator

KeyManager = Literal["customer", "provider"]

#: What ``quote(p, safe="")`` leaves unchanged; such parts (most) skip it.
_UNQUOTED = re.compile(r"[A-Za-z0-9_.~-]*")


def path_part(part: str) -> str:
    """``part`` percent-encoded for a pseudo-path ('/' included), as ``quote`` does."""
    return part if _UNQUOTED.fullmatch(part) else quote(part, safe="")


#: One set object per distinct set of given field names, shared by every model that has it.
_FIELD_SETS: dict[frozenset[str], set[str]] = {}


class Frozen(BaseModel):
    """An immutable value object; unknown fields are rejected."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    @model_validator(mode="after")
    def _share_fields_set(self) -> Self:
        """Swap pydantic's per-instance record of the given fields for a shared, equal set.

        That set is ~0.7 KiB an object, often more than the object's own values; an
        inventory of a million resources holds several million of them. Frozen models are
        never assigned to, so pydantic never adds to the set (copies copy it first).
        """
        given = self.__pydantic_fields_set__
        key = frozenset(given)
        shared = _FIELD_SETS.get(key)
        if shared is None:
            shared = _FIELD_SETS.setdefault(key, set(key))
        object.__setattr__(self, "__pydantic_fields_set__", shared)
        return self


class Resource(Frozen):
    """One cloud resource (or one account/region-level setting) as a check sees it.

    ``None`` in any field of a subclass means only "could not be read"; a setting that is
    absent is written explicitly (``False``, ``0``, ``()``). ``collected_at`` is when the
    provider read it; time-based checks compare against it and never call the clock.
    """

    uid: str = Field(description="Globally unique id: ARN, GCP resource name or Azure id.")
    provider: Literal["aws", "gcp", "azure"]
    account: str = Field(description="AWS account id, GCP project or Azure subscription.")
    region: str = Field(description="Region/location, or 'global'.")
    service: str = Field(description="Provider service short name, e.g. 'ec2', 's3'.")
    name: str
    tags: dict[str, str] = Field(default_factory=dict)
    collected_at: datetime
    group: str | None = Field(
        default=None, description="Azure resource group; None where the provider has none."
    )

    @property
    def location_path(self) -> str:
        """Stable relative pseudo-path used as the SARIF artifact location.

        ``<provider>/<account>/<region or resource group>/<service or type>/<name>``.
        """
        middle = self.group if self.provider == "azure" and self.group else self.region
        parts = (
            self.provider,
            self.account or "unknown",
            middle or "global",
            self.service,
            self.name or self.uid,
        )
        return "/".join([path_part(p) for p in parts])


class Encryption(Frozen):
    """Encryption at rest of a resource."""

    enabled: bool
    key_managed_by: KeyManager | None = Field(
        default=None, description="Who manages the key; None when not encrypted or unknown."
    )
    key_id: str | None = None
