"""Named, documented numeric thresholds a check declares, and their validated overrides.

A check that compares a value with a limit (an access key's age, a retention period, a
password length) declares the limit in its decorator instead of a module constant::

    @check(..., thresholds=(
        Threshold("max_key_age_days", 90, unit="days",
                  description="age at which an active access key fails",
                  source="CIS AWS Foundations 2.12; Security Hub IAM.3"),
    ))
    def user_access_keys_rotated(user: User, *, max_key_age_days: int) -> Result: ...

The engine passes the effective value as a keyword argument, so checks stay pure functions
and nothing is module-level state. ``.complyscan.yaml`` overrides a value per check id::

    thresholds:
      IAM-002:
        max_key_age_days: 60

Overrides are validated against the loaded checks (:func:`resolve`): an unknown check id, a
threshold the check does not declare, a value of the wrong type or outside the declared
bounds is a ``ConfigError`` (exit 2) naming what is allowed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from scanner.errors import ConfigError

#: A threshold value: whole numbers (days, characters, passwords) or, rarely, a fraction.
Value = int | float
_NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Threshold:
    """One named limit of a check, with its default and where the default comes from.

    ``minimum``/``maximum`` bound what an override may set (inclusive); an ``int`` default
    accepts only whole numbers, a ``float`` default accepts any number.
    """

    name: str
    default: Value
    description: str
    source: str
    unit: str = ""
    minimum: Value = 0
    maximum: Value | None = None

    def problems(self) -> list[str]:
        """What is wrong with this declaration (empty when it is well formed)."""
        out = []
        if not _NAME_RE.match(self.name):
            out.append(f"threshold name {self.name!r} must be snake_case")
        if isinstance(self.default, bool) or not isinstance(self.default, int | float):
            out.append(f"threshold {self.name!r}: default must be a number")
        elif not self.accepts(self.default):
            out.append(f"threshold {self.name!r}: default {self.default} is outside its bounds")
        if not self.description or not self.source:
            out.append(f"threshold {self.name!r}: needs a description and a source")
        return out

    def accepts(self, value: Value) -> bool:
        """Whether ``value`` lies within the declared bounds."""
        return value >= self.minimum and (self.maximum is None or value <= self.maximum)

    def kind(self) -> str:
        """The kind of number this threshold takes."""
        return "a whole number" if isinstance(self.default, int) else "a number"

    def bounds(self) -> str:
        """The accepted range, as a user reads it."""
        if self.maximum is None:
            return f"{self.kind()} of {self.minimum} or more"
        return f"{self.kind()} from {self.minimum} to {self.maximum}"

    def coerce(self, check_id: str, value: object) -> Value:
        """``value`` as this threshold's type; ConfigError when it does not fit."""
        where = f"thresholds.{check_id}.{self.name}"
        number: Value | None = None
        if isinstance(value, bool):
            number = None  # YAML true/false is not a number, though bool subclasses int
        elif isinstance(value, int):
            number = value if isinstance(self.default, int) else float(value)
        elif isinstance(value, float) and not isinstance(self.default, int):
            number = value
        if number is None:
            unit = f" {self.unit}" if self.unit else ""
            raise ConfigError(
                f"{where}: {value!r} is not {self.kind()}; expected {self.bounds()}"
                f" (default {self.default}{unit})"
            )
        if not self.accepts(number):
            raise ConfigError(f"{where}: {value} is out of range; expected {self.bounds()}")
        return number


def resolve(
    check_id: str, declared: tuple[Threshold, ...], given: Mapping[str, object]
) -> dict[str, Value]:
    """Validate ``given`` overrides of one check; returns name -> value (overrides only)."""
    by_name = {t.name: t for t in declared}
    unknown = sorted(set(given) - set(by_name))
    if unknown:
        allowed = ", ".join(sorted(by_name)) if by_name else "none (it has no thresholds)"
        raise ConfigError(
            f"thresholds.{check_id}: unknown threshold(s) {', '.join(map(str, unknown))}; "
            f"{check_id} accepts: {allowed}. See `complyscan checks show {check_id}`"
        )
    return {name: by_name[name].coerce(check_id, value) for name, value in given.items()}
