"""ECS task definitions: mapper on API JSON and collector on moto (names only, never values)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from providers.aws.ecs import collect_task_definitions, to_task_definition
from providers.aws.session import AwsSession
from scanner.errors import CollectionError
from scanner.model import ContainerTaskDefinition
from tests.providers.aws.scripted import script

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
ACCOUNT = "123456789012"
REGION = "us-east-1"
VALUE = "do-not-keep-this-value"


def test_mapper_defaults_follow_the_api_reference():
    # privileged / readonlyRootFilesystem absent = false; networkMode absent = default
    task = to_task_definition(
        {
            "taskDefinitionArn": f"arn:aws:ecs:{REGION}:{ACCOUNT}:task-definition/web:4",
            "family": "web",
            "revision": 4,
            "containerDefinitions": [
                {"name": "app", "environment": [{"name": "DB_PASSWORD", "value": VALUE}]}
            ],
        },
        [{"key": "team", "value": "core"}],
        account=ACCOUNT,
        region=REGION,
        collected_at=NOW,
    )
    [app] = task.containers
    assert (task.name, task.revision, task.network_mode, task.pid_mode) == ("web:4", 4, "", "")
    assert (app.privileged, app.read_only_root, app.user, app.logging) == (False, False, "", False)
    assert app.environment_names == ("DB_PASSWORD",)
    assert task.tags == {"team": "core"}
    assert VALUE not in task.model_dump_json()


def test_collects_the_latest_active_revision_of_each_family(aws_session: AwsSession):
    ecs = aws_session.client("ecs", REGION)
    plain = {"name": "app", "image": "nginx", "memory": 128}
    ecs.register_task_definition(family="web", containerDefinitions=[plain])
    ecs.register_task_definition(
        family="web",
        networkMode="host",
        pidMode="host",
        containerDefinitions=[
            {
                **plain,
                "privileged": True,
                "readonlyRootFilesystem": True,
                "user": "1000:1000",
                "environment": [{"name": "AWS_SECRET_ACCESS_KEY", "value": VALUE}],
                "secrets": [{"name": "DB_PASSWORD", "valueFrom": "arn:aws:ssm:::parameter/db"}],
                "logConfiguration": {"logDriver": "awslogs", "options": {}},
            }
        ],
    )
    ecs.register_task_definition(family="batch", containerDefinitions=[plain])
    found = {t.name: t for t in collect_task_definitions(aws_session, REGION)}
    assert set(found) == {"web:2", "batch:1"}
    web = found["web:2"]
    assert isinstance(web, ContainerTaskDefinition)
    [app] = web.containers
    assert (web.network_mode, web.pid_mode) == ("host", "host")
    assert (app.privileged, app.read_only_root, app.user, app.logging) == (
        True,
        True,
        "1000:1000",
        True,
    )
    assert (app.environment_names, app.secret_names) == (
        ("AWS_SECRET_ACCESS_KEY",),
        ("DB_PASSWORD",),
    )
    assert VALUE not in web.model_dump_json()


def test_listing_failure_is_scope_wide(aws_session: AwsSession):
    script(aws_session.client("ecs", REGION), "ListTaskDefinitionFamilies", "AccessDeniedException")
    with pytest.raises(CollectionError, match="ecs:ListTaskDefinitionFamilies"):
        list(collect_task_definitions(aws_session, REGION))


def test_a_family_that_cannot_be_described_is_unknown_by_uid(aws_session: AwsSession):
    ecs = aws_session.client("ecs", REGION)
    ecs.register_task_definition(
        family="web", containerDefinitions=[{"name": "a", "image": "i", "memory": 64}]
    )
    script(ecs, "DescribeTaskDefinition", "AccessDeniedException")
    [error] = collect_task_definitions(aws_session, REGION)
    assert isinstance(error, CollectionError)
    assert error.permission == "ecs:DescribeTaskDefinition"
    assert error.uid == f"arn:aws:ecs:{REGION}:{ACCOUNT}:task-definition/web"
