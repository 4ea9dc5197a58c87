"""Numbers: heater targets, set with set-temp against the simulator over real HTTP.

A number exists only with feature bit 16 (and, for the chamber, where the printer reports a
chamber it can set); the target sensors of the same heaters stand in for them otherwise.
"""

from typing import Any
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    snapshot_platform,
)
from syrupy.assertion import SnapshotAssertion

from custom_components.octoeverywhere import number
from custom_components.octoeverywhere.const import CONF_AUTH_TYPE, DOMAIN
from homeassistant.components.number import (
    ATTR_MAX,
    ATTR_MIN,
    ATTR_MODE,
    ATTR_STEP,
    ATTR_VALUE,
    DOMAIN as NUMBER_DOMAIN,
    SERVICE_SET_VALUE,
    NumberMode,
)
from homeassistant.const import (
    ATTR_DEVICE_CLASS,
    ATTR_ENTITY_ID,
    ATTR_UNIT_OF_MEASUREMENT,
    CONF_PASSWORD,
    CONF_TOKEN,
    CONF_URL,
    CONF_USERNAME,
    STATE_UNAVAILABLE,
    Platform,
    UnitOfTemperature,
)
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import entity_registry as er
from homeassistant.util.unit_system import US_CUSTOMARY_SYSTEM
from octoeverywhere_simulator import ManualClock, Simulator

from .conftest import next_poll, setup_entry

pytestmark = pytest.mark.freeze_time("2027-01-15 08:10:00+00:00")

USERNAME = "oe-user"
PASSWORD = "s3cret-pass"
# base64("oe-user:s3cret-pass"), spelled out so that an encoding mistake cannot hide.
BASIC_HEADER = "Basic b2UtdXNlcjpzM2NyZXQtcGFzcw=="

BED = "number.sim_printer_bed_target"
HOTEND = "number.sim_printer_hotend_target"
CHAMBER = "number.sim_printer_chamber_target"
HEATERS = ("bed", "hotend", "chamber")


@pytest.fixture
def simulator(request: pytest.FixtureRequest) -> Simulator:
    """A Klipper printer (all feature bits, a chamber) that requires Basic credentials.

    Parametrize indirectly with a dict of ``Simulator`` arguments to change it.
    """
    options: dict[str, Any] = {
        "platform": "moonraker",
        "scenario": "printing",
        "progress": 50,
        "auth": ("basic", USERNAME, PASSWORD),
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
        entry_id="01KOCTOEVERYWHERENUMBERTEST",
        unique_id="simulatednumber1",
        data=data,
    )


async def _setup(hass: HomeAssistant, entry: MockConfigEntry, sim: Simulator) -> None:
    """Set up the entry, then forget the requests setup made."""
    await setup_entry(hass, entry)
    sim.requests.clear()


async def _set(hass: HomeAssistant, entity_id: str, value: float) -> None:
    await hass.services.async_call(
        NUMBER_DOMAIN,
        SERVICE_SET_VALUE,
        {ATTR_ENTITY_ID: entity_id, ATTR_VALUE: value},
        blocking=True,
    )


def _requests(sim: Simulator) -> list[tuple[str, str, Any, str | None]]:
    """Method, path, JSON body and Authorization header of each recorded request."""
    return [
        (r.method, r.path, r.json, r.headers.get("Authorization")) for r in sim.requests
    ]


def _typed(value: Any) -> Any:
    """A JSON value with the type of every number (60 and 60.0 compare equal otherwise)."""
    if isinstance(value, dict):
        return {key: _typed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_typed(item) for item in value]
    return (type(value).__name__, value)


def _targets(sim: Simulator) -> dict[str, float]:
    printer = sim.printer
    return {
        "bed": printer.bed.target,
        "hotend": printer.tools[0].target,
        "chamber": printer.chamber.target,
    }


