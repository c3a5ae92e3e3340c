"""REST API resource policies: the escaped ``policy`` string, and the collector on moto.

API Gateway returns ``RestApi.policy`` with quotes and slashes backslash-escaped (the shape
reported in hashicorp/terraform-provider-aws#4397 and localstack/localstack#3325).
"""

from __future__ import annotations

import json

from providers.aws.apigateway import collect_apis, rest_api_policy
from providers.aws.session import AwsSession
from scanner.model import Api

REGION = "us-east-1"
POLICY = {
    "Version": "2012-10-17",
    "Statement": [{
        "Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke",
        "Resource": "arn:aws:execute-api:us-east-1:123456789012:a1b2c3/*",
        "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-1a2b"}},
    }],
}  # fmt: skip


def test_escaped_and_plain_policies_read_alike():
    plain = json.dumps(POLICY, separators=(",", ":"))
    escaped = plain.replace('"', '\\"').replace("/", "\\/")
    for text in (plain, escaped):
        document = rest_api_policy(text)
        assert document is not None
        [statement] = document.statements
        assert statement.resources == ("arn:aws:execute-api:us-east-1:123456789012:a1b2c3/*",)
        assert statement.conditions[0].key == "aws:SourceVpce"
    empty = rest_api_policy(None)
    assert empty is not None
    assert empty.statements == ()
    assert rest_api_policy("{not a policy") is None


def test_collect_apis_reads_the_policy(aws_session: AwsSession):
    client = aws_session.client("apigateway", REGION)
    client.create_rest_api(name="with-policy", policy=json.dumps(POLICY))
    client.create_rest_api(name="without-policy")
    found = {a.name: a for a in collect_apis(aws_session, REGION) if isinstance(a, Api)}
    restricted, bare = found["with-policy"], found["without-policy"]
    assert restricted.resource_policy is not None
    assert len(restricted.resource_policy.statements) == 1
    assert bare.resource_policy is not None
    assert bare.resource_policy.statements == ()
