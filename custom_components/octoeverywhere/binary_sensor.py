"""Binary sensors: printing, problem, connectivity and the Gadget warning."""

from collections.abc import Callable, Hashable
from dataclasses import dataclass

from homeassistant.components.binary_sensor import (
    BinarySensorDeviceClass,
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .api import RUNNING_STATES, PrinterState, PrinterStatus
from .coordinator import OctoEverywhereCoordinator
from .data import OctoEverywhereConfigEntry
from .entity import (
    OctoEverywhereEntity,
    async_add_entities_when_reported,
    described_entities,
)
from .material import material_factory

PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class OctoEverywhereBinarySensorEntityDescription(BinarySensorEntityDescription):
    """A binary sensor read from the status by ``value_fn``."""

    value_fn: Callable[[PrinterStatus], bool | None]
    exists_fn: Callable[[PrinterStatus], bool] | None = None
    # Set for the one binary sensor that stays available while the printer is offline.
    offline_value: bool | None = None


BINARY_SENSORS: tuple[OctoEverywhereBinarySensorEntityDescription, ...] = (
    OctoEverywhereBinarySensorEntityDescription(
        key="printing",
        translation_key="printing",
        device_class=BinarySensorDeviceClass.RUNNING,
        value_fn=lambda status: status.job.state in RUNNING_STATES,
    ),
    OctoEverywhereBinarySensorEntityDescription(
        key="problem",
        translation_key="problem",
        device_class=BinarySensorDeviceClass.PROBLEM,
        value_fn=lambda status: (
            status.job.state == PrinterState.ERROR or status.job.error is not None
        ),
    ),
    OctoEverywhereBinarySensorEntityDescription(
        key="connected",
        translation_key="connected",
        device_class=BinarySensorDeviceClass.CONNECTIVITY,
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda status: True,
        offline_value=False,
    ),
    OctoEverywhereBinarySensorEntityDescription(
        key="gadget_warning",
        translation_key="gadget_warning",
        value_fn=lambda status: status.is_active and status.gadget_warned,
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
    async_add_entities_when_reported(
        entry, async_add_entities, material_factory(entry, binary=True)
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
        self._available_offline = description.offline_value is not None

    def _state_key(self) -> Hashable:
        return self.is_on

    @property
    def is_on(self) -> bool | None:
        """Read the value from the latest status."""
        if (status := self.status) is None:
            return self.entity_description.offline_value
        return self.entity_description.value_fn(status)
