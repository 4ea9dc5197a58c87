"""App Connection extras with an ``AppToken``: the options flow, naming, repairs, Gadget status.

The simulator serves the App APIs on its own origin (a local connection uses its origin for
them), so every request here is real HTTP and recorded by the simulator.
"""

import asyncio
from datetime import timedelta
from typing import Any
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.octoeverywhere.api import GadgetState, GadgetStatus
from custom_components.octoeverywhere.api.app import GADGET_PATH, INFO_PATH
from custom_components.octoeverywhere.compat import async_get_device
from custom_components.octoeverywhere.const import CONF_APP_TOKEN, DOMAIN
from custom_components.octoeverywhere.coordinator import GADGET_INTERVAL, INFO_INTERVAL
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import STATE_UNKNOWN
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import (
    device_registry as dr,
    entity_registry as er,
    issue_registry as ir,
)
from octoeverywhere_simulator import Fault, ManualClock, Simulator

from .conftest import setup_entry

APP_TOKEN = "sim-app-token"


@pytest.fixture
def simulator() -> Simulator:
    """A Klipper printer half-way through a print, on a clock only the tests move."""
    return Simulator("moonraker", "printing", clock=ManualClock(), progress=50)


@pytest.fixture
def with_token(simulator_entry: MockConfigEntry) -> MockConfigEntry:
    """The simulator's entry with the AppToken in its options."""
    return MockConfigEntry(
        domain=DOMAIN,
        title=simulator_entry.title,
        entry_id=simulator_entry.entry_id,
        unique_id=simulator_entry.unique_id,
        data=dict(simulator_entry.data),
        options={CONF_APP_TOKEN: APP_TOKEN},
    )


def _app_requests(simulator: Simulator, path: str | None = None) -> list[Any]:
    return [
        request
        for request in simulator.requests
        if request.path.startswith("/api/") and (path is None or request.path == path)
    ]


async def _tick(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    seconds: float,
) -> None:
    """Let ``seconds`` pass, for Home Assistant and the printer alike."""
    simulator.advance(seconds)
    freezer.tick(timedelta(seconds=seconds))
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)


def _device(hass: HomeAssistant, entry: MockConfigEntry) -> dr.DeviceEntry:
    device = async_get_device(
        dr.async_get(hass), (DOMAIN, entry.entry_id), entry.entry_id
    )
    assert device is not None
    return device


def _entity_id(hass: HomeAssistant, entry: MockConfigEntry, key: str) -> str:
    """An entity's id, found by its unique id (the device's name goes into entity ids)."""
    platform = "sensor"
    entity_id = er.async_get(hass).async_get_entity_id(
        platform, DOMAIN, f"{entry.entry_id}_{key}"
    )
    assert entity_id is not None, key
    return entity_id


def _state(hass: HomeAssistant, entry: MockConfigEntry, key: str) -> Any:
    state = hass.states.get(_entity_id(hass, entry, key))
    assert state is not None, key
    return state


def _issue(hass: HomeAssistant, name: str, entry: MockConfigEntry) -> Any:
    return ir.async_get(hass).async_get_issue(DOMAIN, f"{name}_{entry.entry_id}")


# --- The options flow --------------------------------------------------------------------------


async def _options(
    hass: HomeAssistant, entry: MockConfigEntry, token: str
) -> dict[str, Any]:
    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert result["type"] is FlowResultType.MENU
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "app_token"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "app_token"
    return dict(
        await hass.config_entries.options.async_configure(
            result["flow_id"], {CONF_APP_TOKEN: token}
        )
    )


async def test_options_flow_accepts_a_valid_token(
    hass: HomeAssistant,
    simulator: Simulator,
    simulator_entry: MockConfigEntry,
) -> None:
    """A token the App API accepts is stored; the reload adds Gadget, under the same name."""
    entry = await setup_entry(hass, simulator_entry)
    assert _device(hass, entry).name == "Sim printer"
    assert _app_requests(simulator) == []

    result = await _options(hass, entry, f"  {APP_TOKEN} ")
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options == {CONF_APP_TOKEN: APP_TOKEN}
    await hass.async_block_till_done(wait_background_tasks=True)
    assert entry.state is ConfigEntryState.LOADED
    # The check, then the reloaded entry's info and Gadget status, with the token.
    requests = _app_requests(simulator)
    assert [request.path for request in requests] == [INFO_PATH, INFO_PATH, GADGET_PATH]
    assert all(request.headers["AppToken"] == APP_TOKEN for request in requests)
    # One name: OctoEverywhere's ("Simulated Printer") renames nothing, so the new entity's
    # id is in line with the others.
    assert _device(hass, entry).name == "Sim printer"
    assert entry.title == "Sim printer"
    assert (
        _entity_id(hass, entry, "gadget_status") == "sensor.sim_printer_gadget_status"
    )
    assert entry.runtime_data.app_info is not None
    assert _state(hass, entry, "gadget_status").state == "active"


