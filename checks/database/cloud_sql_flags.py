"""Checks over the remaining Cloud SQL database flags CIS lists (MySQL, PostgreSQL, SQL Server).

Each rule reads the flag from ``settings.databaseFlags``; a flag that is not set takes the
engine's documented default, which is what the running database uses:

* MySQL ``local_infile``: ON up to 5.7, OFF from 8.0.2 (MySQL reference manual, "Security
  Considerations for LOAD DATA LOCAL"; Cloud SQL 8.x instances start on 8.0.18 or later).
* PostgreSQL ``log_error_verbosity`` ``default``, ``log_statement`` ``none``,
  ``log_min_messages`` ``warning``, ``log_min_error_statement`` ``error``,
  ``log_min_duration_statement`` ``-1`` (PostgreSQL manual, "Error Reporting and Logging").
* SQL Server ``external scripts enabled`` 0, ``user connections`` 0 (unlimited), ``user
  options`` 0, ``remote access`` 1, trace flag 3625 off, ``contained database
  authentication`` 0 (SQL Server "Server configuration options" pages; Cloud SQL's
  "Configure database flags" page lists the same names and defaults).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from checks._common import named
from checks.database._controls import HARDENING, LOGGING
from scanner.findings import Result, Severity, failed, not_applicable, passed, unknown
from scanner.model import DatabaseInstance
from scanner.registry import Check, check

#: PostgreSQL message severities from least to most severe (``log_min_*`` settings).
PG_SEVERITIES = (
    "debug5",
    "debug4",
    "debug3",
    "debug2",
    "debug1",
    "info",
    "notice",
    "warning",
    "error",
    "log",
    "fatal",
    "panic",
)
_BOOL = {"1": "on", "true": "on", "yes": "on", "0": "off", "false": "off", "no": "off"}

#: A judgement of one effective flag value: None when the value is acceptable, else why not.
Judge = Callable[[str], str | None]


def _boolean(value: str) -> str:
    return _BOOL.get(value, value)


def mysql_local_infile_default(version: str | None) -> str:
    """``on`` for MySQL 5.x, ``off`` from 8.0 (upstream default changed in 8.0.2)."""
    text = (version or "").upper()
    return "on" if text.startswith(("MYSQL_5", "5.")) else "off"


def exactly(expected: str) -> Judge:
    """Accept only ``expected`` as written (lower-cased), with no other spelling."""

    def judge(value: str) -> str | None:
        return None if value == expected else f"want {expected}"

    return judge


def one_of(*allowed: str) -> Judge:
    """Accept only the listed values (boolean spellings normalised to on/off)."""

    def judge(value: str) -> str | None:
        return None if _boolean(value) in allowed else f"want {' or '.join(allowed)}"

    return judge


def pg_severity_at_least(floor: str) -> Judge:
    """Accept a PostgreSQL severity at ``floor`` or more severe."""
    floor_rank = PG_SEVERITIES.index(floor)

    def judge(value: str) -> str | None:
        if value not in PG_SEVERITIES:
            return f"not a PostgreSQL severity; want {floor} or more severe"
        if PG_SEVERITIES.index(value) < floor_rank:
            return f"below {floor}"
        return None

    return judge


def _unlimited_connections(value: str) -> str | None:
    try:
        number = int(float(value))
    except ValueError:
        return "not a number"
    # 0 means "as many as the server allows" (32,767), the documented non-limiting value
    return None if number == 0 or number >= 32767 else "limits concurrent connections"


@dataclass(frozen=True)
class FlagRule:
    """A CIS flag rule: ``name`` on ``engine`` judged on its effective value.

    ``default`` is the value in force when the flag is not set (callable: by engine
    version); ``absent_only`` rules pass only when the flag is not set at all.
    """

    engine: str
    name: str
    judge: Judge
    default: str | Callable[[str | None], str] = ""
    absent_only: bool = False

    def evaluate(self, db: DatabaseInstance) -> Result:
        """PASS/FAIL on the effective value; N/A on other engines; UNKNOWN unread."""
        if db.engine != self.engine:
            return not_applicable(f"{db.engine} instance; flag applies to {self.engine}")
        if db.flags is None:
            return unknown("database flags unreadable")
        flags: Mapping[str, str] = db.flags
        if self.absent_only:
            if self.name in flags:
                return failed(f"'{self.name}' is set ({flags[self.name]}); leave it unset")
            return passed(f"'{self.name}' not set")
        if self.name in flags:
            value, origin = flags[self.name].strip().lower(), ""
        else:
            default = self.default
            value = default(db.engine_version) if callable(default) else default
            origin = " (default)"
        shown = f"{self.name}={value}{origin}"
        problem = self.judge(value)
        return passed(shown) if problem is None else failed(f"{shown}; {problem}")


def rule_check(
    *,
    id: str,
    title: str,
    rule: FlagRule,
    controls: tuple[str, ...],
    doc: str,
    name: str,
    module: str = __name__,
) -> Check[DatabaseInstance]:
    """Build a check from a flag rule; ``module`` is the one that declares it."""

    def evaluate(db: DatabaseInstance) -> Result:
        return rule.evaluate(db)

    named(evaluate, name=name, module=module, doc=doc)
    return check(
        id=id,
        title=title,
        severity=Severity.LOW,
        resource=DatabaseInstance,
        controls=controls,
        providers=("gcp",),
    )(evaluate)


database_mysql_local_infile_off = rule_check(
    id="DB-108",
    title="MySQL instances refuse LOAD DATA LOCAL (local_infile off)",
    rule=FlagRule("mysql", "local_infile", one_of("off"), mysql_local_infile_default),
    controls=(*HARDENING, "cis-gcp:6.1.3"),
    doc="With local_infile on, a client can load files from its own host into the server, "
    "and a compromised or malicious server can ask a client to send any file it can read.\n\n"
    "Remediation: set the local_infile flag to off.",
    name="database_mysql_local_infile_off",
)

database_postgres_log_error_verbosity = rule_check(
    id="DB-109",
    title="PostgreSQL instances log errors at DEFAULT verbosity or terser",
    rule=FlagRule("postgres", "log_error_verbosity", one_of("default", "terse"), "default"),
    controls=(*LOGGING, "cis-gcp:6.2.1"),
    doc="VERBOSE error logging writes source file names, function names and line numbers "
    "into the logs, more detail than operations need and a help to an attacker who reads "
    "them.\n\nRemediation: set log_error_verbosity to default (or terse).",
    name="database_postgres_log_error_verbosity",
)

database_postgres_log_statement = rule_check(
    id="DB-110",
    title="PostgreSQL instances log DDL statements (log_statement ddl or wider)",
    rule=FlagRule("postgres", "log_statement", one_of("ddl", "mod", "all"), "none"),
    controls=(*LOGGING, "nist-800-53-r5:AU-2", "cis-gcp:6.2.4"),
    doc="With log_statement none, schema changes such as dropped tables or altered grants "
    "leave no trace in the database logs.\n\nRemediation: set log_statement to ddl (mod or "
    "all also log DDL, at a higher volume).",
    name="database_postgres_log_statement",
)

database_postgres_log_min_messages = rule_check(
    id="DB-111",
    title="PostgreSQL instances log messages at WARNING severity or above",
    rule=FlagRule("postgres", "log_min_messages", pg_severity_at_least("warning"), "warning"),
    controls=(*LOGGING, "cis-gcp:6.2.5"),
    doc="A log_min_messages below WARNING floods the logs with debug and informational "
    "messages, burying the warnings and errors an investigation needs.\n\nRemediation: set "
    "log_min_messages to warning or a more severe level (error is a common choice).",
    name="database_postgres_log_min_messages",
)

database_postgres_log_min_error_statement = rule_check(
    id="DB-112",
    title="PostgreSQL instances log failing statements at ERROR severity or above",
    rule=FlagRule("postgres", "log_min_error_statement", pg_severity_at_least("error"), "error"),
    controls=(*LOGGING, "cis-gcp:6.2.6"),
    doc="A log_min_error_statement below ERROR logs the SQL text of statements that only "
    "raised warnings or notices, noise that hides the failing statements that matter.\n\n"
    "Remediation: set log_min_error_statement to error (or more severe).",
    name="database_postgres_log_min_error_statement",
)

database_postgres_no_statement_duration_logging = rule_check(
    id="DB-113",
    title="PostgreSQL instances do not log statement text by duration",
    rule=FlagRule("postgres", "log_min_duration_statement", one_of("-1"), "-1"),
    controls=(*HARDENING, "nist-800-53-r5:SI-11", "cis-gcp:6.2.7"),
    doc="log_min_duration_statement writes the full text of slow statements to the logs, "
    "including any literal passwords or personal data in them.\n\nRemediation: set "
    "log_min_duration_statement to -1 (disabled).",
    name="database_postgres_no_statement_duration_logging",
)

database_sqlserver_external_scripts_off = rule_check(
    id="DB-114",
    title="SQL Server instances disable external scripts",
    rule=FlagRule("sqlserver", "external scripts enabled", one_of("off"), "off"),
    controls=(*HARDENING, "cis-gcp:6.3.1"),
    doc="External scripts run R or Python code on the database server outside the engine's "
    "own security boundary.\n\nRemediation: set the 'external scripts enabled' flag to off.",
    name="database_sqlserver_external_scripts_off",
)

database_sqlserver_user_connections_unlimited = rule_check(
    id="DB-115",
    title="SQL Server instances do not cap user connections",
    rule=FlagRule("sqlserver", "user connections", _unlimited_connections, "0"),
    controls=("soc2:A1.1", "iso27001-2022:A.8.6", "nist-800-53-r5:SC-5", "cis-gcp:6.3.3"),
    doc="A low 'user connections' cap lets a burst of clients exhaust the allowed sessions "
    "and lock out legitimate users and administrators.\n\nRemediation: set 'user "
    "connections' to 0 (the server's maximum) or remove the flag.",
    name="database_sqlserver_user_connections_unlimited",
)

database_sqlserver_user_options_unset = rule_check(
    id="DB-116",
    title="SQL Server instances leave the user options flag unset",
    rule=FlagRule("sqlserver", "user options", one_of(), absent_only=True),
    controls=(*HARDENING, "cis-gcp:6.3.4"),
    doc="'user options' changes query processing defaults (ANSI settings, arithmetic "
    "abort) for every session, which can change how applications' queries behave.\n\n"
    "Remediation: clear the 'user options' flag.",
    name="database_sqlserver_user_options_unset",
)

database_sqlserver_remote_access_off = rule_check(
    id="DB-117",
    title="SQL Server instances disable remote access",
    rule=FlagRule("sqlserver", "remote access", one_of("off"), "on"),
    controls=(*HARDENING, "nist-800-53-r5:AC-17", "cis-gcp:6.3.5"),
    doc="Remote access lets stored procedures run from and on remote servers, a path for "
    "denial of service and lateral movement; it is on by default.\n\nRemediation: set the "
    "'remote access' flag to off.",
    name="database_sqlserver_remote_access_off",
)

database_sqlserver_trace_flag_3625 = rule_check(
    id="DB-118",
    title="SQL Server instances mask error details (trace flag 3625 on)",
    rule=FlagRule("sqlserver", "3625", one_of("on"), "off"),
    controls=(*HARDENING, "nist-800-53-r5:SI-11", "cis-gcp:6.3.6"),
    doc="Without trace flag 3625, error messages shown to users who are not sysadmin can "
    "reveal parameters and metadata useful to an attacker.\n\nRemediation: set the 3625 "
    "flag to on.",
    name="database_sqlserver_trace_flag_3625",
)

database_sqlserver_contained_auth_off = rule_check(
    id="DB-119",
    title="SQL Server instances disable contained database authentication",
    rule=FlagRule("sqlserver", "contained database authentication", one_of("off"), "off"),
    controls=(*HARDENING, "nist-800-53-r5:IA-2", "cis-gcp:6.3.7"),
    doc="Contained databases authenticate their own users, outside the server's login "
    "policies and auditing; a database owner can grant access no administrator sees.\n\n"
    "Remediation: set the 'contained database authentication' flag to off.",
    name="database_sqlserver_contained_auth_off",
)
