"""``location_paths`` (the engine's batch form, sharing encoded prefixes) gives exactly what
``Resource.location_path`` and the documented layout give, hostile parts included."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import quote

from hypothesis import given
from hypothesis import strategies as st

from scanner.model.base import Resource, location_paths

NOW = datetime(2026, 12, 6, tzinfo=UTC)
PART = st.sampled_from(["", "a", "eu-west-1", "a b", "x/y", "%41", "ü", "\ud800", "..", "~_.-"])


def _documented(res: Resource) -> str:
    """``<provider>/<account>/<region or resource group>/<service>/<name>``, each part
    percent-encoded ('/' too); empty account 'unknown', empty region 'global', no name:
    the uid; the resource group only for Azure."""
    middle = res.group if res.provider == "azure" and res.group else res.region
    parts = [res.provider, res.account or "unknown", middle or "global", res.service]
    parts.append(res.name or res.uid)
    return "/".join(quote(p, safe="", errors="surrogatepass") for p in parts)


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["aws", "gcp", "azure"]), PART, PART, PART, PART, PART,
            st.one_of(st.none(), PART),
        ),
        max_size=12,
    )
)  # fmt: skip
def test_batch_paths_are_the_documented_paths(rows):
    resources = [
        Resource(provider=p, account=a, region=r, service=s, name=n, uid=u or "uid", group=g,
                 collected_at=NOW)
        for p, a, r, s, n, u, g in rows
    ]  # fmt: skip
    expected = [_documented(r) for r in resources]
    assert location_paths(resources) == expected
    assert [r.location_path for r in resources] == expected
