"""History store (SQLite and a real PostgreSQL), migrations, diff over three scans, trends."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from scanner.cli import app
from scanner.diff import diff_scans
from scanner.errors import ConfigError, OutputError
from scanner.findings import Finding, Severity, Status, Suppression, finding_id
from scanner.history import MIGRATIONS, VERSION_TABLE, engine_url, open_store
from scanner.result import CheckInfo, ScanError, ScanMeta, ScanResult
from scanner.trend import requirement_trends, since_cutoff
from tests.pgserver import UnavailableError, postgres_server
from tests.system_tools import unavailable

T0 = datetime(2025, 3, 1, 6, 0, tzinfo=UTC)
ROTATION = CheckInfo(
    id="CRYPTO-001",
    title="Customer-managed symmetric keys rotate automatically",
    severity=Severity.MEDIUM,
    resource_kind="KmsKey",
    providers=("aws",),
    controls=("soc2:CC6.1", "iso27001-2022:A.8.24"),
    rationale="Long-lived key material widens the blast radius of a leaked key.",
    remediation="enable automatic rotation.",
)
SSH = CheckInfo(
    id="NET-002",
    title="Security groups do not open admin ports to the internet",
    severity=Severity.HIGH,
    resource_kind="SecurityGroup",
    providers=("aws",),
    controls=("soc2:CC6.6",),
    rationale="Admin ports open to the internet invite brute force.",
    remediation="restrict the rule to known addresses.",
)
CHECKS = {c.id: c for c in (ROTATION, SSH)}


def finding(
    check: str, name: str, status: Status, when: datetime, *, suppressed: bool = False
) -> Finding:
    info = CHECKS[check]
    uid = f"arn:aws:test:us-east-1:123456789012:{info.resource_kind.lower()}/{name}"
    return Finding(
        id=finding_id(check, uid),
        check_id=check,
        title=info.title,
        severity=info.severity,
        status=status,
        reason=f"{name} is {status.value}",
        provider="aws",
        account="123456789012",
        region="us-east-1",
        resource_kind=info.resource_kind,
        resource_uid=uid,
        resource_name=name,
        service="test",
        location=f"aws/123456789012/us-east-1/test/{name}",
        controls=info.controls,
        evaluated_at=when,
        suppressed=suppressed,
        suppression_reason="accepted in RISK-7" if suppressed else None,
        suppression_owner="secops@example.com" if suppressed else None,
        suppression_expires=date(2099, 1, 1) if suppressed else None,
    )


def scan(day: int, statuses: dict[tuple[str, str], Status | str]) -> ScanResult:
    """A synthetic scan on T0 + ``day``; a status of "suppressed" is an accepted failure."""
    when = T0 + timedelta(days=day)
    findings = [
        finding(
            check,
            name,
            Status.FAIL if s == "suppressed" else Status(s),
            when,
            suppressed=s == "suppressed",
        )
        for (check, name), s in sorted(statuses.items())
    ]
    return ScanResult(
        meta=ScanMeta(
            tool_version="0.1.0",
            provider="aws",
            accounts=("123456789012",),
            identity="arn:aws:iam::123456789012:role/auditor",
            regions=("us-east-1",),
            started_at=when,
            finished_at=when + timedelta(minutes=3),
            complete=True,
            checks_selected=2,
            resources_collected=len(findings),
        ),
        checks=(ROTATION, SSH),
        findings=tuple(sorted(findings, key=lambda f: (f.check_id, f.resource_uid))),
        errors=(),
    )


F, P, U, NA = Status.FAIL, Status.PASS, Status.UNKNOWN, Status.NOT_APPLICABLE
K, S = "CRYPTO-001", "NET-002"
SCAN1 = scan(0, {(K, "a"): F, (K, "b"): F, (K, "c"): P, (S, "d"): F, (S, "e"): F})
SCAN2 = scan(30, {(K, "a"): F, (K, "b"): P, (K, "c"): F, (S, "e"): U, (S, "f"): F})
SCAN3 = scan(
    60, {(K, "a"): P, (K, "b"): F, (K, "c"): F, (S, "e"): P, (S, "f"): "suppressed", (S, "g"): NA}
)


def names(changes) -> list[str]:
    return sorted(c.resource_uid.rsplit("/", 1)[-1] for c in changes)


# --- diff -----------------------------------------------------------------------------------


def test_diff_first_to_second_scan():
    d = diff_scans(SCAN1, SCAN2)
    assert names(d.new) == ["c", "f"]  # c regressed from pass, f is a new resource
    assert names(d.fixed) == ["b"]
    assert names(d.unchanged) == ["a"]
    assert names(d.not_evaluated) == ["d", "e"]  # d is gone, e could not be read
    e = next(c for c in d.not_evaluated if c.resource_uid.endswith("/e"))
    assert (e.before, e.after) == (F, U)
    d_gone = next(c for c in d.not_evaluated if c.resource_uid.endswith("/d"))
    assert d_gone.after is None


def test_diff_second_to_third_scan_keeps_accepted_failures_as_unchanged():
    d = diff_scans(SCAN2, SCAN3)
    assert names(d.new) == ["b"]  # fixed in scan 2, failing again in scan 3
    assert names(d.fixed) == ["a"]
    assert names(d.unchanged) == ["c", "f"]
    f = next(c for c in d.unchanged if c.resource_uid.endswith("/f"))
    assert f.suppressed is True
    assert d.not_evaluated == ()


def test_diff_first_to_third_scan_and_ordering():
    d = diff_scans(SCAN1, SCAN3)
    assert names(d.new) == ["c", "f"]
    assert names(d.fixed) == ["a", "e"]
    assert names(d.unchanged) == ["b"]
    assert names(d.not_evaluated) == ["d"]
    assert [c.severity for c in d.new] == [Severity.HIGH, Severity.MEDIUM]  # worst first
    same = diff_scans(SCAN3, SCAN3)
    assert same.new == same.fixed == same.not_evaluated == ()
    assert {c.id for c in same.unchanged} == {
        f.id for f in SCAN3.findings if f.status is Status.FAIL
    }


# --- trends ---------------------------------------------------------------------------------


def test_requirement_trends_reuse_the_rollup():
    trends = {
        t.control_id: t for t in requirement_trends([(1, SCAN1), (2, SCAN2), (3, SCAN3)], "soc2")
    }
    assert list(trends) == ["CC6.1", "CC6.6"]  # catalog order
    cc61 = trends["CC6.1"]  # CRYPTO-001: 1/3, 1/3, 1/3 passing
    assert [p.pass_rate for p in cc61.points] == [0.3333, 0.3333, 0.3333]
    assert cc61.trend == "stable"
    assert cc61.scans == 3
    assert cc61.scans_passing == 0
    assert cc61.title
    cc66 = trends["CC6.6"]  # NET-002: 0/2, 0/2 (one unknown), 1/1 (f accepted, g n/a)
    assert [p.pass_rate for p in cc66.points] == [0.0, 0.0, 1.0]
    assert (cc66.first, cc66.last, cc66.min, cc66.trend) == (0.0, 1.0, 0.0, "improving")
    assert cc66.scans_passing == 1
    assert cc66.points[1].unknown == 1


def test_requirement_trends_edge_cases():
    assert requirement_trends([], "soc2") == []
    only = requirement_trends([(9, SCAN1)], "soc2")
    assert {t.trend for t in only} == {"single scan"}
    worse = requirement_trends([(1, SCAN3), (2, SCAN1)], "soc2")
    assert {t.control_id: t.trend for t in worse}["CC6.6"] == "worsening"
    na = scan(0, {(S, "g"): NA})
    assert requirement_trends([(1, na)], "soc2")[0].trend == "no data"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("90d", datetime(2025, 3, 2, 12, tzinfo=UTC)),
        ("2w", datetime(2025, 5, 17, 12, tzinfo=UTC)),
        ("36h", datetime(2025, 5, 30, tzinfo=UTC)),
        ("2025-01-31", datetime(2025, 1, 31, tzinfo=UTC)),
    ],
)
def test_since_cutoff(text, expected):
    assert since_cutoff(text, datetime(2025, 5, 31, 12, tzinfo=UTC)) == expected


def test_since_cutoff_rejects_nonsense():
    with pytest.raises(ConfigError, match="--since"):
        since_cutoff("3 months", datetime.now(UTC))


# --- the store, on SQLite and PostgreSQL ----------------------------------------------------


@pytest.fixture(scope="module")
def pg_server() -> Iterator[str]:
    try:
        with postgres_server() as url:
            yield url
    except UnavailableError as err:
        unavailable(f"PostgreSQL unavailable: {err}")


@pytest.fixture
def pg_url(pg_server) -> Iterator[str]:
    """A fresh database on the test server, dropped afterwards."""
    name = f"complyscan_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(engine_url(pg_server), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.make_url(pg_server).set(database=name).render_as_string(hide_password=False)
    yield url
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def location(request, tmp_path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "nested" / "history.sqlite")
    return request.getfixturevalue("pg_url")


def with_extras(result: ScanResult) -> ScanResult:
    """SCAN3 plus an error and an expired exception, so every stored field is exercised."""
    return result.model_copy(
        update={
            "errors": (
                ScanError(
                    provider="aws",
                    scope="eu-west-1",
                    resource_kind="KmsKey",
                    cause="AccessDenied",
                    message="aws: eu-west-1: could not list KmsKey: AccessDenied",
                    hint="grant kms:ListKeys",
                    permission="kms:ListKeys",
                ),
            ),
            "expired_suppressions": (
                Suppression(
                    check="NET-002", reason="old", owner="bob@example.com", expires=date(2024, 1, 1)
                ),
            ),
        }
    )


def test_round_trip_is_exact(location):
    original = with_extras(SCAN3)
    with open_store(location) as store:
        scan_id = store.record(original, evidence_sha256="ab" * 32)
        loaded = store.load(scan_id)
    assert loaded == original
    assert loaded.meta.started_at.tzinfo is not None
    with open_store(location) as store:
        [record] = store.scans()
    assert (record.id, record.findings, record.failed, record.passed, record.suppressed) == (
        scan_id,
        6,
        2,
        2,
        1,
    )
    assert record.evidence_sha256 == "ab" * 32


def test_listing_resolving_and_filtering(location):
    with open_store(location) as store:
        ids = [store.record(s) for s in (SCAN1, SCAN2, SCAN3)]
        other = SCAN3.model_copy(
            update={"meta": SCAN3.meta.model_copy(update={"accounts": ("999999999999",)})}
        )
        other_id = store.record(other)
        assert [r.id for r in store.scans()] == [*ids, other_id]
        assert store.resolve("latest") == other_id
        # "previous" means the same provider and accounts, recorded earlier
        assert store.resolve("previous", before=ids[2]) == ids[1]
        with pytest.raises(ConfigError, match="no earlier scan"):
            store.resolve("previous")
        assert store.resolve(str(ids[0])) == ids[0]
        with pytest.raises(ConfigError, match="no scan 999"):
            store.resolve("999")
        with pytest.raises(ConfigError, match="scan reference"):
            store.resolve("yesterday")
        assert [r.id for r in store.scans(since=T0 + timedelta(days=1))] == [
            ids[1],
            ids[2],
            other_id,
        ]
        assert [r.id for r in store.scans(account="999999999999")] == [other_id]
        loaded = [(i, store.load(i)) for i in ids]
    assert diff_scans(loaded[0][1], loaded[1][1]) == diff_scans(SCAN1, SCAN2)
    assert requirement_trends(loaded, "soc2") == requirement_trends(
        [(ids[0], SCAN1), (ids[1], SCAN2), (ids[2], SCAN3)], "soc2"
    )


def test_migrations_are_recorded_idempotent_and_forward_only(location):
    open_store(location).close()
    open_store(location).close()  # reopening applies nothing twice
    engine = sa.create_engine(engine_url(location))
    with engine.begin() as conn:
        table = sa.table(VERSION_TABLE, sa.column("version"))
        versions = conn.execute(sa.select(table.c.version)).scalars().all()
        assert versions == list(range(1, len(MIGRATIONS) + 1))
        conn.execute(sa.insert(table).values(version=99))
    engine.dispose()
    with pytest.raises(ConfigError, match="newer than this complyscan"):
        open_store(location)


def test_every_finding_field_has_a_column(tmp_path):
    location = str(tmp_path / "h.sqlite")
    open_store(location).close()
    engine = sa.create_engine(engine_url(location))
    columns = {c["name"] for c in sa.inspect(engine).get_columns("findings")}
    engine.dispose()
    assert set(Finding.model_fields) <= columns
    assert "scan_id" in columns


def test_unreachable_server_is_an_error_without_the_password():
    with pytest.raises(OutputError) as caught:
        open_store("postgresql://auditor:Canary-Pw-77@127.0.0.1:1/history")
    message = str(caught.value)
    assert "127.0.0.1" in message
    assert "Canary-Pw-77" not in message
    assert "***" in message


def test_urls_and_drivers():
    assert engine_url("postgresql://u:pw@h/db").drivername == "postgresql+psycopg"
    assert engine_url("postgres://u@h/db").drivername == "postgresql+psycopg"
    assert engine_url("history.sqlite").drivername == "sqlite"
    with pytest.raises(ConfigError, match="unsupported database"):
        engine_url("mysql://u@h/db")


# --- the commands, on SQLite and PostgreSQL -------------------------------------------------

runner = CliRunner()


@pytest.fixture
def recorded(location) -> str:
    with open_store(location) as store:
        for s in (SCAN1, SCAN2, SCAN3):
            store.record(s)
    return location


def test_history_command_lists_scans(recorded):
    result = runner.invoke(app, ["history", "--history", recorded, "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [r["failed"] for r in rows] == [4, 3, 2]
    table = runner.invoke(app, ["history", "--history", recorded])
    assert table.exit_code == 0
    assert "3 scan(s)" in table.output


def test_diff_command_defaults_to_the_two_latest_scans(recorded):
    result = runner.invoke(app, ["diff", "--history", recorded, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["base"]["id"], data["head"]["id"]) == (2, 3)
    assert names_json(data["new"]) == ["b"]
    assert names_json(data["fixed"]) == ["a"]
    explicit = json.loads(
        runner.invoke(app, ["diff", "1", "3", "--history", recorded, "--format", "json"]).output
    )
    assert names_json(explicit["not_evaluated"]) == ["d"]
    table = runner.invoke(app, ["diff", "1", "latest", "--history", recorded])
    assert "2 new, 2 fixed, 1 not evaluated, 1 unchanged" in " ".join(table.output.split())


def names_json(changes) -> list[str]:
    return sorted(c["resource_uid"].rsplit("/", 1)[-1] for c in changes)


def test_report_command_shows_pass_rates_over_time(recorded):
    result = runner.invoke(
        app,
        [
            "report",
            "--framework",
            "soc2",
            "--since",
            "2025-01-01",
            "--history",
            recorded,
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [s["id"] for s in data["scans"]] == [1, 2, 3]
    cc66 = next(r for r in data["requirements"] if r["control_id"] == "CC6.6")
    assert [p["pass_rate"] for p in cc66["points"]] == [0.0, 0.0, 1.0]
    assert cc66["trend"] == "improving"
    table = runner.invoke(
        app, ["report", "--framework", "soc2", "--since", "2025-03-15", "--history", recorded]
    )
    assert table.exit_code == 0, table.output
    assert "2 scan(s)" in table.output
    assert "CC6.6" in table.output


@pytest.mark.parametrize(
    "args",
    [
        ["history", "--history", "/nonexistent/history.sqlite"],
        ["diff", "--history", "mysql://u@h/db"],
        ["report", "--framework", "pci", "--history", "x.sqlite"],
        ["report", "--framework", "soc2", "--since", "soon", "--history", "x.sqlite"],
    ],
)
def test_read_commands_fail_with_a_message(args, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.sqlite").touch()
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert "error" in result.output.lower()


def test_default_store_lives_in_the_user_data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    with open_store(str(tmp_path / "data" / "complyscan" / "history.sqlite")) as store:
        store.record(SCAN1)
    result = runner.invoke(app, ["history", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.output)) == 1
