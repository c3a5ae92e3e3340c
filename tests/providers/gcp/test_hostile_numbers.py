"""Numbers a CAI export should not hold cost their own record only, never the collector.

``1e400`` is valid JSON that Python reads as infinity; as a firewall priority it cannot be
made an int (OverflowError), and NaN cannot either (ValueError). Before, either one in a
deny rule, or an infinite priority in any rule, stopped the whole firewall collector
(``InternalError``): every other firewall of the export went unevaluated.
"""

from __future__ import annotations

import json
from pathlib import Path

from providers.gcp.network import FIREWALL, collect_firewalls
from providers.gcp.session import GcpSession
from scanner.errors import CollectionError
from scanner.model import SecurityGroup

NET = "https://www.googleapis.com/compute/v1/projects/p/global/networks/default"


def _firewall(name: str, priority: str, *, deny: bool = False) -> str:
    rule = '[{"IPProtocol": "tcp", "ports": ["22"]}]'
    return (
        f'{{"name": "//compute.googleapis.com/projects/p/global/firewalls/{name}",'
        f' "asset_type": "{FIREWALL}", "resource": {{"data": {{"name": "{name}",'
        f' "network": "{NET}", "priority": {priority}, "{"denied" if deny else "allowed"}": {rule},'
        f' "sourceRanges": ["0.0.0.0/0"]}}}}}}'
    )


def test_an_unreadable_priority_costs_its_record_only(tmp_path: Path):
    lines = [
        _firewall("ok-1", "1000"),
        _firewall("inf", "1e400"),
        _firewall("deny-nan", "NaN", deny=True),
        _firewall("deny-inf", "-1e400", deny=True),
        _firewall("deny-ok", "900", deny=True),
        _firewall("ok-2", "1000.0"),
    ]
    for line in lines:
        json.loads(line)  # each is JSON Python reads
    path = tmp_path / "fw.ndjson"
    path.write_text("\n".join(lines) + "\n")
    session = GcpSession.from_snapshot(path, resource_types={FIREWALL: "x"}, policy_types={})
    items = list(collect_firewalls(session, "snapshot"))
    groups = {i.name: i for i in items if isinstance(i, SecurityGroup)}
    errors = sorted(i.uid for i in items if isinstance(i, CollectionError))
    assert sorted(groups) == ["deny-ok", "ok-1", "ok-2"]
    assert errors == [f"{path}:2", f"{path}:3", f"{path}:4"]
    # the readable deny still outranks the allows of its network
    assert [r.action for r in groups["ok-1"].rules] == ["deny", "allow"]
    assert [r.action for r in groups["deny-ok"].rules] == ["deny"]
