"""OctoEverywhere for Home Assistant: any printer connected to OctoEverywhere."""

from homeassistant.const import CONF_WEBHOOK_ID, Platform
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import config_validation as cv, device_registry as dr
from homeassistant.helpers.typing import ConfigType

from .api import PrinterStatus
from .card import async_register_card
from .connection import create_app_client, create_client
from .const import CONF_APP_TOKEN, DOMAIN, LOGGER
from .coordinator import (
    AppInfoCoordinator,
    GadgetCoordinator,
    OctoEverywhereConfigEntry,
    OctoEverywhereCoordinator,
    OctoEverywhereRuntimeData,
)
from .device import async_update_device
from .errors import install_log_filter
from .event_hub import PrintEventHub
from .ledger import PrintLedger, async_remove_ledger
from .material import async_remove_stale_devices, is_stale_unit_device
from .services import async_setup_services
from .webhook import async_register_webhook, async_remove_cloudhook, new_webhook_data

PLATFORMS: list[Platform] = [
    Platform.BINARY_SENSOR,
    Platform.BUTTON,
    Platform.CAMERA,
    Platform.EVENT,
    Platform.LIGHT,
    Platform.NUMBER,
    Platform.SENSOR,
]
CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Register the actions and the printer card once, for every printer."""
    install_log_filter()
    async_setup_services(hass)
    await async_register_card(hass)
    return True


async def async_migrate_entry(
    hass: HomeAssistant, entry: OctoEverywhereConfigEntry
) -> bool:
    """Bring an entry of an earlier version to the current one.

    1.1 -> 1.2: every entry has its webhook id and secret in its data (entries made before
    webhooks existed got them at setup until then).
    """
    if entry.version > 1:
        return False  # made by a newer version of this integration
    if entry.minor_version < 2:
        data = dict(entry.data)
        if CONF_WEBHOOK_ID not in data:
            data |= new_webhook_data()
        hass.config_entries.async_update_entry(entry, data=data, minor_version=2)
        LOGGER.debug("Migrated %s to version 1.2", entry.title)
    return True


async def async_setup_entry(
    hass: HomeAssistant, entry: OctoEverywhereConfigEntry
) -> bool:
    """Connect to the printer; an offline printer still sets up and shows as offline.

    A revoked connection raises a translated ConfigEntryError from the first refresh: Home
    Assistant shows the reason on the entry and logs one line.
    """
    coordinator = OctoEverywhereCoordinator(
        hass, entry, create_client(hass, entry.data)
    )
    await coordinator.async_config_entry_first_refresh()

    device = async_update_device(hass, entry, coordinator.data.status)
    ledger = PrintLedger(hass, entry.entry_id)
    await ledger.async_load()
    events = PrintEventHub(
        hass,
        entry.entry_id,
        device.id,
        ledger,
        coordinator.async_refresh,
        note_error=coordinator.async_note_error,
    )
    entry.async_on_unload(events.async_stop)
    entry.runtime_data = runtime = OctoEverywhereRuntimeData(
        coordinator=coordinator, events=events, device_id=device.id
    )

    @callback
    def _async_on_poll() -> None:
        events.async_on_status(_seen_status(coordinator))

    @callback
    def _async_on_equipment() -> None:
        """Model, version and material units are equipment: looked at when it changed."""
        status = coordinator.data.status
        async_update_device(hass, entry, status)
        async_remove_stale_devices(hass, entry, status)

    # Events first (automations see them before states), then the device registry.
    entry.async_on_unload(coordinator.async_add_listener(_async_on_poll))
    entry.async_on_unload(coordinator.async_add_equipment_listener(_async_on_equipment))
    if app_token := entry.options.get(CONF_APP_TOKEN):
        await _async_setup_app_connection(hass, entry, runtime, app_token)
    await async_register_webhook(hass, entry)
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    # Now that the event entity and the sensors listen: what happened since the last run.
    events.async_start(_seen_status(coordinator))
    return True


def _seen_status(coordinator: OctoEverywhereCoordinator) -> PrinterStatus | None:
    """Return the printer's status; None while it is offline or cannot be reached."""
    return coordinator.data.status if coordinator.last_update_success else None


async def _async_setup_app_connection(
    hass: HomeAssistant,
    entry: OctoEverywhereConfigEntry,
    runtime: OctoEverywhereRuntimeData,
    app_token: str,
) -> None:
    """Start the App API coordinators; their failures never stop the printer's setup."""
    api = create_app_client(hass, runtime.coordinator.client.origin, app_token)
    runtime.app_info = info = AppInfoCoordinator(hass, entry, api)
    runtime.gadget = gadget = GadgetCoordinator(hass, entry, api)
    await info.async_refresh()

    @callback
    def _async_on_status() -> None:
        gadget.async_follow_status(runtime.coordinator.data.status)

    _async_on_status()
    # A coordinator polls only while it has a listener: the info API tells of a revoked
    # connection and missing Supporter Perks (repairs) even while the printer is offline.
    entry.async_on_unload(info.async_add_listener(lambda: None))
    entry.async_on_unload(runtime.coordinator.async_add_listener(_async_on_status))


async def async_unload_entry(
    hass: HomeAssistant, entry: OctoEverywhereConfigEntry
) -> bool:
    """Unload the platforms; the coordinator, hub and webhook stop with the entry."""
    return await hass.config_entries.async_unload_platforms(entry, PLATFORMS)


async def async_remove_config_entry_device(
    hass: HomeAssistant, entry: OctoEverywhereConfigEntry, device: dr.DeviceEntry
) -> bool:
    """Let the user delete a material unit the printer no longer reports."""
    return is_stale_unit_device(entry, device)


async def async_remove_entry(
    hass: HomeAssistant, entry: OctoEverywhereConfigEntry
) -> None:
    """Delete the entry's print ledger and its Home Assistant Cloud webhook, if made."""
    await async_remove_ledger(hass, entry.entry_id)
    if webhook_id := entry.data.get(CONF_WEBHOOK_ID):
        await async_remove_cloudhook(hass, webhook_id)
