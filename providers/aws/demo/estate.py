"""Shared seeding state and the manifest of what the demo estate planted."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal

import boto3

from scanner.model import Resource

if TYPE_CHECKING:
    from mypy_boto3_ec2.literals import ResourceTypeType
    from mypy_boto3_ec2.type_defs import TagSpecificationTypeDef

#: How much a region gets: the full estate, a partial one, or a forgotten sandbox.
Tier = Literal["primary", "secondary", "sandbox"]

#: Fake password for the simulated account only; never a real credential.
DEMO_PASSWORD = "Demo-Only-Not-A-Secret-1!"  # noqa: S105


@dataclass(frozen=True)
class PlantedProblem:
    """One deliberate misconfiguration that the scanner is expected to report."""

    kind: str  # scanner model name, e.g. "SecurityGroup"
    uid: str  # ARN, or a pseudo-ARN for account/region settings
    description: str
    region: str  # AWS region, or "global" for account-wide settings


@dataclass(frozen=True)
class DemoManifest:
    """A summary of the seeded estate: resources per scanner kind and planted problems.

    Counts cover what the seeder created or configured (all named or tagged ``demo-``), plus
    one region-level setting per seeded region (EBS defaults, Config, GuardDuty). The default
    VPC that moto creates in every region is not counted, although the scanner will see it.
    """

    account: str
    regions: tuple[str, ...]
    counts: Mapping[str, int]
    problems: tuple[PlantedProblem, ...]

    @property
    def total(self) -> int:
        """Number of resources and settings seeded."""
        return sum(self.counts.values())

    def problems_of(self, kind: str) -> tuple[PlantedProblem, ...]:
        """The planted problems of one scanner kind."""
        return tuple(p for p in self.problems if p.kind == kind)


class Ledger:
    """Mutable record filled while seeding, frozen into a ``DemoManifest`` at the end."""

    def __init__(self) -> None:
        """Start empty."""
        self._counts: Counter[str] = Counter()
        self._problems: list[PlantedProblem] = []

    def add(self, kind: type[Resource], uid: str, region: str, *problems: str) -> str:
        """Count one resource of ``kind`` and record its planted problems; return ``uid``."""
        self._counts[kind.__name__] += 1
        self._problems.extend(PlantedProblem(kind.__name__, uid, p, region) for p in problems)
        return uid

    def manifest(self, account: str, regions: tuple[str, ...]) -> DemoManifest:
        """Freeze what was recorded."""
        counts = MappingProxyType(dict(sorted(self._counts.items())))
        return DemoManifest(account, regions, counts, tuple(self._problems))


@dataclass(frozen=True)
class Estate:
    """What every seeding step shares: the boto3 session, the account id and the ledger."""

    boto: boto3.Session
    account: str
    ledger: Ledger = field(default_factory=Ledger)

    def arn(self, service: str, region: str, resource: str) -> str:
        """An ARN in the demo account (``region`` may be '' for global services)."""
        return f"arn:aws:{service}:{region}:{self.account}:{resource}"

    def bucket(self, purpose: str) -> str:
        """The demo bucket name for ``purpose``; the account suffix keeps S3's shared
        namespace free for demo estates seeded into other (moto) accounts."""
        return f"demo-{purpose}-{self.account}"

    def role_arn(self, name: str) -> str:
        """The ARN of an IAM role of the demo account."""
        return self.arn("iam", "", f"role/{name}")


def policy(*statements: Mapping[str, Any]) -> str:
    """A JSON IAM/resource policy document made of ``statements``."""
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def ec2_tags(resource_type: ResourceTypeType, name: str) -> list[TagSpecificationTypeDef]:
    """An EC2 ``TagSpecifications`` list naming the resource ``name``."""
    return [{"ResourceType": resource_type, "Tags": [{"Key": "Name", "Value": name}]}]
