"""Which parts of a printer's status changed between two polls.

A poll that changes something (a temperature, the progress) used to make every entity work
out what it shows, only for most to find it unchanged. Entities name the parts they read
(``StatusField``); ``changed_fields`` tells which parts differ, so only their readers are asked
(issue 12). tests/test_status_fields.py checks that every field of the status belongs to a
part and that every entity shows the same whatever changes in the parts it does not name.
"""

from enum import IntFlag, auto
from typing import Final

from .models import PrinterStatus


class StatusField(IntFlag):
    """A part of ``PrinterStatus`` that entities read (the paths are in ``FIELD_PATHS``)."""

    STATE = auto()
    SUB_STATE = auto()
    ERROR = auto()
    LIGHTS = auto()
    MATERIAL = auto()
    PROGRESS = auto()
    DURATION = auto()
    TIME_LEFT = auto()
    FILE = auto()
    FILAMENT = auto()
    LAYERS = auto()
    BED = auto()
    BED_TARGET = auto()
    HOTEND = auto()
    HOTEND_TARGET = auto()
    CHAMBER = auto()
    CHAMBER_TARGET = auto()
    PRINT = auto()
    GADGET = auto()
    EQUIPMENT = auto()
    # Set on every update: an entity that reads something else as well (the clock) names it.
    ALWAYS = auto()


# Every part: what an entity reads when it does not say.
ALL_FIELDS: Final = StatusField(sum(StatusField))

_TEMPS = "job.current_print.temps."
FIELD_PATHS: Final[dict[StatusField, tuple[str, ...]]] = {
    StatusField.STATE: ("job.state", "job.raw_state"),
    StatusField.SUB_STATE: ("job.sub_state",),
    StatusField.ERROR: ("job.error",),
    StatusField.LIGHTS: ("job.lights",),
    StatusField.MATERIAL: ("job.material_system",),
    StatusField.PROGRESS: ("job.current_print.progress",),
    StatusField.DURATION: ("job.current_print.duration_sec",),
    StatusField.TIME_LEFT: ("job.current_print.time_left_sec",),
    StatusField.FILE: ("job.current_print.file_name",),
    StatusField.FILAMENT: (
        "job.current_print.filament_used_mm",
        "job.current_print.filament_weight_mg",
    ),
    StatusField.LAYERS: (
        "job.current_print.current_layer",
        "job.current_print.total_layers",
    ),
    StatusField.BED: (_TEMPS + "bed_actual",),
    StatusField.BED_TARGET: (_TEMPS + "bed_target",),
    StatusField.HOTEND: (_TEMPS + "hotend_actual",),
    StatusField.HOTEND_TARGET: (_TEMPS + "hotend_target",),
    StatusField.CHAMBER: (_TEMPS + "chamber_actual",),
    StatusField.CHAMBER_TARGET: (_TEMPS + "chamber_target",),
    StatusField.PRINT: (
        "octoeverywhere.most_recent_print_id",
        "octoeverywhere.print_start_time_sec",
    ),
    StatusField.GADGET: ("octoeverywhere.gadget",),
    StatusField.EQUIPMENT: ("features", "platform", "platform_version", "webcams"),
}

# Plain ints: IntFlag arithmetic costs a call per operation, on every poll.
_ALWAYS: Final = int(StatusField.ALWAYS)
_STATE: Final = int(StatusField.STATE)
_SUB_STATE: Final = int(StatusField.SUB_STATE)
_ERROR: Final = int(StatusField.ERROR)
_LIGHTS: Final = int(StatusField.LIGHTS)
_MATERIAL: Final = int(StatusField.MATERIAL)
_PROGRESS: Final = int(StatusField.PROGRESS)
_DURATION: Final = int(StatusField.DURATION)
_TIME_LEFT: Final = int(StatusField.TIME_LEFT)
_FILE: Final = int(StatusField.FILE)
_FILAMENT: Final = int(StatusField.FILAMENT)
_LAYERS: Final = int(StatusField.LAYERS)
_BED: Final = int(StatusField.BED)
_BED_TARGET: Final = int(StatusField.BED_TARGET)
_HOTEND: Final = int(StatusField.HOTEND)
_HOTEND_TARGET: Final = int(StatusField.HOTEND_TARGET)
_CHAMBER: Final = int(StatusField.CHAMBER)
_CHAMBER_TARGET: Final = int(StatusField.CHAMBER_TARGET)
_PRINT: Final = int(StatusField.PRINT)
_GADGET: Final = int(StatusField.GADGET)
_EQUIPMENT: Final = int(StatusField.EQUIPMENT)


def changed_fields(before: PrinterStatus, after: PrinterStatus) -> int:  # noqa: C901, PLR0912
    """Return the ``StatusField`` bits of the parts that differ, and ``ALWAYS``.

    ``FIELD_PATHS`` written out: a walk through the status once, each object skipped when
    it is the same one, is a fifth of reading every path of both (tests check both agree).
    """
    changed = _ALWAYS
    job, old_job = after.job, before.job
    if job is not old_job:
        if job.state != old_job.state or job.raw_state != old_job.raw_state:
            changed |= _STATE
        if job.sub_state != old_job.sub_state:
            changed |= _SUB_STATE
        if job.error != old_job.error:
            changed |= _ERROR
        if job.lights is not old_job.lights and job.lights != old_job.lights:
            changed |= _LIGHTS
        if (
            job.material_system is not old_job.material_system
            and job.material_system != old_job.material_system
        ):
            changed |= _MATERIAL
        now, old = job.current_print, old_job.current_print
        if now is not old:
            if now.progress != old.progress:
                changed |= _PROGRESS
            if now.duration_sec != old.duration_sec:
                changed |= _DURATION
            if now.time_left_sec != old.time_left_sec:
                changed |= _TIME_LEFT
            if now.file_name != old.file_name:
                changed |= _FILE
            if (
                now.filament_used_mm != old.filament_used_mm
                or now.filament_weight_mg != old.filament_weight_mg
            ):
                changed |= _FILAMENT
            if (
                now.current_layer != old.current_layer
                or now.total_layers != old.total_layers
            ):
                changed |= _LAYERS
            temps, old_temps = now.temps, old.temps
            if temps.bed_actual != old_temps.bed_actual:
                changed |= _BED
            if temps.bed_target != old_temps.bed_target:
                changed |= _BED_TARGET
            if temps.hotend_actual != old_temps.hotend_actual:
                changed |= _HOTEND
            if temps.hotend_target != old_temps.hotend_target:
                changed |= _HOTEND_TARGET
            if temps.chamber_actual != old_temps.chamber_actual:
                changed |= _CHAMBER
            if temps.chamber_target != old_temps.chamber_target:
                changed |= _CHAMBER_TARGET
    octoeverywhere, old_octoeverywhere = after.octoeverywhere, before.octoeverywhere
    if octoeverywhere is not old_octoeverywhere:
        if (
            octoeverywhere.most_recent_print_id
            != old_octoeverywhere.most_recent_print_id
            or octoeverywhere.print_start_time_sec
            != old_octoeverywhere.print_start_time_sec
        ):
            changed |= _PRINT
        if octoeverywhere.gadget != old_octoeverywhere.gadget:
            changed |= _GADGET
    if (
        after.features != before.features
        or after.platform != before.platform
        or after.platform_version != before.platform_version
        or (after.webcams is not before.webcams and after.webcams != before.webcams)
    ):
        changed |= _EQUIPMENT
    return changed
