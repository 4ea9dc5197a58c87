"""Material systems: the three simulated topologies, changes over time, and the parser's limits."""

from typing import Any

from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import WebSocketGenerator
from syrupy.assertion import SnapshotAssertion

from custom_components.octoeverywhere.api import MaterialSystem
from custom_components.octoeverywhere.compat import async_get_device
from custom_components.octoeverywhere.const import DOMAIN
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.setup import async_setup_component
from octoeverywhere_simulator import ManualClock, Simulator

from .conftest import next_poll, setup_entry

pytestmark = pytest.mark.freeze_time("2027-01-15 08:10:00+00:00")


def _devices(hass: HomeAssistant, entry: MockConfigEntry) -> dict[str, Any]:
    registry = dr.async_get(hass)
    printer = async_get_device(registry, (DOMAIN, entry.entry_id), entry.entry_id)
    return {
        device.name: {
            "via_printer": device.via_device_id == printer.id,
            "entities": sorted(
                entity.entity_id
                for entity in er.async_entries_for_device(er.async_get(hass), device.id)
            ),
        }
        for device in dr.async_entries_for_config_entry(registry, entry.entry_id)
    }


def _material_states(hass: HomeAssistant) -> dict[str, Any]:
    """States and attributes of the material entities (not the printer's usual ones)."""
    words = (
        "ams",
        "slot",
        "spool",
        "_t0",
        "_t1",
        "_t2",
        "_t3",
        "extruder",
        "active_material",
    )
    return {
        state.entity_id: (state.state, dict(state.attributes))
        for state in sorted(hass.states.async_all(), key=lambda s: s.entity_id)
        if any(word in state.entity_id for word in words)
    }


@pytest.fixture
def simulator(request: pytest.FixtureRequest) -> Simulator:
    """A printer with the topology under test, printing at 40 %."""
    topology = getattr(request, "param", "ams")
    return Simulator(
        "bambu", "printing", clock=ManualClock(), progress=40, material_system=topology
    )


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
@pytest.mark.parametrize("simulator", ["ams", "toolchanger", "external"], indirect=True)
async def test_topologies(
    hass: HomeAssistant,
    snapshot: SnapshotAssertion,
    simulator: Simulator,
    simulator_entry: MockConfigEntry,
) -> None:
    """An AMS-like unit, a tool changer and an external spool, as devices and entities."""
    entry = await setup_entry(hass, simulator_entry)
    assert _devices(hass, entry) == snapshot(name="devices")
    assert _material_states(hass) == snapshot(name="states")


async def test_ams(
    hass: HomeAssistant, simulator: Simulator, simulator_entry: MockConfigEntry
) -> None:
    """The AMS is its own device; its slot feeding the tool (by route, not index) is active."""
    entry = await setup_entry(hass, simulator_entry)
    devices = _devices(hass, entry)
    assert devices["AMS 1"]["via_printer"]
    assert "sensor.ams_1_humidity" in devices["AMS 1"]["entities"]
    assert "binary_sensor.ams_1_drying" in devices["AMS 1"]["entities"]
    assert hass.states.get("sensor.ams_1_humidity").state == "21.0"

    # Route: src-17 (index 1, PETG black) feeds the tool.
    slot2 = hass.states.get("sensor.ams_1_slot_2")
    assert slot2.state == "PETG"
    assert slot2.attributes["active"] is True
    assert slot2.attributes["color"] == "#000000"
    assert slot2.attributes["manufacturer"] == "Bambu Lab"
    assert slot2.attributes["remaining_percent"] == 55
    assert hass.states.get("sensor.ams_1_slot_1").attributes["active"] is False
    active = hass.states.get("sensor.sim_printer_active_material")
    assert active.state == "PETG"
    assert active.attributes["color"] == "#000000"
    assert active.attributes["source"] == "AMS 1 Slot 2"
    # Slot 4 reports no remaining amount and no manufacturer: unknown, not 0.
    assert hass.states.get("sensor.ams_1_slot_4_remaining") is None
    assert hass.states.get("sensor.ams_1_slot_4").attributes["manufacturer"] is None
    # One tool: the printer's own hotend sensors cover it.
    assert not [s for s in hass.states.async_entity_ids() if "extruder" in s]
    # Asked for again on every poll, since the printer has one.
    assert all(
        request.query.get("IncludeMaterialSystem") == "true"
        for request in simulator.requests
        if request.path == "status"
    )


