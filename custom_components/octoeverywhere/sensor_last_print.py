"""Last-print sensors: how the most recent print ended, kept until the next one ends.

They are set by the print-event hub when a print completes, fails or is cancelled, and
restored after a restart, so the result survives the printer clearing its job.
"""

from collections.abc import Callable
from dataclasses import dataclass

from homeassistant.components.sensor import (
    RestoreSensor,
    SensorDeviceClass,
    SensorEntityDescription,
)
from homeassistant.const import MAX_LENGTH_STATE_STATE, UnitOfLength, UnitOfTime
from homeassistant.core import callback
from homeassistant.helpers.typing import StateType

from .api import END_EVENTS, PrintEvent
from .coordinator import OctoEverywhereCoordinator
from .entity import OctoEverywhereEntity
from .event_hub import LastPrint, PrintEventHub


@dataclass(frozen=True, kw_only=True)
class LastPrintSensorEntityDescription(SensorEntityDescription):
    """A last-print sensor read from the hub's ``LastPrint`` by ``value_fn``."""

    value_fn: Callable[[LastPrint], StateType]


LAST_PRINT_SENSORS: tuple[LastPrintSensorEntityDescription, ...] = (
    LastPrintSensorEntityDescription(
        key="last_print_result",
        translation_key="last_print_result",
        device_class=SensorDeviceClass.ENUM,
        options=[event_type.value for event_type in sorted(END_EVENTS)],
        value_fn=lambda last: last.result.value,
    ),
    LastPrintSensorEntityDescription(
        key="last_print_file",
        translation_key="last_print_file",
        value_fn=lambda last: (
            last.file_name[:MAX_LENGTH_STATE_STATE] if last.file_name else None
        ),
    ),
    LastPrintSensorEntityDescription(
        key="last_print_duration",
        translation_key="last_print_duration",
        device_class=SensorDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.SECONDS,
        suggested_unit_of_measurement=UnitOfTime.MINUTES,
        suggested_display_precision=0,
        value_fn=lambda last: last.duration_sec,
    ),
    LastPrintSensorEntityDescription(
        key="last_print_filament",
        translation_key="last_print_filament",
        device_class=SensorDeviceClass.DISTANCE,
        native_unit_of_measurement=UnitOfLength.MILLIMETERS,
        suggested_unit_of_measurement=UnitOfLength.METERS,
        suggested_display_precision=2,
        value_fn=lambda last: last.filament_used_mm,
    ),
)


class LastPrintSensor(OctoEverywhereEntity, RestoreSensor):
    """A fact about the last finished print."""

    entity_description: LastPrintSensorEntityDescription

    def __init__(
        self,
        coordinator: OctoEverywhereCoordinator,
        events: PrintEventHub,
        description: LastPrintSensorEntityDescription,
    ) -> None:
        """Read ``description`` from ``events``' last print."""
        super().__init__(coordinator, description.key)
        self.entity_description = description
        self._events = events

    @property
    def available(self) -> bool:
        """History stays available whatever the printer does now."""
        return True

    async def async_added_to_hass(self) -> None:
        """Take the hub's last print, or the value from before the restart."""
        await super().async_added_to_hass()
        if (last := self._events.last_print) is not None:
            self._attr_native_value = self.entity_description.value_fn(last)
        elif (restored := await self.async_get_last_sensor_data()) is not None:
            self._attr_native_value = restored.native_value
        self.async_on_remove(self._events.async_add_listener(self._async_on_event))

    @callback
    def _async_on_event(self, event: PrintEvent) -> None:
        if event.type in END_EVENTS and (last := self._events.last_print) is not None:
            self._attr_native_value = self.entity_description.value_fn(last)
            self.async_write_ha_state()

    @callback
    def _handle_coordinator_update(self) -> None:
        """Ignore polls: only the hub changes the last print."""
