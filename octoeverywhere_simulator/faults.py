"""Injected faults: what the next (or every) request gets instead of a normal answer."""

from dataclasses import dataclass
from typing import Any, Final

DEFAULT_MESSAGES: Final = {
    600: "Unknown server error",
    601: "The printer is not connected to OctoEverywhere",
    602: "The printer timed out",
    603: "App Connection not found",
    604: "App Connection revoked or expired",
    605: "The account owner no longer has Supporter Perks",
    606: "Invalid or missing credentials",
    607: "Download too large",
    608: "Upload too large",
    609: "Webcam viewed too often",
    610: "Plugin update required",
    611: "No beta access",
    612: "Plugin error",
    613: "No active print",
    750: "Unknown command failure",
    751: "Failed to parse command arguments",
    752: "Command execution failed",
    753: "Failed to serialize response",
    754: "Unknown command path",
    785: "Host not connected",
    786: "The printer is in the wrong state",
    787: "Failed to get current status.",
    788: "Feature not supported",
    789: "Failed to get current status.",
}


def default_message(status: int) -> str:
    """Return the error text sent with a status when none was configured."""
    return DEFAULT_MESSAGES.get(status, f"Error {status}")


BODIES: Final = ("json", "html", "empty")
MALFORMED: Final = (
    "text",
    "truncated",
    "array",
    "string",
    "no_result",
    "null_result",
    "no_status",
    "string_status",
)
LARGE: Final = ("length", "chunked")
LARGE_BODY_BYTES: Final = 10 * 1024 * 1024


@dataclass(slots=True)
class Fault:
    """One fault; ``count`` None applies until cleared, else to that many matching requests.

    Effects (at most one): ``http_status`` (with a ``body`` of json, html or empty),
    ``plugin_status`` (an HTTP 200 envelope), ``malformed`` (HTTP 200 with a broken body),
    ``large`` (a 10 MB body, with Content-Length or chunked), ``drop`` (close the connection
    without answering). ``latency`` (real seconds) delays the answer, with or without an effect.
    """

    http_status: int | None = None
    plugin_status: int | None = None
    message: str | None = None
    body: str = "json"
    malformed: str | None = None
    large: str | None = None
    drop: bool = False
    latency: float = 0.0
    count: int | None = None
    # Case-insensitive prefixes of the request path (relative to the command API, or the full
    # path such as "/api/" for the App APIs); empty matches every simulated request.
    paths: tuple[str, ...] = ()

    def matches(self, path: str) -> bool:
        """Tell whether the fault applies to a request path."""
        lowered = path.lower()
        return not self.paths or any(lowered.startswith(p.lower()) for p in self.paths)

    def as_dict(self) -> dict[str, Any]:
        """Return the JSON form (only the fields that are set)."""
        data: dict[str, Any] = {
            "http_status": self.http_status,
            "plugin_status": self.plugin_status,
            "message": self.message,
            "body": self.body if self.body != "json" else None,
            "malformed": self.malformed,
            "large": self.large,
            "drop": self.drop or None,
            "latency": self.latency or None,
            "count": self.count,
            "paths": list(self.paths) or None,
        }
        return {key: value for key, value in data.items() if value is not None}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Fault:
        """Read a fault from JSON; raises ValueError on bad values."""
        unknown = set(data) - set(cls.__slots__)
        if unknown:
            raise ValueError(f"unknown fault keys: {', '.join(sorted(unknown))}")
        fault = cls()
        for key in ("http_status", "plugin_status", "count"):
            value = data.get(key)
            if value is not None and (
                not isinstance(value, int) or isinstance(value, bool)
            ):
                raise ValueError(f"{key} must be an integer")
            setattr(fault, key, value)
        for key in ("message", "malformed", "large"):
            value = data.get(key)
            if value is not None and not isinstance(value, str):
                raise ValueError(f"{key} must be a string")
            setattr(fault, key, value)
        body = data.get("body", "json")
        if not isinstance(body, str):
            raise TypeError("body must be a string")
        fault.body = body
        drop = data.get("drop", False)
        if not isinstance(drop, bool):
            raise TypeError("drop must be a boolean")
        fault.drop = drop
        latency = data.get("latency", 0.0)
        if isinstance(latency, bool) or not isinstance(latency, int | float):
            raise TypeError("latency must be a number")
        fault.latency = float(latency)
        paths = data.get("paths")
        if isinstance(paths, str):
            paths = [paths]
        if paths is not None and not (
            isinstance(paths, list) and all(isinstance(p, str) for p in paths)
        ):
            raise ValueError("paths must be a list of strings")
        fault.paths = tuple(paths or ())
        fault.validate()
        return fault

    def validate(self) -> None:
        """Refuse contradictory or out-of-range settings."""
        if self.http_status is not None and not 100 <= self.http_status <= 999:
            raise ValueError("http_status must be 100-999")
        if self.count is not None and self.count < 1:
            raise ValueError("count must be at least 1")
        if self.body not in BODIES:
            raise ValueError(f"body must be one of {', '.join(BODIES)}")
        if self.malformed is not None and self.malformed not in MALFORMED:
            raise ValueError(f"malformed must be one of {', '.join(MALFORMED)}")
        if self.large is not None and self.large not in LARGE:
            raise ValueError(f"large must be one of {', '.join(LARGE)}")
        if self.latency < 0:
            raise ValueError("latency must not be negative")
        effects = self.effects()
        if len(effects) > 1:
            raise ValueError(f"a fault has one effect, not {', '.join(effects)}")
        if not effects and self.latency <= 0:
            raise ValueError("a fault needs an effect (e.g. http_status) or a latency")

    def effects(self) -> list[str]:
        """Return the names of the effects this fault has."""
        return [
            name
            for name, value in (
                ("http_status", self.http_status),
                ("plugin_status", self.plugin_status),
                ("malformed", self.malformed),
                ("large", self.large),
                ("drop", self.drop or None),
            )
            if value is not None
        ]


class Faults:
    """The active faults, first match wins."""

    def __init__(self) -> None:
        """No faults."""
        self.active: list[Fault] = []

    def set(self, fault: Fault | None) -> None:
        """Replace every fault by ``fault`` (None clears)."""
        self.active = [] if fault is None else [fault]

    def add(self, fault: Fault) -> None:
        """Add a fault after the existing ones."""
        self.active.append(fault)

    def take(self, path: str) -> Fault | None:
        """Return the fault for a request, counting it against a limited fault."""
        for fault in self.active:
            if fault.matches(path):
                if fault.count is not None:
                    fault.count -= 1
                    if fault.count <= 0:
                        self.active.remove(fault)
                return fault
        return None
