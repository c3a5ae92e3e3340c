"""Scan history: recorded scans and their findings, in SQLite or PostgreSQL (SQLAlchemy Core).

A *location* is a file path (an embedded SQLite database, the default) or a URL:
``sqlite:///path`` or ``postgresql://user@host/db`` for a store a team shares (libpq's
``PGPASSWORD`` and ``~/.pgpass`` work, so the password need not be on the command line).

The schema is defined by forward-only migrations (:data:`MIGRATIONS`); opening a store
applies the ones it lacks and records the version in ``complyscan_schema``. At run time the
tables are read back from the database, so the migrations are the only definition.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

import sqlalchemy as sa
import structlog
from pydantic import BaseModel, ConfigDict
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

from scanner.errors import ConfigError, OutputError
from scanner.findings import Finding, Suppression
from scanner.result import CheckInfo, ScanError, ScanMeta, ScanResult

log = structlog.get_logger(__name__)

VERSION_TABLE = "complyscan_schema"


def _migration_1(conn: sa.Connection) -> None:
    """Version 1: scans (metadata, checks, errors as JSON text) and one row per finding."""
    md = sa.MetaData()
    tz = sa.DateTime(timezone=True)
    sa.Table(
        "scans",
        md,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("started_at", tz, nullable=False, index=True),
        sa.Column("finished_at", tz, nullable=False),
        sa.Column("recorded_at", tz, nullable=False),
        sa.Column("tool_version", sa.String(40), nullable=False),
        sa.Column("provider", sa.String(16), nullable=False),
        sa.Column("accounts", sa.Text, nullable=False),
        sa.Column("identity", sa.Text, nullable=False),
        sa.Column("regions", sa.Text, nullable=False),
        sa.Column("complete", sa.Boolean, nullable=False),
        sa.Column("interrupted", sa.Boolean, nullable=False),
        sa.Column("checks_selected", sa.Integer, nullable=False),
        sa.Column("resources_collected", sa.Integer, nullable=False),
        sa.Column("checks", sa.Text, nullable=False),
        sa.Column("errors", sa.Text, nullable=False),
        sa.Column("expired_suppressions", sa.Text, nullable=False),
        sa.Column("evidence_sha256", sa.String(64), nullable=True),
    )
    sa.Table(
        "findings",
        md,
        sa.Column("scan_id", sa.Integer, sa.ForeignKey("scans.id"), primary_key=True),
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("check_id", sa.String(40), nullable=False, index=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("severity", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("provider", sa.String(16), nullable=False),
        sa.Column("account", sa.Text, nullable=False),
        sa.Column("region", sa.Text, nullable=False),
        sa.Column("resource_kind", sa.String(80), nullable=False),
        sa.Column("resource_uid", sa.Text, nullable=False),
        sa.Column("resource_name", sa.Text, nullable=False),
        sa.Column("service", sa.Text, nullable=False),
        sa.Column("location", sa.Text, nullable=False),
        sa.Column("controls", sa.Text, nullable=False),
        sa.Column("evaluated_at", tz, nullable=False),
        sa.Column("suppressed", sa.Boolean, nullable=False),
        sa.Column("suppression_reason", sa.Text, nullable=True),
        sa.Column("suppression_owner", sa.Text, nullable=True),
        sa.Column("suppression_expires", sa.Date, nullable=True),
    )
    md.create_all(conn, checkfirst=True)


#: Forward-only schema migrations; migration N brings a store from version N-1 to N.
#: Never edit a released migration: append a new one (ALTER TABLE ...) instead.
MIGRATIONS: tuple[Callable[[sa.Connection], None], ...] = (_migration_1,)


class ScanRecord(BaseModel):
    """One recorded scan, as ``complyscan history`` lists it."""

    model_config = ConfigDict(frozen=True)

    id: int
    started_at: datetime
    finished_at: datetime
    provider: str
    accounts: tuple[str, ...]
    identity: str
    regions: tuple[str, ...]
    complete: bool
    findings: int
    failed: int
    passed: int
    suppressed: int
    evidence_sha256: str | None = None


def engine_url(location: str) -> sa.URL:
    """The SQLAlchemy URL for a path or URL; PostgreSQL URLs use the psycopg 3 driver."""
    if "://" not in location:
        path = Path(location).expanduser().resolve()
        return sa.URL.create("sqlite", database=str(path))
    try:
        url = sa.make_url(location)
    except ArgumentError as err:
        raise ConfigError(f"--history: cannot parse {location!r} as a database URL") from err
    if url.drivername in {"postgresql", "postgres"}:
        url = url.set(drivername="postgresql+psycopg")
    if url.get_backend_name() not in {"sqlite", "postgresql"}:
        raise ConfigError(
            f"--history: unsupported database {url.get_backend_name()!r}; "
            "use a file path, sqlite:///PATH or postgresql://USER@HOST/DB"
        )
    return url


def display(location: str) -> str:
    """``location`` with any password hidden, for messages and logs."""
    try:
        return engine_url(location).render_as_string(hide_password=True)
    except ConfigError:
        return "(invalid history location)"


def brief(err: SQLAlchemyError) -> str:
    """The driver's first message line, without SQL text or bound parameters."""
    cause = getattr(err, "orig", None) or err
    return (str(cause).strip().splitlines() or [type(cause).__name__])[0]


