"""Fixtures: a self-signed loopback HTTPS fake of ARM/Resource Graph and sessions on it."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

import pytest
import trustme

from providers.azure.session import AzureSession
from tests.providers.azure.fake_arm import FakeArm, serve
from tests.providers.azure.tenant import TENANT, all_rows, arm_answers, tables


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


#: An unsigned JWT-shaped token: the session reads tenant and principal from its claims.
TOKEN = ".".join((_b64({"alg": "none"}), _b64({"tid": TENANT, "appid": "complyscan-ci"}), "x"))


class AccessToken(NamedTuple):
    """Shape of azure.core.credentials.AccessToken (the SDK reads these two fields)."""

    token: str
    expires_on: int


class FakeCredential:
    """A TokenCredential that hands out a fixed bearer token (tests only)."""

    def __init__(self) -> None:
        self.calls = 0

    def get_token(self, *scopes: str, **_kwargs: Any) -> AccessToken:
        self.calls += 1
        return AccessToken(TOKEN, 4_102_444_800)


@pytest.fixture(scope="session")
def tls(tmp_path_factory) -> tuple[str, str, str]:
    """(CA bundle, server cert chain, server key) for 127.0.0.1."""
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1")
    folder = tmp_path_factory.mktemp("tls")
    ca_file, chain, key = folder / "ca.pem", folder / "server.pem", folder / "server.key"
    ca.cert_pem.write_to_path(str(ca_file))
    cert.private_key_pem.write_to_path(str(key))
    chain.write_bytes(b"".join(blob.bytes() for blob in cert.cert_chain_pems))
    return str(ca_file), str(chain), str(key)


@pytest.fixture
def fake(tls) -> Iterator[FakeArm]:
    """The fixture tenant behind a fresh fake server."""
    arm = FakeArm(tables=tables(), answers=arm_answers(all_rows()))
    server = serve(arm, tls[1], tls[2])
    yield arm
    server.shutdown()
    server.server_close()


@pytest.fixture
def make_session(fake, tls) -> Iterator[Callable[..., AzureSession]]:
    """Build sessions on the fake (real SDK clients, TLS verified against the test CA)."""
    made: list[AzureSession] = []

    def build(*subscriptions: str, **kwargs: Any) -> AzureSession:
        session = AzureSession(
            credential=FakeCredential(),
            base_url=fake.url,
            connection_verify=tls[0],
            subscriptions=subscriptions,
            concurrency=4,
            max_attempts=3,
            **{"msgraph_url": fake.url, "vault_url_override": fake.url, **kwargs},
        )
        made.append(session)
        return session

    yield build
    for s in made:
        s.close()
