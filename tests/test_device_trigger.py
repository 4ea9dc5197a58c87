"""Device triggers: a printer's print events in the automation editor."""

import string

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
from homeassistant.helpers.translation import async_get_translations
from homeassistant.setup import async_setup_component
from octoeverywhere_simulator import ManualClock, Simulator

from .conftest import DeprecationWatch, setup_entry


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


async def test_trigger_labels_name_no_entity(
    hass: HomeAssistant, simulator_entry: MockConfigEntry
) -> None:
    """Each trigger's label, as Home Assistant translates it, reads whole for the device.

    A device trigger has no entity: a label with {entity_name} showed "<unknown entity>".
    """
    entry = await setup_entry(hass, simulator_entry)
    triggers = await async_get_device_automations(
        hass, DeviceAutomationType.TRIGGER, _printer(hass, entry).id
    )
    translations = await async_get_translations(
        hass, "en", "device_automation", [DOMAIN]
    )
    labels = {
        trigger["type"]: translations.get(
            f"component.{DOMAIN}.device_automation.trigger_type.{trigger['type']}"
        )
        for trigger in triggers
        if trigger["domain"] == DOMAIN
    }
    assert set(labels) == set(TRIGGER_TYPES)
    for trigger_type, label in labels.items():
        assert label, trigger_type
        fields = [field for _, field, _, _ in string.Formatter().parse(label) if field]
        assert fields == [], (trigger_type, label)
    assert labels["complete"] == "Print completed"
    assert labels["gadget_warning"] == "Gadget warned of a possible failure"


@pytest.mark.skipif(
    not hasattr(dr.DeviceEntry, "config_entry_id"),
    reason="config_entries is deprecated only where config_entry_id exists (2026.8 on)",
)
@pytest.mark.parametrize("integration_frame_path", ["custom_components/octoeverywhere"])
@pytest.mark.usefixtures("mock_integration_frame")
async def test_deprecation_watch_sees_deprecated_device_access(
    hass: HomeAssistant,
    simulator_entry: MockConfigEntry,
    deprecation_watch: DeprecationWatch,
) -> None:
    """The watch every test runs under catches what the trigger list used to do.

    Reading DeviceEntry.config_entries from this integration is logged as deprecated; the
    printer's device is recognised through config_entry_id now.
    """
    entry = await setup_entry(hass, simulator_entry)
    assert deprecation_watch.records == []
    device = _printer(hass, entry)
    assert device.config_entries == {entry.entry_id}
    assert len(deprecation_watch.records) == 1
    assert "DeviceEntry.config_entries" in deprecation_watch.records[0].getMessage()
    deprecation_watch.records.clear()  # seen on purpose: the test itself passes
