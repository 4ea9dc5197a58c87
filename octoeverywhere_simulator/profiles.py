"""Host platform profiles: how each plugin variant reports the simulated printer.

Each profile reproduces the departures from the documentation listed in section 8 of the
reference (which states exist, absent versus null keys, number types, sentinels, texts).
"""

from typing import Any, ClassVar, Final, Literal

from .config import Settings, WebcamSettings, preset_webcams
from .printer import Job, Printer, State

# Bambu reports PlatformVersion "0.0.0" until the printer has sent its version.
BAMBU_VERSION_AFTER_SEC: Final = 5.0
# Bambu: a cancelled print shows "cancelled" (FAILED), then the leftover cancel code as an error.
BAMBU_CANCEL_LEFTOVER_SEC: Final = 60.0
# PrusaLink clears a finished job after this long: Progress and DurationSec drop to 0.
PRUSALINK_CLEAR_SEC: Final = 300.0
# Elegoo: the first seconds of a warm-up are native states the plugin does not map (null).
ELEGOO_HOMING_SEC: Final = 30.0
# Elegoo CC1 underestimates print time, so TimeLeftSec goes negative near the end.
ELEGOO_CC1_ESTIMATE: Final = 0.9

type Number = int | float
type MissingStyle = Literal["absent", "null"]


