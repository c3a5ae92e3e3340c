"""Time to judge a fake GitHub organisation, and the API calls it took.

    python -m bench.github_org [REPOS] [PULLS_PER_REPO]     (default 50 x 40 = 2,000)

Serves the loopback fake of ``tests/providers/github`` (REST answers from GitHub's published
OpenAPI examples, GraphQL nodes in the schema's shape) with every repository protected by
a ruleset, each pull request merged in the window with two reviews and three check runs,
and its merge commit on the default branch; then runs the real provider and engine with
every GitHub check. Prints wall time, requests by kind and calls per 100 merged pull
requests.
"""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime, timedelta

from providers.github import PROVIDER, connect
from scanner.config import build_config
from scanner.engine import run_scan
from scanner.registry import load
from tests.providers.github.fake_github import FakeGitHub, FakeRepo
from tests.providers.github.nodes import commit, pull, review, run
from tests.providers.github.scenario import ruleset, ruleset_rules, security

START = datetime(2026, 1, 1, tzinfo=UTC)
WINDOW = (START, START + timedelta(days=90))


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def organisation(repos: int, pulls: int) -> FakeGitHub:
    """``repos`` repositories with ``pulls`` merged pull requests each."""
    fake = FakeGitHub(org="acme", graphql_page=50)
    for r in range(repos):
        name = f"svc-{r:03d}"
        nodes, commits = [], []
        for n in range(1, pulls + 1):
            # spread over the window, every one inside it
            at = START + timedelta(minutes=n * (90 * 24 * 60 // (pulls + 1)) + r)
            head = f"{r:03d}{n:05d}"
            nodes.append(
                pull(n, repo=name, author=f"dev{n % 7}", merged_by=f"lead{n % 3}",
                     merged_at=_iso(at), head=head,
                     reviews=[review(f"lead{n % 3}", commit=head, at=_iso(at)),
                              review("bot", "COMMENTED", commit=head, at=_iso(at))],
                     runs=[run("ci/test"), run("lint"), run("build")])
            )  # fmt: skip
            commits.append(commit(f"m{head}", repo=name, at=_iso(at), pulls=[(n, True, "main")]))
        fake.add(
            FakeRepo(
                name,
                rules=ruleset_rules(7),
                rulesets={7: ruleset(7, [])},
                security=security(),
                pulls=nodes,
                commits=commits,
            )
        )
    return fake


def main(argv: list[str]) -> None:
    """Run the benchmark and print its figures."""
    repos = int(argv[0]) if argv else 50
    per_repo = int(argv[1]) if len(argv) > 1 else 40
    fake = organisation(repos, per_repo)
    registry = load().select(provider="github")
    with fake.serve() as base:
        cfg = build_config(provider="github", owner="acme", window=WINDOW)
        started = time.perf_counter()
        session = connect(cfg, env={"GITHUB_TOKEN": "bench", "GITHUB_API_URL": base})
        result = run_scan(PROVIDER, session, registry, PROVIDER.scopes(session, cfg))
        elapsed = time.perf_counter() - started
        session.close()
    merged = repos * per_repo
    counter = session.counter
    population = [f for f in result.findings if f.check_id == "CHG-001"]
    judged = sum(int(f.reason.split(" of ", 1)[1].split()[0]) for f in population)
    print(f"repositories: {repos}, merged pull requests: {merged}, judged: {judged}")
    print(f"findings: {len(result.findings)}; CHG-001 findings: {len(population)}")
    print(f"wall time: {elapsed:.2f} s (concurrency {cfg.concurrency})")
    print(f"requests: {counter.total} (REST {counter.rest}, GraphQL {counter.graphql})")
    print(f"calls per 100 merged pull requests: {100 * counter.total / merged:.1f} in all, "
          f"{100 * counter.graphql / merged:.1f} GraphQL")  # fmt: skip


if __name__ == "__main__":
    main(sys.argv[1:])
