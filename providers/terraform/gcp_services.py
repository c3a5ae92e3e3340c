"""GKE clusters, Cloud DNS zones, API keys, service account keys, BigQuery, Dataproc and
backend services of a plan, through the GCP provider's own mappers.

Each planned resource is rewritten as the REST body Cloud Asset Inventory serves and
mapped by the live ``to_*``. Attributes and defaults, per registry page
(registry.terraform.io/providers/hashicorp/google/latest/docs/resources/<type>):

* ``container_cluster``: ``private_cluster_config.enable_private_endpoint`` (default
  false); ``master_authorized_networks_config`` present = enabled (the provider sends
  ``enabled: true`` for the block, false without it: expandMasterAuthorizedNetworksConfig)
  with its ``cidr_blocks[].cidr_block``; ``workload_identity_config.workload_pool``
  (Autopilot, ``enable_autopilot``, always has Workload Identity: cloud.google.com/
  kubernetes-engine/docs/concepts/autopilot-overview); ``enable_legacy_abac`` (default
  false); ``master_auth.client_certificate_config.issue_client_certificate`` (default
  false) or a v3 ``master_auth.password`` are static credentials.
* ``dns_managed_zone``: ``visibility`` (default public), ``dnssec_config.state`` (off
  without the block), ``default_key_specs[].algorithm`` / ``key_type``.
* ``apikeys_key``: ``restrictions.api_targets[].service`` and the browser/server/android/
  ios restrictions; a key the plan creates is created at apply (age 0); the provider keeps
  no creation time, so an existing key's age is unknown.
* ``google_service_account_key``: every key the IAM API creates or uploads is
  user-managed (``USER_MANAGED``); ``valid_after`` / ``valid_before``, else created at apply.
* ``bigquery_dataset``: ``access[].special_group`` / ``iam_member`` (allUsers,
  allAuthenticatedUsers), ``google_bigquery_dataset_access`` and
  ``google_bigquery_dataset_iam_member`` / ``_binding`` of the plan (an existing dataset
  may hold grants made elsewhere: unknown unless one of the plan's is public);
  ``default_encryption_configuration.kms_key_name``.
* ``bigquery_table``: ``encryption_configuration.kms_key_name``; "If left blank, the table
  will be encrypted with a Google-managed key" unless its dataset has a default key
  (BigQuery applies ``defaultEncryptionConfiguration`` to new tables), so a table without
  a key in a dataset outside the plan is unknown.
* ``dataproc_cluster``: ``cluster_config.encryption_config.kms_key_name`` (the PD key).
* ``compute_backend_service`` / ``compute_region_backend_service``: ``protocol`` (default
  HTTP), ``load_balancing_scheme`` (default EXTERNAL_MANAGED, v7; EXTERNAL before; the
  regional one INTERNAL), ``log_config.enable`` (default false), ``sample_rate`` (1.0).
"""

from __future__ import annotations

import contextlib
import json
from typing import Any

from providers.terraform.common import collector, first
from providers.terraform.gcp_base import fields, record, refers
from providers.terraform.plan import Planned
from providers.terraform.session import TerraformSession
from scanner.model import (
    ApiKey,
    DataCluster,
    Dataset,
    DatasetTable,
    DnsZone,
    KubernetesCluster,
    LoadBalancerBackend,
    ServiceAccountKey,
)
from scanner.provider import Collector, Item

_DATASET_IAM = (
    "google_bigquery_dataset_iam_member",
    "google_bigquery_dataset_iam_binding",
    "google_bigquery_dataset_iam_policy",
)
_DATASET_ACCESS = ("google_bigquery_dataset_access",)