@pytest.mark.parametrize(
    ("fault", "error"),
    [
        (None, "invalid_app_token"),  # the simulator answers 606 to a wrong token
        (Fault(http_status=401, paths=("/api/",)), "invalid_app_token"),
        (Fault(http_status=603, paths=("/api/",)), "connection_revoked"),
        (Fault(http_status=604, paths=("/api/",)), "connection_revoked"),
        (Fault(http_status=605, paths=("/api/",)), "supporter_required"),
        (Fault(http_status=600, paths=("/api/",)), "cannot_connect"),
        (Fault(http_status=502, body="html", paths=("/api/",)), "cannot_connect"),
        (Fault(malformed="text", paths=("/api/",)), "cannot_connect"),
        (Fault(drop=True, paths=("/api/",)), "cannot_connect"),
    ],
    ids=["wrong", "401", "603", "604", "605", "600", "502-html", "not-json", "drop"],
)
async def test_options_flow_refuses(
    hass: HomeAssistant,
    simulator: Simulator,
    simulator_entry: MockConfigEntry,
    fault: Fault | None,
    error: str,
) -> None:
    """A token the App API refuses, or an App API that fails, keeps the form open."""
    entry = await setup_entry(hass, simulator_entry)
    simulator.set_fault(fault)
    token = "wrong-token" if fault is None else APP_TOKEN
    result = await _options(hass, entry, token)
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {CONF_APP_TOKEN: error}
    assert entry.options == {}
    paths = [request.path for request in _app_requests(simulator)]
    # aiohttp itself sends a GET once more on a dropped connection.
    assert paths in (
        [INFO_PATH],
        [INFO_PATH, INFO_PATH] if fault and fault.drop else [],
    )
    # No issue from a token being tried.
    assert not [
        issue_id for domain, issue_id in ir.async_get(hass).issues if domain == DOMAIN
    ]


async def test_options_flow_unexpected_error(
    hass: HomeAssistant, simulator_entry: MockConfigEntry
) -> None:
    """A bug while checking shows "unknown" rather than crashing the flow."""
    entry = await setup_entry(hass, simulator_entry)
    with patch(
        "custom_components.octoeverywhere.api.app.AppApiClient.get_info",
        side_effect=RuntimeError("boom"),
    ):
        result = await _options(hass, entry, APP_TOKEN)
    assert result["errors"] == {CONF_APP_TOKEN: "unknown"}


async def test_options_flow_keeps_or_removes_the_token(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    with_token: MockConfigEntry,
) -> None:
    """The same token is not checked again; an empty one removes the extras."""
    entry = await setup_entry(hass, with_token)
    before = len(_app_requests(simulator, INFO_PATH))
    result = await _options(hass, entry, APP_TOKEN)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done(wait_background_tasks=True)
    # Unchanged: not checked again, and nothing to reload.
    assert len(_app_requests(simulator, INFO_PATH)) == before
    assert entry.runtime_data.app_info is not None

    gadget = _entity_id(hass, entry, "gadget_status")
    result = await _options(hass, entry, "")
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options == {}
    await hass.async_block_till_done(wait_background_tasks=True)
    assert entry.runtime_data.app_info is None
    assert entry.runtime_data.gadget is None
    # Its Gadget sensor goes with the token, not left behind as unavailable.
    assert er.async_get(hass).async_get(gadget) is None
    assert hass.states.get(gadget) is None
    requests = len(_app_requests(simulator))
    for _ in range(6):
        await _tick(hass, freezer, simulator, 10)
    await _tick(hass, freezer, simulator, INFO_INTERVAL.total_seconds())
    assert len(_app_requests(simulator)) == requests


# --- Naming and repairs ------------------------------------------------------------------------