def _utc(value: datetime) -> datetime:
    """SQLite returns naive datetimes (stored as UTC); PostgreSQL returns aware ones."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), sort_keys=True)


@dataclass(frozen=True)
class _Tables:
    scans: sa.Table
    findings: sa.Table


class HistoryStore:
    """A connection to one history store; use as a context manager (``with open_store(...)``)."""

    def __init__(self, engine: sa.Engine, location: str) -> None:
        """Wrap an engine whose database is already migrated (see :func:`open_store`)."""
        self._engine = engine
        self.location = display(location)
        md = sa.MetaData()
        with engine.connect() as conn:
            self._t = _Tables(
                scans=sa.Table("scans", md, autoload_with=conn),
                findings=sa.Table("findings", md, autoload_with=conn),
            )

    def __enter__(self) -> HistoryStore:
        """Return the store."""
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Release the connection pool."""
        self.close()

    def close(self) -> None:
        """Release the connection pool."""
        self._engine.dispose()

    def record(self, result: ScanResult, *, evidence_sha256: str | None = None) -> int:
        """Store ``result`` (metadata, checks, errors, every finding); returns its scan id."""
        meta = result.meta
        row = {
            "started_at": meta.started_at,
            "finished_at": meta.finished_at,
            "recorded_at": datetime.now(UTC),
            "tool_version": meta.tool_version,
            "provider": meta.provider,
            "accounts": _dumps(list(meta.accounts)),
            "identity": meta.identity,
            "regions": _dumps(list(meta.regions)),
            "complete": meta.complete,
            "interrupted": meta.interrupted,
            "checks_selected": meta.checks_selected,
            "resources_collected": meta.resources_collected,
            "checks": _dumps([c.model_dump(mode="json") for c in result.checks]),
            "errors": _dumps([e.model_dump(mode="json") for e in result.errors]),
            "expired_suppressions": _dumps(
                [s.model_dump(mode="json") for s in result.expired_suppressions]
            ),
            "evidence_sha256": evidence_sha256,
        }
        with self._begin() as conn:
            key = conn.execute(self._t.scans.insert().values(row)).inserted_primary_key
            if key is None:
                raise OutputError(f"history store {self.location}: no id for the new scan")
            scan_id = int(key[0])
            insert = self._t.findings.insert()
            findings = result.findings
            for start in range(0, len(findings), _BATCH):  # bounded memory at any size
                batch = findings[start : start + _BATCH]
                conn.execute(insert, [_finding_row(scan_id, f) for f in batch])
        log.info("history.recorded", scan_id=scan_id, findings=len(findings), store=self.location)
        return scan_id

    def scans(
        self, *, since: datetime | None = None, account: str | None = None
    ) -> list[ScanRecord]:
        """Recorded scans, oldest first, with finding counts."""
        s, f = self._t.scans, self._t.findings
        failed = sa.func.sum(sa.case((sa.and_(f.c.status == "fail", ~f.c.suppressed), 1), else_=0))
        passed = sa.func.sum(sa.case((f.c.status == "pass", 1), else_=0))
        suppressed = sa.func.sum(sa.case((f.c.suppressed, 1), else_=0))
        query = (
            sa.select(
                s,
                sa.func.count(f.c.id).label("n_findings"),
                failed.label("n_failed"),
                passed.label("n_passed"),
                suppressed.label("n_suppressed"),
            )
            .select_from(s.outerjoin(f, f.c.scan_id == s.c.id))
            .group_by(s.c.id)
            .order_by(s.c.started_at, s.c.id)
        )
        if since is not None:
            query = query.where(s.c.started_at >= since)
        with self._connect() as conn:
            rows = conn.execute(query).all()
        records = [_record(r) for r in rows]
        return [r for r in records if account is None or account in r.accounts]

    def load(self, scan_id: int) -> ScanResult:
        """The recorded scan as a ScanResult (without resources, which are not stored)."""
        s, f = self._t.scans, self._t.findings
        with self._connect() as conn:
            row = conn.execute(sa.select(s).where(s.c.id == scan_id)).mappings().first()
            if row is None:
                raise ConfigError(f"no scan {scan_id} in {self.location}; see `complyscan history`")
            found = conn.execution_options(yield_per=_BATCH).execute(
                sa.select(f).where(f.c.scan_id == scan_id).order_by(f.c.check_id, f.c.resource_uid)
            )
            columns = tuple(found.keys())
            findings = tuple(
                _finding(dict(zip(columns, r, strict=True)))
                for part in found.partitions()
                for r in part
            )
        return ScanResult(
            meta=ScanMeta(
                tool_version=row["tool_version"],
                provider=row["provider"],
                accounts=tuple(json.loads(row["accounts"])),
                identity=row["identity"],
                regions=tuple(json.loads(row["regions"])),
                started_at=_utc(row["started_at"]),
                finished_at=_utc(row["finished_at"]),
                complete=row["complete"],
                interrupted=row["interrupted"],
                checks_selected=row["checks_selected"],
                resources_collected=row["resources_collected"],
            ),
            checks=tuple(CheckInfo.model_validate(c) for c in json.loads(row["checks"])),
            findings=findings,
            errors=tuple(ScanError.model_validate(e) for e in json.loads(row["errors"])),
            expired_suppressions=tuple(
                Suppression.model_validate(x) for x in json.loads(row["expired_suppressions"])
            ),
        )

    def resolve(self, ref: str, *, before: int | None = None) -> int:
        """A scan id from ``ref``: a number, ``latest``, or ``previous``.

        ``previous`` is the scan recorded before ``before`` (default: the latest) for the
        same provider and accounts, so a diff compares like with like.
        """
        records = self.scans()
        if not records:
            raise ConfigError(f"no scans recorded in {self.location}; scan with --record first")
        by_id = {r.id: r for r in records}
        if ref.isdigit():
            if int(ref) not in by_id:
                raise ConfigError(f"no scan {ref} in {self.location}; see `complyscan history`")
            return int(ref)
        if ref == "latest":
            return records[-1].id
        if ref == "previous":
            head = by_id[before] if before is not None else records[-1]
            earlier = [
                r
                for r in records[: records.index(head)]
                if r.provider == head.provider and r.accounts == head.accounts
            ]
            if not earlier:
                raise ConfigError(
                    f"scan {head.id} has no earlier scan of {head.provider} "
                    f"{', '.join(head.accounts)} in {self.location}"
                )
            return earlier[-1].id
        raise ConfigError(f"scan reference {ref!r}: use a scan id, 'latest' or 'previous'")

    @contextmanager
    def _connect(self) -> Iterator[sa.Connection]:
        try:
            with self._engine.connect() as conn:
                yield conn
        except SQLAlchemyError as err:
            raise OutputError(f"history store {self.location}: {brief(err)}") from err

    @contextmanager
    def _begin(self) -> Iterator[sa.Connection]:
        try:
            with self._engine.begin() as conn:
                yield conn
        except SQLAlchemyError as err:
            raise OutputError(
                f"history store {self.location}: cannot record: {brief(err)}"
            ) from err


