"""How each requirement of a framework fared across recorded scans (Type II evidence).

A requirement's *pass rate* in one scan is, over the findings of the checks mapped to it
(from :func:`scanner.rollup.rollup`, suppressed findings left out), passed / (passed +
failed + unknown + error). Not-applicable findings do not count; a scan where every
finding was not applicable has no rate (``None``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict

from scanner.errors import ConfigError
from scanner.frameworks import load_catalogs
from scanner.frameworks.order import natural_key
from scanner.result import ScanResult
from scanner.rollup import ControlRollup, ControlStatus, rollup

Trend = Literal["improving", "worsening", "stable", "single scan", "no data"]

_SINCE = re.compile(r"^(\d+)([hdw])$")
_UNITS = {"h": "hours", "d": "days", "w": "weeks"}


def since_cutoff(text: str, now: datetime) -> datetime:
    """``--since``: ``90d``, ``12w``, ``36h`` before ``now``, or an ISO date/time (UTC)."""
    match = _SINCE.match(text.strip().lower())
    if match:
        return now - timedelta(**{_UNITS[match[2]]: int(match[1])})
    try:
        cutoff = datetime.fromisoformat(text.strip())
    except ValueError as err:
        raise ConfigError(
            f"--since {text!r}: use a duration (90d, 12w, 36h) or a date (2025-01-31)"
        ) from err
    return cutoff if cutoff.tzinfo else cutoff.replace(tzinfo=now.tzinfo)


class RequirementPoint(BaseModel):
    """One requirement in one recorded scan."""

    model_config = ConfigDict(frozen=True)

    scan_id: int
    started_at: datetime
    status: ControlStatus
    pass_rate: float | None
    passed: int
    failed: int
    unknown: int


class RequirementTrend(BaseModel):
    """One requirement across the period: its pass rate per scan and how it moved."""

    model_config = ConfigDict(frozen=True)

    framework: str
    control_id: str
    title: str
    checks: tuple[str, ...]
    scans: int
    scans_passing: int
    first: float | None
    last: float | None
    min: float | None
    trend: Trend
    points: tuple[RequirementPoint, ...]


def _rate(c: ControlRollup) -> float | None:
    judged = c.passed + c.failed + c.unknown + c.error
    return round(c.passed / judged, 4) if judged else None


def _trend(rates: Sequence[float]) -> Trend:
    if not rates:
        return "no data"
    if len(rates) == 1:
        return "single scan"
    if rates[-1] > rates[0]:
        return "improving"
    return "worsening" if rates[-1] < rates[0] else "stable"


def requirement_trends(
    scans: Sequence[tuple[int, ScanResult]], framework: str
) -> list[RequirementTrend]:
    """Per requirement of ``framework`` tested in any of ``scans`` (oldest first), in
    catalog order: pass rate per scan, first/last/min, and the direction it moved."""
    points: dict[str, list[RequirementPoint]] = {}
    titles: dict[str, str] = {}
    checks: dict[str, set[str]] = {}
    for scan_id, result in scans:
        for c in rollup(result, [framework]).get(framework, []):
            titles[c.control_id] = c.title
            checks.setdefault(c.control_id, set()).update(c.checks)
            points.setdefault(c.control_id, []).append(
                RequirementPoint(
                    scan_id=scan_id,
                    started_at=result.meta.started_at,
                    status=c.status,
                    pass_rate=_rate(c),
                    passed=c.passed,
                    failed=c.failed,
                    unknown=c.unknown + c.error,
                )
            )
    catalog = load_catalogs().get(framework)
    order = {c.id: i for i, c in enumerate(catalog.controls)} if catalog else {}
    out = []
    for cid in sorted(points, key=lambda c: (order.get(c, len(order)), natural_key(c))):
        series = points[cid]
        rates = [p.pass_rate for p in series if p.pass_rate is not None]
        out.append(
            RequirementTrend(
                framework=framework,
                control_id=cid,
                title=titles[cid],
                checks=tuple(sorted(checks[cid])),
                scans=len(series),
                scans_passing=sum(1 for p in series if p.status == "pass"),
                first=rates[0] if rates else None,
                last=rates[-1] if rates else None,
                min=min(rates) if rates else None,
                trend=_trend(rates),
                points=tuple(series),
            )
        )
    return out
