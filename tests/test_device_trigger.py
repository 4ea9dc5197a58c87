"""Device triggers: a printer's print events in the automation editor."""

from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
    async_get_device_automations,
)

from custom_components.octoeverywhere.compat import async_get_device
from custom_components.octoeverywhere.const import DOMAIN, IDLE_INTERVAL
from custom_components.octoeverywhere.device_trigger import TRIGGER_TYPES
from homeassistant.components.device_automation import DeviceAutomationType
from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.helpers import device_registry as dr
from homeassistant.setup import async_setup_component
from octoeverywhere_simulator import ManualClock, Simulator

from .conftest import setup_entry


@pytest.fixture
def simulator() -> Simulator:
    """A printer near the end of a print."""
    return Simulator("moonraker", "printing", clock=ManualClock(), progress=99)


def _printer(hass: HomeAssistant, entry: MockConfigEntry) -> dr.DeviceEntry:
    device = async_get_device(
        dr.async_get(hass), (DOMAIN, entry.entry_id), entry.entry_id
    )
    assert device is not None
    return device


async def test_triggers_listed(
    hass: HomeAssistant, simulator_entry: MockConfigEntry
) -> None:
    """Every print event type is a trigger of the printer's device."""
    entry = await setup_entry(hass, simulator_entry)
    device = _printer(hass, entry)
    triggers = await async_get_device_automations(
        hass, DeviceAutomationType.TRIGGER, device.id
    )
    ours = sorted(t["type"] for t in triggers if t["domain"] == DOMAIN)
    assert ours == sorted(TRIGGER_TYPES)
    assert "complete" in ours and "gadget_warning" in ours
    # A device that is not a printer (a material unit) has none.
    unit = dr.async_get(hass).async_get_or_create(
        config_entry_id=entry.entry_id,
        identifiers={(DOMAIN, f"{entry.entry_id}_unit_x")},
    )
    triggers = await async_get_device_automations(
        hass, DeviceAutomationType.TRIGGER, unit.id
    )
    assert not [t for t in triggers if t["domain"] == DOMAIN]


async def test_complete_trigger_fires(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    simulator_entry: MockConfigEntry,
    service_calls: list[ServiceCall],
) -> None:
    """An automation on "completed a print" runs once when the print completes."""
    entry = await setup_entry(hass, simulator_entry)
    device = _printer(hass, entry)
    assert await async_setup_component(
        hass,
        "automation",
        {
            "automation": [
                {
                    "triggers": [
                        {
                            "platform": "device",
                            "domain": DOMAIN,
                            "device_id": device.id,
                            "type": trigger_type,
                        }
                    ],
                    "actions": {
                        "action": "test.automation",
                        "data_template": {
                            "type": trigger_type,
                            "file": "{{ trigger.event.data.file_name }}",
                        },
                    },
                }
                for trigger_type in ("complete", "failed")
            ]
        },
    )
    simulator.advance(120)
    freezer.tick(IDLE_INTERVAL)
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert [call.data for call in service_calls] == [
        {"type": "complete", "file": "calibration/benchy_pla_0.2mm.gcode"}
    ]
