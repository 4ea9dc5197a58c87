"""Lights: one per entry of the printer's ``Lights`` list, switched with ``set-light``."""

from collections.abc import Hashable, Iterator
from functools import partial
from typing import Any

from homeassistant.components.light import ColorMode, LightEntity
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.util import slugify

from .api import ALL_FIELDS, Features, Light, PrinterStatus, StatusField
from .coordinator import OctoEverywhereConfigEntry, OctoEverywhereCoordinator
from .entity import (
    ByEquipment,
    EntityToAdd,
    OctoEverywhereEntity,
    async_add_entities_when_reported,
)

# Commands to one printer go one at a time.
PARALLEL_UPDATES = 1


async def async_setup_entry(
    hass: HomeAssistant,
    entry: OctoEverywhereConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a light for every light the printer reports, now and as they appear."""
    coordinator = entry.runtime_data.coordinator

    def factory(
        status: PrinterStatus | None,
    ) -> Iterator[EntityToAdd]:
        if status is None or Features.LIGHT not in status.features:
            return
        for light in status.job.lights or ():
            yield (
                light_key(light.name),
                partial(OctoEverywhereLight, coordinator, light.name),
            )

    async_add_entities_when_reported(entry, async_add_entities, ByEquipment(factory))


def light_key(name: str) -> str:
    """Return the entity key of the light called ``name``."""
    return f"light_{slugify(name)}"


class OctoEverywhereLight(OctoEverywhereEntity, LightEntity):
    """A printer light (chamber, case, ...) that can only be switched on and off."""

    _attr_color_mode = ColorMode.ONOFF
    _attr_supported_color_modes = {ColorMode.ONOFF}
    _attr_translation_key = "light"
    _reads = int(StatusField.LIGHTS)

    def __init__(self, coordinator: OctoEverywhereCoordinator, name: str) -> None:
        """Create the light called ``name`` (as the printer spells it, case-sensitive)."""
        super().__init__(coordinator, light_key(name))
        self._light_name = name
        # The printer's own name ("chamber", "caselight") is the best name there is.
        self._attr_translation_placeholders = {
            "name": name.replace("_", " ").strip().capitalize() or name
        }
        self._optimistic: bool | None = None

    def _light(self) -> Light | None:
        if (status := self.status) is None:
            return None
        for light in status.job.lights or ():
            if light.name == self._light_name:
                return light
        return None

    def _state_key(self) -> Hashable:
        return self.is_on

    @property
    def available(self) -> bool:
        """Unavailable while the printer does not list this light (Moonraker may drop them)."""
        return super().available and self._light() is not None

    @property
    def is_on(self) -> bool | None:
        """The switched state, or the commanded one until the next poll confirms it."""
        if self._optimistic is not None:
            return self._optimistic
        light = self._light()
        return None if light is None else light.on

    async def async_turn_on(self, **kwargs: Any) -> None:
        """Switch the light on."""
        await self._async_switch(True)

    async def async_turn_off(self, **kwargs: Any) -> None:
        """Switch the light off."""
        await self._async_switch(False)

    async def _async_switch(self, on: bool) -> None:
        # Shown until a poll reports a change; the refresh after the command clears it.
        self._optimistic = on
        self._reads = int(ALL_FIELDS)  # any poll that changed something clears it
        try:
            await self.coordinator.async_send_command(
                "set-light", {"Name": self._light_name, "On": on}
            )
        except HomeAssistantError:
            self._clear_optimistic()
            raise
        self.async_write_ha_state()
        # What is shown now is not what the last poll showed: the next poll must write.
        self._forget_shown()

    @callback
    def _handle_coordinator_update(self) -> None:
        """Drop the commanded state: a poll tells the truth again."""
        self._clear_optimistic()
        super()._handle_coordinator_update()

    def _clear_optimistic(self) -> None:
        self._optimistic = None
        self._reads = int(StatusField.LIGHTS)
