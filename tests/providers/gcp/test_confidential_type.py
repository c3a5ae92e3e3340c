"""Confidential VMs chosen by technology: the compute v1 ConfidentialInstanceConfig has
``enableConfidentialCompute`` (AMD SEV) and ``confidentialInstanceType`` (SEV, SEV_SNP,
TDX; https://cloud.google.com/compute/docs/reference/rest/v1/instances); either makes
the VM confidential."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from providers.gcp.assets import AssetRecord
from providers.gcp.compute import to_virtual_machine


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ({}, False),
        ({"enableConfidentialCompute": False}, False),
        ({"enableConfidentialCompute": True}, True),
        ({"confidentialInstanceType": "SEV_SNP"}, True),
        ({"confidentialInstanceType": "TDX", "enableConfidentialCompute": False}, True),
        ({"confidentialInstanceType": "CONFIDENTIAL_INSTANCE_TYPE_UNSPECIFIED"}, False),
    ],
)
def test_confidential_computing(config, expected):
    record = AssetRecord(
        name="//compute.googleapis.com/projects/p/zones/z/instances/vm",
        asset_type="compute.googleapis.com/Instance",
        origin="test",
        data={"name": "vm", "confidentialInstanceConfig": config},
    )
    fields = {"uid": "vm", "provider": "gcp", "account": "p", "region": "z",
              "service": "compute", "name": "vm", "collected_at": datetime.now(UTC)}  # fmt: skip
    vm = to_virtual_machine(record, fields, project_metadata={})
    assert vm.confidential_computing is expected
