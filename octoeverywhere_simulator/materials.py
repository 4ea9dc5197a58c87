"""Material systems (``JobStatus.MaterialSystem``, reference section 3).

Topologies: ``ams`` (one AMS-like unit, four slots, one tool), ``toolchanger`` (four tools, each
with its own spool), ``external`` (one external spool, one tool), ``null`` (the key is null) and
``none`` (the key is left out even when asked: an older plugin). Ids are deliberately not in
index order, so a client that joins sources and tools by index instead of through ``Routes`` is
wrong. An omitted field means unknown: some sources leave fields out on purpose.
"""

from typing import Any, Final

from .printer import Printer

# How long the route to the new AMS slot is "loading" after the half-way swap.
SWAP_LOADING_SEC: Final = 60.0

_AMS_SOURCES: Final[list[dict[str, Any]]] = [
    {
        "Id": "src-41",
        "Name": "AMS 1 Slot 1",
        "Material": {
            "Type": "PLA",
            "Name": "Bambu PLA Basic",
            "ColorHex": "FF6A13",
            "RemainingPercent": 80,
            "Manufacturer": "Bambu Lab",
        },
    },
    {
        "Id": "src-17",
        "Name": "AMS 1 Slot 2",
        "Material": {
            "Type": "PETG",
            "Name": "Bambu PETG HF",
            "ColorHex": "000000",
            "RemainingPercent": 55,
            "Manufacturer": "Bambu Lab",
        },
    },
    {
        "Id": "src-88",
        "Name": "AMS 1 Slot 3",
        "Material": {
            "Type": "PLA",
            "Name": "Bambu PLA Matte",
            "ColorHex": "FFFFFF",
            "RemainingPercent": 100,
            "Manufacturer": "Bambu Lab",
        },
    },
    # A third-party spool: name, remaining amount and maker unknown (omitted, not null).
    {
        "Id": "src-23",
        "Name": "AMS 1 Slot 4",
        "Material": {"Type": "PETG", "ColorHex": "1F8FE5"},
    },
]
AMS_FIRST_SOURCE: Final = "src-17"
AMS_SECOND_SOURCE: Final = "src-88"
_AMS_UNIT: Final = "unit-a"
_AMS_TOOL: Final = "tool-main"

_TOOLCHANGER_IDS: Final = ("tc-3", "tc-9", "tc-1", "tc-6")
_TOOLCHANGER_NOZZLES: Final = (0.4, 0.4, 0.6, 0.4)
_TOOLCHANGER_MATERIALS: Final[list[dict[str, Any]]] = [
    {
        "Type": "PLA",
        "Name": "Galaxy Black",
        "ColorHex": "1A1A1A",
        "Manufacturer": "Prusament",
    },
    {
        "Type": "PLA",
        "Name": "Signal White",
        "ColorHex": "F4F4F4",
        "RemainingPercent": 64,
    },
    {"Type": "PETG", "ColorHex": "E53935"},
    {"Type": "TPU", "Name": "Flex Blue", "ColorHex": "1E88E5", "RemainingPercent": 12},
]


def _tool(printer: Printer, index: int, tool_id: str, name: str) -> dict[str, Any]:
    heater = printer.tools[index] if index < len(printer.tools) else printer.hotend
    return {
        "Id": tool_id,
        "Index": index,
        "Name": name,
        "IsActive": printer.active_tool == index,
        "IsPresent": True,
        "ActualCelsius": round(heater.actual, 1),
        "TargetCelsius": round(heater.target, 1),
    }


def ams(printer: Printer, now: float) -> dict[str, Any]:
    """One AMS-like unit with four slots feeding one tool; swaps slot at 50 %."""
    job = printer.job
    swapped = job is not None and job.half_time is not None
    active = AMS_SECOND_SOURCE if swapped else AMS_FIRST_SOURCE
    loading = (
        job is not None
        and job.half_time is not None
        and now - job.half_time < SWAP_LOADING_SEC
    )
    sources = [
        {
            "Id": source["Id"],
            "Index": index,
            "Name": source["Name"],
            "UnitId": _AMS_UNIT,
            "Position": index,
            "PrintMappingValue": index,
            "IsEmpty": False,
            "Material": dict(source["Material"]),
            "PlatformDetails": {"TrayId": str(index)},
        }
        for index, source in enumerate(_AMS_SOURCES)
    ]
    tool = _tool(printer, printer.active_tool, _AMS_TOOL, "Extruder")
    tool["NozzleDiameterMm"] = 0.4
    return {
        "Capabilities": {
            "SupportsMultiMaterial": True,
            "SupportsMultiTool": False,
            "SupportsSourceRouting": True,
            "SupportsDrying": True,
        },
        "Sources": sources,
        "Tools": [tool],
        "Units": [
            {
                "Id": _AMS_UNIT,
                "Index": 0,
                "Name": "AMS 1",
                "HumidityPercent": 21.0,
                "TemperatureCelsius": 27.5,
                "IsDrying": False,
            }
        ],
        "Routes": [
            {
                "SourceId": active,
                "ToolId": _AMS_TOOL,
                "State": "loading" if loading else "loaded",
            }
        ],
        "PlatformDetails": {"Model": "AMS 2 Pro"},
    }


def toolchanger(printer: Printer, now: float) -> dict[str, Any]:
    """Four tools, each with its own standalone spool (no units, no routing choice)."""
    tools = []
    for index, tool_id in enumerate(_TOOLCHANGER_IDS):
        tool = _tool(printer, index, tool_id, f"T{index}")
        tool["NozzleDiameterMm"] = _TOOLCHANGER_NOZZLES[index]
        tools.append(tool)
    sources = [
        {
            "Id": f"spool-{tool_id.removeprefix('tc-')}",
            "Index": index,
            "Name": f"Spool T{index}",
            "IsEmpty": False,
            "Material": dict(_TOOLCHANGER_MATERIALS[index]),
        }
        for index, tool_id in enumerate(_TOOLCHANGER_IDS)
    ]
    routes = [
        {"SourceId": source["Id"], "ToolId": tool["Id"], "State": "loaded"}
        for source, tool in zip(sources, tools, strict=True)
    ]
    return {
        # Drying is unknown for this topology: omitted, not false.
        "Capabilities": {
            "SupportsMultiMaterial": True,
            "SupportsMultiTool": True,
            "SupportsSourceRouting": False,
        },
        "Sources": sources,
        "Tools": tools,
        "Units": [],
        "Routes": routes,
    }


def external(printer: Printer, now: float) -> dict[str, Any]:
    """One external spool feeding the only tool; most details unknown."""
    return {
        "Capabilities": {"SupportsMultiMaterial": False, "SupportsMultiTool": False},
        "Sources": [
            {
                "Id": "external-spool",
                "Index": 0,
                "Name": "External Spool",
                "IsEmpty": False,
                "Material": {"Type": "PLA", "ColorHex": "FFFFFF"},
            }
        ],
        "Tools": [_tool(printer, 0, "extruder", "Extruder")],
        "Units": [],
        "Routes": [
            {"SourceId": "external-spool", "ToolId": "extruder", "State": "loaded"}
        ],
    }


def render(kind: str, printer: Printer, now: float) -> dict[str, Any] | None:
    """``JobStatus.MaterialSystem`` for a topology (None for ``null`` and ``none``)."""
    match kind:
        case "ams":
            return ams(printer, now)
        case "toolchanger":
            return toolchanger(printer, now)
        case "external":
            return external(printer, now)
    return None


def tool_count(kind: str) -> int:
    """Return the number of tools (hotends) a topology has."""
    return 4 if kind == "toolchanger" else 1
