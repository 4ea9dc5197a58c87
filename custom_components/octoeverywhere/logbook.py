"""Readable logbook entries for ``octoeverywhere_event``."""

from collections.abc import Callable, Mapping
from typing import Any

from homeassistant.components.logbook import (
    LOGBOOK_ENTRY_ICON,
    LOGBOOK_ENTRY_MESSAGE,
    LOGBOOK_ENTRY_NAME,
)
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.helpers import device_registry as dr

from .const import DOMAIN
from .event_hub import EVENT_OCTOEVERYWHERE

_MESSAGES = {
    "started": "started printing {file}",
    "complete": "finished printing {file}",
    "failed": "failed printing {file}{error}",
    "cancelled": "cancelled printing {file}",
    "paused": "paused printing {file}",
    "resumed": "resumed printing {file}",
    "progress": "is {progress} % through {file}",
    "gadget_warning": "was warned by Gadget of a possible failure printing {file}",
    "gadget_paused": "was paused by Gadget for a possible failure printing {file}",
    "error": "reported an error{error}",
    "first_layer_complete": "finished the first layer of {file}",
    "third_layer_complete": "finished the third layer of {file}",
    "filament_change_required": "needs a filament change",
    "user_interaction_required": "needs attention",
    "bed_cooldown_complete": "cooled its bed down",
    "notification_limit": "reached OctoEverywhere's daily notification limit",
    "test": "received a test notification",
}
# The event entity's icon of each event type (icons.json, event.print_event's event_type;
# a test keeps the two equal): the logbook cannot read icons.json from a callback.
ICONS = {
    "started": "mdi:printer-3d-nozzle",
    "complete": "mdi:check-circle-outline",
    "failed": "mdi:alert-circle-outline",
    "cancelled": "mdi:cancel",
    "paused": "mdi:pause-circle-outline",
    "resumed": "mdi:play-circle-outline",
    "progress": "mdi:progress-clock",
    "gadget_warning": "mdi:robot-angry-outline",
    "gadget_paused": "mdi:robot-angry",
    "error": "mdi:alert-octagon-outline",
    "first_layer_complete": "mdi:layers-outline",
    "third_layer_complete": "mdi:layers-triple-outline",
    "filament_change_required": "mdi:printer-3d-nozzle-alert-outline",
    "user_interaction_required": "mdi:account-alert-outline",
    "bed_cooldown_complete": "mdi:thermometer-chevron-down",
    "notification_limit": "mdi:bell-off-outline",
    "test": "mdi:bell-check-outline",
}
DEFAULT_ICON = "mdi:printer-3d"


@callback
def async_describe_events(
    hass: HomeAssistant,
    async_describe_event: Callable[[str, str, Callable[[Event], dict[str, str]]], None],
) -> None:
    """Describe print events in the logbook."""

    @callback
    def describe(event: Event) -> dict[str, str]:
        data: Mapping[str, Any] = event.data
        device = (
            dr.async_get(hass).async_get(data["device_id"])
            if data.get("device_id")
            else None
        )
        template = _MESSAGES.get(data.get("event_type", ""), "sent {event_type}")
        message = template.format(
            file=data.get("file_name") or "a file",
            error=f": {data['error']}" if data.get("error") else "",
            progress=f"{data.get('progress', 0):g}",
            event_type=data.get("event_type"),
        )
        return {
            LOGBOOK_ENTRY_NAME: (device.name_by_user or device.name or "Printer")
            if device
            else "Printer",
            LOGBOOK_ENTRY_MESSAGE: message,
            LOGBOOK_ENTRY_ICON: ICONS.get(data.get("event_type", ""), DEFAULT_ICON),
        }

    async_describe_event(DOMAIN, EVENT_OCTOEVERYWHERE, describe)