class Profile:
    """Base profile; subclasses override the class attributes and hooks."""

    name: ClassVar[str]
    features: ClassVar[int]
    version: ClassVar[str | None]
    default_lights: ClassVar[tuple[str, ...]] = ()
    substate_key: ClassVar[bool] = True
    lights_key: ClassVar[bool] = True
    chamber_default: ClassVar[bool] = False
    chamber_missing: ClassVar[MissingStyle] = "null"
    weight: ClassVar[Literal["value", "null", "absent"]] = "absent"
    # pause/resume/cancel in the wrong state: 786 (checks state), 400, or the printer's answer.
    wrong_state: ClassVar[tuple[int, str] | None] = (
        786,
        "Printer is in the wrong state",
    )
    unknown_light_status: ClassVar[int] = 400
    max_extruder: ClassVar[int | None] = None
    webcam_name: ClassVar[str] = "Webcam"
    # Where the plugin finds its webcams (platform-local, listed by webcam/list only).
    webcam_url_base: ClassVar[str] = "http://127.0.0.1:8080/webcam"
    # The states this platform ever reports (None = null State).
    reported_states: ClassVar[frozenset[str | None]]

    # --- state -----------------------------------------------------------------------------

    def state(
        self, printer: Printer, now: float
    ) -> tuple[str | None, str | None, str | None]:
        """``(State, SubState, Error)``."""
        state = printer.state
        if state == State.ERROR:
            return "error", None, self.error_text(printer)
        return str(state), None, None

    def error_text(self, printer: Printer) -> str | None:
        """``Error`` in the error state."""
        return printer.error_message

    def platform_version(self, printer: Printer, now: float) -> str | None:
        """``PlatformVersion``."""
        return self.version

    def default_webcams(self) -> list[WebcamSettings]:
        """Return the webcams listed when the settings do not say."""
        return preset_webcams(1, self.webcam_name)

    # --- numbers ---------------------------------------------------------------------------

    def progress(self, job: Job) -> Number:
        """``Progress`` of a job."""
        return round(job.fraction * 100, 4)

    def temp(self, value: float) -> Number:
        """Format a temperature."""
        return round(value, 2)

    def duration(self, job: Job, now: float) -> Number:
        """``DurationSec``."""
        return int(job.elapsed(now))

    def time_left(self, printer: Printer, job: Job | None, now: float) -> Number | None:
        """``TimeLeftSec``: -1 when unknown (OctoPrint, Moonraker)."""
        if job is None or printer.state == State.WARMINGUP or job.warmup_end is None:
            return -1
        if printer.state == State.COMPLETE:
            return 0
        return int(job.time_left)

    def filament_mm(self, printer: Printer, job: Job | None) -> Number:
        """``EstTotalFilUsedMm``."""
        return job.filament_mm if job else 0

    def filament_mg(self, printer: Printer, job: Job | None) -> Number | None:
        """``EstTotalFilWeightMg`` (when the key is sent)."""
        return None

    def layers(
        self, printer: Printer, job: Job | None
    ) -> tuple[int | None, int | None]:
        """``(CurrentLayer, TotalLayers)``."""
        if job is None:
            return 0, 0
        return job.current_layer, job.total_layers

    def file_name(self, job: Job) -> str:
        """``FileName``: a path with extension (OctoPrint, Moonraker)."""
        return job.path.removeprefix("gcode/")

    def platform_path(self, path: str, storage: str | None) -> str:
        """``PlatformPath`` returned by ``start``."""
        return path.removeprefix("gcode/")

    def cleared(self, printer: Printer, now: float) -> bool:
        """Whether the host has forgotten the finished job (PrusaLink)."""
        return False

    # --- rendering -------------------------------------------------------------------------

    def temps(self, printer: Printer, settings: Settings) -> dict[str, Any]:
        """``CurrentPrint.Temps``."""
        temps: dict[str, Any] = {
            "BedActual": self.temp(printer.bed.actual),
            "BedTarget": self.temp(printer.bed.target),
            "HotendActual": self.temp(printer.hotend.actual),
            "HotendTarget": self.temp(printer.hotend.target),
        }
        chamber = self.chamber_default if settings.chamber is None else settings.chamber
        if chamber:
            temps["ChamberActual"] = self.temp(printer.chamber.actual)
            temps["ChamberTarget"] = self.temp(printer.chamber.target)
        elif self.chamber_missing == "null":
            temps["ChamberActual"] = None
            temps["ChamberTarget"] = None
        return temps

    def current_print(
        self, printer: Printer, settings: Settings, now: float
    ) -> dict[str, Any]:
        """``JobStatus.CurrentPrint``."""
        job = printer.job
        cleared = job is not None and self.cleared(printer, now)
        active = None if cleared else job
        current, total = self.layers(printer, active)
        data: dict[str, Any] = {
            "Progress": self.progress(job)
            if job and not cleared
            else self.zero_progress(),
            "DurationSec": self.duration(job, now) if job and not cleared else 0,
            "TimeLeftSec": self.time_left(printer, active, now),
            "FileName": self.file_name(job) if job else None,
            "EstTotalFilUsedMm": self.filament_mm(printer, active),
        }
        if self.weight != "absent":
            data["EstTotalFilWeightMg"] = self.filament_mg(printer, active)
        data["CurrentLayer"] = current
        data["TotalLayers"] = total
        data["Temps"] = self.temps(printer, settings)
        return data

    def zero_progress(self) -> Number:
        """``Progress`` when there is no job."""
        return 0.0

    def lights(
        self, printer: Printer, settings: Settings
    ) -> list[dict[str, Any]] | None:
        """``Lights``: null or a non-empty list, never ``[]``."""
        if settings.lights_null or not printer.lights:
            return None
        return [{"Name": name, "On": on} for name, on in printer.lights.items()]

    def job_status(
        self, printer: Printer, settings: Settings, now: float
    ) -> dict[str, Any]:
        """``Result.JobStatus`` without the material system."""
        state, sub_state, error = self.state(printer, now)
        data: dict[str, Any] = {"State": state}
        if self.substate_key:
            data["SubState"] = sub_state
        data["Error"] = error
        if self.lights_key:
            data["Lights"] = self.lights(printer, settings)
        data["CurrentPrint"] = self.current_print(printer, settings, now)
        return data


