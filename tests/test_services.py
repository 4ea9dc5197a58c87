"""Actions: move_axis, extrude, set_temperature, start_print and pause, against the simulator.

Every caller mistake is refused with a translated ServiceValidationError before any request
reaches the printer; every failure the printer or OctoEverywhere reports is a translated
HomeAssistantError; every success sends exactly one POST and refreshes at once.
"""

from pathlib import Path
from typing import Any
from unittest.mock import AsyncMock

from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
import voluptuous as vol
import yaml

from custom_components.octoeverywhere import services
from custom_components.octoeverywhere.api import (
    CommandError,
    OctoEverywhereError,
    PluginError,
    PrinterStatus,
)
from custom_components.octoeverywhere.const import CONF_AUTH_TYPE, DOMAIN
from custom_components.octoeverywhere.errors import command_error
from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntryState
from homeassistant.const import CONF_TOKEN, CONF_URL
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.setup import async_setup_component
from octoeverywhere_simulator import ManualClock, Simulator

from .conftest import load_json, next_poll, setup_entry

pytestmark = pytest.mark.freeze_time("2027-01-15 08:10:00+00:00")

INTEGRATION = Path(__file__).parents[1] / "custom_components" / DOMAIN
TOKEN = "s3cret-token"
HEADER = "Bearer s3cret-token"
ENTRY_ID = "01KOCTOEVERYWHERESERVICES01"
TITLE = "Sim printer"

MOVE_AXIS = "move_axis"
EXTRUDE = "extrude"
SET_TEMPERATURE = "set_temperature"
START_PRINT = "start_print"
PAUSE = "pause"
ACTIONS = (MOVE_AXIS, EXTRUDE, SET_TEMPERATURE, START_PRINT, PAUSE)
# A valid call of each action (on a printing Klipper printer, except start_print).
VALID = {
    MOVE_AXIS: {"axis": "Z", "distance": 10},
    EXTRUDE: {"distance": 5},
    SET_TEMPERATURE: {"bed": 60},
    START_PRINT: {"path": "gcode/benchy.gcode"},
    PAUSE: {},
}
# The feature bit each action needs, and its name in the error message.
BITS = {
    MOVE_AXIS: (2, "move_axis"),
    EXTRUDE: (8, "extrude"),
    SET_TEMPERATURE: (16, "set_temp"),
    START_PRINT: (32, "start_print"),
}
COMMANDS = {
    MOVE_AXIS: "move-axis",
    EXTRUDE: "extrude",
    SET_TEMPERATURE: "set-temp",
    START_PRINT: "start",
    PAUSE: "pause",
}


@pytest.fixture
def simulator(request: pytest.FixtureRequest) -> Simulator:
    """A Klipper printer (all feature bits) half-way through a print, behind a Bearer token.

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
def auth_entry(simulator_url: str) -> MockConfigEntry:
    """An App Connection entry with the simulator's Bearer token."""
    return MockConfigEntry(
        domain=DOMAIN,
        title=TITLE,
        entry_id=ENTRY_ID,
        unique_id="simulatedservice",
        data={CONF_URL: simulator_url, CONF_AUTH_TYPE: "bearer", CONF_TOKEN: TOKEN},
    )


@pytest.fixture
async def loaded(
    hass: HomeAssistant, simulator: Simulator, auth_entry: MockConfigEntry
) -> MockConfigEntry:
    """The entry, set up; the requests of the setup are forgotten."""
    await setup_entry(hass, auth_entry)
    assert auth_entry.state is ConfigEntryState.LOADED
    simulator.requests.clear()
    return auth_entry


async def _call(
    hass: HomeAssistant,
    action: str,
    data: dict[str, Any],
    *,
    entry_id: str = ENTRY_ID,
    return_response: bool = False,
) -> Any:
    return await hass.services.async_call(
        DOMAIN,
        action,
        {"config_entry_id": entry_id, **data},
        blocking=True,
        return_response=return_response,
    )


def _typed(value: Any) -> Any:
    """A JSON value with the type of every number (60 and 60.0 compare equal otherwise)."""
    if isinstance(value, dict):
        return {key: _typed(item) for key, item in value.items()}
    return (type(value).__name__, value)


def _requests(sim: Simulator) -> list[tuple[str, str, Any, str | None]]:
    """Method, path, typed JSON body and Authorization header of each request."""
    return [
        (
            r.method,
            r.path,
            None if r.json is None else _typed(r.json),
            r.headers.get("Authorization"),
        )
        for r in sim.requests
    ]


def _reauth_flows(hass: HomeAssistant) -> list[dict[str, Any]]:
    return [
        flow
        for flow in hass.config_entries.flow.async_progress_by_handler(DOMAIN)
        if flow["context"]["source"] == SOURCE_REAUTH
    ]


