"""Property tests over every provider-neutral input complyscan parses.

``.complyscan.yaml``, command-line flags, CIDR strings and port ranges: whatever arrives,
the answer is a value or a ``ConfigError`` (exit 2) with the location of the problem, never
a traceback. Policy documents are covered in ``tests/providers/aws``.
"""

from __future__ import annotations

import ipaddress
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from scanner.cli import app
from scanner.config import FileConfig, ScanConfig, build_config, load_file_config
from scanner.errors import ConfigError
from scanner.model import SecurityGroup
from scanner.model.base import path_part
from scanner.model.network import (
    FirewallRule,
    internet_exposures,
    is_internet_source,
)

# --- CIDRs and ports ---------------------------------------------------------------------


def _reference_is_internet_source(source: str) -> bool:
    """The definition, without the fast paths: a token for anywhere or a /0 network."""
    token = source.strip().lower()
    if token in {"*", "any", "internet", "0.0.0.0", "::"}:  # noqa: S104 - a rule source
        return True
    try:
        return ipaddress.ip_network(token, strict=False).prefixlen == 0
    except ValueError:
        return False


v4 = st.ip_addresses(v=4).map(str)
v6 = st.ip_addresses(v=6).map(str)
#: prefix lengths in and out of range, plus what a hand-written CIDR may carry instead
odd_prefixes = ["0", "00", "", "\u0660", "\u00b2", "255.255.0.0", "x"]
prefix = st.integers(0, 140).map(str) | st.sampled_from(odd_prefixes)
cidr = st.builds(lambda a, p: f"{a}/{p}", v4 | v6, prefix)
source = (
    cidr
    | v4
    | v6
    | st.sampled_from(["0.0.0.0/0", "::/0", " 0.0.0.0/0 ", "*", "Internet", "sg-123", "pl-1"])
    | st.text(max_size=20)
)


@given(source)
@settings(max_examples=500)
def test_internet_source_matches_its_definition(src: str) -> None:
    assert is_internet_source(src) is _reference_is_internet_source(src)


port = st.integers(-70000, 70000) | st.none()
rules = st.lists(
    st.builds(
        FirewallRule,
        direction=st.sampled_from(["ingress", "egress"]),
        action=st.sampled_from(["allow", "deny"]),
        protocol=st.sampled_from(["tcp", "udp", "-1", "all", "*", "6", "17", "icmp", "58", "x"]),
        from_port=port,
        to_port=port,
        sources=st.lists(source, max_size=3).map(tuple),
        priority=st.integers(-5, 70000) | st.none(),
    ),
    max_size=5,
).map(tuple)


@given(rules, st.integers(-10, 70000) | st.none(), st.sampled_from(["tcp", "udp", "icmp"]))
@settings(max_examples=300)
def test_exposures_are_internet_allows_that_cover_the_port(
    rule_set: tuple[FirewallRule, ...], port_: int | None, protocol: str
) -> None:
    for src, rule in internet_exposures(rule_set, port_, protocol):
        assert rule.action == "allow"
        assert rule.direction == "ingress"
        assert src in rule.sources
        assert is_internet_source(src)
        assert rule.all_traffic if port_ is None else rule.covers_port(port_, protocol)


def _reference_exposures(
    rule_set: tuple[FirewallRule, ...], port_: int | None, protocol: str
) -> list[tuple[str, FirewallRule]]:
    """The rule semantics spelt out plainly, one family at a time, over every rule."""
    found: list[tuple[str, FirewallRule]] = []
    for family in (4, 6):
        sources = {
            r: [s for s in r.sources if is_internet_source(s) and _family(s) in (family, None)]
            for r in rule_set
        }
        candidates = [
            r
            for r in rule_set
            if r.direction == "ingress"
            and sources[r]
            and (r.all_traffic if port_ is None else r.covers_port(port_, protocol))
        ]
        if any(r.priority is not None for r in candidates):
            ordered = sorted(
                candidates, key=lambda r: 1 << 30 if r.priority is None else r.priority
            )
            decided = ordered[0]
        else:
            decided = next((r for r in candidates if r.action == "allow"), None)
        if decided is not None and decided.action == "allow":
            pair = (sources[decided][0], decided)
            if pair not in found:
                found.append(pair)
    return found


def _family(src: str) -> int | None:
    try:
        return ipaddress.ip_network(src.strip(), strict=False).version
    except ValueError:
        return None


@given(rules, st.integers(-10, 70000) | st.none(), st.sampled_from(["tcp", "udp", "icmp"]))
@settings(max_examples=500)
def test_exposures_match_the_plain_reference(
    rule_set: tuple[FirewallRule, ...], port_: int | None, protocol: str
) -> None:
    # firewalls turn their internet-facing ingress rules into gates once, then judge ports
    assert internet_exposures(rule_set, port_, protocol) == _reference_exposures(
        rule_set, port_, protocol
    )
    group = SecurityGroup(
        uid="sg", provider="aws", account="1", region="r", service="ec2", name="sg",
        collected_at=datetime(2026, 1, 1, tzinfo=UTC), rules=rule_set,
    )  # fmt: skip
    assert group.exposures(port_, protocol) == _reference_exposures(rule_set, port_, protocol)


