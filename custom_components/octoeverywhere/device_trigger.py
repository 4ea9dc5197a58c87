"""Device triggers: "when the printer completes a print" in the automation editor.

Each print event type is a trigger of the printer's device; it fires on the
``octoeverywhere_event`` bus event, so it works with polling alone and with webhook push.
"""

from typing import Any

import voluptuous as vol

from homeassistant.components.device_automation import DEVICE_TRIGGER_BASE_SCHEMA
from homeassistant.components.homeassistant.triggers import event as event_trigger
from homeassistant.const import (
    CONF_DEVICE_ID,
    CONF_DOMAIN,
    CONF_EVENT_DATA,
    CONF_PLATFORM,
    CONF_TYPE,
)
from homeassistant.core import CALLBACK_TYPE, HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.trigger import TriggerActionType, TriggerInfo
from homeassistant.helpers.typing import ConfigType

from .api import PrintEventType
from .compat import device_config_entry_ids
from .const import DOMAIN
from .event_hub import EVENT_OCTOEVERYWHERE

TRIGGER_TYPES = [event_type.value for event_type in PrintEventType]
TRIGGER_SCHEMA = DEVICE_TRIGGER_BASE_SCHEMA.extend(
    {vol.Required(CONF_TYPE): vol.In(TRIGGER_TYPES)}
)


def _is_printer(hass: HomeAssistant, device_id: str) -> bool:
    """Whether ``device_id`` is a printer (not a material unit)."""
    device = dr.async_get(hass).async_get(device_id)
    if device is None:
        return False
    # The printer's identifier is its entry's id; a unit's has a suffix.
    return any(
        (DOMAIN, entry_id) in device.identifiers
        for entry_id in device_config_entry_ids(device)
    )


async def async_get_triggers(
    hass: HomeAssistant, device_id: str
) -> list[dict[str, Any]]:
    """List a printer's print-event triggers."""
    if not _is_printer(hass, device_id):
        return []
    return [
        {
            CONF_PLATFORM: "device",
            CONF_DOMAIN: DOMAIN,
            CONF_DEVICE_ID: device_id,
            CONF_TYPE: trigger_type,
        }
        for trigger_type in TRIGGER_TYPES
    ]


async def async_attach_trigger(
    hass: HomeAssistant,
    config: ConfigType,
    action: TriggerActionType,
    trigger_info: TriggerInfo,
) -> CALLBACK_TYPE:
    """Fire on the printer's print event of the configured type."""
    event_config = event_trigger.TRIGGER_SCHEMA(
        {
            CONF_PLATFORM: "event",
            event_trigger.CONF_EVENT_TYPE: EVENT_OCTOEVERYWHERE,
            CONF_EVENT_DATA: {
                CONF_DEVICE_ID: config[CONF_DEVICE_ID],
                "event_type": config[CONF_TYPE],
            },
        }
    )
    return await event_trigger.async_attach_trigger(
        hass, event_config, action, trigger_info, platform_type="device"
    )