# --- Registration and documentation --------------------------------------------------------


async def test_actions_registered_without_entries(hass: HomeAssistant) -> None:
    """The actions exist once the integration is set up, before any printer is."""
    assert await async_setup_component(hass, DOMAIN, {})
    for action in ACTIONS:
        assert hass.services.has_service(DOMAIN, action)
    assert hass.services.supports_response(DOMAIN, START_PRINT) == "optional"
    assert hass.services.supports_response(DOMAIN, MOVE_AXIS) == "none"


def test_services_yaml_matches_strings_and_limits() -> None:
    """services.yaml documents every action and field, with the limits the code checks."""
    documented = yaml.safe_load((INTEGRATION / "services.yaml").read_text())
    strings = yaml.safe_load((INTEGRATION / "strings.json").read_text())
    assert set(documented) == set(ACTIONS)
    schemas = {
        MOVE_AXIS: services.MOVE_AXIS_SCHEMA,
        EXTRUDE: services.EXTRUDE_SCHEMA,
        SET_TEMPERATURE: services.SET_TEMPERATURE_SCHEMA,
        START_PRINT: services.START_PRINT_SCHEMA,
        PAUSE: services.PAUSE_SCHEMA,
    }
    for action, spec in documented.items():
        fields = spec["fields"]
        assert set(fields) == {str(key) for key in schemas[action].schema}
        assert fields["config_entry_id"] == {
            "required": True,
            "selector": {"config_entry": {"integration": DOMAIN}},
        }
        translated = strings["services"][action]
        assert translated["name"]
        assert translated["description"]
        assert set(translated["fields"]) == set(fields)
        for field in fields:
            assert translated["fields"][field]["name"]
            assert translated["fields"][field]["description"]

    def limits(action: str, field: str) -> tuple[float, float]:
        number = documented[action]["fields"][field]["selector"]["number"]
        return number["min"], number["max"]

    assert limits(MOVE_AXIS, "distance") == (-500, 500)
    assert limits(EXTRUDE, "distance") == (-100, 100)
    assert limits(EXTRUDE, "extruder") == (0, 99)
    assert limits(SET_TEMPERATURE, "bed") == (0, 75)
    assert limits(SET_TEMPERATURE, "hotend") == (0, 260)
    assert limits(SET_TEMPERATURE, "chamber") == (0, 75)
    assert limits(SET_TEMPERATURE, "tool") == (0, 99)
    assert limits(PAUSE, "z_lift") == (0, 100)
    assert limits(PAUSE, "retract") == (0, 100)
    assert documented[MOVE_AXIS]["fields"]["axis"]["selector"]["select"]["options"] == [
        "X",
        "Y",
        "Z",
    ]


def test_translations_identical() -> None:
    """strings.json and translations/en.json must not drift apart."""
    assert (INTEGRATION / "strings.json").read_text() == (
        INTEGRATION / "translations" / "en.json"
    ).read_text()


# --- Successful calls: the exact request ---------------------------------------------------


