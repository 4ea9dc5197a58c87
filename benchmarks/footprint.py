"""What a poll touches: instructions and last-level cache misses when the caches start cold.

The caches section shows a poll paying several hundred µs when what it touches is no longer
cached, the same order for this integration and for octoprint although their instruction
counts differ fourfold. This section says where that comes from, in counts that do not move
with load: callgrind's cache simulation over changed polls, with 8 MiB written before each
poll (outside the count) and a last level of 2 MiB, 16-way (this machine's L2; a Raspberry Pi 4
has 1 MiB of L2 and no L3). A miss there is a 64-byte line fetched from memory: interpreter
and extension machine code (code), or Python objects and bytecode (data).

Python runs with ``-X perf``: every Python function gets a trampoline of its own, named in
``/tmp/perf-<pid>.map``, so callgrind's per-function costs can be read per Python function
(inclusive: everything it called). The trampolines add about a fifth to the instructions, so
this section's instruction counts are above the instructions section's.
"""

import argparse
import asyncio
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
import os
from pathlib import Path
import re
import tempfile

from . import caches, instructions, polls
from .report import heading, note, table

LAST_LEVEL = 2 * 1024 * 1024
EVICT = 8 * 1024 * 1024
# OctoEverywhere on an OctoPrint host, and core octoprint polling the same printer.
SUBJECTS = (0, 2)
_MISSES = ("ILmr", "DLmr", "DLmw")
# Frames of the benchmark and the event loop, which hold the whole poll.
_HOLDERS = re.compile(r"/benchmarks/|/asyncio/")


async def _count(args: argparse.Namespace) -> None:
    """Inside valgrind: changed polls, the caches emptied before each."""
    await instructions.count_polls(
        args.polls, SUBJECTS, (("changed", True),), before=caches.written(EVICT)
    )


@dataclass
class Dump:
    """One subject's counts: totals and inclusive costs per Python function."""

    polls: int
    totals: dict[str, int]
    # Python function -> (instructions, last-level misses), inclusive.
    functions: dict[str, tuple[int, int]] = field(default_factory=dict)

    def per_poll(self, *events: str) -> float:
        """Return the sum of ``events`` per poll."""
        return sum(self.totals.get(event, 0) for event in events) / self.polls


def _python_names(perf_map: Path) -> dict[int, str]:
    """Trampoline address -> ``qualname (module path)``, from Python's perf map."""
    names = {}
    for line in perf_map.read_text(errors="replace").splitlines():
        address, _, rest = line.split(" ", 2)
        qualname, _, path = rest.removeprefix("py::").partition(":")
        for marker in ("site-packages/", "custom_components/", "python3.14/"):
            if marker in path:
                path = path.split(marker, 1)[1]
                break
        names[int(address, 16)] = f"{qualname} ({path})"
    return names


def _parse(text: str, names: dict[int, str], polls_count: int) -> Dump:
    """Read a callgrind dump: totals, and each Python function's inclusive costs."""
    events: list[str] = []
    compressed: dict[str, str] = {}
    inclusive: Counter[str] = Counter()
    misses: Counter[str] = Counter()
    totals: dict[str, int] = {}
    caller = callee = ""
    pending_call = False

    def name(token: str) -> str:
        ident, _, given = token.partition(")")
        if given.strip():
            compressed[ident] = given.strip()
        return compressed.get(ident, "").split("'")[0]

    for line in text.splitlines():
        if line.startswith("events:"):
            events = line.split()[1:]
        elif line.startswith("totals:"):
            totals = dict(zip(events, map(int, line.split()[1:]), strict=False))
        elif line.startswith("fn=("):
            caller = name(line[4:])
        elif line.startswith("cfn=("):
            callee = name(line[5:])
        elif line.startswith("calls="):
            pending_call = True
        elif pending_call and (line[:1].isdigit() or line[:1] in ("+", "-", "*")):
            if callee != caller:
                costs = dict(zip(events, map(int, line.split()[1:]), strict=False))
                inclusive[callee] += costs.get("Ir", 0)
                misses[callee] += sum(costs.get(event, 0) for event in _MISSES)
            pending_call = False
    dump = Dump(polls_count, totals)
    for symbol, instructions_count in inclusive.items():
        if symbol.startswith("0x") and (python := names.get(int(symbol, 16))):
            dump.functions[python] = (instructions_count, misses[symbol])
    return dump