def _existing(hass: HomeAssistant, domain: str) -> set[str]:
    """Which heaters have a target entity of ``domain``."""
    return {
        heater
        for heater in HEATERS
        if hass.states.get(f"{domain}.sim_printer_{heater}_target") is not None
    }


# --- Entities ------------------------------------------------------------------------------


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_entities_all_features(
    hass: HomeAssistant,
    snapshot: SnapshotAssertion,
    entity_registry: er.EntityRegistry,
    simulator: Simulator,
    auth_entry: MockConfigEntry,
) -> None:
    """Every number of a printing Klipper printer with all feature bits and a chamber."""
    assert simulator.features == 63
    with patch("custom_components.octoeverywhere.PLATFORMS", [Platform.NUMBER]):
        await setup_entry(hass, auth_entry)
    await snapshot_platform(hass, entity_registry, snapshot, auth_entry.entry_id)


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
@pytest.mark.parametrize(
    "simulator", [{"features": 0}], indirect=True, ids=["no_features"]
)
async def test_entities_no_features(
    hass: HomeAssistant,
    snapshot: SnapshotAssertion,
    entity_registry: er.EntityRegistry,
    simulator: Simulator,
    auth_entry: MockConfigEntry,
) -> None:
    """Without any feature bit there is no number at all."""
    with patch("custom_components.octoeverywhere.PLATFORMS", [Platform.NUMBER]):
        await setup_entry(hass, auth_entry)
    entries = er.async_entries_for_config_entry(entity_registry, auth_entry.entry_id)
    assert entries == []
    assert entries == snapshot


@pytest.mark.parametrize(
    ("entity_id", "maximum", "value"),
    [(BED, 75, 60.0), (HOTEND, 260, 215.0), (CHAMBER, 75, 0.0)],
    ids=HEATERS,
)
async def test_number_attributes(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    simulator: Simulator,
    auth_entry: MockConfigEntry,
    entity_id: str,
    maximum: float,
    value: float,
) -> None:
    """Range from the reference, step 1, box mode, °C; the current target is the value."""
    await setup_entry(hass, auth_entry)
    state = hass.states.get(entity_id)
    assert float(state.state) == value
    assert state.attributes[ATTR_MIN] == 0
    assert state.attributes[ATTR_MAX] == maximum
    assert state.attributes[ATTR_STEP] == 1
    assert state.attributes[ATTR_MODE] == NumberMode.BOX
    assert state.attributes[ATTR_UNIT_OF_MEASUREMENT] == UnitOfTemperature.CELSIUS
    assert state.attributes[ATTR_DEVICE_CLASS] == "temperature"
    key = entity_id.removeprefix("number.sim_printer_")
    registered = entity_registry.async_get(entity_id)
    assert registered.unique_id == f"{auth_entry.entry_id}_{key}"
    assert registered.translation_key == key


@pytest.mark.parametrize(
    ("simulator", "numbers", "sensors"),
    [
        ({}, {"bed", "hotend", "chamber"}, set()),
        ({"chamber": False}, {"bed", "hotend"}, set()),
        # Without bit 16 the targets are read-only: sensors instead of numbers.
        ({"features": 63 & ~16}, set(), {"bed", "hotend", "chamber"}),
        ({"features": 16}, {"bed", "hotend", "chamber"}, set()),
        # The Elegoo CC2 refuses any chamber target: the chamber stays a sensor.
        ({"platform": "elegoo_cc2"}, {"bed", "hotend"}, {"chamber"}),
        ({"platform": "elegoo_cc1"}, set(), {"bed", "hotend", "chamber"}),
        ({"platform": "bambu"}, set(), {"bed", "hotend", "chamber"}),
        ({"platform": "octoprint"}, set(), {"bed", "hotend"}),
        ({"platform": "prusalink"}, set(), {"bed", "hotend"}),
    ],
    indirect=["simulator"],
    ids=[
        "moonraker",
        "moonraker-no-chamber",
        "moonraker-without-16",
        "only-16",
        "elegoo_cc2",
        "elegoo_cc1",
        "bambu",
        "octoprint",
        "prusalink",
    ],
)
async def test_numbers_or_target_sensors(
    hass: HomeAssistant,
    simulator: Simulator,
    auth_entry: MockConfigEntry,
    numbers: set[str],
    sensors: set[str],
) -> None:
    """A heater's target is a number where it can be set, else a sensor; never both."""
    await setup_entry(hass, auth_entry)
    assert _existing(hass, NUMBER_DOMAIN) == numbers
    assert _existing(hass, "sensor") == sensors