@pytest.mark.parametrize(
    ("simulator", "action", "data", "command", "body"),
    [
        (
            {},
            MOVE_AXIS,
            {"axis": "Z", "distance": 10},
            "move-axis",
            {"Axis": ("str", "Z"), "DistanceMm": ("float", 10.0)},
        ),
        (
            {},
            MOVE_AXIS,
            {"axis": "x", "distance": -500},
            "move-axis",
            {"Axis": ("str", "X"), "DistanceMm": ("float", -500.0)},
        ),
        (
            {},
            MOVE_AXIS,
            {"axis": "Y", "distance": 500},
            "move-axis",
            {"Axis": ("str", "Y"), "DistanceMm": ("float", 500.0)},
        ),
        (
            {},
            EXTRUDE,
            {"distance": 5},
            "extrude",
            {"Extruder": ("int", 0), "DistanceMm": ("float", 5.0)},
        ),
        (
            {},
            EXTRUDE,
            {"distance": -100, "extruder": 0},
            "extrude",
            {"Extruder": ("int", 0), "DistanceMm": ("float", -100.0)},
        ),
        (
            {},
            EXTRUDE,
            {"distance": 100},
            "extrude",
            {"Extruder": ("int", 0), "DistanceMm": ("float", 100.0)},
        ),
        (
            {},
            SET_TEMPERATURE,
            {"bed": 70, "hotend": 230, "chamber": 40},
            "set-temp",
            {"BedC": ("int", 70), "ToolC": ("int", 230), "ChamberC": ("int", 40)},
        ),
        (
            {},
            SET_TEMPERATURE,
            {"hotend": 200.6, "tool": 0},
            "set-temp",
            {"ToolC": ("int", 201), "ToolNumber": ("int", 0)},
        ),
        ({}, SET_TEMPERATURE, {"bed": 0}, "set-temp", {"BedC": ("int", 0)}),
        (
            {},
            SET_TEMPERATURE,
            {"bed": 75, "hotend": 260, "chamber": 75},
            "set-temp",
            {"BedC": ("int", 75), "ToolC": ("int", 260), "ChamberC": ("int", 75)},
        ),
        ({}, SET_TEMPERATURE, {"chamber": 0}, "set-temp", {"ChamberC": ("int", 0)}),
        (
            {"scenario": "idle", "progress": None},
            START_PRINT,
            {"path": "gcode/benchy.gcode"},
            "start",
            {"Path": ("str", "gcode/benchy.gcode")},
        ),
        (
            {"scenario": "idle", "progress": None},
            START_PRINT,
            {"path": "benchy.gcode"},
            "start",
            {"Path": ("str", "gcode/benchy.gcode")},
        ),
        (
            {"scenario": "idle", "progress": None},
            START_PRINT,
            {"path": " /gcode/parts/clip.gcode "},
            "start",
            {"Path": ("str", "gcode/parts/clip.gcode")},
        ),
        (
            {"platform": "prusalink", "scenario": "idle", "progress": None},
            START_PRINT,
            {"path": "clip.gcode", "storage": "usb"},
            "start",
            {"Path": ("str", "gcode/clip.gcode"), "Storage": ("str", "usb")},
        ),
        ({}, PAUSE, {}, "pause", None),
        (
            {},
            PAUSE,
            {"smart_pause": True},
            "pause",
            {"SmartPause": ("bool", True)},
        ),
        (
            {},
            PAUSE,
            {
                "smart_pause": True,
                "disable_hotend": True,
                "disable_bed": False,
                "z_lift": 5,
                "retract": 2.5,
                "suppress_notification": False,
            },
            "pause",
            {
                "SmartPause": ("bool", True),
                "DisableHotend": ("bool", True),
                "DisableBed": ("bool", False),
                "ZLiftMm": ("float", 5.0),
                "RetractFilamentMm": ("float", 2.5),
                "SuppressNotification": ("bool", False),
            },
        ),
        (
            {},
            PAUSE,
            {"z_lift": 0, "retract": 100},
            "pause",
            {"ZLiftMm": ("float", 0.0), "RetractFilamentMm": ("float", 100.0)},
        ),
    ],
    indirect=["simulator"],
    ids=[
        "move-z",
        "move-x-lowercase-min",
        "move-y-max",
        "extrude-default-extruder",
        "retract-min",
        "extrude-max",
        "temps-all",
        "temps-tool-rounded",
        "temps-bed-off",
        "temps-max",
        "temps-chamber-off",
        "start",
        "start-bare-name",
        "start-leading-slash",
        "start-storage",
        "pause-plain",
        "pause-smart",
        "pause-all-fields",
        "pause-bounds",
    ],
)
async def test_request(
    hass: HomeAssistant,
    simulator: Simulator,
    loaded: MockConfigEntry,
    action: str,
    data: dict[str, Any],
    command: str,
    body: dict[str, Any] | None,
) -> None:
    """One POST with the exact body and the credentials, then a refresh at once."""
    await _call(hass, action, data)
    assert _requests(simulator) == [
        ("POST", command, body, HEADER),
        ("GET", "status", None, HEADER),
    ]
    if body is None:
        assert simulator.requests[0].body == b""
    assert simulator.requests[0].response_status == 200


@pytest.mark.parametrize(
    ("simulator", "action"),
    [
        ({"features": 2}, MOVE_AXIS),
        ({"features": 8}, EXTRUDE),
        ({"features": 16}, SET_TEMPERATURE),
        ({"features": 32, "scenario": "idle", "progress": None}, START_PRINT),
        ({"features": 0}, PAUSE),
    ],
    indirect=["simulator"],
    ids=ACTIONS,
)
async def test_only_its_own_bit_needed(
    hass: HomeAssistant, simulator: Simulator, loaded: MockConfigEntry, action: str
) -> None:
    """Each action needs its own feature bit and no other (pause needs none)."""
    await _call(hass, action, VALID[action])
    assert [r.path for r in simulator.requests] == [COMMANDS[action], "status"]


# --- Successful calls: the state afterwards ------------------------------------------------


