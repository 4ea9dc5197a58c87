"""The function a subscription returns to end it, as an object with slots.

One per entity or per platform adds up across a fleet of printers: this is 48 bytes, where a
closure or a partial of a bound method is 200-280 (issue 12's memory target).
"""

from typing import Protocol


class Removable[T](Protocol):
    """What holds subscribers: a list, or anything with ``remove``."""

    def remove(self, item: T, /) -> None:
        """Drop ``item``."""


class Unsubscribe[T]:
    """Call it to remove ``item`` from ``subscribers``."""

    __slots__ = ("_item", "_subscribers")

    def __init__(self, subscribers: Removable[T], item: T) -> None:
        """Remember what to remove, and from where."""
        self._subscribers = subscribers
        self._item = item

    def __call__(self) -> None:
        """Remove the subscriber."""
        self._subscribers.remove(self._item)
