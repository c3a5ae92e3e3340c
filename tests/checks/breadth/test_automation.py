"""Near-miss twins for SSM document sharing and instance metadata defaults."""

from __future__ import annotations

from typing import Any

import pytest

from checks.compute.instance_metadata import instance_defaults_require_imdsv2
from checks.services.automation_document import (
    document_not_public,
    document_public_sharing_blocked,
)
from scanner.findings import Status
from tests.checks.factories_breadth import (
    automation_document,
    document_sharing,
    instance_defaults,
)

PASS, FAIL, UNKNOWN = Status.PASS, Status.FAIL, Status.UNKNOWN


# SSM API reference, DescribeDocumentPermission: AccountIds "all" = public.
@pytest.mark.parametrize(
    ("shared_with", "expected"),
    [
        ((), PASS),
        (("111122223333",), PASS),  # near miss: shared, but with a named account
        (("all",), FAIL),
        (("111122223333", "all"), FAIL),
        (None, UNKNOWN),
    ],
)
def test_document_public(shared_with: Any, expected: Status):
    assert document_not_public(automation_document(shared_with=shared_with)).status is expected


@pytest.mark.parametrize(("blocked", "expected"), [(True, PASS), (False, FAIL), (None, UNKNOWN)])
def test_public_sharing_setting(blocked: bool | None, expected: Status):
    model = document_sharing(public_sharing_blocked=blocked)
    assert document_public_sharing_blocked(model).status is expected


@pytest.mark.parametrize(("required", "expected"), [(True, PASS), (False, FAIL), (None, UNKNOWN)])
def test_metadata_defaults(required: bool | None, expected: Status):
    model = instance_defaults(metadata_tokens_required=required)
    assert instance_defaults_require_imdsv2(model).status is expected
