"""Project- and organisation-level monitoring setup, API keys and load balancer backends."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from scanner.model.base import Resource


class ProjectMonitoring(Resource):
    """Project-level: log export, log-based alerting and asset inventory (GCP first).

    ``alerted_changes`` holds the change kinds (``CHANGE_KINDS`` in the GCP provider, e.g.
    ``firewall-rules``) for which an enabled log-based metric feeds an enabled alert policy.
    """

    export_all: bool | None = Field(
        description="An enabled sink with no filter and no active exclusion routes every "
        "entry (own or inherited with includeChildren); None unknown."
    )
    export_sinks: tuple[str, ...] = ()
    alerted_changes: tuple[str, ...] | None = Field(
        default=None, description="Change kinds with a log metric and an enabled alert."
    )
    asset_inventory: bool | None = Field(
        default=None, description="The Cloud Asset Inventory API is enabled; None unknown."
    )
    hint: str = Field(default="", description="Why a field is unknown, and what to export.")


class EssentialContacts(Resource):
    """Organisation-level: notification categories that reach a named contact."""

    categories: tuple[str, ...] | None = Field(
        description="Upper-case categories subscribed by some contact (ALL covers all)."
    )


class ApiKey(Resource):
    """An API key: when it was created and what it may call."""

    created_at: datetime | None
    deleted: bool = False
    api_targets: tuple[str, ...] | None = Field(
        description="Services the key is restricted to; () unrestricted; None unknown."
    )
    application_restricted: bool | None = Field(
        default=None, description="Restricted to referrers, IPs, Android or iOS apps."
    )


class LoadBalancerBackend(Resource):
    """A load balancer backend service and its request logging."""

    protocol: str = Field(description="Upper-case: HTTP, HTTPS, HTTP2, TCP, SSL, UDP, GRPC...")
    scheme: str = Field(description="Upper-case load balancing scheme (EXTERNAL, INTERNAL...).")
    logging: bool | None
    sample_rate: float | None = Field(
        default=None, description="Share of requests logged (0.0-1.0) when logging is on."
    )
