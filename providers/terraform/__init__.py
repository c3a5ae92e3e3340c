"""Terraform (and OpenTofu) plans and states as a provider: the same checks before apply.

``terraform show -json tfplan > plan.json`` then
``complyscan scan --provider terraform --plan plan.json [--source-dir .]``. The planned
AWS, Google and Azure resources fill the same neutral models a live scan fills, so every
check that applies judges them unchanged; nothing is called over the network.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from providers.terraform.aws import COLLECTORS as AWS_COLLECTORS
from providers.terraform.aws_account import COLLECTORS as AWS_ACCOUNT_COLLECTORS
from providers.terraform.aws_apis import COLLECTORS as AWS_API_COLLECTORS
from providers.terraform.aws_backup_net import COLLECTORS as AWS_BACKUP_NET_COLLECTORS
from providers.terraform.aws_compute import COLLECTORS as AWS_COMPUTE_COLLECTORS
from providers.terraform.aws_data import COLLECTORS as AWS_DATA_COLLECTORS
from providers.terraform.aws_databases import COLLECTORS as AWS_DATABASE_COLLECTORS
from providers.terraform.aws_edge import COLLECTORS as AWS_EDGE_COLLECTORS
from providers.terraform.aws_more import COLLECTORS as AWS_MORE_COLLECTORS
from providers.terraform.aws_network_more import COLLECTORS as AWS_NETWORK_MORE_COLLECTORS
from providers.terraform.aws_serverless import COLLECTORS as AWS_SERVERLESS_COLLECTORS
from providers.terraform.aws_snapshots import COLLECTORS as AWS_SNAPSHOT_COLLECTORS
from providers.terraform.aws_trails import COLLECTORS as AWS_TRAIL_COLLECTORS
from providers.terraform.aws_users import COLLECTORS as AWS_USER_COLLECTORS
from providers.terraform.azure import COLLECTORS as AZURE_COLLECTORS
from providers.terraform.azure_account import COLLECTORS as AZURE_ACCOUNT_COLLECTORS
from providers.terraform.azure_backup import COLLECTORS as AZURE_BACKUP_COLLECTORS
from providers.terraform.azure_more import COLLECTORS as AZURE_MORE_COLLECTORS
from providers.terraform.azure_network import COLLECTORS as AZURE_NETWORK_COLLECTORS
from providers.terraform.azure_security import COLLECTORS as AZURE_SECURITY_COLLECTORS
from providers.terraform.azure_vault import COLLECTORS as AZURE_VAULT_COLLECTORS
from providers.terraform.gcp import COLLECTORS as GCP_COLLECTORS
from providers.terraform.gcp_compute import COLLECTORS as GCP_COMPUTE_COLLECTORS
from providers.terraform.gcp_iam import COLLECTORS as GCP_IAM_COLLECTORS
from providers.terraform.gcp_monitoring import COLLECTORS as GCP_MONITORING_COLLECTORS
from providers.terraform.gcp_more import COLLECTORS as GCP_MORE_COLLECTORS
from providers.terraform.gcp_network import COLLECTORS as GCP_NETWORK_COLLECTORS
from providers.terraform.gcp_services import COLLECTORS as GCP_SERVICE_COLLECTORS
from providers.terraform.plan import load_plan
from providers.terraform.session import TerraformSession, plan_artifact
from providers.terraform.sources import SourceIndex
from scanner.config import ScanConfig
from scanner.errors import ConfigError
from scanner.findings import Finding, Status
from scanner.findingset import Findings
from scanner.provider import ProviderSpec
from scanner.result import ScanResult

PLAN_SCOPE = "plan"


def connect(config: ScanConfig) -> TerraformSession:  # noqa: ARG001 - the spec's signature
    """There is nothing to connect to: a plan file is required."""
    raise ConfigError(
        "--provider terraform reads a plan: give --plan plan.json "
        "(from `terraform show -json tfplan > plan.json`)"
    )


def open_plan(path: Path, config: ScanConfig) -> TerraformSession:
    """A session over ``terraform show -json`` output (a plan or a state)."""
    sources = None
    if config.source_dir is not None:
        if not config.source_dir.is_dir():
            raise ConfigError(f"--source-dir {config.source_dir} is not a directory")
        sources = SourceIndex(config.source_dir)
    plan = load_plan(path)
    for prefix, live in (("azurerm_", "providers.azure"), ("google_", "providers.gcp")):
        if any(r.type.startswith(prefix) for r in plan.resources):
            # the Azure and Google mappers import the live provider (and its SDK) lazily;
            # importing it here, once, before the collectors' threads start keeps two of
            # them from importing it at once (a _DeadlockError / partially initialised
            # module under the import lock)
            importlib.import_module(live)

    return TerraformSession(plan, changed_only=config.changed_only, sources=sources)


def scopes(session: TerraformSession, config: ScanConfig) -> list[str]:  # noqa: ARG001
    """One scope: the plan."""
    return [PLAN_SCOPE]


def annotate(session: TerraformSession, result: ScanResult) -> ScanResult:
    """Locate findings on the .tf file and line (else the plan file); name the attributes
    known only after apply in UNKNOWN findings."""
    unknown = session.unknown_attributes()
    by_address = {r.address: r for r in session.plan.resources}
    artifact = plan_artifact(session)
    partial = session.partial_models()
    located: dict[str, str] = {}

    def where(address: str) -> str:
        if address not in located:
            resource = by_address.get(address)
            place = session.sources.locate(resource) if session.sources and resource else None
            located[address] = f"{place[0]}:{place[1]}" if place else artifact
        return located[address]

    def one(finding: Finding) -> Finding:
        # the address is the uid, or the name where the ARN is known at plan time (S3)
        address = (
            finding.resource_uid if finding.resource_uid in by_address else finding.resource_name
        )
        update: dict[str, object] = {"location": where(address)}
        attributes = unknown.get(address)
        if finding.status is Status.UNKNOWN and attributes:
            update["reason"] = f"known after apply: {', '.join(attributes)}; {finding.reason}"
        why, checks, uncertain = partial.get(finding.resource_uid, ("", frozenset(), ""))
        if finding.status.value == uncertain and (checks is None or finding.check_id in checks):
            update["status"] = Status.UNKNOWN
            update["reason"] = f"{why}; {finding.reason}"
        return finding.model_copy(update=update)

    return result.model_copy(update={"findings": Findings(one(f) for f in result.findings)})


PROVIDER: ProviderSpec[TerraformSession] = ProviderSpec(
    name="terraform",
    connect=connect,
    scopes=scopes,
    collectors=(
        *AWS_COLLECTORS,
        *AWS_MORE_COLLECTORS,
        *GCP_COLLECTORS,
        *AZURE_COLLECTORS,
        *AWS_DATA_COLLECTORS,
        *AWS_BACKUP_NET_COLLECTORS,
        *AWS_USER_COLLECTORS,
        *AWS_DATABASE_COLLECTORS,
        *AWS_COMPUTE_COLLECTORS,
        *AWS_EDGE_COLLECTORS,
        *GCP_MORE_COLLECTORS,
        *AZURE_MORE_COLLECTORS,
        *AWS_API_COLLECTORS,
        *AWS_SERVERLESS_COLLECTORS,
        *AWS_SNAPSHOT_COLLECTORS,
        *AWS_NETWORK_MORE_COLLECTORS,
        *AWS_ACCOUNT_COLLECTORS,
        *AWS_TRAIL_COLLECTORS,
        *GCP_COMPUTE_COLLECTORS,
        *GCP_IAM_COLLECTORS,
        *GCP_SERVICE_COLLECTORS,
        *GCP_NETWORK_COLLECTORS,
        *GCP_MONITORING_COLLECTORS,
        *AZURE_SECURITY_COLLECTORS,
        *AZURE_VAULT_COLLECTORS,
        *AZURE_NETWORK_COLLECTORS,
        *AZURE_BACKUP_COLLECTORS,
        *AZURE_ACCOUNT_COLLECTORS,
    ),
    open_snapshot=open_plan,
    annotate=annotate,
)

__all__ = ["PROVIDER", "TerraformSession", "annotate", "open_plan"]