def plan_cluster(cluster: Planned, session: TerraformSession) -> Item:
    """``google_container_cluster`` -> KubernetesCluster."""
    from providers.gcp.dns_gke import to_kubernetes_cluster  # noqa: PLC0415 - Google SDK

    values = cluster.values
    private = first(values.get("private_cluster_config"))
    authorized = first(values.get("master_authorized_networks_config"))
    identity = first(values.get("workload_identity_config"))
    auth = first(values.get("master_auth"))
    certificate = first(auth.get("client_certificate_config"))
    pool = identity.get("workload_pool") or (
        "(planned pool)"
        if values.get("enable_autopilot")
        or (
            cluster.configured("workload_identity_config")
            and cluster.is_unknown("workload_identity_config")
        )
        else None
    )
    body = {
        "currentMasterVersion": values.get("master_version") or values.get("min_master_version"),
        "privateClusterConfig": {"enablePrivateEndpoint": private.get("enable_private_endpoint")},
        "masterAuthorizedNetworksConfig": {
            "enabled": bool(values.get("master_authorized_networks_config")),
            "cidrBlocks": [
                {"cidrBlock": b.get("cidr_block")} for b in authorized.get("cidr_blocks") or ()
            ],
        },
        "workloadIdentityConfig": {"workloadPool": pool},
        "legacyAbac": {"enabled": bool(values.get("enable_legacy_abac"))},
        "masterAuth": {
            "password": auth.get("password"),
            "clientKey": "(issued)" if certificate.get("issue_client_certificate") else None,
        },
    }
    model = to_kubernetes_cluster(
        record(cluster, "container.googleapis.com/Cluster", body),
        fields(cluster, session, "container"),
    )
    unknown = [
        a
        for a in ("private_cluster_config", "master_authorized_networks_config", "master_auth")
        if cluster.configured(a) and cluster.wholly_unknown(a)  # Computed blocks when omitted
    ]
    if unknown:
        session.note_unknown(cluster, [f"{cluster.address}.{a}" for a in unknown])
        update = {
            "private_cluster_config": {"private_endpoint": None},
            "master_authorized_networks_config": {"authorized_networks_enabled": None},
            "master_auth": {"static_credentials": None},
        }
        for attribute in unknown:
            model = model.model_copy(update=update[attribute])
    return model


def plan_dns_zone(zone: Planned, session: TerraformSession) -> Item:
    """``google_dns_managed_zone`` -> DnsZone."""
    from providers.gcp.dns_gke import to_dns_zone  # noqa: PLC0415 - Google SDK

    values = zone.values
    dnssec = first(values.get("dnssec_config"))
    body = {
        "dnsName": values.get("dns_name") or "",
        "visibility": values.get("visibility") or "public",
        "dnssecConfig": {
            "state": dnssec.get("state") or "off",
            "defaultKeySpecs": [
                {"keyType": s.get("key_type"), "algorithm": s.get("algorithm")}
                for s in dnssec.get("default_key_specs") or ()
            ],
        },
    }
    model = to_dns_zone(record(zone, "dns.googleapis.com/ManagedZone", body),
                        fields(zone, session, "dns"))  # fmt: skip
    if zone.is_unknown("dnssec_config", 0, "state"):
        session.note_unknown(zone, [f"{zone.address}.dnssec_config.state"])
        model = model.model_copy(update={"dnssec": None})
    return model.model_copy(update={"name": zone.address})


def _created_at(resource: Planned, session: TerraformSession, attribute: str | None) -> Any:
    """When the key is (or was) created: known from state, else at apply (now)."""
    value = resource.values.get(attribute) if attribute else None
    if value:
        return value
    return session.collected_at.isoformat() if resource.created else None


def plan_api_key(key: Planned, session: TerraformSession) -> Item:
    """``google_apikeys_key`` -> ApiKey."""
    from providers.gcp.frontends import to_api_key  # noqa: PLC0415 - Google SDK

    restrictions = first(key.values.get("restrictions"))
    targets = restrictions.get("api_targets") or ()
    body = {
        "createTime": _created_at(key, session, None),
        "restrictions": {
            "apiTargets": [{"service": t.get("service")} for t in targets],
            "browserKeyRestrictions": first(restrictions.get("browser_key_restrictions")),
            "serverKeyRestrictions": first(restrictions.get("server_key_restrictions")),
            "androidKeyRestrictions": first(restrictions.get("android_key_restrictions")),
            "iosKeyRestrictions": first(restrictions.get("ios_key_restrictions")),
        },
    }  # fmt: skip
    model = to_api_key(record(key, "apikeys.googleapis.com/Key", body),
                       fields(key, session, "apikeys"))  # fmt: skip
    if key.wholly_unknown("restrictions"):
        session.note_unknown(key, [f"{key.address}.restrictions"])
        model = model.model_copy(update={"api_targets": None, "application_restricted": None})
    return model.model_copy(update={"name": key.address})


