"""Numbers: heater targets, when the printer's platform supports ``set-temp``.

A target is set in whole degrees of the user's unit. Home Assistant would convert a target
kept in °C for a user in °F itself, but 400 °F sent as whole °C comes back as 399.2 °F, which
the field (step 1) then refuses. So these numbers work in the user's unit: whole degrees
shown, whole degrees entered, sent to the printer in °C to a tenth.
"""

from collections.abc import Callable, Hashable
from dataclasses import dataclass
import math

from homeassistant.components.number import (
    NumberDeviceClass,
    NumberEntity,
    NumberEntityDescription,
    NumberMode,
)
from homeassistant.const import UnitOfTemperature
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.util.unit_conversion import TemperatureConverter

from .api import PrinterStatus, StatusField
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
    # The part of the status value_fn reads.
    reads: StatusField
    exists_fn: Callable[[PrinterStatus], bool] | None = None


def _target(
    key: str,
    field: str,
    maximum: float,
    reads: StatusField,
    value_fn: Callable[[PrinterStatus], float | None],
    *,
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
        reads=reads,
        exists_fn=exists_fn,
    )


NUMBERS: tuple[OctoEverywhereNumberEntityDescription, ...] = (
    _target(
        "bed_target",
        "BedC",
        BED_MAX_C,
        StatusField.BED_TARGET,
        lambda s: s.job.current_print.temps.bed_target,
    ),
    _target(
        "hotend_target",
        "ToolC",
        TOOL_MAX_C,
        StatusField.HOTEND_TARGET,
        lambda s: s.job.current_print.temps.hotend_target,
    ),
    _target(
        "chamber_target",
        "ChamberC",
        CHAMBER_MAX_C,
        StatusField.CHAMBER_TARGET,
        lambda s: s.job.current_print.temps.chamber_target,
        exists_fn=lambda s: s.can_set_chamber,
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
        self._reads = int(description.reads)

    def _state_key(self) -> Hashable:
        return (self.native_unit_of_measurement, self.native_value)

    @property
    def native_unit_of_measurement(self) -> str:
        """The user's temperature unit (°C or °F), so no conversion splits degrees."""
        return self.hass.config.units.temperature_unit

    def _from_celsius(self, celsius: float) -> float:
        unit = self.native_unit_of_measurement
        if unit == UnitOfTemperature.CELSIUS:
            return (
                celsius  # what the converter returns, without asking it on every poll
            )
        return TemperatureConverter.convert(celsius, UnitOfTemperature.CELSIUS, unit)

    @property
    def native_min_value(self) -> float:
        """The lowest target (off), in whole degrees of the user's unit."""
        minimum = self.entity_description.native_min_value
        assert minimum is not None  # every description has one
        return _inside(self._from_celsius(minimum), math.ceil)

    @property
    def native_max_value(self) -> float:
        """The plugin's highest target, in whole degrees of the user's unit."""
        maximum = self.entity_description.native_max_value
        assert maximum is not None  # every description has one
        return _inside(self._from_celsius(maximum), math.floor)

    @property
    def native_value(self) -> float | None:
        """The heater's current target, in whole degrees of the user's unit."""
        status = self.status
        celsius = None if status is None else self.entity_description.value_fn(status)
        return None if celsius is None else _whole(self._from_celsius(celsius))

    async def async_set_native_value(self, value: float) -> None:
        """Set this heater's target alone: whole degrees of the user's unit, in °C."""
        celsius = round(
            TemperatureConverter.convert(
                _whole(value),
                self.native_unit_of_measurement,
                UnitOfTemperature.CELSIUS,
            ),
            1,
        )
        # Whole °C as integers, as before; a tenth where °F needs it (400 °F = 204.4 °C).
        target = int(celsius) if celsius.is_integer() else celsius
        await self.coordinator.async_send_command(
            "set-temp", {self.entity_description.field: target}
        )


def _whole(value: float) -> float:
    """Round half up to a whole degree (round() would take 64.5 to 64)."""
    return float(math.floor(value + 0.5))


def _inside(limit: float, rounding: Callable[[float], int]) -> float:
    """Return a limit on a whole degree, rounded towards the inside of the range."""
    whole = rounding(limit)
    return limit if whole == limit else whole
