"""A small JSON-over-REST client on the azure-core pipeline, for APIs without a fitting SDK.

Used for Microsoft Graph (``https://graph.microsoft.com``) and for ARM API versions the
management SDKs do not ship (Defender for Cloud security contacts 2023-12-01-preview).
It keeps everything the SDK clients give: bearer tokens from the same azure-identity
credential, retries with ``Retry-After`` on 429/5xx, TLS verification, a user agent, and
azure-core's ``HttpResponseError`` on failure (so ``translate_error`` applies unchanged).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from azure.core.credentials import TokenCredential
from azure.core.exceptions import HttpResponseError
from azure.core.pipeline.policies import (
    BearerTokenCredentialPolicy,
    HeadersPolicy,
    RetryPolicy,
    UserAgentPolicy,
)
from azure.core.pipeline.transport import RequestsTransport
from azure.core.rest import HttpRequest
from azure.mgmt.core import ARMPipelineClient

#: Hard stop on ``nextLink`` chains (a misbehaving server must not loop the scan forever).
MAX_PAGES = 10_000


class RestClient:
    """GETs JSON from one API root with a bearer token for ``scope``.

    Built like the SDK clients (``session.client`` passes the same keyword arguments), so it
    shares their retry and TLS settings and can be cached per session.
    """

    scope = "https://management.azure.com/.default"

    def __init__(
        self,
        credential: TokenCredential,
        *,
        base_url: str,
        connection_verify: bool | str = True,
        retry_total: int = 10,
        user_agent: str = "complyscan",
    ) -> None:
        self.base_url = base_url.rstrip("/")
        policies = [
            HeadersPolicy({"Accept": "application/json"}),
            UserAgentPolicy(user_agent),
            RetryPolicy(retry_total=retry_total),
            BearerTokenCredentialPolicy(credential, self.scope),
        ]
        self._client: Any = ARMPipelineClient(
            base_url=self.base_url,
            policies=policies,
            transport=RequestsTransport(connection_verify=connection_verify),
        )

    def get(self, path: str, params: Mapping[str, str] | None = None) -> dict[str, Any]:
        """One GET of ``path`` (relative to the root, or an absolute ``nextLink``)."""
        url = path if path.startswith("https://") else f"{self.base_url}{path}"
        request = HttpRequest("GET", url, params=dict(params or {}))
        response = self._client.send_request(request)
        if response.status_code >= 400:
            raise HttpResponseError(response=response)
        body = response.json()
        return body if isinstance(body, dict) else {}

    def pages(self, path: str, params: Mapping[str, str] | None = None) -> Iterator[dict[str, Any]]:
        """Every item of a ``value`` list across ``nextLink`` / ``@odata.nextLink`` pages."""
        body = self.get(path, params)
        for _ in range(MAX_PAGES):
            yield from (v for v in body.get("value") or () if isinstance(v, dict))
            link = body.get("@odata.nextLink") or body.get("nextLink")
            if not link:
                return
            body = self.get(str(link))

    def close(self) -> None:
        """Release the connection pool."""
        self._client.close()


class ArmRestClient(RestClient):
    """Azure Resource Manager (``https://management.azure.com``)."""


class GraphRestClient(RestClient):
    """Microsoft Graph v1.0 (``https://graph.microsoft.com``)."""

    scope = "https://graph.microsoft.com/.default"


class VaultRestClient(RestClient):
    """Key Vault data plane (``https://<vault>.vault.azure.net``), metadata reads only."""

    scope = "https://vault.azure.net/.default"
