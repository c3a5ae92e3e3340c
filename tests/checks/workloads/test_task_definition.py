"""CTR-001..006 on ECS task definitions.

Field semantics: ECS ContainerDefinition / TaskDefinition API reference
(https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html,
https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_TaskDefinition.html) and the
Security Hub ECS controls (https://docs.aws.amazon.com/securityhub/latest/userguide/ecs-controls.html).
"""

from __future__ import annotations

import pytest

from checks.workloads.task_definition import (
    secret_like,
    task_definition_host_network_non_root,
    task_definition_logging,
    task_definition_no_host_pid,
    task_definition_no_privileged_containers,
    task_definition_read_only_root,
    task_definition_secrets_by_reference,
)
from scanner.findings import Status
from tests.checks.factories_workloads import container, task_definition

HARDENED = container()


def test_one_privileged_container_among_several_fails_and_is_named():
    task = task_definition(HARDENED, container(name="sidecar", privileged=True))
    result = task_definition_no_privileged_containers(task)
    assert result.status is Status.FAIL
    assert "sidecar" in result.reason
    assert "app" not in result.reason
    assert task_definition_no_privileged_containers(task_definition(HARDENED)).status is Status.PASS


def test_read_only_root_is_judged_per_container():
    # readonlyRootFilesystem absent means false (API reference): one writable container fails
    task = task_definition(HARDENED, container(name="worker", read_only_root=False))
    assert task_definition_read_only_root(task).status is Status.FAIL
    assert task_definition_read_only_root(task_definition(HARDENED)).status is Status.PASS


@pytest.mark.parametrize(
    ("mode", "user", "expected"),
    [
        ("host", "", Status.FAIL),  # no user: the image default, root
        ("host", "root", Status.FAIL),
        ("host", "0", Status.FAIL),
        ("host", "0:0", Status.FAIL),
        ("host", "root:app", Status.FAIL),
        ("host", "1000", Status.PASS),  # near miss: host mode, non-root uid
        ("host", "app:app", Status.PASS),
        ("awsvpc", "", Status.NOT_APPLICABLE),  # near miss: root, but its own network stack
        ("bridge", "root", Status.NOT_APPLICABLE),
        ("", "", Status.NOT_APPLICABLE),  # networkMode absent: bridge/default, never host
    ],
)
def test_host_network_mode_with_root(mode, user, expected):
    task = task_definition(container(user=user), network_mode=mode)
    assert task_definition_host_network_non_root(task).status is expected


def test_host_network_fails_when_any_container_is_root():
    task = task_definition(container(user="1000"), container(name="agent", user=""))
    task = task.model_copy(update={"network_mode": "host"})
    result = task_definition_host_network_non_root(task)
    assert result.status is Status.FAIL
    assert "agent" in result.reason


@pytest.mark.parametrize(
    ("pid", "expected"), [("host", Status.FAIL), ("task", Status.PASS), ("", Status.PASS)]
)
def test_pid_mode(pid, expected):
    assert task_definition_no_host_pid(task_definition(pid_mode=pid)).status is expected


@pytest.mark.parametrize(
    "name",
    [
        "AWS_ACCESS_KEY_ID",  # the three names Security Hub ECS.8 evaluates
        "AWS_SECRET_ACCESS_KEY",
        "ECS_ENGINE_AUTH_DATA",
        "aws_secret_access_key",
        "DB_PASSWORD",
        "STRIPE_API_KEY",
        "APIKEY",
        "GITHUB_TOKEN",
        "CLIENT_SECRET",
        "TLS_PRIVATE_KEY",
        "SERVICE_CREDENTIALS",
        "SMTP_PASS",
        "DB_PWD",
        "PASS_PHRASE",
    ],
)
def test_secret_names_in_plain_environment_fail(name):
    task = task_definition(container(environment_names=("LOG_LEVEL", name)))
    result = task_definition_secrets_by_reference(task)
    assert secret_like(name)
    assert result.status is Status.FAIL
    assert name in result.reason


@pytest.mark.parametrize(
    "name",
    [
        "DB_PASSWORD_SECRET_ARN",  # a reference to the secret, not its value
        "API_KEY_PARAMETER",
        "TOKEN_URL",
        "SECRET_NAME",
        "SESSION_TOKEN_TTL",
        "PASSWORD_MIN_LENGTH",
        "AWS_REGION",
        "KEYSPACE",
        "LOG_LEVEL",
        "PWD",  # the working directory
        "PASSENGER_COUNT",
        "BYPASS_CACHE",
    ],
)
def test_setting_and_reference_names_pass(name):
    task = task_definition(container(environment_names=(name,)))
    assert not secret_like(name)
    assert task_definition_secrets_by_reference(task).status is Status.PASS


def test_the_same_name_passed_as_a_secret_reference_passes():
    by_reference = container(environment_names=(), secret_names=("DB_PASSWORD",))
    as_value = container(environment_names=("DB_PASSWORD",), secret_names=())
    assert task_definition_secrets_by_reference(task_definition(by_reference)).status is Status.PASS
    assert task_definition_secrets_by_reference(task_definition(as_value)).status is Status.FAIL


def test_logging_per_container():
    task = task_definition(HARDENED, container(name="init", logging=False))
    result = task_definition_logging(task)
    assert result.status is Status.FAIL
    assert result.reason == "no log configuration: init"
    assert task_definition_logging(task_definition(HARDENED)).status is Status.PASS