async def test_route_change_moves_active(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    simulator_entry: MockConfigEntry,
) -> None:
    """The swap at 50 % moves the route: the active mark and active material follow."""
    await setup_entry(hass, simulator_entry)
    before = hass.states.get("sensor.sim_printer_active_material")
    for _ in range(8):
        await next_poll(hass, freezer, simulator=simulator, seconds=60)
    after = hass.states.get("sensor.sim_printer_active_material")
    assert (before.attributes["source"], after.attributes["source"]) != (
        before.attributes["source"],
        before.attributes["source"],
    )
    actives = [
        state.entity_id
        for state in hass.states.async_all("sensor")
        if state.attributes.get("active") is True
    ]
    assert len(actives) == 1
    assert (
        hass.states.get(actives[0]).attributes["source"] == after.attributes["source"]
    )


async def test_parts_come_and_go(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    hass_ws_client: WebSocketGenerator,
    simulator: Simulator,
    simulator_entry: MockConfigEntry,
) -> None:
    """New parts are added without a reload; gone ones are removed; a stale unit can go."""
    entry = await setup_entry(hass, simulator_entry)
    device_registry = dr.async_get(hass)
    entity_registry = er.async_get(hass)
    ams = next(
        d
        for d in dr.async_entries_for_config_entry(device_registry, entry.entry_id)
        if d.name == "AMS 1"
    )

    # The printer now reports a tool changer: the AMS and its slots are gone, tools arrive.
    simulator.configure(material_system="toolchanger")
    await next_poll(hass, freezer, simulator=simulator, seconds=1)
    assert device_registry.async_get(ams.id) is None
    assert entity_registry.async_get("sensor.ams_1_slot_1") is None
    assert hass.states.get("sensor.sim_printer_t2_nozzle_diameter").state == "0.6"
    assert hass.states.get("binary_sensor.sim_printer_t0_active").state == "on"
    assert hass.states.get("sensor.sim_printer_spool_t3").state == "TPU"

    # A printer that answers without a material system for a while keeps its entities.
    simulator.configure(material_system="null")
    await next_poll(hass, freezer, simulator=simulator, seconds=1)
    assert hass.states.get("sensor.sim_printer_spool_t3").state == STATE_UNAVAILABLE
    assert entity_registry.async_get("sensor.sim_printer_spool_t3") is not None

    # Back to the AMS: its device and entities return; the tool changer's are removed.
    simulator.configure(material_system="ams")
    await next_poll(hass, freezer, simulator=simulator, seconds=1)
    assert hass.states.get("sensor.ams_1_slot_2").state == "PETG"
    assert entity_registry.async_get("sensor.sim_printer_spool_t3") is None
    assert entity_registry.async_get("binary_sensor.sim_printer_t0_active") is None

    # The user may delete a unit the printer no longer reports, never a reported one.
    assert await async_setup_component(hass, "config", {})
    client = await hass_ws_client(hass)
    ams = next(
        d
        for d in dr.async_entries_for_config_entry(device_registry, entry.entry_id)
        if d.name == "AMS 1"
    )
    printer = async_get_device(
        device_registry, (DOMAIN, entry.entry_id), entry.entry_id
    )
    for device in (ams, printer):
        await client.send_json_auto_id(
            {
                "type": "config/device_registry/remove_config_entry",
                "config_entry_id": entry.entry_id,
                "device_id": device.id,
            }
        )
        assert not (await client.receive_json())["success"]
    stale = device_registry.async_get_or_create(
        config_entry_id=entry.entry_id,
        identifiers={(DOMAIN, f"{entry.entry_id}_unit_gone")},
        name="Old AMS",
    )
    await client.send_json_auto_id(
        {
            "type": "config/device_registry/remove_config_entry",
            "config_entry_id": entry.entry_id,
            "device_id": stale.id,
        }
    )
    assert (await client.receive_json())["success"]


