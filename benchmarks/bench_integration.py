"""Benchmarks: print figures, each beside a naive baseline measured in the same run.

Run: scripts/bench [--quick]. They run under pytest only for its Home Assistant test harness
(an in-process Home Assistant); nothing here asserts a time, and scripts/test does not run them.

What is measured (see BENCHMARKS.md for recorded results):
1. CPU time in Home Assistant's event loop per poll per printer (the client's parse of the
   body, the coordinator, the entity updates), for an unchanged and a changed status; the
   baseline is the same integration writing every entity on every poll (always_update=True,
   no comparison of what an entity shows).
2. Entity state writes for an unchanged poll (target 0) and a changed one, same baseline.
3. 1, 10 and 50 printers polled together over real HTTP against simulators: CPU share of one
   core at the 10 s interval, and memory per printer.
4. Parse time of a large material-system status (64 sources, 16 tools, 8 units) against
   json.loads alone.
6. State writes of the estimated finish over whole prints, per platform, against every change
   of the minute written (no steadiness).
The latency from a print finishing to the ``complete`` event (push vs polling) needs a real
Home Assistant with its HTTP server: see scripts/e2e (--latency).
"""

import asyncio
from collections.abc import Callable, Iterator
import contextlib
from dataclasses import replace
from datetime import timedelta
import gc
import json
import os
from pathlib import Path
import platform
import random
import statistics
import time
import tracemalloc
from typing import Any
from unittest.mock import patch

from aiohttp import web
from aiohttp.test_utils import TestServer
from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.octoeverywhere import sensor
from custom_components.octoeverywhere.api import PrinterStatus
from custom_components.octoeverywhere.const import DOMAIN
from custom_components.octoeverywhere.entity import OctoEverywhereEntity
from homeassistant.const import __version__ as HA_VERSION
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, callback
from homeassistant.helpers.entity import Entity
from homeassistant.helpers.event import async_track_state_change_event
import homeassistant.util.dt as dt_util
from octoeverywhere_simulator import ManualClock, Simulator, State

QUICK = os.environ.get("BENCH_QUICK") == "1"


def _heading(text: str) -> None:
    print(f"\n## {text}")  # noqa: T201


def _row(*cells: object) -> None:
    print("| " + " | ".join(str(cell) for cell in cells) + " |")  # noqa: T201


async def _serve(sim: Simulator) -> TestServer:
    server = TestServer(sim.create_app(), host="127.0.0.1")
    await server.start_server(access_log=None)
    return server


class _Payloads:
    """A server answering ``status`` with prepared bodies, so that its own CPU is negligible."""

    def __init__(self, bodies: list[bytes]) -> None:
        self.bodies = bodies
        self.index = 0

    async def handle(self, request: web.Request) -> web.Response:
        return web.Response(body=self.bodies[self.index], content_type="text/json")


async def _serve_payloads(payloads: _Payloads) -> TestServer:
    app = web.Application()
    app.router.add_route("*", "/octoeverywhere-command-api/{path:.*}", payloads.handle)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server(access_log=None)
    return server


def _status_bodies(count: int) -> list[bytes]:
    """``count`` successive statuses of a Klipper printer, 30 s apart."""
    sim = Simulator("moonraker", "printing", clock=ManualClock(), progress=50)
    bodies = []
    for _ in range(count):
        bodies.append(json.dumps({"Status": 200, "Result": sim.status()}).encode())
        sim.advance(30)
    return bodies


