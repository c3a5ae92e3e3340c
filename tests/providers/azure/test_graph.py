"""Resource Graph through the real SDK: batching, $skipToken paging, quota, 429, 403."""

from __future__ import annotations

import pytest

from providers.azure import graph
from providers.azure.graph import QUERIES
from tests.providers.azure.tenant import SUB_A, SUB_B


def test_inventory_pages_with_skip_token(fake, make_session):
    fake.page_size = 4
    inventory = make_session(SUB_A, SUB_B).graph()
    calls = fake.graph_calls()
    tokens = [c.body["options"].get("$skipToken") for c in calls]
    assert any(tokens), "later pages carry the previous page's $skipToken"
    assert all(c.body["options"]["$top"] == 1000 for c in calls)
    assert all(c.body["options"]["resultFormat"] == "objectArray" for c in calls)
    assert inventory.queries == len(calls)
    rows = (
        len(fake.tables["resources"])
        + sum(len(fake.tables[t]) for t in fake.tables)
        - len(fake.tables["resources"])
    )
    regions = {(r["subscriptionId"], r["location"]) for r in fake.tables["resources"]}
    # + one synthetic row per (subscription, region in use) from the regions query
    assert sum(len(v) for v in inventory.rows.values()) == rows + len(regions)
    assert not inventory.failures


def test_six_queries_per_batch_without_paging(fake, make_session):
    make_session(SUB_A, SUB_B).graph()
    assert len(fake.graph_calls()) == len(QUERIES) == 6
    assert all(c.body["subscriptions"] == [SUB_A, SUB_B] for c in fake.graph_calls())


def test_batches_stay_under_the_documented_limit(fake, make_session, monkeypatch):
    monkeypatch.setattr(graph, "BATCH", 1)
    make_session(SUB_A, SUB_B).graph()
    assert {tuple(c.body["subscriptions"]) for c in fake.graph_calls()} == {(SUB_A,), (SUB_B,)}


def test_429_with_retry_after_is_retried_by_the_sdk(fake, make_session):
    fake.throttle_graph, fake.retry_after = 1, "0.3"
    inventory = make_session(SUB_A).graph()
    first, second = fake.graph_calls()[:2]
    assert (first.status, second.status) == (429, 200)
    assert second.at - first.at >= 0.3, "waited Retry-After before retrying"
    assert not inventory.failures


def test_exhausted_quota_waits_for_the_window_to_reset(fake, make_session):
    slept: list[float] = []
    fake.quota = 2  # the second query is answered with 0 remaining
    make_session(SUB_A, sleep=slept.append).graph()
    assert slept == [5.0]


def test_unreadable_subscription_is_a_failure_not_an_empty_pass(fake, make_session):
    fake.denied = {SUB_B}
    inventory = make_session(SUB_A, SUB_B).graph()
    assert SUB_B not in inventory.rows
    cause, hint, _ = inventory.failures[SUB_B]
    assert cause == "AuthorizationFailed"
    assert "Reader" in hint
    assert SUB_A in inventory.rows


def test_403_on_a_batch_is_retried_per_subscription(fake, make_session, monkeypatch):
    original = fake.graph

    def deny_batches(request):
        subs = request.get("subscriptions") or []
        if SUB_B in subs:
            return 403, {}, {"error": {"code": "AuthorizationFailed", "message": "no"}}
        return original(request)

    monkeypatch.setattr(fake, "graph", deny_batches)
    inventory = make_session(SUB_A, SUB_B).graph()
    assert inventory.failures[SUB_B][0] == "AuthorizationFailed"
    assert inventory.rows[SUB_A]
    assert not {SUB_A} & set(inventory.failures)


@pytest.mark.parametrize("management_group", [None, "mg-root"])
def test_discovery_lists_subscription_containers(fake, make_session, management_group):
    subs = make_session().discover(management_group)
    assert subs == (SUB_A, SUB_B)
    request = fake.graph_calls()[0].body
    assert request["query"].startswith("resourcecontainers")
    assert request.get("managementGroups") == ([management_group] if management_group else None)
