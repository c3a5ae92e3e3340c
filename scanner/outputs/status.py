"""One sentence for an incomplete scan, said the same way by every format and the exit code.

A scan is incomplete when anything it needed could not be read: a whole scope (region,
project, subscription), one resource's details, an offline record, or an interrupted run.
Each of those leaves some result UNKNOWN, and an auditor reading any format must see why.
"""

from __future__ import annotations

from scanner.result import ScanResult
from scanner.snapshot import SNAPSHOT_SCOPE


def incomplete_summary(result: ScanResult) -> str | None:
    """The plain-text warning for an incomplete scan; ``None`` when it is complete."""
    meta = result.meta
    if meta.complete:
        return None
    scopes = sum(1 for e in result.errors if not e.resource_uid)
    records = sum(1 for e in result.errors if e.resource_uid and e.scope == SNAPSHOT_SCOPE)
    details = len(result.errors) - scopes - records
    parts = []
    if scopes:
        parts.append(f"{scopes} scope(s) could not be collected")
    if details:
        parts.append(f"{details} resource detail(s) could not be read")
    if records:
        parts.append(f"{records} input record(s) could not be used")
    if meta.interrupted:
        parts.append("the scan was interrupted before it finished")
    if not parts:  # a merged or recorded result marked incomplete without its errors
        parts.append("some of what the checks need could not be read")
    return f"Scan incomplete: {'; '.join(parts)}. Affected checks report UNKNOWN, never PASS."


#: Words in a provider's error code that mean the caller lacks a permission.
_DENIED = ("denied", "unauthorized", "forbidden", "permission", "authorizationfailed", "403")
_NOT_IMPLEMENTED = ("notimplemented", "not_implemented", "unsupported", "unknownoperation")
_THROTTLED = ("throttl", "ratelimit", "rate_limit", "toomanyrequests", "429", "quota")
_UNREACHABLE = ("endpointconnection", "connect", "timeout", "unreachable")


def cause_phrase(cause: str, permission: str) -> str:
    """What a collection error's ``cause`` means, in words, with the API call it hit.

    ``AccessDenied`` on ``s3:GetBucketPolicy`` is a missing permission; ``NotImplemented``
    is an endpoint (an emulator) that lacks the API, which no permission would fix.
    """
    key = cause.lower().replace(" ", "")
    call = f" `{permission}`" if permission else ""
    if any(w in key for w in _NOT_IMPLEMENTED):
        return f"the endpoint does not implement{call or ' this API'}"
    if any(w in key for w in _DENIED):
        return f"missing permission{call}" if call else "permission denied"
    if any(w in key for w in _THROTTLED):
        return f"throttled by the provider{' calling' + call if call else ''}"
    if any(w in key for w in _UNREACHABLE):
        return f"the endpoint could not be reached{' calling' + call if call else ''}"
    return f"failed calling{call}" if call else f"failed ({cause})"
