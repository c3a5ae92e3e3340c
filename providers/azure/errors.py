"""Translate azure-core exceptions into CollectionError with an actionable hint."""

from __future__ import annotations

from azure.core.exceptions import (
    AzureError,
    ClientAuthenticationError,
    HttpResponseError,
    ServiceRequestError,
    ServiceResponseError,
)

from scanner.errors import CollectionError

PERMISSIONS_HINT = (
    "Assign the Reader role, or the custom role printed by `complyscan permissions azure`, "
    "on the subscription"
)

#: Exceptions collectors translate; anything else is a bug and reaches the engine boundary.
SDK_ERRORS: tuple[type[AzureError], ...] = (AzureError,)


def error_code(err: HttpResponseError) -> str:
    """The ARM error code (``AuthorizationFailed``...), else the HTTP status as text."""
    code = getattr(err.error, "code", None) if err.error is not None else None
    if code:
        return str(code)
    status = err.status_code or 0
    return {401: "Unauthorized", 403: "Forbidden", 404: "NotFound", 429: "TooManyRequests"}.get(
        status, f"HTTP{status}" if status else type(err).__name__
    )


def _http_hint(err: HttpResponseError, scope: str, permission: str) -> str:
    status = err.status_code or 0
    if status == 403:
        grant = f"Grant {permission}" if permission else "Grant read access"
        return f"{grant} on {scope}. {PERMISSIONS_HINT}"
    if status == 404:
        return f"{scope} or the resource was not found; check the id and the tenant"
    if status == 429:
        return "Still throttled after all retries; lower --concurrency or re-run later"
    if status >= 500:
        return "The service failed after all retries; re-run later"
    return "Unexpected API error; re-run with --log-level debug for details"


def translate_error(
    err: AzureError, *, scope: str, resource: str, permission: str = "", uid: str = ""
) -> CollectionError:
    """Turn an azure-core exception into a CollectionError naming what to grant or fix."""
    if isinstance(err, ClientAuthenticationError):
        cause = "ClientAuthenticationError"
        hint = "The credential was rejected or expired during the scan; log in again"
        detail = str(err.message or "")[:200]
    elif isinstance(err, HttpResponseError):
        cause = error_code(err)
        hint = _http_hint(err, scope, permission)
        detail = str(getattr(err.error, "message", "") or err.reason or "")[:200]
    elif isinstance(err, ServiceRequestError | ServiceResponseError):
        cause = type(err).__name__
        hint = "Could not reach Azure Resource Manager; check network, proxy and TLS settings"
        detail = str(err.message or "")[:200]
    else:
        cause, hint, detail = type(err).__name__, "Unexpected SDK error", str(err)[:200]
    return CollectionError(
        "azure", scope, resource, cause, hint=hint, permission=permission, uid=uid, detail=detail
    )
