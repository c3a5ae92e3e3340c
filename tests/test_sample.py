"""The auditor's sample: the documented draw, repeatable with hashlib alone."""

from __future__ import annotations

import hashlib

from scanner.sample import draw, population_digest

KEYS = [f"acme/app|https://github.com/acme/app/pull/{n}|h{n}" for n in range(1, 41)]


def test_draw_is_the_lowest_sha256_ranks():
    seed = "audit-2026-q1"
    expected = sorted(KEYS, key=lambda k: hashlib.sha256(f"{seed}|{k}".encode()).hexdigest())[:5]
    assert draw(KEYS, size=5, seed=seed) == expected
    assert draw(list(reversed(KEYS)), size=5, seed=seed) == expected  # order does not matter


def test_other_seed_other_sample_and_size_caps_at_population():
    assert draw(KEYS, size=5, seed="a") != draw(KEYS, size=5, seed="b")
    assert sorted(draw(KEYS, size=100, seed="a")) == sorted(KEYS)


def test_population_digest_is_over_sorted_keys():
    digest = hashlib.sha256("\n".join(sorted(KEYS)).encode()).hexdigest()
    assert population_digest(reversed(KEYS)) == digest
    assert population_digest(KEYS[:-1]) != digest
