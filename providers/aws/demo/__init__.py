"""The simulated AWS account behind ``complyscan demo``.

``seed_demo_estate`` plants a realistic mix of compliant and misconfigured resources
through real boto3 calls. The caller must already be inside ``moto.mock_aws()`` with fake
credentials; nothing here starts moto, reads the environment or touches a real account.

Regions are tiered by position: the first gets the full estate (IAM is seeded once, as
account-wide), the second a partial one (GuardDuty and a neglected trail but no Config
recorder, no EBS default encryption), any further region a forgotten sandbox (an open
VPC and an unencrypted volume, no GuardDuty).
"""

from __future__ import annotations

from collections.abc import Sequence

import boto3

from providers.aws.demo.audit import (
    seed_config_recorder,
    seed_guardduty,
    seed_log_groups,
    seed_trail,
)
from providers.aws.demo.aws_breadth import seed_aws_breadth
from providers.aws.demo.breadth import seed_breadth
from providers.aws.demo.buckets import seed_account_storage, seed_buckets
from providers.aws.demo.crypto import seed_keys
from providers.aws.demo.database import seed_databases, seed_tables
from providers.aws.demo.datastores import seed_datastores
from providers.aws.demo.estate import DemoManifest, Estate, PlantedProblem, Tier
from providers.aws.demo.identity import seed_identity
from providers.aws.demo.network import seed_network
from providers.aws.demo.services import seed_services
from providers.aws.demo.storage import seed_block_storage, seed_file_systems
from providers.aws.demo.workloads import seed_workloads

DEMO_REGIONS: tuple[str, ...] = ("us-east-1", "eu-west-1", "ap-southeast-2")

__all__ = ["DEMO_REGIONS", "DemoManifest", "PlantedProblem", "seed_demo_estate"]


def seed_demo_estate(boto: boto3.Session, regions: Sequence[str] = DEMO_REGIONS) -> DemoManifest:
    """Seed the demo estate into the (moto-mocked) account of ``boto``; return its manifest.

    Raises:
        ValueError: ``regions`` is empty or repeats a region.
    """
    if not regions or len(set(regions)) != len(regions):
        raise ValueError(f"need distinct regions to seed, got {list(regions)!r}")
    account = boto.client("sts", region_name=regions[0]).get_caller_identity()["Account"]
    estate = Estate(boto=boto, account=account)
    seed_identity(estate)
    seed_account_storage(estate)
    for index, region in enumerate(regions):
        tier: Tier = "primary" if index == 0 else "secondary" if index == 1 else "sandbox"
        _seed_region(estate, region, tier)
    return estate.ledger.manifest(account, tuple(regions))


def _seed_region(estate: Estate, region: str, tier: Tier) -> None:
    """Seed one region; the order honours dependencies (keys, logs, buckets, trails)."""
    key_arn = seed_keys(estate, region, tier)
    if tier == "primary" and key_arn is not None:
        seed_log_groups(estate, region, key_arn)
    seed_network(estate, region, tier)
    seed_block_storage(estate, region, tier, key_arn)
    seed_buckets(estate, region, tier, key_arn)
    seed_trail(estate, region, tier, key_arn)
    seed_config_recorder(estate, region, tier)
    seed_guardduty(estate, region, tier)
    seed_breadth(estate, region, tier)
    if tier == "primary" and key_arn is not None:
        seed_file_systems(estate, region, key_arn)
        seed_databases(estate, region, key_arn)
        seed_tables(estate, region, key_arn)
        seed_services(estate, region, key_arn)
        seed_workloads(estate, region, key_arn)
        seed_datastores(estate, region, key_arn)
        seed_aws_breadth(estate, region, tier, key_arn)
