"""The print ledger: events across restarts, reloads and offline periods, once each.

Home Assistant restarting is an unload and a new setup of the entry with the same storage
(``hass_storage``): that is all the integration sees of a restart.
"""

from collections.abc import Callable
import itertools
from typing import Any

from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.octoeverywhere.api import PrinterStatus, events_between
from custom_components.octoeverywhere.event_hub import PENDING_END_SEC
from custom_components.octoeverywhere.ledger import (
    MAX_PRINTS,
    MAX_RECENT,
    STATUS_SAVE_DELAY_SEC,
    STORAGE_VERSION,
    PrintLedger,
    StatusRecord,
)
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import (
    EVENT_HOMEASSISTANT_FINAL_WRITE,
    STATE_UNAVAILABLE,
    STATE_UNKNOWN,
)
from homeassistant.core import HomeAssistant
from octoeverywhere_simulator import ManualClock, Simulator
from octoeverywhere_simulator.config import PLATFORMS

from .conftest import next_poll, setup_entry, sim_print_id, webhook_body

LEDGER_KEY = "octoeverywhere.01KOCTOEVERYWHERESIMENTRY01.ledger"
PRINT_SEC = 6000.0


@pytest.fixture
def simulator() -> Simulator:
    """A Klipper printer that starts idle, with a 100-minute print ahead of it."""
    return Simulator("moonraker", "idle", clock=ManualClock(), print_duration=PRINT_SEC)


def _types(fired: list[dict[str, Any]]) -> list[str]:
    return [event["event_type"] for event in fired]


def _state(hass: HomeAssistant, key: str) -> str:
    return hass.states.get(f"sensor.sim_printer_{key}").state


async def _restart(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    while_down: Callable[[], None] | None = None,
) -> None:
    """Stop the integration as Home Assistant's shutdown does, then start it again."""
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    if while_down is not None:
        while_down()
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()


async def _start_print(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, simulator: Simulator
) -> str:
    """Start a print and let a poll see it run."""
    simulator.set_scenario("printing")
    await next_poll(hass, freezer, simulator=simulator, seconds=600)
    return sim_print_id(simulator)


@pytest.fixture
async def print_id(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    simulator_entry: MockConfigEntry,
    bus_events: list[dict[str, Any]],
) -> str:
    """The entry set up and a print running, seen by a poll; the events so far cleared."""
    await setup_entry(hass, simulator_entry)
    started = await _start_print(hass, freezer, simulator)
    bus_events.clear()
    return started


# --- The restart scenario of the issue --------------------------------------------------


async def test_print_completes_during_a_restart(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    simulator_entry: MockConfigEntry,
    bus_events: list[dict[str, Any]],
) -> None:
    """A print that completes while Home Assistant restarts fires `complete` once, missed."""
    entry = await setup_entry(hass, simulator_entry)
    print_id = await _start_print(hass, freezer, simulator)
    assert _types(bus_events) == [
        "started",
        "first_layer_complete",
        "third_layer_complete",
    ]
    assert not any(event["missed"] for event in bus_events)
    bus_events.clear()

    await _restart(hass, entry, lambda: simulator.advance(PRINT_SEC - 400))

    assert _types(bus_events) == ["complete"]
    complete = bus_events[0]
    assert complete["missed"] is True
    assert complete["print_id"] == print_id
    assert complete["source"] == "poll"
    assert complete["file_name"] == "calibration/benchy_pla_0.2mm.gcode"
    assert complete["progress"] == 100.0
    # The event entity and the last-print sensors show it.
    event_state = hass.states.get("event.sim_printer_print_event")
    assert event_state.attributes["event_type"] == "complete"
    assert event_state.attributes["missed"] is True
    assert _state(hass, "last_print_result") == "complete"
    assert _state(hass, "last_print_file") == "calibration/benchy_pla_0.2mm.gcode"
    duration = float(_state(hass, "last_print_duration"))  # minutes
    assert 100 < duration < 110  # 100 minutes of printing after the warm-up
    assert float(_state(hass, "last_print_filament")) == pytest.approx(4.15, abs=0.01)
    assert _state(hass, "prints_completed") == "1"
    assert float(_state(hass, "total_print_time")) == pytest.approx(duration / 60, 0.01)

    # Nothing fires again: not on the next restart, nor on the next polls.
    bus_events.clear()
    await _restart(hass, entry)
    await next_poll(hass, freezer, simulator=simulator, seconds=60)
    assert bus_events == []
    assert _state(hass, "last_print_result") == "complete"
    assert _state(hass, "prints_completed") == "1"


