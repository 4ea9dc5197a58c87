"""Binary sensors: printing, problem, connectivity and the Gadget warning.

On printers with a material system also each unit's drying and which tool is active.
"""

from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import override

from homeassistant.components.binary_sensor import (
    DOMAIN as BINARY_SENSOR_DOMAIN,
    BinarySensorDeviceClass,
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .api import (
    ALL_FIELDS,
    RUNNING_STATES,
    MaterialSystem,
    MaterialUnit,
    PrinterState,
    PrinterStatus,
    StatusField,
    Tool,
)
from .coordinator import OctoEverywhereConfigEntry, OctoEverywhereCoordinator
from .entity import (
    EntityToAdd,
    MaterialEntity,
    OctoEverywhereEntity,
    async_add_entities_when_reported,
    async_add_material_entities,
    described_entities,
    part_entities,
)
from .material import TOOLS, UNITS, MaterialPart

PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class OctoEverywhereBinarySensorEntityDescription(BinarySensorEntityDescription):
    """A binary sensor read from the status by ``value_fn``."""

    value_fn: Callable[[PrinterStatus], bool | None]
    # The parts of the status value_fn reads (tests/test_status_fields.py).
    reads: StatusField = ALL_FIELDS
    exists_fn: Callable[[PrinterStatus], bool] | None = None
    # Set for the one binary sensor that stays available while the printer is offline.
    offline_value: bool | None = None


@dataclass(frozen=True, kw_only=True)
class MaterialBinarySensorEntityDescription[T: MaterialPart](
    BinarySensorEntityDescription
):
    """A binary sensor of a unit or tool, read from it by ``value_fn``.

    ``key`` is the suffix of the entity's key after the part's own. An entity is added once
    its value is reported (unknown is not false).
    """

    value_fn: Callable[[T], bool | None]


BINARY_SENSORS: tuple[OctoEverywhereBinarySensorEntityDescription, ...] = (
    OctoEverywhereBinarySensorEntityDescription(
        key="printing",
        translation_key="printing",
        device_class=BinarySensorDeviceClass.RUNNING,
        value_fn=lambda status: status.job.state in RUNNING_STATES,
        reads=StatusField.STATE,
    ),
    OctoEverywhereBinarySensorEntityDescription(
        key="problem",
        translation_key="problem",
        device_class=BinarySensorDeviceClass.PROBLEM,
        value_fn=lambda status: (
            status.job.state == PrinterState.ERROR or status.job.error is not None
        ),
        reads=StatusField.STATE | StatusField.ERROR,
    ),
    OctoEverywhereBinarySensorEntityDescription(
        key="connected",
        translation_key="connected",
        device_class=BinarySensorDeviceClass.CONNECTIVITY,
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda status: True,
        # Only whether the printer answers: asked when it goes offline or comes back.
        reads=StatusField(0),
        offline_value=False,
    ),
    OctoEverywhereBinarySensorEntityDescription(
        key="gadget_warning",
        translation_key="gadget_warning",
        value_fn=lambda status: status.is_active and status.gadget_warned,
        reads=StatusField.STATE | StatusField.GADGET,
    ),
)


UNIT_BINARY_SENSORS: tuple[MaterialBinarySensorEntityDescription[MaterialUnit], ...] = (
    MaterialBinarySensorEntityDescription(
        key="drying", translation_key="unit_drying", value_fn=lambda u: u.is_drying
    ),
)
TOOL_BINARY_SENSORS: tuple[MaterialBinarySensorEntityDescription[Tool], ...] = (
    MaterialBinarySensorEntityDescription(
        key="active", translation_key="tool_active", value_fn=lambda t: t.is_active
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: OctoEverywhereConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the binary sensors."""
    coordinator = entry.runtime_data.coordinator
    async_add_entities_when_reported(
        entry,
        async_add_entities,
        described_entities(
            BINARY_SENSORS,
            lambda description: OctoEverywhereBinarySensor(coordinator, description),
        ),
    )
    async_add_material_entities(
        hass,
        entry,
        async_add_entities,
        BINARY_SENSOR_DOMAIN,
        partial(_material_binary_sensors, coordinator),
    )


def _material_binary_sensors(
    coordinator: OctoEverywhereCoordinator, system: MaterialSystem, all_parts: bool
) -> Iterator[EntityToAdd]:
    """Yield the entities of the material system's parts (see part_entities)."""
    create = MaterialBinarySensor
    yield from part_entities(
        coordinator, system, UNITS, UNIT_BINARY_SENSORS, create, all_parts=all_parts
    )
    yield from part_entities(
        coordinator, system, TOOLS, TOOL_BINARY_SENSORS, create, all_parts=all_parts
    )


class OctoEverywhereBinarySensor(OctoEverywhereEntity, BinarySensorEntity):
    """A binary sensor described by an ``OctoEverywhereBinarySensorEntityDescription``."""

    entity_description: OctoEverywhereBinarySensorEntityDescription

    def __init__(
        self,
        coordinator: OctoEverywhereCoordinator,
        description: OctoEverywhereBinarySensorEntityDescription,
    ) -> None:
        """Create the binary sensor for ``description``."""
        super().__init__(coordinator, description.key)
        self.entity_description = description
        self._reads = int(description.reads)
        self._available_offline = description.offline_value is not None

    def _state_key(self) -> Hashable:
        return self.is_on

    @property
    def is_on(self) -> bool | None:
        """Read the value from the latest status."""
        if (status := self.status) is None:
            return self.entity_description.offline_value
        return self.entity_description.value_fn(status)


class MaterialBinarySensor[T: MaterialPart](MaterialEntity[T], BinarySensorEntity):
    """A unit drying, or a tool being the active one."""

    entity_description: MaterialBinarySensorEntityDescription[T]

    @override
    def _state_key(self) -> Hashable:
        return self.is_on

    @property
    def is_on(self) -> bool | None:
        """The reported flag."""
        part = self._part()
        return None if part is None else self.entity_description.value_fn(part)
