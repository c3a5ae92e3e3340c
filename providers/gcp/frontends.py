"""API keys and load balancer backend services from CAI.

Fields read (REST references; every key also in snake_case, enums in any case):

* Key (apikeys v2): ``createTime``, ``deleteTime`` (soft-deleted keys), ``restrictions``
  with ``apiTargets[].service`` and the application restrictions
  (``browserKeyRestrictions``, ``serverKeyRestrictions``, ``androidKeyRestrictions``,
  ``iosKeyRestrictions``). ``keyString`` is a secret and is never read.
* BackendService / RegionBackendService (compute v1): ``protocol`` (default HTTP),
  ``loadBalancingScheme`` (default EXTERNAL), ``logConfig.enable`` (default false),
  ``logConfig.sampleRate`` (default 1.0 when logging is on).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from providers.gcp.assets import AssetRecord, timestamp
from providers.gcp.common import collect_kind
from providers.gcp.session import GcpSession
from providers.gcp.spelling import block, enum, flag, items, pick
from scanner.model import ApiKey, LoadBalancerBackend
from scanner.provider import Collector, Item

API_KEY = "apikeys.googleapis.com/Key"
BACKEND_SERVICE = "compute.googleapis.com/BackendService"
REGION_BACKEND_SERVICE = "compute.googleapis.com/RegionBackendService"
_APP_RESTRICTIONS = (
    "browserKeyRestrictions",
    "serverKeyRestrictions",
    "androidKeyRestrictions",
    "iosKeyRestrictions",
)


def to_api_key(record: AssetRecord, fields: dict[str, Any]) -> ApiKey:
    """Pure: an apikeys v2 Key REST body -> ApiKey (the key string is never read)."""
    body = record.body
    restrictions = block(body, "restrictions")
    targets = tuple(str(pick(t, "service") or "") for t in items(restrictions, "apiTargets") if t)
    display = pick(body, "displayName")
    return ApiKey(
        **{**fields, "name": str(display or fields["name"])},
        created_at=timestamp(pick(body, "createTime")),
        deleted=bool(pick(body, "deleteTime")),
        api_targets=targets,
        application_restricted=any(block(restrictions, k) for k in _APP_RESTRICTIONS),
    )


def to_backend(record: AssetRecord, fields: dict[str, Any]) -> LoadBalancerBackend:
    """Pure: a compute BackendService REST body -> LoadBalancerBackend."""
    body = record.body
    log = block(body, "logConfig")
    enabled = bool(flag(pick(log, "enable")))
    rate = pick(log, "sampleRate")
    return LoadBalancerBackend(
        **fields,
        protocol=enum(pick(body, "protocol") or "HTTP"),
        scheme=enum(pick(body, "loadBalancingScheme") or "EXTERNAL"),
        logging=enabled,
        sample_rate=(1.0 if rate is None else float(rate)) if enabled else None,
    )


def collect_api_keys(session: GcpSession, scope: str) -> Iterator[Item]:
    """Every API key in ``scope``."""
    yield from collect_kind(session, scope, [API_KEY], ApiKey, to_api_key)


def collect_backends(session: GcpSession, scope: str) -> Iterator[Item]:
    """Every global and regional backend service in ``scope``."""
    types = [BACKEND_SERVICE, REGION_BACKEND_SERVICE]
    yield from collect_kind(session, scope, types, LoadBalancerBackend, to_backend)


_LIST = ("cloudasset.assets.listResource",)
RESOURCE_TYPES = {
    API_KEY: "ApiKey",
    BACKEND_SERVICE: "LoadBalancerBackend",
    REGION_BACKEND_SERVICE: "LoadBalancerBackend",
}
POLICY_TYPES: dict[str, str] = {}
COLLECTORS: tuple[Collector[GcpSession], ...] = (
    Collector(ApiKey, collect_api_keys, permissions=_LIST),
    Collector(LoadBalancerBackend, collect_backends, permissions=_LIST),
)