async def test_one_name_with_an_app_token(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
    simulator: Simulator,
    with_token: MockConfigEntry,
) -> None:
    """The printer keeps the name it was given: entry, device, entity ids, reauth, logs.

    OctoEverywhere's name for the printer (and a rename there) changes none of them.
    """
    entry = await setup_entry(hass, with_token)
    simulator.configure(printer_name="Workshop MK4")
    await _tick(hass, freezer, simulator, INFO_INTERVAL.total_seconds())
    assert (entry.title, _device(hass, entry).name) == ("Sim printer", "Sim printer")
    ids = {
        registered.entity_id
        for registered in er.async_entries_for_config_entry(
            er.async_get(hass), entry.entry_id
        )
    }
    assert {
        entity_id.split(".")[1].startswith("sim_printer_") for entity_id in ids
    } == {True}
    assert "sensor.sim_printer_gadget_status" in ids

    simulator.set_scenario("offline")
    await _tick(hass, freezer, simulator, 30)
    assert "Sim printer is offline" in caplog.text
    assert "Workshop MK4" not in caplog.text
    entry.async_start_reauth(hass)
    await hass.async_block_till_done()
    (flow,) = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert flow["context"]["title_placeholders"] == {"name": "Sim printer"}


async def test_device_renamed_by_an_earlier_version_gets_its_name_back(
    hass: HomeAssistant, with_token: MockConfigEntry
) -> None:
    """A device an earlier version named after OctoEverywhere takes the entry's name again.

    A name the user gave the device in Home Assistant stays.
    """
    with_token.add_to_hass(hass)
    registry = dr.async_get(hass)
    registry.async_get_or_create(
        config_entry_id=with_token.entry_id,
        identifiers={(DOMAIN, with_token.entry_id)},
        name="Simulated Printer",
    )
    await hass.config_entries.async_setup(with_token.entry_id)
    await hass.async_block_till_done()
    assert _device(hass, with_token).name == "Sim printer"

    registry.async_update_device(
        _device(hass, with_token).id, name_by_user="Garage Voron"
    )
    await hass.config_entries.async_reload(with_token.entry_id)
    await hass.async_block_till_done()
    device = _device(hass, with_token)
    assert (device.name, device.name_by_user) == ("Sim printer", "Garage Voron")


@pytest.mark.parametrize(
    ("code", "issue"),
    [
        (603, "connection_revoked"),
        (604, "connection_revoked"),
        (605, "supporter_required"),
    ],
)
async def test_info_api_issues_while_offline(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    with_token: MockConfigEntry,
    code: int,
    issue: str,
) -> None:
    """With the relay quiet (601), the info API still tells; its answer clears the issue."""
    entry = await setup_entry(hass, with_token)
    simulator.set_scenario("offline")
    await _tick(hass, freezer, simulator, 30)
    assert _state(hass, entry, "state").state == "offline"
    assert _issue(hass, issue, entry) is None

    simulator.set_fault(http_status=code, paths=["/api/"])
    await _tick(hass, freezer, simulator, INFO_INTERVAL.total_seconds())
    raised = _issue(hass, issue, entry)
    assert raised is not None
    assert raised.is_fixable is (issue == "connection_revoked")
    assert entry.state is ConfigEntryState.LOADED
    assert _state(hass, entry, "state").state == "offline"
    # Offline polls keep it.
    await _tick(hass, freezer, simulator, 30)
    assert _issue(hass, issue, entry) is not None

    simulator.clear_faults()
    await _tick(hass, freezer, simulator, INFO_INTERVAL.total_seconds())
    assert _issue(hass, issue, entry) is None
    assert _state(hass, entry, "state").state == "offline"


async def test_info_api_failure_does_not_stop_the_printer(
    hass: HomeAssistant,
    simulator: Simulator,
    with_token: MockConfigEntry,
) -> None:
    """The App APIs failing at start-up: the printer is set up all the same."""
    simulator.set_fault(http_status=500, paths=["/api/"])
    entry = await setup_entry(hass, with_token)
    assert entry.state is ConfigEntryState.LOADED
    assert _state(hass, entry, "state").state == "printing"
    assert _device(hass, entry).name == "Sim printer"
    assert entry.runtime_data.app_info is not None
    assert not entry.runtime_data.app_info.last_update_success


# --- Gadget status -----------------------------------------------------------------------------


def _gadget_asks(simulator: Simulator) -> int:
    return len(_app_requests(simulator, GADGET_PATH))


async def _setup_gadget(hass: HomeAssistant, entry: MockConfigEntry) -> MockConfigEntry:
    """Set up the entry with its AppToken; its first Gadget ask answered."""
    entry = await setup_entry(hass, entry)
    await hass.async_block_till_done(wait_background_tasks=True)
    return entry