async def _add_printer(hass: HomeAssistant, url: str, index: int) -> MockConfigEntry:
    entry = MockConfigEntry(
        domain=DOMAIN,
        title=f"Printer {index}",
        unique_id=f"bench{index:04d}",
        data={"url": url, "auth_type": "none"},
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return entry


class _WriteCounter:
    """Counts state writes (every call of Entity.async_write_ha_state)."""

    def __init__(self) -> None:
        self.count = 0
        self.entities: set[str] = set()

    @contextlib.contextmanager
    def counting(self) -> Iterator[_WriteCounter]:
        original = Entity._async_write_ha_state

        def counting(entity: Entity) -> None:
            self.count += 1
            self.entities.add(entity.entity_id)
            original(entity)

        with patch.object(Entity, "_async_write_ha_state", counting):
            yield self


@pytest.mark.usefixtures("socket_enabled")
@pytest.mark.parametrize(
    "mode", ["this integration", "baseline: every poll writes every entity"]
)
async def test_bench_poll(hass: HomeAssistant, mode: str) -> None:
    """Items 1 and 2: CPU per poll and state writes, unchanged and changed status."""
    polls = 5 if QUICK else 40
    _heading(f"1-2. One poll of one printer (real HTTP, prepared bodies): {mode}")
    _row("mode", "status", "CPU ms per poll", "state writes per poll")
    _row("---", "---", "---", "---")
    payloads = _Payloads(_status_bodies(polls + 2))
    server = await _serve_payloads(payloads)
    naive = mode.startswith("baseline")
    with (
        # Patched before the entities subscribe to the coordinator.
        patch.object(
            OctoEverywhereEntity,
            "_handle_coordinator_update",
            OctoEverywhereEntity.async_write_ha_state,
        )
        if naive
        else contextlib.nullcontext()
    ):
        entry = await _add_printer(hass, str(server.make_url("/")).rstrip("/"), 0)
        coordinator = entry.runtime_data.coordinator
        coordinator.always_update = naive
        payloads.index += 1  # one changed poll first: nothing is measured cold
        await coordinator.async_refresh()
        await hass.async_block_till_done()
        for label, change in (("unchanged", False), ("changed", True)):
            cpu: list[float] = []
            with _WriteCounter().counting() as writes:
                for _ in range(polls):
                    if change:
                        payloads.index += 1  # progress, times and temperatures move
                    start = time.process_time()
                    await coordinator.async_refresh()
                    await hass.async_block_till_done()
                    cpu.append(time.process_time() - start)
            _row(
                mode,
                label,
                f"{statistics.median(cpu) * 1000:.2f}",
                f"{writes.count / polls:.1f} of {len(hass.states.async_all())} entities",
            )
    await hass.config_entries.async_unload(entry.entry_id)
    await server.close()


@pytest.mark.usefixtures("socket_enabled")
@pytest.mark.parametrize("size", [1, 10] if QUICK else [1, 10, 50])
async def test_bench_fleet(hass: HomeAssistant, size: int) -> None:
    """Item 3: many printers polled together."""
    rounds = 3 if QUICK else 10
    _heading(f"3. {size} printers polled together (real HTTP, one simulator each)")
    _row(
        "printers",
        "CPU ms per poll round",
        "CPU share at 10 s interval",
        "memory per printer",
    )
    _row("---", "---", "---", "---")
    if True:
        sims = [
            Simulator("moonraker", "printing", clock=ManualClock(), progress=50, seed=i)
            for i in range(size)
        ]
        servers = [await _serve(sim) for sim in sims]
        if True:
            gc.collect()
            tracemalloc.start()
            before = tracemalloc.take_snapshot()
            entries = [
                await _add_printer(hass, str(server.make_url("/")).rstrip("/"), index)
                for index, server in enumerate(servers)
            ]
            gc.collect()
            after = tracemalloc.take_snapshot()
            tracemalloc.stop()
            memory = sum(
                stat.size_diff for stat in after.compare_to(before, "filename")
            )
            coordinators = [entry.runtime_data.coordinator for entry in entries]
            cpu: list[float] = []
            for _ in range(rounds):
                for sim in sims:
                    sim.advance(10)
                start = time.process_time()
                await asyncio.gather(*(c.async_refresh() for c in coordinators))
                await hass.async_block_till_done()
                cpu.append(time.process_time() - start)
            per_round = statistics.median(cpu)
            _row(
                size,
                f"{per_round * 1000:.1f}",
                f"{per_round / 10 * 100:.3f} %",
                f"{memory / size / 1024:.0f} KiB",
            )
        for entry in entries:
            await hass.config_entries.async_unload(entry.entry_id)
        for server in servers:
            await server.close()


def _large_payload() -> bytes:
    sim = Simulator(
        "bambu", "printing", clock=ManualClock(), progress=50, material_system="ams"
    )
    status = sim.status(include_material_system=True)
    status["JobStatus"]["MaterialSystem"] = {
        "Capabilities": {"SupportsMultiMaterial": True, "SupportsMultiTool": True},
        "Units": [
            {
                "Id": f"unit-{u}",
                "Index": u,
                "Name": f"AMS {u + 1}",
                "HumidityPercent": 20.0,
                "TemperatureCelsius": 28.5,
                "IsDrying": False,
            }
            for u in range(8)
        ],
        "Sources": [
            {
                "Id": f"src-{s}",
                "Index": s,
                "Name": f"Slot {s + 1}",
                "UnitId": f"unit-{s % 8}",
                "Position": s % 8,
                "IsEmpty": False,
                "Material": {
                    "Type": "PLA",
                    "Name": "Basic PLA",
                    "ColorHex": f"{s * 4:06X}",
                    "RemainingPercent": 50,
                    "Manufacturer": "Brand",
                },
                "PlatformDetails": {"TrayId": str(s)},
            }
            for s in range(64)
        ],
        "Tools": [
            {
                "Id": f"tool-{t}",
                "Index": t,
                "Name": f"T{t}",
                "IsActive": t == 0,
                "IsPresent": True,
                "ActualCelsius": 215.0,
                "TargetCelsius": 215.0,
                "NozzleDiameterMm": 0.4,
            }
            for t in range(16)
        ],
        "Routes": [
            {"SourceId": f"src-{s}", "ToolId": f"tool-{s % 16}", "State": "loaded"}
            for s in range(64)
        ],
    }
    return json.dumps({"Status": 200, "Result": status}).encode()


def _timeit(function: Callable[[], Any], number: int) -> float:
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(number):
            function()
        best = min(best, (time.perf_counter() - start) / number)
    return best


def test_bench_parse() -> None:
    """Item 4: parse of a large material-system status."""
    number = 50 if QUICK else 500
    _heading("4. Parse of a large status (64 sources, 16 tools, 8 units)")
    raw = _large_payload()
    loads = _timeit(lambda: json.loads(raw), number)
    full = _timeit(lambda: PrinterStatus.from_dict(json.loads(raw)["Result"]), number)
    _row("step", "time per payload", "payload size")
    _row("---", "---", "---")
    _row(
        "baseline: json.loads alone",
        f"{loads * 1e6:.0f} µs",
        f"{len(raw) / 1024:.1f} KiB",
    )
    _row("json.loads + PrinterStatus.from_dict", f"{full * 1e6:.0f} µs", "")
    _row("parse into models alone", f"{(full - loads) * 1e6:.0f} µs", "")


async def _finish_writes(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    platform_name: str,
    duration: float,
    index: int,
) -> int:
    """Count the writes of the estimated finish over one print, polled every 10 s.

    The printer's clock is ahead of Home Assistant's by a random 0-1.5 s at each poll, as the
    request's latency makes it.
    """
    sim = Simulator(
        platform_name,
        "idle",
        clock=ManualClock(dt_util.utcnow().timestamp()),
        print_duration=duration,
    )
    server = await _serve(sim)
    entry = await _add_printer(hass, str(server.make_url("/")).rstrip("/"), index)
    writes = 0

    @callback
    def _written(event: Event[EventStateChangedData]) -> None:
        nonlocal writes
        writes += 1

    unsubscribe = async_track_state_change_event(
        hass, [f"sensor.printer_{index}_estimated_finish"], _written
    )
    sim.printer.start("gcode/benchy.gcode")
    jitter, ahead = random.Random(index), 0.0
    for _ in range(int(duration / 10) + 60):
        now_ahead = jitter.uniform(0, 1.5)
        sim.advance(10 + now_ahead - ahead)
        ahead = now_ahead
        freezer.tick(timedelta(seconds=10))
        async_fire_time_changed(hass)
        await hass.async_block_till_done(wait_background_tasks=True)
        if sim.printer.state == State.COMPLETE:
            break
    unsubscribe()
    await hass.config_entries.async_remove(entry.entry_id)
    await server.close()
    return writes


@pytest.mark.usefixtures("socket_enabled")
@pytest.mark.parametrize(
    "mode", ["this integration", "baseline: every change of the minute written"]
)
async def test_bench_estimated_finish(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, mode: str
) -> None:
    """Item 6: state writes of the estimated finish per 30-minute print."""
    # A fixed start: where a print's finish falls in its minute decides how often it flips.
    freezer.move_to("2027-01-15 08:00:00+00:00")
    lengths = [1800.0] if QUICK else [1800.0 + 7 * k for k in range(9)]
    _heading(f"6. Estimated finish: state writes per 30-minute print: {mode}")
    _row("platform", "prints", "writes per print (mean)", "most in one print")
    _row("---", "---", "---", "---")
    descriptions = sensor.SENSORS
    if mode != "this integration":
        descriptions = tuple(replace(d, steady_within=None) for d in descriptions)
    index = 0
    with patch.object(sensor, "SENSORS", descriptions):
        for platform_name in (
            "moonraker",
            "octoprint",
            "bambu",
            "prusalink",
            "elegoo_cc1",
            "elegoo_cc2",
        ):
            counts = []
            for duration in lengths:
                index += 1
                counts.append(
                    await _finish_writes(hass, freezer, platform_name, duration, index)
                )
            _row(
                platform_name,
                len(counts),
                f"{statistics.mean(counts):.1f}",
                max(counts),
            )


def test_machine() -> None:
    """Print what the figures were measured on."""
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    print(  # noqa: T201
        f"\nMachine: {cpu}, {os.cpu_count()} CPUs; Python {platform.python_version()}; "
        f"Home Assistant {HA_VERSION}"
    )
