"""Cloud SQL flag checks (CIS GCP 6.1.3, 6.2.1, 6.2.4-6.2.7, 6.3.1, 6.3.3-6.3.7).

Defaults when a flag is absent follow the engines' documentation:
https://cloud.google.com/sql/docs/mysql/flags, https://cloud.google.com/sql/docs/postgres/flags,
https://cloud.google.com/sql/docs/sqlserver/flags, the PostgreSQL manual "Error Reporting and
Logging" (runtime-config-logging) and MySQL's "Security Considerations for LOAD DATA LOCAL".
Every threshold has its twin on each side.
"""

from __future__ import annotations

from typing import Any

import pytest

from checks.database import cloud_sql_flags as c
from scanner.findings import Status
from tests.checks import factories as f

P, F, N, U = Status.PASS, Status.FAIL, Status.NOT_APPLICABLE, Status.UNKNOWN


def _db(engine: str, flags: dict[str, str] | None, version: str | None = None) -> Any:
    return f.database_instance(engine=engine, flags=flags, engine_version=version)


CASES: list[tuple[Any, str, dict[str, str] | None, str | None, Status]] = [
    # 6.1.3 local_infile: off passes, on fails; absent -> version default
    (c.database_mysql_local_infile_off, "mysql", {"local_infile": "off"}, "MYSQL_5_7", P),
    (c.database_mysql_local_infile_off, "mysql", {"local_infile": "on"}, "MYSQL_8_0", F),
    (c.database_mysql_local_infile_off, "mysql", {"local_infile": "ON"}, "MYSQL_8_0", F),
    (c.database_mysql_local_infile_off, "mysql", {}, "MYSQL_8_0_31", P),
    (c.database_mysql_local_infile_off, "mysql", {}, "MYSQL_5_7", F),
    (c.database_mysql_local_infile_off, "mysql", {}, "MYSQL_5_6", F),
    (c.database_mysql_local_infile_off, "postgres", {"local_infile": "on"}, None, N),
    (c.database_mysql_local_infile_off, "mysql", None, "MYSQL_8_0", U),
    # 6.2.1 log_error_verbosity: default/terse pass, verbose fails, absent = default
    (c.database_postgres_log_error_verbosity, "postgres", {}, None, P),
    (c.database_postgres_log_error_verbosity, "postgres", {"log_error_verbosity": "terse"}, "", P),
    (
        c.database_postgres_log_error_verbosity,
        "postgres",
        {"log_error_verbosity": "verbose"},
        None,
        F,
    ),
    (c.database_postgres_log_error_verbosity, "mysql", {}, None, N),
    # 6.2.4 log_statement: ddl (or wider) passes, none fails, absent = none
    (c.database_postgres_log_statement, "postgres", {"log_statement": "ddl"}, None, P),
    (c.database_postgres_log_statement, "postgres", {"log_statement": "mod"}, None, P),
    (c.database_postgres_log_statement, "postgres", {"log_statement": "all"}, None, P),
    (c.database_postgres_log_statement, "postgres", {"log_statement": "none"}, None, F),
    (c.database_postgres_log_statement, "postgres", {}, None, F),
    # 6.2.5 log_min_messages: warning or more severe; notice is the near miss
    (c.database_postgres_log_min_messages, "postgres", {}, None, P),
    (c.database_postgres_log_min_messages, "postgres", {"log_min_messages": "warning"}, None, P),
    (c.database_postgres_log_min_messages, "postgres", {"log_min_messages": "ERROR"}, None, P),
    (c.database_postgres_log_min_messages, "postgres", {"log_min_messages": "notice"}, None, F),
    (c.database_postgres_log_min_messages, "postgres", {"log_min_messages": "debug5"}, None, F),
    (c.database_postgres_log_min_messages, "postgres", {"log_min_messages": "bogus"}, None, F),
    # 6.2.6 log_min_error_statement: error or more severe; warning is the near miss
    (c.database_postgres_log_min_error_statement, "postgres", {}, None, P),
    (
        c.database_postgres_log_min_error_statement,
        "postgres",
        {"log_min_error_statement": "error"},
        None,
        P,
    ),
    (
        c.database_postgres_log_min_error_statement,
        "postgres",
        {"log_min_error_statement": "panic"},
        None,
        P,
    ),
    (
        c.database_postgres_log_min_error_statement,
        "postgres",
        {"log_min_error_statement": "warning"},
        None,
        F,
    ),
    # 6.2.7 log_min_duration_statement: -1 only; 0 logs everything
    (c.database_postgres_no_statement_duration_logging, "postgres", {}, None, P),
    (
        c.database_postgres_no_statement_duration_logging,
        "postgres",
        {"log_min_duration_statement": "-1"},
        None,
        P,
    ),
    (
        c.database_postgres_no_statement_duration_logging,
        "postgres",
        {"log_min_duration_statement": "0"},
        None,
        F,
    ),
    (
        c.database_postgres_no_statement_duration_logging,
        "postgres",
        {"log_min_duration_statement": "100"},
        None,
        F,
    ),
    # 6.3.1 external scripts enabled: off (default) passes, on fails
    (c.database_sqlserver_external_scripts_off, "sqlserver", {}, None, P),
    (
        c.database_sqlserver_external_scripts_off,
        "sqlserver",
        {"external scripts enabled": "off"},
        None,
        P,
    ),
    (
        c.database_sqlserver_external_scripts_off,
        "sqlserver",
        {"external scripts enabled": "on"},
        None,
        F,
    ),
    (c.database_sqlserver_external_scripts_off, "postgres", {}, None, N),
    # 6.3.3 user connections: 0 (default, unlimited) passes; any cap fails
    (c.database_sqlserver_user_connections_unlimited, "sqlserver", {}, None, P),
    (
        c.database_sqlserver_user_connections_unlimited,
        "sqlserver",
        {"user connections": "0"},
        None,
        P,
    ),
    (
        c.database_sqlserver_user_connections_unlimited,
        "sqlserver",
        {"user connections": "32767"},
        None,
        P,
    ),
    (
        c.database_sqlserver_user_connections_unlimited,
        "sqlserver",
        {"user connections": "32766"},
        None,
        F,
    ),
    (
        c.database_sqlserver_user_connections_unlimited,
        "sqlserver",
        {"user connections": "1"},
        None,
        F,
    ),
    # 6.3.4 user options: not configured passes, any value fails
    (c.database_sqlserver_user_options_unset, "sqlserver", {}, None, P),
    (c.database_sqlserver_user_options_unset, "sqlserver", {"user options": "0"}, None, F),
    (c.database_sqlserver_user_options_unset, "sqlserver", None, None, U),
    # 6.3.5 remote access: on by default -> absent fails; off passes
    (c.database_sqlserver_remote_access_off, "sqlserver", {}, None, F),
    (c.database_sqlserver_remote_access_off, "sqlserver", {"remote access": "off"}, None, P),
    (c.database_sqlserver_remote_access_off, "sqlserver", {"remote access": "on"}, None, F),
    # 6.3.6 trace flag 3625: off by default -> absent fails; on passes
    (c.database_sqlserver_trace_flag_3625, "sqlserver", {}, None, F),
    (c.database_sqlserver_trace_flag_3625, "sqlserver", {"3625": "on"}, None, P),
    (c.database_sqlserver_trace_flag_3625, "sqlserver", {"3625": "off"}, None, F),
    # 6.3.7 contained database authentication: off (default) passes, on fails
    (c.database_sqlserver_contained_auth_off, "sqlserver", {}, None, P),
    (
        c.database_sqlserver_contained_auth_off,
        "sqlserver",
        {"contained database authentication": "on"},
        None,
        F,
    ),
    (
        c.database_sqlserver_contained_auth_off,
        "sqlserver",
        {"contained database authentication": "off"},
        None,
        P,
    ),
]


@pytest.mark.parametrize(("fn", "engine", "flags", "version", "expected"), CASES)
def test_flag(
    fn: Any, engine: str, flags: dict[str, str] | None, version: str | None, expected: Status
) -> None:
    flags = None if flags is None else {k.lower(): v for k, v in flags.items()}
    assert fn(_db(engine, flags, version)).status is expected


def test_default_is_named_in_reason() -> None:
    result = c.database_sqlserver_remote_access_off(_db("sqlserver", {}))
    assert "remote access=on (default)" in result.reason


@pytest.mark.parametrize(("value", "expected"), [("1", P), ("true", P), ("0", F), ("false", F)])
def test_boolean_spellings(value: str, expected: Status) -> None:
    result = c.database_sqlserver_trace_flag_3625(_db("sqlserver", {"3625": value}))
    assert result.status is expected
