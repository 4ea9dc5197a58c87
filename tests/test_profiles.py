"""Every platform profile of the simulator, through real HTTP: all entities, snapshotted.

The simulator reproduces how each host platform's plugin really fills the status payload
(reference section 8); these snapshots show what a user of each printer sees.
"""

from typing import Any

from freezegun.api import FrozenDateTimeFactory
import pytest
from syrupy.assertion import SnapshotAssertion

from custom_components.octoeverywhere.compat import async_get_device
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
from octoeverywhere_simulator import PLATFORMS, ManualClock, Simulator

from .conftest import setup_entry

# The simulator's manual clock starts at Unix time 1.8e9; freeze Home Assistant's clock
# ten minutes later so timestamps and "estimated finish" are stable.
pytestmark = pytest.mark.freeze_time("2027-01-15 08:10:00+00:00")


def _summary(hass: HomeAssistant, entry_id: str) -> dict[str, Any]:
    """Each entity's registry facts and state, in one readable mapping."""
    registry = er.async_get(hass)
    summary: dict[str, Any] = {}
    for entity in sorted(
        er.async_entries_for_config_entry(registry, entry_id), key=lambda e: e.entity_id
    ):
        state = hass.states.get(entity.entity_id)
        summary[entity.entity_id] = {
            "unique_id": entity.unique_id.removeprefix(f"{entry_id}_"),
            "translation_key": entity.translation_key,
            "device_class": entity.device_class or entity.original_device_class,
            "entity_category": entity.entity_category,
            "disabled_by": entity.disabled_by,
            "state": state.state if state else None,
            "attributes": {
                key: value
                for key, value in (state.attributes if state else {}).items()
                # Camera access tokens are random on every run.
                if key
                not in ("friendly_name", "icon", "access_token", "entity_picture")
            },
        }
    return summary


@pytest.fixture
def simulator(request: pytest.FixtureRequest) -> Simulator:
    """The profile and scenario under test."""
    platform, scenario = request.param
    sim = Simulator(platform, "printing", clock=ManualClock(), progress=50)
    sim.advance(600)
    if scenario == "idle":
        sim.set_scenario("complete")
        sim.set_scenario("idle")
    elif scenario == "offline":
        sim.set_scenario("host_not_connected")
    return sim


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
@pytest.mark.parametrize(
    "simulator",
    [
        (platform, scenario)
        for platform in PLATFORMS
        for scenario in ("printing", "idle", "offline")
    ],
    indirect=True,
    ids="-".join,
)
async def test_profile_entities(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    snapshot: SnapshotAssertion,
    device_registry: dr.DeviceRegistry,
    simulator: Simulator,
    simulator_entry,
) -> None:
    """What a user of each printer platform sees, printing, idle and offline."""
    entry = await setup_entry(hass, simulator_entry)
    device = async_get_device(
        device_registry, ("octoeverywhere", entry.entry_id), entry.entry_id
    )
    assert device is not None
    assert {
        "name": device.name,
        "model": device.model,
        "sw_version": device.sw_version,
        "manufacturer": device.manufacturer,
    } == snapshot(name="device")
    assert _summary(hass, entry.entry_id) == snapshot(name="entities")
