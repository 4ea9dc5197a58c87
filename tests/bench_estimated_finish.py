"""Figure: state writes of the estimated finish over whole prints, per platform (BENCHMARKS.md 6).

Not run by scripts/test (it takes about 4 minutes): run it on its own, it prints a table

    .venv/bin/pytest tests/bench_estimated_finish.py -o python_files='bench_*.py' -p no:cacheprovider -q -s

with BENCH_QUICK=1 for one print per platform. tests/test_estimated_finish.py holds the bounds.
"""

from dataclasses import replace
from datetime import timedelta
import os
import random
import statistics
from unittest.mock import patch

from aiohttp.test_utils import TestServer
from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.octoeverywhere import sensor
from custom_components.octoeverywhere.const import DOMAIN
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, callback
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