class OctoPrintProfile(Profile):
    """OctoPrint: no SubState or Lights keys, Error always null, cancel goes idle."""

    name = "octoprint"
    features = 32
    version = "1.10.3"
    substate_key = False
    lights_key = False
    weight = "null"
    webcam_name = "classic"
    reported_states = frozenset(
        {"idle", "warmingup", "printing", "paused", "resuming", "complete", "error"}
    )

    def state(
        self, printer: Printer, now: float
    ) -> tuple[str | None, str | None, str | None]:
        """Report cancelled as idle; Error is always null."""
        state = printer.state
        if state == State.CANCELLED:
            return "idle", None, None
        return str(state), None, None

    def time_left(self, printer: Printer, job: Job | None, now: float) -> Number | None:
        """-1 when unknown, also once a cancelled job went idle."""
        if printer.state == State.CANCELLED:
            return -1
        return super().time_left(printer, job, now)

    def layers(
        self, printer: Printer, job: Job | None
    ) -> tuple[int | None, int | None]:
        """OctoPrint knows no layers."""
        return None, None

    def platform_path(self, path: str, storage: str | None) -> str:
        """OctoPrint's local storage path."""
        return path.removeprefix("gcode/")


class MoonrakerProfile(Profile):
    """Klipper/Moonraker: float noise, -1 until indexed, stale TimeLeftSec, caselight."""

    name = "moonraker"
    features = 63
    version = "1.0.0"
    default_lights = ("caselight",)
    chamber_default = True
    weight = "value"
    unknown_light_status = 752
    max_extruder = 10
    webcam_name = "Webcam"
    webcam_url_base = "/webcam"
    reported_states = frozenset(
        {"idle", "warmingup", "printing", "paused", "complete", "cancelled", "error"}
    )

    def state(
        self, printer: Printer, now: float
    ) -> tuple[str | None, str | None, str | None]:
        """No resuming state; Error always null."""
        state = printer.state
        if state == State.RESUMING:
            return "printing", None, None
        return str(state), None, None

    def progress(self, job: Job) -> Number:
        """Fraction of the file times 100: float noise such as 56.99999999999999."""
        return round(job.fraction, 4) * 100

    def duration(self, job: Job, now: float) -> Number:
        """Moonraker's total_duration is a float."""
        return round(job.elapsed(now), 3)

    def time_left(self, printer: Printer, job: Job | None, now: float) -> Number | None:
        """Elapsed time during warm-up, a stale non-zero value after the job ended."""
        if job is None:
            return -1
        if job.warmup_end is None:
            return round(job.elapsed(now), 3)
        if printer.state in (State.COMPLETE, State.CANCELLED, State.ERROR):
            return round(max(job.last_time_left, 1.0), 3)
        return round(job.time_left, 3)

    def filament_mm(self, printer: Printer, job: Job | None) -> Number:
        """-1 until the file's metadata is indexed (after the warm-up)."""
        if job is None or job.warmup_end is None:
            return -1
        return job.filament_mm

    def filament_mg(self, printer: Printer, job: Job | None) -> Number | None:
        """Known once indexed."""
        if job is None or job.warmup_end is None:
            return None
        return job.filament_mg

    def layers(
        self, printer: Printer, job: Job | None
    ) -> tuple[int | None, int | None]:
        """Null without file metadata (no job, or not indexed yet)."""
        if job is None or job.warmup_end is None:
            return None, None
        return job.current_layer, job.total_layers