async def test_home_assistant_stop_writes_the_ledger(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    hass_storage: dict[str, Any],
    simulator: Simulator,
    simulator_entry: MockConfigEntry,
) -> None:
    """Fired events are saved within a second; the status at the latest when HA stops."""
    entry = await setup_entry(hass, simulator_entry)
    print_id = await _start_print(hass, freezer, simulator)
    freezer.tick(1.5)
    async_fire_time_changed(hass, fire_all=True)
    await hass.async_block_till_done()
    saved = hass_storage[LEDGER_KEY]
    assert saved["version"] == STORAGE_VERSION
    assert "started" in saved["data"]["prints"][print_id]["fired"]
    assert saved["data"]["previous"]["print_id"] == print_id

    # A poll that only changed the status is saved within ten minutes, or when Home
    # Assistant stops: not twice a minute while printing (issue 12).
    assert STATUS_SAVE_DELAY_SEC == 600
    coordinator = entry.runtime_data.coordinator

    def saved_progress() -> float:
        return float(hass_storage[LEDGER_KEY]["data"]["previous"]["progress"])

    progress = saved_progress()
    simulator.advance(60)
    await coordinator.async_refresh()
    await hass.async_block_till_done()
    freezer.tick(STATUS_SAVE_DELAY_SEC / 2)
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert saved_progress() == progress
    hass.bus.async_fire(EVENT_HOMEASSISTANT_FINAL_WRITE)
    await hass.async_block_till_done()
    assert saved_progress() > progress

    progress = saved_progress()
    simulator.advance(60)
    await coordinator.async_refresh()
    await hass.async_block_till_done()
    freezer.tick(STATUS_SAVE_DELAY_SEC + 1)
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert saved_progress() > progress


# --- What the comparison finds ----------------------------------------------------------


def _complete(sim: Simulator) -> None:
    sim.advance(PRINT_SEC)


def _cancel(sim: Simulator) -> None:
    sim.set_scenario("cancelled")


def _fail(sim: Simulator) -> None:
    sim.printer.fail("Nozzle clog")
    sim.tick()


def _pause(sim: Simulator) -> None:
    sim.set_scenario("paused")


def _nothing(sim: Simulator) -> None:
    sim.advance(1)


def _next_print_running(sim: Simulator) -> None:
    sim.advance(PRINT_SEC)
    sim.set_scenario("printing", progress=20)


def _next_print_done(sim: Simulator) -> None:
    sim.advance(PRINT_SEC)
    sim.set_scenario("printing", progress=20)
    sim.advance(PRINT_SEC)


def _replaced_while_running(sim: Simulator) -> None:
    # The running print's end is unknown: its id is gone, and no status showed how it ended.
    sim.printer.job = None
    sim.set_scenario("printing", progress=30)


@pytest.mark.parametrize(
    ("while_down", "expected"),
    [
        pytest.param(_complete, ["complete", "bed_cooldown_complete"], id="completed"),
        pytest.param(_cancel, ["cancelled"], id="cancelled"),
        pytest.param(_fail, ["failed"], id="failed"),
        pytest.param(_pause, ["paused"], id="paused"),
        pytest.param(_nothing, [], id="nothing"),
        pytest.param(
            _next_print_running,
            ["started", "first_layer_complete", "third_layer_complete", "progress"],
            id="next print running",
        ),
        pytest.param(
            _next_print_done,
            ["started", "complete", "bed_cooldown_complete"],
            id="next print done",
        ),
        pytest.param(
            _replaced_while_running,
            ["started", "first_layer_complete", "third_layer_complete", "progress"],
            id="unknown end",
        ),
    ],
)
async def test_catch_up_after_restart(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    simulator_entry: MockConfigEntry,
    bus_events: list[dict[str, Any]],
    while_down: Callable[[Simulator], None],
    expected: list[str],
) -> None:
    """What happened while Home Assistant was down fires once, in order, as missed."""
    entry = await setup_entry(hass, simulator_entry)
    first = await _start_print(hass, freezer, simulator)
    bus_events.clear()
    await _restart(hass, entry, lambda: while_down(simulator))
    assert _types(bus_events) == expected
    assert all(event["missed"] for event in bus_events)
    # The first print's events, then the next print's from its start on.
    expected_ids, print_id = [], first
    for event in bus_events:
        if event["event_type"] == "started":
            print_id = sim_print_id(simulator)
        expected_ids.append(print_id)
    assert [event["print_id"] for event in bus_events] == expected_ids
    bus_events.clear()
    await _restart(hass, entry)
    await next_poll(hass, freezer, simulator=simulator, seconds=1)
    assert bus_events == []


