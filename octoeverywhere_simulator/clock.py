"""Clocks that drive the simulated printer.

The simulator reads time only through a ``Clock``: ``RealClock`` follows the wall clock (optionally
faster, so a one-hour print can finish in a minute), ``ManualClock`` moves only when told, which
makes every test deterministic.
"""

from abc import ABC, abstractmethod
import time
from typing import Final

# 2027-01-15T08:00:00Z: a fixed Unix time for ManualClock, so Gadget's "never scored" age is ~1.8e9.
MANUAL_EPOCH: Final = 1_800_000_000.0


class Clock(ABC):
    """Simulated Unix time in seconds."""

    @abstractmethod
    def time(self) -> float:
        """Return the simulated Unix time."""

    @abstractmethod
    def advance(self, seconds: float) -> None:
        """Jump the simulated time forward by ``seconds`` (≥ 0)."""


class RealClock(Clock):
    """The wall clock, running ``speed`` times faster from the moment it was created.

    At ``speed`` 1 the simulated time is the real Unix time; at other speeds it drifts away from it
    (e.g. a print started 10 real minutes ago at speed 60 started 10 simulated hours ago).
    """

    def __init__(self, speed: float = 1.0) -> None:
        """Anchor the simulated time to the current wall time."""
        if speed <= 0:
            raise ValueError("speed must be positive")
        self.speed = speed
        self._start_unix = time.time()
        self._start_mono = time.monotonic()
        self._offset = 0.0

    def time(self) -> float:
        """Return the simulated Unix time."""
        elapsed = time.monotonic() - self._start_mono
        return self._start_unix + elapsed * self.speed + self._offset

    def advance(self, seconds: float) -> None:
        """Jump forward; later time keeps running at ``speed``."""
        if seconds < 0:
            raise ValueError("cannot go back in time")
        self._offset += seconds


class ManualClock(Clock):
    """A clock that only moves through ``advance``."""

    def __init__(self, start: float = MANUAL_EPOCH) -> None:
        """Start at ``start`` (Unix seconds)."""
        self._now = start

    def time(self) -> float:
        """Return the simulated Unix time."""
        return self._now

    def advance(self, seconds: float) -> None:
        """Move the time forward by ``seconds``."""
        if seconds < 0:
            raise ValueError("cannot go back in time")
        self._now += seconds
