"""ScanConfig: validated settings from flags and ``.complyscan.yaml``; the only file reader."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

import platformdirs
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from scanner.errors import ConfigError
from scanner.findings import Severity, Suppression
from scanner.frameworks import FRAMEWORK_IDS
from scanner.merge import parse_shard

FORMATS = ("json", "sarif", "markdown", "ocsf", "html", "csv")
FailOn = Literal["critical", "high", "medium", "low", "info", "none"]


class FileConfig(BaseModel):
    """The schema of ``.complyscan.yaml``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    suppressions: tuple[Suppression, ...] = ()
    thresholds: dict[str, dict[str, Any]] = Field(
        default_factory=dict,
        description="Check id -> threshold name -> value (docs/thresholds.md); values are "
        "validated against the loaded checks.",
    )


class ScanConfig(BaseModel):
    """Everything a scan needs, validated before any cloud call."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    provider: Literal["aws", "gcp", "azure", "github", "terraform"] = "aws"
    profile: str | None = None
    role_arn: str | None = None
    regions: tuple[str, ...] = ()
    scopes: tuple[str, ...] = Field(
        default=(),
        description="Provider scopes: GCP projects/P|folders/F|organizations/O, Azure "
        "subscription ids.",
    )
    management_group: str | None = None
    impersonate_service_account: str | None = None
    export_uri: str | None = Field(default=None, description="GCP: gs:// prefix for ExportAssets.")
    snapshot: Path | None = Field(default=None, description="Evaluate an export file offline.")
    source_dir: Path | None = Field(
        default=None, description="Terraform: the .tf sources, for file/line locations."
    )
    changed_only: bool = Field(
        default=False, description="Terraform: judge only resources the plan changes."
    )
    org: bool = Field(default=False, description="Scan every member account of the organisation.")
    member_role: str = Field(
        default="OrganizationAccountAccessRole",
        description="AWS: role assumed in each member account with --org.",
    )
    shard: tuple[int, int] | None = Field(
        default=None, description="(k, n): scan only the k-th of n deterministic account shards."
    )
    account_concurrency: int = Field(default=4, ge=1, le=64)
    checks: tuple[str, ...] = ()
    severities: tuple[Severity, ...] = ()
    frameworks: tuple[str, ...] = ()
    output_dir: Path = Path("complyscan-out")
    formats: tuple[str, ...] = ("json", "sarif")
    fail_on: FailOn = "low"
    concurrency: int = Field(default=16, ge=1, le=128)
    max_attempts: int = Field(default=10, ge=1, le=50)
    max_error_attempts: int = Field(
        default=5,
        ge=1,
        le=50,
        description="AWS: attempts for an error that is not throttling (5xx, timeout); "
        "capped by max_attempts.",
    )
    connect_timeout: float = Field(
        default=10, gt=0, le=300, description="Seconds to wait for a TCP connection to an API."
    )
    suppressions: tuple[Suppression, ...] = ()
    thresholds: dict[str, dict[str, Any]] = Field(
        default_factory=dict,
        description="Threshold overrides: check id -> name -> value (docs/thresholds.md).",
    )
    history: str | None = Field(
        default=None,
        description="Record the scan in this history store (SQLAlchemy URL); None: do not.",
    )
    evidence_dir: Path | None = Field(
        default=None, description="Write the evidence bundle (per finding + manifest) here."
    )
    # Source control (GitHub): the organisation, its repositories and the audit window.
    owner: str | None = Field(default=None, description="GitHub organisation (--org ORG).")
    repos: tuple[str, ...] = Field(default=(), description="Only these repositories (--repo).")
    window: tuple[datetime, datetime] | None = Field(
        default=None, description="Audit window [start, end) for merged changes (UTC)."
    )

    @field_validator("formats")
    @classmethod
    def _formats(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        bad = [f for f in value if f not in FORMATS]
        if bad:
            raise ValueError(f"unknown format(s) {bad}; choose from {', '.join(FORMATS)}")
        return value

    @field_validator("frameworks")
    @classmethod
    def _frameworks(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        bad = [f for f in value if f not in FRAMEWORK_IDS]
        if bad:
            raise ValueError(f"unknown framework(s) {bad}; choose from {', '.join(FRAMEWORK_IDS)}")
        return value

    @property
    def fail_threshold(self) -> Severity | None:
        """Severity at or above which a failure makes the exit code 1; None never."""
        return None if self.fail_on == "none" else Severity(self.fail_on)


def split_csv(values: list[str] | None) -> tuple[str, ...]:
    """Accept repeated flags and comma-separated lists alike."""
    return tuple(v.strip() for item in values or () for v in item.split(",") if v.strip())


def history_location(value: str | None) -> str:
    """``--history``: a path or URL as given, else the SQLite file in the user's data dir."""
    if value:
        return value
    return str(platformdirs.user_data_path("complyscan", appauthor=False) / "history.sqlite")