def _perf_map(dump: Path) -> Path:
    """Return the perf map of the process that wrote callgrind's ``cg.<pid>[.n]-<thread>``."""
    pid = dump.name.split(".")[1].split("-")[0]
    return Path(f"/tmp/perf-{pid}.map")  # noqa: S108 (where Python writes it)


def _read(directory: Path) -> Iterator[tuple[int, Dump]]:
    for path, text, label in instructions.dumps(directory):
        index, _, count = label.split("|")
        perf_map = _perf_map(path)
        names = _python_names(perf_map) if perf_map.exists() else {}
        yield int(index), _parse(text, names, int(count))


def _forget_perf_maps(directory: Path) -> None:
    for path in directory.glob("cg.*"):
        _perf_map(path).unlink(missing_ok=True)


async def main(args: argparse.Namespace) -> None:
    """Run the count under valgrind's cache simulation and print the tables."""
    if os.environ.get(instructions.ENV_HELPER):
        await _count(args)
        return
    heading("What a poll touches: last-level cache misses with cold caches (callgrind)")
    count = 8 if args.quick else 20
    with tempfile.TemporaryDirectory(prefix="octoeverywhere-footprint-") as tmp:
        directory = Path(tmp)
        helper = await asyncio.to_thread(instructions.build_helper, directory)
        if helper is None:
            note("Skipped: needs valgrind and a C compiler with valgrind's headers.")
            return
        status, stderr = await instructions.run_callgrind(
            directory,
            helper,
            ("footprint", "--polls", str(count)),
            options=("--cache-sim=yes", f"--LL={LAST_LEVEL},16,{caches.LINE}"),
            python_options=("-X", "perf"),
        )
        dumps = dict(await asyncio.to_thread(lambda: list(_read(directory))))
        _forget_perf_maps(directory)
    if status != 0 or len(dumps) != len(SUBJECTS):
        instructions.failed(status, stderr)
        return
    _print(dumps, count)


def _print(dumps: dict[int, Dump], count: int) -> None:
    ours, peer = (polls.SUBJECTS[index] for index in SUBJECTS)
    peer_minute = dumps[SUBJECTS[1]].per_poll(*_MISSES) * 60 / peer.interval
    rows = []
    for index in SUBJECTS:
        subject, dump = polls.SUBJECTS[index], dumps[index]
        minute = dump.per_poll(*_MISSES) * 60 / subject.interval
        rows.append(
            (
                subject.label,
                f"{dump.per_poll('Ir') / 1e6:.2f} M",
                f"{dump.per_poll(*_MISSES) / 1e3:.1f} K",
                f"{dump.per_poll('ILmr') / 1e3:.1f} K",
                f"{dump.per_poll('DLmr', 'DLmw') / 1e3:.1f} K",
                f"{dump.per_poll(*_MISSES) / dump.per_poll('Ir') * 1e3:.1f}",
                f"{minute / 1e3:.0f} K",
                f"{minute / peer_minute:.2f}×",
            )
        )
    table(
        (
            "integration (changed poll, cold)",
            "instructions",
            "last-level misses",
            "of them code",
            "data",
            "misses per 1000 instructions",
            "misses per printing minute",
            "vs core octoprint",
        ),
        rows,
    )
    dump = dumps[SUBJECTS[0]]
    total_misses = dump.per_poll(*_MISSES)
    total_instructions = dump.per_poll("Ir")
    heading(f"Where {ours.label}'s changed poll misses (inclusive, per poll)")
    top = sorted(
        (
            (misses, instructions_count, name)
            for name, (instructions_count, misses) in dump.functions.items()
            if not _HOLDERS.search(name)
        ),
        reverse=True,
    )[:20]
    table(
        ("Python function", "last-level misses", "share", "instructions", "share"),
        [
            (
                name,
                f"{misses / count / 1e3:.2f} K",
                f"{misses / count / total_misses:.0%}",
                f"{instructions_count / count / 1e3:.0f} K",
                f"{instructions_count / count / total_instructions:.0%}",
            )
            for misses, instructions_count, name in top
        ],
    )
    note(
        f"{count} changed polls each; {EVICT // 2**20} MiB written before each poll, "
        f"outside the count; last level {LAST_LEVEL // 2**20} MiB, 16-way, {caches.LINE}-byte "
        "lines. Inclusive: a function's row holds everything it called."
    )
