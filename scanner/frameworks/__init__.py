"""Control catalogs shipped as package data (ids and titles only)."""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict

FRAMEWORK_IDS: tuple[str, ...] = (
    "soc2",
    "iso27001-2022",
    "nist-csf-2.0",
    "nist-800-53-r5",
    "cis-aws",
    "cis-gcp",
    "cis-azure",
    "iso27001-2013",
    "nist-csf-1.1",
)
#: Older editions no check maps to directly: their ids are derived from the edition checks
#: map to, through the official correspondence in ``derived.yaml`` (see ``derive``).
DERIVED_FRAMEWORKS: tuple[str, ...] = ("iso27001-2013", "nist-csf-1.1")


class Control(BaseModel):
    """One requirement of a framework."""

    model_config = ConfigDict(frozen=True)

    id: str
    title: str
    group: str = ""
    baselines: tuple[str, ...] = ()
    assessment: str | None = None


class Framework(BaseModel):
    """A control catalog: SOC 2, ISO 27001, NIST CSF, SP 800-53 or a CIS benchmark."""

    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    version: str
    copyright: str
    controls: tuple[Control, ...]
    derived_from: str | None = None

    def control(self, control_id: str) -> Control | None:
        """The control with this id, if the catalog has it."""
        return next((c for c in self.controls if c.id == control_id), None)


@cache
def load_catalogs() -> dict[str, Framework]:
    """Load every shipped catalog; read-only package data, so caching is safe."""
    root = resources.files(__package__)
    # libyaml's loader parses the catalogs ~10x faster than the pure-Python one
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return {
        fid: Framework.model_validate(
            yaml.load(root.joinpath(f"{fid}.yaml").read_text(), Loader=loader)  # noqa: S506 - safe loader
        )
        for fid in FRAMEWORK_IDS
    }


def control_index() -> dict[str, set[str]]:
    """Framework id -> set of control ids."""
    return {fid: {c.id for c in fw.controls} for fid, fw in load_catalogs().items()}
