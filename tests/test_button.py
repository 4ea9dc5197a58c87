"""Buttons: pause, resume, cancel and home, pressed against the simulator over real HTTP.

Each press must send exactly one POST to the command path, without a body, with the App
Connection's credentials, then refresh at once; failures raise translated errors.
"""

from typing import Any
from unittest.mock import AsyncMock, patch

from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    snapshot_platform,
)
from syrupy.assertion import SnapshotAssertion

from custom_components.octoeverywhere import button
from custom_components.octoeverywhere.api import PrinterStatus
from custom_components.octoeverywhere.const import CONF_AUTH_TYPE, DOMAIN
from homeassistant.components.button import DOMAIN as BUTTON_DOMAIN, SERVICE_PRESS
from homeassistant.config_entries import SOURCE_REAUTH
from homeassistant.const import (
    ATTR_ENTITY_ID,
    CONF_PASSWORD,
    CONF_TOKEN,
    CONF_URL,
    CONF_USERNAME,
    STATE_UNAVAILABLE,
    STATE_UNKNOWN,
    Platform,
)
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import entity_registry as er
from octoeverywhere_simulator import ManualClock, Simulator

from .conftest import load_json, next_poll, setup_entry

pytestmark = pytest.mark.freeze_time("2027-01-15 08:10:00+00:00")

TOKEN = "tok"
BEARER_HEADER = "Bearer tok"
USERNAME = "oe-user"
PASSWORD = "s3cret-pass"
# base64("oe-user:s3cret-pass"), spelled out so that an encoding mistake cannot hide.
BASIC_HEADER = "Basic b2UtdXNlcjpzM2NyZXQtcGFzcw=="

PAUSE = "button.sim_printer_pause"
RESUME = "button.sim_printer_resume"
CANCEL = "button.sim_printer_cancel"
HOME = "button.sim_printer_home_axes"
BUTTONS = (PAUSE, RESUME, CANCEL, HOME)
KEYS = {PAUSE: "pause", RESUME: "resume", CANCEL: "cancel", HOME: "home"}
STATE_SENSOR = "sensor.sim_printer_state"


@pytest.fixture
def simulator(request: pytest.FixtureRequest) -> Simulator:
    """A Klipper printer (all feature bits) that requires a Bearer token.

    Parametrize indirectly with a dict of ``Simulator`` arguments to change it.
    """
    options: dict[str, Any] = {
        "platform": "moonraker",
        "scenario": "printing",
        "progress": 50,
        "auth": ("bearer", TOKEN),
    } | getattr(request, "param", {})
    platform = options.pop("platform")
    scenario = options.pop("scenario")
    return Simulator(platform, scenario, clock=ManualClock(), **options)


@pytest.fixture
def auth_entry(simulator: Simulator, simulator_url: str) -> MockConfigEntry:
    """An App Connection entry with the credentials the simulator requires."""
    auth = simulator.settings.auth
    data: dict[str, Any] = {CONF_URL: simulator_url, CONF_AUTH_TYPE: auth.kind}
    if auth.kind == "bearer":
        data[CONF_TOKEN] = auth.token
    elif auth.kind == "basic":
        data |= {CONF_USERNAME: auth.username, CONF_PASSWORD: auth.password}
    return MockConfigEntry(
        domain=DOMAIN,
        title="Sim printer",
        entry_id="01KOCTOEVERYWHEREBUTTONTEST",
        unique_id="simulatedbutton1",
        data=data,
    )


async def _setup(hass: HomeAssistant, entry: MockConfigEntry, sim: Simulator) -> None:
    """Set up the entry, then forget the requests setup made."""
    await setup_entry(hass, entry)
    sim.requests.clear()


async def _press(hass: HomeAssistant, entity_id: str) -> None:
    await hass.services.async_call(
        BUTTON_DOMAIN, SERVICE_PRESS, {ATTR_ENTITY_ID: entity_id}, blocking=True
    )


def _requests(sim: Simulator) -> list[tuple[str, str, Any, str | None]]:
    """Method, path, JSON body and Authorization header of each recorded request."""
    return [
        (r.method, r.path, r.json, r.headers.get("Authorization")) for r in sim.requests
    ]