#: Findings inserted per statement: bounds the rows held at once.
_BATCH = 5000


@functools.lru_cache(maxsize=4096)
def _controls_json(controls: tuple[str, ...]) -> str:
    """A finding's controls as stored (the same few tuples recur once per check)."""
    return _dumps(list(controls))


def _finding_row(scan_id: int, f: Finding) -> dict[str, Any]:
    row = dict(f.__dict__)  # the field values, as model_dump() gives them, without the copy cost
    row["scan_id"] = scan_id
    row["controls"] = _controls_json(f.controls)
    row["severity"] = f.severity.value
    row["status"] = f.status.value
    return row


def _finding(row: dict[str, Any]) -> Finding:
    row.pop("scan_id")
    row["controls"] = _controls_tuple(row["controls"])
    row["evaluated_at"] = _utc(row["evaluated_at"])
    expires = row["suppression_expires"]
    if isinstance(expires, datetime):  # some drivers return a datetime for DATE
        row["suppression_expires"] = expires.date()
    return Finding.model_validate(row)


@functools.lru_cache(maxsize=4096)
def _controls_tuple(stored: str) -> tuple[str, ...]:
    return tuple(json.loads(stored))


def _record(row: sa.Row[Any]) -> ScanRecord:
    m = row._mapping
    return ScanRecord(
        id=m["id"],
        started_at=_utc(m["started_at"]),
        finished_at=_utc(m["finished_at"]),
        provider=m["provider"],
        accounts=tuple(json.loads(m["accounts"])),
        identity=m["identity"],
        regions=tuple(json.loads(m["regions"])),
        complete=m["complete"],
        findings=int(m["n_findings"] or 0),
        failed=int(m["n_failed"] or 0),
        passed=int(m["n_passed"] or 0),
        suppressed=int(m["n_suppressed"] or 0),
        evidence_sha256=m["evidence_sha256"],
    )


