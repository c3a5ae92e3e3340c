"""The sharding examples (GitHub matrix, Kubernetes Indexed Job, AWS Batch array) are
well-formed, consistent about N, and their command lines are accepted by the CLI parser."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from scanner.config import build_config, resolve_shard

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "sharding"


def test_github_matrix_workflow_is_schema_valid():
    checker = shutil.which("check-jsonschema") or str(
        Path(sys.executable).parent / "check-jsonschema"
    )
    if not Path(checker).exists():
        pytest.skip("check-jsonschema is not installed (it is in the dev extra)")
    path = EXAMPLES / "github-actions-matrix.yml"
    run = subprocess.run(  # noqa: S603 - our own tool on our own example file
        [checker, "--builtin-schema", "vendor.github-workflows", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    doc = yaml.safe_load(path.read_text())
    shards = doc["jobs"]["shard"]["strategy"]["matrix"]["shard"]
    script = doc["jobs"]["shard"]["steps"][3]["run"]
    assert f'--shard "$SHARD/{len(shards)}"' in script
    assert "complyscan merge" in doc["jobs"]["merge"]["steps"][3]["run"]


def test_kubernetes_indexed_job_matches_its_shard_count(monkeypatch):
    job = yaml.safe_load((EXAMPLES / "kubernetes-indexed-job.yaml").read_text())
    spec = job["spec"]
    assert spec["completionMode"] == "Indexed"
    args = spec["template"]["spec"]["containers"][0]["args"]
    assert args[args.index("--shard") + 1] == f"auto/{spec['completions']}"
    monkeypatch.setenv("JOB_COMPLETION_INDEX", "0")
    shard = resolve_shard(args[args.index("--shard") + 1])
    out = args[args.index("--output-dir") + 1]
    config = build_config(org=True, shard=shard, output_dir=out)
    assert str(config.output_dir) == "/out/shard-1"


def test_aws_batch_array_job_matches_its_shard_count(monkeypatch):
    doc = json.loads((EXAMPLES / "aws-batch-array-job.json").read_text())
    command = doc["jobDefinition"]["containerProperties"]["command"]
    size = doc["submitJob"]["arrayProperties"]["size"]
    assert command[command.index("--shard") + 1] == f"auto/{size}"
    monkeypatch.delenv("JOB_COMPLETION_INDEX", raising=False)
    monkeypatch.setenv("AWS_BATCH_JOB_ARRAY_INDEX", str(size - 1))
    assert resolve_shard(f"auto/{size}") == (size, size)
