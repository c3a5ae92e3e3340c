"""Framework coverage: for every requirement, the checks that test it and how far they go.

Coverage levels, deliberately conservative so "no failing check" is never read as "met":

* ``automated``: a CIS recommendation that CIS marks Automated and that a check tests.
* ``partial``: a check tests some technical aspect; the requirement also needs process or
  organisational evidence (every SOC 2, ISO 27001, NIST requirement falls here at best).
* ``manual-only``: no check tests it; evidence must come from elsewhere.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from scanner.frameworks import Framework
from scanner.frameworks.derive import relations
from scanner.registry import Registry

Coverage = Literal["automated", "partial", "manual-only"]


class RequirementCoverage(BaseModel):
    """One requirement of a framework and the checks behind it."""

    model_config = ConfigDict(frozen=True)

    framework: str
    control_id: str
    title: str
    group: str
    checks: tuple[str, ...]
    coverage: Coverage
    #: derived frameworks only: the correspondence the checks come through
    derived_from: tuple[str, ...] = ()
    note: str = ""


def framework_coverage(framework: Framework, registry: Registry) -> list[RequirementCoverage]:
    """Every requirement of ``framework`` (mapped or not), in catalog order."""
    checks_of: dict[str, list[str]] = {}
    for check in registry:
        for cid in check.controls_for(framework.id):
            checks_of.setdefault(cid, []).append(check.id)
    rows = []
    for control in framework.controls:
        checks = tuple(sorted(checks_of.get(control.id, ())))
        if not checks:
            level: Coverage = "manual-only"
        elif framework.id.startswith("cis-") and control.assessment == "Automated":
            level = "automated"
        else:
            level = "partial"
        rel = relations(framework.id, control.id)
        rows.append(
            RequirementCoverage(
                framework=framework.id,
                control_id=control.id,
                title=control.title,
                group=control.group,
                checks=checks,
                coverage=level,
                derived_from=tuple(f"{rel.base}:{t}" for t in rel.targets) if rel else (),
                note=rel.note() if rel else "",
            )
        )
    return rows
