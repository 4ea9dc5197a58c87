"""The simulated printer: job state machine, temperatures, lights, Gadget and events.

Platform-neutral: ``profiles`` renders this model the way each host platform's plugin reports it.
Time moves only through ``update(now)``, in steps of at most one second, so the same sequence of
calls always gives the same result.
"""

from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
import math
import random
from typing import Any, Final

AMBIENT_C: Final = 25.0
RESUME_SEC: Final = 5.0
# A scenario that starts mid-print pretends the warm-up took this long.
ASSUMED_WARMUP_SEC: Final = 150.0
TOTAL_LAYERS: Final = 150
LAYER_HEIGHT_MM: Final = 0.2
FIRST_LAYER_MM: Final = 0.2
BED_COOL_C: Final = 40.0
# Multi-tool printers switch tools half-way through a print; the old tool waits at standby.
STANDBY_C: Final = 150.0
DEFAULT_PATH: Final = "gcode/calibration/benchy_pla_0.2mm.gcode"
DEFAULT_ERROR: Final = "Heatbed thermal runaway"
DEFAULT_BED_C: Final = 60.0
DEFAULT_TOOL_C: Final = 215.0
GADGET_HISTORY: Final = 20
_STEP_SEC: Final = 1.0


class State(StrEnum):
    """The printer's real state, before a profile maps it to what a platform reports."""

    IDLE = "idle"
    WARMINGUP = "warmingup"
    PRINTING = "printing"
    PAUSED = "paused"
    RESUMING = "resuming"
    COMPLETE = "complete"
    CANCELLED = "cancelled"
    ERROR = "error"


ACTIVE_STATES: Final = frozenset(
    {State.WARMINGUP, State.PRINTING, State.PAUSED, State.RESUMING}
)
# Where the print head moves the job forward (pause possible).
RUNNING_STATES: Final = frozenset({State.WARMINGUP, State.PRINTING, State.RESUMING})


class EventType(IntEnum):
    """Webhook ``EventType`` numbers (reference section 6)."""

    STARTED = 1
    COMPLETE = 2
    FAILED = 3
    PAUSED = 4
    RESUMED = 5
    PROGRESS = 6
    GADGET_WARNING = 7
    GADGET_PAUSED = 8
    ERROR = 9
    FIRST_LAYER_DONE = 10
    THIRD_LAYER_DONE = 14
    BED_COOLDOWN_DONE = 15
    TEST = 16


@dataclass(slots=True)
class Event:
    """Something a webhook notification reports; ``data`` is the job as it was at that moment."""

    type: int
    time: float
    data: dict[str, Any]


@dataclass(slots=True)
class Heater:
    """A heater whose temperature moves exponentially toward its target (or the ambient)."""

    actual: float = AMBIENT_C
    target: float = 0.0
    heat_tau: float = 30.0
    cool_tau: float = 120.0

    def step(self, dt: float, ambient: float = AMBIENT_C) -> None:
        """Move ``dt`` seconds toward the goal temperature."""
        goal = self.target if self.target > 0 else ambient
        tau = self.heat_tau if goal > self.actual else self.cool_tau
        self.actual = goal + (self.actual - goal) * math.exp(-dt / tau)

    def ready(self, tolerance: float) -> bool:
        """Whether the heater is off or within ``tolerance`` of its target."""
        return self.target <= 0 or self.actual >= self.target - tolerance


@dataclass(slots=True)
class PauseOptions:
    """The body of a ``pause`` command, defaults applied."""

    smart_pause: bool = False
    disable_hotend: bool = False
    disable_bed: bool = False
    z_lift_mm: float = 0.0
    retract_filament_mm: float = 0.0
    suppress_notification: bool = True
    show_smart_pause_popup: bool = False


