"""Checks over Cloud SQL specifics of database instances: TLS, networks and flags."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from checks._common import named, setting
from scanner.findings import Result, Severity, failed, not_applicable, passed, unknown
from scanner.model import DatabaseInstance, is_internet_source
from scanner.registry import Check, check

_LOGGING = (
    "soc2:CC7.2",
    "iso27001-2022:A.8.15",
    "nist-csf-2.0:PR.PS-04",
    "nist-800-53-r5:AU-12",
)
_HARDENING = ("soc2:CC6.8", "iso27001-2022:A.8.9", "nist-csf-2.0:PR.PS-01", "nist-800-53-r5:CM-6")


@check(
    id="DB-101",
    title="Cloud SQL instances require TLS for every connection",
    severity=Severity.MEDIUM,
    resource=DatabaseInstance,
    controls=(
        "soc2:CC6.7",
        "iso27001-2022:A.8.24",
        "nist-csf-2.0:PR.DS-02",
        "nist-800-53-r5:SC-8",
        "cis-gcp:6.4",
    ),
    providers=("gcp",),
)
def database_requires_tls(db: DatabaseInstance) -> Result:
    """An instance that accepts unencrypted connections lets clients send credentials and
    query results in plaintext across every network hop.

    Remediation: set the instance's SSL mode to ENCRYPTED_ONLY (or require trusted client
    certificates) and update clients to connect with TLS.
    """
    return setting(
        db.tls_required,
        on="only TLS connections are accepted",
        off="unencrypted connections are accepted",
        unread="TLS enforcement setting unreadable",
    )


@check(
    id="DB-102",
    title="Cloud SQL instances do not authorize connections from anywhere",
    severity=Severity.CRITICAL,
    resource=DatabaseInstance,
    controls=(
        "soc2:CC6.6",
        "iso27001-2022:A.8.20",
        "nist-csf-2.0:PR.IR-01",
        "nist-800-53-r5:SC-7",
        "cis-gcp:6.5",
    ),
    providers=("gcp",),
)
def database_no_open_authorized_networks(db: DatabaseInstance) -> Result:
    """An authorized network of 0.0.0.0/0 lets every address on the internet reach the
    database's public IP, leaving only its passwords between attackers and the data.

    Remediation: remove 0.0.0.0/0 (and other overly broad ranges) from the authorized
    networks; connect through the Cloud SQL Auth Proxy or private IP instead.
    """
    if db.authorized_networks is None:
        return unknown("authorized networks unreadable")
    open_to = [n for n in db.authorized_networks if is_internet_source(n)]
    if open_to and db.publicly_accessible is not False:
        return failed(f"authorized network(s) {', '.join(open_to)} admit the whole internet")
    return passed(f"{len(db.authorized_networks)} authorized network(s), none open to all")


@dataclass(frozen=True)
class Flag:
    """A database flag rule: ``name`` on ``engine`` must be ``expected``."""

    engine: str
    name: str
    expected: str
    default: str  # the engine's value when the flag is not set

    def judge(self, flags: Mapping[str, str] | None, engine: str) -> Result:
        """PASS/FAIL on the flag's effective value; N/A on other engines."""
        if engine != self.engine:
            return not_applicable(f"{engine} instance; flag applies to {self.engine}")
        if flags is None:
            return unknown("database flags unreadable")
        value = flags.get(self.name, self.default).strip().lower()
        shown = f"{self.name}={value}" + ("" if self.name in flags else " (default)")
        return passed(shown) if value == self.expected else failed(f"{shown}; want {self.expected}")


def flag_check(
    *, id: str, title: str, flag: Flag, controls: tuple[str, ...], doc: str, name: str
) -> Check[DatabaseInstance]:
    """Build a check that a database flag has its hardened value."""

    def evaluate(db: DatabaseInstance) -> Result:
        return flag.judge(db.flags, db.engine)

    named(evaluate, name=name, module=__name__, doc=doc)
    return check(
        id=id,
        title=title,
        severity=Severity.LOW,
        resource=DatabaseInstance,
        controls=controls,
        providers=("gcp",),
    )(evaluate)


database_mysql_skip_show_database = flag_check(
    id="DB-103",
    title="MySQL instances hide the database list (skip_show_database on)",
    flag=Flag("mysql", "skip_show_database", "on", "off"),
    controls=(*_HARDENING, "cis-gcp:6.1.2"),
    doc="Any user can list every database on the server by default, which tells an attacker "
    "with one low-privilege login where the valuable data is.\n\nRemediation: set the "
    "skip_show_database flag to on for the instance.",
    name="database_mysql_skip_show_database",
)

database_postgres_log_connections = flag_check(
    id="DB-104",
    title="PostgreSQL instances log connections (log_connections on)",
    flag=Flag("postgres", "log_connections", "on", "off"),
    controls=(*_LOGGING, "cis-gcp:6.2.2"),
    doc="Without connection logs, brute-force attempts and logins from unexpected hosts "
    "leave no trace in the database's logs.\n\nRemediation: set the log_connections flag "
    "to on for the instance.",
    name="database_postgres_log_connections",
)

database_postgres_log_disconnections = flag_check(
    id="DB-105",
    title="PostgreSQL instances log disconnections (log_disconnections on)",
    flag=Flag("postgres", "log_disconnections", "on", "off"),
    controls=(*_LOGGING, "cis-gcp:6.2.3"),
    doc="Session end records give the duration of every session; without them an "
    "investigation cannot tell how long a suspicious session lasted.\n\nRemediation: set "
    "the log_disconnections flag to on for the instance.",
    name="database_postgres_log_disconnections",
)

database_postgres_pgaudit = flag_check(
    id="DB-106",
    title="PostgreSQL instances enable pgAudit (cloudsql.enable_pgaudit on)",
    flag=Flag("postgres", "cloudsql.enable_pgaudit", "on", "off"),
    controls=(*_LOGGING, "nist-800-53-r5:AU-2", "cis-gcp:6.2.8"),
    doc="Standard PostgreSQL logs do not record which objects a session read or changed; "
    "pgAudit produces the session and object audit trail auditors ask for.\n\nRemediation: "
    "set cloudsql.enable_pgaudit to on, create the pgaudit extension and set pgaudit.log.",
    name="database_postgres_pgaudit",
)

database_sqlserver_no_ownership_chaining = flag_check(
    id="DB-107",
    title="SQL Server instances disable cross-database ownership chaining",
    flag=Flag("sqlserver", "cross db ownership chaining", "off", "off"),
    controls=(*_HARDENING, "nist-800-53-r5:AC-6", "cis-gcp:6.3.2"),
    doc="Cross-database ownership chaining lets a user of one database reach objects in "
    "another without a permission check there, crossing the boundary between them.\n\n"
    "Remediation: set the 'cross db ownership chaining' flag to off.",
    name="database_sqlserver_no_ownership_chaining",
)
