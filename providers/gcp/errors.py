"""Translate google.api_core / google.auth exceptions into complyscan errors with hints."""

from __future__ import annotations

import google.auth.exceptions
import requests
from google.api_core import exceptions as api
from google.api_core import retry as api_retry

from scanner.errors import CollectionError

PERMISSIONS_HINT = "the custom role printed by `complyscan permissions gcp`"

#: Exceptions a collector translates; anything else is a bug for the engine boundary.
SDK_ERRORS: tuple[type[Exception], ...] = (
    api.GoogleAPICallError,
    api.RetryError,
    google.auth.exceptions.GoogleAuthError,
    requests.RequestException,
    TimeoutError,  # an ExportAssets operation that did not finish in time
)

#: CAI answers these when a quota or the backend is briefly exhausted; retried with backoff.
RETRYABLE: tuple[type[Exception], ...] = (
    api.TooManyRequests,  # HTTP 429; RESOURCE_EXHAUSTED over gRPC is a subclass
    api.ServiceUnavailable,
    api.InternalServerError,
    api.BadGateway,
    api.GatewayTimeout,
)


def default_retry(
    *, initial: float = 2.0, maximum: float = 60.0, timeout: float = 600.0
) -> api_retry.Retry:
    """Exponential backoff on RESOURCE_EXHAUSTED and 5xx, within CAI's per-minute quotas.

    ListAssets allows 100 requests a minute per consumer project; backing off from 2 s up
    to 60 s spreads a burst of pages over the next quota windows.
    """
    return api_retry.Retry(
        predicate=api_retry.if_exception_type(*RETRYABLE),
        initial=initial,
        maximum=maximum,
        multiplier=2.0,
        timeout=timeout,
    )


def _cause(err: Exception) -> Exception:
    """The last API error behind a RetryError (retries exhausted)."""
    if isinstance(err, api.RetryError) and isinstance(err.cause, Exception):
        return err.cause
    return err


#: (error types, cause, hint) in the order they are tried; ``{scope}`` and ``{grant}`` fill in.
_HINTS: tuple[tuple[tuple[type[Exception], ...], str, str], ...] = (
    (
        (api.Forbidden,),
        "PermissionDenied",
        "Grant {grant} on {scope} to the scanning identity (roles/cloudasset.viewer, or "
        + PERMISSIONS_HINT
        + "); check the Cloud Asset API is enabled",
    ),
    (
        (api.TooManyRequests,),
        "ResourceExhausted",
        "Still over the Cloud Asset Inventory quota after retries (ListAssets: 100/min per "
        "project); re-run later, scan fewer scopes at once, or use --export",
    ),
    (
        (api.Unauthorized, google.auth.exceptions.GoogleAuthError),
        "Unauthenticated",
        "Credentials were rejected or expired; run `gcloud auth application-default login`",
    ),
    (
        (api.NotFound, api.BadRequest),
        "",
        "Check that {scope} exists and is written projects/P, folders/F or organizations/O",
    ),
    (
        (requests.RequestException,),
        "Unreachable",
        "Could not reach the Google API endpoint; check network and proxy settings",
    ),
    ((api.ServerError,), "", "The service failed after all retries; re-run later"),
    (
        (TimeoutError,),
        "Timeout",
        "The export did not finish in time; re-run later or scan fewer scopes at once",
    ),
)


def _hint(err: Exception, scope: str, permission: str) -> tuple[str, str]:
    """(cause, hint) for an API or transport error."""
    for types, cause, hint in _HINTS:
        if isinstance(err, types):
            grant = permission or "read access"
            return cause or type(err).__name__, hint.format(scope=scope, grant=grant)
    return type(err).__name__, "Unexpected API error; re-run with --log-level debug for details"


def translate_error(
    err: Exception, *, scope: str, resource: str, permission: str = "", uid: str = ""
) -> CollectionError:
    """Turn a Google SDK exception into a CollectionError naming what to grant or do."""
    inner = _cause(err)
    cause, hint = _hint(inner, scope, permission)
    message = getattr(inner, "message", "") or str(inner)
    return CollectionError(
        "gcp",
        scope,
        resource,
        cause,
        hint=hint,
        permission=permission,
        uid=uid,
        detail=str(message)[:200],
    )