async def test_move_axis_moves(
    hass: HomeAssistant, simulator: Simulator, loaded: MockConfigEntry
) -> None:
    """The printer moves by the distance, relative to where it was."""
    before = dict(simulator.printer.position)
    await _call(hass, MOVE_AXIS, {"axis": "z", "distance": 12.5})
    assert simulator.printer.position == before | {"Z": before["Z"] + 12.5}


async def test_extrude_extrudes(
    hass: HomeAssistant, simulator: Simulator, loaded: MockConfigEntry
) -> None:
    """Filament goes through extruder 0; a negative distance retracts it again."""
    await _call(hass, EXTRUDE, {"distance": 5})
    assert simulator.printer.extruded_mm == {0: 5.0}
    await _call(hass, EXTRUDE, {"distance": -2, "extruder": 0})
    assert simulator.printer.extruded_mm == {0: 3.0}


async def test_set_temperature_updates_numbers(
    hass: HomeAssistant, simulator: Simulator, loaded: MockConfigEntry
) -> None:
    """The new targets show on the heater numbers after the refresh."""
    await _call(hass, SET_TEMPERATURE, {"bed": 70, "hotend": 230, "chamber": 40})
    assert simulator.printer.bed.target == 70
    assert hass.states.get("number.sim_printer_bed_target").state == "70.0"
    assert hass.states.get("number.sim_printer_hotend_target").state == "230.0"
    assert hass.states.get("number.sim_printer_chamber_target").state == "40.0"


@pytest.mark.parametrize(
    "simulator", [{"scenario": "idle", "progress": None}], indirect=True
)
async def test_start_print_response(
    hass: HomeAssistant, simulator: Simulator, loaded: MockConfigEntry
) -> None:
    """start_print answers with the plugin's paths, and the printer starts warming up."""
    response = await _call(
        hass, START_PRINT, {"path": "benchy.gcode"}, return_response=True
    )
    assert response == {
        "virtual_path": "gcode/benchy.gcode",
        "platform_path": "benchy.gcode",
        "printer_response": None,
    }
    assert hass.states.get("sensor.sim_printer_state").state == "warmingup"
    assert simulator.printer.job.path == "gcode/benchy.gcode"


@pytest.mark.parametrize(
    "simulator", [{"scenario": "idle", "progress": None}], indirect=True
)
async def test_start_print_without_response(
    hass: HomeAssistant, simulator: Simulator, loaded: MockConfigEntry
) -> None:
    """The response is optional: an automation can start a print without reading it."""
    assert await _call(hass, START_PRINT, {"path": "benchy.gcode"}) is None
    assert simulator.printer.state == "warmingup"


@pytest.mark.parametrize(
    ("printer_response", "expected"),
    [("accepted", "accepted"), ({"result": "success"}, {"result": "success"})],
    ids=["text", "json"],
)
async def test_start_print_printer_response(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    mock_client: AsyncMock,
    printer_response: object,
    expected: object,
) -> None:
    """A printer's own answer (Bambu) is passed on as it came."""
    payload = load_json("status_printing.json")["Result"]
    payload["JobStatus"]["State"] = "idle"
    payload["Features"] = 33
    mock_client.get_status.return_value = PrinterStatus.from_dict(payload)
    await setup_entry(hass, mock_config_entry)
    mock_client.command.return_value = {
        "VirtualPath": "gcode/plate.3mf",
        "PlatformPath": 42,
        "PrinterResponse": printer_response,
    }
    response = await _call(
        hass,
        START_PRINT,
        {"path": "plate.3mf"},
        entry_id=mock_config_entry.entry_id,
        return_response=True,
    )
    mock_client.command.assert_awaited_once_with("start", {"Path": "gcode/plate.3mf"})
    assert response == {
        "virtual_path": "gcode/plate.3mf",
        "platform_path": None,
        "printer_response": expected,
    }


async def test_pause_plain_is_quiet(
    hass: HomeAssistant, simulator: Simulator, loaded: MockConfigEntry
) -> None:
    """Without options the plugin pauses plainly and without a notification."""
    await _call(hass, PAUSE, {})
    assert hass.states.get("sensor.sim_printer_state").state == "paused"
    options = simulator.printer.job.pause_options
    assert not options.smart_pause
    assert options.suppress_notification


async def test_smart_pause(
    hass: HomeAssistant, simulator: Simulator, loaded: MockConfigEntry
) -> None:
    """Smart pause options reach the printer: heaters off, nozzle lifted."""
    z = simulator.printer.position["Z"]
    await _call(
        hass,
        PAUSE,
        {"smart_pause": True, "disable_bed": True, "z_lift": 5, "retract": 1},
    )
    assert hass.states.get("sensor.sim_printer_state").state == "paused"
    assert hass.states.get("number.sim_printer_bed_target").state == "0.0"
    assert hass.states.get("number.sim_printer_hotend_target").state == "215.0"
    assert simulator.printer.position["Z"] == z + 5
    options = simulator.printer.job.pause_options
    assert options.smart_pause
    assert options.disable_bed
    assert not options.disable_hotend
    assert options.retract_filament_mm == 1
    # With a body, the notification follows SmartPause unless told otherwise.
    assert options.suppress_notification


