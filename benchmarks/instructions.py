"""Instructions per poll, counted by valgrind's callgrind: figures that do not move with load.

CPU time on a machine shared with other work moves by tens of percent from run to run;
the number of instructions a poll executes does not (to a few %). This section re-runs itself
under ``valgrind --tool=callgrind`` with instrumentation off until the printers are set up and
warmed up, then counts only inside each poll (callgrind's client requests, through a tiny C
helper compiled here), and reads the counts callgrind dumps. User-space instructions only: the
kernel's work for a system call (a socket send, a new connection) is not in them.

Needs ``valgrind`` and a C compiler with valgrind's headers; skipped otherwise.
"""

import argparse
import asyncio
from collections.abc import Callable, Iterable, Iterator, Sequence
import ctypes
import os
from pathlib import Path
import re
import shutil
import subprocess
import sys
import tempfile

from . import harness, polls
from .report import heading, note, table
from .servers import Servers, Tls

_HELPER = r"""
#include <valgrind/callgrind.h>
void cg_start(void) { CALLGRIND_START_INSTRUMENTATION; }
void cg_toggle(void) { CALLGRIND_TOGGLE_COLLECT; }
void cg_zero(void) { CALLGRIND_ZERO_STATS; }
void cg_dump(const char *label) { CALLGRIND_DUMP_STATS_AT(label); }
"""
ENV_HELPER = "OCTOEVERYWHERE_BENCH_CALLGRIND_HELPER"


def build_helper(directory: Path) -> Path | None:
    compiler = shutil.which("cc") or shutil.which("gcc")
    if compiler is None or shutil.which("valgrind") is None:
        return None
    source = directory / "callgrind_helper.c"
    library = directory / "libcallgrind_helper.so"
    source.write_text(_HELPER)
    result = subprocess.run(
        [compiler, "-shared", "-fPIC", "-O1", "-o", str(library), str(source)],
        capture_output=True,
        check=False,
    )
    return library if result.returncode == 0 else None


async def _count(args: argparse.Namespace) -> None:
    """Inside valgrind: poll each subject, counting instructions inside the polls only."""
    await count_polls(
        args.polls,
        range(len(polls.SUBJECTS)),
        (("unchanged", False), ("changed", True)),
    )


async def count_polls(
    count: int,
    subjects: Iterable[int],
    kinds: Iterable[tuple[str, bool]],
    before: Callable[[bool], None] | None = None,
    *,
    table: Sequence[polls.Subject] = polls.SUBJECTS,
    tls: Tls | None = None,
) -> None:
    """Inside valgrind: poll ``subjects`` (indices of ``table``), collecting in polls only.

    One dump per subject and kind (label, changed), labelled ``index|label|count``;
    ``before(True)`` runs before each poll, outside the count. ``tls``: the certificate of
    the subjects served over TLS.
    """
    helper = ctypes.CDLL(os.environ[ENV_HELPER])
    servers = Servers.shared()
    config_dir = harness.make_config_dir()
    hass = await harness.start_home_assistant(config_dir)
    try:
        printers = {
            index: polls.Printer(hass, servers, table[index], count + 10, tls)
            for index in subjects
        }
        for printer in printers.values():
            await printer.setup()
            await printer.polls(5, changed=True)
        helper.cg_start()  # instrument from now on; collect only inside polls

        def around(inside: bool) -> None:
            if before is not None:
                before(inside)
            helper.cg_toggle()

        for index, printer in printers.items():
            for label, changed in kinds:
                helper.cg_zero()
                await printer.polls(count, changed=changed, around=around)
                helper.cg_dump(f"{index}|{label}|{count}".encode())
        for printer in printers.values():
            await printer.remove()
    finally:
        await harness.stop_home_assistant(hass, config_dir)