@pytest.mark.parametrize(
    "simulator", [{"scenario": "host_not_connected"}], indirect=True
)
async def test_numbers_added_once_reported(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    auth_entry: MockConfigEntry,
) -> None:
    """Set up while offline: the numbers (not the sensors) appear once bit 16 is reported."""
    await setup_entry(hass, auth_entry)
    assert _existing(hass, NUMBER_DOMAIN) == set()
    simulator.set_scenario("online")
    await next_poll(hass, freezer)
    assert _existing(hass, NUMBER_DOMAIN) == {"bed", "hotend", "chamber"}
    assert _existing(hass, "sensor") == set()


async def test_unavailable_while_offline(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    auth_entry: MockConfigEntry,
) -> None:
    """The numbers cannot be set while the printer is offline; they return with it."""
    await setup_entry(hass, auth_entry)
    simulator.set_scenario("host_not_connected")
    await next_poll(hass, freezer)
    assert {hass.states.get(e).state for e in (BED, HOTEND, CHAMBER)} == {
        STATE_UNAVAILABLE
    }
    simulator.set_scenario("online")
    await next_poll(hass, freezer)
    assert hass.states.get(BED).state == "60.0"


async def test_parallel_updates() -> None:
    """Commands to one printer go one at a time."""
    assert number.PARALLEL_UPDATES == 1


# --- Setting a target ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entity_id", "value", "body", "heater", "state"),
    [
        (BED, 70, {"BedC": 70}, "bed", "70.0"),
        (HOTEND, 230, {"ToolC": 230}, "hotend", "230.0"),
        (CHAMBER, 40, {"ChamberC": 40}, "chamber", "40.0"),
        (BED, 0, {"BedC": 0}, "bed", "0.0"),
        (HOTEND, 260, {"ToolC": 260}, "hotend", "260.0"),
    ],
    ids=["bed", "hotend", "chamber", "bed-off", "hotend-max"],
)
async def test_set_value(
    hass: HomeAssistant,
    simulator: Simulator,
    auth_entry: MockConfigEntry,
    entity_id: str,
    value: float,
    body: dict[str, int],
    heater: str,
    state: str,
) -> None:
    """Setting a number sends set-temp with that heater alone, then refreshes at once."""
    await _setup(hass, auth_entry, simulator)
    before = _targets(simulator)

    await _set(hass, entity_id, value)

    assert _requests(simulator) == [
        ("POST", "set-temp", body, BASIC_HEADER),
        ("GET", "status", None, BASIC_HEADER),
    ]
    # Whole degrees, as integers.
    assert _typed(simulator.requests[0].json) == _typed(body)
    assert _targets(simulator) == before | {heater: float(value)}
    assert hass.states.get(entity_id).state == state


async def test_set_value_rounds_to_whole_degrees(
    hass: HomeAssistant, simulator: Simulator, auth_entry: MockConfigEntry
) -> None:
    """The plugin takes whole degrees; a fraction is rounded, not truncated."""
    await _setup(hass, auth_entry, simulator)
    await _set(hass, BED, 64.6)
    assert _typed(simulator.requests[0].json) == {"BedC": ("int", 65)}