async def test_first_setup_is_a_baseline(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    simulator_entry: MockConfigEntry,
    bus_events: list[dict[str, Any]],
    webhook_post: Callable[..., Any],
) -> None:
    """A printer added mid-print fires nothing of the past, not even late notifications."""
    simulator.set_scenario("printing", progress=55)
    entry = await setup_entry(hass, simulator_entry)
    print_id = sim_print_id(simulator)
    await webhook_post(webhook_body(entry, EventType=1, PrintId=print_id))
    await webhook_post(webhook_body(entry, EventType=6, PrintId=print_id, Progress=50))
    assert bus_events == []
    await next_poll(hass, freezer, simulator=simulator, seconds=400)
    assert _types(bus_events) == ["progress"]
    assert bus_events[0]["progress"] == 60.0


@pytest.mark.parametrize(
    "fault",
    [
        pytest.param({"http_status": 601}, id="601 offline"),
        pytest.param({"plugin_status": 785}, id="785 host not connected"),
        pytest.param({"plugin_status": 787}, id="787"),
        pytest.param({"http_status": 502}, id="502 unreachable"),
    ],
)
@pytest.mark.usefixtures("print_id")
async def test_print_ends_while_the_printer_cannot_be_seen(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    simulator_entry: MockConfigEntry,
    bus_events: list[dict[str, Any]],
    fault: dict[str, int],
) -> None:
    """Offline or unreachable while the print ended: its end fires on return, as missed."""
    simulator.set_fault(**fault, paths=["status"])
    await next_poll(hass, freezer, simulator=simulator, seconds=1)
    assert _state(hass, "progress") == STATE_UNAVAILABLE
    simulator.advance(PRINT_SEC - 400)  # complete, the bed still warm
    await next_poll(hass, freezer, simulator=simulator, seconds=1)
    assert bus_events == []
    simulator.clear_faults()
    await next_poll(hass, freezer, simulator=simulator, seconds=1)
    assert _types(bus_events) == ["complete"]
    assert all(event["missed"] for event in bus_events)
    await next_poll(hass, freezer, simulator=simulator, seconds=3000)
    assert _types(bus_events)[-1] == "bed_cooldown_complete"
    assert bus_events[-1]["missed"] is False


# --- Storage: tolerant, and removed with the entry ----------------------------------------


@pytest.mark.parametrize(
    "saved",
    [
        pytest.param({"version": 1, "key": LEDGER_KEY, "data": "garbage"}, id="string"),
        pytest.param({"version": 1, "key": LEDGER_KEY, "data": [1, 2]}, id="list"),
        pytest.param(
            {
                "version": 1,
                "key": LEDGER_KEY,
                "data": {
                    "previous": {"print_id": 7, "state": "exploded", "progress": "x"},
                    "prints": {"a": "b", "c": {"fired": "started", "result": 3}},
                    "pending": [{"type": "failed"}, {"type": "nope", "print_id": "p"}],
                    "last_print": {"result": "complete", "ended_at": "yesterday"},
                    "statistics": {"completed": -3, "failed": "1", "cancelled": 2.5},
                },
            },
            id="wrong values",
        ),
        pytest.param({"version": 99, "key": LEDGER_KEY, "data": {}}, id="newer"),
    ],
)
async def test_unreadable_ledger_reads_as_empty(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    hass_storage: dict[str, Any],
    simulator: Simulator,
    simulator_entry: MockConfigEntry,
    bus_events: list[dict[str, Any]],
    saved: dict[str, Any],
) -> None:
    """A corrupt or foreign record is an empty one: setup works, the first status is a baseline."""
    hass_storage[LEDGER_KEY] = saved
    simulator.set_scenario("printing", progress=50)
    entry = await setup_entry(hass, simulator_entry)
    assert entry.state is ConfigEntryState.LOADED
    assert bus_events == []
    assert _state(hass, "last_print_result") == STATE_UNKNOWN
    assert _state(hass, "prints_completed") == "0"
    simulator.set_scenario("complete")
    await next_poll(hass, freezer, simulator=simulator, seconds=1)
    assert _types(bus_events) == ["complete"]
    assert _state(hass, "prints_completed") == "1"


