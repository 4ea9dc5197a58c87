"""The simulator: one printer, one platform profile, auth, faults and recorded requests."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

from multidict import CIMultiDict

from . import materials, render
from .clock import Clock, ManualClock, RealClock
from .config import (
    MATERIAL_SYSTEMS,
    PLATFORMS,
    SCENARIOS,
    Auth,
    AuthSpec,
    Settings,
    WebcamSettings,
    preset_webcams,
)
from .faults import Fault, Faults
from .printer import ACTIVE_STATES, Event, PauseOptions, Printer, State
from .profiles import PROFILES, Profile
from .webhooks import WebhookSender

if TYPE_CHECKING:
    from aiohttp import web

# Progress at which a scenario that needs a job (and none is active) puts the new job.
SCENARIO_PROGRESS: Final = {"paused": 40.0, "cancelled": 30.0, "error": 30.0}
type Connection = str  # "online", "offline" (601) or "host_not_connected" (785)


@dataclass(slots=True)
class RecordedRequest:
    """One request the simulator received on the command or App API."""

    method: str
    # After /octoeverywhere-command-api/ for the command API, else the full path ("/api/...").
    path: str
    query: dict[str, str]
    headers: CIMultiDict[str]
    json: Any
    body: bytes = b""
    time: float = 0.0
    response_status: int | None = field(default=None)

    def as_dict(self) -> dict[str, Any]:
        """JSON form for ``GET /_sim/requests``."""
        return {
            "method": self.method,
            "path": self.path,
            "query": self.query,
            "headers": dict(self.headers),
            "json": self.json,
            "time": self.time,
            "response_status": self.response_status,
        }


class Simulator:
    """A simulated printer behind a simulated OctoEverywhere connection."""

    def __init__(
        self,
        platform: str = "moonraker",
        scenario: str = "idle",
        *,
        auth: AuthSpec | Auth = None,
        features: int | None = None,
        lights: list[str] | None = None,
        chamber: bool | None = None,
        clock: Clock | None = None,
        print_duration: float = 3600.0,
        progress: float | None = None,
        webcams: int | list[WebcamSettings] | None = None,
        material_system: str = "null",
        lights_null: bool = False,
        octoeverywhere_status_null: bool = False,
        gadget_interval: float = 40.0,
        app_token: str = "sim-app-token",
        printer_name: str = "Simulated Printer",
        printer_id: str = "SIMPRINTER0001",
        webhook_url: str | None = None,
        webhook_secret: str | None = None,
        public_url: str | None = None,
        seed: int = 0,
    ) -> None:
        """Create the simulator; ``clock`` defaults to the real clock at speed 1."""
        if platform not in PLATFORMS:
            raise ValueError(
                f"unknown platform {platform!r}; one of {', '.join(PLATFORMS)}"
            )
        if material_system not in MATERIAL_SYSTEMS:
            raise ValueError(f"unknown material system {material_system!r}")
        if print_duration <= 0:
            raise ValueError("print_duration must be positive")
        self.clock: Clock = clock if clock is not None else RealClock()
        self.settings = Settings(
            platform=platform,
            features=features,
            lights=list(lights) if lights is not None else None,
            chamber=chamber,
            lights_null=lights_null,
            octoeverywhere_status_null=octoeverywhere_status_null,
            print_duration=print_duration,
            material_system=material_system,
            auth=Auth.from_spec(auth),
            app_token=app_token,
            printer_name=printer_name,
            printer_id=printer_id,
            webhook_url=webhook_url,
            webhook_secret=webhook_secret,
            public_url=public_url,
            gadget_interval=gadget_interval,
            seed=seed,
        )
        self.settings.webcams = self._webcams(webcams)
        self.connection: Connection = "online"
        self.connected_at: float | None = self.clock.time()
        self.disconnected_at: float | None = None
        self.faults = Faults()
        self.requests: list[RecordedRequest] = []
        self.events: list[Event] = []
        self.webhooks = WebhookSender(self)
        self.printer = Printer(
            self.clock.time(),
            seed=seed,
            print_duration=print_duration,
            lights=self._light_names(),
            tools=materials.tool_count(material_system),
            gadget_interval=gadget_interval,
        )
        self.set_scenario(scenario, progress=progress)

    # --- derived settings ------------------------------------------------------------------

    @property
    def profile(self) -> Profile:
        """The platform profile in use."""
        return PROFILES[self.settings.platform]

    @property
    def features(self) -> int:
        """The ``Features`` bitmask reported and enforced."""
        configured = self.settings.features
        return configured if configured is not None else self.profile.features

    @property
    def webcams(self) -> list[WebcamSettings]:
        """The listed webcams."""
        return render.webcams(self.profile, self.settings)

    def _light_names(self) -> list[str]:
        lights = self.settings.lights
        return list(lights) if lights is not None else list(self.profile.default_lights)

    def _webcams(
        self, webcams: int | list[WebcamSettings] | None
    ) -> list[WebcamSettings] | None:
        if webcams is None or isinstance(webcams, list):
            return webcams
        return preset_webcams(webcams, self.profile.webcam_name)

    # --- time ------------------------------------------------------------------------------

    def now(self) -> float:
        """Return the simulated time (what drives the printer)."""
        return self.clock.time()

    def unix(self, instant: float) -> float:
        """Return the Unix time reported for a simulated instant (see ``Clock.unix``)."""
        return self.clock.unix(instant)

    def tick(self) -> None:
        """Bring the printer up to the clock's time and collect its events."""
        self.printer.update(self.clock.time())
        self._collect_events()

    def advance(self, seconds: float) -> None:
        """Move simulated time forward (the print progresses deterministically)."""
        self.tick()
        self.clock.advance(seconds)
        self.tick()

    def _collect_events(self) -> None:
        if self.printer.events:
            events, self.printer.events = self.printer.events, []
            for event in events:
                self.on_event(event)

    def on_event(self, event: Event) -> None:
        """Record an event and send its webhook notification (when a URL is configured)."""
        self.events.append(event)
        self.webhooks.send(event.type, event.data)

    def send_webhook(
        self,
        event_type: int,
        *,
        overrides: dict[str, Any] | None = None,
        omit: tuple[str, ...] = (),
    ) -> dict[str, Any] | None:
        """Send a notification of any type with the current job (e.g. 16, the test one)."""
        self.tick()
        return self.webhooks.send(
            event_type, self.printer.event_data(), overrides=overrides, omit=omit
        )

    async def flush_webhooks(self) -> None:
        """Wait until every queued webhook notification was sent (or failed)."""
        await self.webhooks.flush()

    def after_print_started(self) -> None:
        """Collect the events of a print a command started."""
        self._collect_events()

    # --- scenarios -------------------------------------------------------------------------

    def set_scenario(self, scenario: str, *, progress: float | None = None) -> None:
        """Jump to a scenario (see README); ``progress`` places a new print (0-100)."""
        if scenario not in SCENARIOS:
            raise ValueError(
                f"unknown scenario {scenario!r}; one of {', '.join(SCENARIOS)}"
            )
        if progress is not None and not 0 <= progress <= 100:
            raise ValueError("progress must be 0-100")
        self.tick()
        printer = self.printer
        active = printer.job is not None and printer.state in ACTIVE_STATES
        match scenario:
            case "offline" | "host_not_connected" | "online":
                self._connect(scenario)
                return
            case "idle":
                printer.go_idle()
            case "printing":
                printer.new_job()
                if progress is not None:
                    printer.fast_forward(progress)
            case "paused":
                if not active or progress is not None:
                    self._fresh_job(
                        progress
                        if progress is not None
                        else SCENARIO_PROGRESS[scenario]
                    )
                if printer.state != State.PAUSED:
                    printer.pause(
                        PauseOptions(suppress_notification=False), reason="printer"
                    )
            case "complete":
                if not active:
                    self._fresh_job(100.0)
                printer.complete_now()
            case "cancelled":
                if not active or progress is not None:
                    self._fresh_job(
                        progress
                        if progress is not None
                        else SCENARIO_PROGRESS[scenario]
                    )
                printer.cancel()
            case _:  # "error"
                if not active or progress is not None:
                    self._fresh_job(
                        progress
                        if progress is not None
                        else SCENARIO_PROGRESS[scenario]
                    )
                printer.fail()
        self._connect("online")
        self._collect_events()

    def _connect(self, connection: Connection) -> None:
        """Change the connection, remembering when the plugin (dis)connected."""
        if connection == "offline" and self.connection != "offline":
            self.disconnected_at = self.clock.time()
        elif connection != "offline" and self.connection == "offline":
            self.connected_at = self.clock.time()
        self.connection = connection

    def _fresh_job(self, progress: float) -> None:
        """Start a new job at ``progress`` without reporting its start."""
        self.printer.new_job()
        self.printer.events.clear()
        self.printer.fast_forward(progress)

    # --- configuration ---------------------------------------------------------------------

    def configure(self, **changes: Any) -> None:
        """Change settings at run time (keys of ``Settings``; ``auth`` takes an AuthSpec)."""
        self.tick()
        settings = self.settings
        for key, value in changes.items():
            match key:
                case "platform":
                    if value not in PLATFORMS:
                        raise ValueError(f"unknown platform {value!r}")
                    settings.platform = value
                    if settings.lights is None:
                        self.printer.lights = dict.fromkeys(self._light_names(), False)
                case "lights":
                    settings.lights = list(value) if value is not None else None
                    self.printer.lights = dict.fromkeys(self._light_names(), False)
                case "auth":
                    settings.auth = Auth.from_spec(value)
                case "webcams":
                    settings.webcams = self._webcams(value)
                case "material_system":
                    if value not in MATERIAL_SYSTEMS:
                        raise ValueError(f"unknown material system {value!r}")
                    settings.material_system = value
                    self.printer.set_tool_count(materials.tool_count(value))
                case "print_duration":
                    if value <= 0:
                        raise ValueError("print_duration must be positive")
                    settings.print_duration = self.printer.print_duration = float(value)
                case "gadget_interval":
                    if value <= 0:
                        raise ValueError("gadget_interval must be positive")
                    settings.gadget_interval = self.printer.gadget_interval = float(
                        value
                    )
                case _ if key in Settings.__slots__:
                    setattr(settings, key, value)
                case _:
                    raise ValueError(f"unknown setting {key!r}")

    # --- faults ----------------------------------------------------------------------------

    def set_fault(
        self,
        fault: Fault | None = None,
        *,
        http_status: int | None = None,
        plugin_status: int | None = None,
        message: str | None = None,
        count: int | None = None,
        paths: tuple[str, ...] | list[str] = (),
    ) -> None:
        """Replace the active faults by one (no arguments clears them)."""
        if fault is None and (http_status is not None or plugin_status is not None):
            fault = Fault(
                http_status=http_status,
                plugin_status=plugin_status,
                message=message,
                count=count,
                paths=tuple(paths),
            )
        if fault is not None:
            fault.validate()
        self.faults.set(fault)

    def clear_faults(self) -> None:
        """Remove every fault."""
        self.faults.set(None)

    # --- Gadget ----------------------------------------------------------------------------

    def gadget(
        self,
        *,
        warn: bool = False,
        pause: bool = False,
        suppressed: bool | None = None,
        disabled: bool | None = None,
    ) -> bool:
        """Trigger a Gadget warning and/or pause; False when no print is active."""
        self.tick()
        done = True
        if suppressed is not None:
            self.printer.gadget_suppressed = suppressed
        if disabled is not None:
            self.printer.gadget_disabled = disabled
        if warn:
            done = self.printer.gadget_warn() and done
        if pause:
            done = self.printer.gadget_pause() and done
        self._collect_events()
        return done

    # --- rendering -------------------------------------------------------------------------

    def material_system(self) -> dict[str, Any] | None:
        """Render the material system (None for the null and none topologies)."""
        return materials.render(
            self.settings.material_system, self.printer, self.clock.time()
        )

    def status(self, include_material_system: bool = False) -> dict[str, Any]:
        """Return the ``Result`` of ``status`` right now."""
        self.tick()
        return render.status(
            self.profile,
            self.printer,
            self.settings,
            self.clock.time(),
            unix=self.clock.unix,
            material_system=self.material_system(),
            include_material_system=include_material_system,
        )

    def state(self) -> dict[str, Any]:
        """Summarize the simulator for ``GET /_sim/state``."""
        self.tick()
        printer = self.printer
        job = printer.job
        return {
            "time": self.clock.time(),
            "unix_time": self.clock.wall(),
            "platform": self.settings.platform,
            "connection": self.connection,
            "state": str(printer.state),
            "features": self.features,
            "job": None
            if job is None
            else {
                "print_id": job.print_id,
                "path": job.path,
                "progress": round(job.fraction * 100, 3),
                "printed_sec": job.printed,
                "duration_sec": job.duration,
                "current_layer": job.current_layer,
            },
            "temps": {
                "bed": [round(printer.bed.actual, 2), printer.bed.target],
                "tools": [[round(t.actual, 2), t.target] for t in printer.tools],
                "chamber": [round(printer.chamber.actual, 2), printer.chamber.target],
            },
            "lights": dict(printer.lights),
            "position": dict(printer.position),
            "homed": printer.homed,
            "extruded_mm": {str(k): v for k, v in printer.extruded_mm.items()},
            "faults": [fault.as_dict() for fault in self.faults.active],
            "auth": self.settings.auth.as_dict(),
            "material_system": self.settings.material_system,
            "events": len(self.events),
            "status": self.status(include_material_system=True),
        }

    def record(self, request: RecordedRequest) -> None:
        """Keep a received request."""
        self.requests.append(request)

    def create_app(self, *, ticker: bool | None = None) -> web.Application:
        """Build the aiohttp application serving this simulator (ticker: background ticks)."""
        from .app import create_app  # noqa: PLC0415 - app imports this module

        return create_app(self, ticker=ticker)


def is_manual(clock: Clock) -> bool:
    """Whether a clock only moves when told."""
    return isinstance(clock, ManualClock)


def query_dict(query: Mapping[str, str]) -> dict[str, str]:
    """Query parameters with lower-cased keys (like the plugin), last value wins."""
    return {key.lower(): value for key, value in query.items()}
