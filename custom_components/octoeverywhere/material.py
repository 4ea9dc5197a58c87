"""Entities of the material system (AMS, CFS, MMU, tool changers...), the same for every brand.

Each unit is a device of its own (via the printer) with its humidity, temperature and drying
state; each source a sensor of its material, on its unit's device or the printer's; each tool
(when there are several) its temperatures, nozzle and whether it is active; and the printer an
``active_material`` sensor. What the printer stops reporting is removed: a unit's device, a
source's or a tool's entities. Fields a printer leaves out read as unknown.
"""

from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any

from homeassistant.components.binary_sensor import BinarySensorEntity
from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorStateClass,
)
from homeassistant.const import (
    MAX_LENGTH_STATE_STATE,
    PERCENTAGE,
    EntityCategory,
    UnitOfLength,
    UnitOfTemperature,
)
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity import Entity
from homeassistant.helpers.typing import StateType

from .api import MaterialSource, MaterialSystem, MaterialUnit, PrinterStatus, Tool
from .compat import via_device_info
from .const import DOMAIN
from .coordinator import OctoEverywhereCoordinator
from .data import OctoEverywhereConfigEntry
from .entity import EntityFactory, OctoEverywhereEntity

EMPTY = "empty"
ACTIVE_MATERIAL = "active_material"


def unit_identifier(entry_id: str, unit_id: str) -> str:
    """Return the device identifier of a unit."""
    return f"{entry_id}_unit_{unit_id}"


@dataclass(frozen=True, kw_only=True)
class _Part[T]:
    """One entity of a unit, source or tool: its key suffix, name and value."""

    suffix: str
    translation_key: str | None
    value_fn: Callable[[T], Any]
    device_class: Any = None
    unit: str | None = None
    state_class: SensorStateClass | None = None
    entity_category: EntityCategory | None = None


def _material(source: MaterialSource) -> str | None:
    if source.is_empty:
        return EMPTY
    kind = source.material.type if source.material else None
    # A state: Home Assistant refuses more than 255 characters.
    return kind[:MAX_LENGTH_STATE_STATE] if kind else None


UNIT_SENSORS: tuple[_Part[MaterialUnit], ...] = (
    _Part(
        suffix="humidity",
        translation_key=None,  # named after its device class
        value_fn=lambda unit: unit.humidity_percent,
        device_class=SensorDeviceClass.HUMIDITY,
        unit=PERCENTAGE,
        state_class=SensorStateClass.MEASUREMENT,
    ),
    _Part(
        suffix="temperature",
        translation_key=None,
        value_fn=lambda unit: unit.temperature_celsius,
        device_class=SensorDeviceClass.TEMPERATURE,
        unit=UnitOfTemperature.CELSIUS,
        state_class=SensorStateClass.MEASUREMENT,
    ),
)
UNIT_BINARY_SENSORS: tuple[_Part[MaterialUnit], ...] = (
    _Part(
        suffix="drying", translation_key="unit_drying", value_fn=lambda u: u.is_drying
    ),
)
SOURCE_SENSORS: tuple[_Part[MaterialSource], ...] = (
    _Part(suffix="", translation_key="material_source", value_fn=_material),
    _Part(
        suffix="remaining",
        translation_key="material_remaining",
        value_fn=lambda s: s.material.remaining_percent if s.material else None,
        unit=PERCENTAGE,
        state_class=SensorStateClass.MEASUREMENT,
    ),
)
TOOL_SENSORS: tuple[_Part[Tool], ...] = (
    _Part(
        suffix="temperature",
        translation_key="tool_temperature",
        value_fn=lambda tool: tool.actual_celsius,
        device_class=SensorDeviceClass.TEMPERATURE,
        unit=UnitOfTemperature.CELSIUS,
        state_class=SensorStateClass.MEASUREMENT,
    ),
    _Part(
        suffix="target",
        translation_key="tool_target",
        value_fn=lambda tool: tool.target_celsius,
        device_class=SensorDeviceClass.TEMPERATURE,
        unit=UnitOfTemperature.CELSIUS,
    ),
    _Part(
        suffix="nozzle",
        translation_key="tool_nozzle",
        value_fn=lambda tool: tool.nozzle_diameter_mm,
        device_class=SensorDeviceClass.DISTANCE,
        unit=UnitOfLength.MILLIMETERS,
        entity_category=EntityCategory.DIAGNOSTIC,
    ),
)
TOOL_BINARY_SENSORS: tuple[_Part[Tool], ...] = (
    _Part(
        suffix="active", translation_key="tool_active", value_fn=lambda t: t.is_active
    ),
)


def _key(kind: str, item_id: str, suffix: str) -> str:
    return f"{kind}_{item_id}_{suffix}" if suffix else f"{kind}_{item_id}"


type _Owner = MaterialUnit | MaterialSource | Tool


