"""Checks over container task definitions (ECS; each container judged on its own)."""

from __future__ import annotations

import re

from checks.workloads._controls import HARDENING, LOGGING, PRIVILEGE, SECRETS
from scanner.findings import Result, Severity, failed, not_applicable, passed
from scanner.model import ContainerTaskDefinition
from scanner.registry import check

#: Variables Security Hub ECS.8 names as credentials when passed as plain environment values.
_AWS_CREDENTIAL_NAMES = frozenset(
    {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "ECS_ENGINE_AUTH_DATA"}
)
#: A name that says its value is a secret ...
_SECRET_WORD = re.compile(
    r"(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIALS?"
    r"|(?:^|_)(?:PASS|PWD)(?:_|$))",
    re.I,
)
#: ... unless it says it holds a reference to one (an ARN, id, name, path, file) or a setting.
_REFERENCE_SUFFIX = re.compile(
    r"_(ARN|ID|NAME|PATH|FILE|REF|PARAM|PARAMETER|URI|URL|ENDPOINT|HEADER|TTL|TIMEOUT|EXPIRY"
    r"|EXPIRATION|LENGTH|ENABLED)$",
    re.I,
)
_ROOT_USERS = frozenset({"", "root", "0"})


def secret_like(name: str) -> bool:
    """The variable name says it carries a credential value (not a reference to one)."""
    if name.upper() in _AWS_CREDENTIAL_NAMES:
        return True
    if name.upper() == "PWD":  # the shell's working directory
        return False
    return bool(_SECRET_WORD.search(name)) and not _REFERENCE_SUFFIX.search(name)


def _runs_as_root(user: str) -> bool:
    """``user`` (``name``, ``uid``, ``name:group``...) is root or the image default."""
    return user.split(":", 1)[0].strip() in _ROOT_USERS


@check(
    id="CTR-001",
    title="Task definitions run no privileged containers",
    severity=Severity.HIGH,
    resource=ContainerTaskDefinition,
    controls=PRIVILEGE,
    providers=("aws",),
)
def task_definition_no_privileged_containers(task: ContainerTaskDefinition) -> Result:
    """A privileged container holds every Linux capability and the host's devices, so an
    escape from it is root on the host and on every task sharing it.

    Remediation: remove ``privileged: true`` from the container definitions and grant only
    the specific Linux capabilities a container needs.
    """
    bad = [c.name for c in task.containers if c.privileged]
    if bad:
        return failed(f"privileged container(s): {', '.join(bad)}")
    return passed(f"{len(task.containers)} container(s), none privileged")


@check(
    id="CTR-002",
    title="Task definitions mount container root filesystems read-only",
    severity=Severity.MEDIUM,
    resource=ContainerTaskDefinition,
    controls=HARDENING,
    providers=("aws",),
)
def task_definition_read_only_root(task: ContainerTaskDefinition) -> Result:
    """A writable root filesystem lets an attacker who runs code in the container replace
    binaries and plant tools that survive until the task stops.

    Remediation: set ``readonlyRootFilesystem: true`` on every container and mount volumes
    only where the application writes.
    """
    bad = [c.name for c in task.containers if not c.read_only_root]
    if bad:
        return failed(f"writable root filesystem: {', '.join(bad)}")
    return passed("every container root filesystem is read-only")


@check(
    id="CTR-003",
    title="Task definitions on the host network run no root containers",
    severity=Severity.HIGH,
    resource=ContainerTaskDefinition,
    controls=(*PRIVILEGE, "nist-800-53-r5:SC-7"),
    providers=("aws",),
)
def task_definition_host_network_non_root(task: ContainerTaskDefinition) -> Result:
    """In host network mode a container shares the instance's network stack; running as root
    there it can bind privileged ports, sniff or alter the host's traffic and reach the
    instance metadata service.

    Remediation: use the awsvpc (or bridge) network mode, or set ``user`` to a non-root user
    on every container of a host-mode task definition.
    """
    if task.network_mode != "host":
        return not_applicable(f"network mode {task.network_mode or 'default'}")
    bad = [c.name for c in task.containers if _runs_as_root(c.user)]
    if bad:
        return failed(f"host network mode with container(s) running as root: {', '.join(bad)}")
    return passed("host network mode, every container runs as a non-root user")


@check(
    id="CTR-004",
    title="Task definitions do not share the host's process namespace",
    severity=Severity.HIGH,
    resource=ContainerTaskDefinition,
    controls=PRIVILEGE,
    providers=("aws",),
)
def task_definition_no_host_pid(task: ContainerTaskDefinition) -> Result:
    """With the host's PID namespace a container sees every process on the instance and can
    signal or inspect them, breaking the isolation between tasks.

    Remediation: remove ``pidMode: host`` (use ``task`` or leave it unset).
    """
    if task.pid_mode == "host":
        return failed("pidMode host: containers share the host's process namespace")
    return passed(f"pidMode {task.pid_mode or 'private (default)'}")


@check(
    id="CTR-005",
    title="Task definitions pass secrets by reference, not as environment values",
    severity=Severity.HIGH,
    resource=ContainerTaskDefinition,
    controls=SECRETS,
    providers=("aws",),
)
def task_definition_secrets_by_reference(task: ContainerTaskDefinition) -> Result:
    """Plain environment values are stored in the task definition, readable by anyone with
    ecs:DescribeTaskDefinition and copied into every revision, so a credential there
    leaks widely and cannot be rotated without a redeploy. Only variable names are judged.

    Remediation: move the value to Secrets Manager or SSM Parameter Store and reference it
    in the container's ``secrets`` (``valueFrom``); use the task role instead of access keys.
    """
    bad = [
        f"{c.name}:{name}"
        for c in task.containers
        for name in c.environment_names
        if secret_like(name)
    ]
    if bad:
        return failed(f"secret-named plain environment variable(s): {', '.join(bad)}")
    refs = sum(len(c.secret_names) for c in task.containers)
    return passed(f"no secret-named plain variables; {refs} secret reference(s)")


@check(
    id="CTR-006",
    title="Task definitions configure logging for every container",
    severity=Severity.MEDIUM,
    resource=ContainerTaskDefinition,
    controls=LOGGING,
    providers=("aws",),
)
def task_definition_logging(task: ContainerTaskDefinition) -> Result:
    """Without a log configuration a container's output stays on the instance (or is lost
    on Fargate), leaving no record to investigate an incident.

    Remediation: set ``logConfiguration`` (awslogs, awsfirelens or another driver) on every
    container definition.
    """
    bad = [c.name for c in task.containers if not c.logging]
    if bad:
        return failed(f"no log configuration: {', '.join(bad)}")
    return passed("every container has a log configuration")
