"""The estimated finish over whole prints: steady while the estimate is, moving when it moves.

Printers estimate the time left in whole minutes (Bambu: the finish jumps back and forth
across a minute on every other poll), and the time the printer and Home Assistant each take
for "now" differs by the request's latency (the finish jitters across a minute's boundary
when it lies near one). The sensor shows the finish to the minute and moves it only when the
estimate moves by more than FINISH_STEADY_WITHIN.
"""

from dataclasses import dataclass, field, replace
from datetime import timedelta
import random
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.octoeverywhere import sensor
from custom_components.octoeverywhere.const import ACTIVE_INTERVAL
from homeassistant.const import STATE_UNKNOWN
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, callback
from homeassistant.helpers.event import async_track_state_change_event
import homeassistant.util.dt as dt_util
from octoeverywhere_simulator import ManualClock, Simulator, State

from .conftest import next_poll, setup_entry

pytestmark = pytest.mark.freeze_time("2027-01-15 08:00:00+00:00")

FINISH = "sensor.sim_printer_estimated_finish"
POLL_SEC = ACTIVE_INTERVAL.total_seconds()


@dataclass
class PrintRecord:
    """What the sensor did over one print."""

    writes: list[str] = field(default_factory=list)
    # How far what it showed was from the estimate of the latest poll, at worst.
    worst_lag: timedelta = timedelta(0)
    completed: bool = False


async def _one_print(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    entry: MockConfigEntry,
    *,
    speed: float = 1.0,
    latency: float = 0.0,
    steady: bool = True,
) -> PrintRecord:
    """Start a print on an idle printer and poll every 10 s until it completed.

    The printer's clock runs ``speed`` times as fast as Home Assistant's and is ahead of it
    by a random 0-``latency`` seconds at each poll. ``steady`` False writes every change of
    the minute, as the sensor did before.
    """
    # The printer's clock starts where Home Assistant's frozen one does.
    assert simulator.now() == dt_util.utcnow().timestamp()
    descriptions = sensor.SENSORS
    if not steady:
        descriptions = tuple(replace(d, steady_within=None) for d in descriptions)
    with patch.object(sensor, "SENSORS", descriptions):
        await setup_entry(hass, entry)
    record = PrintRecord()

    @callback
    def _written(event: Event[EventStateChangedData]) -> None:
        if (new := event.data["new_state"]) is not None:
            record.writes.append(new.state)

    async_track_state_change_event(hass, [FINISH], _written)
    assert simulator.printer.start("gcode/benchy.gcode")
    jitter, ahead = random.Random(0), 0.0
    polls = int(simulator.settings.print_duration / POLL_SEC / speed) + 60
    for _ in range(polls):
        now_ahead = jitter.uniform(0, latency)
        await next_poll(
            hass,
            freezer,
            ACTIVE_INTERVAL,
            simulator=simulator,
            seconds=POLL_SEC * speed + now_ahead - ahead,
        )
        ahead = now_ahead
        status = entry.runtime_data.coordinator.data.status
        estimate = sensor._timestamp(sensor._finish_sec(status)) if status else None
        shown = hass.states.get(FINISH).state
        if estimate is not None and shown != STATE_UNKNOWN:
            lag = abs(estimate - dt_util.parse_datetime(shown))
            record.worst_lag = max(record.worst_lag, lag)
        if simulator.printer.state == State.COMPLETE:
            record.completed = True
            break
    return record


@pytest.fixture
def simulator(request: pytest.FixtureRequest) -> Simulator:
    """An idle printer of the parametrized platform and print length (seconds)."""
    platform, duration = request.param
    return Simulator(
        platform,
        "idle",
        clock=ManualClock(dt_util.utcnow().timestamp()),
        print_duration=duration,
    )


CASES = [
    # Whole minutes left: the finish alternates between two minutes.
    pytest.param(("bambu", 1800.0), 0.0, id="bambu"),
    # Exact estimates, but a finish near a minute's boundary and up to 1.5 s latency.
    pytest.param(("moonraker", 1821.0), 1.5, id="moonraker-latency"),
]


@pytest.mark.parametrize(("simulator", "latency"), CASES, indirect=["simulator"])
async def test_steady_print_writes_twice(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    simulator_entry: MockConfigEntry,
    latency: float,
) -> None:
    """A steady 30-minute print writes the finish when it starts and when it ends, only."""
    record = await _one_print(
        hass, freezer, simulator, simulator_entry, latency=latency
    )
    assert record.completed
    assert len(record.writes) == 2
    assert record.writes[-1] == STATE_UNKNOWN
    assert record.worst_lag <= sensor.FINISH_STEADY_WITHIN


@pytest.mark.parametrize(("simulator", "latency"), CASES, indirect=["simulator"])
async def test_unsteady_print_wrote_often(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    simulator_entry: MockConfigEntry,
    latency: float,
) -> None:
    """The same print, every change of the minute written: what the logbook filled with."""
    record = await _one_print(
        hass, freezer, simulator, simulator_entry, latency=latency, steady=False
    )
    assert record.completed
    assert len(record.writes) > 40


@pytest.mark.parametrize(
    "simulator", [("moonraker", 1800.0)], indirect=True, ids=["moonraker"]
)
async def test_moving_estimate_is_followed(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    simulator_entry: MockConfigEntry,
) -> None:
    """A finish that really moves (here: the printer runs 10x faster than estimated).

    It is followed in steps, never further behind than FINISH_STEADY_WITHIN: half the
    writes of following every minute.
    """
    record = await _one_print(hass, freezer, simulator, simulator_entry, speed=10)
    assert record.completed
    assert record.worst_lag <= sensor.FINISH_STEADY_WITHIN
    assert 5 <= len(record.writes) <= 10
