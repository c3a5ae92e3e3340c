"""Registry meta-test: a check claims a provider only where a collector yields its kind.

Issue 17 item 3: twelve checks were listed for AWS with no AWS collector for their resource
kind (DNS zones, GKE clusters, GCP service-account keys, subnets, VMs), so they showed as
0/0/0/0 rows forever. Every (check, provider) pair must have a collector on that provider
that yields the check's resource kind; `checks list --provider` and reports follow from it.

When you add a collector for a kind on a provider, add the provider to the checks of that
kind (``providers=`` on ``@check``); when you add a check, declare only providers that can
feed it. This test names each pair that has no collector.
"""

from __future__ import annotations

import importlib
import json

import pytest
from typer.testing import CliRunner

from scanner.cli import app
from scanner.frameworks.scope import BENCHMARK_PROVIDER
from scanner.pipeline import PROVIDER_MODULES
from scanner.registry import load

REGISTRY = load()


def _kinds(provider: str) -> set[str]:
    spec = importlib.import_module(PROVIDER_MODULES[provider]).PROVIDER
    return {c.resource.__name__ for c in spec.collectors}


KINDS = {p: _kinds(p) for p in PROVIDER_MODULES}


@pytest.mark.parametrize("provider", sorted(PROVIDER_MODULES))
def test_every_check_provider_pair_has_a_collector_for_its_kind(provider):
    orphans = sorted(
        f"{c.id} ({c.resource.__name__})"
        for c in REGISTRY
        if provider in c.providers and c.resource.__name__ not in KINDS[provider]
    )
    assert not orphans, f"checks claim {provider} but no {provider} collector yields: {orphans}"


def test_every_check_runs_somewhere():
    assert all(c.providers for c in REGISTRY)


def test_a_checks_benchmark_refs_are_for_providers_it_runs_on():
    wrong = {
        c.id: ref
        for c in REGISTRY
        for ref in c.declared_controls
        if BENCHMARK_PROVIDER.get(ref.partition(":")[0], c.providers[0]) not in c.providers
    }
    assert not wrong


@pytest.mark.parametrize("provider", sorted(PROVIDER_MODULES))
def test_checks_list_for_a_provider_lists_only_what_can_run_there(provider):
    result = CliRunner().invoke(app, ["checks", "list", "--provider", provider, "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert rows
    assert all(r["resource"] in KINDS[provider] for r in rows)


def test_the_aws_demo_report_has_no_check_without_an_aws_collector(tmp_path):
    result = CliRunner().invoke(app, ["demo", "--output-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "complyscan-report.json").read_text())
    listed = {c["id"] for c in report["checks"]}
    # (KUBE-101 and VM-106 run on AWS since the EKS and EC2 collectors: no longer listed)
    for gone in ("DNS-101", "IAM-108", "NET-104"):
        assert gone not in listed
    assert all(c["resource_kind"] in KINDS["aws"] for c in report["checks"])


def test_permissions_for_a_local_input_say_no_cloud_permission_is_needed():
    # a plan is a file: printing an IAM policy with an empty Action list would mislead
    result = CliRunner().invoke(app, ["permissions", "terraform"])
    assert result.exit_code == 0, result.output
    assert "no cloud permissions are needed" in result.output
    assert '"Action": []' not in result.output
