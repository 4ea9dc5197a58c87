"""The logbook: print events read as sentences, each with its event type's icon."""

import json
from pathlib import Path

import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.octoeverywhere.api import PrintEvent, PrintEventType
from custom_components.octoeverywhere.const import DOMAIN
from custom_components.octoeverywhere.logbook import DEFAULT_ICON, ICONS
from homeassistant.components.recorder import Recorder
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
import homeassistant.util.dt as dt_util

from .conftest import setup_entry

ICONS_JSON = Path(__file__).parent.parent / "custom_components" / DOMAIN / "icons.json"


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(
    recorder_mock: Recorder, enable_custom_integrations: None
) -> None:
    """The logbook reads the recorder: it must start before Home Assistant does."""


def test_icons_are_the_event_entitys() -> None:
    """One icon per event type, the same as the event entity's in icons.json."""
    print_event = json.loads(ICONS_JSON.read_text())["entity"]["event"]["print_event"]
    assert print_event["state_attributes"]["event_type"]["state"] == ICONS
    assert set(ICONS) == {event_type.value for event_type in PrintEventType}
    assert print_event["default"] == DEFAULT_ICON


@pytest.mark.parametrize(
    ("event_type", "icon"),
    [
        (PrintEventType.COMPLETE, "mdi:check-circle-outline"),
        (PrintEventType.GADGET_WARNING, "mdi:robot-angry-outline"),
        (PrintEventType.ERROR, "mdi:alert-octagon-outline"),
    ],
)
async def test_logbook_entries_carry_the_icon(
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    simulator_entry: MockConfigEntry,
    event_type: PrintEventType,
    icon: str,
) -> None:
    """What the logbook shows for a print event: the sentence, named and with its icon."""
    assert await async_setup_component(hass, "logbook", {})
    entry = await setup_entry(hass, simulator_entry)
    start = dt_util.utcnow()
    entry.runtime_data.events.async_dispatch(
        PrintEvent(
            type=event_type, source="webhook", print_id="p1", file_name="benchy.gcode"
        )
    )
    await hass.async_block_till_done()
    await async_wait_recording_done(hass)

    client = await hass_ws_client()
    await client.send_json_auto_id(
        {
            "type": "logbook/get_events",
            "start_time": start.isoformat(),
            "device_ids": [entry.runtime_data.device_id],
        }
    )
    response = await client.receive_json()
    assert response["success"]
    ours = [item for item in response["result"] if item.get("domain") == DOMAIN]
    # A print's first event of its own comes after its `started` (the print ledger).
    assert [item["icon"] for item in ours[:-1]] in (
        [],
        [ICONS[PrintEventType.STARTED.value]],
    )
    assert ours[-1]["name"] == "Sim printer"
    assert ours[-1]["icon"] == icon
    assert ours[-1]["message"]
