"""Tolerant readers for untrusted JSON values.

The plugin runs on many host platforms and each fills the payload differently (reference
section 8): keys go missing, numbers arrive as ints, strings or nulls. Every reader here returns
``None`` for a value of the wrong type instead of raising, so one odd field never loses a poll.
"""

from collections.abc import Mapping
from typing import Any

# Larger numbers than this are not believable for any field we read (seconds, millimetres,
# milligrams, layers, percent); they only come from corrupt payloads and would overflow dates.
MAX_BELIEVABLE = 1e12


def obj(value: Any) -> Mapping[str, Any] | None:
    """Return ``value`` if it is a JSON object."""
    # A decoded object is a dict: checked first, as Mapping's isinstance is slow.
    return value if type(value) is dict or isinstance(value, Mapping) else None


def objects(value: Any) -> tuple[Mapping[str, Any], ...]:
    """Return the JSON objects of a list, skipping anything else; not a list gives ()."""
    if not isinstance(value, list):
        return ()
    return tuple(
        item for item in value if type(item) is dict or isinstance(item, Mapping)
    )


def string(value: Any) -> str | None:
    """Return ``value`` if it is a string."""
    return value if isinstance(value, str) else None


def number(value: Any) -> float | None:
    """Return a finite, believable number as float (ints accepted, booleans refused).

    Only JSON's own types count (``type``, not ``isinstance``: a boolean is an int); NaN and
    the infinities fail the range check.
    """
    kind = type(value)
    if kind is float:
        return value if -MAX_BELIEVABLE <= value <= MAX_BELIEVABLE else None
    if kind is int:
        return float(value) if -MAX_BELIEVABLE <= value <= MAX_BELIEVABLE else None
    return None


def integer(value: Any) -> int | None:
    """Return an integral number as int (2.0 is accepted, 2.5 and booleans are not)."""
    result = number(value)
    if result is None or not result.is_integer():
        return None
    return int(result)


def boolean(value: Any) -> bool | None:
    """Return ``value`` if it is a JSON boolean."""
    return value if isinstance(value, bool) else None
