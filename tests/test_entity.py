"""Entities added as the printer reports them: each is built once, whatever Home Assistant does.

Home Assistant refuses an entity whose registry entry is disabled and runs its removal
callbacks; an entity must not be built again on the next poll only to be refused again.
"""

from collections import Counter
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.octoeverywhere import camera, sensor
from custom_components.octoeverywhere.const import ACTIVE_INTERVAL
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from octoeverywhere_simulator import ManualClock, Simulator

from .conftest import next_poll, setup_entry


@pytest.fixture
def simulator() -> Simulator:
    """A printer mid-print with three webcams; only the default one is enabled by default."""
    return Simulator(
        "moonraker", "printing", clock=ManualClock(), progress=50, webcams=3
    )


@pytest.fixture
def built() -> Counter[str]:
    """Count the sensors and cameras built, by entity key."""
    counted: Counter[str] = Counter()

    class CountedSensor(sensor.OctoEverywhereSensor):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            counted[self.entity_description.key] += 1

    class CountedCamera(camera.OctoEverywhereCamera):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            counted[f"camera_{self._index}"] += 1

    with (
        patch.object(sensor, "OctoEverywhereSensor", CountedSensor),
        patch.object(camera, "OctoEverywhereCamera", CountedCamera),
    ):
        yield counted


async def test_disabled_by_default_built_once(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    entity_registry: er.EntityRegistry,
    simulator: Simulator,
    simulator_entry: MockConfigEntry,
    built: Counter[str],
) -> None:
    """The elapsed time and the other webcams are built once across 10 changed polls."""
    await setup_entry(hass, simulator_entry)
    progress = {hass.states.get("sensor.sim_printer_progress").state}
    for _ in range(10):
        await next_poll(hass, freezer, ACTIVE_INTERVAL, simulator=simulator, seconds=10)
        progress.add(hass.states.get("sensor.sim_printer_progress").state)
    assert len(progress) == 11  # every poll changed something

    for entity_id in (
        "sensor.sim_printer_time_elapsed",
        "camera.sim_printer_old_usb_cam",
    ):
        entry = entity_registry.async_get(entity_id)
        assert entry is not None
        assert entry.disabled_by is er.RegistryEntryDisabler.INTEGRATION
        assert hass.states.get(entity_id) is None
    assert built["time_elapsed"] == 1
    assert built["camera_1"] == built["camera_2"] == 1
    assert set(built.values()) == {1}


async def test_renamed_entity_built_once(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    entity_registry: er.EntityRegistry,
    simulator: Simulator,
    simulator_entry: MockConfigEntry,
    built: Counter[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A renamed entity id moves the entity; polls build no second one beside it."""
    await setup_entry(hass, simulator_entry)
    entity_registry.async_update_entity(
        "sensor.sim_printer_progress", new_entity_id="sensor.benchy_progress"
    )
    await hass.async_block_till_done()
    for _ in range(3):
        await next_poll(hass, freezer, ACTIVE_INTERVAL, simulator=simulator, seconds=10)

    assert hass.states.get("sensor.sim_printer_progress") is None
    assert hass.states.get("sensor.benchy_progress").state == "50.83"
    assert built["progress"] == 1
    assert "already exists" not in caplog.text
