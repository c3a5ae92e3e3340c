"""Fixtures shared across test packages: a credential-free environment for moto."""

from collections.abc import Iterator

import pytest
from hypothesis import settings
from moto import mock_aws

# Property tests judge behaviour, not speed: no per-example deadline (on a loaded 2-core CI
# machine hypothesis' default 200 ms made property tests fail on timing alone).
settings.register_profile("complyscan", deadline=None)
settings.load_profile("complyscan")


@pytest.fixture
def aws_env(monkeypatch):
    """Fake credentials, no profile or config file, no endpoint override."""
    for var in (
        "AWS_PROFILE",
        "AWS_DEFAULT_PROFILE",
        "AWS_ENDPOINT_URL",
        "AWS_CONFIG_FILE",
        "AWS_SHARED_CREDENTIALS_FILE",
    ):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_CONFIG_FILE", "/dev/null")


@pytest.fixture
def mocked_aws(aws_env: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """``aws_env`` inside moto's ``mock_aws``, without moto's ~1,300 default AMIs per region."""
    monkeypatch.setenv("MOTO_EC2_LOAD_DEFAULT_AMIS", "false")
    with mock_aws():
        yield
