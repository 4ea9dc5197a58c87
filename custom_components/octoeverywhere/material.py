"""The material system (AMS, CFS, MMU, tool changers...), the same for every brand.

Which parts a printer's material system has, what they are called and on which device their
entities live: each unit is a device of its own (via the printer), a source lives on its
unit's device (or the printer's, for a standalone spool), a tool on the printer's. What the
printer stops reporting is stale: a unit's device, the entities of a gone source or tool. The
entities themselves are in the platform modules (sensor.py, binary_sensor.py).
"""

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Any, Final

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.helpers.device_registry import DeviceInfo

from .api import MaterialSource, MaterialSystem, MaterialUnit, PrinterStatus, Tool
from .compat import via_device_info
from .const import DOMAIN
from .coordinator import OctoEverywhereConfigEntry

EMPTY: Final = "empty"

type MaterialPart = MaterialUnit | MaterialSource | Tool


@dataclass(frozen=True, slots=True)
class PartKind[T: MaterialPart]:
    """One kind of part: the key its entities start with, which exist, finding one by id."""

    name: str
    parts_fn: Callable[[MaterialSystem], Sequence[T]]
    get_fn: Callable[[MaterialSystem, str], T | None]
    default_name: str

    def key(self, part_id: str, suffix: str) -> str:
        """Return the entity key of the part's ``suffix`` entity ("" for the part itself)."""
        return f"{self.name}_{part_id}_{suffix}" if suffix else f"{self.name}_{part_id}"


UNITS: Final[PartKind[MaterialUnit]] = PartKind(
    "unit", lambda system: system.units, MaterialSystem.unit, "Unit"
)
SOURCES: Final[PartKind[MaterialSource]] = PartKind(
    "source", lambda system: system.sources, MaterialSystem.source, "Slot"
)
# A single tool is the printer's own hotend, already covered by the printer's sensors.
TOOLS: Final[PartKind[Tool]] = PartKind(
    "tool",
    lambda system: system.tools if len(system.tools) > 1 else (),
    MaterialSystem.tool,
    "Tool",
)
_KEY_PREFIXES: Final = tuple(f"{kind.name}_" for kind in (UNITS, SOURCES, TOOLS))


def unit_identifier(entry_id: str, unit_id: str) -> str:
    """Return the device identifier of a unit."""
    return f"{entry_id}_unit_{unit_id}"


def part_name[T: MaterialPart](
    system: MaterialSystem, kind: PartKind[T], part: T
) -> str:
    """Return the part's own name; on a unit's device without the unit's name in front."""
    name = part.name or f"{kind.default_name} {(part.index or 0) + 1}"
    if isinstance(part, MaterialSource) and (unit := system.unit(part.unit_id)):
        if unit.name and name.startswith(unit.name) and name != unit.name:
            name = name.removeprefix(unit.name).strip(" -:") or name
    return name


def part_device(
    entry: OctoEverywhereConfigEntry, system: MaterialSystem, part: MaterialPart
) -> DeviceInfo | None:
    """Return a unit's own device (via the printer) for the unit and its sources.

    None: the entity lives on the printer's device (tools, standalone spools).
    """
    unit: MaterialUnit | None = None
    if isinstance(part, MaterialUnit):
        unit = part
    elif isinstance(part, MaterialSource):
        unit = system.unit(part.unit_id)
    if unit is None:
        return None
    return via_device_info(
        (DOMAIN, unit_identifier(entry.entry_id, unit.id)),
        unit.name or f"Material unit {(unit.index or 0) + 1}",
        entry.runtime_data.device_id,
        (DOMAIN, entry.entry_id),
    )


def material_state(source: MaterialSource) -> str | None:
    """Return what a source holds: its material type, "empty", or None when unknown."""
    if source.is_empty:
        return EMPTY
    return source.material.type if source.material else None


def material_attributes(source: MaterialSource) -> dict[str, Any]:
    """Return the details of what a source holds."""
    material = source.material
    return {
        "source": source.name,
        "material_name": material.name if material else None,
        "color": material.color if material else None,
        "manufacturer": material.manufacturer if material else None,
        "remaining_percent": material.remaining_percent if material else None,
    }


@callback
def async_remove_stale_devices(
    hass: HomeAssistant, entry: OctoEverywhereConfigEntry, status: PrinterStatus | None
) -> None:
    """Remove the devices of units the material system no longer has.

    Only a reported system counts: while the printer is offline or answers without one,
    nothing is removed.
    """
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


@callback
def async_remove_stale_entities(
    hass: HomeAssistant,
    entry: OctoEverywhereConfigEntry,
    platform: str,
    keys: Collection[str],
) -> None:
    """Remove ``platform``'s entities of parts whose keys are not in ``keys`` any more."""
    registry = er.async_get(hass)
    prefix = f"{entry.entry_id}_"
    for entity in er.async_entries_for_config_entry(registry, entry.entry_id):
        key = entity.unique_id.removeprefix(prefix)
        if entity.domain == platform and key.startswith(_KEY_PREFIXES):
            if key not in keys:
                registry.async_remove(entity.entity_id)


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
