"""Sensors: job state, progress, times, layers, filament, temperatures and Gadget."""

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from homeassistant.components.sensor import (
    DOMAIN as SENSOR_DOMAIN,
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import (
    MAX_LENGTH_STATE_STATE,
    PERCENTAGE,
    EntityCategory,
    UnitOfLength,
    UnitOfMass,
    UnitOfTemperature,
    UnitOfTime,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.typing import StateType
import homeassistant.util.dt as dt_util

from .api import ACTIVE_STATES, PrinterState, PrinterStatus
from .app_connection import GadgetStatusSensor
from .const import DOMAIN
from .coordinator import OctoEverywhereCoordinator
from .data import OctoEverywhereConfigEntry
from .entity import (
    OctoEverywhereEntity,
    async_add_entities_when_reported,
    described_entities,
)
from .material import material_factory
from .sensor_last_print import LAST_PRINT_SENSORS, LastPrintSensor

# Read-only platform: entities read the coordinator's data, nothing to serialize.
PARALLEL_UPDATES = 0

OFFLINE = "offline"
STATE_OPTIONS = [state.value for state in PrinterState] + [OFFLINE]


@dataclass(frozen=True, kw_only=True)
class OctoEverywhereSensorEntityDescription(SensorEntityDescription):
    """A sensor read from the status by ``value_fn``.

    ``exists_fn`` (None: always) decides whether the printer has it; it is asked again on every
    poll, so entities that appear later (a chamber after an offline start) are added then.
    """

    value_fn: Callable[[PrinterStatus], StateType | datetime]
    exists_fn: Callable[[PrinterStatus], bool] | None = None
    # Set for the one sensor that stays available while the printer is offline.
    offline_value: str | None = None


def _timestamp(seconds: float | None) -> datetime | None:
    if seconds is None:
        return None
    try:
        return datetime.fromtimestamp(seconds, UTC)
    except OverflowError, OSError, ValueError:  # beyond the year 9999
        return None


def _estimated_finish(status: PrinterStatus) -> datetime | None:
    """Now plus the time left, to the minute so that it does not change on every poll."""
    left = status.known_time_left_sec
    if status.job.state not in ACTIVE_STATES or not left:
        return None
    try:
        finish = dt_util.utcnow() + timedelta(seconds=left + 30)
    except OverflowError:  # beyond the year 9999
        return None
    return finish.replace(second=0, microsecond=0)


def text_state(value: str | None) -> str | None:
    """Cut a text to a state's length: Home Assistant refuses more than 255 characters."""
    return value[:MAX_LENGTH_STATE_STATE] if value else value


def _has_chamber(status: PrinterStatus) -> bool:
    return status.job.current_print.temps.has_chamber


def _without_temp_control(status: PrinterStatus) -> bool:
    """Target sensors stand in for the target numbers when temperatures are read-only."""
    return not status.can_set_temperatures


def _temperature(
    key: str,
    value_fn: Callable[[PrinterStatus], float | None],
    exists_fn: Callable[[PrinterStatus], bool] | None = None,
) -> OctoEverywhereSensorEntityDescription:
    return OctoEverywhereSensorEntityDescription(
        key=key,
        translation_key=key,
        device_class=SensorDeviceClass.TEMPERATURE,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfTemperature.CELSIUS,
        suggested_display_precision=1,
        value_fn=value_fn,
        exists_fn=exists_fn,
    )


def _duration(
    key: str,
    value_fn: Callable[[PrinterStatus], float | None],
    *,
    enabled_default: bool = True,
) -> OctoEverywhereSensorEntityDescription:
    return OctoEverywhereSensorEntityDescription(
        key=key,
        translation_key=key,
        device_class=SensorDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.SECONDS,
        suggested_unit_of_measurement=UnitOfTime.MINUTES,
        suggested_display_precision=0,
        value_fn=value_fn,
        entity_registry_enabled_default=enabled_default,
    )


SENSORS: tuple[OctoEverywhereSensorEntityDescription, ...] = (
    OctoEverywhereSensorEntityDescription(
        key="state",
        translation_key="state",
        device_class=SensorDeviceClass.ENUM,
        options=STATE_OPTIONS,
        offline_value=OFFLINE,
        value_fn=lambda status: status.job.state.value if status.job.state else None,
    ),
    OctoEverywhereSensorEntityDescription(
        key="progress",
        translation_key="progress",
        native_unit_of_measurement=PERCENTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=1,
        value_fn=lambda status: status.known_progress,
    ),
    # Changes on every poll while printing; the remaining time serves most dashboards.
    _duration(
        "time_elapsed",
        lambda status: status.known_duration_sec,
        enabled_default=False,
    ),
    _duration("time_remaining", lambda status: status.known_time_left_sec),
    OctoEverywhereSensorEntityDescription(
        key="estimated_finish",
        translation_key="estimated_finish",
        device_class=SensorDeviceClass.TIMESTAMP,
        value_fn=_estimated_finish,
    ),
    OctoEverywhereSensorEntityDescription(
        key="print_start",
        translation_key="print_start",
        device_class=SensorDeviceClass.TIMESTAMP,
        value_fn=lambda status: _timestamp(status.known_print_start_sec),
    ),
    OctoEverywhereSensorEntityDescription(
        key="file_name",
        translation_key="file_name",
        value_fn=lambda status: text_state(status.job.current_print.file_name),
    ),
    OctoEverywhereSensorEntityDescription(
        key="current_layer",
        translation_key="current_layer",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda status: status.known_layers[0],
    ),
    OctoEverywhereSensorEntityDescription(
        key="total_layers",
        translation_key="total_layers",
        value_fn=lambda status: status.known_layers[1],
    ),
    OctoEverywhereSensorEntityDescription(
        key="filament_used",
        translation_key="filament_used",
        device_class=SensorDeviceClass.DISTANCE,
        native_unit_of_measurement=UnitOfLength.MILLIMETERS,
        suggested_unit_of_measurement=UnitOfLength.METERS,
        suggested_display_precision=2,
        value_fn=lambda status: status.known_filament_used_mm,
    ),
    OctoEverywhereSensorEntityDescription(
        key="filament_weight",
        translation_key="filament_weight",
        device_class=SensorDeviceClass.WEIGHT,
        native_unit_of_measurement=UnitOfMass.MILLIGRAMS,
        suggested_unit_of_measurement=UnitOfMass.GRAMS,
        suggested_display_precision=1,
        value_fn=lambda status: status.known_filament_weight_mg,
    ),
    _temperature("bed_temperature", lambda s: s.job.current_print.temps.bed_actual),
    _temperature(
        "bed_target",
        lambda s: s.job.current_print.temps.bed_target,
        _without_temp_control,
    ),
    _temperature(
        "hotend_temperature", lambda s: s.job.current_print.temps.hotend_actual
    ),
    _temperature(
        "hotend_target",
        lambda s: s.job.current_print.temps.hotend_target,
        _without_temp_control,
    ),
    _temperature(
        "chamber_temperature",
        lambda s: s.job.current_print.temps.chamber_actual,
        _has_chamber,
    ),
    _temperature(
        "chamber_target",
        lambda s: s.job.current_print.temps.chamber_target,
        # A sensor where the chamber target cannot be set (no number stands in for it).
        lambda s: _has_chamber(s) and not s.can_set_chamber,
    ),
    OctoEverywhereSensorEntityDescription(
        key="gadget_score",
        translation_key="gadget_score",
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=2,
        value_fn=lambda status: status.known_gadget_score,
    ),
    OctoEverywhereSensorEntityDescription(
        key="status_detail",
        translation_key="status_detail",
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda status: text_state(status.job.sub_state),
    ),
    OctoEverywhereSensorEntityDescription(
        key="error_message",
        translation_key="error_message",
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda status: text_state(status.job.error),
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: OctoEverywhereConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the sensors the printer reports, now and as they appear."""
    runtime = entry.runtime_data
    coordinator, events = runtime.coordinator, runtime.events
    async_add_entities(
        LastPrintSensor(coordinator, events, description)
        for description in LAST_PRINT_SENSORS
    )
    if runtime.gadget is not None:
        async_add_entities([GadgetStatusSensor(runtime.gadget, entry.entry_id)])
    else:
        # The AppToken was removed: its Gadget sensor is gone for good.
        registry = er.async_get(hass)
        if entity_id := registry.async_get_entity_id(
            SENSOR_DOMAIN, DOMAIN, f"{entry.entry_id}_gadget_status"
        ):
            registry.async_remove(entity_id)
    async_add_entities_when_reported(
        entry,
        async_add_entities,
        described_entities(
            SENSORS, lambda description: OctoEverywhereSensor(coordinator, description)
        ),
    )
    async_add_entities_when_reported(
        entry, async_add_entities, material_factory(entry, binary=False)
    )


class OctoEverywhereSensor(OctoEverywhereEntity, SensorEntity):
    """A sensor described by an ``OctoEverywhereSensorEntityDescription``."""

    entity_description: OctoEverywhereSensorEntityDescription

    def __init__(
        self,
        coordinator: OctoEverywhereCoordinator,
        description: OctoEverywhereSensorEntityDescription,
    ) -> None:
        """Create the sensor for ``description``."""
        super().__init__(coordinator, description.key)
        self.entity_description = description
        self._available_offline = description.offline_value is not None

    def _state_key(self) -> Hashable:
        return self.native_value

    @property
    def native_value(self) -> StateType | datetime:
        """Read the value from the latest status."""
        if (status := self.status) is None:
            return self.entity_description.offline_value
        return self.entity_description.value_fn(status)