def _parts(
    system: MaterialSystem, binary: bool
) -> Iterator[tuple[str, str, _Owner, _Part[Any]]]:
    """Every entity the system calls for: (kind, key, owner, part)."""
    unit_parts = UNIT_BINARY_SENSORS if binary else UNIT_SENSORS
    tool_parts = TOOL_BINARY_SENSORS if binary else TOOL_SENSORS
    for unit in system.units:
        for unit_part in unit_parts:
            yield "unit", _key("unit", unit.id, unit_part.suffix), unit, unit_part
    if not binary:
        for source in system.sources:
            for source_part in SOURCE_SENSORS:
                key = _key("source", source.id, source_part.suffix)
                yield "source", key, source, source_part
    # A single tool is the printer's own hotend, already covered by its sensors.
    if len(system.tools) > 1:
        for tool in system.tools:
            for tool_part in tool_parts:
                yield "tool", _key("tool", tool.id, tool_part.suffix), tool, tool_part


def material_keys(system: MaterialSystem) -> set[str]:
    """Keys of every entity of the parts the system has (reported or not)."""
    keys = {key for _, key, _, _ in _parts(system, binary=False)}
    keys |= {key for _, key, _, _ in _parts(system, binary=True)}
    return keys | {ACTIVE_MATERIAL}


def _is_material_key(key: str) -> bool:
    return key.startswith(("unit_", "source_", "tool_"))


def material_factory(
    entry: OctoEverywhereConfigEntry, *, binary: bool
) -> EntityFactory:
    """Entities for what the material system reports (a field left out: no entity yet)."""
    runtime = entry.runtime_data

    def factory(
        status: PrinterStatus | None,
    ) -> Iterator[tuple[str, Callable[[], Entity]]]:
        if status is None or (system := status.job.material_system) is None:
            return
        if not binary:
            yield ACTIVE_MATERIAL, partial(ActiveMaterialSensor, runtime.coordinator)
        for kind, key, owner, part in _parts(system, binary):
            if part.value_fn(owner) is None and part.suffix:
                continue  # not reported (yet): unknown is not zero or false
            target = _Target(
                key,
                kind,
                owner,
                part,
                _device_info(entry, system, kind, owner),
                _name(system, kind, owner),
            )
            entity_class = MaterialBinarySensor if binary else MaterialSensor
            yield key, partial(entity_class, runtime.coordinator, target)

    return factory


def _device_info(
    entry: OctoEverywhereConfigEntry, system: MaterialSystem, kind: str, owner: _Owner
) -> DeviceInfo | None:
    """Return a unit's own device (via the printer), for the unit and its sources."""
    unit: MaterialUnit | None = None
    if isinstance(owner, MaterialUnit):
        unit = owner
    elif isinstance(owner, MaterialSource):
        unit = system.unit(owner.unit_id)
    if unit is None or kind == "tool":
        return None  # on the printer's device
    return via_device_info(
        (DOMAIN, unit_identifier(entry.entry_id, unit.id)),
        unit.name or f"Material unit {(unit.index or 0) + 1}",
        entry.runtime_data.device_id,
        (DOMAIN, entry.entry_id),
    )


@dataclass(frozen=True, slots=True)
class _Target:
    """What a material entity shows: which part of which unit, source or tool."""

    key: str
    kind: str
    owner: _Owner
    part: _Part[Any]
    device: DeviceInfo | None
    name: str


class _MaterialEntity(OctoEverywhereEntity):
    """An entity of one unit, source or tool, found again by id on every poll."""

    def __init__(self, coordinator: OctoEverywhereCoordinator, target: _Target) -> None:
        super().__init__(coordinator, target.key)
        self._kind = target.kind
        self._owner_id = target.owner.id
        self._part = target.part
        if target.device is not None:
            self._attr_device_info = target.device
        self._attr_translation_key = target.part.translation_key
        self._attr_translation_placeholders = {"name": target.name}
        self._attr_device_class = target.part.device_class
        self._attr_entity_category = target.part.entity_category

    def _owner(self) -> _Owner | None:
        status = self.status
        if status is None or (system := status.job.material_system) is None:
            return None
        match self._kind:
            case "unit":
                return system.unit(self._owner_id)
            case "source":
                return system.source(self._owner_id)
        return system.tool(self._owner_id)

    @property
    def available(self) -> bool:
        """Unavailable while its unit, source or tool is not reported."""
        return super().available and self._owner() is not None

    def _value(self) -> Any:
        owner = self._owner()
        return None if owner is None else self._part.value_fn(owner)


def _name(system: MaterialSystem, kind: str, owner: _Owner) -> str:
    """Return the part's own name; on a unit's device without the unit's name in front."""
    number = (owner.index or 0) + 1
    name = owner.name or {"unit": f"Unit {number}", "source": f"Slot {number}"}.get(
        kind, f"Tool {number}"
    )
    if isinstance(owner, MaterialSource) and (unit := system.unit(owner.unit_id)):
        if unit.name and name.startswith(unit.name) and name != unit.name:
            name = name.removeprefix(unit.name).strip(" -:") or name
    return name


