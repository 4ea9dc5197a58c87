"""The normalized multi-material / multi-tool topology (``IncludeMaterialSystem=true``).

OctoEverywhere describes every brand's filament system (Bambu AMS, Creality CFS, Prusa MMU,
Palette/Canvas, tool changers, a plain external spool) with the same parts: units (boxes that
hold spools), sources (slots or spools), tools (extruders) and routes (which source feeds which
tool). Sources and tools are joined through routes only, never by index. An omitted field is
unknown, not false or zero, so every field here may be None.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
import re
from typing import Any, Self

from . import parse

# Limits of the topology (reference section 3); anything beyond is ignored.
MAX_SOURCES = 64
MAX_TOOLS = 16
MAX_UNITS = 8
MAX_ROUTES = 64
_MAX_ID = 64
_HEX_COLOR = re.compile(r"#?([0-9a-fA-F]{6})([0-9a-fA-F]{2})?")


def _id(value: Any) -> str | None:
    """Return a non-empty id of reasonable length (ints are read as text)."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    text = parse.string(value)
    return text if text and len(text) <= _MAX_ID else None


def _color(value: Any) -> str | None:
    """``RRGGBB`` (or ``RRGGBBAA``) as ``#RRGGBB``."""
    text = parse.string(value)
    if text is None or (match := _HEX_COLOR.fullmatch(text.strip())) is None:
        return None
    return f"#{match.group(1).upper()}"


def _percent(value: Any) -> float | None:
    number = parse.number(value)
    return number if number is not None and 0 <= number <= 100 else None


