"""The shared AIMD rate limiter, on a fake clock: waits and rates are computed, never timed."""

from __future__ import annotations

import math
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from scanner.ratelimit import RateLimiter, RateLimits


class FakeClock:
    """A clock that moves only when told to; its ``sleep`` advances it."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> bool:
        self.slept.append(seconds)
        self.now += seconds
        return False


LIMITS = RateLimits(ceiling=20.0, floor=4.0, burst=2.0, step=1.0, decrease=0.5)


def limiter(limits: RateLimits = LIMITS) -> tuple[RateLimiter, FakeClock]:
    clock = FakeClock()
    return RateLimiter(limits, clock=clock), clock


def test_a_full_bucket_sends_a_burst_then_spaces_requests_at_the_rate() -> None:
    lim, _ = limiter()
    waits = [lim.reserve().wait for _ in range(5)]
    # burst of 2, then one slot every 1/20 s, each reservation queued behind the previous
    assert waits == pytest.approx([0, 0, 0.05, 0.10, 0.15])


def test_idle_time_refills_the_bucket_up_to_the_burst_only() -> None:
    lim, clock = limiter()
    for _ in range(2):
        lim.reserve()
    clock.now += 3600
    assert [lim.reserve().wait for _ in range(3)] == pytest.approx([0, 0, 0.05])


def test_a_throttle_halves_the_rate_and_drops_the_saved_burst() -> None:
    lim, _ = limiter()
    slot = lim.reserve()
    assert lim.throttled(slot)
    assert lim.rate == 10.0
    # the bucket still held a token: it is dropped, the next request waits one interval
    assert lim.reserve().wait == pytest.approx(0.1)


def test_the_rate_never_goes_below_the_floor() -> None:
    lim, _ = limiter()
    for _ in range(10):
        lim.throttled(lim.reserve())
    assert lim.rate == LIMITS.floor
    stats = lim.stats()
    assert (stats.throttled, stats.cuts, stats.lowest_rate) == (10, 10, LIMITS.floor)


def test_in_flight_throttles_of_one_generation_cut_once() -> None:
    lim, _ = limiter()
    volley = [lim.reserve() for _ in range(6)]  # six workers sent before any answer came
    cuts = [lim.throttled(slot) for slot in volley]
    assert cuts == [True, False, False, False, False, False]
    assert lim.rate == 10.0
    # a request reserved after the cut is news about the new rate
    assert lim.throttled(lim.reserve())
    assert lim.rate == 5.0
    assert lim.stats().throttled == 7


def test_successes_raise_the_rate_additively_up_to_the_ceiling() -> None:
    lim, _ = limiter()
    for _ in range(3):
        lim.throttled(lim.reserve())
    assert lim.rate == 4.0  # 20 -> 10 -> 5 -> floor
    lim.succeeded()
    lim.succeeded()
    assert lim.rate == 6.0
    for _ in range(100):
        lim.succeeded()
    assert lim.rate == LIMITS.ceiling
    assert lim.stats().lowest_rate == 4.0


def test_waits_follow_the_rate_after_a_cut_and_after_recovery() -> None:
    lim, clock = limiter()
    lim.throttled(lim.reserve())
    lim.throttled(lim.reserve())
    assert lim.rate == 5.0
    clock.now += 10  # long idle: full burst again
    assert [lim.reserve().wait for _ in range(3)] == pytest.approx([0, 0, 0.2])
    for _ in range(15):
        lim.succeeded()
    assert lim.rate == 20.0
    # the queue's debt (one slot) is repaid at the new rate: two slots at 20/s
    assert lim.reserve().wait == pytest.approx(0.1)


def test_acquire_sleeps_the_computed_wait_with_the_injected_sleep() -> None:
    lim, clock = limiter()
    slots = [lim.acquire(clock.sleep) for _ in range(4)]
    assert all(s is not None for s in slots)
    # sleeping moves the fake clock, so each reservation sees the bucket as it is by then
    assert clock.slept == pytest.approx([0.05, 0.05])
    assert lim.stats().waited == pytest.approx(0.1)


def test_acquire_gives_up_when_the_sleep_is_cut_short() -> None:
    lim, _ = limiter()
    stop = threading.Event()
    stop.set()
    lim.reserve()
    lim.reserve()
    assert lim.acquire(stop.wait) is None  # a set event ends the wait at once
    assert lim.acquire(lambda _: False) is not None


def test_concurrent_acquirers_share_one_bucket() -> None:
    clock = FakeClock()  # frozen: no token is earned while the threads reserve
    lim = RateLimiter(RateLimits(ceiling=10.0, floor=1.0, burst=4.0), clock=clock)
    barrier = threading.Barrier(8)

    def worker(_: int) -> list[float]:
        barrier.wait()
        return [lim.reserve().wait for _ in range(5)]

    with ThreadPoolExecutor(8) as pool:
        waits = sorted(w for ws in pool.map(worker, range(8)) for w in ws)
    # 40 reservations on one bucket: 4 free, then one every 0.1 s, none given twice
    assert waits == pytest.approx([0.0] * 4 + [0.1 * k for k in range(1, 37)])
    assert lim.stats().reserved == 40


@pytest.mark.parametrize(
    "settings",
    [
        {"floor": 0.0},
        {"floor": 30.0, "ceiling": 20.0},
        {"burst": 0.5},
        {"step": -1.0},
        {"decrease": 1.0},
        {"decrease": 0.0},
    ],
)
def test_settings_that_could_stall_or_never_slow_down_are_refused(
    settings: dict[str, float],
) -> None:
    with pytest.raises(ValueError, match=r"must|need"):
        RateLimits(**settings)


# --- no ceiling (the default): open until the service throttles --------------------------------

OPEN = RateLimits(floor=4.0, burst=2.0, step=1.0, decrease=0.5, window=8)


def test_by_default_there_is_no_ceiling_and_nothing_waits_before_a_throttle() -> None:
    assert RateLimits().ceiling is None
    lim, clock = limiter(OPEN)
    waits = []
    for _ in range(500):  # far beyond any fixed ceiling: 500 requests in 0.5 s
        waits.append(lim.reserve().wait)
        lim.succeeded()
        clock.now += 0.001
    assert waits == [0.0] * 500
    stats = lim.stats()
    assert (stats.cuts, stats.rate, stats.lowest_rate) == (0, math.inf, math.inf)


def test_the_first_throttle_paces_at_the_measured_send_rate_times_the_cut() -> None:
    lim, clock = limiter(OPEN)
    slots = []
    for _ in range(20):  # 100 requests per second
        slots.append(lim.reserve())
        clock.now += 0.01
    assert lim.throttled(slots[-1])
    # the last 8 reservations span 70 ms: 7 intervals of 10 ms = 100/s, halved
    assert lim.rate == pytest.approx(50.0)
    # paced from now on, with no saved burst: the next request waits one interval
    assert lim.reserve().wait == pytest.approx(1 / 50)


def test_a_first_throttle_that_measures_nothing_paces_at_the_floor() -> None:
    lim, _ = limiter(OPEN)
    assert lim.throttled(lim.reserve())
    assert lim.rate == OPEN.floor


def test_after_a_cut_the_rate_recovers_without_a_ceiling() -> None:
    lim, clock = limiter(OPEN)
    for _ in range(10):
        lim.reserve()
        clock.now += 0.01
    lim.throttled(lim.reserve())
    cut = lim.rate
    for _ in range(1000):
        lim.succeeded()
    assert lim.rate == pytest.approx(cut + 1000)  # past any fixed number: the service decides
    assert lim.stats().lowest_rate == pytest.approx(cut)


def test_an_in_flight_volley_from_the_open_phase_cuts_once() -> None:
    lim, clock = limiter(OPEN)
    volley = []
    for _ in range(8):
        volley.append(lim.reserve())
        clock.now += 0.01
    assert [lim.throttled(s) for s in volley] == [True] + [False] * 7
    assert lim.rate == pytest.approx(50.0)


def test_a_window_too_small_to_measure_is_refused() -> None:
    with pytest.raises(ValueError, match="window"):
        RateLimits(window=1)
