"""GCP provider: Cloud Asset Inventory behind the neutral model (live, export or snapshot).

``complyscan scan --provider gcp --scope projects/P|folders/F|organizations/O`` lists assets
with ListAssets (``--export gs://bucket/prefix`` uses ExportAssets instead);
``complyscan scan --provider gcp --snapshot FILE`` reads a ``gcloud asset export`` file
offline. Collectors are the same in all three modes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import google.auth.credentials
import google.auth.transport.requests
from google.api_core import retry as api_retry

from providers.gcp import (
    analytics,
    compute,
    dns_gke,
    frontends,
    iam,
    kms,
    monitoring,
    network,
    public_policies,
    sql,
    storage,
)
from providers.gcp.errors import default_retry
from providers.gcp.session import GcpSession
from providers.gcp.sources import (
    AssetSource,
    CaiSource,
    ExportSource,
    asset_client,
    default_credentials,
    parse_gcs_uri,
)
from scanner.config import ScanConfig
from scanner.errors import ConfigError
from scanner.provider import Collector, ProviderSpec

_SCOPE_RE = re.compile(
    r"^(projects/[a-z][a-z0-9-]{4,28}[a-z0-9]|projects/\d+|folders/\d+|organizations/\d+)$"
)
_MODULES = (
    network,
    compute,
    kms,
    storage,
    sql,
    iam,
    dns_gke,
    analytics,
    monitoring,
    frontends,
    public_policies,
)
RESOURCE_TYPES: dict[str, str] = {t: k for m in _MODULES for t, k in m.RESOURCE_TYPES.items()}
POLICY_TYPES: dict[str, str] = {
    t: k for m in (kms, storage, iam, analytics, public_policies) for t, k in m.POLICY_TYPES.items()
}


def _with_export(collector: Collector[GcpSession]) -> Collector[GcpSession]:
    """Add what ``--export`` calls instead of ListAssets (and reading the file back)."""
    extra = ["cloudasset.assets.exportResource", "storage.objects.get"]
    if "cloudasset.assets.listIamPolicy" in collector.permissions:
        extra.append("cloudasset.assets.exportIamPolicy")
    if "cloudasset.assets.listOrgPolicy" in collector.permissions:
        extra.append("cloudasset.assets.exportOrgPolicy")
    return replace(collector, permissions=(*collector.permissions, *extra))


COLLECTORS: tuple[Collector[GcpSession], ...] = tuple(
    _with_export(c) for m in _MODULES for c in m.COLLECTORS
)


def validate_scopes(values: Sequence[str]) -> list[str]:
    """``--scope`` values, deduplicated; ConfigError when missing or malformed."""
    if not values:
        raise ConfigError(
            "a live GCP scan needs --scope projects/P, folders/F or organizations/O "
            "(or --snapshot FILE to scan an export offline)"
        )
    bad = [v for v in values if not _SCOPE_RE.match(v)]
    if bad:
        raise ConfigError(
            f"not a GCP scope: {', '.join(bad)} (expected projects/ID, projects/NUMBER, "
            "folders/NUMBER or organizations/NUMBER)"
        )
    return list(dict.fromkeys(values))


def connect(
    config: ScanConfig,
    *,
    credentials: google.auth.credentials.Credentials | None = None,
    endpoint: str | None = None,
    storage_endpoint: str = "https://storage.googleapis.com",
    retry: api_retry.Retry | None = None,
) -> GcpSession:
    """A live session over Cloud Asset Inventory (ADC unless ``credentials`` are given).

    ``endpoint``/``storage_endpoint`` point the real clients elsewhere (tests, private
    endpoints). Raises ConfigError for bad scopes or --export, AuthenticationError for
    missing or rejected credentials.
    """
    scopes = validate_scopes(config.scopes)
    if config.export_uri:
        parse_gcs_uri(config.export_uri)
    if credentials is None:
        credentials, who = default_credentials(config.impersonate_service_account)
    else:
        who = str(getattr(credentials, "service_account_email", "") or "injected-credentials")
    client = asset_client(credentials, endpoint)
    backoff = retry or default_retry()
    source: AssetSource = CaiSource(client, backoff)
    if config.export_uri:
        source = ExportSource(
            client,
            google.auth.transport.requests.AuthorizedSession(credentials),  # type: ignore[no-untyped-call]
            export_uri=config.export_uri,
            retry=backoff,
            storage_endpoint=storage_endpoint,
        )
    return GcpSession(
        account=",".join(scopes),
        identity=who,
        scopes=scopes,
        resource_types=RESOURCE_TYPES,
        policy_types=POLICY_TYPES,
        source=source,
    )


def open_snapshot(path: Path, config: ScanConfig) -> GcpSession:
    """An offline session over a CAI export file (NDJSON, snake_case or camelCase)."""
    if config.scopes or config.export_uri:
        raise ConfigError("--snapshot evaluates the whole file; drop --scope and --export")
    return GcpSession.from_snapshot(path, resource_types=RESOURCE_TYPES, policy_types=POLICY_TYPES)


def session_scopes(session: GcpSession, config: ScanConfig) -> list[str]:  # noqa: ARG001
    """The scopes the session was opened for (validated in ``connect``)."""
    return list(session.scopes)


def custom_role(permissions: list[str]) -> dict[str, Any]:
    """The collectors' permissions as a GCP custom role definition (JSON)."""
    return {
        "title": "complyscan read-only",
        "description": "Read-only access complyscan needs to inventory assets and IAM "
        "policies through Cloud Asset Inventory (and to read back --export files).",
        "stage": "GA",
        "includedPermissions": sorted(set(permissions)),
    }


PROVIDER: ProviderSpec[GcpSession] = ProviderSpec(
    name="gcp",
    connect=connect,
    scopes=session_scopes,
    collectors=COLLECTORS,
    open_snapshot=open_snapshot,
    permission_policy=custom_role,
)

__all__ = ["COLLECTORS", "PROVIDER", "GcpSession", "connect", "open_snapshot"]