async def test_ledger_removed_with_the_entry(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    simulator_entry: MockConfigEntry,
) -> None:
    """Deleting the printer deletes its record; unloading keeps it."""
    entry = await setup_entry(hass, simulator_entry)
    assert await hass.config_entries.async_unload(entry.entry_id)
    assert LEDGER_KEY in hass_storage
    await hass.config_entries.async_remove(entry.entry_id)
    await hass.async_block_till_done()
    assert LEDGER_KEY not in hass_storage


# --- One failure, one event; one cancel, one event ----------------------------------------


@pytest.fixture
def pushing(
    hass: HomeAssistant,
    simulator: Simulator,
    webhook_post: Callable[..., Any],
    simulator_entry: MockConfigEntry,
) -> Callable[[], Any]:
    """Deliver the notifications the simulator produced since the last call, in order."""
    delivered = {"count": 0}

    async def deliver() -> list[int]:
        simulator.tick()
        new = simulator.events[delivered["count"] :]
        delivered["count"] = len(simulator.events)
        for event in new:
            payload = simulator.webhooks.payload(event.type, event.data)
            payload["SecretKey"] = webhook_body(simulator_entry)["SecretKey"]
            await webhook_post(payload)
        return [event.type for event in new]

    return deliver


async def test_failure_with_error_notification_fires_once(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    simulator_entry: MockConfigEntry,
    bus_events: list[dict[str, Any]],
    pushing: Callable[[], Any],
) -> None:
    """OctoEverywhere's "failed" and "error" for one failure: one `failed`, with the text."""
    await setup_entry(hass, simulator_entry)
    await _start_print(hass, freezer, simulator)
    await pushing()  # what was notified so far, polled already
    bus_events.clear()
    simulator.printer.fail("Nozzle clog")
    assert await pushing() == [3, 9]
    await next_poll(hass, freezer, simulator=simulator, seconds=1)
    assert _types(bus_events) == ["failed"]
    assert bus_events[0]["error"] == "Nozzle clog"
    assert bus_events[0]["source"] == "webhook"
    assert _state(hass, "prints_failed") == "1"

    # A later, different error is news; the same one within two minutes is not.
    freezer.tick(30)
    simulator.printer.fail("Nozzle clog")
    await pushing()
    freezer.tick(30)
    simulator.printer.fail("MCU shutdown")
    await pushing()
    assert _types(bus_events) == ["failed", "error"]
    assert bus_events[-1]["error"] == "MCU shutdown"


async def test_error_notification_first_fires_one_failure(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    simulator_entry: MockConfigEntry,
    print_id: str,
    bus_events: list[dict[str, Any]],
    webhook_post: Callable[..., Any],
) -> None:
    """The error notification arrives first: the failure takes its text, fires once."""
    simulator.printer.fail("Thermal runaway")
    for event_type in (9, 3):
        await webhook_post(
            webhook_body(
                simulator_entry,
                EventType=event_type,
                PrintId=print_id,
                Error="Thermal runaway",
            )
        )
    assert _types(bus_events) == ["failed"]
    assert bus_events[0]["error"] == "Thermal runaway"


async def test_error_during_a_running_print_is_an_error(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    simulator_entry: MockConfigEntry,
    print_id: str,
    bus_events: list[dict[str, Any]],
    webhook_post: Callable[..., Any],
) -> None:
    """An error notification while the printer still prints: an error, not a failure."""
    await webhook_post(
        webhook_body(simulator_entry, EventType=9, PrintId=print_id, Error="Fan slow")
    )
    assert _types(bus_events) == ["error"]
    assert _state(hass, "prints_failed") == "0"


@pytest.mark.parametrize(
    ("end", "expected"), [(_cancel, "cancelled"), (_fail, "failed")]
)
async def test_pushed_end_waits_for_the_printer(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    simulator_entry: MockConfigEntry,
    print_id: str,
    bus_events: list[dict[str, Any]],
    webhook_post: Callable[..., Any],
    end: Callable[[Simulator], None],
    expected: str,
) -> None:
    """A "failed" notification the printer cannot confirm yet waits for the next status."""
    end(simulator)
    simulator.set_fault(http_status=502, count=1, paths=["status"])
    await webhook_post(
        webhook_body(
            simulator_entry,
            EventType=3,
            PrintId=print_id,
            SnapshotUrl="https://octoeverywhere.com/s/1.jpg",
        )
    )
    assert bus_events == []
    await next_poll(hass, freezer, simulator=simulator, seconds=1)
    assert _types(bus_events) == [expected]
    assert bus_events[0]["snapshot_url"] == "https://octoeverywhere.com/s/1.jpg"
    assert (
        bus_events[0]["missed"] is True
    )  # later than notified: the printer was unseen


