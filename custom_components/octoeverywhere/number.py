"""Numbers: heater targets, when the printer's platform supports ``set-temp``."""

from collections.abc import Callable, Hashable
from dataclasses import dataclass

from homeassistant.components.number import (
    NumberDeviceClass,
    NumberEntity,
    NumberEntityDescription,
    NumberMode,
)
from homeassistant.const import UnitOfTemperature
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .api import PrinterStatus
from .const import BED_MAX_C, CHAMBER_MAX_C, TOOL_MAX_C
from .coordinator import OctoEverywhereConfigEntry, OctoEverywhereCoordinator
from .entity import (
    OctoEverywhereEntity,
    async_add_entities_when_reported,
    described_entities,
)

PARALLEL_UPDATES = 1


@dataclass(frozen=True, kw_only=True)
class OctoEverywhereNumberEntityDescription(NumberEntityDescription):
    """A heater target: read by ``value_fn``, set through ``set-temp`` with ``field``."""

    field: str
    value_fn: Callable[[PrinterStatus], float | None]
    exists_fn: Callable[[PrinterStatus], bool] | None = None


def _target(
    key: str,
    field: str,
    maximum: float,
    value_fn: Callable[[PrinterStatus], float | None],
    exists_fn: Callable[[PrinterStatus], bool] = lambda s: s.can_set_temperatures,
) -> OctoEverywhereNumberEntityDescription:
    return OctoEverywhereNumberEntityDescription(
        key=key,
        translation_key=key,
        device_class=NumberDeviceClass.TEMPERATURE,
        native_unit_of_measurement=UnitOfTemperature.CELSIUS,
        native_min_value=0,
        native_max_value=maximum,
        native_step=1,
        mode=NumberMode.BOX,
        field=field,
        value_fn=value_fn,
        exists_fn=exists_fn,
    )


NUMBERS: tuple[OctoEverywhereNumberEntityDescription, ...] = (
    _target(
        "bed_target", "BedC", BED_MAX_C, lambda s: s.job.current_print.temps.bed_target
    ),
    _target(
        "hotend_target",
        "ToolC",
        TOOL_MAX_C,
        lambda s: s.job.current_print.temps.hotend_target,
    ),
    _target(
        "chamber_target",
        "ChamberC",
        CHAMBER_MAX_C,
        lambda s: s.job.current_print.temps.chamber_target,
        lambda s: s.can_set_chamber,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: OctoEverywhereConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the heater targets the printer can set."""
    coordinator = entry.runtime_data.coordinator
    async_add_entities_when_reported(
        entry,
        async_add_entities,
        described_entities(
            NUMBERS,
            lambda description: OctoEverywhereNumber(coordinator, description),
        ),
    )


class OctoEverywhereNumber(OctoEverywhereEntity, NumberEntity):
    """A heater target temperature."""

    entity_description: OctoEverywhereNumberEntityDescription

    def __init__(
        self,
        coordinator: OctoEverywhereCoordinator,
        description: OctoEverywhereNumberEntityDescription,
    ) -> None:
        """Create the number for ``description``."""
        super().__init__(coordinator, description.key)
        self.entity_description = description

    def _state_key(self) -> Hashable:
        return self.native_value

    @property
    def native_value(self) -> float | None:
        """The heater's current target."""
        status = self.status
        return None if status is None else self.entity_description.value_fn(status)

    async def async_set_native_value(self, value: float) -> None:
        """Set this heater's target alone."""
        await self.coordinator.async_send_command(
            "set-temp", {self.entity_description.field: round(value)}
        )
