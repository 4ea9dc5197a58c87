"""Lights: one per reported light, switched with set-light."""

from unittest.mock import AsyncMock

from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from syrupy.assertion import SnapshotAssertion

from custom_components.octoeverywhere.api import (
    CommandError,
    HostNotConnectedError,
    PrinterStatus,
)
from homeassistant.components.light import DOMAIN as LIGHT_DOMAIN
from homeassistant.const import (
    ATTR_ENTITY_ID,
    SERVICE_TURN_OFF,
    SERVICE_TURN_ON,
    STATE_OFF,
    STATE_ON,
    STATE_UNAVAILABLE,
    Platform,
)
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import entity_registry as er

from .conftest import load_json, next_poll, snapshot_entities

CHAMBER = "light.test_printer_chamber"


def _with_lights(lights: object, features: int = 31) -> PrinterStatus:
    payload = load_json("status_printing.json")["Result"]
    payload["JobStatus"]["Lights"] = lights
    payload["Features"] = features
    return PrinterStatus.from_dict(payload)


async def test_entities(
    hass: HomeAssistant,
    snapshot: SnapshotAssertion,
    mock_config_entry: MockConfigEntry,
    mock_client: AsyncMock,
) -> None:
    """Every light of a printing printer, its registry entry and state."""
    await snapshot_entities(hass, snapshot, mock_config_entry, Platform.LIGHT)


async def test_light_entity(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    init_integration: MockConfigEntry,
) -> None:
    """The light is named after the printer's light and keyed by its slug."""
    state = hass.states.get(CHAMBER)
    assert state.state == STATE_ON
    assert state.attributes["friendly_name"] == "Test printer Chamber"
    entry = entity_registry.async_get(CHAMBER)
    assert entry.unique_id == f"{init_integration.entry_id}_light_chamber"
    assert entry.translation_key == "light"


@pytest.mark.parametrize(
    ("service", "on"), [(SERVICE_TURN_OFF, False), (SERVICE_TURN_ON, True)]
)
async def test_switch(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    mock_client: AsyncMock,
    service: str,
    on: bool,
) -> None:
    """Switching sends set-light with the printer's own name and refreshes at once."""
    polls = mock_client.get_status.call_count
    await hass.services.async_call(
        LIGHT_DOMAIN, service, {ATTR_ENTITY_ID: CHAMBER}, blocking=True
    )
    mock_client.command.assert_awaited_once_with(
        "set-light", {"Name": "chamber", "On": on}
    )
    assert mock_client.get_status.call_count == polls + 1
    # The poll still reports the old state: the commanded one is shown until it changes.
    assert hass.states.get(CHAMBER).state == (STATE_ON if on else STATE_OFF)


async def test_poll_overrides_commanded_state(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
    mock_client: AsyncMock,
) -> None:
    """Once a poll reports a change, it tells the truth again."""
    await hass.services.async_call(
        LIGHT_DOMAIN, SERVICE_TURN_OFF, {ATTR_ENTITY_ID: CHAMBER}, blocking=True
    )
    assert hass.states.get(CHAMBER).state == STATE_OFF
    payload = load_json("status_printing.json")["Result"]
    payload["JobStatus"]["CurrentPrint"]["Progress"] = 50.0  # the light stayed on
    mock_client.get_status.return_value = PrinterStatus.from_dict(payload)
    await next_poll(hass, freezer)
    assert hass.states.get(CHAMBER).state == STATE_ON


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (
            CommandError(400, "Unknown light name: chamber"),
            "The printer refused the command: Unknown light name: chamber",
        ),
        (CommandError(788, "Not supported"), "This is not supported on this printer"),
        (HostNotConnectedError(785, "Host not connected"), "The printer is offline"),
    ],
)
async def test_switch_failure(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    mock_client: AsyncMock,
    error: Exception,
    message: str,
) -> None:
    """A refused command raises a translated error and keeps the reported state."""
    mock_client.command.side_effect = error
    with pytest.raises(HomeAssistantError) as excinfo:
        await hass.services.async_call(
            LIGHT_DOMAIN, SERVICE_TURN_OFF, {ATTR_ENTITY_ID: CHAMBER}, blocking=True
        )
    assert str(excinfo.value) == message
    assert hass.states.get(CHAMBER).state == STATE_ON


async def test_lights_come_and_go(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
    mock_client: AsyncMock,
) -> None:
    """A light reported later is added without a reload; a dropped list makes it unavailable."""
    mock_client.get_status.return_value = _with_lights(
        [{"Name": "chamber", "On": False}, {"Name": "Case_Light", "On": True}]
    )
    await next_poll(hass, freezer)
    assert hass.states.get(CHAMBER).state == STATE_OFF
    assert hass.states.get("light.test_printer_case_light").state == STATE_ON

    # Moonraker can report Lights as null while the lights still exist.
    mock_client.get_status.return_value = _with_lights(None)
    await next_poll(hass, freezer)
    assert hass.states.get(CHAMBER).state == STATE_UNAVAILABLE
    assert hass.states.get("light.test_printer_case_light").state == STATE_UNAVAILABLE


async def test_no_lights_without_feature_bit(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, mock_client: AsyncMock
) -> None:
    """Without feature bit 1 no light entity is created, even if lights are listed."""
    mock_client.get_status.return_value = _with_lights(
        [{"Name": "chamber", "On": True}], features=30
    )
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert hass.states.get(CHAMBER) is None