def _available(hass: HomeAssistant) -> dict[str, bool]:
    return {
        entity_id: hass.states.get(entity_id).state != STATE_UNAVAILABLE
        for entity_id in BUTTONS
        if hass.states.get(entity_id) is not None
    }


# --- Entities ------------------------------------------------------------------------------


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
@pytest.mark.parametrize(
    "simulator",
    [{"features": 63}, {"features": 0}],
    indirect=True,
    ids=["all_features", "no_features"],
)
async def test_entities(
    hass: HomeAssistant,
    snapshot: SnapshotAssertion,
    entity_registry: er.EntityRegistry,
    simulator: Simulator,
    auth_entry: MockConfigEntry,
) -> None:
    """Every button of a printing printer with all feature bits and with none."""
    with patch("custom_components.octoeverywhere.PLATFORMS", [Platform.BUTTON]):
        await setup_entry(hass, auth_entry)
    await snapshot_platform(hass, entity_registry, snapshot, auth_entry.entry_id)


@pytest.mark.parametrize(
    ("simulator", "expected"),
    [
        ({"features": 63}, {PAUSE, RESUME, CANCEL, HOME}),
        ({"features": 63 & ~4}, {PAUSE, RESUME, CANCEL}),
        ({"features": 4}, {PAUSE, RESUME, CANCEL, HOME}),
        ({"features": 0}, {PAUSE, RESUME, CANCEL}),
    ],
    indirect=["simulator"],
    ids=["63", "63-without-4", "4", "0"],
)
async def test_home_needs_feature_bit_4(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    simulator: Simulator,
    auth_entry: MockConfigEntry,
    expected: set[str],
) -> None:
    """Pause, resume and cancel always exist; home only with feature bit 4."""
    await setup_entry(hass, auth_entry)
    entities = {
        entity.entity_id
        for entity in er.async_entries_for_config_entry(
            entity_registry, auth_entry.entry_id
        )
        if entity.domain == BUTTON_DOMAIN
    }
    assert entities == expected
    for entity_id in expected:
        registered = entity_registry.async_get(entity_id)
        assert registered.unique_id == f"{auth_entry.entry_id}_{KEYS[entity_id]}"
        assert registered.translation_key == KEYS[entity_id]


def _status(state: str | None) -> PrinterStatus:
    payload = load_json("status_printing.json")["Result"]
    payload["JobStatus"]["State"] = state
    payload["Features"] = 63
    return PrinterStatus.from_dict(payload)


@pytest.mark.parametrize(
    ("state", "available"),
    [
        ("warmingup", {"pause", "cancel"}),
        ("printing", {"pause", "cancel"}),
        ("paused", {"resume", "cancel"}),
        ("resuming", {"cancel"}),
        ("idle", {"home"}),
        ("complete", {"home"}),
        ("cancelled", {"home"}),
        ("error", {"home"}),
        # A null state (PrusaLink while busy, Elegoo while homing at the start of a
        # warm-up) or one this integration does not know may hide a job: never offer
        # homing then, but keep cancelling possible.
        (None, {"cancel"}),
        ("calibrating", {"cancel"}),
    ],
)
async def test_availability_follows_state(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    mock_client: AsyncMock,
    state: str | None,
    available: set[str],
) -> None:
    """Each button is available only in the states that allow its command."""
    mock_client.get_status.return_value = _status(state)
    await setup_entry(hass, mock_config_entry)
    assert {
        key
        for entity_id, key in KEYS.items()
        if hass.states.get(entity_id.replace("sim_printer", "test_printer")).state
        != STATE_UNAVAILABLE
    } == available


@pytest.mark.parametrize(
    "simulator",
    [{"platform": "elegoo_cc2", "scenario": "printing", "progress": None}],
    indirect=True,
)
async def test_no_homing_while_state_unknown(
    hass: HomeAssistant, simulator: Simulator, auth_entry: MockConfigEntry
) -> None:
    """An Elegoo homes at the start of a warm-up and reports no state meanwhile."""
    await _setup(hass, auth_entry, simulator)
    assert simulator.status()["JobStatus"]["State"] is None
    assert simulator.printer.state == "warmingup"
    assert hass.states.get(HOME).state == STATE_UNAVAILABLE