# --- Caller mistakes: refused before any request -------------------------------------------


def _assert_refused(
    excinfo: pytest.ExceptionInfo[ServiceValidationError],
    key: str,
    message: str,
    domain: str = DOMAIN,
) -> None:
    assert isinstance(excinfo.value, ServiceValidationError)
    assert excinfo.value.translation_domain == domain
    assert excinfo.value.translation_key == key
    assert str(excinfo.value) == message


@pytest.mark.parametrize("action", ACTIONS)
async def test_unknown_entry(
    hass: HomeAssistant, simulator: Simulator, loaded: MockConfigEntry, action: str
) -> None:
    """An entry id that no printer has is refused (by Home Assistant's own check)."""
    with pytest.raises(ServiceValidationError) as excinfo:
        await _call(hass, action, VALID[action], entry_id="not-an-entry")
    _assert_refused(
        excinfo,
        "service_config_entry_not_found",
        "Integration octoeverywhere config entry with ID not-an-entry was not found",
        "homeassistant",
    )
    assert simulator.requests == []


@pytest.mark.parametrize("action", ACTIONS)
async def test_entry_of_another_integration(
    hass: HomeAssistant, simulator: Simulator, loaded: MockConfigEntry, action: str
) -> None:
    """Another integration's entry is not a printer."""
    other = MockConfigEntry(
        domain="demo", title="Demo", entry_id="01KOTHERINTEGRATIONENTRY01"
    )
    other.add_to_hass(hass)
    with pytest.raises(ServiceValidationError) as excinfo:
        await _call(hass, action, VALID[action], entry_id=other.entry_id)
    _assert_refused(
        excinfo,
        "service_config_entry_wrong_domain",
        "Config entry Demo does not belong to integration octoeverywhere",
        "homeassistant",
    )
    assert simulator.requests == []


@pytest.mark.parametrize("action", ACTIONS)
async def test_entry_not_loaded(
    hass: HomeAssistant, simulator: Simulator, loaded: MockConfigEntry, action: str
) -> None:
    """An unloaded printer is refused with its name."""
    assert await hass.config_entries.async_unload(loaded.entry_id)
    simulator.requests.clear()
    with pytest.raises(ServiceValidationError) as excinfo:
        await _call(hass, action, VALID[action])
    _assert_refused(
        excinfo,
        "service_config_entry_not_loaded",
        "Config entry Sim printer for integration octoeverywhere is not loaded",
        "homeassistant",
    )
    assert simulator.requests == []


@pytest.mark.parametrize(
    ("simulator", "action"),
    [({"features": 63 & ~bit}, action) for action, (bit, _) in BITS.items()],
    indirect=["simulator"],
    ids=list(BITS),
)
async def test_feature_bit_missing(
    hass: HomeAssistant, simulator: Simulator, loaded: MockConfigEntry, action: str
) -> None:
    """Without its feature bit an action is refused, naming the missing feature."""
    _, feature = BITS[action]
    with pytest.raises(ServiceValidationError) as excinfo:
        await _call(hass, action, VALID[action])
    _assert_refused(
        excinfo,
        "feature_not_supported",
        f"Sim printer does not support this ({feature})",
    )
    assert simulator.requests == []


