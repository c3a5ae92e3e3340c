"""Queues, topics, image repositories and secrets."""

import pytest

from checks.services.image_repository import (
    image_repository_scans_on_push,
    image_repository_tags_immutable,
)
from checks.services.queue import queue_encrypted
from checks.services.secret import secret_rotation_enabled
from checks.services.topic import topic_encrypted
from scanner.findings import Status
from tests.checks.factories import (
    cmk_encryption,
    image_repository,
    no_encryption,
    provider_encryption,
    queue,
    secret,
    topic,
)


@pytest.mark.parametrize(("check", "factory"), [(queue_encrypted, queue), (topic_encrypted, topic)])
@pytest.mark.parametrize(
    ("encryption", "expected"),
    [
        (provider_encryption(), Status.PASS),
        (cmk_encryption(), Status.PASS),
        (no_encryption(), Status.FAIL),
        (None, Status.UNKNOWN),
    ],
)
def test_message_encryption(check, factory, encryption, expected):
    assert check(factory(encryption=encryption)).status is expected


@pytest.mark.parametrize(
    ("check", "factory", "field"),
    [
        (image_repository_scans_on_push, image_repository, "scan_on_push"),
        (image_repository_tags_immutable, image_repository, "tags_immutable"),
        (secret_rotation_enabled, secret, "rotation_enabled"),
    ],
)
@pytest.mark.parametrize(
    ("value", "expected"),
    [(True, Status.PASS), (False, Status.FAIL), (None, Status.UNKNOWN)],
)
def test_service_settings(check, factory, field, value, expected):
    assert check(factory(**{field: value})).status is expected


def test_secret_reason_names_period():
    assert secret_rotation_enabled(secret()).reason == "automatic rotation on every 30 days"
