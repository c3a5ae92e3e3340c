"""The demo's simulated AWS account: moto in-process, seeded, behind a real AwsSession."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import boto3
from moto import mock_aws
from rich.console import Console

from providers.aws.demo import DEMO_REGIONS, seed_demo_estate
from providers.aws.session import AwsSession
from scanner.registry import Registry

#: Variables that would redirect or re-credential boto3 away from the in-process mock.
_CLEARED = (
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_S3_CONTROL",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_ROLE_ARN",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_CONFIG_FILE",
    "AWS_SHARED_CREDENTIALS_FILE",
)


@contextmanager
def _isolated_env() -> Iterator[None]:
    saved = {k: os.environ.pop(k) for k in _CLEARED if k in os.environ}
    saved_amis = os.environ.get("MOTO_EC2_LOAD_DEFAULT_AMIS")
    # Without this moto lists ~1,300 stock AMI snapshots per region as the account's own.
    os.environ["MOTO_EC2_LOAD_DEFAULT_AMIS"] = "false"
    os.environ["AWS_CONFIG_FILE"] = os.devnull
    os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull
    try:
        yield
    finally:
        for k in ("AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "MOTO_EC2_LOAD_DEFAULT_AMIS"):
            os.environ.pop(k, None)
        if saved_amis is not None:
            os.environ["MOTO_EC2_LOAD_DEFAULT_AMIS"] = saved_amis
        os.environ.update(saved)


@contextmanager
def simulated_account(*, concurrency: int = 8) -> Iterator[tuple[AwsSession, list[str]]]:
    """Yield a session on a seeded in-process moto account and the demo regions.

    Only the endpoint differs from a real scan: the same session, collectors and engine run.
    The fake credentials below are moto's placeholders, not secrets.
    """
    with _isolated_env(), mock_aws():
        boto = boto3.Session(
            aws_access_key_id="demo",
            aws_secret_access_key="demo",  # noqa: S106 - moto placeholder, not a secret
            region_name=DEMO_REGIONS[0],
        )
        seed_demo_estate(boto, DEMO_REGIONS)
        session = AwsSession(
            boto=boto,
            account="",
            identity="",
            default_region=DEMO_REGIONS[0],
            concurrency=concurrency,
            max_attempts=3,
        )
        session.account, session.identity = session.whoami()
        try:
            yield session, list(DEMO_REGIONS)
        finally:
            session.close()


#: Resource kinds the simulator cannot serve: kind -> the API moto does not implement.
#: Checks on these kinds are left out of the demo unless asked for by id (``--checks``),
#: where they stay UNKNOWN and the scan says it is incomplete, as on any endpoint.
SIMULATOR_GAPS: dict[str, str] = {
    "BackupCoverage": "backup:ListBackupSelections",
    "RestoreTesting": "backup:ListRestoreTestingPlans",
    "AccessAnalysis": "access-analyzer:ListAnalyzers",
    "InstanceDefaults": "ec2:GetInstanceMetadataDefaults",
    "DocumentSharing": "ssm:GetServiceSetting",
    "CacheCluster": "elasticache:DescribeServerlessCaches",
    "DatabaseCluster": "rds:DescribeDBEngineVersions",
    "BackupVaultPolicy": "backup:GetBackupVaultAccessPolicy",
    "ServerlessWarehouse": "redshift-serverless:ListNamespaces",
}


def without_simulator_gaps(registry: Registry) -> tuple[Registry, list[str]]:
    """``registry`` without checks the simulator cannot serve, and a line per left-out check."""
    gaps = [c for c in registry if c.resource.__name__ in SIMULATOR_GAPS]
    kept = Registry(tuple(c for c in registry if c not in gaps))
    by_api: dict[str, list[str]] = {}
    for c in gaps:  # one note per missing API, its checks named together
        by_api.setdefault(SIMULATOR_GAPS[c.resource.__name__], []).append(c.id)
    notes = [f"{', '.join(ids)} (moto does not implement {api})" for api, ids in by_api.items()]
    return kept, notes


def demo_selection(registry: Registry, *, explicit: bool) -> Registry:
    """The demo's checks, saying on stderr what runs on the simulator and what it leaves out.

    Checks named with ``--checks`` all run (``explicit``); otherwise simulator gaps are left
    out and listed, so the demo reads as the healthy example it is, not as an incident.
    """
    if explicit:
        return registry
    kept, notes = without_simulator_gaps(registry)
    if notes:
        Console(stderr=True, highlight=False).print(
            f"Not simulated, left out of the demo: {'; '.join(notes)}."
        )
    return kept