@pytest.mark.parametrize(
    ("action", "data", "message"),
    [
        (
            MOVE_AXIS,
            {"axis": "Z", "distance": 500.1},
            "distance must be between -500 and 500, not 500.1",
        ),
        (
            MOVE_AXIS,
            {"axis": "Z", "distance": -500.1},
            "distance must be between -500 and 500, not -500.1",
        ),
        (
            EXTRUDE,
            {"distance": 100.1},
            "distance must be between -100 and 100, not 100.1",
        ),
        (
            EXTRUDE,
            {"distance": -100.5},
            "distance must be between -100 and 100, not -100.5",
        ),
        (
            EXTRUDE,
            {"distance": 5, "extruder": -1},
            "extruder must be between 0 and 99, not -1",
        ),
        (
            EXTRUDE,
            {"distance": 5, "extruder": 100},
            "extruder must be between 0 and 99, not 100",
        ),
        (SET_TEMPERATURE, {"bed": -1}, "bed must be between 0 and 75, not -1"),
        (SET_TEMPERATURE, {"bed": 75.5}, "bed must be between 0 and 75, not 75.5"),
        (
            SET_TEMPERATURE,
            {"hotend": -0.5},
            "hotend must be between 0 and 260, not -0.5",
        ),
        (
            SET_TEMPERATURE,
            {"hotend": 261},
            "hotend must be between 0 and 260, not 261",
        ),
        (SET_TEMPERATURE, {"chamber": -1}, "chamber must be between 0 and 75, not -1"),
        (SET_TEMPERATURE, {"chamber": 76}, "chamber must be between 0 and 75, not 76"),
        # One bad target refuses the whole call, even with good ones beside it.
        (
            SET_TEMPERATURE,
            {"bed": 60, "hotend": 300},
            "hotend must be between 0 and 260, not 300",
        ),
        (
            SET_TEMPERATURE,
            {"bed": 60, "tool": -1},
            "tool must be between 0 and 99, not -1",
        ),
        (
            SET_TEMPERATURE,
            {"bed": 60, "tool": 100},
            "tool must be between 0 and 99, not 100",
        ),
        (PAUSE, {"z_lift": -0.1}, "z_lift must be between 0 and 100, not -0.1"),
        (PAUSE, {"z_lift": 100.1}, "z_lift must be between 0 and 100, not 100.1"),
        (PAUSE, {"retract": -1}, "retract must be between 0 and 100, not -1"),
        (PAUSE, {"retract": 101}, "retract must be between 0 and 100, not 101"),
    ],
)
async def test_out_of_range(
    hass: HomeAssistant,
    simulator: Simulator,
    loaded: MockConfigEntry,
    action: str,
    data: dict[str, Any],
    message: str,
) -> None:
    """Each bound is checked, with a message naming the field and its limits."""
    with pytest.raises(ServiceValidationError) as excinfo:
        await _call(hass, action, data)
    _assert_refused(excinfo, "out_of_range", message)
    assert simulator.requests == []


@pytest.mark.parametrize("axis", ["W", "xy", ""])
async def test_invalid_axis(
    hass: HomeAssistant, simulator: Simulator, loaded: MockConfigEntry, axis: str
) -> None:
    """Only X, Y and Z can move."""
    with pytest.raises(ServiceValidationError) as excinfo:
        await _call(hass, MOVE_AXIS, {"axis": axis, "distance": 1})
    _assert_refused(excinfo, "invalid_axis", f"Unknown axis {axis}; use X, Y or Z")
    assert simulator.requests == []


@pytest.mark.parametrize("data", [{}, {"tool": 0}], ids=["nothing", "only-tool"])
async def test_no_temperature_target(
    hass: HomeAssistant,
    simulator: Simulator,
    loaded: MockConfigEntry,
    data: dict[str, Any],
) -> None:
    """set_temperature needs at least one target; a tool index alone is not one."""
    with pytest.raises(ServiceValidationError) as excinfo:
        await _call(hass, SET_TEMPERATURE, data)
    _assert_refused(
        excinfo,
        "no_temperature_target",
        "Give at least one temperature: bed, hotend or chamber",
    )
    assert simulator.requests == []


@pytest.mark.parametrize(
    "simulator", [{"scenario": "idle", "progress": None}], indirect=True
)
@pytest.mark.parametrize("path", ["", "   ", "/", " // "])
async def test_empty_path(
    hass: HomeAssistant, simulator: Simulator, loaded: MockConfigEntry, path: str
) -> None:
    """start_print needs a file."""
    with pytest.raises(ServiceValidationError) as excinfo:
        await _call(hass, START_PRINT, {"path": path})
    _assert_refused(
        excinfo,
        "invalid_path",
        "Give the path of the file to print, e.g. gcode/benchy.gcode",
    )
    assert simulator.requests == []


@pytest.mark.parametrize(
    ("action", "data"),
    [
        (MOVE_AXIS, {"distance": 1}),
        (MOVE_AXIS, {"axis": "Z", "distance": "far"}),
        (EXTRUDE, {}),
        (SET_TEMPERATURE, {"bed": "hot"}),
        (START_PRINT, {}),
        (PAUSE, {"smart_pause": "perhaps"}),
        (PAUSE, {"unknown": 1}),
    ],
)
async def test_schema(
    hass: HomeAssistant,
    simulator: Simulator,
    loaded: MockConfigEntry,
    action: str,
    data: dict[str, Any],
) -> None:
    """Missing fields and wrong types are refused by the schema."""
    with pytest.raises(vol.Invalid):
        await _call(hass, action, data)
    assert simulator.requests == []


