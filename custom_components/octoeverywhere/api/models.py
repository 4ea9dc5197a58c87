"""Typed, frozen models of the OctoEverywhere status payload.

Instances compare by value, so a poll that returns the same printer state produces an equal
object and Home Assistant writes no entity states. Fields hold what the plugin sent, read
tolerantly (see ``parse``); the ``known_*`` properties turn the sentinel values that the real
plugins use for "unknown" (reference section 8) into ``None``.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import IntFlag, StrEnum
from typing import Any, Final, Self

import orjson

from . import parse
from .material import MaterialSystem

# Gadget reports about 1.8e9 s (time since the Unix epoch) when no score ever arrived.
_NEVER_SCORED_SEC = 1e9


def _same_json(value: Any, before: Any) -> bool:
    """Whether two JSON values are the same, types included.

    Python's ``==`` takes ``true`` for ``1`` and ``2`` for ``2.0``, which the readers tell
    apart; their JSON texts differ.
    """
    if value is None or before is None:
        return value is before
    if value != before:  # the common change, told without serialising both
        return False
    try:
        return orjson.dumps(value) == orjson.dumps(before)
    except orjson.JSONEncodeError:  # an integer beyond 64 bits: read it again
        return False


def _reused[P, T](
    value: Any,
    before: Any,
    previous: P | None,
    kept: Callable[[P], T],
    read: Callable[[Any], T],
) -> T:
    """Read ``value``, or return what ``previous`` read from the same JSON (``before``).

    A printer's lights, webcams and material system rarely change between two polls;
    reading them again would build the same objects.
    """
    if previous is not None and _same_json(value, before):
        return kept(previous)
    return read(value)


def _old(previous: Mapping[str, Any] | None, key: str) -> Mapping[str, Any] | None:
    """Return the object ``key`` of a previous payload, if there was one."""
    return None if previous is None else parse.obj(previous.get(key))


class PrinterState(StrEnum):
    """The documented values of ``JobStatus.State``."""

    IDLE = "idle"
    WARMINGUP = "warmingup"
    PRINTING = "printing"
    PAUSED = "paused"
    RESUMING = "resuming"
    COMPLETE = "complete"
    CANCELLED = "cancelled"
    ERROR = "error"


# States in which a job exists on the printer (the coordinator polls faster in these).
ACTIVE_STATES = frozenset(
    {
        PrinterState.WARMINGUP,
        PrinterState.PRINTING,
        PrinterState.PAUSED,
        PrinterState.RESUMING,
    }
)
# States in which the printer is working on a job (not paused).
RUNNING_STATES = frozenset(
    {PrinterState.WARMINGUP, PrinterState.PRINTING, PrinterState.RESUMING}
)


class Features(IntFlag):
    """The ``Features`` bitmask: which control commands the printer's platform supports."""

    LIGHT = 1
    MOVE_AXIS = 2
    HOME = 4
    EXTRUDE = 8
    SET_TEMP = 16
    START_PRINT = 32


# Every value of the six bits, built once (making an IntFlag is slow).
_FEATURES: Final = tuple(Features(bits) for bits in range(64))


class HostPlatform(StrEnum):
    """The host software the plugin runs beside, inferred from the payload's shape."""

    OCTOPRINT = "octoprint"
    MOONRAKER = "moonraker"
    BAMBU = "bambu"
    PRUSALINK = "prusalink"
    ELEGOO_CC1 = "elegoo_cc1"
    ELEGOO_CC2 = "elegoo_cc2"


@dataclass(frozen=True, slots=True)
class Temps:
    """Temperatures in °C; chamber values only where the printer has a chamber sensor."""

    bed_actual: float | None = None
    bed_target: float | None = None
    hotend_actual: float | None = None
    hotend_target: float | None = None
    chamber_actual: float | None = None
    chamber_target: float | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Self:
        """Read ``CurrentPrint.Temps``."""
        if data is None:
            return cls()
        return cls(  # positionally: see PrinterStatus.from_dict
            parse.number(data.get("BedActual")),
            parse.number(data.get("BedTarget")),
            parse.number(data.get("HotendActual")),
            parse.number(data.get("HotendTarget")),
            parse.number(data.get("ChamberActual")),
            parse.number(data.get("ChamberTarget")),
        )

    @property
    def has_chamber(self) -> bool:
        """Whether the printer reports a chamber temperature at all."""
        return self.chamber_actual is not None or self.chamber_target is not None


