"""Azure session: credential, SDK clients per subscription, the Resource Graph inventory."""

from __future__ import annotations

import base64
import json
import logging
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

import structlog
from azure.core.credentials import TokenCredential
from azure.core.exceptions import AzureError, ClientAuthenticationError, HttpResponseError
from azure.identity import DefaultAzureCredential
from azure.mgmt.resourcegraph import ResourceGraphClient

from providers.azure.errors import translate_error
from providers.azure.graph import GraphInventory, fetch_inventory, list_subscriptions
from providers.azure.rest import GraphRestClient, VaultRestClient
from providers.azure.rows import RowTable
from scanner import __version__
from scanner.config import ScanConfig
from scanner.errors import AuthenticationError, CollectionError, ConfigError

log = structlog.get_logger(__name__)
T = TypeVar("T")
U = TypeVar("U")

ARM_ENDPOINT = "https://management.azure.com"
ARM_SCOPE = "https://management.azure.com/.default"
_GUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")


def validate_subscriptions(values: Iterable[str]) -> tuple[str, ...]:
    """Lower-cased subscription ids; ConfigError for anything that is not a GUID."""
    subs = tuple(dict.fromkeys(v.strip().lower() for v in values if v.strip()))
    bad = [s for s in subs if not _GUID.match(s)]
    if bad:
        raise ConfigError(f"--subscription expects subscription ids (GUIDs), got {bad}")
    return subs


def _claims(token: str) -> dict[str, Any]:
    """Unverified JWT claims (only to name the principal in the report); {} if not a JWT."""
    try:
        payload = token.split(".")[1]
        decoded = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
        claims = json.loads(decoded)
    except (IndexError, ValueError):
        return {}
    return claims if isinstance(claims, dict) else {}


@contextmanager
def _sdk_quiet() -> Iterator[None]:
    """Silence azure-identity's own warnings while we ask for a token.

    Without logging configured for it, Python prints its WARNING records (about 15 lines
    listing every credential DefaultAzureCredential tried) on stderr ahead of our one clear
    error. What it says goes to our debug log instead.
    """
    logger = logging.getLogger("azure.identity")
    previous = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(previous)


