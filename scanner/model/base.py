"""Base classes shared by every provider-neutral resource model."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from typing import Literal
from urllib.parse import quote

from pydantic import ConfigDict, Field

from scanner.compact import Compact

KeyManager = Literal["customer", "provider"]

#: What ``quote(p, safe="")`` leaves unchanged; such parts (most) skip it.
_UNQUOTED = re.compile(r"[A-Za-z0-9_.~-]*")


def path_part(part: str) -> str:
    """``part`` percent-encoded for a pseudo-path ('/' included), as ``quote`` does."""
    # surrogatepass: a lone surrogate that reached a model (inputs are repaired where they
    # are decoded, scanner.textsafe.valid_unicode) is encoded, never a crash
    return part if _UNQUOTED.fullmatch(part) else quote(part, safe="", errors="surrogatepass")


class Frozen(Compact):
    """An immutable value object; unknown fields are rejected."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Resource(Frozen):
    """One cloud resource (or one account/region-level setting) as a check sees it.

    ``None`` in any field of a subclass means only "could not be read"; a setting that is
    absent is written explicitly (``False``, ``0``, ``()``). ``collected_at`` is when the
    provider read it; time-based checks compare against it and never call the clock.
    """

    uid: str = Field(description="Globally unique id: ARN, GCP resource name or Azure id.")
    provider: Literal["aws", "gcp", "azure", "github"]
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
        return _path_prefix(self) + path_part(self.name or self.uid)


def _prefix_parts(res: Resource) -> tuple[str, str, str, str]:
    middle = res.group if res.provider == "azure" and res.group else res.region
    return (res.provider, res.account or "unknown", middle or "global", res.service)


def _path_prefix(res: Resource) -> str:
    return "".join([path_part(p) + "/" for p in _prefix_parts(res)])


def location_paths(resources: Sequence[Resource]) -> list[str]:
    """Each resource's ``location_path``: the provider/account/region/service prefix, which
    thousands of resources share, is encoded once per distinct prefix."""
    prefixes: dict[tuple[str, str, str, str], str] = {}
    out: list[str] = []
    append = out.append
    for res in resources:
        parts = _prefix_parts(res)
        prefix = prefixes.get(parts)
        if prefix is None:
            prefix = prefixes[parts] = "".join([path_part(p) + "/" for p in parts])
        append(prefix + path_part(res.name or res.uid))
    return out


class Encryption(Frozen):
    """Encryption at rest of a resource."""

    enabled: bool
    key_managed_by: KeyManager | None = Field(
        default=None, description="Who manages the key; None when not encrypted or unknown."
    )
    key_id: str | None = None