@dataclass(slots=True)
class Job:
    """The current or most recent print."""

    path: str
    print_id: str
    seq: int
    start_time: float
    duration: float
    printed: float = 0.0
    warmup_end: float | None = None
    end_time: float | None = None
    pause_reason: str | None = None
    pause_options: PauseOptions | None = None
    saved_targets: dict[str, float] = field(default_factory=dict)
    total_layers: int = TOTAL_LAYERS
    filament_mm: float = 4151.37
    filament_mg: float = 12385.0
    # When the print passed 50 % (material swap / tool change), None before.
    half_time: float | None = None
    progress_marks: int = 0
    layer_events: int = 0
    cooldown_pending: bool = False
    gadget_timer: float = 0.0
    gadget_scores: list[float] = field(default_factory=list)
    gadget_count: int = 0
    warn_at: float | None = None
    gadget_pause_at: float | None = None
    # Time left as it was the last time the job moved (platforms that keep a stale value).
    last_time_left: float = 0.0

    @property
    def fraction(self) -> float:
        """Done part of the job, 0.0-1.0."""
        return min(1.0, self.printed / self.duration) if self.duration > 0 else 1.0

    @property
    def time_left(self) -> float:
        """Estimated printing seconds left."""
        return max(0.0, self.duration - self.printed)

    @property
    def current_layer(self) -> int:
        """Layer being printed (1-based); the last layer once done."""
        if self.warmup_end is None:
            return 0
        return min(self.total_layers, 1 + int(self.fraction * self.total_layers))

    @property
    def z_mm(self) -> float:
        """Nozzle height of the current layer."""
        layer = self.current_layer
        return (
            round(FIRST_LAYER_MM + max(0, layer - 1) * LAYER_HEIGHT_MM, 2)
            if layer
            else 0.0
        )

    @property
    def file_name(self) -> str:
        """File name with extension, without folders."""
        return self.path.rsplit("/", 1)[-1]

    def elapsed(self, now: float) -> float:
        """Seconds since the job started (until it ended)."""
        end = self.end_time if self.end_time is not None else now
        return max(0.0, end - self.start_time)


def gadget_score(seed: int, seq: int, index: int, alarm: bool) -> float:
    """Deterministic pseudo-random Gadget score: low normally, high once Gadget was alarmed."""
    x = math.sin(seed * 12.9898 + seq * 78.233 + index * 37.719) * 43758.5453
    frac = x - math.floor(x)
    return round(7.0 + frac * 2.5 if alarm else 0.05 + frac * 2.4, 2)


