"""Pure helpers over ARM/Resource Graph JSON: ids, common resource fields, small parsers."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

from scanner.snapshot import PackedRecords, encode, extend_each

_PROVIDERS = re.compile(r"/providers/", re.IGNORECASE)
_GROUP = re.compile(r"/resourceGroups/([^/]+)", re.IGNORECASE)
_DURATION = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?", re.IGNORECASE)


def props(row: Mapping[str, Any]) -> Mapping[str, Any]:
    """The ``properties`` object of a resource ({} when absent or null)."""
    value = row.get("properties")
    return value if isinstance(value, Mapping) else {}


def resource_type(resource_id: str, fallback: str = "") -> str:
    """Canonical-case type from an id: ``Microsoft.KeyVault/vaults/keys``."""
    parts = _PROVIDERS.split(resource_id)
    if len(parts) < 2:
        return fallback
    segments = parts[-1].strip("/").split("/")
    if len(segments) < 2:
        return fallback
    return "/".join([segments[0], *segments[1::2]])


def resource_group(resource_id: str) -> str | None:
    """The resource group named in an id (original case), if any."""
    found = _GROUP.search(resource_id)
    return found.group(1) if found else None


def parent_name(resource_id: str, kind: str) -> str:
    """Name following ``/<kind>/`` in an id, e.g. the server of a database."""
    found = re.search(rf"/{kind}/([^/]+)", resource_id, re.IGNORECASE)
    return found.group(1) if found else ""


def base_fields(
    row: Mapping[str, Any], *, subscription: str, collected_at: datetime
) -> dict[str, Any]:
    """Identity fields every neutral model takes, from one ARM resource.

    The region, service and resource group, repeated by thousands of resources, are
    interned: one string each instead of one per resource.
    """
    rid = str(row.get("id", ""))
    tags = row.get("tags")
    group = resource_group(rid)
    return {
        "uid": rid,
        "provider": "azure",
        "account": subscription,
        "region": sys.intern(str(row.get("location") or "global")),
        "service": sys.intern(resource_type(rid, str(row.get("type", "")))),
        "name": str(row.get("name") or rid.rsplit("/", 1)[-1]),
        "tags": {str(k): str(v) for k, v in tags.items()} if isinstance(tags, Mapping) else {},
        "collected_at": collected_at,
        "group": None if group is None else sys.intern(group),
    }


def row_type(row: Mapping[str, Any]) -> str:
    """The type of a row, lower case (Resource Graph's own spelling)."""
    return str(row.get("type", "")).lower()


class RowTable:
    """One subscription's Resource Graph rows, grouped by type, in the order added.

    ``of_type`` answers from its type's rows alone (a collector asks for one or two types
    of a table that may hold a million rows). Live rows are kept as given; an export's are
    kept packed (``PackedRecords``: compressed JSON text, about a tenth of the parsed
    rows) and parsed again on every read, so a reader gets fresh rows each time.
    Iterating gives every row, type by type.
    """

    def __init__(self, *, packed: bool = False) -> None:
        self._packed = packed
        self._rows: dict[str, list[dict[str, Any]]] = {}
        self._kept: dict[str, PackedRecords] = {}
        self._count = 0

    def add(self, row: Mapping[str, Any], *, strict: bool = False) -> None:
        """Keep ``row`` (``strict``: decoded by msgspec, see ``scanner.snapshot.Record``)."""
        kind = row_type(row)
        if self._packed:
            kept = self._kept.get(kind)
            if kept is None:
                kept = self._kept[kind] = PackedRecords()
            kept.add_text("", encode(row, strict=strict))
        else:
            self._rows.setdefault(kind, []).append(row if isinstance(row, dict) else dict(row))
        self._count += 1

    def seal(self) -> None:
        """Compress what is pending (packed tables); call once every row was added."""
        for kept in self._kept.values():
            kept.seal()

    def extend(self, other: RowTable) -> None:
        """Add ``other``'s rows (both sealed) after these, type by type."""
        if self._packed != other._packed:
            raise ValueError("a packed and an unpacked table cannot be merged")
        extend_each(self._kept, other._kept)
        for kind, rows in other._rows.items():
            self._rows.setdefault(kind, []).extend(rows)
        self._count += other._count

    def of_type(self, kind: str) -> list[dict[str, Any]]:
        """Rows of one resource type (case-insensitive), in the order added."""
        wanted = kind.lower()
        if self._packed:
            kept = self._kept.get(wanted)
            return [row for _, row in kept.values()] if kept is not None else []
        return list(self._rows.get(wanted, ()))

    def types(self) -> list[str]:
        """Every type held, lower case, in the order first added."""
        return list(self._kept if self._packed else self._rows)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for kind in self.types():
            yield from self.of_type(kind)

    def __len__(self) -> int:
        return self._count


def of_type(rows: Iterable[dict[str, Any]] | RowTable, kind: str) -> list[dict[str, Any]]:
    """Rows of one resource type (case-insensitive)."""
    if isinstance(rows, RowTable):
        return rows.of_type(kind)
    wanted = kind.lower()
    return [r for r in rows if row_type(r) == wanted]


def duration_days(value: object) -> int | None:
    """Days in an ISO 8601 duration such as ``P90D`` or ``P2Y`` (months count 30 days)."""
    found = _DURATION.match(str(value or ""))
    if not found or not any(found.groups()):
        return None
    years, months, weeks, days = (int(g or 0) for g in found.groups())
    return years * 365 + months * 30 + weeks * 7 + days


def timestamp(value: object) -> datetime | None:
    """An ARM timestamp (ISO 8601 text or epoch seconds) as an aware datetime."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return datetime.fromtimestamp(value, UTC)
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, str) and value:
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return None


def rest_dict(model: Any) -> dict[str, Any]:
    """An SDK model as its REST JSON (camelCase), whichever generator produced it."""
    if isinstance(model, Mapping):
        as_dict = getattr(model, "as_dict", None)
        return dict(as_dict()) if callable(as_dict) else dict(model)
    serialize = getattr(model, "serialize", None)
    if callable(serialize):
        result = serialize(keep_readonly=True)
        return result if isinstance(result, dict) else {}
    return {}
