"""Base entities, and the mechanism that adds entities once the printer reports them.

``PrinterEntity`` is any entity of the printer's device; ``OctoEverywhereEntity`` one that
follows the printer's status; ``MaterialEntity`` one that follows a part of its material
system (a unit, a source or a tool).
"""

from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Any, Final, Protocol, override

from homeassistant.const import MAX_LENGTH_STATE_STATE
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity import Entity, EntityDescription
from homeassistant.helpers.update_coordinator import (
    BaseCoordinatorEntity,
    CoordinatorEntity,
)

from .api import ALL_FIELDS, MaterialSystem, PrinterStatus, StatusField
from .const import DOMAIN
from .coordinator import OctoEverywhereConfigEntry, OctoEverywhereCoordinator
from .material import (
    MaterialPart,
    PartKind,
    async_remove_stale_entities,
    part_device,
    part_name,
)

# What an entity's _state_key returns to be written on every poll that changed something.
ALWAYS_WRITE: Final = object()


def text_state(value: str | None) -> str | None:
    """Cut a text to a state's length: Home Assistant refuses more than 255 characters."""
    return value[:MAX_LENGTH_STATE_STATE] if value else value


@lru_cache(maxsize=64)
def printer_device_info(entry_id: str) -> DeviceInfo:
    """Return the printer's device info, one object shared by all its entities.

    Home Assistant only reads it; one per entity was 0.4 KiB each (issue 12's memory target).
    """
    return DeviceInfo(identifiers={(DOMAIN, entry_id)})


class PrinterEntity(Entity):
    """An entity of the printer's device.

    The unique id is ``<entry id>_<key>``: the entry id, not the connection, so that moving the
    entry to a new connection (reconfigure) keeps entities, history and automations.
    """

    _attr_has_entity_name = True
    # Set by async_add_entities_when_reported: told the key when the registry entry goes.
    _when_reported: _AddWhenReported | None = None
    _reported_key = ""

    def __init__(self, entry_id: str, key: str) -> None:
        """Attach the entity to the printer's device."""
        self._attr_unique_id = f"{entry_id}_{key}"
        self._attr_device_info = printer_device_info(entry_id)

    @override
    async def async_removed_from_registry(self) -> None:
        """Let a later poll that reports this entity create it again."""
        if self._when_reported is not None:
            self._when_reported.forget(self._reported_key)


# An entity a status calls for: its key, and how to create it (asked only when it is new).
type EntityToAdd = tuple[str, Callable[[], PrinterEntity]]


