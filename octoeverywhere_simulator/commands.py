"""The plugin's command API: validation and execution of each command, as envelopes."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
import math
from typing import TYPE_CHECKING, Any, Final

from .printer import PauseOptions

if TYPE_CHECKING:
    from .simulator import Simulator

# Matched in this order against the lower-cased path, by prefix (like the plugin).
COMMANDS: Final = (
    "status",
    "ping",
    "pause",
    "resume",
    "cancel",
    "start",
    "set-light",
    "move-axis",
    "home",
    "extrude",
    "set-temp",
    "webcam/list",
    "webcam/snapshot",
    "webcam/stream",
)
RAW_COMMANDS: Final = frozenset({"webcam/list", "webcam/snapshot", "webcam/stream"})
FEATURE_BITS: Final = {
    "set-light": 1,
    "move-axis": 2,
    "home": 4,
    "extrude": 8,
    "set-temp": 16,
    "start": 32,
}
TEMP_LIMITS: Final = {"BedC": 75.0, "ChamberC": 75.0, "ToolC": 260.0}
MIN_EXTRUDE_C: Final = 170.0
HOST_NOT_CONNECTED: Final = "Host not connected"


@dataclass(frozen=True, slots=True)
class Envelope:
    """A plugin answer: HTTP 200 with ``{"Status": ..., "Result"|"Error": ...}``."""

    status: int
    result: dict[str, Any] | None = None
    error: str | None = None

    def body(self) -> dict[str, Any]:
        """Return the JSON envelope."""
        if self.status == 200:
            return {
                "Status": 200,
                "Result": self.result if self.result is not None else {},
            }
        return {"Status": self.status, "Error": self.error or "Error"}


def ok(result: dict[str, Any] | None = None) -> Envelope:
    """Success."""
    return Envelope(200, result or {})


def fail(status: int, error: str) -> Envelope:
    """Failure with an ``Error`` text."""
    return Envelope(status, error=error)


def match_command(path: str) -> str | None:
    """Return the command a path selects (case-insensitive prefix), None when unknown."""
    lowered = path.lower()
    return next((name for name in COMMANDS if lowered.startswith(name)), None)


def is_number(value: Any) -> bool:
    """Tell whether a value is a finite JSON number (booleans are not)."""
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
    )


def is_int(value: Any) -> bool:
    """Tell whether a value is a JSON integer (booleans are not)."""
    return isinstance(value, int) and not isinstance(value, bool)


class ArgumentError(Exception):
    """An argument is missing or of the wrong type/range: answered as 400."""


def execute(
    sim: Simulator,
    command: str,
    args: Mapping[str, Any] | None,
    query: Mapping[str, str],
) -> Envelope:
    """Run one command against the simulator and return its envelope."""
    profile = sim.profile
    if command == "ping":
        return ok({"Message": "Pong"})
    if sim.connection == "host_not_connected":
        if profile.name == "octoprint" and command in ("pause", "resume", "cancel"):
            return fail(786, "The printer is not connected")
        return fail(785, HOST_NOT_CONNECTED)
    bit = FEATURE_BITS.get(command)
    if bit is not None and not sim.features & bit:
        return fail(
            788, f"The {command} command is not supported on this printer platform"
        )
    handler = _HANDLERS[command]
    try:
        return handler(sim, args, query)
    except ArgumentError as err:
        return fail(400, str(err))


def _status(
    sim: Simulator, body: Mapping[str, Any] | None, query: Mapping[str, str]
) -> Envelope:
    args = body or {}
    flag = query.get("includematerialsystem", "")
    body_flag = args.get("IncludeMaterialSystem")
    include = flag.lower() in ("true", "1") or body_flag is True
    return ok(sim.status(include_material_system=include))


def _check_bool(args: Mapping[str, Any], key: str) -> bool | None:
    value = args.get(key)
    if value is None:
        return None
    if not isinstance(value, bool):
        raise ArgumentError(f"{key} must be a boolean")
    return value


def _check_number(
    args: Mapping[str, Any], key: str, *, required: bool = False
) -> float | None:
    value = args.get(key)
    if value is None:
        if required:
            raise ArgumentError(f"{key} is required")
        return None
    if not is_number(value):
        raise ArgumentError(f"{key} must be a number")
    return float(value)


def _wrong_state(sim: Simulator, action: str) -> Envelope:
    wrong = sim.profile.wrong_state
    if wrong is None:  # Bambu: the printer accepts the command and nothing happens.
        return ok()
    status, text = wrong
    return fail(status, f"{text} ({action})")


def _pause(
    sim: Simulator, body: Mapping[str, Any] | None, query: Mapping[str, str]
) -> Envelope:
    args = body or {}
    has_body = body is not None
    smart = _check_bool(args, "SmartPause") or False
    suppress = _check_bool(args, "SuppressNotification")
    options = PauseOptions(
        smart_pause=smart,
        disable_hotend=_check_bool(args, "DisableHotend") or False,
        disable_bed=_check_bool(args, "DisableBed") or False,
        show_smart_pause_popup=_check_bool(args, "ShowSmartPausePopup") or False,
        suppress_notification=(
            suppress if suppress is not None else (smart if has_body else True)
        ),
    )
    for key in ("ZLiftMm", "RetractFilamentMm"):
        number = _check_number(args, key)
        if number is not None and number < 0:
            raise ArgumentError(f"{key} must not be negative")
    options.z_lift_mm = _check_number(args, "ZLiftMm") or 0.0
    options.retract_filament_mm = _check_number(args, "RetractFilamentMm") or 0.0
    if not sim.printer.pause(options):
        return _wrong_state(sim, "pause needs a running print")
    return ok()


def _resume(
    sim: Simulator, body: Mapping[str, Any] | None, query: Mapping[str, str]
) -> Envelope:
    if not sim.printer.resume():
        return _wrong_state(sim, "resume needs a paused print")
    return ok()


def _cancel(
    sim: Simulator, body: Mapping[str, Any] | None, query: Mapping[str, str]
) -> Envelope:
    if not sim.printer.cancel():
        return _wrong_state(sim, "cancel needs an active print")
    return ok()


def _start(
    sim: Simulator, body: Mapping[str, Any] | None, query: Mapping[str, str]
) -> Envelope:
    args = body or {}
    path = args.get("Path")
    if not isinstance(path, str) or not path.strip():
        raise ArgumentError("Path is required and must be a string")
    storage = args.get("Storage")
    if storage is not None and not isinstance(storage, str):
        raise ArgumentError("Storage must be a string")
    if args.get("Plate") is not None and not is_int(args.get("Plate")):
        raise ArgumentError("Plate must be an integer")
    _check_bool(args, "UseAms")
    mapping = args.get("AmsMapping")
    if mapping is not None and not (
        isinstance(mapping, list) and all(is_int(item) for item in mapping)
    ):
        raise ArgumentError("AmsMapping must be a list of integers")
    prusalink = sim.profile.name == "prusalink"
    if not path.startswith("gcode/"):
        return fail(400 if prusalink else 404, f"File not found: {path}")
    if not sim.printer.start(path):
        return fail(400 if prusalink else 409, "The printer is busy with another job")
    sim.after_print_started()
    return ok(
        {"VirtualPath": path, "PlatformPath": sim.profile.platform_path(path, storage)}
    )


def _set_light(
    sim: Simulator, body: Mapping[str, Any] | None, query: Mapping[str, str]
) -> Envelope:
    args = body or {}
    name = args.get("Name")
    on = args.get("On")
    if not isinstance(name, str):
        raise ArgumentError("Name must be a string")
    if not isinstance(on, bool):
        raise ArgumentError("On must be a boolean")
    if not sim.printer.set_light(name, on):
        if sim.profile.unknown_light_status == 752:
            return fail(752, f"Exception: light '{name}' was not found")
        return fail(400, f"Unknown light name: {name}")
    return ok()


def _move_axis(
    sim: Simulator, body: Mapping[str, Any] | None, query: Mapping[str, str]
) -> Envelope:
    args = body or {}
    axis = args.get("Axis")
    if not isinstance(axis, str) or axis.upper() not in ("X", "Y", "Z"):
        raise ArgumentError("Axis must be X, Y or Z")
    distance = _check_number(args, "DistanceMm", required=True)
    assert distance is not None
    sim.printer.move(axis.upper(), distance)
    return ok()


def _home(
    sim: Simulator, body: Mapping[str, Any] | None, query: Mapping[str, str]
) -> Envelope:
    sim.printer.home()
    return ok()


def _extrude(
    sim: Simulator, body: Mapping[str, Any] | None, query: Mapping[str, str]
) -> Envelope:
    args = body or {}
    extruder = args.get("Extruder")
    if not isinstance(extruder, int) or isinstance(extruder, bool) or extruder < 0:
        raise ArgumentError("Extruder must be an integer >= 0")
    distance = _check_number(args, "DistanceMm", required=True)
    assert distance is not None
    limit = sim.profile.max_extruder
    if limit is not None and extruder > limit:
        raise ArgumentError(f"Extruder must be 0-{limit}")
    tools = sim.printer.tools
    if extruder >= len(tools):
        raise ArgumentError(f"Unknown extruder: {extruder}")
    if tools[extruder].actual < MIN_EXTRUDE_C:
        return fail(500, f"Extruder {extruder} is too cold to extrude")
    sim.printer.extrude(extruder, distance)
    return ok()


def _set_temp(
    sim: Simulator, body: Mapping[str, Any] | None, query: Mapping[str, str]
) -> Envelope:
    args = body or {}
    if sim.profile.name == "elegoo_cc2" and "ChamberC" in args:
        return fail(
            788, "Setting the chamber temperature is not supported on this printer"
        )
    targets: dict[str, float] = {}
    for key, limit in TEMP_LIMITS.items():
        value = _check_number(args, key)
        if value is None:
            continue
        if not 0 <= value <= limit:
            raise ArgumentError(f"{key} must be between 0 and {limit:g}")
        targets[key] = value
    tool_number = args.get("ToolNumber")
    if tool_number is not None:
        if not is_int(tool_number) or tool_number < 0:
            raise ArgumentError("ToolNumber must be an integer >= 0")
        if tool_number >= len(sim.printer.tools):
            raise ArgumentError(f"Unknown tool: {tool_number}")
    if not targets:
        raise ArgumentError("At least one of BedC, ChamberC or ToolC is required")
    sim.printer.set_temps(
        bed=targets.get("BedC"),
        chamber=targets.get("ChamberC"),
        tool=targets.get("ToolC"),
        tool_number=tool_number,
    )
    return ok()


type Handler = Callable[
    ["Simulator", Mapping[str, Any] | None, Mapping[str, str]], Envelope
]

_HANDLERS: Final[dict[str, Handler]] = {
    "status": _status,
    "pause": _pause,
    "resume": _resume,
    "cancel": _cancel,
    "start": _start,
    "set-light": _set_light,
    "move-axis": _move_axis,
    "home": _home,
    "extrude": _extrude,
    "set-temp": _set_temp,
}
