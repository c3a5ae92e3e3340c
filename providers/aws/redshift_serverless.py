"""Redshift Serverless: each namespace with the workgroup that serves it.

ListNamespaces returns whole Namespace objects (``kmsKeyId``: ``AWS_OWNED_KMS_KEY`` or a
customer managed key; ``logExports``: userlog, connectionlog, useractivitylog;
``adminUsername``); ListWorkgroups whole Workgroup objects (``namespaceName``,
``publiclyAccessible``, ``enhancedVpcRouting``, ``configParameters`` with ``require_ssl``)
(Redshift Serverless API reference, Namespace and Workgroup). moto does not implement the
service: both listings answer 404 "Not yet implemented", which becomes a CollectionError
with cause ``NotImplemented`` for the pseudo uid ``...:namespace/*`` (checks UNKNOWN, scan
incomplete).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any

from providers.aws.backup_selection import Unread, guarded
from providers.aws.resilience import unread_error
from providers.aws.session import AwsSession, paginate
from scanner.model import Encryption, ServerlessWarehouse
from scanner.provider import Collector, Item

LIST_NAMESPACES = "redshift-serverless:ListNamespaces"
LIST_WORKGROUPS = "redshift-serverless:ListWorkgroups"
_AWS_OWNED = "AWS_OWNED_KMS_KEY"


def namespace_key(namespace: Mapping[str, Any]) -> Encryption | None:
    """Pure: ``kmsKeyId`` -> encryption (always on; AWS owned or customer managed key)."""
    key = str(namespace.get("kmsKeyId") or "")
    if not key:
        return None
    if key == _AWS_OWNED:
        return Encryption(enabled=True, key_managed_by="provider")
    return Encryption(enabled=True, key_managed_by="customer", key_id=key)


def _parameter(workgroup: Mapping[str, Any], name: str) -> str | None:
    for item in workgroup.get("configParameters") or ():
        if str(item.get("parameterKey", "")).lower() == name:
            return str(item.get("parameterValue", "")).lower()
    return None


def to_serverless_warehouse(
    namespace: Mapping[str, Any], workgroups: Sequence[Mapping[str, Any]], *, account: str,
    region: str, collected_at: datetime,
) -> ServerlessWarehouse:  # fmt: skip
    """Pure: a Namespace + the Workgroups naming it (one in practice) -> the model.

    Several workgroups: public if any is, routed and TLS-only only if all are.
    """
    name = str(namespace.get("namespaceName", ""))
    arn = str(namespace.get("namespaceArn")
              or f"arn:aws:redshift-serverless:{region}:{account}:namespace/{name}")  # fmt: skip
    ssl = [_parameter(w, "require_ssl") for w in workgroups]
    return ServerlessWarehouse(
        uid=arn, provider="aws", account=account, region=region,
        service="redshift-serverless", name=name, collected_at=collected_at,
        encryption=namespace_key(namespace),
        log_exports=tuple(str(x) for x in namespace.get("logExports") or ()),
        admin_user=str(namespace.get("adminUsername") or ""),
        workgroup=",".join(str(w.get("workgroupName", "")) for w in workgroups),
        publicly_accessible=(any(bool(w.get("publiclyAccessible")) for w in workgroups)
                             if workgroups else None),
        enhanced_vpc_routing=(all(bool(w.get("enhancedVpcRouting")) for w in workgroups)
                              if workgroups else None),
        tls_required=(None if not workgroups or None in ssl
                      else all(v == "true" for v in ssl)),
    )  # fmt: skip


def collect_serverless_warehouses(session: AwsSession, region: str) -> Iterator[Item]:
    """Yield every Redshift Serverless namespace in ``region`` with its workgroup."""
    client = session.client("redshift-serverless", region)
    try:
        namespaces = guarded(LIST_NAMESPACES, paginate, client, "list_namespaces", "namespaces")
        workgroups = guarded(LIST_WORKGROUPS, paginate, client, "list_workgroups", "workgroups")
    except Unread as failure:
        # one UNKNOWN row for the region's namespaces, named by a pseudo uid
        uid = f"arn:aws:redshift-serverless:{region}:{session.account}:namespace/*"
        yield unread_error(failure, scope=region, resource="ServerlessWarehouse", uid=uid)
        return
    now = session.now()
    for namespace in namespaces:
        serving = [
            w for w in workgroups if w.get("namespaceName") == namespace.get("namespaceName")
        ]
        yield to_serverless_warehouse(namespace, serving, account=session.account, region=region,
                                      collected_at=now)  # fmt: skip


COLLECTORS = (
    Collector(
        ServerlessWarehouse,
        collect_serverless_warehouses,
        permissions=(LIST_NAMESPACES, LIST_WORKGROUPS),
    ),
)
