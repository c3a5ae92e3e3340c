"""Which findings a framework is rolled up from: a provider's benchmark from that provider only.

A CIS benchmark is written for one cloud (CIS AWS, GCP, Azure). A check that covers the same
concern on several clouds maps to each benchmark's recommendation, but a finding on an S3
bucket is evidence for CIS AWS only: it says nothing about CIS Azure 9.2.3 (blob versioning).
Framework-neutral catalogs (SOC 2, ISO/IEC 27001, NIST) are rolled up from every provider.
"""

from __future__ import annotations

from collections.abc import Iterable

#: framework id -> the only provider whose findings count towards it
BENCHMARK_PROVIDER: dict[str, str] = {"cis-aws": "aws", "cis-gcp": "gcp", "cis-azure": "azure"}


def applies_to(framework: str, providers: Iterable[str]) -> bool:
    """Whether ``framework`` is rolled up from findings on any of ``providers``."""
    only = BENCHMARK_PROVIDER.get(framework)
    return only is None or only in set(providers)


def controls_on(controls: tuple[str, ...], providers: Iterable[str]) -> tuple[str, ...]:
    """``controls`` (``framework:id`` refs) that findings on ``providers`` are evidence for."""
    on = set(providers)
    if all(BENCHMARK_PROVIDER.get(ref.partition(":")[0]) in {None, *on} for ref in controls):
        return controls
    return tuple(ref for ref in controls if applies_to(ref.partition(":")[0], on))
