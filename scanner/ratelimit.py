"""A shared request-rate limiter that backs off when throttled: a token bucket tuned by AIMD.

One :class:`RateLimiter` serves every worker that calls one API endpoint (for AWS: one service
in one region). Before each request a worker reserves a send slot; the bucket refills at
``rate`` slots per second and saves up at most ``burst`` of them, so idle time buys a short
burst and nothing more. Reservations queue: concurrent workers are spaced out one after the
other rather than racing for the same slot.

The rate adapts like TCP congestion control (additive increase, multiplicative decrease):

- a throttling answer multiplies the rate by ``decrease`` (never below ``floor``) and drops any
  saved-up burst, so every worker sharing the limiter slows down at once; requests already
  queued keep their slots, and the queue's debt is repaid at the new rate;
- only the first throttle of a "generation" counts: answers to requests that were reserved
  before the last cut say nothing about the new, lower rate, so a volley of in-flight
  throttles cuts once, not once per worker;
- each successful answer adds ``step`` slots per second back, up to ``ceiling``.

By default there is no ceiling (``ceiling=None``): a limiter starts *open*, sending as fast as
the workers ask, and paces only once the service has said it is too fast. The first throttle
measures the rate we were actually sending at (the last ``window`` reservations) and sets the
paced rate to that times ``decrease``; from then on AIMD applies with no upper bound, so a
limiter that was cut by a passing throttle climbs back past any fixed number instead of
holding the scan at it. A fixed ceiling can still be set (tests, or an API with a documented
quota); the limiter then starts paced at the ceiling, as before.

The floor is deliberately a few requests per second, not near zero: throttling that has
nothing to do with our load (random, or caused by another client of the account) would
otherwise starve the scan, which is what a rate limiter with a tiny minimum does. For the
same reason the default cut is gentle (x0.7, CUBIC's factor): at 20 % random throttles a
halving kept a busy endpoint pinned near the floor and doubled the time spent waiting for
slots, with no fewer throttles.

Nothing here does I/O or knows an SDK. Time comes from an injected clock, and waiting from an
injected sleep, so tests compute waits and rates exactly with a fake clock.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

#: Seconds since an arbitrary start, never going back (``time.monotonic``).
Clock = Callable[[], float]
#: Wait that many seconds; return True if the wait was cut short because the caller must stop
#: (``threading.Event.wait`` fits: it returns as soon as the event is set).
Sleep = Callable[[float], bool]


@dataclass(frozen=True)
class RateLimits:
    """Settings of one limiter; rates are requests per second.

    ``ceiling=None`` (the default): start open, unpaced, and pace only after a throttle, with
    no upper bound on the recovering rate. ``window`` is how many recent reservations the
    first throttle measures the send rate over.
    """

    ceiling: float | None = None
    floor: float = 5.0
    burst: float = 10.0
    step: float = 1.0
    decrease: float = 0.7
    window: int = 64

    def __post_init__(self) -> None:
        """Reject settings that could stall or never slow down."""
        if self.floor <= 0 or (self.ceiling is not None and self.floor > self.ceiling):
            raise ValueError(f"need 0 < floor <= ceiling, got {self.floor}, {self.ceiling}")
        if self.window < 2:
            raise ValueError(f"window must hold at least 2 requests, got {self.window}")
        if self.burst < 1:
            raise ValueError(f"burst must be at least 1 request, got {self.burst}")
        if self.step < 0:
            raise ValueError(f"step must not be negative, got {self.step}")
        if not 0 < self.decrease < 1:
            raise ValueError(f"decrease must be between 0 and 1, got {self.decrease}")


@dataclass(frozen=True)
class Slot:
    """A reserved send slot: wait ``wait`` seconds, then send.

    ``generation`` counts the cuts made before the reservation; a throttle reported for a slot
    of an older generation does not cut again.
    """

    wait: float
    generation: int


@dataclass(frozen=True)
class LimiterStats:
    """What a limiter saw: requests, throttles and cuts, and its rates.

    ``rate`` and ``lowest_rate`` are ``math.inf`` while the limiter has never been cut.
    """

    reserved: int
    succeeded: int
    throttled: int
    cuts: int
    rate: float
    lowest_rate: float
    waited: float


class RateLimiter:
    """A thread-safe token bucket whose rate goes down on throttling and back up on success."""

    def __init__(self, limits: RateLimits | None = None, *, clock: Clock = time.monotonic) -> None:
        """Start at the ceiling with a full burst, or open (unpaced) without a ceiling."""
        self.limits = limits or RateLimits()
        self._clock = clock
        self._lock = threading.Lock()
        ceiling = self.limits.ceiling
        self._open = ceiling is None
        self._rate = math.inf if ceiling is None else ceiling
        self._sent: deque[float] = deque(maxlen=self.limits.window)
        self._tokens = self.limits.burst
        self._stamp = clock()
        self._generation = 0
        self._reserved = self._succeeded = self._throttled = 0
        self._lowest = self._rate
        self._waited = 0.0

    @property
    def rate(self) -> float:
        """The current allowed rate (requests per second)."""
        with self._lock:
            return self._rate

    def reserve(self) -> Slot:
        """Take the next send slot; its ``wait`` is 0 while the bucket has tokens left."""
        with self._lock:
            self._reserved += 1
            if self._open:
                self._sent.append(self._clock())
                return Slot(0.0, self._generation)
            self._refill()
            self._tokens -= 1
            wait = max(0.0, -self._tokens / self._rate)
            self._waited += wait
            return Slot(wait, self._generation)

    def acquire(self, sleep: Sleep) -> Slot | None:
        """Reserve a slot and sleep until it is due; None if ``sleep`` says to stop."""
        slot = self.reserve()
        if slot.wait > 0 and sleep(slot.wait):
            return None
        return slot

    def succeeded(self) -> None:
        """An answer that was not throttled: raise the rate by ``step``, up to the ceiling."""
        with self._lock:
            self._succeeded += 1
            if self._open:
                return
            self._refill()
            ceiling = self.limits.ceiling
            raised = self._rate + self.limits.step
            self._rate = raised if ceiling is None else min(ceiling, raised)

    def throttled(self, slot: Slot) -> bool:
        """A throttling answer to ``slot``'s request: cut the rate, unless already cut since.

        Returns whether this throttle cut the rate.
        """
        with self._lock:
            self._throttled += 1
            if slot.generation != self._generation:
                return False
            if self._open:
                # the first word from the service: pace from the rate we were really sending at
                self._open = False
                self._rate = self._measured_rate()
                self._tokens = 0.0
                self._stamp = self._clock()
            self._refill()
            self._generation += 1
            self._rate = max(self.limits.floor, self._rate * self.limits.decrease)
            self._lowest = min(self._lowest, self._rate)
            # saved-up burst is dropped (debts are kept): the next request waits its turn
            self._tokens = min(self._tokens, 0.0)
            return True

    def stats(self) -> LimiterStats:
        """A consistent snapshot of the counters."""
        with self._lock:
            return LimiterStats(
                reserved=self._reserved,
                succeeded=self._succeeded,
                throttled=self._throttled,
                cuts=self._generation,
                rate=self._rate,
                lowest_rate=self._lowest,
                waited=self._waited,
            )

    def _measured_rate(self) -> float:
        """Requests per second over the last ``window`` reservations (lock held).

        Fewer than two reservations, or all at one instant, measure nothing: the floor then.
        """
        if len(self._sent) < 2:
            return self.limits.floor
        span = self._sent[-1] - self._sent[0]
        if span <= 0:
            return self.limits.floor
        return (len(self._sent) - 1) / span

    def _refill(self) -> None:
        """Add the tokens earned since the last update at the current rate (lock held)."""
        now = self._clock()
        elapsed = max(0.0, now - self._stamp)
        self._stamp = now
        self._tokens = min(self.limits.burst, self._tokens + elapsed * self._rate)
