"""ECS task definitions: the latest ACTIVE revision of every family.

ListTaskDefinitionFamilies (status ACTIVE) names the families; DescribeTaskDefinition on a
family name returns its latest ACTIVE revision. Environment variable values are never kept:
only their names, and the names of variables filled from ``secrets`` references.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

from providers.aws.session import SDK_ERRORS, AwsSession, paginate, translate_error
from scanner.model import ContainerSpec, ContainerTaskDefinition
from scanner.provider import Collector, Item

_PERMISSIONS = ("ecs:ListTaskDefinitionFamilies", "ecs:DescribeTaskDefinition")


def to_container_spec(container: Mapping[str, Any]) -> ContainerSpec:
    """Pure: a ``containerDefinitions`` item -> ContainerSpec (names only, never values).

    ``privileged`` and ``readonlyRootFilesystem`` default to false when absent (ECS
    ContainerDefinition API reference); ``user`` absent runs as the image's user (root
    unless the image says otherwise).
    """
    return ContainerSpec(
        name=str(container.get("name", "")),
        privileged=bool(container.get("privileged", False)),
        read_only_root=bool(container.get("readonlyRootFilesystem", False)),
        user=str(container.get("user", "")),
        environment_names=tuple(
            str(e["name"]) for e in container.get("environment") or () if "name" in e
        ),
        secret_names=tuple(str(s["name"]) for s in container.get("secrets") or () if "name" in s),
        logging=bool((container.get("logConfiguration") or {}).get("logDriver")),
    )


def to_task_definition(
    task: Mapping[str, Any], tags: Any = None, *, account: str, region: str,
    collected_at: datetime,
) -> ContainerTaskDefinition:  # fmt: skip
    """Pure: a DescribeTaskDefinition ``taskDefinition`` (+ its tags) -> the model."""
    return ContainerTaskDefinition(
        uid=str(task["taskDefinitionArn"]), provider="aws", account=account, region=region,
        service="ecs", name=f"{task['family']}:{task.get('revision', 0)}",
        tags={str(t["key"]): str(t.get("value", "")) for t in tags or () if "key" in t},
        collected_at=collected_at, revision=int(task.get("revision", 0)),
        network_mode=str(task.get("networkMode", "")), pid_mode=str(task.get("pidMode", "")),
        containers=tuple(to_container_spec(c) for c in task.get("containerDefinitions") or ()),
    )  # fmt: skip


def collect_task_definitions(session: AwsSession, region: str) -> Iterator[Item]:
    """Yield the latest ACTIVE revision of every task definition family in ``region``."""
    ecs = session.client("ecs", region)
    try:
        families = paginate(ecs, "list_task_definition_families", "families", status="ACTIVE")
    except SDK_ERRORS as err:
        raise translate_error(
            err, scope=region, resource="ContainerTaskDefinition", permission=_PERMISSIONS[0]
        ) from err

    def describe(family: str) -> dict[str, Any] | Exception:
        try:
            answer = ecs.describe_task_definition(taskDefinition=family, include=["TAGS"])
        except SDK_ERRORS as err:
            return err
        return dict(answer)

    now = session.now()
    for family, answer in zip(families, session.map(describe, families), strict=True):
        if isinstance(answer, Exception):
            uid = f"arn:aws:ecs:{region}:{session.account}:task-definition/{family}"
            yield translate_error(
                answer, scope=region, resource="ContainerTaskDefinition",
                permission=_PERMISSIONS[1], uid=uid,
            )  # fmt: skip
            continue
        yield to_task_definition(
            answer["taskDefinition"], answer.get("tags"), account=session.account,
            region=region, collected_at=now,
        )  # fmt: skip


COLLECTORS = (
    Collector(ContainerTaskDefinition, collect_task_definitions, permissions=_PERMISSIONS),
)
