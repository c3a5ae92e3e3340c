"""SSM documents, the public-sharing setting and EC2 metadata defaults: mappers and moto."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from providers.aws import PROVIDER
from providers.aws.session import AwsSession
from providers.aws.ssm import (
    collect_automation_documents,
    collect_document_sharing,
    collect_instance_defaults,
    to_document_sharing,
    to_instance_defaults,
)
from scanner.engine import run_scan
from scanner.errors import CollectionError
from scanner.findings import Status
from scanner.model import AutomationDocument
from scanner.registry import load

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
ACCOUNT = "123456789012"
REGION = "us-east-1"
STEP = {"action": "aws:runShellScript", "name": "x", "inputs": {"runCommand": ["true"]}}
CONTENT = json.dumps({"schemaVersion": "2.2", "description": "demo", "mainSteps": [STEP]})


@pytest.mark.parametrize(
    ("value", "blocked"), [("Disable", True), ("Enable", False), ("disable", True), ("", None)]
)
def test_to_document_sharing(value: str, blocked: bool | None):
    model = to_document_sharing(
        {"SettingValue": value}, account=ACCOUNT, region=REGION, collected_at=NOW
    )
    assert model.public_sharing_blocked is blocked


# EC2 API reference, InstanceMetadataDefaultsResponse: HttpTokens optional | required |
# no-preference; HttpEndpoint enabled | disabled | no-preference.
@pytest.mark.parametrize(
    ("level", "required"),
    [
        ({"HttpTokens": "required"}, True),
        ({"HttpTokens": "optional"}, False),
        ({"HttpTokens": "no-preference"}, False),
        ({"HttpEndpoint": "disabled"}, True),
        ({}, False),
    ],
)
def test_to_instance_defaults(level: dict[str, Any], required: bool):
    model = to_instance_defaults(
        {"AccountLevel": level}, account=ACCOUNT, region=REGION, collected_at=NOW
    )
    assert model.metadata_tokens_required is required


def test_documents_on_moto(aws_session: AwsSession):
    ssm = aws_session.boto.client("ssm", region_name=REGION)
    for name in ("public-runbook", "private-runbook"):
        ssm.create_document(Content=CONTENT, Name=name, DocumentType="Command")
    ssm.modify_document_permission(
        Name="public-runbook", PermissionType="Share", AccountIdsToAdd=["all"]
    )
    docs = {d.name: d for d in collect_automation_documents(aws_session, REGION)}
    assert all(isinstance(d, AutomationDocument) for d in docs.values())
    assert (docs["public-runbook"].public, docs["private-runbook"].public) == (True, False)


def test_unimplemented_settings_are_unknown(aws_session: AwsSession):
    for collect, permission in (
        (collect_document_sharing, "ssm:GetServiceSetting"),
        (collect_instance_defaults, "ec2:GetInstanceMetadataDefaults"),
    ):
        [error] = collect(aws_session, REGION)
        assert isinstance(error, CollectionError)
        assert (error.cause, error.permission) == ("NotImplemented", permission)
    result = run_scan(PROVIDER, aws_session, load().select(ids=["SVC-502", "VM-503"]), [REGION])
    assert {f.check_id: f.status for f in result.findings} == {
        "SVC-502": Status.UNKNOWN, "VM-503": Status.UNKNOWN,
    }  # fmt: skip
