"""Pure helpers shared by checks: boolean settings, encryption at rest, ages, and naming the
functions check factories build."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from scanner.findings import Result, failed, passed, unknown
from scanner.model import Encryption


def setting(value: bool | None, *, on: str, off: str, unread: str) -> Result:
    """PASS when ``value`` is True, FAIL when False, UNKNOWN when it could not be read."""
    if value is None:
        return unknown(unread)
    return passed(on) if value else failed(off)


def negated(value: bool | None) -> bool | None:
    """``not value``, keeping None (unknown) as None."""
    return None if value is None else not value


def _key_label(enc: Encryption) -> str:
    who = enc.key_managed_by or "unknown-manager"
    return f"{who}-managed key {enc.key_id}" if enc.key_id else f"{who}-managed key"


def encryption_at_rest(enc: Encryption | None, *, customer_key: bool = False) -> Result:
    """Judge encryption at rest; with ``customer_key`` a provider-managed key fails."""
    if enc is None:
        return unknown("encryption settings unreadable")
    if not enc.enabled:
        return failed("not encrypted at rest")
    if not customer_key:
        return passed(f"encrypted at rest with a {_key_label(enc)}")
    if enc.key_managed_by is None:
        return unknown("encrypted, but who manages the key is unreadable")
    if enc.key_managed_by == "provider":
        return failed("encrypted with a provider-managed key only")
    return passed(f"encrypted with a {_key_label(enc)}")


def age_days(earlier: datetime, later: datetime) -> int:
    """Whole days from ``earlier`` to ``later`` (the resource's ``collected_at``)."""
    return (later - earlier).days


F = TypeVar("F", bound=Callable[..., Result])


def named(func: F, *, name: str, module: str, doc: str) -> F:
    """Give a check function built by a factory the identity of a hand-written one.

    ``@check`` reads the docstring (rationale and remediation) and the module; reports and docs
    point at ``module`` (the one that declares the check) and name the function ``name``.
    """
    func.__doc__ = doc
    func.__name__ = func.__qualname__ = name
    func.__module__ = module
    return func
