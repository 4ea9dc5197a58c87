"""Run the benchmarks: ``python -m benchmarks [--quick] [section ...]``.

Without a section, every section runs, each in a fresh Python process (so that one section's
imports, caches and memory do not colour the next). scripts/bench calls this.
"""

import argparse
from functools import partial
import logging
import os
from pathlib import Path
import platform
import subprocess
import sys
import time

from . import (
    caches,
    fleet,
    footprint,
    harness,
    instructions,
    parse,
    polls,
    recorder,
    setup,
    tls,
)
from .servers import Servers

SECTIONS = {
    "polls": polls.main,
    "fleet": fleet.main,
    "setup": setup.main,
    "parse": parse.main,
    "instructions": instructions.main,
    "recorder": recorder.main,
    "caches": caches.main,
    "footprint": footprint.main,
    "tls": tls.main,
}


def machine() -> str:
    """Describe the machine the figures were measured on."""
    from homeassistant.const import __version__ as ha_version  # noqa: PLC0415

    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    return (
        f"{cpu}, {os.cpu_count()} CPUs; Python {platform.python_version()}; "
        f"Home Assistant {ha_version}"
    )


def run_all(args: argparse.Namespace) -> None:
    """Every section: in fresh processes, or (quick) one after the other in this one."""
    started = time.monotonic()
    print(f"Machine: {machine()}; load average {os.getloadavg()[0]:.1f}")
    print(
        "asyncio debug mode: off (Home Assistant's own event loop, "
        "homeassistant.runner.create_event_loop), unless a heading says otherwise."
    )
    if args.quick:
        # One process: Python imports Home Assistant once (with PYTHONDONTWRITEBYTECODE
        # that alone takes seconds).
        harness.configure_logging()
        Servers.shared()  # before any Home Assistant: see Servers
        for name in ("polls", "fleet", "setup", "parse"):
            harness.run(partial(SECTIONS[name], args))
    else:
        runs: list[list[str]] = [
            ["polls"],
            # What pytest-homeassistant-custom-component's harness would show instead.
            ["polls", "--asyncio-debug", "--no-profile"],
            ["recorder"],
            ["fleet"],
            ["setup"],
            ["parse"],
            ["instructions"],
            ["caches"],
            ["tls"],
            ["footprint"],
        ]
        for section_args in runs:
            subprocess.run(
                [sys.executable, "-m", "benchmarks", *section_args], check=True
            )
    print(f"\nBenchmarks took {time.monotonic() - started:.0f} s.")


def main() -> None:
    """Parse the command line and run."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("section", nargs="?", choices=sorted(SECTIONS))
    parser.add_argument(
        "--quick", action="store_true", help="fewer rounds and printers"
    )
    parser.add_argument(
        "--asyncio-debug",
        action="store_true",
        help="run the loop in asyncio debug mode (as pytest's harness does)",
    )
    parser.add_argument(
        "--no-profile", action="store_true", help="polls: skip the sampling profile"
    )
    parser.add_argument(
        "--trace-memory", action="store_true", help="fleet: tracemalloc pass only"
    )
    parser.add_argument("--printers", type=int, default=49, help="fleet: printers")
    parser.add_argument(
        "--polls", type=int, default=40, help="instructions: polls of each kind"
    )
    args = parser.parse_args()
    if args.section is None:
        run_all(args)
        return
    harness.configure_logging()
    if args.asyncio_debug:
        # Debug mode reports every slow step, the benchmark's own set-up included.
        logging.getLogger("asyncio").setLevel(logging.ERROR)
    section = SECTIONS[args.section]
    harness.run(partial(section, args), debug=args.asyncio_debug)


if __name__ == "__main__":
    main()
