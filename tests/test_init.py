"""Setup, unload, start-up failures and the printer's device."""

from unittest.mock import AsyncMock

from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.octoeverywhere.api import (
    AuthenticationError,
    CannotConnectError,
    ConnectionRevokedError,
    HostNotConnectedError,
    OctoEverywhereError,
    PluginUpdateRequiredError,
    PrinterOfflineError,
    PrinterStatus,
    ServiceError,
    SupporterRequiredError,
)
from custom_components.octoeverywhere.compat import async_get_device
from custom_components.octoeverywhere.const import (
    CONF_AUTH_TYPE,
    CONF_WEBHOOK_SECRET,
    DOMAIN,
    IDLE_INTERVAL,
)
from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntryState
from homeassistant.const import CONF_URL, CONF_WEBHOOK_ID, STATE_OFF, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, issue_registry as ir

from .conftest import load_status


async def test_load_unload(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """The entry loads, creates its entities and unloads cleanly."""
    assert init_integration.state is ConfigEntryState.LOADED
    assert hass.states.get("sensor.test_printer_state").state == "printing"

    await hass.config_entries.async_unload(init_integration.entry_id)
    await hass.async_block_till_done()
    assert init_integration.state is ConfigEntryState.NOT_LOADED
    assert hass.states.get("sensor.test_printer_state").state == STATE_UNAVAILABLE


@pytest.mark.parametrize(
    "error",
    [
        CannotConnectError(None, "timed out"),
        ServiceError(600, "server error"),
        ServiceError(602, "plugin timed out"),
        OctoEverywhereError(750, "odd"),
    ],
)
async def test_setup_retries_on_transient_failure(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    mock_client: AsyncMock,
    error: OctoEverywhereError,
) -> None:
    """Service-side and transport failures at start-up retry the setup later."""
    mock_client.get_status.side_effect = error
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert mock_config_entry.state is ConfigEntryState.SETUP_RETRY


async def test_setup_auth_failed_starts_reauth(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, mock_client: AsyncMock
) -> None:
    """606 at start-up stops the setup and asks the user for new credentials."""
    mock_client.get_status.side_effect = AuthenticationError(606, "bad credentials")
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()

    assert mock_config_entry.state is ConfigEntryState.SETUP_ERROR
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]


@pytest.mark.parametrize("code", [603, 604])
async def test_setup_connection_revoked(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    mock_client: AsyncMock,
    issue_registry: ir.IssueRegistry,
    code: int,
) -> None:
    """A revoked App Connection fails the setup and raises a repair issue."""
    mock_client.get_status.side_effect = ConnectionRevokedError(code, "revoked")
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()

    assert mock_config_entry.state is ConfigEntryState.SETUP_ERROR
    issue = issue_registry.async_get_issue(
        DOMAIN, f"connection_revoked_{mock_config_entry.entry_id}"
    )
    assert issue is not None
    assert issue.severity is ir.IssueSeverity.ERROR
    assert issue.translation_placeholders == {"title": "Test printer"}