class BambuProfile(Profile):
    """Bambu Lab: 0 means unknown, user pause shows as error, chamber light."""

    name = "bambu"
    features = 33
    version = "01.08.02.00"
    default_lights = ("chamber",)
    chamber_default = True
    chamber_missing = "absent"
    wrong_state = None
    webcam_name = "Chamber Camera"
    webcam_url_base = "http://127.0.0.1:8555/bambu-camera"
    reported_states = frozenset(
        {"idle", "warmingup", "printing", "paused", "complete", "cancelled", "error"}
    )

    def state(
        self, printer: Printer, now: float
    ) -> tuple[str | None, str | None, str | None]:
        """Sub-stages during warm-up; user pause and leftover cancel codes are errors."""
        state = printer.state
        job = printer.job
        match state:
            case State.WARMINGUP if job is not None:
                elapsed = now - job.start_time
                if elapsed < 20:
                    return "warmingup", "Homing", None
                if elapsed < 60:
                    return "warmingup", "Bed Leveling", None
                return "warmingup", "Bed Preheating", None
            case State.PAUSED if job is not None and job.pause_reason == "user":
                return "error", "Paused By User", "Print paused by user"
            case State.PAUSED:
                return "paused", None, None
            case State.RESUMING:
                return "printing", None, None
            case State.CANCELLED if (
                now - printer.state_since >= BAMBU_CANCEL_LEFTOVER_SEC
            ):
                return "error", None, "Error: Error"
            case State.ERROR:
                return "error", None, "Error: Error"
        return str(state), None, None

    def platform_version(self, printer: Printer, now: float) -> str | None:
        """Return "0.0.0" until the printer reported its firmware version."""
        if now - printer.started_at < BAMBU_VERSION_AFTER_SEC:
            return "0.0.0"
        return self.version

    def progress(self, job: Job) -> Number:
        """Bambu reports whole percents."""
        return float(int(job.fraction * 100))

    def temp(self, value: float) -> Number:
        """One decimal."""
        return round(value, 1)

    def time_left(self, printer: Printer, job: Job | None, now: float) -> Number | None:
        """Whole minutes; 0 means unknown; stale after the end."""
        if job is None or job.warmup_end is None:
            return 0
        left = job.last_time_left if job.end_time is not None else job.time_left
        minutes = -(-int(left) // 60)
        if job.end_time is not None:
            minutes = max(minutes, 1)
        return minutes * 60

    def filament_mm(self, printer: Printer, job: Job | None) -> Number:
        """Return 0: the platform never knows it."""
        return 0

    def file_name(self, job: Job) -> str:
        """Return the task name: file name without folders or extension."""
        return job.file_name.rsplit(".", 1)[0]

    def platform_path(self, path: str, storage: str | None) -> str:
        """Files live on the SD card."""
        return "/sdcard/" + path.rsplit("/", 1)[-1]


class PrusaLinkProfile(Profile):
    """PrusaLink: null State while busy, 400 for every failure, job cleared after a while."""

    name = "prusalink"
    features = 32
    version = "2.1.2"
    chamber_missing = "absent"
    wrong_state = (400, "The printer is not in a state that allows this action")
    unknown_light_status = 400
    webcam_name = "Buddy3D Camera"
    webcam_url_base = "http://127.0.0.1:8555/prusa-camera"
    reported_states = frozenset(
        {None, "idle", "printing", "paused", "complete", "cancelled", "error"}
    )

    def state(
        self, printer: Printer, now: float
    ) -> tuple[str | None, str | None, str | None]:
        """BUSY (warm-up) is null; a cleared job is idle."""
        state = printer.state
        if state == State.WARMINGUP:
            return None, None, None
        if state == State.RESUMING:
            return "printing", None, None
        if self.cleared(printer, now):
            return "idle", None, None
        return super().state(printer, now)

    def cleared(self, printer: Printer, now: float) -> bool:
        """Tell whether a finished or stopped job was cleared (after PRUSALINK_CLEAR_SEC)."""
        return (
            printer.state in (State.COMPLETE, State.CANCELLED)
            and now - printer.state_since >= PRUSALINK_CLEAR_SEC
        )

    def progress(self, job: Job) -> Number:
        """Whole percents."""
        return float(int(job.fraction * 100))

    def temp(self, value: float) -> Number:
        """One decimal."""
        return round(value, 1)

    def time_left(self, printer: Printer, job: Job | None, now: float) -> Number | None:
        """Null when unknown."""
        if (
            job is None
            or job.warmup_end is None
            or printer.state
            not in (
                State.PRINTING,
                State.PAUSED,
                State.RESUMING,
            )
        ):
            return None
        return int(job.time_left)

    def layers(
        self, printer: Printer, job: Job | None
    ) -> tuple[int | None, int | None]:
        """PrusaLink knows no layers."""
        return None, None

    def file_name(self, job: Job) -> str:
        """Display name: title-cased, underscores to spaces, no extension."""
        return display_name(job.file_name)

    def platform_path(self, path: str, storage: str | None) -> str:
        """``/<storage>/<file>``."""
        return f"/{storage or 'usb'}/" + path.removeprefix("gcode/")


class ElegooProfile(Profile):
    """Elegoo Centauri Carbon: display file names, null TimeLeftSec when unknown."""

    name = "elegoo_cc2"
    features = 23
    version = "V1.0.6"
    default_lights = ("chamber",)
    chamber_default = True
    wrong_state = (752, "The printer returned a negative acknowledgement")
    webcam_name = "Camera"
    webcam_url_base = "http://127.0.0.1:3031/video"
    reported_states = frozenset(
        {
            None,
            "idle",
            "warmingup",
            "printing",
            "paused",
            "resuming",
            "complete",
            "cancelled",
            "error",
        }
    )

    def state(
        self, printer: Printer, now: float
    ) -> tuple[str | None, str | None, str | None]:
        """Homing at the start of a warm-up is an unmapped native state: null."""
        job = printer.job
        if printer.state == State.WARMINGUP and job is not None:
            if now - job.start_time < ELEGOO_HOMING_SEC:
                return None, "Homing", None
            return "warmingup", "Bed Preheating", None
        return super().state(printer, now)

    def error_text(self, printer: Printer) -> str | None:
        """Return the literal "Printer Error", whatever the error."""
        return "Printer Error"

    def time_left(self, printer: Printer, job: Job | None, now: float) -> Number | None:
        """Null when unknown."""
        if job is None or job.warmup_end is None:
            return None
        if printer.state == State.COMPLETE:
            return 0
        return int(job.time_left)

    def filament_mm(self, printer: Printer, job: Job | None) -> Number:
        """Return 0: the platform never knows it."""
        return 0

    def file_name(self, job: Job) -> str:
        """Display name."""
        return display_name(job.file_name)

    def platform_path(self, path: str, storage: str | None) -> str:
        """Files live on the printer's local storage."""
        return "/local/" + path.rsplit("/", 1)[-1]


class ElegooCC1Profile(ElegooProfile):
    """Elegoo CC1: integers everywhere, negative TimeLeftSec on overrun, no error state."""

    name = "elegoo_cc1"
    features = 5
    version = "V1.1.29"
    reported_states = frozenset(
        {None, "idle", "warmingup", "printing", "paused", "complete", "cancelled"}
    )

    def state(
        self, printer: Printer, now: float
    ) -> tuple[str | None, str | None, str | None]:
        """No resuming and no error (unknown native states are idle); Error always null."""
        match printer.state:
            case State.RESUMING:
                return "printing", None, None
            case State.ERROR:
                return "idle", None, None
        return super().state(printer, now)

    def progress(self, job: Job) -> Number:
        """Truncate to an integer."""
        return int(job.fraction * 100)

    def zero_progress(self) -> Number:
        """Integer zero."""
        return 0

    def temp(self, value: float) -> Number:
        """Truncate to an integer."""
        return int(value)

    def time_left(self, printer: Printer, job: Job | None, now: float) -> Number | None:
        """Based on an underestimate: negative when the print overruns it."""
        if job is None or job.warmup_end is None:
            return None
        if printer.state == State.COMPLETE:
            return 0
        return int(job.duration * ELEGOO_CC1_ESTIMATE - job.printed)


class ElegooCC2Profile(ElegooProfile):
    """Elegoo CC2 (the base Elegoo behaviour)."""


def display_name(file_name: str) -> str:
    """``benchy_pla_0.2mm.gcode`` → ``Benchy Pla 0.2Mm`` (Python's title-casing)."""
    stem = file_name.rsplit(".", 1)[0] if "." in file_name else file_name
    return stem.replace("_", " ").title()


PROFILES: Final[dict[str, Profile]] = {
    profile.name: profile
    for profile in (
        OctoPrintProfile(),
        MoonrakerProfile(),
        BambuProfile(),
        PrusaLinkProfile(),
        ElegooCC1Profile(),
        ElegooCC2Profile(),
    )
}
