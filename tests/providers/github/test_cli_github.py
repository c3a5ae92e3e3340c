"""The GitHub provider through the CLI: scan, permissions, the auditor's sample, GHES."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from providers.github import PROVIDER
from providers.github.permissions import CALL_PERMISSIONS
from scanner.cli import app
from scanner.outputs.json_report import finding_dicts
from scanner.source_control import org_argument
from tests.providers.github.scenario import organisation
from tests.providers.github.test_github_scan import scan

runner = CliRunner()
WINDOW_ARGS = ["--from", "2026-01-01", "--to", "2026-03-31"]


def test_org_argument_names_the_github_organisation():
    assert org_argument(["scan", "--provider", "github", "--org", "acme"]) == [
        "scan", "--provider", "github", "--owner", "acme",
    ]  # fmt: skip
    assert org_argument(["scan", "--provider=github", "--org=acme"])[-1] == "--owner=acme"
    # AWS keeps --org as a flag
    assert org_argument(["scan", "--provider", "aws", "--org", "--shard", "1/2"])[3] == "--org"


def test_permissions_prints_read_only_fine_grained_and_app_permissions():
    result = runner.invoke(app, ["permissions", "github"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    token = doc["fine_grained_token"]
    assert set(token["repository_permissions"].values()) == {"read"}
    assert set(token["organization_permissions"].values()) == {"read"}
    assert {"Administration", "Pull requests", "Metadata"} <= set(token["repository_permissions"])
    assert set(doc["github_app"]["permissions"].values()) == {"read"}


def _template(path: str) -> re.Pattern[str]:
    pattern = re.sub(r"\\\{[a-z_]+\\\}", "[^/]+", re.escape(path))
    return re.compile(f"^{pattern}$")


def test_every_call_the_scan_makes_is_declared():
    fake = organisation()
    with fake.serve() as base:
        scan(fake, base)
    declared = PROVIDER.permissions()
    assert set(declared) <= set(CALL_PERMISSIONS)
    templates = {call: _template(call.split(" ", 1)[1]) for call in declared}
    for method, path in set(fake.requests):
        if path == "/user":
            continue  # identity of the token, asked once at connect
        matched = [c for c, rx in templates.items() if c.startswith(method) and rx.match(path)]
        assert matched, f"undeclared call {method} {path}"


def _scan_cli(base: str, tmp_path: Path, monkeypatch, *extra: str):
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_test")
    monkeypatch.setenv("GITHUB_API_URL", base)
    args = org_argument(
        ["scan", "--provider", "github", "--org", "acme", *WINDOW_ARGS,
         "--output-dir", str(tmp_path / "out"), "--format", "json", "--quiet", *extra]
    )  # fmt: skip
    return runner.invoke(app, args)


def test_scan_with_an_unreadable_repository_exits_3(tmp_path, monkeypatch):
    fake = organisation()
    with fake.serve() as base:
        result = _scan_cli(base, tmp_path, monkeypatch, "--repo", "classic,hidden")
    assert result.exit_code == 3, result.output
    report = json.loads(next((tmp_path / "out").glob("*.json")).read_text())
    hidden = [f for f in finding_dicts(report) if f["region"] == "hidden"]
    assert hidden
    assert {f["status"] for f in hidden} == {"unknown"}


def test_scan_without_a_token_is_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    monkeypatch.delenv("GH_TOKEN", raising=False)
    monkeypatch.delenv("GITHUB_APP_ID", raising=False)
    result = runner.invoke(app, ["scan", "--provider", "github", "--owner", "acme", "--quiet"])
    assert result.exit_code == 2
    assert "GITHUB_TOKEN" in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["--since", "90d", "--from", "2026-01-01"],
        ["--to", "2026-01-01"],
        ["--from", "2026-02-01", "--to", "2026-01-01"],
    ],
)
def test_bad_windows_are_usage_errors(args, monkeypatch):
    monkeypatch.setenv("GITHUB_TOKEN", "x")
    result = runner.invoke(app, ["scan", "--provider", "github", "--owner", "acme", *args])
    assert result.exit_code == 2


def test_sample_is_reproducible_and_recorded(tmp_path, monkeypatch):
    fake = organisation()
    with fake.serve() as base:
        result = _scan_cli(
            base, tmp_path, monkeypatch, "--repo", "classic,rules,stale",
            "--evidence", str(tmp_path / "evidence"), "--fail-on", "none",
        )  # fmt: skip
    assert result.exit_code == 0, result.output
    draws = []
    for n, seed in enumerate(("s1", "s1", "s2")):
        out = tmp_path / f"sample{n}"
        sample = runner.invoke(
            app,
            ["evidence", "sample", str(tmp_path / "evidence"), "--size", "4", "--seed", seed,
             "--output-dir", str(out)],
        )  # fmt: skip
        assert sample.exit_code == 0, sample.output
        draws.append(json.loads((out / "manifest.json").read_text()))
    first, again, other = draws
    assert first["population"]["count"] == 12  # 1 + 9 (7 pull requests, 2 direct) + 2
    assert first["sample_keys"] == again["sample_keys"]
    assert first["population"]["sha256"] == other["population"]["sha256"]
    assert first["sample_keys"] != other["sample_keys"]
    assert first["seed"] == "s1"
    assert len(first["sample_keys"]) == 4
    items = json.loads((tmp_path / "sample0" / "sample.json").read_text())["sample"]
    assert [i["key"] for i in items] == first["sample_keys"]
    assert all("independent_approvers" in i and i["change"]["url"] for i in items)


def test_sample_refuses_a_tampered_bundle(tmp_path, monkeypatch):
    fake = organisation()
    with fake.serve() as base:
        _scan_cli(base, tmp_path, monkeypatch, "--repo", "rules", "--evidence",
                  str(tmp_path / "evidence"), "--fail-on", "none")  # fmt: skip
    victim = next((tmp_path / "evidence" / "findings").glob("CHG-001/*.json"))
    victim.write_text(victim.read_text().replace("carol", "dave"))
    result = runner.invoke(
        app, ["evidence", "sample", str(tmp_path / "evidence"), "--seed", "x",
              "--output-dir", str(tmp_path / "s")],
    )  # fmt: skip
    assert result.exit_code == 2
    assert "fails verification" in " ".join(result.output.split())


def test_enterprise_server_paths(tmp_path):
    fake = organisation()
    with fake.serve() as base:
        scan(fake, base + "/api/v3", repos=("rules",))
    paths = {p for _, p in fake.requests}
    assert "/api/graphql" in paths
    assert any(p.startswith("/api/v3/repos/acme/rules") for p in paths)


def test_console_entry_point_takes_org_as_the_organisation(tmp_path, monkeypatch):
    from scanner.cli import main

    fake = organisation()
    with fake.serve() as base:
        monkeypatch.setenv("GITHUB_TOKEN", "ghp_test")
        monkeypatch.setenv("GITHUB_API_URL", base)
        monkeypatch.setattr(
            "sys.argv",
            ["complyscan", "scan", "--provider", "github", "--org", "acme", "--repo", "classic",
             *WINDOW_ARGS, "--output-dir", str(tmp_path), "--format", "json", "--quiet"],
        )  # fmt: skip
        with pytest.raises(SystemExit) as stopped:
            main()
    assert stopped.value.code == 0
    report = json.loads((tmp_path / "complyscan-report.json").read_text())
    assert report["scan"]["accounts"] == ["acme"]


def test_a_second_scan_revalidates_with_conditional_requests():
    # githubkit's HTTP cache (hishel) lives for the process: the agent's next scan sends
    # If-None-Match and GitHub answers 304, which costs no rate limit
    fake = organisation()
    with fake.serve() as base:
        first, _ = scan(fake, base, repos=("classic",))
        assert fake.not_modified == 0
        second, _ = scan(fake, base, repos=("classic",))
    assert fake.not_modified >= 10
    verdicts = [[(f.check_id, f.status) for f in r.findings] for r in (first, second)]
    assert verdicts[0] == verdicts[1]


def test_checks_list_for_github():
    result = runner.invoke(app, ["checks", "list", "--provider", "github", "--format", "json"])
    assert result.exit_code == 0, result.output
    ids = {row["id"] for row in json.loads(result.output)}
    assert ids == {f"SCM-{n:03d}" for n in range(1, 15)} | {"CHG-001", "CHG-002", "CHG-003"}


def test_history_report_shows_change_management_over_the_period(tmp_path, monkeypatch):
    store = str(tmp_path / "history.sqlite")
    fake = organisation()
    with fake.serve() as base:
        for repos in ("classic", "classic,rules"):
            result = _scan_cli(base, tmp_path / repos, monkeypatch, "--repo", repos,
                               "--history", store, "--fail-on", "none")  # fmt: skip
            assert result.exit_code == 0, result.output
    report = runner.invoke(
        app, ["report", "--framework", "soc2", "--since", "30d", "--history", store,
              "--format", "json"],
    )  # fmt: skip
    assert report.exit_code == 0, report.output
    rows = {r["control_id"]: r for r in json.loads(report.output)["requirements"]}
    cc81 = rows["CC8.1"]
    assert cc81["scans"] == 2
    assert cc81["first"] == 1.0  # the compliant repository alone
    assert cc81["last"] < 1.0  # with the rules repository's failing changes
    assert cc81["trend"] == "worsening"


def test_unreachable_api_is_a_usage_error(monkeypatch):
    import socket

    with socket.socket() as sock:  # a free loopback port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("GITHUB_TOKEN", "x")
    monkeypatch.setenv("GITHUB_API_URL", f"http://127.0.0.1:{port}")
    result = runner.invoke(app, ["scan", "--provider", "github", "--owner", "acme", "--quiet"])
    assert result.exit_code == 2
    assert "cannot reach the GitHub API" in " ".join(result.output.split())
    assert "Traceback" not in result.output


def test_github_app_installation_asks_only_for_read_permissions():
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    from providers.github import connect
    from scanner.config import build_config
    from tests.providers.github.scenario import WINDOW

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    fake = organisation()
    cfg = build_config(provider="github", owner="acme", window=WINDOW)
    env = {
        "GITHUB_APP_ID": "123",
        "GITHUB_APP_PRIVATE_KEY": pem,
        "GITHUB_APP_INSTALLATION_ID": "42",
    }
    with fake.serve() as base:
        session = connect(cfg, env={**env, "GITHUB_API_URL": base})
        repos = PROVIDER.scopes(session, cfg)
        session.close()
    assert "classic" in repos  # listed with the installation token
    assert session.identity == "github-app:123/installation:42"
    (request,) = fake.token_requests  # one installation token, cached for the session
    assert request["authorization"].startswith("Bearer ")  # the App's JWT
    assert request["permissions"]
    assert set(request["permissions"].values()) == {"read"}