@pytest.mark.parametrize(
    ("entity_id", "value"),
    [(BED, 76), (BED, -1), (HOTEND, 261), (CHAMBER, 76)],
    ids=["bed-high", "bed-low", "hotend-high", "chamber-high"],
)
async def test_set_value_out_of_range(
    hass: HomeAssistant,
    simulator: Simulator,
    auth_entry: MockConfigEntry,
    entity_id: str,
    value: float,
) -> None:
    """Home Assistant refuses values outside the number's range before any request."""
    await _setup(hass, auth_entry, simulator)
    with pytest.raises(ServiceValidationError):
        await _set(hass, entity_id, value)
    assert simulator.requests == []


@pytest.mark.parametrize(
    ("fault", "key", "message"),
    [
        ({"plugin_status": 785}, "printer_offline", "The printer is offline"),
        ({"plugin_status": 789}, "printer_offline", "The printer is offline"),
        (
            {"plugin_status": 400, "message": "BedC must be between 0 and 75"},
            "command_failed",
            "The printer refused the command: BedC must be between 0 and 75",
        ),
        (
            {"plugin_status": 788},
            "not_supported",
            "This is not supported on this printer",
        ),
        (
            {"http_status": 605},
            "supporter_required",
            "App Connections need an OctoEverywhere account with Supporter Perks (605)",
        ),
    ],
    ids=["785", "789", "400", "788", "605"],
)
async def test_set_value_failure(
    hass: HomeAssistant,
    simulator: Simulator,
    auth_entry: MockConfigEntry,
    fault: dict[str, Any],
    key: str,
    message: str,
) -> None:
    """A failed set-temp raises a translated error; the shown target does not change."""
    await _setup(hass, auth_entry, simulator)
    simulator.set_fault(**fault, paths=["set-temp"])
    with pytest.raises(HomeAssistantError) as excinfo:
        await _set(hass, BED, 70)
    assert not isinstance(excinfo.value, ServiceValidationError)
    assert excinfo.value.translation_key == key
    assert str(excinfo.value) == message
    # No refresh after a failure.
    assert [r.path for r in simulator.requests] == ["set-temp"]
    assert hass.states.get(BED).state == "60.0"


async def test_set_value_after_temperature_control_went_away(
    hass: HomeAssistant, simulator: Simulator, auth_entry: MockConfigEntry
) -> None:
    """The printer's own 788 when bit 16 is gone (Home Assistant has not polled yet)."""
    await _setup(hass, auth_entry, simulator)
    simulator.configure(features=63 & ~16)
    with pytest.raises(HomeAssistantError) as excinfo:
        await _set(hass, HOTEND, 200)
    assert excinfo.value.translation_key == "not_supported"
    assert str(excinfo.value) == "This is not supported on this printer"
    assert _targets(simulator)["hotend"] == 215.0


# --- In °F (a US unit system) --------------------------------------------------------------


@pytest.fixture
def fahrenheit(hass: HomeAssistant) -> None:
    """The user's unit system is US customary: temperatures in °F."""
    hass.config.units = US_CUSTOMARY_SYSTEM


@pytest.mark.usefixtures("fahrenheit")
@pytest.mark.parametrize(
    ("entity_id", "minimum", "maximum", "value"),
    [(BED, 32, 167, "140.0"), (HOTEND, 32, 500, "419.0"), (CHAMBER, 32, 167, "32.0")],
    ids=HEATERS,
)
async def test_fahrenheit_attributes(
    hass: HomeAssistant,
    simulator: Simulator,
    auth_entry: MockConfigEntry,
    entity_id: str,
    minimum: int,
    maximum: int,
    value: str,
) -> None:
    """Limits, target and unit in °F; whole degrees on a step of 1 from a whole minimum."""
    await setup_entry(hass, auth_entry)
    state = hass.states.get(entity_id)
    assert state.attributes[ATTR_UNIT_OF_MEASUREMENT] == UnitOfTemperature.FAHRENHEIT
    assert state.attributes[ATTR_MIN] == minimum
    assert state.attributes[ATTR_MAX] == maximum
    assert state.attributes[ATTR_STEP] == 1
    assert state.state == value


