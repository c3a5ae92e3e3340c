"""Account-level inventory facts: which regions hold resources and which services exist."""

from __future__ import annotations

from pydantic import Field

from scanner.model.base import Resource


class ServiceFootprint(Resource):
    """One subscription/account: regions in use and the presence of shared services."""

    regions_in_use: tuple[str, ...] | None = Field(
        description="Normalised region names that hold at least one resource; None unknown."
    )
    network_watcher_regions: tuple[str, ...] | None = Field(
        default=None, description="Regions with a provisioned network monitoring service."
    )
    bastion_hosts: int | None = Field(
        default=None, description="Managed bastion (jump host) services deployed."
    )
    app_insights_components: int | None = Field(
        default=None, description="Application performance monitoring components deployed."
    )
