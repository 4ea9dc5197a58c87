"""Sensors and binary sensors: registry entries, states, and sentinel values."""

from unittest.mock import AsyncMock, patch

from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
    snapshot_platform,
)
from syrupy.assertion import SnapshotAssertion

from custom_components.octoeverywhere.api import PrinterStatus
from custom_components.octoeverywhere.const import ACTIVE_INTERVAL
from homeassistant.const import STATE_UNKNOWN, Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er

from .conftest import load_json

pytestmark = pytest.mark.freeze_time("2026-11-24 12:00:00+00:00")


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
@pytest.mark.parametrize("platform", [Platform.SENSOR, Platform.BINARY_SENSOR])
async def test_entities(
    hass: HomeAssistant,
    snapshot: SnapshotAssertion,
    entity_registry: er.EntityRegistry,
    mock_config_entry: MockConfigEntry,
    mock_client: AsyncMock,
    platform: Platform,
) -> None:
    """Every sensor of a printing printer, its registry entry and state."""
    with patch("custom_components.octoeverywhere.PLATFORMS", [platform]):
        mock_config_entry.add_to_hass(hass)
        await hass.config_entries.async_setup(mock_config_entry.entry_id)
        await hass.async_block_till_done()
    await snapshot_platform(hass, entity_registry, snapshot, mock_config_entry.entry_id)


@pytest.mark.parametrize(
    "entity_id",
    [
        # Changes on every poll; the time left serves most dashboards.
        "sensor.test_printer_time_elapsed",
        # OctoPrint and Klipper send no sub-state: unknown forever on most printers.
        "sensor.test_printer_status_detail",
    ],
)
async def test_disabled_by_default(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    init_integration: MockConfigEntry,
    entity_id: str,
) -> None:
    """Sensors few users want start disabled: registered, with no state."""
    entry = entity_registry.async_get(entity_id)
    assert entry is not None
    assert entry.disabled_by is er.RegistryEntryDisabler.INTEGRATION
    assert hass.states.get(entity_id) is None


def _payload(**changes: object) -> dict:
    payload = load_json("status_printing.json")["Result"]
    for path, value in changes.items():
        target = payload
        *parents, key = path.split("__")
        for parent in parents:
            target = target[parent]
        target[key] = value
    return payload


@pytest.mark.parametrize(
    ("changes", "entity_id", "expected"),
    [
        # Section 8 sentinels: unknown in disguise shows as unknown.
        (
            {"JobStatus__CurrentPrint__TimeLeftSec": -1},
            "sensor.test_printer_time_remaining",
            STATE_UNKNOWN,
        ),
        (
            {"JobStatus__CurrentPrint__TimeLeftSec": 0},
            "sensor.test_printer_time_remaining",
            STATE_UNKNOWN,
        ),
        (
            {"JobStatus__CurrentPrint__TimeLeftSec": -300},
            "sensor.test_printer_estimated_finish",
            STATE_UNKNOWN,
        ),
        (
            {"JobStatus__CurrentPrint__EstTotalFilUsedMm": -1},
            "sensor.test_printer_filament_length",
            STATE_UNKNOWN,
        ),
        (
            {"JobStatus__CurrentPrint__EstTotalFilUsedMm": 0},
            "sensor.test_printer_filament_length",
            STATE_UNKNOWN,
        ),
        (
            {"JobStatus__CurrentPrint__EstTotalFilWeightMg": None},
            "sensor.test_printer_filament_weight",
            STATE_UNKNOWN,
        ),
        (
            {
                "JobStatus__CurrentPrint__CurrentLayer": 0,
                "JobStatus__CurrentPrint__TotalLayers": 0,
            },
            "sensor.test_printer_current_layer",
            STATE_UNKNOWN,
        ),
        (
            {
                "JobStatus__CurrentPrint__CurrentLayer": 0,
                "JobStatus__CurrentPrint__TotalLayers": 0,
            },
            "sensor.test_printer_total_layers",
            STATE_UNKNOWN,
        ),
        (
            {"OctoEverywhereStatus__PrintStartTimeSec": 0.0},
            "sensor.test_printer_print_started",
            STATE_UNKNOWN,
        ),
        (
            {"OctoEverywhereStatus__Gadget__TimeSinceLastScoreSec": 1.8e9},
            "sensor.test_printer_gadget_score",
            STATE_UNKNOWN,
        ),
        ({"JobStatus__State": None}, "sensor.test_printer_state", STATE_UNKNOWN),
        (
            {"JobStatus__State": "calibrating"},
            "sensor.test_printer_state",
            STATE_UNKNOWN,
        ),
        (
            {"OctoEverywhereStatus": None},
            "sensor.test_printer_gadget_score",
            STATE_UNKNOWN,
        ),
        # Real values.
        (
            {"JobStatus__CurrentPrint__Progress": 56.99999999999999},
            "sensor.test_printer_progress",
            "57.0",
        ),
        ({"JobStatus__State": "complete"}, "sensor.test_printer_time_remaining", "0.0"),
        # To the minute it is shown in, half a minute up.
        (
            {"JobStatus__CurrentPrint__TimeLeftSec": 5430},
            "sensor.test_printer_time_remaining",
            "91.0",
        ),
        (
            {"JobStatus__CurrentPrint__TimeLeftSec": 5429},
            "sensor.test_printer_time_remaining",
            "90.0",
        ),
        (
            {"JobStatus__State": "complete"},
            "sensor.test_printer_estimated_finish",
            STATE_UNKNOWN,
        ),
        (
            {"JobStatus__State": "cancelled"},
            "sensor.test_printer_time_remaining",
            STATE_UNKNOWN,
        ),
        (
            # Moved by more than FINISH_STEADY_WITHIN: now + time left, to the minute.
            {"JobStatus__CurrentPrint__TimeLeftSec": 5430},
            "sensor.test_printer_estimated_finish",
            "2026-11-24T13:31:00+00:00",
        ),
        (
            {"JobStatus__SubState": "Bed Leveling"},
            "sensor.test_printer_status_detail",
            "Bed Leveling",
        ),
        (
            {"JobStatus__Error": "Printer Error"},
            "sensor.test_printer_error_message",
            "Printer Error",
        ),
        (
            {"JobStatus__Error": "Printer Error"},
            "binary_sensor.test_printer_problem",
            "on",
        ),
        ({"JobStatus__State": "error"}, "binary_sensor.test_printer_problem", "on"),
        ({"JobStatus__State": "paused"}, "binary_sensor.test_printer_printing", "off"),
        (
            {"JobStatus__State": "warmingup"},
            "binary_sensor.test_printer_printing",
            "on",
        ),
        (
            {"OctoEverywhereStatus__Gadget__TimeSinceLastWarnSec": 12.0},
            "binary_sensor.test_printer_gadget_warning",
            "on",
        ),
        (
            {
                "OctoEverywhereStatus__Gadget__TimeSinceLastWarnSec": 12.0,
                "JobStatus__State": "complete",
            },
            "binary_sensor.test_printer_gadget_warning",
            "off",
        ),
    ],
)
@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_values(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
    mock_client: AsyncMock,
    changes: dict[str, object],
    entity_id: str,
    expected: str,
) -> None:
    """Each value as the user sees it after a poll."""
    mock_client.get_status.return_value = PrinterStatus.from_dict(_payload(**changes))
    freezer.tick(ACTIVE_INTERVAL)
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert hass.states.get(entity_id).state == expected