def dumps(directory: Path) -> Iterator[tuple[Path, str, str]]:
    """Yield each dump of the event loop's thread: its file, text and label (``cg_dump``)."""
    for path in directory.glob("cg.*-01*"):
        text = path.read_text(errors="replace")
        trigger = re.search(
            r"^desc: Trigger: Client Request: (.+)$", text, re.MULTILINE
        )
        if trigger:
            yield path, text, trigger[1]


def read_counts(directory: Path) -> dict[tuple[int, str], float]:
    """Instructions per poll from callgrind's dumps, by (subject index, kind)."""
    found: dict[tuple[int, str], float] = {}
    for _, text, label in dumps(directory):
        totals = re.search(r"^totals: (\d+)", text, re.MULTILINE)
        index, kind, count = label.split("|")
        if totals:
            found[int(index), kind] = int(totals[1]) / int(count)
    return found


async def run_callgrind(
    directory: Path,
    helper: Path,
    section: Sequence[str],
    *,
    options: Sequence[str] = (),
    python_options: Sequence[str] = (),
) -> tuple[int, str]:
    """Run ``python -m benchmarks <section>`` under callgrind; return its exit status, stderr.

    Nothing is counted until the section calls ``cg_start``; its dumps go to ``directory``.
    """
    command = [
        "valgrind",
        "--tool=callgrind",
        "--instr-atstart=no",
        "--collect-atstart=no",
        # Only the event loop's thread counts: an executor thread saving a registry
        # in the middle of a window is not the poll's work.
        "--separate-threads=yes",
        *options,
        f"--callgrind-out-file={directory}/cg.%p",
        sys.executable,
        *python_options,
        *("-m", "benchmarks", *section),
    ]
    env = {**os.environ, ENV_HELPER: str(helper), "PYTHONHASHSEED": "0"}
    process = await asyncio.create_subprocess_exec(
        *command,
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    _, stderr = await process.communicate()
    assert process.returncode is not None
    return process.returncode, stderr.decode(errors="replace")


async def main(args: argparse.Namespace) -> None:
    """Run the count under valgrind and print the table."""
    if os.environ.get(ENV_HELPER):
        await _count(args)
        return
    heading("Instructions per poll (callgrind)")
    with tempfile.TemporaryDirectory(prefix="octoeverywhere-callgrind-") as tmp:
        directory = Path(tmp)
        helper = await asyncio.to_thread(build_helper, directory)
        if helper is None:
            note("Skipped: needs valgrind and a C compiler with valgrind's headers.")
            return
        status, stderr = await run_callgrind(
            directory, helper, ("instructions", "--polls", str(args.polls))
        )
        counts = await asyncio.to_thread(read_counts, directory)
    if status != 0 or not counts:
        failed(status, stderr)
        return
    peer_index = next(
        index
        for index, subject in enumerate(polls.SUBJECTS)
        if subject.integration == polls.OCTOPRINT
    )
    peer = polls.SUBJECTS[peer_index]
    peer_minute = counts.get((peer_index, "changed"), 0.0) * 60 / peer.interval
    rows = []
    for index, subject in enumerate(polls.SUBJECTS):
        unchanged = counts.get((index, "unchanged"), 0.0)
        changed = counts.get((index, "changed"), 0.0)
        minute = changed * 60 / subject.interval
        rows.append(
            (
                subject.label,
                f"{unchanged / 1e6:.2f} M",
                f"{changed / 1e6:.2f} M",
                f"{minute / 1e6:.1f} M",
                f"{minute / peer_minute:.2f}×" if peer_minute else "",
            )
        )
    table(
        (
            "integration",
            "unchanged poll",
            "changed poll",
            "printing minute",
            "vs core octoprint",
        ),
        rows,
    )
    note(
        f"Instructions (user space, the event loop's thread) inside {args.polls} polls of "
        "each kind, divided by their number; PYTHONHASHSEED=0."
    )


def failed(status: int, stderr: str) -> None:
    """Say that the run under valgrind failed, with the end of what it printed."""
    note(f"Failed (valgrind exit status {status}):")
    note("```\n" + stderr[-2000:] + "\n```")
