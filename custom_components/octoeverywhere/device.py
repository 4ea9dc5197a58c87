"""The printer's device: created at setup, its model and version kept current, its name."""

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import device_registry as dr

from .api import AppConnectionInfo, PrinterStatus
from .compat import async_get_device
from .const import DOMAIN, MANUFACTURER
from .coordinator import OctoEverywhereConfigEntry
from .naming import PLATFORM_MODELS


@callback
def async_update_device(
    hass: HomeAssistant, entry: OctoEverywhereConfigEntry, status: PrinterStatus | None
) -> dr.DeviceEntry:
    """Create the printer's device, and keep its model and version current.

    Model and version are only known while the printer is online, so they are filled in
    (and updated after a host software upgrade) whenever a poll reports them.
    """
    device_registry = dr.async_get(hass)
    device = async_get_device(device_registry, (DOMAIN, entry.entry_id), entry.entry_id)
    if status is None:
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


@callback
def async_name_device(
    hass: HomeAssistant, device_id: str, info: AppConnectionInfo | None
) -> None:
    """Name the printer's device as OctoEverywhere names the printer (with an AppToken)."""
    if info is None or not info.printer_name:
        return
    registry = dr.async_get(hass)
    device = registry.async_get(device_id)
    if device is not None and device.name != info.printer_name:
        registry.async_update_device(device_id, name=info.printer_name)
