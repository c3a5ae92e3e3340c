"""The fake answers what GitHub publishes: REST bodies validate against the OpenAPI response
schemas, and the client's GraphQL queries validate against GitHub's GraphQL schema."""

from __future__ import annotations

import gzip
import json
from typing import Any

import httpx
import jsonschema
import pytest
from graphql import GraphQLSchema, build_client_schema, parse, validate

from providers.github.changes import BRANCH_HISTORY, MERGED_PULLS
from tests.providers.github.fake_github import _SPEC, FIXTURES
from tests.providers.github.scenario import organisation

#: (published path template, concrete path on the fake)
ENDPOINTS = [
    ("/orgs/{org}", "/orgs/acme"),
    ("/orgs/{org}/repos", "/orgs/acme/repos"),
    ("/repos/{owner}/{repo}", "/repos/acme/rules"),
    (
        "/repos/{owner}/{repo}/branches/{branch}/protection",
        "/repos/acme/classic/branches/main/protection",
    ),
    (
        "/repos/{owner}/{repo}/branches/{branch}/protection",
        "/repos/acme/rules/branches/main/protection",
    ),
    ("/repos/{owner}/{repo}/rules/branches/{branch}", "/repos/acme/rules/rules/branches/main"),
    ("/repos/{owner}/{repo}/rulesets/{ruleset_id}", "/repos/acme/rules/rulesets/7"),
    ("/repos/{owner}/{repo}/codeowners/errors", "/repos/acme/rules/codeowners/errors"),
    ("/repos/{owner}/{repo}/codeowners/errors", "/repos/acme/classic/codeowners/errors"),
    ("/repos/{owner}/{repo}/actions/permissions", "/repos/acme/open/actions/permissions"),
    (
        "/repos/{owner}/{repo}/actions/permissions/workflow",
        "/repos/acme/open/actions/permissions/workflow",
    ),
    ("/repos/{owner}/{repo}/environments", "/repos/acme/open/environments"),
    ("/repos/{owner}/{repo}/collaborators", "/repos/acme/open/collaborators"),
    ("/repos/{owner}/{repo}/keys", "/repos/acme/open/keys"),
    ("/repos/{owner}/{repo}/activity", "/repos/acme/rules/activity"),
    ("/repos/{owner}/{repo}", "/repos/acme/hidden"),
]


def _json_schema(node: Any) -> Any:
    """OpenAPI 3.0 ``nullable`` as JSON Schema (``type: [T, "null"]``)."""
    if isinstance(node, list):
        return [_json_schema(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {k: _json_schema(v) for k, v in node.items() if k != "nullable"}
    if node.get("nullable"):
        if "type" in out:
            out["type"] = [out["type"], "null"]
        else:
            out = {"anyOf": [out, {"type": "null"}]}
    return out


@pytest.fixture(scope="module")
def answers() -> dict[str, tuple[int, Any]]:
    fake = organisation()
    fake.answers.clear()  # the injected faults are not GitHub's documented shapes
    got = {}
    with fake.serve() as base, httpx.Client(base_url=base) as client:
        for _, path in ENDPOINTS:
            response = client.get(path, params={"per_page": 100})
            got[path] = (response.status_code, response.json() if response.content else None)
    return got


@pytest.mark.parametrize(("template", "path"), ENDPOINTS, ids=[p for _, p in ENDPOINTS])
def test_rest_answer_matches_published_schema(answers, template, path):
    status, body = answers[path]
    responses = _SPEC["paths"][template]["responses"]
    assert str(status) in responses, f"{template} documents no {status} answer"
    schema = responses[str(status)]
    if schema is not None:  # None: documented without a JSON body schema
        jsonschema.validate(body, _json_schema(schema))


def test_vulnerability_alerts_answers_204_or_404():
    # "Check if vulnerability alerts are enabled": 204 enabled, 404 not enabled (no body)
    documented = set(_SPEC["paths"]["/repos/{owner}/{repo}/vulnerability-alerts"]["responses"])
    assert documented == {"204", "404"}


@pytest.fixture(scope="module")
def graphql_schema() -> GraphQLSchema:
    data = json.loads(gzip.decompress((FIXTURES / "graphql-schema.json.gz").read_bytes()))
    schema = build_client_schema(data.get("data", data))
    # the published schema trips graphql-core's own consistency rules (deprecations on
    # interface fields); queries are still validated field by field against it
    schema._validation_errors = []
    return schema


@pytest.mark.parametrize(
    "query", [MERGED_PULLS, BRANCH_HISTORY], ids=["MergedPulls", "BranchHistory"]
)
def test_graphql_queries_validate_against_the_schema(graphql_schema, query):
    assert validate(graphql_schema, parse(query)) == []


def test_graphql_schema_rejects_a_wrong_field(graphql_schema):
    bad = MERGED_PULLS.replace("mergedBy { login }", "mergedByUser { login }")
    assert validate(graphql_schema, parse(bad))
