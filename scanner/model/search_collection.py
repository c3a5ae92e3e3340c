"""Serverless search collections (OpenSearch Serverless; neutral for managed search
services without clusters)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from scanner.model.base import Encryption, Resource

SearchEndpoint = Literal["collection", "dashboard"]


class SearchCollection(Resource):
    """A serverless search collection: its encryption key and its network exposure."""

    collection_type: str = Field(default="", description="SEARCH, TIMESERIES, VECTORSEARCH.")
    encryption: Encryption | None = Field(description="None: key unreadable.")
    public_endpoints: tuple[SearchEndpoint, ...] | None = Field(
        description="Endpoints reachable from public networks; None: network policies unread."
    )
