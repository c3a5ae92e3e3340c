"""Shared helpers for GCP provider tests: the fake CAI server and sessions against it."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from google.auth.credentials import AnonymousCredentials

from providers.gcp import connect
from providers.gcp.errors import default_retry
from providers.gcp.session import GcpSession
from scanner.config import ScanConfig
from tests.providers.gcp.fake_cai import FakeCai, load

ORG = "organizations/111222333"
FORSETI = ("forseti-cai-resources.ndjson", "forseti-cai-iam-policies.ndjson")


def fast_retry():
    """Backoff in milliseconds so quota tests stay fast."""
    return default_retry(initial=0.001, maximum=0.005, timeout=2.0)


def live_session(fake: FakeCai, *scopes: str, export: str | None = None) -> GcpSession:
    """A live session through the real AssetServiceClient (REST) pointed at ``fake``."""
    config = ScanConfig(provider="gcp", scopes=scopes, export_uri=export)
    return connect(
        config,
        credentials=AnonymousCredentials(),
        endpoint=fake.url,
        storage_endpoint=fake.url,
        retry=fast_retry(),
    )


@pytest.fixture
def forseti_fake() -> Iterator[FakeCai]:
    fake = FakeCai({ORG: load(*FORSETI)})
    with fake.serve():
        yield fake


@pytest.fixture
def session_factory() -> Callable[..., GcpSession]:
    return live_session