async def test_pushed_end_waits_across_a_restart(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    simulator_entry: MockConfigEntry,
    print_id: str,
    bus_events: list[dict[str, Any]],
    webhook_post: Callable[..., Any],
) -> None:
    """A held "failed" survives a restart; the next print's status cannot tell: as notified."""
    entry = simulator_entry
    simulator.set_fault(http_status=502, paths=["status"])
    await webhook_post(webhook_body(entry, EventType=3, PrintId=print_id))
    assert bus_events == []

    def next_print() -> None:
        simulator.clear_faults()
        simulator.set_scenario("cancelled")
        simulator.set_scenario("printing", progress=10)

    await _restart(hass, entry, next_print)
    assert _types(bus_events)[:3] == ["failed", "started", "first_layer_complete"]
    assert bus_events[0]["print_id"] == print_id
    assert bus_events[0]["source"] == "webhook"
    assert bus_events[1]["print_id"] == sim_print_id(simulator)


async def test_pushed_end_fires_as_notified_when_the_printer_stays_silent(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    simulator_entry: MockConfigEntry,
    print_id: str,
    bus_events: list[dict[str, Any]],
    webhook_post: Callable[..., Any],
) -> None:
    """OctoEverywhere unreachable for five minutes after a "failed": it fires as notified."""
    entry = simulator_entry
    simulator.set_fault(http_status=502, paths=["status"])
    await webhook_post(
        webhook_body(entry, EventType=3, PrintId=print_id, Error="Thermal runaway")
    )
    await next_poll(hass, freezer, simulator=simulator, seconds=1)
    assert bus_events == []
    freezer.tick(PENDING_END_SEC)
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert _types(bus_events) == ["failed"]
    assert bus_events[0]["error"] == "Thermal runaway"
    simulator.clear_faults()
    simulator.printer.fail("Thermal runaway")
    await next_poll(hass, freezer, simulator=simulator, seconds=1)
    assert _types(bus_events) == ["failed"]


@pytest.mark.parametrize("platform", ["bambu", "moonraker"])
async def test_one_cancelled_per_cancel(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    simulator_entry: MockConfigEntry,
    bus_events: list[dict[str, Any]],
    pushing: Callable[[], Any],
    platform: str,
) -> None:
    """A cancel, pushed and polled: one `cancelled`; Bambu's leftover error a minute later
    is not news."""
    simulator.configure(platform=platform)
    await setup_entry(hass, simulator_entry)
    await _start_print(hass, freezer, simulator)
    await pushing()
    bus_events.clear()
    simulator.set_scenario("cancelled")
    assert await pushing() == [3]
    for _ in range(4):
        await next_poll(hass, freezer, simulator=simulator, seconds=30)
    assert _types(bus_events) == ["cancelled"]
    if platform == "bambu":
        assert simulator.status()["JobStatus"]["State"] == "error"
    assert _state(hass, "prints_cancelled") == "1"


# --- Every print starts once --------------------------------------------------------------


async def test_notification_of_an_unseen_print_starts_it_first(
    hass: HomeAssistant,
    simulator: Simulator,
    simulator_entry: MockConfigEntry,
    bus_events: list[dict[str, Any]],
    webhook_post: Callable[..., Any],
) -> None:
    """Its start was never seen (a lost notification): `started` comes first, as missed."""
    await setup_entry(hass, simulator_entry)
    simulator.set_fault(http_status=502, paths=["status"])
    await webhook_post(
        webhook_body(
            simulator_entry, EventType=2, PrintId="p-unseen", FileName="a.gcode"
        )
    )
    assert [(e["event_type"], e["missed"]) for e in bus_events] == [
        ("started", True),
        ("complete", False),
    ]
    assert {event["print_id"] for event in bus_events} == {"p-unseen"}


async def test_plugin_restart_names_the_running_print(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    simulator_entry: MockConfigEntry,
    bus_events: list[dict[str, Any]],
) -> None:
    """A print id appearing mid-print (the plugin restarted) is not a new print."""
    simulator.configure(octoeverywhere_status_null=True)
    await setup_entry(hass, simulator_entry)
    simulator.set_scenario("printing", progress=10)
    await next_poll(hass, freezer, simulator=simulator, seconds=1)
    assert bus_events[0]["event_type"] == "started"
    assert "print_id" not in bus_events[0]
    simulator.configure(octoeverywhere_status_null=False)
    await next_poll(hass, freezer, simulator=simulator, seconds=1)
    simulator.set_scenario("complete")
    await next_poll(hass, freezer, simulator=simulator, seconds=1)
    ends = [
        e["event_type"]
        for e in bus_events
        if e["event_type"] in ("started", "complete")
    ]
    assert ends == ["started", "complete"]
    assert bus_events[-1]["print_id"] == sim_print_id(simulator)


