# ruff: noqa: S603 - runs PostgreSQL's own initdb/pg_ctl from the system install
"""A throwaway PostgreSQL server on 127.0.0.1 for the history tests (Debian's binaries).

``COMPLYSCAN_TEST_PG_URL`` (a server someone else runs) wins; otherwise ``initdb`` and
``pg_ctl`` from ``/usr/lib/postgresql/*/bin`` (or PATH) start a cluster in a temp dir on a
free port, as the ``postgres`` user when running as root (initdb refuses root).
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path


class UnavailableError(Exception):
    """No PostgreSQL server can be had here; the message says why."""


def _bindir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    if found:
        return Path(found[0]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise UnavailableError(
        "PostgreSQL is not installed (no initdb in /usr/lib/postgresql/*/bin or PATH); "
        "`apt-get install postgresql` (.ci/run does) or set COMPLYSCAN_TEST_PG_URL"
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _runner() -> tuple[list[str], int | None, int | None]:
    """Command prefix and uid/gid: root runs the server as the ``postgres`` user."""
    if os.geteuid() != 0:
        return [], None, None
    try:
        pg = pwd.getpwnam("postgres")
    except KeyError as err:
        raise UnavailableError(
            "running as root and there is no 'postgres' user to run initdb"
        ) from err
    runuser = shutil.which("runuser")
    if runuser is None:
        raise UnavailableError("running as root and `runuser` is missing")
    return [runuser, "-u", "postgres", "--"], pg.pw_uid, pg.pw_gid


@contextlib.contextmanager
def postgres_server() -> Iterator[str]:
    """Yield a SQLAlchemy URL of a PostgreSQL superuser on 127.0.0.1; stop it afterwards."""
    given = os.environ.get("COMPLYSCAN_TEST_PG_URL")
    if given:
        yield given
        return
    bindir = _bindir()
    prefix, uid, gid = _runner()
    root = Path(tempfile.mkdtemp(prefix="complyscan-pg-"))
    data = root / "data"
    if uid is not None and gid is not None:
        os.chown(root, uid, gid)
    port = _free_port()
    env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    run = lambda *args: subprocess.run(  # noqa: E731
        [*prefix, *args], check=True, capture_output=True, text=True, env=env, timeout=120
    )
    try:
        try:
            run(
                str(bindir / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
            )
            run(
                str(bindir / "pg_ctl"),
                "-D",
                str(data),
                "-l",
                str(root / "server.log"),
                "-w",
                "-t",
                "60",
                "-o",
                f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off",
                "start",
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as err:
            detail = getattr(err, "stderr", "") or str(err)
            log = root / "server.log"
            if log.exists():
                detail += "\n" + log.read_text(errors="replace")[-2000:]
            raise UnavailableError(f"could not start PostgreSQL from {bindir}: {detail}") from err
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        with contextlib.suppress(subprocess.SubprocessError, OSError):
            run(str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(root, ignore_errors=True)
