"""Container task definitions (ECS task definitions, Cloud Run services, Container Apps)."""

from __future__ import annotations

from pydantic import Field

from scanner.model.base import Frozen, Resource


class ContainerSpec(Frozen):
    """One container of a task definition, as declared (never its values)."""

    name: str
    privileged: bool
    read_only_root: bool
    user: str = Field(description="User the process runs as; '' = the image's default.")
    environment_names: tuple[str, ...] = Field(
        description="Names of plain environment variables (values are never read)."
    )
    secret_names: tuple[str, ...] = Field(
        description="Names of variables filled from a secret store reference."
    )
    logging: bool = Field(description="A log driver/configuration is declared.")


class ContainerTaskDefinition(Resource):
    """The latest active revision of a containerised task definition."""

    revision: int
    network_mode: str = Field(description="'host', 'awsvpc', 'bridge', 'none'; '' = default.")
    pid_mode: str = Field(description="'host', 'task'; '' = a private PID namespace.")
    containers: tuple[ContainerSpec, ...]