def _gaps(simulator: Simulator) -> list[float]:
    times = [request.time for request in _app_requests(simulator, GADGET_PATH)]
    return [later - earlier for earlier, later in zip(times, times[1:], strict=False)]


async def test_gadget_asked_when_it_moves_only_while_a_job_is_active(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    with_token: MockConfigEntry,
) -> None:
    """Printing: Gadget is asked on the polls whose status shows it moved; idle: never.

    Gadget scores every 40 s here: over two minutes of polls every 10 s it is asked about
    once per score (and never twice within 10 s, the reference's limit), not on every poll.
    """
    entry = await _setup_gadget(hass, with_token)
    assert _gadget_asks(simulator) == 1
    coordinator = entry.runtime_data.coordinator
    moved = 0
    for _ in range(12):  # two minutes, a poll every 10 s
        before = coordinator.data.status
        asked = _gadget_asks(simulator)
        await _tick(hass, freezer, simulator, 10)
        after = coordinator.data.status
        assert before is not None
        assert after is not None
        if after.octoeverywhere.gadget != before.octoeverywhere.gadget:
            moved += 1
            # The poll that shows Gadget moved asks it.
            assert _gadget_asks(simulator) == asked + 1
    assert moved >= 2
    assert 1 + moved <= _gadget_asks(simulator) <= 1 + 12 // 2
    assert min(_gaps(simulator)) >= 10

    # Gadget does not score (a long interval): asked every minute, not on every poll.
    simulator.configure(gadget_interval=3600)
    await _tick(hass, freezer, simulator, 10)
    asked = _gadget_asks(simulator)
    for _ in range(12):
        await _tick(hass, freezer, simulator, 10)
    assert _gadget_asks(simulator) == asked + 2
    assert max(_gaps(simulator)[-2:]) <= GADGET_INTERVAL.total_seconds() + 10
    assert _state(hass, entry, "gadget_status").state == "active"

    simulator.set_scenario("complete")
    await _tick(hass, freezer, simulator, 10)
    assert _state(hass, entry, "state").state == "complete"
    assert _state(hass, entry, "gadget_status").state == STATE_UNKNOWN
    count = _gadget_asks(simulator)
    for _ in range(24):
        await _tick(hass, freezer, simulator, 5)
    simulator.set_scenario("idle")
    for _ in range(12):
        await _tick(hass, freezer, simulator, 10)
    assert _gadget_asks(simulator) == count
    assert _state(hass, entry, "gadget_status").state == STATE_UNKNOWN
    assert _state(hass, entry, "gadget_status").attributes["status"] is None

    # The next print: polled again.
    simulator.set_scenario("printing", progress=10)
    await _tick(hass, freezer, simulator, 30)
    assert _gadget_asks(simulator) == count + 1
    assert _state(hass, entry, "gadget_status").state == "active"


async def test_gadget_never_asked_twice_within_10_s(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    with_token: MockConfigEntry,
) -> None:
    """A move right after Gadget was asked is asked on the next poll (the reference's limit)."""
    entry = await _setup_gadget(hass, with_token)
    asked = _gadget_asks(simulator)
    simulator.printer.last_score = 3.3
    await entry.runtime_data.coordinator.async_refresh()
    await hass.async_block_till_done(wait_background_tasks=True)
    assert _gadget_asks(simulator) == asked
    await _tick(hass, freezer, simulator, 10)
    assert _gadget_asks(simulator) == asked + 1


@pytest.mark.parametrize("fails", [False, True], ids=["answers", "fails"])
async def test_gadget_request_in_flight_when_the_job_ends(
    hass: HomeAssistant,
    simulator: Simulator,
    with_token: MockConfigEntry,
    fails: bool,
) -> None:
    """A Gadget answer (or failure) arriving after the job ended shows nothing: unknown."""
    entry = await _setup_gadget(hass, with_token)
    gadget = entry.runtime_data.gadget
    assert gadget is not None
    assert _state(hass, entry, "gadget_status").state == "active"
    if fails:
        simulator.set_fault(http_status=500, paths=[GADGET_PATH])
    simulator.set_scenario("complete")  # Gadget now answers "idle"
    requests = _gadget_asks(simulator)
    task = hass.async_create_task(gadget.async_refresh())
    await asyncio.sleep(0)  # the request is on its way
    gadget.async_follow_status(None)  # the printer's poll saw the job end
    await task
    await hass.async_block_till_done()
    assert _gadget_asks(simulator) == requests + 1
    state = _state(hass, entry, "gadget_status")
    assert state.state == STATE_UNKNOWN
    assert state.attributes["status"] is None


