"""Clocks that drive the simulated printer.

The simulator reads time only through a ``Clock``: ``RealClock`` follows the wall clock (optionally
faster or slower, so a one-hour print can finish in a minute), ``ManualClock`` moves only when
told, which makes every test deterministic.

A clock keeps two times apart. The *simulated* time (``time()``) drives the printer: progress,
heating, Gadget's scores. The *reported* Unix time of an instant (``unix(t)``) is what the APIs
send as a wall-clock time (``PrintStartTimeSec``, ``LastConnectionTimeUtc``): the real time now
plus the instant's simulated distance from now. So a print that has run for 30 simulated minutes
started "now − 30 min" at any speed — consistent with its ``DurationSec`` and ``TimeLeftSec``,
never in the future — while the simulated time itself runs ahead of (speed > 1) or behind
(speed < 1) the wall clock.
"""

from abc import ABC, abstractmethod
from collections.abc import Callable
import time
from typing import Final

# 2027-01-15T08:00:00Z: a fixed Unix time for ManualClock, so Gadget's "never scored" age is ~1.8e9.
MANUAL_EPOCH: Final = 1_800_000_000.0


class Clock(ABC):
    """Simulated time in seconds, and the Unix time to report for a simulated instant."""

    @abstractmethod
    def time(self) -> float:
        """Return the simulated time (seconds; it starts at the Unix time of its start)."""

    @abstractmethod
    def wall(self) -> float:
        """Return the real Unix time now (what a client's clock shows)."""

    @abstractmethod
    def advance(self, seconds: float) -> None:
        """Jump the simulated time forward by ``seconds`` (≥ 0)."""

    def unix(self, instant: float) -> float:
        """Return the Unix time to report for the simulated ``instant``.

        Real now plus the instant's simulated distance from now: ages and countdowns are kept
        in simulated seconds, so reported times agree with reported durations at any speed.
        """
        return self.wall() + (instant - self.time())


class RealClock(Clock):
    """The wall clock, running ``speed`` times faster from the moment it was created.

    At ``speed`` 1 the simulated time is the real Unix time. At other speeds it runs away from
    it (a print started 10 real minutes ago at speed 60 started 10 simulated hours ago, and is
    reported as started 10 hours before the real now).
    """

    def __init__(
        self,
        speed: float = 1.0,
        *,
        wall: Callable[[], float] = time.time,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        """Anchor the simulated time to the current wall time (``wall``/``monotonic``: tests)."""
        if speed <= 0:
            raise ValueError("speed must be positive")
        self.speed = speed
        self._wall = wall
        self._monotonic = monotonic
        self._start_unix = wall()
        self._start_mono = monotonic()
        self._offset = 0.0

    def time(self) -> float:
        """Return the simulated time."""
        elapsed = self._monotonic() - self._start_mono
        return self._start_unix + elapsed * self.speed + self._offset

    def wall(self) -> float:
        """Return the real Unix time."""
        return self._wall()

    def advance(self, seconds: float) -> None:
        """Jump forward; later time keeps running at ``speed``."""
        if seconds < 0:
            raise ValueError("cannot go back in time")
        self._offset += seconds


class ManualClock(Clock):
    """A clock that only moves through ``advance``; its simulated time is its Unix time."""

    def __init__(self, start: float = MANUAL_EPOCH) -> None:
        """Start at ``start`` (Unix seconds)."""
        self._now = start

    def time(self) -> float:
        """Return the simulated Unix time."""
        return self._now

    def wall(self) -> float:
        """Return the same time: a manual clock has no other."""
        return self._now

    def advance(self, seconds: float) -> None:
        """Move the time forward by ``seconds``."""
        if seconds < 0:
            raise ValueError("cannot go back in time")
        self._now += seconds
