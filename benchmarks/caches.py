"""A poll that finds the processor's caches cold: what a poll costs where other work runs between.

The polls section polls each printer ten times back to back, so most of what a poll touches
(code, Python objects, aiohttp's and Home Assistant's data) is still in the caches from the
poll before. A real poll comes 10 s (octoprint: 30 s) after the last one, and in between Home
Assistant and the rest of the machine run; on a small board (a Raspberry Pi 4 has 1 MiB of L2
and no L3) nothing of a poll is left. Here, right before each poll and outside its measured
CPU, something else runs: a buffer written one byte per 64-byte line (4 MiB, more than this
machine's L2; then 64 MiB), or Python work of the kind other integrations do (100 000 small
dicts made and dropped). The penalty is what a poll pays for fetching what it touches from
memory again; it grows with how much a poll touches, not with its instructions.

A fourth column reads 64 MiB instead (``bytes.find`` over a buffer of zeros): the caches keep a
poll's lines against a streaming read, not against work that writes, and that column shows it.
"""

import argparse
from collections.abc import Callable
import time

from . import harness, polls
from .report import heading, median, note, table, us
from .servers import Servers

LINE = 64
type Hook = Callable[[bool], None]


def written(size: int) -> Hook:
    """Return an ``around`` hook that writes ``size`` bytes, a byte a line, before each poll."""
    buffer = bytearray(size)
    ones = b"\x01" * (size // LINE)

    def around(before: bool) -> None:
        if before:
            buffer[::LINE] = ones

    return around


def read(size: int) -> Hook:
    """Return an ``around`` hook that reads ``size`` bytes from end to end before each poll."""
    buffer = bytes(size)

    def around(before: bool) -> None:
        if before:
            buffer.find(b"\x01")  # not there: every byte is read

    return around


def python_work(count: int) -> Hook:
    """Return an ``around`` hook that makes and drops ``count`` small dicts before each poll."""

    def around(before: bool) -> None:
        if before:
            made = [{"index": index, "text": str(index)} for index in range(count)]
            del made

    return around


def _before() -> list[tuple[str, Hook | None]]:
    """Return what runs before each poll, by label; the last is the penalty column.

    None: nothing, the caches stay as the last poll left them. Made when the section runs,
    not on import: the buffers are 132 MiB.
    """
    return [
        ("warm", None),
        ("4 MiB written", written(4 * 1024 * 1024)),
        ("100 000 dicts made", python_work(100_000)),
        ("64 MiB read", read(64 * 1024 * 1024)),
        ("64 MiB written", written(64 * 1024 * 1024)),
    ]


async def main(args: argparse.Namespace) -> None:
    """Poll this integration and core octoprint, warm and after evicting the caches."""
    rounds = 3 if args.quick else 15
    per_turn = 10
    subjects = (polls.SUBJECTS[0], polls.SUBJECTS[2])  # OctoPrint host; core octoprint
    servers = Servers.shared()
    config_dir = harness.make_config_dir()
    hass = await harness.start_home_assistant(config_dir)
    hooks = _before()
    per_printer = rounds * per_turn * len(hooks) * 2 + 20
    printers = [
        polls.Printer(hass, servers, subject, per_printer) for subject in subjects
    ]
    cpu: dict[tuple[str, str, str], list[float]] = {}
    try:
        for printer in printers:
            await printer.setup()
            await printer.polls(10, changed=True)
        # In turns, so that the machine's ups and downs fall on every cell alike.
        for _ in range(rounds):
            for label, hook in hooks:
                floor = cpu.setdefault(("floor", "", label), [])
                for _ in range(per_turn):
                    if hook is not None:
                        hook(True)
                    start = time.process_time()
                    await hass.async_block_till_done()
                    floor.append(time.process_time() - start)
                for printer in printers:
                    for kind, changed in (("unchanged", False), ("changed", True)):
                        result = await printer.polls(
                            per_turn, changed=changed, around=hook
                        )
                        cpu.setdefault((printer.name, kind, label), []).extend(
                            result.cpu
                        )
        for printer in printers:
            await printer.remove()
    finally:
        await harness.stop_home_assistant(hass, config_dir)
    _print(cpu, printers, [label for label, _ in hooks], rounds * per_turn)


def _print(
    cpu: dict[tuple[str, str, str], list[float]],
    printers: list[polls.Printer],
    labels: list[str],
    count: int,
) -> None:
    heading("A poll with cold caches (median CPU per poll)")
    rows = []
    keys = [("floor", "")] + [
        (printer.name, kind)
        for printer in printers
        for kind in ("unchanged", "changed")
    ]
    for name, kind in keys:
        warm = median(cpu[(name, kind, labels[0])])
        cells = [us(median(cpu[(name, kind, label)])) for label in labels]
        penalty = median(cpu[(name, kind, labels[-1])]) - warm
        shown = (
            "harness only (empty `async_block_till_done`)" if name == "floor" else name
        )
        rows.append((shown, kind, *cells, f"+{penalty * 1e6:.0f} µs"))
    table(("integration", "poll", *labels, f"penalty ({labels[-1]})"), rows)

    ours, peer = printers
    minute_rows = []
    for label in labels:
        ours_minute = (
            median(cpu[(ours.name, "changed", label)]) * 60 / ours.subject.interval
        )
        peer_minute = (
            median(cpu[(peer.name, "changed", label)]) * 60 / peer.subject.interval
        )
        minute_rows.append(
            (
                label,
                us(ours_minute),
                us(peer_minute),
                f"{ours_minute / peer_minute:.2f}×",
            )
        )
    table(
        (
            "before each poll",
            f"{ours.name}, a printing minute ({60 / ours.subject.interval:.0f} polls)",
            f"{peer.name} ({60 / peer.subject.interval:.0f} polls)",
            "ratio",
        ),
        minute_rows,
    )
    note(
        f"{count} polls per cell, in turns of 10. What runs before each poll runs outside "
        "its measured CPU."
    )