async def test_unavailable_while_offline(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    auth_entry: MockConfigEntry,
) -> None:
    """While the printer is offline no button can be pressed; they return with it."""
    await _setup(hass, auth_entry, simulator)
    simulator.set_scenario("host_not_connected")
    await next_poll(hass, freezer)
    assert _available(hass) == dict.fromkeys(BUTTONS, False)
    simulator.set_scenario("online")
    await next_poll(hass, freezer)
    assert _available(hass) == {PAUSE: True, RESUME: False, CANCEL: True, HOME: False}


async def test_parallel_updates() -> None:
    """Commands to one printer go one at a time."""
    assert button.PARALLEL_UPDATES == 1


# --- Pressing ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("simulator", "entity_id", "command", "header", "state", "available"),
    [
        (
            {"scenario": "printing"},
            PAUSE,
            "pause",
            BEARER_HEADER,
            "paused",
            {PAUSE: False, RESUME: True, CANCEL: True, HOME: False},
        ),
        (
            {"scenario": "paused", "auth": ("basic", USERNAME, PASSWORD)},
            RESUME,
            "resume",
            BASIC_HEADER,
            # Moonraker reports its resuming printer as printing at once.
            "printing",
            {PAUSE: True, RESUME: False, CANCEL: True, HOME: False},
        ),
        (
            {"scenario": "printing"},
            CANCEL,
            "cancel",
            BEARER_HEADER,
            "cancelled",
            {PAUSE: False, RESUME: False, CANCEL: False, HOME: True},
        ),
        (
            {
                "scenario": "idle",
                "progress": None,
                "auth": ("basic", USERNAME, PASSWORD),
            },
            HOME,
            "home",
            BASIC_HEADER,
            "idle",
            {PAUSE: False, RESUME: False, CANCEL: False, HOME: True},
        ),
    ],
    indirect=["simulator"],
    ids=["pause", "resume", "cancel", "home"],
)
async def test_press(
    hass: HomeAssistant,
    simulator: Simulator,
    auth_entry: MockConfigEntry,
    entity_id: str,
    command: str,
    header: str,
    state: str,
    available: dict[str, bool],
) -> None:
    """A press sends one body-less POST with the credentials, then refreshes at once."""
    await _setup(hass, auth_entry, simulator)
    assert hass.states.get(entity_id).state == STATE_UNKNOWN

    await _press(hass, entity_id)

    assert _requests(simulator) == [
        ("POST", command, None, header),
        ("GET", "status", None, header),
    ]
    assert simulator.requests[0].body == b""
    assert hass.states.get(STATE_SENSOR).state == state
    assert _available(hass) == available
    if available[entity_id]:
        # The button records when it was pressed.
        assert hass.states.get(entity_id).state == "2027-01-15T08:10:00+00:00"


async def test_every_command_refreshes_at_once(
    hass: HomeAssistant, simulator: Simulator, auth_entry: MockConfigEntry
) -> None:
    """Pause, then resume a few seconds later: each is followed by a refresh at once."""
    await _setup(hass, auth_entry, simulator)
    await _press(hass, PAUSE)
    await _press(hass, RESUME)
    assert [r.path for r in simulator.requests] == [
        "pause",
        "status",
        "resume",
        "status",
    ]
    assert hass.states.get(STATE_SENSOR).state == "printing"


@pytest.mark.parametrize("simulator", [{"scenario": "idle"}], indirect=True)
async def test_home_moves_the_printer(
    hass: HomeAssistant, simulator: Simulator, auth_entry: MockConfigEntry
) -> None:
    """Home reaches the printer: every axis goes to 0."""
    simulator.printer.move("Z", 12.5)
    await _setup(hass, auth_entry, simulator)
    await _press(hass, HOME)
    assert simulator.printer.homed
    assert simulator.printer.position == {"X": 0.0, "Y": 0.0, "Z": 0.0}


async def test_unavailable_button_sends_nothing(
    hass: HomeAssistant, simulator: Simulator, auth_entry: MockConfigEntry
) -> None:
    """Resume is unavailable while printing: pressing it does not reach the printer."""
    await _setup(hass, auth_entry, simulator)
    assert hass.states.get(RESUME).state == STATE_UNAVAILABLE
    await _press(hass, RESUME)
    assert simulator.requests == []
    assert simulator.printer.state == "printing"


# --- Failures ------------------------------------------------------------------------------


