"""Markdown output, and the numbers every section reports the same way."""

from collections.abc import Sequence
import statistics


def heading(text: str) -> None:
    """Print a section heading."""
    print(f"\n## {text}", flush=True)


def note(text: str) -> None:
    """Print a line of explanation under a table."""
    print(text, flush=True)


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """Print a markdown table."""
    print()
    print("| " + " | ".join(headers) + " |")
    print("| " + " | ".join("---" for _ in headers) + " |")
    for row in rows:
        print("| " + " | ".join(str(cell) for cell in row) + " |")
    print(flush=True)


def median(values: Sequence[float]) -> float:
    """Return the median (0 for no values)."""
    return statistics.median(values) if values else 0.0


def mean(values: Sequence[float]) -> float:
    """Return the mean (0 for no values)."""
    return statistics.fmean(values) if values else 0.0


def us(seconds: float) -> str:
    """Seconds as microseconds, for a table cell."""
    return f"{seconds * 1e6:.0f} µs"


def ms(seconds: float) -> str:
    """Seconds as milliseconds, for a table cell."""
    return f"{seconds * 1e3:.2f} ms"