@pytest.mark.usefixtures("print_id")
async def test_a_second_pause_soon_after_the_first(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    simulator_entry: MockConfigEntry,
    bus_events: list[dict[str, Any]],
) -> None:
    """A status that shows the printer paused again is news, however soon."""
    for _ in range(2):
        simulator.set_scenario("paused")
        await next_poll(hass, freezer, simulator=simulator, seconds=1)
        simulator.printer.resume()
        await next_poll(hass, freezer, simulator=simulator, seconds=10)
    assert _types(bus_events) == ["paused", "resumed", "paused", "resumed"]


@pytest.mark.parametrize(
    ("held", "expected"),
    [
        pytest.param(
            _complete,
            ["complete", "bed_cooldown_complete", "error"],
            id="completed meanwhile",
        ),
        pytest.param(_nothing, ["error"], id="still printing"),
        pytest.param(_fail, ["failed"], id="failed"),
    ],
)
async def test_error_notification_while_the_printer_cannot_be_asked(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    simulator_entry: MockConfigEntry,
    print_id: str,
    bus_events: list[dict[str, Any]],
    webhook_post: Callable[..., Any],
    held: Callable[[Simulator], None],
    expected: list[str],
) -> None:
    """An error of a print last seen running waits for the status to tell what it was."""
    entry = simulator_entry
    simulator.set_fault(http_status=502, count=1, paths=["status"])
    await webhook_post(
        webhook_body(entry, EventType=9, PrintId=print_id, Error="Nozzle clog")
    )
    assert bus_events == []
    held(simulator)
    await next_poll(hass, freezer, simulator=simulator, seconds=1)
    assert _types(bus_events) == expected
    assert bus_events[-1]["error"] == "Nozzle clog"


async def test_statistics_count_each_print_once(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    simulator_entry: MockConfigEntry,
    pushing: Callable[[], Any],
) -> None:
    """Completed, failed and cancelled prints, pushed and polled, across a restart."""
    entry = await setup_entry(hass, simulator_entry)
    durations = []
    filament = 0.0
    for end in ("complete", "cancelled", "error"):
        simulator.set_scenario("printing", progress=50)
        await next_poll(hass, freezer, simulator=simulator, seconds=1)
        await pushing()
        simulator.set_scenario(end)
        await pushing()
        await next_poll(hass, freezer, simulator=simulator, seconds=1)
        await pushing()  # nothing new: a second poll and a restart count nothing
        await _restart(hass, entry)
        current = simulator.status()["JobStatus"]["CurrentPrint"]
        durations.append(current["DurationSec"])
        share = 1.0 if end == "complete" else current["Progress"] / 100
        filament += current["EstTotalFilUsedMm"] * share
    assert [
        _state(hass, f"prints_{key}") for key in ("completed", "failed", "cancelled")
    ] == [
        "1",
        "1",
        "1",
    ]
    assert float(_state(hass, "total_print_time")) == pytest.approx(
        sum(durations) / 3600, abs=0.05
    )
    assert float(_state(hass, "total_filament_used")) == pytest.approx(
        filament / 1000, abs=0.05
    )
    state = hass.states.get("sensor.sim_printer_prints_completed")
    assert state.attributes["state_class"] == "total_increasing"


async def test_filament_total_appears_when_a_print_ends(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    simulator_entry: MockConfigEntry,
) -> None:
    """Set up idle, with no filament reported: the total comes with the first print's end.

    Without a reload: the end of a print asks for the statistics' sensors again.
    """
    simulator.set_scenario("idle")
    await setup_entry(hass, simulator_entry)
    assert hass.states.get("sensor.sim_printer_total_filament_used") is None
    simulator.set_scenario("printing", progress=50)
    await next_poll(hass, freezer, simulator=simulator, seconds=1)
    simulator.set_scenario("complete")
    await next_poll(hass, freezer, simulator=simulator, seconds=1)
    used = simulator.status()["JobStatus"]["CurrentPrint"]["EstTotalFilUsedMm"]
    assert float(_state(hass, "total_filament_used")) == pytest.approx(
        used / 1000, abs=0.01
    )