def _behind_the_back(sim: Simulator, change: str) -> None:
    """Change the printer after Home Assistant's last poll (the state it shows is stale)."""
    match change:
        case "paused":
            sim.set_scenario("paused")
        case "printing":
            sim.set_scenario("printing", progress=50)
        case "complete":
            sim.set_scenario("complete")
        case "no_home":
            sim.configure(features=63 & ~4)


@pytest.mark.parametrize(
    ("simulator", "entity_id", "change", "key", "message"),
    [
        (
            {"scenario": "printing"},
            PAUSE,
            "paused",
            "invalid_state",
            "The printer is not in a state that allows this",
        ),
        (
            {"scenario": "paused"},
            RESUME,
            "printing",
            "invalid_state",
            "The printer is not in a state that allows this",
        ),
        (
            {"scenario": "printing"},
            CANCEL,
            "complete",
            "invalid_state",
            "The printer is not in a state that allows this",
        ),
        (
            {"scenario": "idle", "progress": None},
            HOME,
            "no_home",
            "not_supported",
            "This is not supported on this printer",
        ),
    ],
    indirect=["simulator"],
    ids=["pause-786", "resume-786", "cancel-786", "home-788"],
)
async def test_press_refused_by_printer(
    hass: HomeAssistant,
    simulator: Simulator,
    auth_entry: MockConfigEntry,
    entity_id: str,
    change: str,
    key: str,
    message: str,
) -> None:
    """The printer's own refusal (786 wrong state, 788 unsupported) is translated."""
    await _setup(hass, auth_entry, simulator)
    _behind_the_back(simulator, change)

    with pytest.raises(HomeAssistantError) as excinfo:
        await _press(hass, entity_id)

    assert not isinstance(excinfo.value, ServiceValidationError)
    assert excinfo.value.translation_key == key
    assert str(excinfo.value) == message
    # One command, no refresh after a failure.
    assert [(r.path, r.response_status) for r in simulator.requests] == [
        (KEYS[entity_id], 200)
    ]
    assert simulator.requests[0].method == "POST"


@pytest.mark.parametrize(
    ("simulator", "entity_id"),
    [
        ({"scenario": "printing"}, PAUSE),
        ({"scenario": "paused"}, RESUME),
        ({"scenario": "printing"}, CANCEL),
        ({"scenario": "idle", "progress": None}, HOME),
    ],
    indirect=["simulator"],
    ids=["pause", "resume", "cancel", "home"],
)
@pytest.mark.parametrize(
    ("fault", "key", "message"),
    [
        (
            {"plugin_status": 785},
            "printer_offline",
            "The printer is offline",
        ),
        (
            {"plugin_status": 752, "message": "Exception: klippy shutdown"},
            "command_failed",
            "The printer refused the command: Exception: klippy shutdown",
        ),
        (
            {"http_status": 602},
            "service_error",
            "OctoEverywhere could not reach the printer (service error 602)",
        ),
    ],
    ids=["785", "752", "602"],
)
async def test_press_failure(
    hass: HomeAssistant,
    simulator: Simulator,
    auth_entry: MockConfigEntry,
    entity_id: str,
    fault: dict[str, Any],
    key: str,
    message: str,
) -> None:
    """Every button translates the failures the printer and the service report."""
    await _setup(hass, auth_entry, simulator)
    command = KEYS[entity_id]
    simulator.set_fault(**fault, paths=[command])
    with pytest.raises(HomeAssistantError) as excinfo:
        await _press(hass, entity_id)
    assert excinfo.value.translation_key == key
    assert str(excinfo.value) == message
    assert [r.path for r in simulator.requests] == [command]


async def test_press_with_refused_credentials_starts_reauth(
    hass: HomeAssistant, simulator: Simulator, auth_entry: MockConfigEntry
) -> None:
    """606 on a command: translated error, and a reauthentication flow starts."""
    await _setup(hass, auth_entry, simulator)
    simulator.set_fault(http_status=606, paths=["pause"])
    with pytest.raises(HomeAssistantError) as excinfo:
        await _press(hass, PAUSE)
    assert excinfo.value.translation_key == "invalid_auth"
    assert (
        str(excinfo.value)
        == "OctoEverywhere refused the credentials (606). Reauthenticate the printer"
    )
    await hass.async_block_till_done()
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]
    assert flows[0]["context"]["entry_id"] == auth_entry.entry_id
