"""Key Vault certificates through the data-plane REST client against the loopback fake."""

from __future__ import annotations

from providers.azure.certificates import collect_certificates, to_certificate
from scanner.errors import CollectionError
from scanner.model import Certificate
from tests.checks.factories import NOW
from tests.providers.azure.tenant import SUB_A

VAULT = {
    "id": "/subscriptions/s/resourceGroups/g/providers/Microsoft.KeyVault/vaults/v",
    "name": "v",
    "location": "westeurope",
    "properties": {},
}


def test_mapper_reads_policy_months_and_attributes():
    item = {
        "id": "https://v.vault.azure.net/certificates/c1",
        "attributes": {"enabled": False, "exp": 1_800_000_000},
    }
    cert = to_certificate(
        VAULT, item, {"x509_props": {"validity_months": 13}}, subscription="s", collected_at=NOW
    )
    assert cert.name == "c1"
    assert cert.uid.endswith("/vaults/v/certificates/c1")
    assert cert.validity_months == 13
    assert cert.enabled is False
    assert cert.expires_at is not None
    assert (
        to_certificate(VAULT, item, None, subscription="s", collected_at=NOW).validity_months
        is None
    )


def test_collector_on_the_fake(make_session, fake):
    items = list(collect_certificates(make_session(SUB_A), SUB_A))
    certs = [i for i in items if isinstance(i, Certificate)]
    assert not [i for i in items if isinstance(i, CollectionError)]
    assert sorted({c.validity_months for c in certs}) == [12, 24]
    assert {r.path.split("/certificates")[0] for r in fake.requests if "/certificates" in r.path}
