"""The print event entity: every print event, pushed or polled, for automations."""

from collections.abc import Hashable

from homeassistant.components.event import EventEntity
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .api import PrintEvent, PrintEventType
from .coordinator import OctoEverywhereCoordinator
from .data import OctoEverywhereConfigEntry
from .entity import OctoEverywhereEntity
from .event_hub import PrintEventHub

PARALLEL_UPDATES = 0


async def async_setup_entry(
    hass: HomeAssistant,
    entry: OctoEverywhereConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the print event entity."""
    runtime = entry.runtime_data
    async_add_entities([PrintEventEntity(runtime.coordinator, runtime.events)])


class PrintEventEntity(OctoEverywhereEntity, EventEntity):
    """Fires ``started``, ``complete``, ``failed``, ... with what is known of the print."""

    _attr_translation_key = "print_event"
    _attr_event_types = [event_type.value for event_type in PrintEventType]

    def __init__(
        self, coordinator: OctoEverywhereCoordinator, events: PrintEventHub
    ) -> None:
        """Listen to the printer's event hub."""
        super().__init__(coordinator, "print_event")
        self._events = events

    def _state_key(self) -> Hashable:
        return True  # polls change nothing it shows: events do, through the hub

    @property
    def available(self) -> bool:
        """Always available: webhook events arrive even when polling fails."""
        return True

    async def async_added_to_hass(self) -> None:
        """Subscribe to the hub."""
        await super().async_added_to_hass()
        self.async_on_remove(self._events.async_add_listener(self._async_on_event))

    @callback
    def _async_on_event(self, event: PrintEvent) -> None:
        self._trigger_event(event.type.value, event.attributes())
        self.async_write_ha_state()