def build_config(**kwargs: Any) -> ScanConfig:
    """Validate flags into a ScanConfig; ConfigError (exit 2) with every problem listed."""
    try:
        config = ScanConfig(**kwargs)
    except ValidationError as err:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'config'}: {e['msg']}" for e in err.errors()
        )
        raise ConfigError(f"invalid settings: {problems}") from err
    if config.shard is not None and "{shard}" in str(config.output_dir):
        # one output directory per shard when shards share storage (EFS, a PVC)
        shard_dir = str(config.output_dir).replace("{shard}", str(config.shard[0]))
        config = config.model_copy(update={"output_dir": Path(shard_dir)})
    return config


def resolve_shard(text: str | None) -> tuple[int, int] | None:
    """``--shard K/N`` or ``auto/N`` (index from a Kubernetes Indexed Job / AWS Batch array)."""
    if not text:
        return None
    return parse_shard(text, dict(os.environ))


#: Largest config file read: exceptions are a few lines each, never megabytes.
MAX_CONFIG_BYTES = 1024 * 1024


class _Loader(yaml.SafeLoader):
    """SafeLoader that leaves dates as text: pydantic validates them, naming the line.

    (PyYAML's own timestamp constructor raises a bare ValueError for ``2027-02-30``.)
    """


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _line(node: yaml.Node | None, loc: tuple[int | str, ...]) -> int | None:
    """The 1-based line of the YAML node at ``loc`` (keys and list indexes), or its parent."""
    line = None
    for part in loc:
        if node is None:
            break
        line = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            node = node.value[part] if part < len(node.value) else None
        else:
            node = None
    return node.start_mark.line + 1 if node is not None else line


def load_file_config(path: Path | None) -> FileConfig:
    """Read ``.complyscan.yaml`` (explicit path, or ./.complyscan.yaml if present).

    Every problem is a ConfigError (exit 2) naming ``file:line``: unreadable or oversized
    files, bad YAML, impossible dates, missing fields. Unknown check ids are found later,
    against the loaded checks (``scanner.suppress.check_suppression_ids``).
    """
    candidate = path or Path(".complyscan.yaml")
    if not candidate.exists():
        if path is not None:
            raise ConfigError(f"config file {path} does not exist")
        return FileConfig()
    try:
        if candidate.stat().st_size > MAX_CONFIG_BYTES:
            raise ConfigError(f"{candidate}: larger than {MAX_CONFIG_BYTES} bytes; not read")
        text = candidate.read_text(encoding="utf-8")
        node = yaml.compose(text, Loader=_Loader)
        raw = yaml.load(text, Loader=_Loader) or {}  # noqa: S506 - a SafeLoader subclass
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as err:
        raise ConfigError(f"{candidate}: cannot read YAML: {err}") from err
    if not isinstance(raw, dict):
        raise ConfigError(f"{candidate}: expected a mapping at the top level")
    items = raw.get("suppressions")
    if isinstance(items, list):
        for n, item in enumerate(items):
            if isinstance(item, dict):
                item["origin"] = f"{candidate}:{_line(node, ('suppressions', n))}"
    try:
        return FileConfig.model_validate(raw)
    except ValidationError as err:
        problems = "; ".join(
            f"{candidate}:{_line(node, e['loc'])}: {'.'.join(str(p) for p in e['loc'])}: {e['msg']}"
            for e in err.errors()
        )
        raise ConfigError(problems) from err


def github_environment() -> dict[str, str]:
    """The ``GITHUB_*`` variables the GitHub provider reads (token, App, API URL)."""
    return {k: v for k, v in os.environ.items() if k.startswith("GITHUB_")}