async def test_filament_total_only_where_reported(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    simulator_entry: MockConfigEntry,
) -> None:
    """Bambu Lab reports no filament: no total; the other statistics are there."""
    simulator.configure(platform="bambu")
    await setup_entry(hass, simulator_entry)
    simulator.set_scenario("printing", progress=50)
    simulator.set_scenario("complete")
    await next_poll(hass, freezer, simulator=simulator, seconds=1)
    assert _state(hass, "prints_completed") == "1"
    assert hass.states.get("sensor.sim_printer_total_filament_used") is None


def _life(sim: Simulator) -> list[PrinterStatus]:
    """A print's life on ``sim``: warm-up, Gadget, pause, resume, end, cancel, error."""
    statuses = []
    for step in (
        lambda: sim.set_scenario("printing"),
        lambda: sim.advance(200),
        lambda: sim.gadget(warn=True),
        lambda: sim.set_scenario("paused"),
        sim.printer.resume,
        lambda: sim.advance(500),
        lambda: sim.advance(900),
        lambda: sim.set_scenario("printing", progress=40),
        lambda: sim.set_scenario("cancelled"),
        lambda: sim.set_scenario("error"),
    ):
        step()
        statuses.append(PrinterStatus.from_dict(sim.status()))
    return statuses


def test_status_record_compares_like_the_status() -> None:
    """The ledger's record of a status gives the same events as the status itself."""
    statuses = [
        status
        for platform in PLATFORMS
        for status in _life(
            Simulator(platform, "idle", clock=ManualClock(), print_duration=600)
        )
    ]
    pairs = 0
    for previous, current in itertools.product(statuses, repeat=2):
        record = StatusRecord.from_dict(StatusRecord.from_status(previous).as_dict())
        assert [
            event.type for event in events_between(record.to_status(), current)
        ] == [event.type for event in events_between(previous, current)]
        pairs += 1
    assert pairs > 3000


async def test_failed_and_error_notifications_while_unreachable(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    simulator_entry: MockConfigEntry,
    bus_events: list[dict[str, Any]],
    pushing: Callable[[], Any],
) -> None:
    """Both notifications of a failure wait together: one `failed`, with the error."""
    await setup_entry(hass, simulator_entry)
    await _start_print(hass, freezer, simulator)
    await pushing()
    bus_events.clear()
    simulator.set_fault(http_status=502, paths=["status"])
    simulator.printer.fail("Nozzle clog")
    assert await pushing() == [3, 9]
    assert bus_events == []
    simulator.clear_faults()
    await next_poll(hass, freezer, simulator=simulator, seconds=1)
    assert [(e["event_type"], e["error"]) for e in bus_events] == [
        ("failed", "Nozzle clog")
    ]


async def test_failed_notification_ahead_of_the_printer(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    simulator_entry: MockConfigEntry,
    print_id: str,
    bus_events: list[dict[str, Any]],
    webhook_post: Callable[..., Any],
) -> None:
    """The printer still shows the print running: the notification waits, across a restart.

    Five minutes without the printer telling: it fires as notified, once.
    """
    entry = simulator_entry
    await webhook_post(webhook_body(entry, EventType=3, PrintId=print_id))
    await next_poll(hass, freezer, simulator=simulator, seconds=1)
    assert bus_events == []
    await _restart(hass, entry)
    assert bus_events == []
    freezer.tick(PENDING_END_SEC)
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert _types(bus_events) == ["failed"]
    simulator.set_scenario("cancelled")
    await next_poll(hass, freezer, simulator=simulator, seconds=1)
    assert _types(bus_events) == ["failed"]


async def test_pause_notified_while_unreachable_fires_once(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    simulator_entry: MockConfigEntry,
    bus_events: list[dict[str, Any]],
    pushing: Callable[[], Any],
) -> None:
    """Notified while the printer cannot be asked, then seen by the next status: once."""
    await setup_entry(hass, simulator_entry)
    await _start_print(hass, freezer, simulator)
    await pushing()
    bus_events.clear()
    simulator.set_fault(http_status=502, count=1, paths=["status"])
    simulator.set_scenario("paused")
    assert await pushing() == [4]
    assert _types(bus_events) == ["paused"]
    await next_poll(hass, freezer, simulator=simulator, seconds=1)
    assert _types(bus_events) == ["paused"]