@pytest.mark.parametrize("action", list(BITS))
async def test_printer_offline(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    loaded: MockConfigEntry,
    action: str,
) -> None:
    """While offline the features are unknown: the action fails without a request."""
    simulator.set_scenario("host_not_connected")
    await next_poll(hass, freezer)
    assert loaded.runtime_data.coordinator.data.status is None
    simulator.requests.clear()
    with pytest.raises(HomeAssistantError) as excinfo:
        await _call(hass, action, VALID[action])
    assert not isinstance(excinfo.value, ServiceValidationError)
    assert excinfo.value.translation_key == "printer_offline"
    assert str(excinfo.value) == "The printer is offline"
    assert simulator.requests == []


async def test_pause_while_offline(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    loaded: MockConfigEntry,
) -> None:
    """Pause needs no feature bit: it is sent, and the printer's 785 is translated."""
    simulator.set_scenario("host_not_connected")
    await next_poll(hass, freezer)
    simulator.requests.clear()
    with pytest.raises(HomeAssistantError) as excinfo:
        await _call(hass, PAUSE, {})
    assert excinfo.value.translation_key == "printer_offline"
    assert str(excinfo.value) == "The printer is offline"
    assert [r.path for r in simulator.requests] == ["pause"]


# --- Failures reported by the printer ------------------------------------------------------


@pytest.mark.parametrize(
    ("simulator", "action", "data", "key", "message"),
    [
        (
            {"scenario": "idle", "progress": None},
            PAUSE,
            {},
            "invalid_state",
            "The printer is not in a state that allows this",
        ),
        (
            {"scenario": "idle", "progress": None},
            EXTRUDE,
            {"distance": 5},
            "command_failed",
            "The printer refused the command: Extruder 0 is too cold to extrude",
        ),
        (
            {},
            EXTRUDE,
            {"distance": 5, "extruder": 11},
            "command_failed",
            "The printer refused the command: Extruder must be 0-10",
        ),
        (
            {},
            SET_TEMPERATURE,
            {"hotend": 200, "tool": 1},
            "command_failed",
            "The printer refused the command: Unknown tool: 1",
        ),
        (
            {},
            START_PRINT,
            {"path": "benchy.gcode"},
            "command_failed",
            "The printer refused the command: The printer is busy with another job",
        ),
        (
            {"platform": "octoprint", "scenario": "host_not_connected"},
            PAUSE,
            {},
            "invalid_state",
            "The printer is not in a state that allows this",
        ),
    ],
    indirect=["simulator"],
    ids=[
        "pause-idle-786",
        "extrude-cold-500",
        "extrude-index-400",
        "unknown-tool-400",
        "start-busy-409",
        "octoprint-disconnected-786",
    ],
)
async def test_refused_by_printer(
    hass: HomeAssistant,
    simulator: Simulator,
    loaded: MockConfigEntry,
    action: str,
    data: dict[str, Any],
    key: str,
    message: str,
) -> None:
    """The printer's own refusals, translated; no refresh follows a failure."""
    with pytest.raises(HomeAssistantError) as excinfo:
        await _call(hass, action, data)
    assert not isinstance(excinfo.value, ServiceValidationError)
    assert excinfo.value.translation_key == key
    assert str(excinfo.value) == message
    assert [r.path for r in simulator.requests] == [COMMANDS[action]]
    assert _reauth_flows(hass) == []