def plan_service_account_key(key: Planned, session: TerraformSession) -> Item:
    """``google_service_account_key`` -> ServiceAccountKey (always user-managed)."""
    from providers.gcp.iam import to_service_account_key  # noqa: PLC0415 - Google SDK

    account = str(key.values.get("service_account_id") or "")
    body = {
        "name": account if "/serviceAccounts/" in account else f"serviceAccounts/{account}",
        "keyType": "USER_MANAGED",
        "disabled": False,
        "validAfterTime": _created_at(key, session, "valid_after"),
        "validBeforeTime": key.values.get("valid_before"),
    }
    model = to_service_account_key(
        record(key, "iam.googleapis.com/ServiceAccountKey", body), fields(key, session, "iam")
    )
    if not account:
        model = model.model_copy(update={"service_account": "(planned service account)"})
    return model


def _dataset_policy(dataset: Planned, session: TerraformSession) -> Any:
    """The plan's dataset IAM grants as a policy (None: an existing dataset, no public grant)."""
    from providers.gcp.assets import Binding, Policy, to_policy  # noqa: PLC0415 - Google SDK
    from providers.gcp.common import is_public  # noqa: PLC0415

    grants = session.joined(dataset, _DATASET_IAM, "dataset_id")
    bindings = [
        Binding(
            role=str(g.values.get("role") or ""),
            members=(str(g.values.get("member") or ""), *map(str, g.values.get("members") or ())),
        )
        for g in grants
        if not g.type.endswith("_policy")
    ]
    for g in grants:  # google_bigquery_dataset_iam_policy: authoritative policy_data
        if g.type.endswith("_policy") and not g.is_unknown("policy_data"):
            with contextlib.suppress(ValueError, AttributeError):
                bindings += to_policy(json.loads(str(g.values.get("policy_data") or "{}"))).bindings
    policy = Policy(bindings=tuple(bindings))
    return policy if dataset.created or is_public(policy) else None


def plan_dataset(dataset: Planned, session: TerraformSession) -> Item:
    """``google_bigquery_dataset`` (+ access and IAM resources) -> Dataset."""
    from providers.gcp.analytics import to_dataset  # noqa: PLC0415 - Google SDK

    values = dataset.values
    access = [dict(a) for a in values.get("access") or ()]
    access += [dict(a.values) for a in session.joined(dataset, _DATASET_ACCESS, "dataset_id")]
    key = first(values.get("default_encryption_configuration")).get("kms_key_name")
    if not key and dataset.configured("default_encryption_configuration"):
        key = "(planned key)"
    body = {
        "access": [
            {"specialGroup": a.get("special_group"), "iamMember": a.get("iam_member")}
            for a in access
        ],
        "defaultEncryptionConfiguration": {"kmsKeyName": key},
    }
    policy = _dataset_policy(dataset, session)
    model = to_dataset(record(dataset, "bigquery.googleapis.com/Dataset", body),
                       fields(dataset, session, "bigquery"), policy=policy)  # fmt: skip
    if model.public is None:
        session.note_unknown(dataset, [f"{dataset.address} (IAM outside the plan)"])
    return model