async def test_late_notification_of_an_ended_print_without_a_print_id(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    simulator_entry: MockConfigEntry,
    bus_events: list[dict[str, Any]],
    webhook_post: Callable[..., Any],
) -> None:
    """A printer without OctoEverywhere's status: ends count; a late pause does not fire."""
    simulator.configure(octoeverywhere_status_null=True)
    entry = await setup_entry(hass, simulator_entry)
    simulator.set_scenario("printing", progress=95)
    await next_poll(hass, freezer, simulator=simulator, seconds=1)
    simulator.set_scenario("complete")
    await next_poll(hass, freezer, simulator=simulator, seconds=1)
    assert [e["event_type"] for e in bus_events if "print_id" not in e][
        -1
    ] == "complete"
    assert _state(hass, "prints_completed") == "1"
    assert _state(hass, "last_print_result") == "complete"
    # A print id the ledger knows ended: its late pause is stale.
    simulator.configure(octoeverywhere_status_null=False)
    simulator.set_scenario("printing", progress=50)
    await next_poll(hass, freezer, simulator=simulator, seconds=1)
    print_id = sim_print_id(simulator)
    simulator.set_scenario("complete")
    await next_poll(hass, freezer, simulator=simulator, seconds=1)
    bus_events.clear()
    await webhook_post(webhook_body(entry, EventType=4, PrintId=print_id))
    assert bus_events == []


def test_ledger_remembers_the_recent_prints(hass: HomeAssistant) -> None:
    """The oldest print is forgotten once MAX_PRINTS are remembered."""
    ledger = PrintLedger(hass, "entry")
    for number in range(MAX_PRINTS + 1):
        ledger.record(f"p{number}").fired.add("started")
    assert list(ledger.prints) == [f"p{number}" for number in range(1, MAX_PRINTS + 1)]
    assert ledger.record("p5").fired == {"started"}


async def test_ledger_summary_leaves_the_save_scheduled(hass: HomeAssistant) -> None:
    """Diagnostics read the record without cancelling the save it waits for."""
    ledger = PrintLedger(hass, "entry")
    assert ledger.summary()["save_scheduled"] is False
    ledger.async_changed()
    assert ledger.summary()["save_scheduled"] is True
    assert ledger.summary()["save_scheduled"] is True
    await ledger.async_save_now()
    assert ledger.summary()["save_scheduled"] is False


async def test_nothing_before_the_start(
    hass: HomeAssistant,
    simulator: Simulator,
    simulator_entry: MockConfigEntry,
    bus_events: list[dict[str, Any]],
) -> None:
    """Statuses that arrive before the platforms are set up wait for the comparison."""
    entry = await setup_entry(hass, simulator_entry)
    hub = entry.runtime_data.events
    hub._started = False
    simulator.set_scenario("printing")
    hub.async_on_status(PrinterStatus.from_dict(simulator.status()))
    assert bus_events == []
    hub.async_start(PrinterStatus.from_dict(simulator.status()))
    assert _types(bus_events) == ["started"]


async def test_repeat_window_keeps_the_recent_ones(
    hass: HomeAssistant,
    simulator_entry: MockConfigEntry,
    bus_events: list[dict[str, Any]],
    webhook_post: Callable[..., Any],
) -> None:
    """Errors of many prints: the ledger keeps the latest MAX_RECENT, each fires once."""
    entry = await setup_entry(hass, simulator_entry)
    for number in range(MAX_RECENT + 1):
        body = webhook_body(entry, EventType=9, PrintId=f"p{number}", Error="x")
        await webhook_post(body)
    await webhook_post(webhook_body(entry, EventType=9, PrintId="p64", Error="x"))
    assert len(bus_events) == MAX_RECENT + 1
    assert len(entry.runtime_data.events._ledger.recent) == MAX_RECENT


async def test_next_print_after_a_paused_one(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    simulator_entry: MockConfigEntry,
    bus_events: list[dict[str, Any]],
) -> None:
    """Paused, then (unseen) cancelled and another print: it starts, nothing resumes."""
    entry = await setup_entry(hass, simulator_entry)
    await _start_print(hass, freezer, simulator)
    simulator.set_scenario("paused")
    await next_poll(hass, freezer, simulator=simulator, seconds=1)
    bus_events.clear()

    def next_print() -> None:
        simulator.set_scenario("cancelled")
        simulator.set_scenario("printing", progress=5)

    await _restart(hass, entry, next_print)
    assert _types(bus_events) == [
        "started",
        "first_layer_complete",
        "third_layer_complete",
    ]