@pytest.mark.parametrize(
    ("fault", "key", "message"),
    [
        ({"plugin_status": 785}, "printer_offline", "The printer is offline"),
        ({"plugin_status": 787}, "printer_offline", "The printer is offline"),
        ({"plugin_status": 789}, "printer_offline", "The printer is offline"),
        ({"http_status": 601}, "printer_offline", "The printer is offline"),
        (
            {"plugin_status": 786},
            "invalid_state",
            "The printer is not in a state that allows this",
        ),
        (
            {"plugin_status": 788},
            "not_supported",
            "This is not supported on this printer",
        ),
        (
            {"plugin_status": 400, "message": "SmartPause must be a boolean"},
            "command_failed",
            "The printer refused the command: SmartPause must be a boolean",
        ),
        (
            {"plugin_status": 500, "message": "Pause failed"},
            "command_failed",
            "The printer refused the command: Pause failed",
        ),
        (
            {"plugin_status": 750},
            "command_failed",
            "The printer refused the command: Unknown command failure",
        ),
        (
            {"plugin_status": 751, "message": "Expecting value: line 1 column 1"},
            "command_failed",
            "The printer refused the command: Expecting value: line 1 column 1",
        ),
        (
            {"plugin_status": 752, "message": "Traceback: KeyError 'print_stats'"},
            "command_failed",
            "The printer refused the command: Traceback: KeyError 'print_stats'",
        ),
        (
            {"plugin_status": 753},
            "command_failed",
            "The printer refused the command: Failed to serialize response",
        ),
        (
            {"plugin_status": 754},
            "plugin_update_required",
            "The OctoEverywhere plugin on the printer must be updated for this (754)",
        ),
        (
            {"http_status": 610},
            "plugin_update_required",
            "The OctoEverywhere plugin on the printer must be updated for this (610)",
        ),
        (
            {"http_status": 600},
            "service_error",
            "OctoEverywhere could not reach the printer (service error 600)",
        ),
        (
            {"http_status": 602},
            "service_error",
            "OctoEverywhere could not reach the printer (service error 602)",
        ),
        (
            {"http_status": 612},
            "service_error",
            "OctoEverywhere could not reach the printer (service error 612)",
        ),
        (
            {"http_status": 603},
            "connection_revoked",
            (
                "The App Connection does not exist or was revoked (603). "
                "Reconfigure the printer with a new connection"
            ),
        ),
        (
            {"http_status": 604},
            "connection_revoked",
            (
                "The App Connection does not exist or was revoked (604). "
                "Reconfigure the printer with a new connection"
            ),
        ),
        (
            {"http_status": 605},
            "supporter_required",
            "App Connections need an OctoEverywhere account with Supporter Perks (605)",
        ),
        (
            {"http_status": 502},
            "cannot_connect",
            "Could not reach OctoEverywhere: unexpected HTTP status 502",
        ),
    ],
    ids=lambda value: (
        str(value.get("plugin_status") or value.get("http_status"))
        if isinstance(value, dict)
        else ""
    ),
)
async def test_failure_messages(
    hass: HomeAssistant,
    simulator: Simulator,
    loaded: MockConfigEntry,
    fault: dict[str, Any],
    key: str,
    message: str,
) -> None:
    """Every failure OctoEverywhere or the plugin reports, as the user reads it."""
    simulator.set_fault(**fault, paths=["pause"])
    with pytest.raises(HomeAssistantError) as excinfo:
        await _call(hass, PAUSE, {"smart_pause": True})
    assert not isinstance(excinfo.value, ServiceValidationError)
    assert excinfo.value.translation_domain == DOMAIN
    assert excinfo.value.translation_key == key
    assert str(excinfo.value) == message
    assert [r.path for r in simulator.requests] == ["pause"]
    assert _reauth_flows(hass) == []
    assert loaded.state is ConfigEntryState.LOADED


async def test_refused_credentials_start_reauth(
    hass: HomeAssistant, simulator: Simulator, loaded: MockConfigEntry
) -> None:
    """606 on a command: translated error, and a reauthentication flow for the entry."""
    simulator.set_fault(http_status=606, paths=["move-axis"])
    with pytest.raises(HomeAssistantError) as excinfo:
        await _call(hass, MOVE_AXIS, {"axis": "Z", "distance": 1})
    assert excinfo.value.translation_key == "invalid_auth"
    assert (
        str(excinfo.value)
        == "OctoEverywhere refused the credentials (606). Reauthenticate the printer"
    )
    await hass.async_block_till_done()
    flows = _reauth_flows(hass)
    assert len(flows) == 1
    assert flows[0]["context"]["entry_id"] == loaded.entry_id


@pytest.mark.parametrize(
    ("error", "key", "message"),
    [
        (
            OctoEverywhereError(),
            "unknown_error",
            "Unexpected answer from the printer (None): status None",
        ),
        (
            PluginError(799, "Something new"),
            "unknown_error",
            "Unexpected answer from the printer (799): Something new",
        ),
        (
            CommandError(400),
            "command_failed",
            "The printer refused the command: status 400",
        ),
    ],
    ids=["bare", "plugin-error", "no-text"],
)
async def test_command_error_fallbacks(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    error: OctoEverywhereError,
    key: str,
    message: str,
) -> None:
    """Errors the client does not raise today still get a message, never a crash."""
    translated = command_error(error)
    assert translated.translation_key == key
    assert str(translated) == message


@pytest.mark.parametrize("simulator", [{"platform": "elegoo_cc2"}], indirect=True)
async def test_chamber_refused_up_front(
    hass: HomeAssistant, simulator: Simulator, loaded: MockConfigEntry
) -> None:
    """Elegoo CC2 refuses any chamber target: said before anything is sent."""
    with pytest.raises(ServiceValidationError) as excinfo:
        await _call(hass, SET_TEMPERATURE, {"bed": 60, "chamber": 40})
    assert excinfo.value.translation_key == "chamber_not_supported"
    assert str(excinfo.value) == "Sim printer cannot set a chamber temperature"
    assert simulator.requests == []