@given(st.text(max_size=30))
def test_path_parts_are_quoted_exactly_as_quote_does(part: str) -> None:
    assert path_part(part) == quote(part, safe="")


@given(port, port, st.integers(-10, 70000))
def test_a_port_range_covers_what_lies_between_its_bounds(low: Any, high: Any, p: int) -> None:
    rule = FirewallRule(
        direction="ingress", protocol="tcp", from_port=low, to_port=high, sources=()
    )  # fmt: skip
    inside = low is None or high is None or min(low, high) <= p <= max(low, high)
    assert rule.covers_port(p, "tcp") is inside
    assert not rule.covers_port(p, "udp")


# --- .complyscan.yaml ----------------------------------------------------------------------

scalar = st.none() | st.booleans() | st.integers() | st.text(max_size=8) | st.dates().map(str)
yaml_value = st.recursive(
    scalar,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=8,
)
suppression = st.fixed_dictionaries(
    {},
    optional={
        "check": st.sampled_from(["NET-001", "net-002", ""]) | scalar,
        "resource": st.sampled_from(["*", "arn:aws:s3:::b-*", "["]) | scalar,
        "reason": st.text(max_size=12) | scalar,
        "expires": st.dates().map(str) | scalar,
        "owner": scalar,
    },
)
config_doc = st.dictionaries(
    st.sampled_from(["suppressions", "exceptions", "checks", "x"]),
    st.lists(suppression | yaml_value, max_size=3) | yaml_value,
    max_size=3,
)


def _load(tmp_path: Path, text: str) -> FileConfig | ConfigError:
    path = tmp_path / ".complyscan.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        return load_file_config(path)
    except ConfigError as err:
        error = err
    assert str(path) in str(error)  # the error names the file
    return error


@given(config_doc | yaml_value)
@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_yaml_document_loads_or_is_a_config_error(tmp_path: Path, doc: Any) -> None:
    outcome = _load(tmp_path, yaml.safe_dump(doc))
    if isinstance(outcome, ConfigError) and isinstance(doc, dict) and doc:
        # a schema problem names where it is (a key, possibly with a list index)
        text = str(outcome)
        assert any(str(k) in text for k in doc) or "mapping" in text or "YAML" in text


@given(st.text(max_size=60) | st.binary(max_size=40).map(lambda b: b.decode("latin-1")))
@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_text_loads_or_is_a_config_error(tmp_path: Path, text: str) -> None:
    _load(tmp_path, text)


# --- flags -----------------------------------------------------------------------------------

flag_value = st.text(max_size=10) | st.integers(-5, 200) | st.floats(allow_nan=True) | st.none()


@given(
    st.dictionaries(
        st.sampled_from(
            [
                "regions",
                "checks",
                "frameworks",
                "formats",
                "fail_on",
                "concurrency",
                "max_attempts",
                "max_error_attempts",
                "connect_timeout",
                "severities",
                "provider",
                "output_dir",
            ]
        ),
        flag_value | st.lists(st.text(max_size=6), max_size=3).map(tuple),
    )
)
def test_any_settings_validate_or_are_a_config_error(options: dict[str, Any]) -> None:
    try:
        assert isinstance(build_config(**options), ScanConfig)
    except ConfigError as err:
        message = str(err)
    else:
        return
    assert message.startswith("invalid settings:")
    assert any(key in message for key in options)  # names the flag at fault


safe_text = st.text(st.characters(blacklist_categories=["Cs", "Cc"]), max_size=12)
cli_flags = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "--region",
                "--checks",
                "--severity",
                "--framework",
                "--format",
                "--fail-on",
                "--concurrency",
                "--provider",
                "--snapshot",
                "--config",
                "--all-regions",
            ]
        ),
        safe_text | st.integers(-3, 300).map(str),
    ),
    max_size=4,
)


@pytest.fixture(scope="module")
def offline(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """An environment in which any AWS call fails at once on a closed loopback port."""
    return {
        "AWS_ENDPOINT_URL": "http://127.0.0.1:9",
        "AWS_ACCESS_KEY_ID": "x",
        "AWS_SECRET_ACCESS_KEY": "x",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        "HOME": str(tmp_path_factory.mktemp("home")),
        "COLUMNS": "200",
    }


@given(cli_flags)
@settings(max_examples=60, deadline=None)
def test_any_scan_flags_exit_with_a_documented_code_and_no_traceback(
    offline: dict[str, str], flags: list[tuple[str, str]]
) -> None:
    args = ["scan", "--output-dir", offline["HOME"] + "/out"]
    for flag, value in flags:
        # never reach a real cloud's credential chain
        given_value = "aws" if flag == "--provider" and value in {"gcp", "azure"} else value
        args += [flag] if flag == "--all-regions" else [flag, given_value]
    args += ["--max-attempts", "1", "--connect-timeout", "0.5"]
    result = CliRunner(env=offline).invoke(app, args)
    assert result.exit_code in {0, 1, 2, 3}, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    if result.exit_code == 2:
        assert "error" in result.output.lower() or "Usage" in result.output