@dataclass
class AzureSession:
    """Credential plus per-instance caches; pass it down, never store it globally.

    SDK clients are created once per (client class, subscription) under a lock; azure-core
    pipelines are thread-safe and retry 429/5xx themselves, honouring ``Retry-After``.
    ``base_url`` and ``connection_verify`` exist for sovereign clouds and loopback tests.
    With ``rows`` set the session is offline: it serves a Resource Graph export.
    """

    credential: TokenCredential | None
    base_url: str = ARM_ENDPOINT
    connection_verify: bool | str = True
    subscriptions: tuple[str, ...] = ()
    account: str = ""
    identity: str = ""
    tenant: str = ""
    concurrency: int = 16
    max_attempts: int = 10
    rows: Sequence[dict[str, Any]] | None = None
    #: An export read into packed tables (``snapshot.open_snapshot``); offline like ``rows``.
    snapshot: GraphInventory | None = None
    #: Unusable records of an offline input; the engine reports them (scan incomplete).
    input_errors: tuple[CollectionError, ...] = ()
    sleep: Callable[[float], None] = time.sleep
    provider: str = "azure"
    #: Microsoft Graph root (Entra ID); a sovereign cloud or a loopback test points elsewhere.
    msgraph_url: str = "https://graph.microsoft.com"
    #: Loopback tests only: serve every Key Vault data plane from here (``/<vault name>``).
    vault_url_override: str | None = None
    _clients: dict[tuple[type[Any], str], Any] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _graph_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _graph: GraphInventory | None = field(default=None, repr=False)
    _pool: ThreadPoolExecutor | None = field(default=None, repr=False)
    _released: bool = field(default=False, repr=False)

    @classmethod
    def connect(cls, config: ScanConfig) -> AzureSession:
        """DefaultAzureCredential (CLI login, managed/workload identity, env service principal)."""
        session = cls(
            credential=DefaultAzureCredential(),
            concurrency=config.concurrency,
            max_attempts=config.max_attempts,
        )
        session.authenticate()
        return session

    @property
    def offline(self) -> bool:
        """Serving a snapshot: no API calls at all."""
        return self.rows is not None or self.snapshot is not None

    def authenticate(self) -> None:
        """Get a management token once; AuthenticationError (exit 2) if none can be had."""
        if self.credential is None:
            return
        try:
            with _sdk_quiet():
                token = self.credential.get_token(ARM_SCOPE).token
        except ClientAuthenticationError as err:
            # the SDK's own account of each credential it tried, for --log-level debug only
            log.debug("azure.credentials.unavailable", detail=str(err.message))
            raise AuthenticationError(
                "azure",
                "no usable credentials (DefaultAzureCredential)",
                hint="Run `az login`, or set AZURE_CLIENT_ID/AZURE_TENANT_ID with a secret, "
                "certificate or federated token, or use a managed identity",
            ) from err
        claims = _claims(token)
        self.tenant = str(claims.get("tid", ""))
        who = claims.get("upn") or claims.get("appid") or claims.get("oid")
        self.identity = str(who or "unknown principal")
        self.account = self.tenant

    def client(self, kind: type[T], subscription: str = "") -> T:
        """A shared, retrying SDK client of ``kind`` for ``subscription`` (created once)."""
        key: tuple[type[Any], str] = (kind, subscription)
        with self._lock:
            existing = self._clients.get(key)
            if existing is None:
                args: tuple[Any, ...] = (
                    (self.credential, subscription) if subscription else (self.credential,)
                )
                factory: Any = kind
                existing = factory(
                    *args,
                    base_url=self.base_url,
                    connection_verify=self.connection_verify,
                    retry_total=self.max_attempts,
                    user_agent=f"complyscan/{__version__}",
                )
                self._clients[key] = existing
            return existing  # type: ignore[no-any-return]

    def msgraph(self) -> GraphRestClient:
        """The Microsoft Graph client (tenant-wide; created once)."""
        key: tuple[type[Any], str] = (GraphRestClient, "")
        with self._lock:
            existing = self._clients.get(key)
            if existing is None:
                if self.credential is None:
                    raise ConfigError("Microsoft Graph needs a credential (live scans only)")
                existing = GraphRestClient(
                    self.credential,
                    base_url=self.msgraph_url,
                    connection_verify=self.connection_verify,
                    retry_total=self.max_attempts,
                    user_agent=f"complyscan/{__version__}",
                )
                self._clients[key] = existing
            return existing

    def vault(self, vault_uri: str, name: str) -> VaultRestClient:
        """A Key Vault data-plane client for one vault (created once per vault)."""
        base = f"{self.vault_url_override}/{name}" if self.vault_url_override else vault_uri
        key: tuple[type[Any], str] = (VaultRestClient, base)
        with self._lock:
            existing = self._clients.get(key)
            if existing is None:
                if self.credential is None:
                    raise ConfigError("Key Vault data plane needs a credential (live scans only)")
                existing = VaultRestClient(
                    self.credential,
                    base_url=base,
                    connection_verify=self.connection_verify,
                    retry_total=self.max_attempts,
                    user_agent=f"complyscan/{__version__}",
                )
                self._clients[key] = existing
            return existing

    def graph_client(self) -> ResourceGraphClient:
        """The Resource Graph client (tenant-wide, not per subscription)."""
        return self.client(ResourceGraphClient)

    def discover(self, management_group: str | None) -> tuple[str, ...]:
        """Subscriptions under ``management_group``, else every one the principal can read."""
        try:
            return list_subscriptions(self.graph_client(), management_group, sleep=self.sleep)
        except AzureError as err:
            scope = management_group or "tenant"
            raise translate_error(
                err,
                scope=scope,
                resource="Subscription",
                permission="Microsoft.Resources/subscriptions/read",
            ) from err

    def graph(self) -> GraphInventory:
        """The batched Resource Graph inventory of every subscription (fetched once)."""
        with self._graph_lock:
            if self._released:
                raise RuntimeError("AzureSession: inventory read after release_inputs()")
            if self._graph is None:
                if self.snapshot is not None:
                    self._graph = self.snapshot.limited_to(self.subscriptions)
                elif self.rows is not None:
                    self._graph = GraphInventory.from_rows(self.rows, self.subscriptions)
                else:
                    self._graph = fetch_inventory(
                        self.graph_client(), self.subscriptions, sleep=self.sleep
                    )
            return self._graph

    def graph_rows(self, subscription: str, resource: str) -> RowTable:
        """Rows of one subscription; CollectionError if Resource Graph could not read it."""
        if not self.offline and subscription not in self.subscriptions:
            raise CollectionError(
                "azure",
                subscription,
                resource,
                "NotInScope",
                hint="The subscription was not among the scopes listed for this scan",
            )
        inventory = self.graph()
        failure = inventory.failures.get(subscription)
        if failure is not None:
            cause, hint, detail = failure
            raise CollectionError(
                "azure",
                subscription,
                resource,
                cause,
                hint=hint,
                permission="Microsoft.ResourceGraph/resources/read",
                detail=detail,
            )
        return inventory.rows.get(subscription) or RowTable()

    def require_online(self, subscription: str, resource: str, api: str) -> None:
        """Raise NotInSnapshot for data that only a management API call returns."""
        if self.offline:
            raise CollectionError(
                "azure",
                subscription,
                resource,
                "NotInSnapshot",
                hint=f"A Resource Graph export has no {api}; run a live scan to evaluate it",
            )

    def map(self, fn: Callable[[T], U], items: Iterable[T]) -> list[U]:
        """Apply ``fn`` to every item concurrently (per-resource detail calls), keeping order."""
        materialised: Sequence[T] = list(items)
        if len(materialised) <= 1:
            return [fn(i) for i in materialised]
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(self.concurrency, thread_name_prefix="az-detail")
            pool = self._pool
        return list(pool.map(fn, materialised))

    def now(self) -> datetime:
        """Collection timestamp (UTC)."""
        return datetime.now(UTC)

    def release_inputs(self) -> None:
        """Drop an export's rows once collection is done (the engine calls it then); reading
        the inventory afterwards is a bug and raises RuntimeError. A live inventory stays."""
        if not self.offline:
            return
        with self._graph_lock:
            self._released = True
            self._graph = None
            self.snapshot = None
            self.rows = ()

    def close(self) -> None:
        """Shut down the detail pool and the SDK clients' connection pools."""
        with self._lock:
            if self._pool is not None:
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = None
            clients, self._clients = list(self._clients.values()), {}
        for c in clients:
            c.close()


def scopes(session: AzureSession, config: ScanConfig) -> list[str]:
    """The subscriptions to scan: --subscription, a management group's, or all readable ones."""
    if config.scopes:
        subs = validate_subscriptions(config.scopes)
    elif session.offline:
        subs = session.graph().subscriptions()
    else:
        subs = session.discover(config.management_group)
    if not subs:
        raise ConfigError(
            "no Azure subscription to scan: pass --subscription, or grant the principal "
            "Reader on at least one subscription"
        )
    session.subscriptions = subs
    if len(subs) == 1:
        session.account = subs[0]
    elif session.offline:
        session.account = session.graph().tenant()
    log.info("azure.scopes", subscriptions=len(subs))
    return list(subs)


__all__ = ["AzureSession", "HttpResponseError", "scopes", "validate_subscriptions"]
