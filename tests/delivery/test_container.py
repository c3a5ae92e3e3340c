# ruff: noqa: S603 - these tests run the project's own tools and scripts
"""The Dockerfile, statically and as plain commands (there is no Docker engine in CI).

Static: base images pinned by digest, multi-stage, wheel from the build stage, numeric
non-root USER, ENTRYPOINT complyscan, no credential-looking ENV/ARG, a .dockerignore that
admits exactly what is copied, and hadolint.
Dynamic: the build stage's sources build a wheel; installed into a fresh venv it runs the demo
as uid 10001 from a directory it cannot write, with HOME unwritable and no credentials,
writing only to the output directory (the image's /out) and /tmp.
"""

from __future__ import annotations

import fnmatch
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import yaml

from tests.delivery.conftest import (
    ROOT,
    Installed,
    Sandbox,
    copied_sources,
    dockerfile_instructions,
    scrubbed_env,
    tool,
)

DIGEST = re.compile(r"^[\w.\-/:]+@sha256:[0-9a-f]{64}$")


def _args() -> dict[str, str]:
    defaults = {}
    for word, args in dockerfile_instructions():
        if word == "ARG" and "=" in args:
            name, _, value = args.partition("=")
            defaults[name] = value
    return defaults


def _stages() -> list[list[tuple[str, str]]]:
    stages: list[list[tuple[str, str]]] = []
    for word, args in dockerfile_instructions():
        if word == "FROM":
            stages.append([])
        if stages:
            stages[-1].append((word, args))
    return stages


def test_base_images_are_pinned_by_digest():
    defaults = _args()
    images = []
    for stage in _stages():
        ref = stage[0][1].split()[0]
        ref = re.sub(r"\$\{(\w+)\}", lambda m: defaults.get(m.group(1), m.group(0)), ref)
        images.append(ref)
    assert len(images) >= 2, "multi-stage: build the wheel, then a clean runtime stage"
    for ref in images:
        assert DIGEST.match(ref), f"{ref} is not pinned by @sha256 digest"
        assert ref.startswith("python:3.1")
        assert "-slim@" in ref


def test_runtime_stage_installs_the_wheel_as_root_then_runs_as_non_root():
    build, *_, final = _stages()
    assert any(w == "RUN" and "pip wheel" in a and "--no-deps" in a for w, a in build)
    assert any(w == "COPY" and a.startswith("--from=build") for w, a in final)
    runs = " ".join(a for w, a in final if w == "RUN")
    assert "python -m venv /opt/venv" in runs
    assert ".whl" in runs
    # a container job may keep history in PostgreSQL and push Parquet to Security Lake
    assert "[postgres,securitylake]" in runs
    users = [a for w, a in final if w == "USER"]
    assert users, "the runtime stage must switch to a non-root user"
    uid = users[-1].split(":")[0]
    assert uid.isdigit(), "numeric uid, so Kubernetes runAsNonRoot can verify it"
    assert int(uid) != 0
    assert f"--uid {uid}" in runs
    # USER comes after every RUN: nothing runs as root at run time.
    words = [w for w, _ in final]
    assert words.index("USER") > max(i for i, w in enumerate(words) if w == "RUN")


def test_entrypoint_cmd_and_environment():
    final = _stages()[-1]
    entry = [a for w, a in final if w == "ENTRYPOINT"]
    assert entry
    assert json.loads(entry[-1]) == ["complyscan"]
    assert json.loads([a for w, a in final if w == "CMD"][-1]) == ["--help"]
    env = " ".join(a for w, a in final if w == "ENV")
    assert "PYTHONDONTWRITEBYTECODE=1" in env
    assert [a for w, a in final if w == "WORKDIR"][-1] == "/out"


def test_no_credentials_are_baked_in():
    secretish = re.compile(r"KEY|SECRET|TOKEN|PASSWORD|CREDENTIAL", re.IGNORECASE)
    for word, args in dockerfile_instructions():
        if word in {"ENV", "ARG", "LABEL"}:
            names = re.findall(r"(\w+)=", args) or [args.split()[0]]
            bad = [n for n in names if secretish.search(n)]
            assert not bad, f"{word} {bad}: credentials come from the runtime environment"
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert ".aws" not in text
    assert "AZURE_CLIENT_SECRET" not in text
    assert "GOOGLE_APPLICATION_CREDENTIALS" not in text