async def test_gadget_states_colours_and_rating(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    with_token: MockConfigEntry,
) -> None:
    """Each Gadget state the API reports, with its status text, colour and rating."""
    entry = await _setup_gadget(hass, with_token)

    def shown() -> tuple[str, dict[str, Any]]:
        state = _state(hass, entry, "gadget_status")
        return state.state, {
            key: state.attributes[key] for key in ("status", "status_color", "rating")
        }

    simulator.printer.last_score = 1.2
    await _tick(hass, freezer, simulator, 10)
    assert shown() == (
        "active",
        {"status": "Watching", "status_color": "green", "rating": 9},
    )
    assert _state(hass, entry, "gadget_status").attributes["options"] == [
        state.value for state in GadgetState
    ]

    simulator.printer.last_score = 4.6
    await _tick(hass, freezer, simulator, 10)
    assert shown() == (
        "active",
        {"status": "Possible failure", "status_color": "yellow", "rating": 5},
    )

    simulator.gadget(suppressed=True)
    await _tick(hass, freezer, simulator, 10)
    assert shown()[0] == "disabled_for_print"
    assert shown()[1]["status_color"] == "white"

    simulator.gadget(suppressed=False, pause=True)
    await _tick(hass, freezer, simulator, 10)
    state, attributes = shown()
    assert state == "paused"
    assert attributes["status"] == "Paused due to a possible failure"
    assert attributes["status_color"] == "red"

    # Not in the status: seen when Gadget is asked anyway, within a minute.
    simulator.gadget(disabled=True)
    await _tick(hass, freezer, simulator, 10)
    assert shown()[0] == "paused"
    await _tick(hass, freezer, simulator, GADGET_INTERVAL.total_seconds())
    assert shown()[0] == "disabled"


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        (
            {"State": 3, "Status": "Watching", "StatusColor": "g", "Rating": 9},
            GadgetStatus(
                state=GadgetState.ACTIVE,
                status="Watching",
                status_color="green",
                rating=9,
            ),
        ),
        (
            {"State": 4, "StatusColor": "R", "Rating": 1},
            GadgetStatus(state=GadgetState.PAUSED, status_color="red", rating=1),
        ),
        (
            {"State": 0, "StatusColor": "w"},
            GadgetStatus(state=GadgetState.DISABLED, status_color="white"),
        ),
        ({"State": 1}, GadgetStatus(state=GadgetState.DISABLED_FOR_PRINT)),
        (
            {"State": 2, "StatusColor": "y"},
            GadgetStatus(state=GadgetState.IDLE, status_color="yellow"),
        ),
        ({"State": 7, "StatusColor": "x", "Rating": 11}, GadgetStatus()),
        ({"State": "3", "Rating": 0, "Status": ""}, GadgetStatus()),
        (
            {"State": 2.0, "Rating": 10.0},
            GadgetStatus(state=GadgetState.IDLE, rating=10),
        ),
        ({}, GadgetStatus()),
    ],
)
def test_gadget_status_mapping(payload: dict[str, Any], expected: GadgetStatus) -> None:
    """States 0-4, colours g/y/r/w, ratings 1-10; anything else reads as unknown."""
    assert GadgetStatus.from_dict(payload) == expected


# --- Without a token ---------------------------------------------------------------------------


async def test_without_token_nothing_is_created_or_asked(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    simulator_entry: MockConfigEntry,
) -> None:
    """No AppToken: no Gadget sensor, no App coordinators, no App API request ever."""
    entry = await setup_entry(hass, simulator_entry)
    for _ in range(12):
        await _tick(hass, freezer, simulator, 10)
    await _tick(hass, freezer, simulator, INFO_INTERVAL.total_seconds())
    assert entry.runtime_data.app_info is None
    assert entry.runtime_data.gadget is None
    registry = er.async_get(hass)
    assert not [
        entity
        for entity in er.async_entries_for_config_entry(registry, entry.entry_id)
        if entity.unique_id.endswith("_gadget_status")
    ]
    assert _app_requests(simulator) == []
    assert _device(hass, entry).name == "Sim printer"
    assert len([r for r in simulator.requests if r.path == "status"]) > 10
