"""Property tests: a CAI record in any accepted spelling maps to the same model.

Spellings generated (docs/gcp-cai.md lists them per mapper):

* envelope keys in snake_case (``gcloud asset export``) or camelCase (the REST API);
* enum values in REST form (``ENCRYPTED_ONLY``), lower case, camelCase or kebab-case;
* booleans as JSON booleans or strings, numbers as ints, floats (protobuf Struct) or strings;
* optional blocks absent, empty or present with defaults;
* for the mappers built on ``providers.gcp.spelling``: resource.data keys in snake_case;
* audit log types as names in any case or as the proto enum numbers ``to_dict()`` writes.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from providers.gcp.analytics import to_data_cluster, to_dataset, to_dataset_table
from providers.gcp.assets import to_record
from providers.gcp.common import identity
from providers.gcp.compute import to_virtual_machine
from providers.gcp.dns_gke import to_dns_zone
from providers.gcp.frontends import to_api_key, to_backend
from providers.gcp.iam import effective_audit, to_service_account_key
from providers.gcp.kms import to_kms_key
from providers.gcp.monitoring import contact_categories, routes_everything
from providers.gcp.network import firewall_rules
from providers.gcp.spelling import snake
from providers.gcp.sql import to_database_instance
from providers.gcp.storage import to_bucket
from tests.providers.gcp.fake_cai import camel

NOW = datetime(2026, 12, 1, tzinfo=UTC)


def enum_spellings(value: str) -> st.SearchStrategy[str]:
    """``ENCRYPTED_ONLY`` as REST, lower, camel and kebab spellings."""
    head, *rest = value.lower().split("_")
    camel_form = head + "".join(p.title() for p in rest)
    return st.sampled_from(
        [value, value.lower(), camel_form, value.lower().replace("_", "-"), f" {value} "]
    )


def bool_spellings(value: bool) -> st.SearchStrategy[Any]:
    return st.sampled_from([value, str(value).lower(), str(value).upper(), int(value)])


def number_spellings(value: int) -> st.SearchStrategy[Any]:
    return st.sampled_from([value, float(value), str(value), f"{value}.0"])


def snake_keys(value: Any) -> Any:
    """Every key in snake_case (what a proto-field-name conversion writes)."""
    if isinstance(value, list):
        return [snake_keys(v) for v in value]
    if isinstance(value, dict):
        return {snake(k): snake_keys(v) for k, v in value.items()}
    return value


def envelope(name: str, asset_type: str, data: dict[str, Any], *, snake_case: bool) -> Any:
    raw = {
        "name": name,
        "asset_type": asset_type,
        "resource": {"version": "v1", "data": data, "location": "us-central1"},
        "ancestors": ["projects/1", "organizations/2"],
    }
    return to_record(raw if snake_case else camel(raw), "test:1")


def _map(mapper: Any, record: Any, **kw: Any) -> Any:
    fields = identity(record, account="p", collected_at=NOW)
    return mapper(record, fields, **kw)


@settings(max_examples=60, deadline=None)
@given(
    ssl=enum_spellings("ENCRYPTED_ONLY"),
    availability=enum_spellings("REGIONAL"),
    ipv4=bool_spellings(False),
    backups=bool_spellings(True),
    retained=number_spellings(14),
    snake_env=st.booleans(),
)
def test_cloud_sql_instance(ssl, availability, ipv4, backups, retained, snake_env):  # noqa: PLR0917 (hypothesis fills each)
    def data(ssl: Any, availability: Any, ipv4: Any, backups: Any, retained: Any) -> Any:
        return {
            "databaseVersion": "POSTGRES_15",
            "settings": {
                "availabilityType": availability,
                "ipConfiguration": {"ipv4Enabled": ipv4, "sslMode": ssl},
                "backupConfiguration": {
                    "enabled": backups,
                    "backupRetentionSettings": {"retainedBackups": retained},
                },
                "databaseFlags": [{"name": "log_connections", "value": "on"}],
            },
        }

    name = "//cloudsql.googleapis.com/projects/p/instances/db"
    canonical = envelope(
        name,
        "sqladmin.googleapis.com/Instance",
        data("ENCRYPTED_ONLY", "REGIONAL", False, True, 14),
        snake_case=True,
    )
    spelled = envelope(
        name,
        "sqladmin.googleapis.com/Instance",
        data(ssl, availability, ipv4, backups, retained),
        snake_case=snake_env,
    )
    expected = _map(to_database_instance, canonical)
    assert expected.tls_required
    assert expected.multi_az
    assert expected.backup_retention_days == 14
    assert _map(to_database_instance, spelled) == expected


@settings(max_examples=60, deadline=None)
@given(
    protocol=enum_spellings("HTTPS"),
    scheme=enum_spellings("EXTERNAL_MANAGED"),
    enable=bool_spellings(True),
    rate=st.sampled_from([0.5, "0.5", "0.50"]),
    snake_data=st.booleans(),
    snake_env=st.booleans(),
)
def test_backend_service(protocol, scheme, enable, rate, snake_data, snake_env):  # noqa: PLR0917 (hypothesis fills each)
    name = "//compute.googleapis.com/projects/p/global/backendServices/web"
    kind = "compute.googleapis.com/BackendService"
    base = {"protocol": "HTTPS", "loadBalancingScheme": "EXTERNAL_MANAGED"}
    canonical = envelope(
        name, kind, {**base, "logConfig": {"enable": True, "sampleRate": 0.5}}, snake_case=True
    )
    data = {
        "protocol": protocol,
        "loadBalancingScheme": scheme,
        "logConfig": {"enable": enable, "sampleRate": rate},
    }
    spelled = envelope(name, kind, snake_keys(data) if snake_data else data, snake_case=snake_env)
    assert _map(to_backend, spelled) == _map(to_backend, canonical)


@settings(max_examples=30, deadline=None)
@given(
    log_config=st.sampled_from([None, {}, {"enable": False}, {"enable": "false"}]),
    protocol=st.sampled_from([None, "HTTP", "http"]),
)
def test_backend_service_defaults(log_config, protocol):
    """No logConfig, an empty one and enable false all mean logging off; protocol HTTP default."""
    data: dict[str, Any] = {}
    if log_config is not None:
        data["logConfig"] = log_config
    if protocol is not None:
        data["protocol"] = protocol
    record = envelope(
        "//compute.googleapis.com/projects/p/global/backendServices/b",
        "compute.googleapis.com/BackendService",
        data,
        snake_case=True,
    )
    backend = _map(to_backend, record)
    assert (backend.protocol, backend.scheme, backend.logging) == ("HTTP", "EXTERNAL", False)


@settings(max_examples=40, deadline=None)
@given(
    snake_data=st.booleans(),
    snake_env=st.booleans(),
    created=st.sampled_from(
        ["2026-01-02T03:04:05Z", "2026-01-02T03:04:05.000Z", "2026-01-02T03:04:05.123456789Z"]
    ),
)
def test_api_key(snake_data, snake_env, created):
    def data(created: str) -> dict[str, Any]:
        return {
            "displayName": "k",
            "createTime": created,
            "restrictions": {
                "apiTargets": [{"service": "translate.googleapis.com"}],
                "serverKeyRestrictions": {"allowedIps": ["10.0.0.1"]},
            },
        }

    name = "//apikeys.googleapis.com/projects/1/locations/global/keys/k"
    canonical = _map(
        to_api_key,
        envelope(name, "apikeys.googleapis.com/Key", data("2026-01-02T03:04:05Z"), snake_case=True),
    )
    body = data(created)
    spelled = _map(
        to_api_key,
        envelope(
            name,
            "apikeys.googleapis.com/Key",
            snake_keys(body) if snake_data else body,
            snake_case=snake_env,
        ),
    )
    assert spelled.api_targets == canonical.api_targets == ("translate.googleapis.com",)
    assert spelled.application_restricted
    assert spelled.created_at is not None
    assert spelled.created_at.replace(microsecond=0) == canonical.created_at


@settings(max_examples=40, deadline=None)
@given(
    key_type=enum_spellings("USER_MANAGED"), disabled=bool_spellings(False), snake_env=st.booleans()
)
def test_service_account_key(key_type, disabled, snake_env):
    name = "//iam.googleapis.com/projects/p/serviceAccounts/a@p.iam.gserviceaccount.com/keys/1"
    kind = "iam.googleapis.com/ServiceAccountKey"
    canonical = envelope(
        name, kind, {"keyType": "USER_MANAGED", "disabled": False}, snake_case=True
    )
    spelled = envelope(
        name, kind, {"keyType": key_type, "disabled": disabled}, snake_case=snake_env
    )
    expected = _map(to_service_account_key, canonical)
    assert expected.managed_by == "customer"
    assert expected.enabled
    assert _map(to_service_account_key, spelled) == expected


@settings(max_examples=40, deadline=None)
@given(
    visibility=enum_spellings("PRIVATE"),
    key_type=st.sampled_from(["keySigning", "KEY_SIGNING", "key_signing", "key-signing"]),
    state=st.sampled_from(["on", "ON", "On"]),
)
def test_dns_zone(visibility, key_type, state):
    def data(visibility: str, key_type: str, state: str) -> dict[str, Any]:
        spec = {"keyType": key_type, "algorithm": "rsasha256"}
        return {
            "visibility": visibility,
            "dnssecConfig": {"state": state, "defaultKeySpecs": [spec]},
        }

    name = "//dns.googleapis.com/projects/p/managedZones/z"
    kind = "dns.googleapis.com/ManagedZone"
    expected = _map(
        to_dns_zone, envelope(name, kind, data("private", "keySigning", "on"), snake_case=True)
    )
    assert expected.visibility == "private"
    assert expected.key_signing_algorithms == ("rsasha256",)
    got = _map(
        to_dns_zone, envelope(name, kind, data(visibility, key_type, state), snake_case=False)
    )
    assert got == expected


@settings(max_examples=40, deadline=None)
@given(purpose=enum_spellings("ENCRYPT_DECRYPT"), state=enum_spellings("ENABLED"))
def test_kms_key(purpose, state):
    name = "//cloudkms.googleapis.com/projects/p/locations/l/keyRings/r/cryptoKeys/k"
    kind = "cloudkms.googleapis.com/CryptoKey"
    body = {"purpose": purpose, "primary": {"state": state}, "rotationPeriod": "7776000s"}
    canonical = {
        "purpose": "ENCRYPT_DECRYPT",
        "primary": {"state": "ENABLED"},
        "rotationPeriod": "7776000s",
    }
    expected = _map(to_kms_key, envelope(name, kind, canonical, snake_case=True), policy=None)
    assert (expected.spec, expected.state) == ("symmetric", "enabled")
    assert _map(to_kms_key, envelope(name, kind, body, snake_case=False), policy=None) == expected


@settings(max_examples=40, deadline=None)
@given(prevention=st.sampled_from(["enforced", "ENFORCED", "Enforced"]), ubla=bool_spellings(True))
def test_bucket(prevention, ubla):
    name = "//storage.googleapis.com/b"
    kind = "storage.googleapis.com/Bucket"

    def data(prevention: str, ubla: Any) -> dict[str, Any]:
        cfg = {"publicAccessPrevention": prevention, "uniformBucketLevelAccess": {"enabled": ubla}}
        return {"iamConfiguration": cfg}

    expected = _map(
        to_bucket, envelope(name, kind, data("enforced", True), snake_case=True), policy=None
    )
    assert expected.public_access_block
    assert expected.uniform_access
    got = _map(
        to_bucket, envelope(name, kind, data(prevention, ubla), snake_case=False), policy=None
    )
    assert got == expected


@settings(max_examples=40, deadline=None)
@given(
    protocol=st.sampled_from(["tcp", "TCP", "6", "6.0"]),
    priority=number_spellings(900),
    disabled=st.sampled_from([None, False, "false", "FALSE"]),
)
def test_firewall(protocol, priority, disabled):
    body: dict[str, Any] = {
        "allowed": [{"IPProtocol": protocol, "ports": ["22"]}],
        "sourceRanges": ["0.0.0.0/0"],
        "priority": priority,
    }
    if disabled is not None:
        body["disabled"] = disabled
    (rule,) = firewall_rules(body)
    assert (rule.protocol, rule.from_port, rule.priority) == ("tcp", 22, 900)


#: Each accepted spelling of an audit log type -> its REST name.
LOG_TYPE_SPELLINGS: dict[Any, str] = {
    "ADMIN_READ": "ADMIN_READ", "admin_read": "ADMIN_READ", "adminRead": "ADMIN_READ",
    1: "ADMIN_READ", "1": "ADMIN_READ",
    "DATA_READ": "DATA_READ", "data_read": "DATA_READ", "dataRead": "DATA_READ",
    3: "DATA_READ", "3": "DATA_READ",
    "DATA_WRITE": "DATA_WRITE", "data_write": "DATA_WRITE", "dataWrite": "DATA_WRITE",
    2: "DATA_WRITE", "2": "DATA_WRITE",
}  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(
    spelled=st.lists(st.sampled_from(list(LOG_TYPE_SPELLINGS)), min_size=1, max_size=6),
    snake_env=st.booleans(),
)
def test_audit_log_types(spelled, snake_env):
    """Whatever spelling each entry uses, the set of log types read is the same."""
    logs = [{"log_type": t} for t in spelled]
    policy = {"audit_configs": [{"service": "allServices", "audit_log_configs": logs}]}
    raw = {
        "name": "//cloudresourcemanager.googleapis.com/projects/1",
        "asset_type": "cloudresourcemanager.googleapis.com/Project",
        "iam_policy": policy,
    }
    record = to_record(raw if snake_env else camel(raw), "t:1")
    assert record.policy is not None
    got = set(record.policy.audit_configs[0].log_types)
    assert got == {LOG_TYPE_SPELLINGS[t] for t in spelled}
    logged, _ = effective_audit(list(record.policy.audit_configs), chain_known=True)
    assert logged is (got == {"ADMIN_READ", "DATA_READ", "DATA_WRITE"})


@settings(max_examples=40, deadline=None)
@given(
    categories=st.lists(
        st.sampled_from(
            [
                "SECURITY",
                "security",
                "Security",
                "TECHNICAL_INCIDENTS",
                "technicalIncidents",
                "technical-incidents",
            ]
        ),
        min_size=1,
        max_size=4,
    ),
    state=st.sampled_from(["VALID", "valid", "VALIDATION_STATE_UNSPECIFIED", None]),
)
def test_contact_categories(categories, state):
    body: dict[str, Any] = {"notificationCategorySubscriptions": categories}
    if state is not None:
        body["validationState"] = state
    got = set(contact_categories([body]))
    assert got <= {"SECURITY", "TECHNICAL_INCIDENTS"}
    assert got
    assert contact_categories([{**body, "validationState": "invalid"}]) == ()


@settings(max_examples=40, deadline=None)
@given(
    flt=st.sampled_from([None, "", "  ", "\n"]),
    disabled=st.sampled_from([None, False, "false"]),
    exclusions=st.sampled_from(
        [
            None,
            [],
            [{"name": "x", "filter": "a", "disabled": True}],
            [{"name": "x", "filter": "a", "disabled": "true"}],
        ]
    ),
    snake_data=st.booleans(),
)
def test_sink_routes_everything(flt, disabled, exclusions, snake_data):
    body: dict[str, Any] = {"name": "s", "destination": "storage.googleapis.com/b"}
    for key, value in (("filter", flt), ("disabled", disabled), ("exclusions", exclusions)):
        if value is not None:
            body[key] = value
    assert routes_everything(snake_keys(body) if snake_data else body)
    assert not routes_everything({**body, "filter": "severity>=ERROR"})
    assert not routes_everything({**body, "exclusions": [{"name": "x", "filter": "a"}]})


@settings(max_examples=40, deadline=None)
@given(
    forward=bool_spellings(False),
    vtpm=bool_spellings(True),
    integrity=bool_spellings(True),
    snake_env=st.booleans(),
)
def test_virtual_machine_booleans(forward, vtpm, integrity, snake_env):
    def data(forward: Any, vtpm: Any, integrity: Any) -> dict[str, Any]:
        shielded = {"enableVtpm": vtpm, "enableIntegrityMonitoring": integrity}
        return {"name": "vm", "canIpForward": forward, "shieldedInstanceConfig": shielded}

    name = "//compute.googleapis.com/projects/p/zones/z/instances/vm"
    kind = "compute.googleapis.com/Instance"
    canonical = envelope(name, kind, data(False, True, True), snake_case=True)
    expected = _map(to_virtual_machine, canonical, project_metadata={})
    assert expected.shielded_boot
    assert not expected.ip_forwarding
    spelled = envelope(name, kind, data(forward, vtpm, integrity), snake_case=snake_env)
    assert _map(to_virtual_machine, spelled, project_metadata={}) == expected


@settings(max_examples=40, deadline=None)
@given(
    snake_data=st.booleans(),
    snake_env=st.booleans(),
    kms_field=st.sampled_from(["gcePdKmsKeyName", "kmsKey"]),
)
def test_analytics_records(snake_data, snake_env, kms_field):
    key = "projects/p/locations/l/keyRings/r/cryptoKeys/k"
    cluster = {"clusterName": "etl", "config": {"encryptionConfig": {kms_field: key}}}
    table = {"encryptionConfiguration": {"kmsKeyName": key}, "tableReference": {"datasetId": "d"}}
    dataset = {
        "access": [{"role": "READER", "specialGroup": "allAuthenticatedUsers"}],
        "defaultEncryptionConfiguration": {"kmsKeyName": key},
    }

    def spelled(data: dict[str, Any]) -> dict[str, Any]:
        return snake_keys(data) if snake_data else data

    got_cluster = _map(
        to_data_cluster,
        envelope(
            "//dataproc.googleapis.com/projects/p/regions/r/clusters/etl",
            "dataproc.googleapis.com/Cluster",
            spelled(cluster),
            snake_case=snake_env,
        ),
    )
    got_table = _map(
        to_dataset_table,
        envelope(
            "//bigquery.googleapis.com/projects/p/datasets/d/tables/t",
            "bigquery.googleapis.com/Table",
            spelled(table),
            snake_case=snake_env,
        ),
    )
    got_dataset = _map(
        to_dataset,
        envelope(
            "//bigquery.googleapis.com/projects/p/datasets/d",
            "bigquery.googleapis.com/Dataset",
            spelled(dataset),
            snake_case=snake_env,
        ),
        policy=None,
    )
    assert got_cluster.encryption is not None
    assert got_cluster.encryption.key_id == key
    assert got_table.encryption is not None
    assert got_table.encryption.key_managed_by == "customer"
    assert got_table.dataset == "d"
    assert got_dataset.public is True
    assert got_dataset.default_encryption is not None
    assert got_dataset.default_encryption.key_managed_by == "customer"
