"""Base entity and the mechanism that adds entities once the printer reports them."""

from collections.abc import Callable, Hashable, Iterable, Iterator
from functools import partial
from typing import Final, Protocol, override

from homeassistant.core import callback
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity import Entity
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .api import PrinterStatus
from .const import DOMAIN
from .coordinator import OctoEverywhereCoordinator
from .data import OctoEverywhereConfigEntry

# What an entity's _state_key returns to be written on every poll that changed something.
ALWAYS_WRITE: Final = object()


class OctoEverywhereEntity(CoordinatorEntity[OctoEverywhereCoordinator]):
    """An entity of the printer's device.

    The unique id is ``<entry id>_<key>``: the entry id, not the connection, so that moving the
    entry to a new connection (reconfigure) keeps entities, history and automations.
    """

    _attr_has_entity_name = True
    # Entities that still mean something while the printer is offline (state, connectivity).
    _available_offline = False
    _last_state_key: Hashable | None = None

    def __init__(self, coordinator: OctoEverywhereCoordinator, key: str) -> None:
        """Attach the entity to the printer's device."""
        super().__init__(coordinator)
        entry_id = coordinator.config_entry.entry_id
        self._attr_unique_id = f"{entry_id}_{key}"
        self._attr_device_info = DeviceInfo(identifiers={(DOMAIN, entry_id)})

    @property
    def available(self) -> bool:
        """Unavailable while the printer is offline, unless the entity reports that."""
        return super().available and (
            self._available_offline or self.coordinator.data.online
        )

    @property
    def status(self) -> PrinterStatus | None:
        """The printer's latest status (None while offline)."""
        return self.coordinator.data.status

    def _state_key(self) -> Hashable:
        """Return what this entity shows, to skip writes a poll does not change.

        A poll that changes the printer's status calls every entity; most show the same as
        before (a temperature changed, the file name did not). Comparing what they show is
        cheaper than writing the state again. ALWAYS_WRITE opts out.
        """
        return ALWAYS_WRITE

    @override
    async def async_added_to_hass(self) -> None:
        """Remember what the first state showed."""
        await super().async_added_to_hass()
        if (shown := self._state_key()) is not ALWAYS_WRITE:
            self._last_state_key = (self.available, shown)

    @callback
    @override
    def _handle_coordinator_update(self) -> None:
        """Write the state, unless what the entity shows did not change."""
        if (shown := self._state_key()) is not ALWAYS_WRITE:
            key = (self.available, shown)
            if key == self._last_state_key:
                return
            self._last_state_key = key
        self.async_write_ha_state()


type EntityFactory = Callable[
    [PrinterStatus | None], Iterable[tuple[str, Callable[[], Entity]]]
]


class ReportedDescription(Protocol):
    """An entity description whose entity exists only when ``exists_fn`` says so."""

    @property
    def key(self) -> str:
        """The entity's key (unique id suffix and translation key)."""

    @property
    def exists_fn(self) -> Callable[[PrinterStatus], bool] | None:
        """Whether the printer has this entity; None means always (even while offline)."""


def described_entities[D: ReportedDescription](
    descriptions: Iterable[D], create: Callable[[D], Entity]
) -> EntityFactory:
    """Build an entity factory from descriptions with ``exists_fn``."""

    def factory(
        status: PrinterStatus | None,
    ) -> Iterator[tuple[str, Callable[[], Entity]]]:
        for description in descriptions:
            if description.exists_fn is None or (
                status is not None and description.exists_fn(status)
            ):
                yield description.key, partial(create, description)

    return factory


@callback
def async_add_entities_when_reported(
    entry: OctoEverywhereConfigEntry,
    async_add_entities: Callable[[Iterable[Entity]], None],
    factory: EntityFactory,
) -> None:
    """Add entities now and whenever a later poll reports new ones, without a reload.

    ``factory`` yields ``(key, create)`` for every entity the current status calls for
    (status is None while offline); each key is created once.
    """
    coordinator = entry.runtime_data.coordinator
    added: set[str] = set()

    @callback
    def _add_new() -> None:
        new: list[Entity] = []
        for key, create in factory(coordinator.data.status):
            if key not in added:
                added.add(key)
                entity = create()
                # Removed (e.g. a unit taken off the printer): created again if it returns.
                entity.async_on_remove(partial(added.discard, key))
                new.append(entity)
        if new:
            async_add_entities(new)

    _add_new()
    entry.async_on_unload(coordinator.async_add_listener(_add_new))
