"""Long-running container services (ECS services, Cloud Run services, Azure Container Apps)."""

from __future__ import annotations

from pydantic import Field

from scanner.model.base import Resource


class ContainerService(Resource):
    """A service that keeps a number of container tasks running."""

    cluster: str = Field(description="Cluster (or environment) the service runs in.")
    launch_type: str = Field(description="FARGATE, EC2, EXTERNAL; '' = capacity providers.")
    serverless: bool | None = Field(
        description="Tasks run on provider-managed compute (Fargate); None unknown."
    )
    platform_version: str = Field(description="Fargate platform version; '' = not set.")
    platform_family: str = Field(default="", description="LINUX, WINDOWS_SERVER_...; '' unknown.")
    public_ip: bool = Field(description="Tasks receive a public IP address automatically.")
    exec_enabled: bool = Field(default=False, description="Interactive exec into tasks is on.")