def migrate(engine: sa.Engine) -> int:
    """Apply the migrations the store lacks, in order; returns the schema version."""
    md = sa.MetaData()
    version = sa.Table(VERSION_TABLE, md, sa.Column("version", sa.Integer, primary_key=True))
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            # two scans starting at once must not both create the tables
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(4242424201)"))
        md.create_all(conn, checkfirst=True)
        current = conn.execute(sa.select(sa.func.max(version.c.version))).scalar() or 0
        if current > len(MIGRATIONS):
            raise ConfigError(
                f"history store schema version {current} is newer than this complyscan "
                f"understands ({len(MIGRATIONS)}); upgrade complyscan"
            )
        for number in range(current + 1, len(MIGRATIONS) + 1):
            MIGRATIONS[number - 1](conn)
            conn.execute(version.insert().values(version=number))
            log.info("history.migrated", version=number)
    return len(MIGRATIONS)


def open_store(location: str) -> HistoryStore:
    """Open (creating and migrating as needed) the history store at ``location``."""
    url = engine_url(location)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        try:
            Path(url.database).parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            # owner-only, like reports and evidence (SQLite's journal files follow the
            # database file's mode); an existing file keeps the mode its owner gave it
            os.close(os.open(url.database, os.O_WRONLY | os.O_CREAT, 0o600))
        except OSError as err:
            raise OutputError(f"history store {url.database}: {err.strerror or err}") from err
    try:
        engine = sa.create_engine(url)
    except (NoSuchModuleError, ModuleNotFoundError) as err:
        raise ConfigError(
            "--history: PostgreSQL needs the psycopg driver: pip install 'complyscan[postgres]'"
        ) from err
    try:
        migrate(engine)
        return HistoryStore(engine, location)
    except SQLAlchemyError as err:
        engine.dispose()
        raise OutputError(f"history store {display(location)}: {brief(err)}") from err
    except ConfigError:
        engine.dispose()
        raise
