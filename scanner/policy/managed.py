"""Documents of the AWS managed policies that grant admin or an escalation method.

The collector does not fetch AWS managed policy documents (GetAccountAuthorizationDetails
would return all ~1,300 of them). These documents are abridged from the AWS Managed Policy
Reference Guide (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/) to the
statements that matter for admin equivalence and escalation; any other AWS managed policy
is treated as granting none of the escalation actions (a documented limit, see
docs/policy-engine.md).
"""

from __future__ import annotations

import functools

from scanner.model.iam import PolicyDocument
from scanner.policy.parse import parse_policy_document

_ALL = "*"
_DOCUMENTS: dict[str, list[dict[str, object]]] = {
    "AdministratorAccess": [{"Effect": "Allow", "Action": "*", "Resource": _ALL}],
    "IAMFullAccess": [
        {"Effect": "Allow", "Action": ["iam:*", "organizations:DescribeAccount",
                                        "organizations:DescribeOrganization",
                                        "organizations:DescribeOrganizationalUnit",
                                        "organizations:DescribePolicy",
                                        "organizations:ListChildren",
                                        "organizations:ListParents",
                                        "organizations:ListPoliciesForTarget",
                                        "organizations:ListRoots", "organizations:ListPolicies",
                                        "organizations:ListTargetsForPolicy"],
         "Resource": _ALL},
    ],
    "PowerUserAccess": [
        {"Effect": "Allow", "NotAction": ["iam:*", "organizations:*", "account:*"],
         "Resource": _ALL},
        {"Effect": "Allow", "Action": ["account:GetAccountInformation", "account:GetPrimaryEmail",
                                        "account:ListRegions", "iam:CreateServiceLinkedRole",
                                        "iam:DeleteServiceLinkedRole", "iam:ListRoles",
                                        "organizations:DescribeOrganization"],
         "Resource": _ALL},
    ],
    "AWSLambda_FullAccess": [
        {"Effect": "Allow", "Action": ["lambda:*", "cloudformation:DescribeStacks",
                                        "iam:GetRole", "iam:ListRoles"], "Resource": _ALL},
        {"Effect": "Allow", "Action": "iam:PassRole", "Resource": _ALL,
         "Condition": {"StringEquals": {"iam:PassedToService": "lambda.amazonaws.com"}}},
    ],
    "AmazonSSMFullAccess": [
        {"Effect": "Allow", "Action": ["ssm:*", "ec2:DescribeInstances"], "Resource": _ALL},
        {"Effect": "Allow", "Action": "iam:PassRole", "Resource": _ALL,
         "Condition": {"StringEquals": {"iam:PassedToService": "ssm.amazonaws.com"}}},
    ],
    "AWSCloudFormationFullAccess": [
        {"Effect": "Allow", "Action": "cloudformation:*", "Resource": _ALL},
    ],
}  # fmt: skip


@functools.cache
def aws_managed_document(arn: str) -> PolicyDocument | None:
    """The abridged document of a known AWS managed policy (by ARN), else None."""
    parts = arn.split(":")
    if len(parts) < 6 or parts[4] != "aws":
        return None
    name = parts[5].rsplit("/", 1)[-1]
    statements = _DOCUMENTS.get(name)
    if statements is None:
        return None
    return parse_policy_document({"Version": "2012-10-17", "Statement": statements})
