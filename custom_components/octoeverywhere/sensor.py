"""Sensors of the printer, its material system, its last print and Gadget's status.

The printer's: state, progress, times, layers, filament, temperatures, Gadget's score and the
active material. The material system's: each unit's, source's and tool's values.
"""

from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
import math
import time
from typing import Any, Final, override

from homeassistant.components.sensor import (
    DOMAIN as SENSOR_DOMAIN,
    RestoreSensor,
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import (
    PERCENTAGE,
    EntityCategory,
    UnitOfLength,
    UnitOfMass,
    UnitOfTemperature,
    UnitOfTime,
)
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.typing import StateType
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .api import (
    ACTIVE_STATES,
    ALL_FIELDS,
    END_EVENTS,
    GadgetState,
    MaterialSource,
    MaterialSystem,
    MaterialUnit,
    PrinterState,
    PrinterStatus,
    PrintEvent,
    StatusField,
    Tool,
)
from .const import DOMAIN
from .coordinator import (
    GadgetCoordinator,
    OctoEverywhereConfigEntry,
    OctoEverywhereCoordinator,
)
from .entity import (
    ByEquipment,
    EntityToAdd,
    MaterialEntity,
    OctoEverywhereEntity,
    PrinterEntity,
    async_add_entities_when_reported,
    async_add_material_entities,
    described_entities,
    part_entities,
    text_state,
)
from .event_hub import LastPrint, PrintEventHub
from .ledger import PrintStatistics
from .material import (
    SOURCES,
    TOOLS,
    UNITS,
    MaterialPart,
    material_attributes,
    material_state,
)

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
    # Turns what value_fn returns (and the state is compared by) into what the state shows:
    # the estimated finish is compared as a Unix time (a datetime made and compared on
    # every poll cost about 8 K instructions more).
    shown_fn: Callable[[Any], StateType | datetime] | None = None
    # The parts of the status value_fn and attributes_fn read (tests/test_status_fields.py).
    reads: StatusField = ALL_FIELDS
    attributes_fn: Callable[[PrinterStatus], dict[str, Any]] | None = None
    exists_fn: Callable[[PrinterStatus], bool] | None = None
    # Set for the one sensor that stays available while the printer is offline.
    offline_value: str | None = None
    # For an estimated time, or a heater's temperature: a new value replaces the one shown
    # only when it moves further than this, so a steady estimate or a heater's regulation
    # noise is not written (nor recorded) on every poll.
    steady_within: float | None = None
    # The error text of OctoEverywhere's notification, while the printer is in error, wins.
    notified_error_first: bool = False


@dataclass(frozen=True, kw_only=True)
class MaterialSensorEntityDescription[T: MaterialPart](SensorEntityDescription):
    """A sensor of a unit, source or tool, read from it by ``value_fn``.

    ``key`` is the suffix of the entity's key after the part's own ("" for the part itself).
    An entity is added once its value is reported (unknown is not zero).
    """

    value_fn: Callable[[T], StateType]
    attributes_fn: Callable[[MaterialSystem, T], dict[str, Any]] | None = None


@dataclass(frozen=True, kw_only=True)
class LastPrintSensorEntityDescription(SensorEntityDescription):
    """A fact about the last finished print, read from the hub's ``LastPrint``."""

    value_fn: Callable[[LastPrint], StateType]


@dataclass(frozen=True, kw_only=True)
class PrintStatisticsSensorEntityDescription(SensorEntityDescription):
    """A count or total of the finished prints, read from the hub's statistics.

    ``exists_fn`` (None: always) decides from the status (None while offline) and the
    statistics whether the printer has it.
    """

    value_fn: Callable[[PrintStatistics], StateType]
    exists_fn: Callable[[PrinterStatus | None, PrintStatistics], bool] | None = None


def _timestamp(seconds: float | None) -> datetime | None:
    if seconds is None:
        return None
    try:
        return datetime.fromtimestamp(seconds, UTC)
    except OverflowError, OSError, ValueError:  # beyond the year 9999
        return None


# The estimated finish moves only by more than this: printers estimate in whole minutes
# (Bambu), drift (Elegoo) or jitter across a minute's boundary from poll to poll.
FINISH_STEADY_WITHIN: Final = timedelta(minutes=2)
# A heater holding its target wanders a few tenths of a degree from poll to poll: a move of
# 0.3 °C or more is shown (the value shown is then within 0.2 °C of the last reading).
TEMPERATURE_STEADY_WITHIN: Final = 0.25


def _finish_sec(status: PrinterStatus) -> float | None:
    """Now plus the time left, as a Unix time to the minute (it moves with the clock).

    In floats, turned into a datetime only when the state is written (see shown_fn).
    """
    left = status.known_time_left_sec
    if status.job.state not in ACTIVE_STATES or not left:
        return None
    finish = time.time() + left + 30
    return finish - finish % 60


def _steady(
    value: StateType | datetime, shown: StateType | datetime, within: float
) -> bool:
    """Whether ``value`` moved no further than ``within`` from the ``shown`` one."""
    return (
        isinstance(value, float)
        and isinstance(shown, float)
        and abs(value - shown) <= within
    )


def _has_chamber(status: PrinterStatus) -> bool:
    return status.job.current_print.temps.has_chamber


def _without_temp_control(status: PrinterStatus) -> bool:
    """Target sensors stand in for the target numbers when temperatures are read-only."""
    return not status.can_set_temperatures


def _tenth(value: float | None) -> float | None:
    """Round to a tenth, the precision temperatures and the progress are shown in.

    A heater's noise below 0.1 °C, or a long print's progress below 0.1 %, writes no state.
    Not round(value, 1), which goes through a decimal string (see known_progress).
    """
    return None if value is None else round(value * 10) / 10


def _temperature(
    key: str,
    reads: StatusField,
    value_fn: Callable[[PrinterStatus], float | None],
    exists_fn: Callable[[PrinterStatus], bool] | None = None,
    *,
    steady_within: float | None = None,
) -> OctoEverywhereSensorEntityDescription:
    return OctoEverywhereSensorEntityDescription(
        key=key,
        translation_key=key,
        device_class=SensorDeviceClass.TEMPERATURE,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfTemperature.CELSIUS,
        suggested_display_precision=1,
        value_fn=lambda status: _tenth(value_fn(status)),
        reads=reads,
        exists_fn=exists_fn,
        steady_within=steady_within,
    )


def _whole_minutes(seconds: float | None) -> float | None:
    """Round a duration to the minute, the unit and precision it is shown in.

    Seconds would change the state on every poll while the display stays the same
    (issue 12: a state write costs more than the rest of a poll).
    """
    # Half a minute up, as the frontend rounds (round() would take 90.5 to 90).
    return None if seconds is None else 60.0 * math.floor(seconds / 60 + 0.5)


def _duration(
    key: str,
    reads: StatusField,
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
        value_fn=lambda status: _whole_minutes(value_fn(status)),
        reads=reads,
        entity_registry_enabled_default=enabled_default,
    )


def _active_material(status: PrinterStatus) -> str | None:
    """Return what the active tool prints with now: the active source's material type."""
    system = status.job.material_system
    source = system.active_source if system else None
    return text_state(material_state(source)) if source else None


def _active_material_attributes(status: PrinterStatus) -> dict[str, Any]:
    """Details of the active material, its source and the tool it feeds."""
    system = status.job.material_system
    source = system.active_source if system else None
    tool = system.active_tool if system else None
    attributes = material_attributes(source) if source else {}
    return attributes | {"tool": tool.name if tool else None}


SENSORS: tuple[OctoEverywhereSensorEntityDescription, ...] = (
    OctoEverywhereSensorEntityDescription(
        key="state",
        translation_key="state",
        device_class=SensorDeviceClass.ENUM,
        options=STATE_OPTIONS,
        offline_value=OFFLINE,
        value_fn=lambda status: status.job.state.value if status.job.state else None,
        reads=StatusField.STATE,
    ),
    OctoEverywhereSensorEntityDescription(
        key="progress",
        translation_key="progress",
        native_unit_of_measurement=PERCENTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=1,
        value_fn=lambda status: _tenth(status.known_progress),
        reads=StatusField.PROGRESS,
    ),
    # Changes on every poll while printing; the remaining time serves most dashboards.
    _duration(
        "time_elapsed",
        StatusField.DURATION,
        lambda status: status.known_duration_sec,
        enabled_default=False,
    ),
    _duration(
        "time_remaining",
        StatusField.STATE | StatusField.TIME_LEFT | StatusField.DURATION,
        lambda status: status.known_time_left_sec,
    ),
    OctoEverywhereSensorEntityDescription(
        key="estimated_finish",
        translation_key="estimated_finish",
        device_class=SensorDeviceClass.TIMESTAMP,
        value_fn=_finish_sec,
        shown_fn=_timestamp,
        # Now plus the time left: it moves with the clock, so it is asked on every poll.
        reads=ALL_FIELDS,
        steady_within=FINISH_STEADY_WITHIN.total_seconds(),
    ),
    OctoEverywhereSensorEntityDescription(
        key="print_start",
        translation_key="print_start",
        device_class=SensorDeviceClass.TIMESTAMP,
        value_fn=lambda status: _timestamp(status.known_print_start_sec),
        reads=StatusField.PRINT,
    ),
    OctoEverywhereSensorEntityDescription(
        key="file_name",
        translation_key="file_name",
        value_fn=lambda status: text_state(status.job.current_print.file_name),
        reads=StatusField.FILE,
    ),
    OctoEverywhereSensorEntityDescription(
        key="current_layer",
        translation_key="current_layer",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda status: status.known_layers[0],
        reads=StatusField.LAYERS,
    ),
    OctoEverywhereSensorEntityDescription(
        key="total_layers",
        translation_key="total_layers",
        value_fn=lambda status: status.known_layers[1],
        reads=StatusField.LAYERS,
    ),
    OctoEverywhereSensorEntityDescription(
        key="filament_used",
        translation_key="filament_used",
        device_class=SensorDeviceClass.DISTANCE,
        native_unit_of_measurement=UnitOfLength.MILLIMETERS,
        suggested_unit_of_measurement=UnitOfLength.METERS,
        suggested_display_precision=2,
        value_fn=lambda status: status.known_filament_used_mm,
        reads=StatusField.FILAMENT,
    ),
    OctoEverywhereSensorEntityDescription(
        key="filament_weight",
        translation_key="filament_weight",
        device_class=SensorDeviceClass.WEIGHT,
        native_unit_of_measurement=UnitOfMass.MILLIGRAMS,
        suggested_unit_of_measurement=UnitOfMass.GRAMS,
        suggested_display_precision=1,
        value_fn=lambda status: status.known_filament_weight_mg,
        reads=StatusField.FILAMENT,
    ),
    _temperature(
        "bed_temperature",
        StatusField.BED,
        lambda s: s.job.current_print.temps.bed_actual,
        steady_within=TEMPERATURE_STEADY_WITHIN,
    ),
    _temperature(
        "bed_target",
        StatusField.BED_TARGET,
        lambda s: s.job.current_print.temps.bed_target,
        _without_temp_control,
    ),
    _temperature(
        "hotend_temperature",
        StatusField.HOTEND,
        lambda s: s.job.current_print.temps.hotend_actual,
        steady_within=TEMPERATURE_STEADY_WITHIN,
    ),
    _temperature(
        "hotend_target",
        StatusField.HOTEND_TARGET,
        lambda s: s.job.current_print.temps.hotend_target,
        _without_temp_control,
    ),
    _temperature(
        "chamber_temperature",
        StatusField.CHAMBER,
        lambda s: s.job.current_print.temps.chamber_actual,
        _has_chamber,
        steady_within=TEMPERATURE_STEADY_WITHIN,
    ),
    _temperature(
        "chamber_target",
        StatusField.CHAMBER_TARGET,
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
        reads=StatusField.GADGET,
    ),
    # OctoPrint and Klipper send no sub-state at all (reference, status fields): for most
    # printers this would be unknown forever. Bambu Lab, Elegoo, Creality and Prusa users who
    # want it enable it.
    OctoEverywhereSensorEntityDescription(
        key="status_detail",
        translation_key="status_detail",
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        value_fn=lambda status: text_state(status.job.sub_state),
        reads=StatusField.SUB_STATE,
    ),
    OctoEverywhereSensorEntityDescription(
        key="error_message",
        translation_key="error_message",
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda status: text_state(status.job.error),
        reads=StatusField.ERROR,
        notified_error_first=True,
    ),
    OctoEverywhereSensorEntityDescription(
        key="active_material",
        translation_key="active_material",
        value_fn=_active_material,
        attributes_fn=_active_material_attributes,
        reads=StatusField.MATERIAL,
        exists_fn=lambda status: status.job.material_system is not None,
    ),
)


def _source_attributes(
    system: MaterialSystem, source: MaterialSource
) -> dict[str, Any]:
    """Return a source's material details, and whether it feeds the tool printing now."""
    active = system.active_source
    return material_attributes(source) | {
        "active": active is not None and active.id == source.id
    }


UNIT_SENSORS: tuple[MaterialSensorEntityDescription[MaterialUnit], ...] = (
    MaterialSensorEntityDescription(
        key="humidity",  # named after its device class
        device_class=SensorDeviceClass.HUMIDITY,
        native_unit_of_measurement=PERCENTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda unit: unit.humidity_percent,
    ),
    MaterialSensorEntityDescription(
        key="temperature",
        device_class=SensorDeviceClass.TEMPERATURE,
        native_unit_of_measurement=UnitOfTemperature.CELSIUS,
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda unit: _tenth(unit.temperature_celsius),
    ),
)
SOURCE_SENSORS: tuple[MaterialSensorEntityDescription[MaterialSource], ...] = (
    MaterialSensorEntityDescription(
        key="",
        translation_key="material_source",
        value_fn=lambda source: text_state(material_state(source)),
        attributes_fn=_source_attributes,
    ),
    MaterialSensorEntityDescription(
        key="remaining",
        translation_key="material_remaining",
        native_unit_of_measurement=PERCENTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda source: (
            source.material.remaining_percent if source.material else None
        ),
    ),
)
TOOL_SENSORS: tuple[MaterialSensorEntityDescription[Tool], ...] = (
    MaterialSensorEntityDescription(
        key="temperature",
        translation_key="tool_temperature",
        device_class=SensorDeviceClass.TEMPERATURE,
        native_unit_of_measurement=UnitOfTemperature.CELSIUS,
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda tool: _tenth(tool.actual_celsius),
    ),
    MaterialSensorEntityDescription(
        key="target",
        translation_key="tool_target",
        device_class=SensorDeviceClass.TEMPERATURE,
        native_unit_of_measurement=UnitOfTemperature.CELSIUS,
        value_fn=lambda tool: _tenth(tool.target_celsius),
    ),
    MaterialSensorEntityDescription(
        key="nozzle",
        translation_key="tool_nozzle",
        device_class=SensorDeviceClass.DISTANCE,
        native_unit_of_measurement=UnitOfLength.MILLIMETERS,
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda tool: tool.nozzle_diameter_mm,
    ),
)

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
        value_fn=lambda last: text_state(last.file_name),
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


def _counter(
    key: str, value_fn: Callable[[PrintStatistics], int]
) -> PrintStatisticsSensorEntityDescription:
    return PrintStatisticsSensorEntityDescription(
        key=key,
        translation_key=key,
        state_class=SensorStateClass.TOTAL_INCREASING,
        value_fn=value_fn,
    )


def _reports_filament(
    status: PrinterStatus | None, statistics: PrintStatistics
) -> bool:
    """Filament is counted on printers that report it (not on Bambu Lab or Elegoo)."""
    return statistics.filament_used_mm is not None or (
        status is not None and status.known_filament_used_mm is not None
    )


# Totals since the printer was added, kept in the ledger: total_increasing, so Home
# Assistant's long-term statistics show what each hour, day or week added.
PRINT_STATISTICS_SENSORS: tuple[PrintStatisticsSensorEntityDescription, ...] = (
    _counter("prints_completed", lambda statistics: statistics.completed),
    _counter("prints_failed", lambda statistics: statistics.failed),
    _counter("prints_cancelled", lambda statistics: statistics.cancelled),
    PrintStatisticsSensorEntityDescription(
        key="print_time_total",
        translation_key="print_time_total",
        device_class=SensorDeviceClass.DURATION,
        state_class=SensorStateClass.TOTAL_INCREASING,
        native_unit_of_measurement=UnitOfTime.SECONDS,
        suggested_unit_of_measurement=UnitOfTime.HOURS,
        suggested_display_precision=1,
        value_fn=lambda statistics: statistics.print_time_sec,
    ),
    PrintStatisticsSensorEntityDescription(
        key="filament_used_total",
        translation_key="filament_used_total",
        device_class=SensorDeviceClass.DISTANCE,
        state_class=SensorStateClass.TOTAL_INCREASING,
        native_unit_of_measurement=UnitOfLength.MILLIMETERS,
        suggested_unit_of_measurement=UnitOfLength.METERS,
        suggested_display_precision=1,
        value_fn=lambda statistics: statistics.filament_used_mm or 0.0,
        exists_fn=_reports_filament,
    ),
)

GADGET_STATUS_SENSOR = SensorEntityDescription(
    key="gadget_status",
    translation_key="gadget_status",
    device_class=SensorDeviceClass.ENUM,
    options=[state.value for state in GadgetState],
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
        LastPrintSensor(entry.entry_id, events, description)
        for description in LAST_PRINT_SENSORS
    )

    # The constructors are made once: asked again at every print's end.
    statistics_sensors = [
        (
            description,
            partial(PrintStatisticsSensor, entry.entry_id, events, description),
        )
        for description in PRINT_STATISTICS_SENSORS
    ]

    def _statistics_sensors(
        status: PrinterStatus | None,
    ) -> Iterator[EntityToAdd]:
        for description, create in statistics_sensors:
            if description.exists_fn is None or description.exists_fn(
                status, events.statistics
            ):
                yield description.key, create

    # Asked when the equipment changed and when a print ended (the statistics changed),
    # not after every poll: the filament total appears once a print counted filament, or
    # when a printer set up mid-print reports it.
    add_statistics_sensors = async_add_entities_when_reported(
        entry, async_add_entities, ByEquipment(_statistics_sensors)
    )

    @callback
    def _async_on_event(event: PrintEvent) -> None:
        if event.type in END_EVENTS:
            add_statistics_sensors()

    entry.async_on_unload(events.async_add_listener(_async_on_event))
    if runtime.gadget is not None:
        async_add_entities([GadgetStatusSensor(runtime.gadget, entry.entry_id)])
    else:
        # The AppToken was removed: its Gadget sensor is gone for good.
        registry = er.async_get(hass)
        if entity_id := registry.async_get_entity_id(
            SENSOR_DOMAIN, DOMAIN, f"{entry.entry_id}_{GADGET_STATUS_SENSOR.key}"
        ):
            registry.async_remove(entity_id)
    async_add_entities_when_reported(
        entry,
        async_add_entities,
        described_entities(
            SENSORS, lambda description: OctoEverywhereSensor(coordinator, description)
        ),
    )
    async_add_material_entities(
        hass,
        entry,
        async_add_entities,
        SENSOR_DOMAIN,
        partial(_material_sensors, coordinator),
    )


def _material_sensors(
    coordinator: OctoEverywhereCoordinator, system: MaterialSystem, all_parts: bool
) -> Iterator[EntityToAdd]:
    """Yield the entities of the material system's parts (see part_entities)."""
    create = MaterialSensor
    yield from part_entities(
        coordinator, system, UNITS, UNIT_SENSORS, create, all_parts=all_parts
    )
    yield from part_entities(
        coordinator, system, SOURCES, SOURCE_SENSORS, create, all_parts=all_parts
    )
    yield from part_entities(
        coordinator, system, TOOLS, TOOL_SENSORS, create, all_parts=all_parts
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
        self._reads = int(description.reads)
        self._available_offline = description.offline_value is not None
        # What the state shows: an estimate that moved little keeps showing this.
        self._shown: StateType | datetime = None
        # While _handle_coordinator_update writes what it just read (see native_value).
        self._writing = False

    @override
    def _state_key(self) -> Hashable:
        return self._key_of(self._value())

    def _key_of(self, value: StateType | datetime) -> Hashable:
        if self.entity_description.attributes_fn is None:
            return value  # most sensors: asked on every change, kept lean
        attributes = self.extra_state_attributes
        return (value, tuple(attributes.items()) if attributes else None)

    @property
    def native_value(self) -> StateType | datetime:
        """Read the value from the latest status (or keep a steady one, see below)."""
        value = self._value()
        shown_fn = self.entity_description.shown_fn
        return value if shown_fn is None else shown_fn(value)

    def _value(self) -> StateType | datetime:
        """Return the value compared: what the state shows, before the shown_fn."""
        if self._writing:
            return self._shown  # read by _handle_coordinator_update a moment ago
        return self._read()

    def _read(self) -> StateType | datetime:
        data = self.coordinator.data
        description = self.entity_description
        if (status := data.status) is None:
            return description.offline_value
        if description.notified_error_first and (notified := data.notified_error):
            return text_state(notified)
        value = description.value_fn(status)
        steady_within = description.steady_within
        if steady_within is not None and _steady(value, self._shown, steady_within):
            return self._shown
        return value

    @override
    async def async_added_to_hass(self) -> None:
        """Remember what the first state showed."""
        await super().async_added_to_hass()
        self._shown = self._value()

    @callback
    @override
    def _handle_coordinator_update(self) -> None:
        """Write the state if it changed, and remember what it shows.

        The base class's comparison, with the value read once: this runs for every sensor
        on every poll that changed something, and most show the same as before.
        """
        value = self._read()
        self._shown = value
        # _key_of's and _shows_new's work inline: a call costs about 1 K instructions, and
        # this runs for every sensor that reads a changed part, on most polls while printing.
        key = (
            value
            if self.entity_description.attributes_fn is None
            else self._key_of(value)
        )
        available = self.available
        if available != self._last_available or key != self._last_shown:
            self._last_available = available
            self._last_shown = key
            self._writing = True
            try:
                self.async_write_ha_state()
            finally:
                self._writing = False

    @property
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """Read the attributes from the latest status, for the sensors that have them."""
        attributes_fn = self.entity_description.attributes_fn
        if attributes_fn is None:
            return None
        status = self.status
        return attributes_fn(status) if status is not None else {}


class MaterialSensor[T: MaterialPart](MaterialEntity[T], SensorEntity):
    """A sensor of a unit, a source or a tool."""

    entity_description: MaterialSensorEntityDescription[T]

    @override
    def _state_key(self) -> Hashable:
        attributes = self.extra_state_attributes
        return (self.native_value, tuple(attributes.items()) if attributes else None)

    @property
    def native_value(self) -> StateType:
        """The reported value."""
        part = self._part()
        return None if part is None else self.entity_description.value_fn(part)

    @property
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """The part's details, for the sensors that have them."""
        attributes_fn = self.entity_description.attributes_fn
        system, part = self.system, self._part()
        if attributes_fn is None or system is None or part is None:
            return None
        return attributes_fn(system, part)


class PrintLedgerSensor(PrinterEntity, SensorEntity):
    """A sensor of the printer's finished prints, from the print-event hub and its ledger.

    It changes when a print ends; polls change nothing it shows, and it stays available
    whatever the printer does now.
    """

    _attr_should_poll = False

    def __init__(
        self,
        entry_id: str,
        events: PrintEventHub,
        description: SensorEntityDescription,
    ) -> None:
        """Read ``description`` from ``events``."""
        super().__init__(entry_id, description.key)
        self.entity_description = description
        self._events = events

    @override
    async def async_added_to_hass(self) -> None:
        """Follow the prints that end."""
        await super().async_added_to_hass()
        self.async_on_remove(self._events.async_add_listener(self._async_on_event))

    @callback
    def _async_on_event(self, event: PrintEvent) -> None:
        if event.type in END_EVENTS:
            self._async_print_ended()

    @callback
    def _async_print_ended(self) -> None:
        self.async_write_ha_state()


class LastPrintSensor(PrintLedgerSensor, RestoreSensor):
    """A fact about the last finished print, kept until the next one ends.

    Restored after a restart when the ledger has no last print yet, so the result survives
    the printer clearing its job.
    """

    entity_description: LastPrintSensorEntityDescription

    @override
    async def async_added_to_hass(self) -> None:
        """Take the hub's last print, or the value from before the restart."""
        if (last := self._events.last_print) is not None:
            self._attr_native_value = self.entity_description.value_fn(last)
        elif (restored := await self.async_get_last_sensor_data()) is not None:
            self._attr_native_value = restored.native_value
        await super().async_added_to_hass()

    @callback
    @override
    def _async_print_ended(self) -> None:
        if (last := self._events.last_print) is not None:
            self._attr_native_value = self.entity_description.value_fn(last)
            self.async_write_ha_state()


class PrintStatisticsSensor(PrintLedgerSensor):
    """A count or total of the printer's finished prints.

    The ledger counts each print once (a restart or a duplicate notification never counts
    twice) and keeps the totals across restarts.
    """

    entity_description: PrintStatisticsSensorEntityDescription

    @property
    def native_value(self) -> StateType:
        """The count or total so far."""
        return self.entity_description.value_fn(self._events.statistics)


class GadgetStatusSensor(
    PrinterEntity, CoordinatorEntity[GadgetCoordinator], SensorEntity
):
    """Gadget's state for the current print, with its status text, colour and rating."""

    entity_description = GADGET_STATUS_SENSOR

    def __init__(self, coordinator: GadgetCoordinator, entry_id: str) -> None:
        """Attach to the printer's device and the Gadget coordinator."""
        PrinterEntity.__init__(self, entry_id, GADGET_STATUS_SENSOR.key)
        CoordinatorEntity.__init__(self, coordinator)

    @property
    def native_value(self) -> str | None:
        """The state, while a job is active."""
        data = self.coordinator.data
        return data.state.value if data and data.state else None

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        """Gadget's own words about the print."""
        data = self.coordinator.data
        return {
            "status": data.status if data else None,
            "status_color": data.status_color if data else None,
            "rating": data.rating if data else None,
        }