@pytest.mark.parametrize(
    ("error", "issue"),
    [
        (SupporterRequiredError(605, "perks"), "supporter_required"),
        (PluginUpdateRequiredError(754, "unknown command"), "plugin_update_required"),
        (PluginUpdateRequiredError(610, "update"), "plugin_update_required"),
    ],
)
async def test_setup_issue_then_recovery(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    mock_client: AsyncMock,
    issue_registry: ir.IssueRegistry,
    error: OctoEverywhereError,
    issue: str,
) -> None:
    """605 and 754/610 raise a repair issue that goes away once the printer answers."""
    mock_client.get_status.side_effect = error
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert mock_config_entry.state is ConfigEntryState.SETUP_RETRY
    issue_id = f"{issue}_{mock_config_entry.entry_id}"
    assert issue_registry.async_get_issue(DOMAIN, issue_id) is not None

    mock_client.get_status.side_effect = None
    await hass.config_entries.async_reload(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert mock_config_entry.state is ConfigEntryState.LOADED
    assert issue_registry.async_get_issue(DOMAIN, issue_id) is None


@pytest.mark.parametrize(
    "error",
    [
        PrinterOfflineError(601, "not connected"),
        HostNotConnectedError(785, "Host not connected"),
        HostNotConnectedError(787, "Failed to get current status."),
        HostNotConnectedError(789, "Failed to get current status."),
    ],
)
async def test_offline_at_startup_then_online(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    mock_client: AsyncMock,
    error: OctoEverywhereError,
) -> None:
    """An offline printer sets up as offline; its lights and chamber appear once online."""
    mock_client.get_status.side_effect = error
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()

    assert mock_config_entry.state is ConfigEntryState.LOADED
    assert hass.states.get("sensor.test_printer_state").state == "offline"
    assert hass.states.get("binary_sensor.test_printer_connected").state == STATE_OFF
    assert hass.states.get("sensor.test_printer_progress").state == STATE_UNAVAILABLE
    assert hass.states.get("light.test_printer_chamber") is None
    assert hass.states.get("sensor.test_printer_chamber_temperature") is None

    mock_client.get_status.side_effect = None
    freezer.tick(IDLE_INTERVAL)
    async_fire_time_changed(hass)
    await hass.async_block_till_done()

    assert hass.states.get("sensor.test_printer_state").state == "printing"
    assert hass.states.get("binary_sensor.test_printer_connected").state == "on"
    assert hass.states.get("light.test_printer_chamber").state == "on"
    assert hass.states.get("sensor.test_printer_chamber_temperature").state == "38.2"


async def test_device(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    device_registry: dr.DeviceRegistry,
    init_integration: MockConfigEntry,
    mock_client: AsyncMock,
) -> None:
    """One device per entry; model and version follow what the printer reports."""
    device = async_get_device(
        device_registry, (DOMAIN, init_integration.entry_id), init_integration.entry_id
    )
    assert device is not None
    assert device.name == "Test printer"
    assert device.manufacturer == "OctoEverywhere"
    assert device.model is None  # Features 31 is no known host platform
    assert device.sw_version == "1.0.0"

    upgraded = PrinterStatus.from_dict(
        {**load_status().raw, "PlatformVersion": "2.0.0", "Features": 63}
    )
    mock_client.get_status.return_value = upgraded
    freezer.tick(IDLE_INTERVAL)
    async_fire_time_changed(hass)
    await hass.async_block_till_done()

    device = async_get_device(
        device_registry, (DOMAIN, init_integration.entry_id), init_integration.entry_id
    )
    assert device is not None
    assert device.sw_version == "2.0.0"
    assert device.model == "Klipper (Moonraker)"
    assert (
        len(
            dr.async_entries_for_config_entry(
                device_registry, init_integration.entry_id
            )
        )
        == 1
    )


# --- Migration -------------------------------------------------------------------------------


async def test_migrate_1_1_adds_the_webhook(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, mock_client: AsyncMock
) -> None:
    """An entry from before 1.2 without a webhook gets one, once, and loads."""
    assert mock_config_entry.minor_version == 1
    assert CONF_WEBHOOK_ID not in mock_config_entry.data
    data_before = dict(mock_config_entry.data)
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()

    assert mock_config_entry.state is ConfigEntryState.LOADED
    assert (mock_config_entry.version, mock_config_entry.minor_version) == (1, 2)
    data = dict(mock_config_entry.data)
    webhook = {key: data.pop(key) for key in (CONF_WEBHOOK_ID, CONF_WEBHOOK_SECRET)}
    assert data == data_before  # nothing else changes
    assert len(webhook[CONF_WEBHOOK_ID]) >= 32
    assert len(webhook[CONF_WEBHOOK_SECRET]) >= 32

    # Migrated once: a reload keeps the same webhook.
    await hass.config_entries.async_reload(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert mock_config_entry.data[CONF_WEBHOOK_ID] == webhook[CONF_WEBHOOK_ID]
    assert mock_config_entry.data[CONF_WEBHOOK_SECRET] == webhook[CONF_WEBHOOK_SECRET]


async def test_migrate_1_1_keeps_an_existing_webhook(
    hass: HomeAssistant, mock_client: AsyncMock
) -> None:
    """An entry of 1.1 that already has its webhook (set up once before) keeps it."""
    data = {
        CONF_URL: "https://app-abc123.octoeverywhere.com",
        CONF_AUTH_TYPE: "none",
        CONF_WEBHOOK_ID: "existing-webhook-id",
        CONF_WEBHOOK_SECRET: "existing-secret",
    }
    entry = MockConfigEntry(
        domain=DOMAIN, title="Old", version=1, minor_version=1, data=data
    )
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert entry.minor_version == 2
    assert dict(entry.data) == data


async def test_entry_from_a_newer_version_is_refused(
    hass: HomeAssistant, mock_client: AsyncMock
) -> None:
    """An entry written by a newer version of the integration is not touched."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Future",
        version=2,
        data={
            CONF_URL: "https://app-abc123.octoeverywhere.com",
            CONF_AUTH_TYPE: "none",
        },
    )
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.MIGRATION_ERROR
    mock_client.get_status.assert_not_called()
