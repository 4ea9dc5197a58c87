"""The print event entity: every print event, pushed or polled, for automations."""

from typing import override

from homeassistant.components.event import EventEntity
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .api import PrintEvent, PrintEventType
from .compat import separate_events
from .coordinator import OctoEverywhereConfigEntry
from .entity import PrinterEntity
from .event_hub import PrintEventHub

PARALLEL_UPDATES = 0


async def async_setup_entry(
    hass: HomeAssistant,
    entry: OctoEverywhereConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the print event entity."""
    async_add_entities([PrintEventEntity(entry.entry_id, entry.runtime_data.events)])


class PrintEventEntity(PrinterEntity, EventEntity):
    """Fires ``started``, ``complete``, ``failed``, ... with what is known of the print.

    It follows the print-event hub, not the polls, and stays available: webhook events
    arrive even when polling fails.
    """

    _attr_translation_key = "print_event"
    _attr_event_types = [event_type.value for event_type in PrintEventType]

    def __init__(self, entry_id: str, events: PrintEventHub) -> None:
        """Listen to the printer's event hub."""
        super().__init__(entry_id, "print_event")
        self._events = events

    @override
    async def async_added_to_hass(self) -> None:
        """Subscribe to the hub."""
        await super().async_added_to_hass()
        self.async_on_remove(self._events.async_add_listener(self._async_on_event))

    @callback
    def _async_on_event(self, event: PrintEvent) -> None:
        previous = self.state
        self._trigger_event(event.type.value, event.attributes())
        separate_events(self, previous)
        self.async_write_ha_state()