class OctoEverywhereEntity(PrinterEntity, CoordinatorEntity[OctoEverywhereCoordinator]):
    """An entity that follows the printer's status, polled by the coordinator."""

    # Entities that still mean something while the printer is offline (state, connectivity).
    _available_offline = False
    # What the last state written showed (two attributes: a tuple each was 56 bytes).
    _last_available: bool | None = None
    _last_shown: Hashable = ALWAYS_WRITE
    # The StatusField bits of what it shows (and its availability) depends on: a poll that
    # changes none of them does not ask it (coordinator.EntityUpdates). All, unless it says.
    _reads: int = int(ALL_FIELDS)

    def __init__(self, coordinator: OctoEverywhereCoordinator, key: str) -> None:
        """Attach the entity to the printer's device and its coordinator."""
        PrinterEntity.__init__(self, coordinator.config_entry.entry_id, key)
        CoordinatorEntity.__init__(self, coordinator)

    @property
    def available(self) -> bool:
        """Unavailable while the printer is offline, unless the entity reports that."""
        # CoordinatorEntity's availability, inline: asked of every entity on every change.
        coordinator = self.coordinator
        return coordinator.last_update_success and (
            self._available_offline or coordinator.data.status is not None
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
        """Follow the coordinator; remember what the first state showed.

        Past CoordinatorEntity's own: the printer's entities share one listener
        (``EntityUpdates``) instead of one each.
        """
        await super(BaseCoordinatorEntity, self).async_added_to_hass()
        self.coordinator.entity_updates.add(self)
        if (shown := self._state_key()) is not ALWAYS_WRITE:
            self._last_available = self.available
            self._last_shown = shown

    @override
    async def async_will_remove_from_hass(self) -> None:
        """Stop following the coordinator (a method, not a removal callback per entity)."""
        self.coordinator.entity_updates.remove(self)

    def _shows_new(self, available: bool, shown: Hashable) -> bool:
        """Whether a state showing this differs from the last one written; remember it."""
        if available == self._last_available and shown == self._last_shown:
            return False
        self._last_available = available
        self._last_shown = shown
        return True

    def _forget_shown(self) -> None:
        """Make the next poll write, whatever it shows."""
        self._last_available = None

    @callback
    @override
    def _handle_coordinator_update(self) -> None:
        """Write the state, unless what the entity shows did not change."""
        if (shown := self._state_key()) is ALWAYS_WRITE or self._shows_new(
            self.available, shown
        ):
            self.async_write_ha_state()


class MaterialEntity[T: MaterialPart](OctoEverywhereEntity):
    """An entity of one unit, source or tool, found again by its id on every poll."""

    _reads = int(StatusField.MATERIAL)

    def __init__(
        self,
        coordinator: OctoEverywhereCoordinator,
        kind: PartKind[T],
        part: T,
        system: MaterialSystem,
        description: EntityDescription,
    ) -> None:
        """Attach to the part's unit device (or the printer's) and name it after the part.

        The description's key is the suffix after the part's own key.
        """
        super().__init__(coordinator, kind.key(part.id, description.key))
        self.entity_description = description
        self._kind = kind
        self._part_id = part.id
        entry = coordinator.config_entry
        if (device := part_device(entry, system, part)) is not None:
            self._attr_device_info = device
        self._attr_translation_placeholders = {"name": part_name(system, kind, part)}

    @property
    def system(self) -> MaterialSystem | None:
        """The printer's material system, as last reported."""
        status = self.status
        return status.job.material_system if status else None

    def _part(self) -> T | None:
        system = self.system
        return None if system is None else self._kind.get_fn(system, self._part_id)

    @property
    def available(self) -> bool:
        """Unavailable while its unit, source or tool is not reported."""
        return super().available and self._part() is not None


class PartDescription[T: MaterialPart](Protocol):
    """An entity description of a part: its key suffix and how its value is read."""

    @property
    def key(self) -> str:
        """The suffix after the part's own key ("" for the part itself)."""

    @property
    def value_fn(self) -> Callable[[T], object]:
        """Read the entity's value from the part."""


def part_entities[T: MaterialPart, D: PartDescription[Any]](
    coordinator: OctoEverywhereCoordinator,
    system: MaterialSystem,
    kind: PartKind[T],
    descriptions: Iterable[D],
    create: Callable[
        [OctoEverywhereCoordinator, PartKind[T], T, MaterialSystem, D], PrinterEntity
    ],
    *,
    all_parts: bool = False,
) -> Iterator[EntityToAdd]:
    """Yield ``(key, create)`` for the entities of every part of ``kind``.

    A value the printer leaves out gets no entity yet (unknown is not zero or false), unless
    ``all_parts`` asks for every entity the parts call for: the ones that are not stale.
    """
    for part in kind.parts_fn(system):
        for description in descriptions:
            if description.key and not all_parts and description.value_fn(part) is None:
                continue
            yield (
                kind.key(part.id, description.key),
                partial(create, coordinator, kind, part, system, description),
            )


type EntityFactory = Callable[[PrinterStatus | None], Iterable[EntityToAdd]]


@dataclass(frozen=True, slots=True)
class ByEquipment:
    """An entity factory whose entities follow from what the printer has alone.

    That is ``PrinterStatus.equipment``: such a factory is asked again only when that changed
    (a plain factory after every poll that changed something).
    """

    factory: EntityFactory

    def __call__(self, status: PrinterStatus | None) -> Iterable[EntityToAdd]:
        """Yield ``(key, create)`` for the entities ``status`` calls for."""
        return self.factory(status)


class ReportedDescription(Protocol):
    """An entity description whose entity exists only when ``exists_fn`` says so."""

    @property
    def key(self) -> str:
        """The entity's key (unique id suffix and translation key)."""

    @property
    def exists_fn(self) -> Callable[[PrinterStatus], bool] | None:
        """Whether the printer has this entity; None means always (even while offline)."""


@dataclass(frozen=True, slots=True)
class _Described[D: ReportedDescription]:
    """The factory of ``described_entities``: slots, a fifth of a closure per platform."""

    descriptions: Iterable[D]
    create: Callable[[D], PrinterEntity]

    def __call__(self, status: PrinterStatus | None) -> Iterator[EntityToAdd]:
        for description in self.descriptions:
            if description.exists_fn is None or (
                status is not None and description.exists_fn(status)
            ):
                yield description.key, partial(self.create, description)


def described_entities[D: ReportedDescription](
    descriptions: Iterable[D], create: Callable[[D], PrinterEntity]
) -> ByEquipment:
    """Build an entity factory from descriptions with ``exists_fn``.

    Each ``exists_fn`` reads the printer's equipment only (tests/test_entity.py checks it).
    """
    return ByEquipment(_Described(descriptions, create))


class _AddWhenReported:
    """The coordinator listener of ``async_add_entities_when_reported`` (slots, not closures)."""

    __slots__ = ("_add_entities", "_added", "_coordinator", "_factory")

    def __init__(
        self,
        coordinator: OctoEverywhereCoordinator,
        add_entities: Callable[[Iterable[Entity]], None],
        factory: EntityFactory,
    ) -> None:
        self._coordinator = coordinator
        self._add_entities = add_entities
        self._factory = factory
        # The keys created: a dict, a third of a set's size for a platform's 20 keys.
        self._added: dict[str, None] = {}

    @callback
    def __call__(self) -> None:
        added = self._added
        new: list[Entity] = []
        for key, create in self._factory(self._coordinator.data.status):
            if key not in added:
                added[key] = None
                entity = create()
                entity._when_reported = self  # noqa: SLF001
                entity._reported_key = key  # noqa: SLF001
                new.append(entity)
        if new:
            self._add_entities(new)

    def forget(self, key: str) -> None:
        """Create ``key``'s entity again when a poll reports it: its registry entry went.

        Only then: Home Assistant also refuses entities (disabled in the registry, by default
        or by the user) and removes them to rename them; such a key stays, or every poll
        would build the entity again only to be refused. Enabling an entity reloads the
        entry, which starts from scratch.
        """
        self._added.pop(key, None)


@callback
def async_add_entities_when_reported(
    entry: OctoEverywhereConfigEntry,
    async_add_entities: Callable[[Iterable[Entity]], None],
    factory: EntityFactory,
) -> Callable[[], None]:
    """Add entities now and whenever a later poll reports new ones, without a reload.

    ``factory`` yields ``(key, create)`` for every entity the current status calls for
    (status is None while offline); each key is created once, and created again once its
    registry entry was removed. A ``ByEquipment`` factory is asked again only when what the
    printer has changed, any other after every poll that changed something. Returns the
    function that asks it, for callers whose entities follow something else too.
    """
    coordinator = entry.runtime_data.coordinator
    add_new = _AddWhenReported(coordinator, async_add_entities, factory)
    add_new()
    if isinstance(factory, ByEquipment):
        entry.async_on_unload(
            coordinator.async_add_equipment_listener(add_new, called_now=True)
        )
    else:
        entry.async_on_unload(coordinator.async_add_listener(add_new))
    return add_new


type MaterialEntities = Callable[[MaterialSystem, bool], Iterator[EntityToAdd]]


@callback
def async_add_material_entities(
    hass: HomeAssistant,
    entry: OctoEverywhereConfigEntry,
    async_add_entities: Callable[[Iterable[Entity]], None],
    platform: str,
    entities: MaterialEntities,
) -> None:
    """Add ``platform``'s entities of the material system as reported; remove stale ones.

    ``entities(system, all_parts)`` yields ``(key, create)`` for what the system reports
    (``all_parts``: for every entity its parts call for, reported or not).
    """

    def factory(
        status: PrinterStatus | None,
    ) -> Iterator[EntityToAdd]:
        if status is not None and (system := status.job.material_system) is not None:
            yield from entities(system, False)

    async_add_entities_when_reported(entry, async_add_entities, ByEquipment(factory))
    coordinator = entry.runtime_data.coordinator

    @callback
    def _async_remove_stale() -> None:
        status = coordinator.data.status
        if status is not None and (system := status.job.material_system) is not None:
            keys = {key for key, _ in entities(system, True)}
            async_remove_stale_entities(hass, entry, platform, keys)

    entry.async_on_unload(coordinator.async_add_equipment_listener(_async_remove_stale))