@dataclass(frozen=True, slots=True, kw_only=True)
class Material:
    """What a source holds."""

    type: str | None = None
    name: str | None = None
    color: str | None = None
    remaining_percent: float | None = None
    manufacturer: str | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Read ``Material``."""
        return cls(
            type=parse.string(data.get("Type")) or None,
            name=parse.string(data.get("Name")) or None,
            color=_color(data.get("ColorHex")),
            remaining_percent=_percent(data.get("RemainingPercent")),
            manufacturer=parse.string(data.get("Manufacturer")) or None,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class MaterialSource:
    """A slot or spool that can feed a tool."""

    id: str
    index: int | None = None
    name: str | None = None
    unit_id: str | None = None
    position: int | None = None
    is_empty: bool | None = None
    material: Material | None = None

    @classmethod
    def from_dict(cls, source_id: str, data: Mapping[str, Any]) -> Self:
        """Read one entry of ``Sources``."""
        material = parse.obj(data.get("Material"))
        return cls(
            id=source_id,
            index=parse.integer(data.get("Index")),
            name=parse.string(data.get("Name")) or None,
            unit_id=_id(data.get("UnitId")),
            position=parse.integer(data.get("Position")),
            is_empty=parse.boolean(data.get("IsEmpty")),
            material=Material.from_dict(material) if material is not None else None,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Tool:
    """An extruder / toolhead."""

    id: str
    index: int | None = None
    name: str | None = None
    is_active: bool | None = None
    is_present: bool | None = None
    actual_celsius: float | None = None
    target_celsius: float | None = None
    nozzle_diameter_mm: float | None = None

    @classmethod
    def from_dict(cls, tool_id: str, data: Mapping[str, Any]) -> Self:
        """Read one entry of ``Tools``."""
        nozzle = parse.number(data.get("NozzleDiameterMm"))
        return cls(
            id=tool_id,
            index=parse.integer(data.get("Index")),
            name=parse.string(data.get("Name")) or None,
            is_active=parse.boolean(data.get("IsActive")),
            is_present=parse.boolean(data.get("IsPresent")),
            actual_celsius=parse.number(data.get("ActualCelsius")),
            target_celsius=parse.number(data.get("TargetCelsius")),
            nozzle_diameter_mm=nozzle if nozzle is not None and nozzle > 0 else None,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class MaterialUnit:
    """A box holding sources (an AMS, a CFS, an MMU...)."""

    id: str
    index: int | None = None
    name: str | None = None
    humidity_percent: float | None = None
    temperature_celsius: float | None = None
    is_drying: bool | None = None

    @classmethod
    def from_dict(cls, unit_id: str, data: Mapping[str, Any]) -> Self:
        """Read one entry of ``Units``."""
        return cls(
            id=unit_id,
            index=parse.integer(data.get("Index")),
            name=parse.string(data.get("Name")) or None,
            humidity_percent=_percent(data.get("HumidityPercent")),
            temperature_celsius=parse.number(data.get("TemperatureCelsius")),
            is_drying=parse.boolean(data.get("IsDrying")),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Route:
    """A source feeding (or being loaded into) a tool."""

    source_id: str
    tool_id: str
    state: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class MaterialSystem:
    """``JobStatus.MaterialSystem``."""

    supports_multi_material: bool | None = None
    supports_multi_tool: bool | None = None
    supports_source_routing: bool | None = None
    supports_drying: bool | None = None
    sources: tuple[MaterialSource, ...] = ()
    tools: tuple[Tool, ...] = ()
    units: tuple[MaterialUnit, ...] = ()
    routes: tuple[Route, ...] = ()
    # Worked out once per poll, not once per entity that asks.
    active_tool_id: str | None = None
    active_source_id: str | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Read the material system; entries without a usable id are skipped."""
        capabilities = parse.obj(data.get("Capabilities")) or {}
        sources = _unique(data.get("Sources"), MAX_SOURCES, MaterialSource.from_dict)
        tools = _unique(data.get("Tools"), MAX_TOOLS, Tool.from_dict)
        routes = tuple(
            Route(
                source_id=source_id,
                tool_id=tool_id,
                state=parse.string(item.get("State")) or None,
            )
            for item in parse.objects(data.get("Routes"))[:MAX_ROUTES]
            if (source_id := _id(item.get("SourceId")))
            and (tool_id := _id(item.get("ToolId")))
        )
        active_tool_id = _active_tool_id(tools)
        return cls(
            supports_multi_material=parse.boolean(
                capabilities.get("SupportsMultiMaterial")
            ),
            supports_multi_tool=parse.boolean(capabilities.get("SupportsMultiTool")),
            supports_source_routing=parse.boolean(
                capabilities.get("SupportsSourceRouting")
            ),
            supports_drying=parse.boolean(capabilities.get("SupportsDrying")),
            sources=sources,
            tools=tools,
            units=_unique(data.get("Units"), MAX_UNITS, MaterialUnit.from_dict),
            routes=routes,
            active_tool_id=active_tool_id,
            active_source_id=_active_source_id(active_tool_id, routes, sources),
        )

    def unit(self, unit_id: str | None) -> MaterialUnit | None:
        """Return the unit with ``unit_id``."""
        return next((unit for unit in self.units if unit.id == unit_id), None)

    def source(self, source_id: str | None) -> MaterialSource | None:
        """Return the source with ``source_id``."""
        return next((source for source in self.sources if source.id == source_id), None)

    def tool(self, tool_id: str | None) -> Tool | None:
        """Return the tool with ``tool_id``."""
        return next((tool for tool in self.tools if tool.id == tool_id), None)

    @property
    def active_tool(self) -> Tool | None:
        """The tool printing now: the one marked active, or the only one."""
        return self.tool(self.active_tool_id)

    @property
    def active_source(self) -> MaterialSource | None:
        """The source feeding the active tool, found through ``Routes``."""
        return self.source(self.active_source_id)


def _active_tool_id(tools: tuple[Tool, ...]) -> str | None:
    active = [tool for tool in tools if tool.is_active]
    if len(active) == 1:
        return active[0].id
    if not active and len(tools) == 1:
        return tools[0].id
    return None


def _active_source_id(
    tool_id: str | None,
    routes: tuple[Route, ...],
    sources: tuple[MaterialSource, ...],
) -> str | None:
    """Return the source routed to the tool: a "loaded" route first, never by index."""
    if tool_id is None:
        return None
    known = {source.id for source in sources}
    to_tool = [route for route in routes if route.tool_id == tool_id]
    loaded = [route for route in to_tool if (route.state or "").lower() == "loaded"]
    return next(
        (route.source_id for route in loaded or to_tool if route.source_id in known),
        None,
    )


def _unique[T](
    raw: Any, limit: int, read: Callable[[str, Mapping[str, Any]], T]
) -> tuple[T, ...]:
    """Read up to ``limit`` entries with distinct ids; the first of a duplicated id wins."""
    seen: set[str] = set()
    items: list[T] = []
    for item in parse.objects(raw)[:limit]:
        item_id = _id(item.get("Id"))
        if item_id is None or item_id in seen:
            continue
        seen.add(item_id)
        items.append(read(item_id, item))
    return tuple(items)
