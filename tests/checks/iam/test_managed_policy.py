import pytest

from checks.iam.managed_policy import managed_policy_not_admin
from scanner.findings import Status
from scanner.model import PolicyDocument
from tests.checks.factories import admin_document, managed_policy, statement


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, Status.PASS),
        ({"document": admin_document()}, Status.FAIL),
        ({"document": admin_document(), "attachment_count": 0}, Status.FAIL),
        ({"document": None}, Status.UNKNOWN),
        (
            {
                "document": PolicyDocument(
                    statements=(statement(actions=("*:*",), resources=("*",)),)
                )
            },
            Status.FAIL,
        ),
        (
            {
                "document": PolicyDocument(
                    statements=(statement(actions=("s3:*",), resources=("*",)),)
                )
            },
            Status.PASS,
        ),
    ],
)
def test_managed_policy_admin(overrides, expected):
    assert managed_policy_not_admin(managed_policy(**overrides)).status is expected


def test_reason_says_whether_attached():
    result = managed_policy_not_admin(managed_policy(document=admin_document(), attachment_count=0))
    assert result.reason == "allows every action on every resource; not attached yet"