@dataclass(frozen=True, slots=True)
class CurrentPrint:
    """``JobStatus.CurrentPrint``: the current or most recent job."""

    progress: float | None = None
    duration_sec: float | None = None
    time_left_sec: float | None = None
    file_name: str | None = None
    filament_used_mm: float | None = None
    filament_weight_mg: float | None = None
    current_layer: int | None = None
    total_layers: int | None = None
    temps: Temps = field(default_factory=Temps)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Self:
        """Read ``JobStatus.CurrentPrint``."""
        if data is None:
            return cls()
        return cls(  # positionally: see PrinterStatus.from_dict
            parse.number(data.get("Progress")),
            parse.number(data.get("DurationSec")),
            parse.number(data.get("TimeLeftSec")),
            parse.string(data.get("FileName")) or None,
            parse.number(data.get("EstTotalFilUsedMm")),
            parse.number(data.get("EstTotalFilWeightMg")),
            parse.integer(data.get("CurrentLayer")),
            parse.integer(data.get("TotalLayers")),
            Temps.from_dict(parse.obj(data.get("Temps"))),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Light:
    """One controllable light; ``name`` is what ``set-light`` expects (case-sensitive)."""

    name: str
    on: bool | None = None


@dataclass(frozen=True, slots=True)
class JobStatus:
    """``Result.JobStatus``."""

    state: PrinterState | None = None
    raw_state: str | None = None
    sub_state: str | None = None
    error: str | None = None
    # None when the platform reports no lights (null or absent), else a non-empty tuple.
    lights: tuple[Light, ...] | None = None
    current_print: CurrentPrint = field(default_factory=CurrentPrint)
    # Only when asked for (IncludeMaterialSystem=true) and the printer reports one.
    material_system: MaterialSystem | None = None

    @classmethod
    def from_dict(
        cls,
        data: Mapping[str, Any] | None,
        previous: Self | None = None,
        before: Mapping[str, Any] | None = None,
    ) -> Self:
        """Read ``Result.JobStatus``; unknown states keep their text in ``raw_state``.

        ``previous`` was read from ``before``: its lights and material system are reused
        when they are the same.
        """
        if data is None:
            return cls()
        raw_state = parse.string(data.get("State"))
        old = before or {}
        return cls(  # positionally: see PrinterStatus.from_dict
            _state(raw_state),
            raw_state,
            parse.string(data.get("SubState")) or None,
            parse.string(data.get("Error")) or None,
            _reused(
                data.get("Lights"),
                old.get("Lights"),
                previous,
                lambda job: job.lights,
                _lights,
            ),
            CurrentPrint.from_dict(parse.obj(data.get("CurrentPrint"))),
            _reused(
                data.get("MaterialSystem"),
                old.get("MaterialSystem"),
                previous,
                lambda job: job.material_system,
                _material_system,
            ),
        )


def _lights(value: Any) -> tuple[Light, ...] | None:
    lights = tuple(
        Light(name=name, on=parse.boolean(item.get("On")))
        for item in parse.objects(value)
        if (name := parse.string(item.get("Name")))
    )
    return lights or None


def _material_system(value: Any) -> MaterialSystem | None:
    material = parse.obj(value)
    return MaterialSystem.from_dict(material) if material is not None else None


# A dict lookup: calling the enum costs more than reading the rest of the job.
_STATES: Final = {state.value: state for state in PrinterState}


def _state(raw: str | None) -> PrinterState | None:
    return None if raw is None else _STATES.get(raw.lower())


@dataclass(frozen=True, slots=True)
class Gadget:
    """``OctoEverywhereStatus.Gadget``: the AI failure detection state.

    Gadget sends ages: seconds since its last score, warning and pause. They grow on every
    poll, and nothing shows them; what they tell is kept instead (whether Gadget ever scored,
    warned or paused this print). So the Gadget part changes when Gadget does, about every
    40 s, and its entities are not asked on every poll (issue 12). ``ScoreHistory`` is not
    read: nothing shows it, and telling it unchanged cost about 13 K instructions a poll
    (diagnostics still show it, with the whole payload).
    """

    last_score: float | None = None
    # TimeSinceLastScoreSec within 0 to 1e9 s (about 1.8e9, time since 1970, means never).
    has_scored: bool = False
    interval_sec: float | None = None
    is_suppressed: bool | None = None
    # TimeSinceLastWarnSec and TimeSinceLastPauseSec are numbers (null: not this print).
    warned: bool = False
    paused: bool = False

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Self:
        """Read the Gadget object."""
        if data is None:
            return cls()
        age = parse.number(data.get("TimeSinceLastScoreSec"))
        return cls(  # positionally: see PrinterStatus.from_dict
            parse.number(data.get("LastScore")),
            age is not None and 0 <= age < _NEVER_SCORED_SEC,
            parse.number(data.get("IntervalSec")),
            parse.boolean(data.get("IsSuppressed")),
            parse.number(data.get("TimeSinceLastWarnSec")) is not None,
            parse.number(data.get("TimeSinceLastPauseSec")) is not None,
        )


@dataclass(frozen=True, slots=True)
class OctoEverywhereStatus:
    """``Result.OctoEverywhereStatus``: what OctoEverywhere itself knows about the print."""

    most_recent_print_id: str | None = None
    print_start_time_sec: float | None = None
    gadget: Gadget = field(default_factory=Gadget)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Self:
        """Read ``Result.OctoEverywhereStatus`` (null is read as all unknown)."""
        if data is None:
            return cls()
        return cls(  # positionally: see PrinterStatus.from_dict
            parse.string(data.get("MostRecentPrintIdStr")) or None,
            parse.number(data.get("PrintStartTimeSec")),
            Gadget.from_dict(parse.obj(data.get("Gadget"))),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Webcam:
    """One entry of ``ListWebcams.Webcams``; its position in the list is its ``index``."""

    index: int
    name: str | None = None
    flip_h: bool | None = None
    flip_v: bool | None = None
    rotation: int | None = None
    enabled: bool | None = None

    @classmethod
    def from_dict(cls, index: int, data: Mapping[str, Any]) -> Self:
        """Read one webcam."""
        rotation = parse.integer(data.get("Rotation"))
        return cls(
            index=index,
            name=parse.string(data.get("Name")) or None,
            flip_h=parse.boolean(data.get("FlipH")),
            flip_v=parse.boolean(data.get("FlipV")),
            rotation=rotation if rotation in (0, 90, 180, 270) else None,
            enabled=parse.boolean(data.get("Enabled")),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class WebcamList:
    """``ListWebcams`` (the status API leaves the URLs out)."""

    default_index: int | None = None
    webcams: tuple[Webcam, ...] = ()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Self:
        """Read ``ListWebcams`` or the result of ``webcam/list``."""
        if data is None:
            return cls()
        raw = data.get("Webcams")
        return cls(
            default_index=parse.integer(data.get("DefaultIndex")),
            webcams=tuple(
                Webcam.from_dict(index, item)
                for index, item in enumerate(raw if isinstance(raw, list) else ())
                if isinstance(item, Mapping)
            ),
        )


@dataclass(frozen=True, slots=True)
class PrinterStatus:
    """The ``Result`` of ``GET status``."""

    job: JobStatus = field(default_factory=JobStatus)
    octoeverywhere: OctoEverywhereStatus = field(default_factory=OctoEverywhereStatus)
    platform_version: str | None = None
    features: Features = Features(0)
    webcams: WebcamList = field(default_factory=WebcamList)
    platform: HostPlatform | None = None
    # The payload as received, for diagnostics; not part of equality.
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], previous: Self | None = None) -> Self:
        """Read the status ``Result`` object; never raises for any JSON object.

        With the ``previous`` status, what is the same JSON as before (lights, webcams,
        material system) is that status's object again: the result equals what reading
        ``data`` alone gives.
        """
        job = parse.obj(data.get("JobStatus"))
        raw_features = parse.integer(data.get("Features"))
        features = _FEATURES[
            raw_features & 0x3F if raw_features and raw_features > 0 else 0
        ]
        before = previous.raw if previous is not None else None
        # Positionally, in the order of the fields: CPython 3.14 calls a class with keywords
        # through its slow path (a dict of the arguments), about twice the time of a
        # positional call. The models are built on every poll that changed something.
        return cls(
            JobStatus.from_dict(
                job,
                previous.job if previous is not None else None,
                _old(before, "JobStatus"),
            ),
            OctoEverywhereStatus.from_dict(parse.obj(data.get("OctoEverywhereStatus"))),
            parse.string(data.get("PlatformVersion")) or None,
            features,
            _reused(
                data.get("ListWebcams"),
                None if before is None else before.get("ListWebcams"),
                previous,
                lambda status: status.webcams,
                lambda value: WebcamList.from_dict(parse.obj(value)),
            ),
            _detect_platform(raw_features, job),
            data,
        )

    @property
    def equipment(self) -> tuple[object, ...]:
        """What the printer has, as opposed to what it is doing; it changes rarely.

        Its features, host software and its version, whether it reports a chamber, its
        lights, webcams and material system. Which entities a printer has follows from this
        alone (tests/test_entity.py checks every entity description against it), and so do
        its device's model and version.
        """
        job = self.job
        return (
            self.features,
            self.platform,
            self.platform_version,
            job.current_print.temps.has_chamber,
            job.lights,
            self.webcams,
            job.material_system,
        )

    # --- Interpretation of sentinel values (reference section 8) -------------------------

    @property
    def known_platform_version(self) -> str | None:
        """The host software's version, when it says something.

        "0.0.0" (a Bambu that has not reported yet) and Moonraker's constant "1.0.0" are unknown.
        """
        version = self.platform_version
        if version == "0.0.0" or (
            self.platform == HostPlatform.MOONRAKER and version == "1.0.0"
        ):
            return None
        return version

    @property
    def can_set_temperatures(self) -> bool:
        """Whether the platform takes ``set-temp`` at all (feature bit 16)."""
        return Features.SET_TEMP in self.features

    @property
    def can_set_chamber(self) -> bool:
        """Whether ``set-temp`` accepts a chamber target (Elegoo CC2 refuses any)."""
        return (
            self.can_set_temperatures
            and self.job.current_print.temps.has_chamber
            and self.platform != HostPlatform.ELEGOO_CC2
        )

    @property
    def is_active(self) -> bool:
        """Whether a job is in progress (warming up, printing, paused or resuming)."""
        return self.job.state in ACTIVE_STATES

    @property
    def known_progress(self) -> float | None:
        """Progress in percent, 0-100, float noise rounded away."""
        progress = self.job.current_print.progress
        if progress is None:
            return None
        # Not round(progress, 2): that goes through a decimal string (3.5x the time here, and
        # asked several times per poll); ties of the hundredth may round the other way.
        progress = round(progress * 100) / 100
        return progress if 0 <= progress <= 100 else None

    @property
    def known_time_left_sec(self) -> float | None:
        """Seconds left in the job, or None when the plugin does not really know.

        -1 (OctoPrint, Moonraker), 0 (Bambu) and negative overruns (Elegoo CC1) mean unknown;
        the value goes stale once a job ends, and during a Moonraker warm-up without file
        metadata it merely repeats the elapsed time.
        """
        current = self.job.current_print
        left = current.time_left_sec
        if self.job.state == PrinterState.COMPLETE:
            return 0.0
        if not self.is_active or left is None or left <= 0:
            return None
        if self.job.state == PrinterState.WARMINGUP and left == current.duration_sec:
            return None
        return left

    @property
    def known_duration_sec(self) -> float | None:
        """Elapsed seconds of the current or last job."""
        duration = self.job.current_print.duration_sec
        return duration if duration is not None and duration >= 0 else None

    @property
    def known_layers(self) -> tuple[int | None, int | None]:
        """``(current, total)`` layer; 0/0 (idle Bambu and Elegoo) means unknown."""
        current_print = self.job.current_print
        current, total = current_print.current_layer, current_print.total_layers
        if not total or total < 0:
            total = None
            if current == 0:
                current = None
        if current is not None and current < 0:
            current = None
        return current, total

    @property
    def known_filament_used_mm(self) -> float | None:
        """Estimated filament length; -1 (Moonraker, not indexed) and 0 (Bambu, Elegoo) are unknown."""
        used = self.job.current_print.filament_used_mm
        return used if used is not None and used > 0 else None

    @property
    def known_filament_weight_mg(self) -> float | None:
        """Estimated filament weight, when the platform knows it."""
        weight = self.job.current_print.filament_weight_mg
        return weight if weight is not None and weight > 0 else None

    @property
    def known_print_start_sec(self) -> float | None:
        """Unix time the current or last print started; 0.0 means no print is known."""
        start = self.octoeverywhere.print_start_time_sec
        return start if start is not None and start > 0 else None

    @property
    def known_gadget_score(self) -> float | None:
        """Gadget's smoothed score, once Gadget has scored at least once."""
        gadget = self.octoeverywhere.gadget
        return gadget.last_score if gadget.has_scored else None

    @property
    def gadget_warned(self) -> bool:
        """Whether Gadget warned during the current print."""
        return self.octoeverywhere.gadget.warned


def _detect_platform(
    features: int | None, job: Mapping[str, Any] | None
) -> HostPlatform | None:
    """Infer the host platform: each one reports a fixed ``Features`` value (section 8).

    OctoPrint and PrusaLink share 32; only OctoPrint leaves out ``SubState`` and ``Lights``.
    """
    match features:
        case 63:
            return HostPlatform.MOONRAKER
        case 33:
            return HostPlatform.BAMBU
        case 5:
            return HostPlatform.ELEGOO_CC1
        case 23:
            return HostPlatform.ELEGOO_CC2
        case 32 if job is not None:
            if "SubState" not in job and "Lights" not in job:
                return HostPlatform.OCTOPRINT
            return HostPlatform.PRUSALINK
    return None
