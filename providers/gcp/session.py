"""GcpSession: serves Cloud Asset Inventory records by scope and type to the collectors.

Collectors never call an API themselves: they ask the session for the assets of some types
in a scope (``session.resources(scope, [...])``) and map them with pure ``to_*`` functions.
The session answers from one of three inputs, so every mapper is shared:

* live: ``ListAssets`` once per (scope, content type) for every type the provider maps,
  paged at 1,000 and retried with backoff on RESOURCE_EXHAUSTED;
* ``--export``: one ``ExportAssets`` per (scope, content type), then the file is read back;
* ``--snapshot FILE``: an export file read once at open, with no API call at all.

Fetches are cached per (scope, content type) under a lock, so concurrent collectors of one
scope share one listing. Unusable records become ``input_errors`` with their file and line.

Every record is validated when it arrives (a snapshot: when the file is opened), then kept
only as compressed JSON text (``PackedRecords``) grouped by asset type: ``resources`` parses
the records of the asked types again on each pass, so no collector's input stays parsed for
the whole scan. What is kept is the validated envelope's fields (``assets.packed``), so a
pass decodes less text and rebuilds each ``AssetRecord`` without validating it again. The
engine calls ``release_inputs`` once collection is done.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from providers.gcp.assets import (
    AssetRecord,
    OrgPolicy,
    Policy,
    RecordError,
    is_number,
    packed,
    project_ref,
    to_record,
    unpacked,
)
from providers.gcp.errors import SDK_ERRORS, translate_error
from providers.gcp.sources import AssetSource, Content
from scanner.errors import CollectionError
from scanner.halves import read_in_two
from scanner.snapshot import (
    SNAPSHOT_SCOPE,
    PackedRecords,
    Problem,
    Record,
    encode,
    extend_each,
    problem_error,
)

LIST_RESOURCE = "cloudasset.assets.listResource"
LIST_IAM_POLICY = "cloudasset.assets.listIamPolicy"
LIST_ORG_POLICY = "cloudasset.assets.listOrgPolicy"
PROJECT_TYPE = "cloudresourcemanager.googleapis.com/Project"
ORGANIZATION_TYPE = "cloudresourcemanager.googleapis.com/Organization"
#: In ``policy_types``: keep the IAM policy of every asset type (ListAssets with no type filter).
ANY_TYPE = "*"


@dataclass
class _Loaded:
    """The records of one (scope, content type), by asset type, or the error that stopped it.

    Records are kept packed (validated JSON text) and mapped to ``AssetRecord`` on each read.
    """

    by_type: dict[str, PackedRecords] = field(default_factory=dict)
    error: Exception | None = None
    absent: bool = False  # a snapshot with no records of this content type at all
    count: int = 0

    def add(self, record: AssetRecord, text: bytes) -> None:
        """Keep one validated record as ``text``: its ``packed`` values, encoded."""
        kept = self.by_type.get(record.asset_type)
        if kept is None:
            kept = self.by_type[record.asset_type] = PackedRecords()
        kept.add_text(record.origin, text)
        self.count += 1

    def seal(self) -> None:
        """Compress what is still pending; call once every record was added."""
        for kept in self.by_type.values():
            kept.seal()

    def extend(self, other: _Loaded) -> None:
        """Add ``other``'s records (both sealed) after this one's, type by type."""
        extend_each(self.by_type, other.by_type)
        self.count += other.count

    def records(self, asset_types: Iterable[str]) -> Iterator[AssetRecord]:
        """The records of ``asset_types``, in that order, parsed afresh."""
        for asset_type in asset_types:
            kept = self.by_type.get(asset_type)
            if kept is not None:
                for origin, values in kept.values():
                    yield unpacked(values, origin)


#: What reading part of an export gives: resources, IAM policies, org policies, problems.
_Part = tuple[_Loaded, _Loaded, _Loaded, list[CollectionError]]


@dataclass(frozen=True)
class Assets:
    """Assets of some types in one scope: parsed again on every pass, never kept parsed.

    Iterate it as often as needed (each pass costs one parse of those records); keep a
    ``list`` of it only when the records are few.
    """

    _loaded: _Loaded
    asset_types: tuple[str, ...]

    def __iter__(self) -> Iterator[AssetRecord]:
        return self._loaded.records(self.asset_types)

    def __len__(self) -> int:
        return sum(len(self._loaded.by_type.get(t, ())) for t in self.asset_types)


@dataclass
class GcpSession:
    """Credentials-free view of the asset inventory; pass it down, never store it globally.

    ``resource_types`` / ``policy_types`` map each asset type the collectors read (with
    resource data / with IAM policies) to the model it feeds, used to attribute errors.
    """

    account: str
    identity: str
    scopes: list[str]
    resource_types: Mapping[str, str]
    policy_types: Mapping[str, str]
    source: AssetSource | None = None
    collected_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    provider: str = "gcp"
    _cache: dict[tuple[str, Content], _Loaded] = field(default_factory=dict, repr=False)
    _locks: dict[tuple[str, Content], threading.Lock] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _problems: list[CollectionError] = field(default_factory=list, repr=False)
    _projects: dict[str, dict[str, str]] = field(default_factory=dict, repr=False)
    _released: bool = field(default=False, repr=False)

    @property
    def input_errors(self) -> list[CollectionError]:
        """Records that could not be used, each with its file (or API scope) and line."""
        with self._lock:
            return list(self._problems)

    def resources(self, scope: str, asset_types: Iterable[str], *, resource: str) -> Assets:
        """Every asset of ``asset_types`` in ``scope`` with its resource data.

        Raises:
            CollectionError: the scope could not be listed (named after ``resource``).
        """
        loaded = self._load(scope, "resource")
        if loaded.error is not None:
            raise translate_error(
                loaded.error, scope=scope, resource=resource, permission=LIST_RESOURCE
            )
        return Assets(loaded, tuple(asset_types))

    def policies(
        self, scope: str, asset_types: Iterable[str], *, resource: str
    ) -> dict[str, Policy] | None:
        """IAM policy per asset name; None when the input holds no IAM policies at all.

        An asset without an entry has no policy set (no bindings).
        """
        loaded = self._load(scope, "iam_policy")
        if loaded.error is not None:
            raise translate_error(
                loaded.error, scope=scope, resource=resource, permission=LIST_IAM_POLICY
            )
        if loaded.absent:
            return None
        return {r.name: r.policy for r in loaded.records(asset_types) if r.policy is not None}

    def all_policies(self, scope: str, *, resource: str) -> Iterator[AssetRecord] | None:
        """Every IAM policy record in ``scope``, of any asset type; None when the input holds
        no IAM policies at all.
        """
        loaded = self._load(scope, "iam_policy")
        if loaded.error is not None:
            raise translate_error(
                loaded.error, scope=scope, resource=resource, permission=LIST_IAM_POLICY
            )
        if loaded.absent:
            return None
        return loaded.records(sorted(loaded.by_type))

    def org_policies(self, scope: str, *, resource: str) -> dict[str, tuple[OrgPolicy, ...]]:
        """Organisation policies set on each container (``projects/N``, ``folders/F``,
        ``organizations/O``) in ``scope``; a container without an entry sets none.

        Raises:
            CollectionError: org policies could not be listed (named after ``resource``).
        """
        loaded = self._load(scope, "org_policy")
        if loaded.error is not None:
            raise translate_error(
                loaded.error, scope=scope, resource=resource, permission=LIST_ORG_POLICY
            )
        return {
            r.name.rsplit("cloudresourcemanager.googleapis.com/", 1)[-1]: r.org_policies
            for r in loaded.records(sorted(loaded.by_type))
            if r.org_policies is not None
        }

    def project_id(self, scope: str, record: AssetRecord) -> str:
        """The project id a record belongs to (numbers resolved through Project assets)."""
        ref = project_ref(record)
        if not is_number(ref):
            return ref
        with self._lock:
            known = self._projects.get(scope)
        if known is None:
            known = {}
            for project in self.resources(scope, [PROJECT_TYPE], resource="Project"):
                body = project.body
                known[str(body.get("projectNumber", ""))] = str(body.get("projectId", ""))
            with self._lock:
                self._projects[scope] = known
        return known.get(ref) or ref

    def now(self) -> datetime:
        """When the inventory was read; time-based checks compare against it."""
        return self.collected_at

    @property
    def offline(self) -> bool:
        """Serving a snapshot file: every record is in memory, no API call is made."""
        return self.source is None

    def release_inputs(self) -> None:
        """Drop every record read; the engine calls it once all collectors are done.

        ``input_errors`` stay; reading assets afterwards is a bug and raises RuntimeError
        (rather than answering an empty snapshot, or listing a live scope again).
        """
        with self._lock:
            self._released = True
            self._cache.clear()

    def close(self) -> None:
        """Drop cached records."""
        with self._lock:
            self._cache.clear()

    # -- loading -------------------------------------------------------------------------

    def _load(self, scope: str, content: Content) -> _Loaded:
        key = (scope, content)
        with self._lock:
            if self._released:
                raise RuntimeError("GcpSession: assets read after release_inputs()")
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            if key not in self._cache:
                self._cache[key] = self._fetch(scope, content)
            return self._cache[key]

    def _fetch(self, scope: str, content: Content) -> _Loaded:
        loaded = _Loaded()
        if self.source is None:  # offline: everything was loaded when the file was opened
            loaded.absent = content == "iam_policy"
            return loaded
        types = sorted(self.resource_types if content == "resource" else self.policy_types)
        if ANY_TYPE in types or content == "org_policy":
            types = []  # every asset type (org policies sit on organisations/folders/projects)
        try:
            for item in self.source.fetch(scope, content, types):
                self.add(item, {content: loaded})
        except SDK_ERRORS as err:
            return _Loaded(error=err)
        loaded.seal()
        return loaded

    def add(self, item: Record | Problem, targets: Mapping[Content, _Loaded]) -> None:
        """Validate one record and file it under the content types it carries; log problems."""
        if isinstance(item, Problem):
            self._problem(item, "")
            return
        try:
            record = to_record(item.data, item.origin)
        except RecordError as err:
            kind = item.data.get("asset_type") or item.data.get("assetType") or ""
            self._problem(Problem(item.origin, str(err)), str(kind))
            return
        res, pol = targets.get("resource"), targets.get("iam_policy")
        org = targets.get("org_policy")
        keep = [
            loaded
            for loaded, wanted in (
                (res, record.data is not None and record.asset_type in self.resource_types),
                (pol, record.policy is not None and self._keeps_policy(record.asset_type)),
                (org, record.org_policies is not None),
            )
            if loaded is not None and wanted
        ]
        if keep:
            # validated once: what collectors read back is rebuilt without checking again
            text = encode(packed(item.data, record), strict=item.strict)
            for loaded in keep:
                loaded.add(record, text)

    def _keeps_policy(self, asset_type: str) -> bool:
        return asset_type in self.policy_types or ANY_TYPE in self.policy_types

    def _problem(self, problem: Problem, asset_type: str) -> None:
        kind = self.resource_types.get(asset_type) or self.policy_types.get(asset_type)
        error = problem_error("gcp", problem, resource=kind or "SnapshotRecord")
        with self._lock:
            self._problems.append(error)

    def load_snapshot(self, records: Iterable[Record | Problem]) -> None:
        """Fill the offline cache from export records (both content types at once)."""
        self._install([self._load_part(records)])

    def _load_part(self, records: Iterable[Record | Problem]) -> _Part:
        """What a run of records gives: packed records per content type, and the problems
        (taken out of the session: ``_install`` puts every part's back, in order)."""
        res, pol, org = _Loaded(), _Loaded(), _Loaded()
        before = len(self._problems)
        for item in records:
            self.add(item, {"resource": res, "iam_policy": pol, "org_policy": org})
        for loaded in (res, pol, org):
            loaded.seal()
        problems = self._problems[before:]
        del self._problems[before:]
        return res, pol, org, problems

    def _install(self, parts: Sequence[_Part]) -> None:
        """The parts of an export, in file order, as this session's offline cache."""
        res, pol, org, problems = parts[0]
        self._problems.extend(problems)
        for more_res, more_pol, more_org, more_problems in parts[1:]:
            res.extend(more_res)
            pol.extend(more_pol)
            org.extend(more_org)
            self._problems.extend(more_problems)
        pol.absent = pol.count == 0
        org.absent = org.count == 0
        self._cache[(SNAPSHOT_SCOPE, "resource")] = res
        self._cache[(SNAPSHOT_SCOPE, "iam_policy")] = pol
        self._cache[(SNAPSHOT_SCOPE, "org_policy")] = org
        self.account = self.account or _account_of(res)

    @classmethod
    def from_snapshot(
        cls,
        path: Path,
        *,
        resource_types: Mapping[str, str],
        policy_types: Mapping[str, str],
    ) -> GcpSession:
        """An offline session over one export file; no API is ever called."""
        session = cls(
            account="",
            identity=f"snapshot:{path.name}",
            scopes=[SNAPSHOT_SCOPE],
            resource_types=resource_types,
            policy_types=policy_types,
        )
        # the second half of a large export is read by a forked child (scanner.halves)
        session._install(read_in_two(path, session._load_part))
        session.account = session.account or path.stem
        return session


def _account_of(loaded: _Loaded) -> str:
    """The organisation the snapshot covers, else its only project, else ''."""
    orgs = {
        r.name.split("cloudresourcemanager.googleapis.com/")[-1]
        for r in loaded.records([ORGANIZATION_TYPE])
    }
    if len(orgs) == 1:
        return orgs.pop()
    projects = {str(r.body.get("projectId", "")) for r in loaded.records([PROJECT_TYPE])}
    return projects.pop() if len(projects) == 1 else ""


def scopes_of(values: Sequence[str]) -> list[str]:
    """Deduplicated scopes in the order given."""
    return list(dict.fromkeys(values))
