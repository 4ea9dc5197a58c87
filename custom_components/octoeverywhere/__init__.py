"""OctoEverywhere for Home Assistant: any printer connected to OctoEverywhere."""

from homeassistant.const import CONF_WEBHOOK_ID, Platform
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryError
from homeassistant.helpers import (
    config_validation as cv,
    device_registry as dr,
    issue_registry as ir,
)
from homeassistant.helpers.typing import ConfigType

from .api import ConnectionRevokedError
from .app_connection import (
    AppInfoCoordinator,
    GadgetCoordinator,
    async_name_device,
    create_app_client,
)
from .compat import async_get_device
from .connection import create_client
from .const import CONF_APP_TOKEN, DOMAIN, LOGGER, MANUFACTURER
from .coordinator import OctoEverywhereCoordinator
from .data import OctoEverywhereConfigEntry, OctoEverywhereRuntimeData
from .event_hub import PrintEventHub
from .issues import Issue, issue_id
from .material import async_remove_stale, is_stale_unit_device
from .naming import PLATFORM_MODELS
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
    """Register the actions once, for every printer."""
    async_setup_services(hass)
    return True


async def async_setup_entry(
    hass: HomeAssistant, entry: OctoEverywhereConfigEntry
) -> bool:
    """Connect to the printer; an offline printer still sets up and shows as offline."""
    if CONF_WEBHOOK_ID not in entry.data:
        # Every entry gets its own webhook id and secret, for OctoEverywhere notifications.
        hass.config_entries.async_update_entry(
            entry, data={**entry.data, **new_webhook_data()}
        )
    coordinator = OctoEverywhereCoordinator(
        hass, entry, create_client(hass, entry.data)
    )
    # A poll that found the connection revoked raised the issue and reloads the entry.
    reported = _async_revoked_reported(hass, entry)
    try:
        await coordinator.async_config_entry_first_refresh()
    except ConfigEntryError as err:
        if not isinstance(err.__cause__, ConnectionRevokedError):
            raise
        # Expected and explained by the repair issue: Home Assistant would log a
        # ConfigEntryError with a traceback, so stop here with one line (none after a poll
        # that logged it already).
        if not reported:
            LOGGER.error("%s cannot be set up: %s", entry.title, err)
        return False

    device = _async_update_device(hass, entry, coordinator)
    events = PrintEventHub(hass, entry, coordinator, device.id)
    entry.runtime_data = runtime = OctoEverywhereRuntimeData(
        coordinator=coordinator, events=events, device_id=device.id
    )
    entry.async_on_unload(events.async_start())
    if app_token := entry.options.get(CONF_APP_TOKEN):
        await _async_setup_app_connection(hass, entry, runtime, app_token)

    @callback
    def _async_on_poll() -> None:
        """Keep the device registry in line with what the printer reports."""
        _async_update_device(hass, entry, coordinator)
        async_remove_stale(hass, entry)

    entry.async_on_unload(coordinator.async_add_listener(_async_on_poll))
    await async_register_webhook(hass, entry)
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    return True


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
    def _async_on_info() -> None:
        async_name_device(hass, runtime.device_id, info.data)

    @callback
    def _async_on_status() -> None:
        status = runtime.coordinator.data.status
        gadget.async_follow_job(status is not None and status.is_active)

    _async_on_info()
    _async_on_status()
    entry.async_on_unload(info.async_add_listener(_async_on_info))
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
    """Delete the entry's Home Assistant Cloud webhook, if the options flow made one."""
    if webhook_id := entry.data.get(CONF_WEBHOOK_ID):
        await async_remove_cloudhook(hass, webhook_id)


@callback
def _async_revoked_reported(
    hass: HomeAssistant, entry: OctoEverywhereConfigEntry
) -> bool:
    """Whether the connection was already found revoked (its issue is up)."""
    issue = ir.async_get(hass).async_get_issue(
        DOMAIN, issue_id(Issue.CONNECTION_REVOKED, entry)
    )
    # Issues of an earlier run are loaded inactive.
    return issue is not None and issue.active


@callback
def _async_update_device(
    hass: HomeAssistant,
    entry: OctoEverywhereConfigEntry,
    coordinator: OctoEverywhereCoordinator,
) -> dr.DeviceEntry:
    """Create the printer's device, and keep its model and version current.

    Model and version are only known while the printer is online, so they are filled in
    (and updated after a host software upgrade) whenever a poll reports them.
    """
    device_registry = dr.async_get(hass)
    device = async_get_device(device_registry, (DOMAIN, entry.entry_id), entry.entry_id)
    if (status := coordinator.data.status) is None:
        if device is not None:
            return device
        model = sw_version = None
    else:
        model = PLATFORM_MODELS.get(status.platform) if status.platform else None
        sw_version = status.known_platform_version
        if device and (device.model, device.sw_version) == (model, sw_version):
            return device
    return device_registry.async_get_or_create(
        config_entry_id=entry.entry_id,
        identifiers={(DOMAIN, entry.entry_id)},
        manufacturer=MANUFACTURER,
        name=entry.title,
        model=model,
        sw_version=sw_version,
    )
