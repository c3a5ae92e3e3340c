# ruff: noqa: S603, S607 - these tests run the project's own tools and scripts
"""Shared fixtures for the delivery tests: tools, and complyscan built and installed as a wheel.

The wheel fixture follows the Dockerfile as plain commands: copy only what the Dockerfile
COPYs, build the wheel without build isolation (hatchling comes from the dev extra, pinned by
hash in docker/build-requirements.txt for the image), and install it into a fresh virtualenv.
Its dependencies are not downloaded (the default run stays offline and fast): a ``.pth`` file
points the fresh venv at a hard-linked copy of the dev venv's site-packages, behind the wheel's
own site-packages, so ``scanner``/``checks``/``providers`` come from the wheel. Set
COMPLYSCAN_SLOW_TESTS=1 to also run the full ``pip install <wheel>`` from the package index.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
NONROOT_UID = 10001  # the Dockerfile's user


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "slow: builds/installs complyscan or runs the demo (tens of seconds)"
    )


def tool(name: str) -> str:
    """A dev tool from this venv (or PATH); skip with the reason when it is missing."""
    found = shutil.which(name, path=str(BIN)) or shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed; pip install -e '.[dev]' provides it")
    return found


def dockerfile_instructions(path: Path = ROOT / "Dockerfile") -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    out: list[tuple[str, str]] = []
    pending = ""
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        full = pending + line
        pending = ""
        word, _, rest = full.partition(" ")
        out.append((word.upper(), " ".join(rest.split())))
    return out


def copied_sources() -> list[str]:
    """Context paths the Dockerfile's build stage COPYs (not --from=...)."""
    sources: list[str] = []
    for word, args in dockerfile_instructions():
        if word == "COPY" and not args.startswith("--from"):
            sources += args.split()[:-1]
    return sources


@dataclass(frozen=True)
class Sandbox:
    """How to run a command as an unprivileged user that can write only where we allow."""

    prefix: tuple[str, ...]
    uid: int

    def chown(self, path: Path) -> None:
        if os.geteuid() == 0:
            os.chown(path, self.uid, self.uid)


@pytest.fixture(scope="session")
def sandbox() -> Sandbox:
    if os.geteuid() != 0:
        return Sandbox((), os.geteuid())
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: cannot drop to a non-root uid")
    uid = NONROOT_UID
    return Sandbox(
        (setpriv, f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "--"),
        uid,
    )


def _world_readable_tmpdir(prefix: str) -> Path:
    path = Path(tempfile.mkdtemp(prefix=prefix))
    path.chmod(0o755)
    return path


def _link_tree(src: Path, dst: Path) -> None:
    """Hard-link copy (fast, same filesystem); plain copy across filesystems."""
    try:
        subprocess.run(["cp", "-al", str(src), str(dst)], check=True, capture_output=True)
    except (subprocess.CalledProcessError, FileNotFoundError):
        shutil.rmtree(dst, ignore_errors=True)
        shutil.copytree(src, dst, symlinks=True)


@dataclass(frozen=True)
class Installed:
    """complyscan installed from its wheel into a fresh venv."""

    root: Path  # world-readable, root-owned like the image's /opt
    venv: Path
    wheel: Path

    @property
    def complyscan(self) -> Path:
        return self.venv / "bin" / "complyscan"

    @property
    def python(self) -> Path:
        return self.venv / "bin" / "python"


def build_wheel(context: Path) -> Path:
    """The Dockerfile's build stage: the COPYed sources only, then pip wheel."""
    for rel in copied_sources():
        if rel.startswith("docker/"):
            continue  # the pinned build backend; hatchling is in the dev extra here
        src = ROOT / rel
        if src.is_dir():
            shutil.copytree(src, context / rel, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, context / rel)
    subprocess.run(
        [
            *(sys.executable, "-m", "pip", "wheel", "--no-cache-dir", "--no-deps"),
            *("--no-build-isolation", "--no-index", "--wheel-dir", "dist", "."),
        ],
        cwd=context,
        check=True,
        capture_output=True,
        text=True,
    )
    (wheel,) = (context / "dist").glob("complyscan-*.whl")
    return wheel


@pytest.fixture(scope="session")
def installed() -> Iterator[Installed]:
    pytest.importorskip("hatchling", reason="hatchling (dev extra) builds the wheel offline")
    root = _world_readable_tmpdir("complyscan-wheel-")
    try:
        context = root / "context"
        context.mkdir()
        wheel = build_wheel(context)
        venv = root / "venv"
        subprocess.run(
            [sys.executable, "-m", "venv", "--without-pip", str(venv)],
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [
                *(sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python")),
                *("install", "--no-cache-dir", "--no-deps", "--no-index", str(wheel)),
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        # Dependencies: a copy of the dev venv's, after the wheel's own site-packages.
        deps = root / "deps"
        purelib = Path(sysconfig.get_paths()["purelib"])
        _link_tree(purelib, deps)
        site = Path(
            subprocess.run(
                [
                    str(venv / "bin" / "python"),
                    "-c",
                    "import sysconfig; print(sysconfig.get_paths()['purelib'])",
                ],
                check=True,
                capture_output=True,
                text=True,
            ).stdout.strip()
        )
        (site / "zz_complyscan_test_deps.pth").write_text(f"{deps}\n", encoding="utf-8")
        yield Installed(root, venv, wheel)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def scrubbed_env(**extra: str) -> dict[str, str]:
    """A minimal environment: no cloud credentials, no developer settings."""
    keep = {"PATH", "LANG", "LC_ALL", "TZ"}
    env = {k: v for k, v in os.environ.items() if k in keep}
    env.update(extra)
    return env
