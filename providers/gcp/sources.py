"""Where a live GCP scan reads assets from: ListAssets pages, or an ExportAssets file in GCS.

Both yield ``scanner.snapshot`` records, so the session parses API answers, exports and
offline snapshots with the same code.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Literal, Protocol
from urllib.parse import quote

import google.auth
import google.auth.credentials
import google.auth.exceptions
import google.auth.transport.requests
import requests
import structlog
from google.api_core import exceptions as api
from google.api_core import retry as api_retry
from google.api_core.client_options import ClientOptions
from google.api_core.gapic_v1.client_info import ClientInfo
from google.auth import impersonated_credentials
from google.cloud import asset_v1

from scanner import __version__
from scanner.errors import AuthenticationError, ConfigError
from scanner.snapshot import Problem, Record, parse_lines

log = structlog.get_logger(__name__)

Content = Literal["resource", "iam_policy", "org_policy"]
CLOUD_PLATFORM = "https://www.googleapis.com/auth/cloud-platform"
#: ListAssets' maximum page size.
PAGE_SIZE = 1000
_CONTENT = {
    "resource": asset_v1.ContentType.RESOURCE,
    "iam_policy": asset_v1.ContentType.IAM_POLICY,
    "org_policy": asset_v1.ContentType.ORG_POLICY,
}
_GS = re.compile(r"^gs://([a-z0-9][a-z0-9._-]{1,220}[a-z0-9])(?:/(.*))?$")


class AssetSource(Protocol):
    """Reads every asset of ``asset_types`` under ``scope`` with one content type."""

    def fetch(
        self, scope: str, content: Content, asset_types: Sequence[str]
    ) -> Iterator[Record | Problem]:
        """Records in the order the source returns them; raises SDK errors."""
        ...


def asset_client(
    credentials: google.auth.credentials.Credentials, endpoint: str | None
) -> asset_v1.AssetServiceClient:
    """The real AssetServiceClient over REST (``endpoint`` overrides the API host)."""
    return asset_v1.AssetServiceClient(
        credentials=credentials,
        transport="rest",
        client_options=ClientOptions(api_endpoint=endpoint) if endpoint else None,
        client_info=ClientInfo(user_agent=f"complyscan/{__version__}"),  # type: ignore[no-untyped-call]
    )


class CaiSource:
    """ListAssets at the maximum page size, with backoff on RESOURCE_EXHAUSTED."""

    def __init__(self, client: asset_v1.AssetServiceClient, retry: api_retry.Retry) -> None:
        self.client = client
        self.retry = retry

    def fetch(
        self, scope: str, content: Content, asset_types: Sequence[str]
    ) -> Iterator[Record | Problem]:
        """Every page of ListAssets for ``scope`` (the pager retries each page)."""
        request = asset_v1.ListAssetsRequest(
            parent=scope,
            asset_types=list(asset_types),
            content_type=_CONTENT[content],
            page_size=PAGE_SIZE,
        )
        log.debug("cai.list_assets", scope=scope, content=content, types=len(asset_types))
        origin = f"cai:{scope}"
        for asset in self.client.list_assets(request=request, retry=self.retry):
            yield Record(origin, asset_v1.Asset.to_dict(asset, use_integers_for_enums=False))


def parse_gcs_uri(uri: str) -> tuple[str, str]:
    """``gs://bucket/prefix`` -> (bucket, prefix without trailing slash); ConfigError if bad."""
    match = _GS.match(uri.rstrip("/"))
    if not match:
        raise ConfigError(f"--export must be gs://BUCKET or gs://BUCKET/PREFIX, got {uri!r}")
    return match.group(1), (match.group(2) or "").strip("/")


class ExportSource:
    """ExportAssets into ``gs://bucket/prefix``, wait for it, then stream the file back."""

    def __init__(
        self,
        client: asset_v1.AssetServiceClient,
        storage: requests.Session,
        *,
        export_uri: str,
        retry: api_retry.Retry,
        storage_endpoint: str = "https://storage.googleapis.com",
        timeout: float = 3600.0,
    ) -> None:
        self.client = client
        self.storage = storage
        self.bucket, self.prefix = parse_gcs_uri(export_uri)
        self.retry = retry
        self.storage_endpoint = storage_endpoint.rstrip("/")
        self.timeout = timeout
        self.stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")

    def object_name(self, scope: str, content: Content) -> str:
        """Where the export of ``scope``/``content`` is written in the bucket."""
        slug = scope.replace("/", "-")
        name = f"complyscan-{self.stamp}-{slug}-{content}.json"
        return f"{self.prefix}/{name}" if self.prefix else name

    def fetch(
        self, scope: str, content: Content, asset_types: Sequence[str]
    ) -> Iterator[Record | Problem]:
        """One ExportAssets call plus polling, then the export's lines with line numbers."""
        name = self.object_name(scope, content)
        uri = f"gs://{self.bucket}/{name}"
        request = asset_v1.ExportAssetsRequest(
            parent=scope,
            asset_types=list(asset_types),
            content_type=_CONTENT[content],
            output_config={"gcs_destination": {"uri": uri}},
        )
        log.info("cai.export_assets", scope=scope, content=content, uri=uri)
        operation = self.client.export_assets(request=request, retry=self.retry)
        operation.result(timeout=self.timeout)  # type: ignore[no-untyped-call]
        url = f"{self.storage_endpoint}/storage/v1/b/{self.bucket}/o/{quote(name, safe='')}"
        with self.storage.get(url, params={"alt": "media"}, stream=True, timeout=300) as answer:
            if answer.status_code >= 400:
                raise api.from_http_response(answer)  # type: ignore[no-untyped-call]
            yield from parse_lines(answer.iter_lines(), uri)


def default_credentials(
    impersonate: str | None,
) -> tuple[google.auth.credentials.Credentials, str]:
    """Application Default Credentials (optionally impersonating), checked by a refresh.

    Raises:
        AuthenticationError: no ADC, or the credentials cannot mint a token.
    """
    try:
        creds, _project = google.auth.default(scopes=[CLOUD_PLATFORM])
    except google.auth.exceptions.DefaultCredentialsError as err:
        raise AuthenticationError(
            "gcp",
            "no Application Default Credentials found",
            hint="Run `gcloud auth application-default login`, or set "
            "GOOGLE_APPLICATION_CREDENTIALS to a key file or workload identity config",
        ) from err
    identity = str(getattr(creds, "service_account_email", "") or "application-default")
    if impersonate:
        creds = impersonated_credentials.Credentials(  # type: ignore[no-untyped-call]
            source_credentials=creds, target_principal=impersonate, target_scopes=[CLOUD_PLATFORM]
        )
        identity = impersonate
    try:
        creds.refresh(google.auth.transport.requests.Request())  # type: ignore[no-untyped-call]
    except (google.auth.exceptions.GoogleAuthError, requests.RequestException) as err:
        what = f"impersonate {impersonate}" if impersonate else "obtain an access token"
        raise AuthenticationError(
            "gcp",
            f"could not {what}: {type(err).__name__}",
            hint="Refresh ADC (`gcloud auth application-default login`); to impersonate, the "
            "caller needs roles/iam.serviceAccountTokenCreator on the service account",
        ) from err
    return creds, identity
