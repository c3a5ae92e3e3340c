"""Serverless functions (Lambda, Cloud Run functions, Azure Functions)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from scanner.model.base import Frozen, Resource
from scanner.model.iam import PolicyDocument
from scanner.model.lifecycle import SupportWindow


class FunctionUrl(Frozen):
    """A public HTTPS endpoint that invokes the function directly."""

    qualifier: str = Field(description="'$LATEST' or the alias the URL belongs to.")
    url: str
    auth: Literal["iam", "none"] = Field(description="'none': anyone may call it unsigned.")


class ServerlessFunction(Resource):
    """A function run on demand by the provider (Lambda, Cloud Run functions, Functions)."""

    runtime: str = Field(description="Managed runtime id ('' for container image packages).")
    package: Literal["zip", "image"]
    runtime_support: SupportWindow | None = Field(
        description="The runtime's published deprecation; None: runtime not in the calendar."
    )
    in_vpc: bool = Field(description="Attached to private subnets of a virtual network.")
    subnet_ids: tuple[str, ...] = ()
    availability_zones: tuple[str, ...] | None = Field(
        default=(), description="Zones of the attached subnets; None: unreadable."
    )
    tracing_active: bool | None = Field(description="Requests are traced (X-Ray Active).")
    dead_letter: bool | None = Field(
        description="Failed asynchronous invocations go to a dead-letter queue or an "
        "on-failure destination; None: unreadable."
    )
    urls: tuple[FunctionUrl, ...] | None = Field(
        description="Function URLs; () none; None unreadable."
    )
    policy: PolicyDocument | None = Field(
        default=None, description="Resource-based policy; empty document when none; None unread."
    )
