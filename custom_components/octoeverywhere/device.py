"""The printer's device: created at setup, its model and version kept current.

Its name is the entry's title: the name given at setup (or the host software's), which also
makes the entity ids. OctoEverywhere's own name for the printer (App Connection info) does
not rename it: entities added later would get ids after the new name, beside the old ones.
The user renames the device in Home Assistant (name_by_user), which can rename the ids too.
"""

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import device_registry as dr

from .api import PrinterStatus
from .compat import async_get_device
from .const import DOMAIN, MANUFACTURER
from .coordinator import OctoEverywhereConfigEntry
from .naming import PLATFORM_MODELS


@callback
def async_update_device(
    hass: HomeAssistant, entry: OctoEverywhereConfigEntry, status: PrinterStatus | None
) -> dr.DeviceEntry:
    """Create the printer's device, and keep its name, model and version current.

    Model and version are only known while the printer is online, so they are filled in
    (and updated after a host software upgrade) whenever a poll reports them. The name is
    the entry's title (earlier versions gave it OctoEverywhere's name; that is undone).
    """
    device_registry = dr.async_get(hass)
    device = async_get_device(device_registry, (DOMAIN, entry.entry_id), entry.entry_id)
    if status is None:
        if device is not None and device.name == entry.title:
            return device
        model = device.model if device else None
        sw_version = device.sw_version if device else None
    else:
        model = PLATFORM_MODELS.get(status.platform) if status.platform else None
        sw_version = status.known_platform_version
        if device and (device.name, device.model, device.sw_version) == (
            entry.title,
            model,
            sw_version,
        ):
            return device
    return device_registry.async_get_or_create(
        config_entry_id=entry.entry_id,
        identifiers={(DOMAIN, entry.entry_id)},
        manufacturer=MANUFACTURER,
        name=entry.title,
        model=model,
        sw_version=sw_version,
    )