@pytest.mark.usefixtures("fahrenheit")
@pytest.mark.parametrize(
    ("entity_id", "fahrenheit_value", "body", "heater", "celsius", "shown"),
    [
        (HOTEND, 400, {"ToolC": ("float", 204.4)}, "hotend", 204.4, "400.0"),
        (BED, 140, {"BedC": ("int", 60)}, "bed", 60.0, "140.0"),
        (HOTEND, 500, {"ToolC": ("int", 260)}, "hotend", 260.0, "500.0"),
        (BED, 32, {"BedC": ("int", 0)}, "bed", 0.0, "32.0"),
        (CHAMBER, 113, {"ChamberC": ("int", 45)}, "chamber", 45.0, "113.0"),
        (HOTEND, 399.6, {"ToolC": ("float", 204.4)}, "hotend", 204.4, "400.0"),
    ],
    ids=["hotend-400F", "bed-60C", "hotend-max", "bed-off", "chamber", "fraction"],
)
async def test_fahrenheit_set_value(
    hass: HomeAssistant,
    simulator: Simulator,
    auth_entry: MockConfigEntry,
    entity_id: str,
    fahrenheit_value: float,
    body: dict[str, Any],
    heater: str,
    celsius: float,
    shown: str,
) -> None:
    """What the user enters in °F is what the number shows afterwards.

    Sent in °C to a tenth (whole °C as integers): 400 °F is 204.4 °C, which comes back as
    400 °F; rounding to 204 °C showed 399.2 °F, which the field refused.
    """
    await _setup(hass, auth_entry, simulator)
    await _set(hass, entity_id, fahrenheit_value)
    assert [r.path for r in simulator.requests] == ["set-temp", "status"]
    assert _typed(simulator.requests[0].json) == body
    assert _targets(simulator)[heater] == celsius
    assert hass.states.get(entity_id).state == shown


@pytest.mark.usefixtures("fahrenheit")
async def test_fahrenheit_every_whole_degree_comes_back(
    hass: HomeAssistant, simulator: Simulator, auth_entry: MockConfigEntry
) -> None:
    """Every whole °F of the bed's range is shown as entered: always a valid field value."""
    await _setup(hass, auth_entry, simulator)
    wrong = {}
    for value in range(32, 168):
        await _set(hass, BED, value)
        state = hass.states.get(BED)
        if float(state.state) != value:
            wrong[value] = state.state
    assert wrong == {}


@pytest.mark.usefixtures("fahrenheit")
async def test_fahrenheit_out_of_range(
    hass: HomeAssistant, simulator: Simulator, auth_entry: MockConfigEntry
) -> None:
    """The limits are checked in °F before any request."""
    await _setup(hass, auth_entry, simulator)
    with pytest.raises(ServiceValidationError):
        await _set(hass, HOTEND, 501)
    with pytest.raises(ServiceValidationError):
        await _set(hass, BED, 31)
    assert simulator.requests == []


async def test_unit_system_change_shows_at_once(
    hass: HomeAssistant, simulator: Simulator, auth_entry: MockConfigEntry
) -> None:
    """Switching to °F shows the targets in °F at once, not when a target next moves.

    A poll asks only the entities whose part of the status changed; a change of Home
    Assistant's configuration asks them all.
    """
    await setup_entry(hass, auth_entry)
    assert hass.states.get(BED).state == "60.0"
    await hass.config.async_update(unit_system="us_customary")
    await hass.async_block_till_done()
    state = hass.states.get(BED)
    assert state.state == "140.0"
    assert state.attributes[ATTR_UNIT_OF_MEASUREMENT] == UnitOfTemperature.FAHRENHEIT
    assert state.attributes[ATTR_MAX] == 167