@pytest.mark.parametrize("simulator", ["none", "null"], indirect=True)
async def test_lean_requests_without_material_system(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    simulator_entry: MockConfigEntry,
) -> None:
    """Asked once; a printer that reports none (null or absent) is not asked again."""
    await setup_entry(hass, simulator_entry)
    for _ in range(2):
        await next_poll(hass, freezer, simulator=simulator, seconds=1)
    asked = [
        "IncludeMaterialSystem" in request.query
        for request in simulator.requests
        if request.path == "status"
    ]
    assert asked == [True, False, False]
    assert hass.states.get("sensor.sim_printer_active_material") is None


def _largest() -> dict[str, Any]:
    units = [
        {"Id": f"u{i}", "Index": i, "Name": f"Unit {i}", "HumidityPercent": 20 + i}
        for i in range(8)
    ]
    sources = [
        {
            "Id": f"s{i}",
            "Index": 63 - i,
            "UnitId": f"u{i % 8}",
            "Material": {"Type": "PLA", "ColorHex": f"{i:06X}", "RemainingPercent": i},
        }
        for i in range(64)
    ]
    tools = [
        {"Id": f"t{i}", "Index": i, "IsActive": i == 5, "ActualCelsius": 200.0}
        for i in range(16)
    ]
    routes = [
        {"SourceId": f"s{i}", "ToolId": f"t{i % 16}", "State": "loaded"}
        for i in range(64)
    ]
    extra = {"Id": "overflow", "Material": {"Type": "ABS"}}
    return {
        "Capabilities": {"SupportsMultiMaterial": True, "SupportsMultiTool": True},
        "Units": [*units, {"Id": "u-too-many"}],
        "Sources": [*sources, extra],
        "Tools": [*tools, {"Id": "t-too-many"}],
        "Routes": routes,
    }


def test_largest_topology_parses() -> None:
    """64 sources, 16 tools, 8 units: all read, anything beyond the limits ignored."""
    system = MaterialSystem.from_dict(_largest())
    assert (len(system.sources), len(system.tools), len(system.units)) == (64, 16, 8)
    assert system.source("overflow") is None
    assert system.active_tool.id == "t5"
    # Joined through routes: s5 is the first loaded source of t5, whatever the indexes say.
    assert system.active_source.id == "s5"
    assert system.source("s10").material.color == "#00000A"
    assert system.unit("u3").humidity_percent == 23


@pytest.mark.parametrize(
    "raw",
    [
        {},
        {"Sources": None, "Tools": "x", "Units": [1, None, {"Name": "no id"}]},
        {"Sources": [{"Id": "a"}, {"Id": "a", "Material": {"Type": "dup"}}]},
        {
            "Sources": [
                {"Id": 7, "Material": {"ColorHex": "zzzzzz", "RemainingPercent": 150}}
            ]
        },
        {
            "Routes": [{"SourceId": "x"}, {"ToolId": "y"}, "junk"],
            "Tools": [{"Id": "y"}, {"Id": "z"}],
        },
    ],
)
def test_odd_topologies_parse(raw: dict[str, Any]) -> None:
    """Missing ids, duplicates, wrong types and unknown values never raise."""
    system = MaterialSystem.from_dict(raw)
    assert system.active_source is None
    for source in system.sources:
        assert source.id
        if source.material:
            assert source.material.color is None
            assert source.material.remaining_percent is None