class Printer:
    """One simulated printer."""

    def __init__(
        self,
        now: float,
        *,
        seed: int = 0,
        print_duration: float = 3600.0,
        lights: list[str] | None = None,
        tools: int = 1,
        gadget_interval: float = 40.0,
    ) -> None:
        """Create an idle printer at ``now`` that has never printed."""
        self.seed = seed
        self.print_duration = print_duration
        self.time = now
        self.state = State.IDLE
        self.state_since = now
        self.bed = Heater(heat_tau=60.0, cool_tau=240.0)
        self.tools = [
            Heater(heat_tau=20.0, cool_tau=60.0) for _ in range(max(1, tools))
        ]
        self.active_tool = 0
        self.chamber = Heater(heat_tau=600.0, cool_tau=600.0)
        self.lights: dict[str, bool] = dict.fromkeys(lights or [], False)
        self.job: Job | None = None
        self.print_count = 0
        self.last_print_id: str | None = None
        self.last_score = 0.0
        self.gadget_interval = gadget_interval
        self.gadget_suppressed = False
        self.gadget_disabled = False
        self.gadget_alarm = False
        self.error_message: str | None = None
        self.position = {"X": 0.0, "Y": 0.0, "Z": 0.0}
        self.homed = False
        self.extruded_mm: dict[int, float] = {}
        self.last_start_time = 0.0
        self.last_score_at: float | None = None
        self.events: list[Event] = []
        self.started_at = now
        self._ids = random.Random(seed)

    # --- time ------------------------------------------------------------------------------

    @property
    def hotend(self) -> Heater:
        """The active tool's heater."""
        return self.tools[self.active_tool]

    def update(self, now: float) -> None:
        """Advance the simulation to ``now`` in steps of at most one second."""
        while self.time < now:
            # Heaters follow an exact exponential, so a quiet printer moves in one step.
            dt = now - self.time if self._quiet() else min(_STEP_SEC, now - self.time)
            self.time += dt
            self._step(dt)

    def _quiet(self) -> bool:
        """Whether nothing but temperatures can change (no event can happen)."""
        match self.state:
            case State.IDLE | State.CANCELLED | State.ERROR | State.PAUSED:
                return True
            case State.COMPLETE:
                return self.job is None or not self.job.cooldown_pending
        return False

    def _step(self, dt: float) -> None:
        now = self.time
        self.bed.step(dt)
        for tool in self.tools:
            tool.step(dt)
        chamber_ambient = AMBIENT_C + 0.25 * max(0.0, self.bed.actual - AMBIENT_C)
        self.chamber.step(dt, chamber_ambient)
        job = self.job
        if job is None:
            return
        match self.state:
            case State.WARMINGUP:
                if self.hotend.ready(3.0) and self.bed.ready(1.5):
                    job.warmup_end = now
                    self._set_state(State.PRINTING)
            case State.RESUMING if now - self.state_since >= RESUME_SEC:
                self._set_state(
                    State.PRINTING if job.warmup_end is not None else State.WARMINGUP
                )
            case State.PRINTING:
                self._advance_job(job, dt)
            case State.COMPLETE if (
                job.cooldown_pending and self.bed.actual < BED_COOL_C
            ):
                job.cooldown_pending = False
                self._emit(EventType.BED_COOLDOWN_DONE)
            case _:
                pass

    def _advance_job(self, job: Job, dt: float) -> None:
        job.printed = min(job.duration, job.printed + dt)
        job.last_time_left = job.time_left
        if not self.gadget_suppressed:
            job.gadget_timer += dt
            while job.gadget_timer >= self.gadget_interval:
                job.gadget_timer -= self.gadget_interval
                self._score(job, self.time - job.gadget_timer)
        layer = job.current_layer
        if job.layer_events < 1 and layer >= 2:
            job.layer_events = 1
            self._emit(EventType.FIRST_LAYER_DONE)
        if job.layer_events < 2 and layer >= 4:
            job.layer_events = 2
            self._emit(EventType.THIRD_LAYER_DONE)
        if job.half_time is None and job.fraction >= 0.5:
            self._half_way(job, self.time)
        marks = min(9, int(job.fraction * 10 + 1e-9))
        while job.progress_marks < marks:
            job.progress_marks += 1
            self._emit(EventType.PROGRESS)
        if job.printed >= job.duration:
            self._finish(State.COMPLETE)

    def _half_way(self, job: Job, at: float) -> None:
        """Half-way: the material system swaps; a multi-tool printer changes tool."""
        job.half_time = at
        if len(self.tools) > 1:
            old, new = self.active_tool, (self.active_tool + 2) % len(self.tools)
            self.tools[new].target = self.tools[old].target
            self.tools[old].target = STANDBY_C
            self.active_tool = new

    def set_tool_count(self, count: int) -> None:
        """Change the number of tools (toolchanger or not); tool 0 becomes active."""
        count = max(1, count)
        self.tools = self.tools[:count] + [
            Heater(heat_tau=20.0, cool_tau=60.0) for _ in range(count - len(self.tools))
        ]
        self.active_tool = min(self.active_tool, count - 1)

    def _score(self, job: Job, at: float) -> None:
        job.gadget_count += 1
        score = gadget_score(self.seed, job.seq, job.gadget_count, self.gadget_alarm)
        job.gadget_scores.insert(0, score)
        del job.gadget_scores[GADGET_HISTORY:]
        self.last_score_at = at
        self.last_score = round(
            sum(job.gadget_scores[:2]) / len(job.gadget_scores[:2]), 3
        )

    # --- transitions -----------------------------------------------------------------------

    def _set_state(self, state: State) -> None:
        if state != self.state:
            self.state = state
            self.state_since = self.time

    def event_data(self, error: str | None = None) -> dict[str, Any]:
        """Return the job as a webhook notification reports it right now."""
        job = self.job
        data: dict[str, Any] = {
            "PrintId": job.print_id if job else self.last_print_id,
            "FileName": job.file_name if job else None,
            "DurationSec": int(job.elapsed(self.time)) if job else 0,
            "Progress": int(job.fraction * 100) if job else 0,
            "TimeRemainingSec": int(job.time_left) if job else 0,
            "ZOffsetMM": job.z_mm if job else 0.0,
            "CurrentLayer": job.current_layer if job else 0,
            "TotalLayers": job.total_layers if job else 0,
        }
        if error is not None:
            data["Error"] = error
            data["PlatformErrorCode"] = "0300-0100-0003-0008"
        return data

    def _emit(self, event_type: int, error: str | None = None) -> None:
        self.events.append(Event(event_type, self.time, self.event_data(error)))

    def _heaters_off(self) -> None:
        self.bed.target = 0.0
        for tool in self.tools:
            tool.target = 0.0
        self.chamber.target = 0.0

    def _finish(self, state: State) -> None:
        job = self.job
        assert job is not None
        job.end_time = self.time
        job.pause_reason = None
        if state == State.COMPLETE:
            job.printed = job.duration
            job.cooldown_pending = True
        self._heaters_off()
        self._set_state(state)
        if state == State.COMPLETE:
            self._emit(EventType.COMPLETE)

    def new_job(self, path: str = DEFAULT_PATH, duration: float | None = None) -> Job:
        """Start a new print: new print id, warm-up with heaters on (emits STARTED)."""
        self.print_count += 1
        self.last_print_id = f"{self._ids.getrandbits(64):016x}"
        self.job = Job(
            path=path,
            print_id=self.last_print_id,
            seq=self.print_count,
            start_time=self.time,
            duration=duration if duration is not None else self.print_duration,
        )
        self.last_start_time = self.time
        self.gadget_alarm = False
        self.error_message = None
        for tool in self.tools:
            tool.target = 0.0
        self.active_tool = 0
        self.bed.target = DEFAULT_BED_C
        self.hotend.target = DEFAULT_TOOL_C
        self.state = State.WARMINGUP
        self.state_since = self.time
        self._emit(EventType.STARTED)
        return self.job

    def fast_forward(self, progress: float) -> Job:
        """Make the current job look as if it had printed to ``progress`` percent, no events."""
        job = self.job
        assert job is not None
        job.printed = job.duration * max(0.0, min(100.0, progress)) / 100
        job.last_time_left = job.time_left
        job.warmup_end = self.time - job.printed
        job.start_time = job.warmup_end - ASSUMED_WARMUP_SEC
        self.last_start_time = job.start_time
        if job.fraction >= 0.5:
            self._half_way(job, job.warmup_end + job.duration / 2)
            for tool in self.tools:
                tool.actual = tool.target if tool.target > 0 else AMBIENT_C
        self.bed.actual = self.bed.target
        self.hotend.actual = self.hotend.target
        self.chamber.actual = AMBIENT_C + 0.25 * (self.bed.actual - AMBIENT_C)
        if not self.gadget_suppressed:
            count = int(job.printed // self.gadget_interval)
            job.gadget_timer = job.printed - count * self.gadget_interval
            for _ in range(count):
                self._score(job, self.time - job.gadget_timer)
        job.layer_events = (1 if job.current_layer >= 2 else 0) + (
            1 if job.current_layer >= 4 else 0
        )
        job.progress_marks = min(9, int(job.fraction * 10 + 1e-9))
        self.state = State.PRINTING
        self.state_since = job.warmup_end
        return job

    def start(self, path: str) -> bool:
        """``start`` command: False when a job is active."""
        if self.state in ACTIVE_STATES:
            return False
        self.new_job(path)
        return True

    def pause(self, options: PauseOptions | None = None, reason: str = "user") -> bool:
        """Pause a running job; False when nothing runs."""
        job = self.job
        if job is None or self.state not in RUNNING_STATES:
            return False
        options = options or PauseOptions()
        job.pause_reason = reason
        job.pause_options = options
        job.saved_targets = {}
        if options.disable_hotend:
            job.saved_targets["tool"] = self.hotend.target
            self.hotend.target = 0.0
        if options.disable_bed:
            job.saved_targets["bed"] = self.bed.target
            self.bed.target = 0.0
        self.position["Z"] += max(0.0, options.z_lift_mm)
        self._set_state(State.PAUSED)
        if reason == "gadget":
            job.gadget_pause_at = self.time
            self._emit(EventType.GADGET_PAUSED)
        elif not options.suppress_notification:
            self._emit(EventType.PAUSED)
        return True

    def resume(self) -> bool:
        """Resume a paused job; False when not paused."""
        job = self.job
        if job is None or self.state != State.PAUSED:
            return False
        if "tool" in job.saved_targets:
            self.hotend.target = job.saved_targets["tool"]
        if "bed" in job.saved_targets:
            self.bed.target = job.saved_targets["bed"]
        job.saved_targets = {}
        job.pause_reason = None
        self._set_state(State.RESUMING)
        self._emit(EventType.RESUMED)
        return True

    def cancel(self) -> bool:
        """Cancel the active job; False when none is active."""
        if self.job is None or self.state not in ACTIVE_STATES:
            return False
        self._finish(State.CANCELLED)
        self._emit(EventType.FAILED)
        return True

    def fail(self, message: str = DEFAULT_ERROR) -> None:
        """Report a printer error (during a job: the print failed)."""
        self.error_message = message
        if self.job is not None and self.state in ACTIVE_STATES:
            self._finish(State.ERROR)
            self._emit(EventType.FAILED, message)
        else:
            self._heaters_off()
            self._set_state(State.ERROR)
        self._emit(EventType.ERROR, message)

    def complete_now(self) -> None:
        """Finish the active job successfully at once."""
        if self.job is not None and self.state in ACTIVE_STATES:
            self._finish(State.COMPLETE)

    def go_idle(self) -> None:
        """Forget the job (the print id stays known) and turn the heaters off."""
        self.job = None
        self.error_message = None
        self._heaters_off()
        self._set_state(State.IDLE)

    # --- Gadget ----------------------------------------------------------------------------

    def gadget_warn(self) -> bool:
        """Gadget warns about a possible failure (needs a job)."""
        if self.job is None or self.state not in ACTIVE_STATES:
            return False
        self.job.warn_at = self.time
        self.gadget_alarm = True
        self._emit(EventType.GADGET_WARNING)
        return True

    def gadget_pause(self) -> bool:
        """Gadget pauses the print (needs a running job)."""
        self.gadget_alarm = True
        return self.pause(PauseOptions(suppress_notification=True), reason="gadget")

    # --- controls --------------------------------------------------------------------------

    def set_light(self, name: str, on: bool) -> bool:
        """Switch a light; False for an unknown (case-sensitive) name."""
        if name not in self.lights:
            return False
        self.lights[name] = on
        return True

    def set_temps(
        self,
        *,
        bed: float | None = None,
        chamber: float | None = None,
        tool: float | None = None,
        tool_number: int | None = None,
    ) -> None:
        """Change heater targets (0 turns a heater off)."""
        if bed is not None:
            self.bed.target = float(bed)
        if chamber is not None:
            self.chamber.target = float(chamber)
        if tool is not None:
            index = self.active_tool if tool_number is None else tool_number
            self.tools[index].target = float(tool)

    def move(self, axis: str, distance: float) -> None:
        """Relative move of one axis."""
        self.position[axis] = round(self.position[axis] + distance, 3)

    def home(self) -> None:
        """Home every axis."""
        self.position = {"X": 0.0, "Y": 0.0, "Z": 0.0}
        self.homed = True

    def extrude(self, extruder: int, distance: float) -> None:
        """Extrude (or retract) filament."""
        self.extruded_mm[extruder] = round(
            self.extruded_mm.get(extruder, 0.0) + distance, 3
        )