def test_dockerignore_admits_exactly_what_is_copied():
    patterns = [
        line.strip()
        for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert patterns[0] == "*", "deny by default: no .venv, .git, reports or secrets"

    def included(path: str) -> bool:
        keep = True
        for p in patterns:
            negate = p.startswith("!")
            pat = p[1:].rstrip("/") if negate else p.rstrip("/")
            if fnmatch.fnmatch(path, pat) or path.startswith(pat + "/"):
                keep = negate
        return keep

    for src in copied_sources():
        assert (ROOT / src).exists(), f"COPY {src}: missing from the repository"
        assert included(src.rstrip("/")), f"COPY {src} is excluded by .dockerignore"
    for secret in (".env", ".venv", ".git", "complyscan-out", "tests"):
        assert not included(secret)


def test_build_backend_is_pinned_by_hash():
    text = (ROOT / "docker" / "build-requirements.txt").read_text(encoding="utf-8")
    reqs = re.findall(r"^([A-Za-z0-9_.\-]+)==\S+ \\\n\s+--hash=sha256:[0-9a-f]{64}$", text, re.M)
    assert "hatchling" in reqs
    assert len(reqs) == text.count("--hash=sha256:")
    runs = " ".join(a for w, a in dockerfile_instructions() if w == "RUN")
    assert "--require-hashes" in runs


def test_hadolint():
    hadolint = tool("hadolint")
    proc = subprocess.run(
        [hadolint, "--no-color", "Dockerfile"],
        cwd=ROOT,
        check=False,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.slow
def test_wheel_runs_the_demo_as_non_root_from_a_read_only_directory(
    installed: Installed, sandbox: Sandbox
):
    work = Path(tempfile.mkdtemp(prefix="complyscan-ro-"))
    try:
        work.chmod(0o755)
        readonly = work / "home"  # the image's HOME and WORKDIR without a mount: read-only
        readonly.mkdir(mode=0o555)
        out = work / "out"  # the mounted /out
        out.mkdir(mode=0o700)
        sandbox.chown(out)
        env = scrubbed_env(
            HOME=str(readonly),
            PYTHONDONTWRITEBYTECODE="1",
            PATH=f"{installed.venv}/bin:/usr/bin:/bin",
        )
        run = lambda *cmd: subprocess.run(  # noqa: E731
            [*sandbox.prefix, *cmd],
            cwd=readonly,
            env=env,
            check=False,
            capture_output=True,
            text=True,
        )
        where = run(str(installed.python), "-c", "import scanner; print(scanner.__file__)")
        assert where.returncode == 0, where.stderr
        assert where.stdout.startswith(str(installed.venv)), "scanner must come from the wheel"
        assert run(str(installed.complyscan), "--version").stdout.startswith("complyscan ")
        probe = run("/bin/sh", "-c", "touch x 2>/dev/null || echo read-only")
        assert probe.stdout.strip() == "read-only", "the working directory must be unwritable"

        demo = run(
            str(installed.complyscan),
            "demo",
            "--output-dir",
            str(out),
            "--format",
            "json,sarif,markdown",
            "--quiet",
        )
        assert demo.returncode == 0, demo.stdout + demo.stderr
        names = sorted(p.name for p in out.iterdir())
        assert names == ["complyscan-report.json", "complyscan-summary.md", "complyscan.sarif"]
        report = json.loads((out / "complyscan-report.json").read_text(encoding="utf-8"))
        assert report["scan"]["complete"] is True
        assert report["summary"]["total"] > 0
        assert not list(readonly.iterdir())
    finally:
        shutil.rmtree(work, ignore_errors=True)


@pytest.mark.slow
@pytest.mark.skipif(
    os.environ.get("COMPLYSCAN_SLOW_TESTS") != "1",
    reason="set COMPLYSCAN_SLOW_TESTS=1: installs the wheel's dependencies from the index (~1 min)",
)
def test_wheel_installs_with_its_dependencies_into_a_clean_venv(installed: Installed, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run(
        # with the extras the Dockerfile installs
        [str(venv / "bin" / "pip"), "install", "--no-cache-dir",
         f"{installed.wheel}[postgres,securitylake]"],
        check=True,
        capture_output=True,
    )  # fmt: skip
    subprocess.run([str(venv / "bin" / "python"), "-c", "import psycopg, pyarrow"], check=True)
    proc = subprocess.run(
        [str(venv / "bin" / "complyscan"), "checks", "list", "--format", "json"],
        check=False,
        capture_output=True,
        text=True,
        env=scrubbed_env(HOME=str(tmp_path)),
    )
    assert proc.returncode == 0, proc.stderr
    assert len(json.loads(proc.stdout)) > 0


def test_deployment_doc_examples_parse():
    text = (ROOT / "docs" / "deployment.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```(yaml|json)\n(.*?)```", text, re.S)
    assert len(blocks) >= 3
    for lang, body in blocks:
        docs = list(yaml.safe_load_all(body)) if lang == "yaml" else [json.loads(body)]
        assert all(docs)
    cronjob = next(
        d
        for _, b in blocks
        if "CronJob" in b
        for d in yaml.safe_load_all(b)
        if d["kind"] == "CronJob"
    )
    pod = cronjob["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsUser"] == 10001
    (container,) = pod["containers"]
    assert container["securityContext"]["readOnlyRootFilesystem"] is True
    assert {m["mountPath"] for m in container["volumeMounts"]} == {"/out", "/tmp"}  # noqa: S108
    task = next(json.loads(b) for lang, b in blocks if lang == "json")
    (definition,) = task["containerDefinitions"]
    assert definition["readonlyRootFilesystem"] is True
    assert definition["user"].startswith("10001")