class MaterialSensor(_MaterialEntity, SensorEntity):
    """A sensor of a unit, a source or a tool."""

    def __init__(self, coordinator: OctoEverywhereCoordinator, target: _Target) -> None:
        """Create the sensor of ``target``."""
        super().__init__(coordinator, target)
        self._attr_native_unit_of_measurement = self._part.unit
        self._attr_state_class = self._part.state_class

    def _state_key(self) -> Hashable:
        attributes = self.extra_state_attributes
        return (self.native_value, tuple(attributes.items()) if attributes else None)

    @property
    def native_value(self) -> StateType:
        """The reported value."""
        value: StateType = self._value()
        return value

    @property
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """For a source's material: its details, and whether it feeds the active tool."""
        if self._kind != "source" or self._part.suffix:
            return None
        status = self.status
        system = status.job.material_system if status else None
        source = self._owner()
        if system is None or not isinstance(source, MaterialSource):
            return None
        active = system.active_source
        return _material_attributes(source) | {
            "active": active is not None and active.id == source.id
        }


class MaterialBinarySensor(_MaterialEntity, BinarySensorEntity):
    """A unit drying, or a tool being the active one."""

    def _state_key(self) -> Hashable:
        return self.is_on

    @property
    def is_on(self) -> bool | None:
        """The reported flag."""
        value: bool | None = self._value()
        return value


def _material_attributes(source: MaterialSource) -> dict[str, Any]:
    material = source.material
    return {
        "source": source.name,
        "material_name": material.name if material else None,
        "color": material.color if material else None,
        "manufacturer": material.manufacturer if material else None,
        "remaining_percent": material.remaining_percent if material else None,
    }


class ActiveMaterialSensor(OctoEverywhereEntity, SensorEntity):
    """What the active tool prints with now: the material type, its colour in attributes."""

    _attr_translation_key = ACTIVE_MATERIAL

    def __init__(self, coordinator: OctoEverywhereCoordinator) -> None:
        """Create the printer's active-material sensor."""
        super().__init__(coordinator, ACTIVE_MATERIAL)

    def _source(self) -> MaterialSource | None:
        status = self.status
        system = status.job.material_system if status else None
        return system.active_source if system else None

    def _state_key(self) -> Hashable:
        return (self.native_value, tuple(self.extra_state_attributes.items()))

    @property
    def native_value(self) -> StateType:
        """The active source's material type (or "empty")."""
        source = self._source()
        return _material(source) if source else None

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        """Details of the material, its source and the tool it feeds."""
        source = self._source()
        status = self.status
        system = status.job.material_system if status else None
        tool = system.active_tool if system else None
        attributes = _material_attributes(source) if source else {}
        return attributes | {"tool": tool.name if tool else None}


@callback
def async_remove_stale(hass: HomeAssistant, entry: OctoEverywhereConfigEntry) -> None:
    """Remove what the material system no longer has: unit devices, entities of parts.

    Only a reported system counts: while the printer is offline or answers without one,
    nothing is removed.
    """
    status = entry.runtime_data.coordinator.data.status
    if status is None or (system := status.job.material_system) is None:
        return
    device_registry = dr.async_get(hass)
    units = {unit_identifier(entry.entry_id, unit.id) for unit in system.units}
    for device in dr.async_entries_for_config_entry(device_registry, entry.entry_id):
        if any(
            domain == DOMAIN
            and ident.startswith(f"{entry.entry_id}_unit_")
            and ident not in units
            for domain, ident in device.identifiers
        ):
            # A device belongs to one config entry: removing it from ours removes it.
            device_registry.async_remove_device(device.id)
    keys = material_keys(system)
    entity_registry = er.async_get(hass)
    prefix = f"{entry.entry_id}_"
    for entity in er.async_entries_for_config_entry(entity_registry, entry.entry_id):
        key = entity.unique_id.removeprefix(prefix)
        if _is_material_key(key) and key not in keys:
            entity_registry.async_remove(entity.entity_id)


def is_stale_unit_device(
    entry: OctoEverywhereConfigEntry, device: dr.DeviceEntry
) -> bool:
    """Whether ``device`` is a unit the printer no longer reports (the user may delete it)."""
    identifiers = {ident for domain, ident in device.identifiers if domain == DOMAIN}
    if not any(ident.startswith(f"{entry.entry_id}_unit_") for ident in identifiers):
        return False
    status = entry.runtime_data.coordinator.data.status
    system = status.job.material_system if status else None
    reported = (
        {unit_identifier(entry.entry_id, unit.id) for unit in system.units}
        if system
        else set()
    )
    return not identifiers & reported
