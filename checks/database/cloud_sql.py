"""Checks over Cloud SQL specifics of database instances: TLS, networks and flags."""

from __future__ import annotations

from checks._common import setting
from checks.database._controls import HARDENING, LOGGING
from checks.database.cloud_sql_flags import FlagRule, exactly, rule_check
from scanner.findings import Result, Severity, failed, passed, unknown
from scanner.model import DatabaseInstance, is_internet_source
from scanner.registry import check


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


database_mysql_skip_show_database = rule_check(
    id="DB-103",
    title="MySQL instances hide the database list (skip_show_database on)",
    rule=FlagRule("mysql", "skip_show_database", exactly("on"), "off"),
    controls=(*HARDENING, "cis-gcp:6.1.2"),
    doc="Any user can list every database on the server by default, which tells an attacker "
    "with one low-privilege login where the valuable data is.\n\nRemediation: set the "
    "skip_show_database flag to on for the instance.",
    module=__name__,
    name="database_mysql_skip_show_database",
)

database_postgres_log_connections = rule_check(
    id="DB-104",
    title="PostgreSQL instances log connections (log_connections on)",
    rule=FlagRule("postgres", "log_connections", exactly("on"), "off"),
    controls=(*LOGGING, "cis-gcp:6.2.2"),
    doc="Without connection logs, brute-force attempts and logins from unexpected hosts "
    "leave no trace in the database's logs.\n\nRemediation: set the log_connections flag "
    "to on for the instance.",
    module=__name__,
    name="database_postgres_log_connections",
)

database_postgres_log_disconnections = rule_check(
    id="DB-105",
    title="PostgreSQL instances log disconnections (log_disconnections on)",
    rule=FlagRule("postgres", "log_disconnections", exactly("on"), "off"),
    controls=(*LOGGING, "cis-gcp:6.2.3"),
    doc="Session end records give the duration of every session; without them an "
    "investigation cannot tell how long a suspicious session lasted.\n\nRemediation: set "
    "the log_disconnections flag to on for the instance.",
    module=__name__,
    name="database_postgres_log_disconnections",
)

database_postgres_pgaudit = rule_check(
    id="DB-106",
    title="PostgreSQL instances enable pgAudit (cloudsql.enable_pgaudit on)",
    rule=FlagRule("postgres", "cloudsql.enable_pgaudit", exactly("on"), "off"),
    controls=(*LOGGING, "nist-800-53-r5:AU-2", "cis-gcp:6.2.8"),
    doc="Standard PostgreSQL logs do not record which objects a session read or changed; "
    "pgAudit produces the session and object audit trail auditors ask for.\n\nRemediation: "
    "set cloudsql.enable_pgaudit to on, create the pgaudit extension and set pgaudit.log.",
    module=__name__,
    name="database_postgres_pgaudit",
)

database_sqlserver_no_ownership_chaining = rule_check(
    id="DB-107",
    title="SQL Server instances disable cross-database ownership chaining",
    rule=FlagRule("sqlserver", "cross db ownership chaining", exactly("off"), "off"),
    controls=(*HARDENING, "nist-800-53-r5:AC-6", "cis-gcp:6.3.2"),
    doc="Cross-database ownership chaining lets a user of one database reach objects in "
    "another without a permission check there, crossing the boundary between them.\n\n"
    "Remediation: set the 'cross db ownership chaining' flag to off.",
    module=__name__,
    name="database_sqlserver_no_ownership_chaining",
)