def plan_table(table: Planned, session: TerraformSession) -> Item:
    """``google_bigquery_table`` -> DatasetTable (its dataset's default key applies)."""
    from providers.gcp.analytics import to_dataset_table  # noqa: PLC0415 - Google SDK

    values = table.values
    key = first(values.get("encryption_configuration")).get("kms_key_name")
    if not key and table.configured("encryption_configuration"):
        key = "(planned key)"
    unknown = False
    if not key:
        refs = table.references("dataset_id")
        datasets = [
            d
            for d in session.all_of("google_bigquery_dataset")
            if refers(table, refs, d)
            or (not refs and d.module == table.module
                and d.values.get("dataset_id") == values.get("dataset_id"))
        ]  # fmt: skip
        if datasets:
            default = first(datasets[0].values.get("default_encryption_configuration"))
            key = default.get("kms_key_name") or (
                "(planned key)" if datasets[0].configured("default_encryption_configuration")
                else None
            )  # fmt: skip
        else:
            unknown = True
    body = {
        "encryptionConfiguration": {"kmsKeyName": key},
        "tableReference": {"datasetId": values.get("dataset_id") or ""},
    }
    model = to_dataset_table(record(table, "bigquery.googleapis.com/Table", body),
                             fields(table, session, "bigquery"))  # fmt: skip
    if unknown:
        session.note_unknown(
            table, [f"{table.address}: its dataset's default key (not in the plan)"]
        )
        model = model.model_copy(update={"encryption": None})
    return model


def plan_dataproc(cluster: Planned, session: TerraformSession) -> Item:
    """``google_dataproc_cluster`` -> DataCluster."""
    from providers.gcp.analytics import to_data_cluster  # noqa: PLC0415 - Google SDK

    config = first(cluster.values.get("cluster_config"))
    encryption = first(config.get("encryption_config"))
    key = encryption.get("kms_key_name") or ("(planned key)" if encryption else None)
    body = {"config": {"encryptionConfig": {"gcePdKmsKeyName": key}}}
    model = to_data_cluster(record(cluster, "dataproc.googleapis.com/Cluster", body),
                            fields(cluster, session, "dataproc"))  # fmt: skip
    return model.model_copy(update={"name": cluster.address})


def plan_backend(backend: Planned, session: TerraformSession) -> Item:
    """``google_compute_backend_service`` / ``_region_backend_service`` -> LoadBalancerBackend."""
    from providers.gcp.frontends import to_backend  # noqa: PLC0415 - Google SDK

    values = backend.values
    regional = backend.type == "google_compute_region_backend_service"
    log = first(values.get("log_config"))
    body = {
        "protocol": values.get("protocol") or "HTTP",
        "loadBalancingScheme": values.get("load_balancing_scheme")
        or ("INTERNAL" if regional else "EXTERNAL_MANAGED"),
        "logConfig": {"enable": bool(log.get("enable")), "sampleRate": log.get("sample_rate")},
    }
    model = to_backend(record(backend, "compute.googleapis.com/BackendService", body),
                       fields(backend, session, "compute"))  # fmt: skip
    if backend.is_unknown("log_config", 0, "enable"):
        session.note_unknown(backend, [f"{backend.address}.log_config.enable"])
        model = model.model_copy(update={"logging": None})
    return model


_KEY_TYPES = ("google_service_account_key",)
COLLECTORS: tuple[Collector[TerraformSession], ...] = (
    collector("gcp", KubernetesCluster, ("google_container_cluster",), plan_cluster,
              name="plan_gke_clusters"),
    collector("gcp", DnsZone, ("google_dns_managed_zone",), plan_dns_zone, name="plan_dns_zones"),
    collector("gcp", ApiKey, ("google_apikeys_key",), plan_api_key, name="plan_api_keys"),
    collector("gcp", ServiceAccountKey, _KEY_TYPES, plan_service_account_key,
              name="plan_service_account_keys"),
    collector("gcp", Dataset, ("google_bigquery_dataset",), plan_dataset, name="plan_bq_datasets",
              joins=[(_DATASET_IAM + _DATASET_ACCESS, "dataset_id")]),
    collector("gcp", DatasetTable, ("google_bigquery_table",), plan_table, name="plan_bq_tables"),
    collector("gcp", DataCluster, ("google_dataproc_cluster",), plan_dataproc,
              name="plan_dataproc_clusters"),
    collector("gcp", LoadBalancerBackend,
              ("google_compute_backend_service", "google_compute_region_backend_service"),
              plan_backend, name="plan_backend_services"),
)  # fmt: skip
