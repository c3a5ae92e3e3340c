"""A real `terraform show -json` output of an ECS service (kyverno-json's test data; see
fixtures/kyverno-json/PROVENANCE.md) judged through providers/terraform/aws_serverless.py."""

from __future__ import annotations

from pathlib import Path

from scanner.api import Status, scan

FIXTURE = Path(__file__).parent / "fixtures" / "kyverno-json" / "tf-ecs-service.json"


def test_fargate_service_with_a_public_ip():
    result = scan("terraform", snapshot=FIXTURE, checks=["CTR-101", "CTR-102"])
    verdicts = {
        f.check_id: f.status for f in result.findings if f.resource_uid == "aws_ecs_service.mongo"
    }
    # assign_public_ip = true; launch_type FARGATE on platform version LATEST
    assert verdicts == {"CTR-101": Status.FAIL, "CTR-102": Status.PASS}
