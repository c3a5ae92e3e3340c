"""AWS provider: boto3 collectors behind the neutral model."""

from __future__ import annotations

from providers.aws import kms
from providers.aws.regions import enabled_regions
from providers.aws.session import AwsSession
from scanner.provider import Collector, ProviderSpec

COLLECTORS: tuple[Collector[AwsSession], ...] = (*kms.COLLECTORS,)

PROVIDER: ProviderSpec[AwsSession] = ProviderSpec(
    name="aws",
    connect=AwsSession.connect,
    scopes=enabled_regions,
    collectors=COLLECTORS,
)

__all__ = ["COLLECTORS", "PROVIDER", "AwsSession"]
