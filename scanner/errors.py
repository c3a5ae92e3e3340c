"""Exceptions raised on purpose by complyscan.

::

    ScannerError                      # base; everything raised on purpose
    ├── ConfigError                   # bad flags / config file            → exit 2
    ├── RegistryError                 # malformed check, unknown control   → fails at load
    ├── ProviderError
    │   ├── AuthenticationError       # no/expired credentials             → exit 2
    │   ├── EndpointUnreachableError  # network/proxy/DNS before any answer → exit 3
    │   └── CollectionError           # one collector x scope failed       → recorded, exit 3
    └── OutputError                   # cannot write a report

Messages say what failed, where, and what to do next; the structured fields
(``provider``, ``scope``, ``hint``) are logged alongside.
"""

from __future__ import annotations


class ScannerError(Exception):
    """Base class for every error complyscan raises on purpose."""


class ConfigError(ScannerError):
    """Invalid command-line flags or configuration file."""


class RegistryError(ScannerError):
    """A check or check pack is malformed (bad id, unknown control, missing remediation)."""


class OutputError(ScannerError):
    """A report could not be written."""


class ProviderError(ScannerError):
    """Base for errors raised by a cloud provider adapter."""

    def __init__(self, provider: str, message: str, *, hint: str = "") -> None:
        self.provider = provider
        self.hint = hint
        self.summary = f"{provider}: {message}"
        super().__init__(f"{provider}: {message}" + (f". {hint}" if hint else ""))


class AuthenticationError(ProviderError):
    """No usable credentials, or credentials were rejected/expired."""


class EndpointUnreachableError(ProviderError):
    """The provider's endpoint could not be reached (network, proxy, DNS): nothing was
    judged about the credentials. Exit 3, like any scan that could not collect."""


class CollectionError(ProviderError):
    """One collector could not read one scope (a region, project or subscription).

    Attributes:
        scope: the region/project/subscription that could not be read.
        resource: the resource kind (model name) that was being collected.
        cause: the provider's error code or exception name (e.g. ``AccessDenied``).
        permission: the API action that was refused, when known.
        uid: set when only one resource's details were unreadable, not the whole scope.
    """

    def __init__(
        self,
        provider: str,
        scope: str,
        resource: str,
        cause: str,
        *,
        hint: str = "",
        permission: str = "",
        uid: str = "",
        detail: str = "",
    ) -> None:
        self.scope = scope
        self.resource = resource
        self.cause = cause
        self.permission = permission
        self.uid = uid
        self.detail = detail
        what = f"could not read {resource} {uid}".rstrip() if uid else f"could not list {resource}"
        message = f"{scope}: {what}: {cause}"
        if permission:
            message += f" (calling {permission})"
        if detail:
            message += f" - {detail}"
        super().__init__(provider, message, hint=hint)

    def __reduce__(self) -> tuple[object, ...]:
        """Pickled as the arguments that made it (exceptions pickle their ``args`` by
        default, which are not this constructor's): a forked reader sends its problems."""
        fields = {"hint": self.hint, "permission": self.permission, "uid": self.uid,
                  "detail": self.detail}  # fmt: skip
        return (_collection_error, (self.provider, self.scope, self.resource, self.cause, fields))


def _collection_error(
    provider: str, scope: str, resource: str, cause: str, fields: dict[str, str]
) -> CollectionError:
    return CollectionError(provider, scope, resource, cause, **fields)
