"""Item 3: many printers polled together, their servers in another process.

Each printer is a Klipper printer mid-print as in items 1-2: the simulator's statuses 10 s
apart, with heater noise (a seed of its own per printer), served from the server process, so
this process's CPU time is the integration's and Home Assistant's alone. A round is every
printer's coordinator refreshing at once (as their timers would, 10 s apart while printing),
after every printer moved 10 s on.

Memory per printer is measured two ways, after one printer was set up first (so that loading
the integration's and Home Assistant's modules is not counted) and after three rounds of polls:
the growth of the process's resident set size (RSS; includes the allocator's slack), and, in a
separate process, what ``tracemalloc`` sees Python allocate (the full run only: tracing makes
everything slower).
"""

import argparse
import asyncio
import gc
import sys
import time
import tracemalloc

from homeassistant.core import HomeAssistant

from . import harness, payloads
from .report import heading, median, note, table
from .servers import Servers

INTERVAL = 10.0


async def _round(hass: HomeAssistant, polled: list[object]) -> tuple[float, float]:
    start_cpu, start_wall = time.process_time(), time.perf_counter()
    await asyncio.gather(*(coordinator.async_refresh() for coordinator in polled))  # type: ignore[attr-defined]
    await hass.async_block_till_done()
    return time.process_time() - start_cpu, time.perf_counter() - start_wall


async def fleet(size: int, rounds: int, *, trace: bool) -> list[object]:
    """Set up ``size`` printers, poll them ``rounds`` times; return the table row."""
    servers = Servers.shared()
    names = [f"fleet-{size}-{index}" for index in range(size + 1)]
    ports = [
        servers.series(
            name,
            payloads.octoeverywhere_routes(
                payloads.series("moonraker", rounds + 5, INTERVAL, seed=index)
            ),
        )
        for index, name in enumerate(names)
    ]
    step = 0

    def advance() -> None:
        nonlocal step
        step += 1
        servers.step_many(names, step)

    config_dir = harness.make_config_dir()
    hass = await harness.start_home_assistant(config_dir)
    try:
        urls = [f"http://127.0.0.1:{port}" for port in ports]
        # The first printer loads the modules; it is not counted.
        first = harness.octoeverywhere_entry(urls[0], 0)
        await harness.add_entry(hass, first)
        gc.collect()
        if trace:
            tracemalloc.start()
        rss_before = harness.rss_bytes()
        traced_before = tracemalloc.get_traced_memory()[0] if trace else 0
        setup_wall, setup_cpu = time.perf_counter(), time.process_time()
        entries = []
        for index, url in enumerate(urls[1:], start=1):
            entry = harness.octoeverywhere_entry(url, index)
            await hass.config_entries.async_add(entry)
            entries.append(entry)
        await hass.async_block_till_done()
        setup_wall = time.perf_counter() - setup_wall
        setup_cpu = time.process_time() - setup_cpu
        polled: list[object] = []
        for entry in [first, *entries]:
            polled.extend(harness.coordinators(hass, entry))
        for _ in range(3):
            advance()
            await _round(hass, polled)
        gc.collect()
        rss = (harness.rss_bytes() - rss_before) / size
        traced = 0.0
        if trace:
            traced = (tracemalloc.get_traced_memory()[0] - traced_before) / size
            tracemalloc.stop()
            return [size, f"{traced / 1024:.0f} KiB"]
        cpu, wall = [], []
        for _ in range(rounds):
            advance()
            round_cpu, round_wall = await _round(hass, polled)
            cpu.append(round_cpu)
            wall.append(round_wall)
        per_round = median(cpu)
        return [
            size + 1,
            f"{per_round * 1000:.1f} ms",
            f"{per_round / (size + 1) * 1e6:.0f} µs",
            f"{per_round / INTERVAL * 100:.2f} %",
            f"{median(wall) * 1000:.0f} ms",
            f"{rss / 1024:.0f} KiB",
            f"{setup_wall / size * 1000:.0f} ms / {setup_cpu / size * 1000:.0f} ms",
        ]
    finally:
        await harness.stop_home_assistant(hass, config_dir)


async def _traced(size: int) -> str:
    """Measure memory per printer with tracemalloc, in a fresh process."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        *("-m", "benchmarks", "fleet", "--trace-memory", "--printers", str(size)),
        stdout=asyncio.subprocess.PIPE,
    )
    output, _ = await process.communicate()
    for line in output.decode().splitlines():
        if line.startswith("TRACEMALLOC "):
            return line.split(" ", 2)[2]
    return "failed"


async def main(args: argparse.Namespace) -> None:
    """Print the fleet table (in the full run with tracemalloc from a separate pass)."""
    if args.trace_memory:
        row = await fleet(args.printers, 0, trace=True)
        print(f"TRACEMALLOC {row[0]} {row[1]}")
        return
    sizes = [10] if args.quick else [10, 50]
    rounds = 5 if args.quick else 20
    rows = []
    for size in sizes:
        row = await fleet(size - 1, rounds, trace=False)
        row.append("(full run)" if args.quick else await _traced(size - 1))
        rows.append(row)
    heading("3. Printers polled together (their servers in another process)")
    table(
        (
            "printers",
            "CPU per round",
            "per printer",
            "share of one core at the 10 s interval",
            "wall time of a round",
            "memory per printer (RSS growth)",
            "setup per printer (wall / CPU)",
            "memory per printer (tracemalloc)",
        ),
        rows,
    )
    note(
        f"Median of {rounds} rounds; each round every printer's coordinator refreshes once "
        "(all at the same moment: the worst case for the loop) and the printers' clocks move "
        "10 s."
    )
