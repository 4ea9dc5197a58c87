"""Print events: from OctoEverywhere's webhook notifications, and derived from polled status.

Both sources produce the same ``PrintEvent`` so that a consumer can de-duplicate them.
"""

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any, Literal

from . import parse
from .models import ACTIVE_STATES, PrinterState, PrinterStatus


class PrintEventType(StrEnum):
    """Event types, for push and polling alike."""

    STARTED = "started"
    COMPLETE = "complete"
    FAILED = "failed"
    CANCELLED = "cancelled"
    PAUSED = "paused"
    RESUMED = "resumed"
    PROGRESS = "progress"
    GADGET_WARNING = "gadget_warning"
    GADGET_PAUSED = "gadget_paused"
    ERROR = "error"
    FIRST_LAYER_COMPLETE = "first_layer_complete"
    THIRD_LAYER_COMPLETE = "third_layer_complete"
    FILAMENT_CHANGE_REQUIRED = "filament_change_required"
    USER_INTERACTION_REQUIRED = "user_interaction_required"
    BED_COOLDOWN_COMPLETE = "bed_cooldown_complete"
    NOTIFICATION_LIMIT = "notification_limit"
    TEST = "test"


# Webhook ``EventType`` numbers (reference section 6). Unknown numbers appear over time.
WEBHOOK_EVENT_TYPES: Mapping[int, PrintEventType] = {
    1: PrintEventType.STARTED,
    2: PrintEventType.COMPLETE,
    3: PrintEventType.FAILED,
    4: PrintEventType.PAUSED,
    5: PrintEventType.RESUMED,
    6: PrintEventType.PROGRESS,
    7: PrintEventType.GADGET_WARNING,
    8: PrintEventType.GADGET_PAUSED,
    9: PrintEventType.ERROR,
    10: PrintEventType.FIRST_LAYER_COMPLETE,
    11: PrintEventType.FILAMENT_CHANGE_REQUIRED,
    12: PrintEventType.USER_INTERACTION_REQUIRED,
    13: PrintEventType.NOTIFICATION_LIMIT,
    14: PrintEventType.THIRD_LAYER_COMPLETE,
    15: PrintEventType.BED_COOLDOWN_COMPLETE,
    16: PrintEventType.TEST,
}

# Below this the bed counts as cooled down after a print (safe to touch, to remove the part).
BED_COOLDOWN_C = 40.0

# Events that end a print (and set the "last print" sensors).
END_EVENTS = frozenset(
    {PrintEventType.COMPLETE, PrintEventType.FAILED, PrintEventType.CANCELLED}
)


class UnknownEventTypeError(ValueError):
    """A webhook carried an ``EventType`` number this integration does not know."""

    def __init__(self, number: int) -> None:
        """Keep the number, for a log line."""
        super().__init__(f"unknown EventType {number}")
        self.number = number


@dataclass(frozen=True, slots=True, kw_only=True)
class PrintEvent:
    """One event, with what is known about the print when it happened."""

    type: PrintEventType
    source: Literal["poll", "webhook"]
    print_id: str | None = None
    file_name: str | None = None
    progress: float | None = None
    current_layer: int | None = None
    total_layers: int | None = None
    duration_sec: float | None = None
    time_remaining_sec: float | None = None
    filament_used_mm: float | None = None
    error: str | None = None
    platform_error_code: str | None = None
    snapshot_url: str | None = None
    # Fired late: it happened while Home Assistant could not see the printer (a restart, a
    # reload, the printer offline or unreachable).
    missed: bool = False

    def attributes(self) -> dict[str, Any]:
        """Return the known values (None left out) as event data."""
        data = asdict(self)
        del data["type"]
        return {key: value for key, value in data.items() if value is not None}


def parse_webhook(payload: Mapping[str, Any]) -> PrintEvent:
    """Read a webhook notification; raises UnknownEventTypeError or ValueError.

    Every key is optional and may have any type; wrong types read as unknown.
    """
    number = parse.integer(payload.get("EventType"))
    if number is None:
        raise ValueError("no EventType")
    if (event_type := WEBHOOK_EVENT_TYPES.get(number)) is None:
        raise UnknownEventTypeError(number)
    error = parse.string(payload.get("Error")) or None
    code = payload.get("PlatformErrorCode")
    return PrintEvent(
        type=event_type,
        source="webhook",
        print_id=parse.string(payload.get("PrintId")) or None,
        file_name=parse.string(payload.get("FileName")) or None,
        progress=parse.number(payload.get("Progress")),
        current_layer=parse.integer(payload.get("CurrentLayer")),
        total_layers=parse.integer(payload.get("TotalLayers")),
        duration_sec=parse.number(payload.get("DurationSec")),
        time_remaining_sec=parse.number(payload.get("TimeRemainingSec")),
        error=error[:500] if error else None,
        platform_error_code=str(code)[:100] if isinstance(code, (str, int)) else None,
        snapshot_url=_https_url(payload.get("SnapshotUrl")),
    )


def _https_url(value: Any) -> str | None:
    text = parse.string(value)
    return text if text and text.startswith("https://") and len(text) < 2048 else None


def events_between(previous: PrinterStatus, current: PrinterStatus) -> list[PrintEvent]:
    """Return the events that explain the change from ``previous`` to ``current``."""
    before, now = previous.job.state, current.job.state
    events: list[PrintEventType] = []
    new_print = (
        current.octoeverywhere.most_recent_print_id is not None
        and current.octoeverywhere.most_recent_print_id
        != previous.octoeverywhere.most_recent_print_id
    )
    # A job starts when the printer enters warm-up or printing from no job, or when the print
    # id changes from a known one (back-to-back prints) or appears after no job. An id
    # appearing mid-print is the plugin restarting, not a new print.
    another_print = new_print and (
        previous.octoeverywhere.most_recent_print_id is not None
        or (before is not None and before not in ACTIVE_STATES)
    )
    entered = now != before
    if (
        entered
        and now in (PrinterState.WARMINGUP, PrinterState.PRINTING)
        and before not in ACTIVE_STATES
    ) or another_print:
        events.append(PrintEventType.STARTED)
    # A whole print between two polls (complete before and after, another print id) ended
    # too: the new print entered its state even though the state reads the same.
    if entered or another_print:
        match now:
            case PrinterState.COMPLETE:
                events.append(PrintEventType.COMPLETE)
            case PrinterState.CANCELLED:
                events.append(PrintEventType.CANCELLED)
            case PrinterState.ERROR if before in ACTIVE_STATES or another_print:
                events.append(PrintEventType.FAILED)
            # Bambu Lab reports a cancelled print as an error a minute later (its leftover
            # cancel code): the print was reported cancelled, and nothing new went wrong.
            case PrinterState.ERROR if before != PrinterState.CANCELLED:
                events.append(PrintEventType.ERROR)
            case PrinterState.PAUSED:
                events.append(PrintEventType.PAUSED)
            # Only the paused print resumes (not the next one, after a pause and an end).
            case PrinterState.PRINTING | PrinterState.RESUMING if (
                before == PrinterState.PAUSED and not another_print
            ):
                events.append(PrintEventType.RESUMED)
    if current.is_active:
        # Another print starts from nothing: the last one's progress is not its own.
        events.extend(
            _progress_events(
                previous if not another_print else PrinterStatus(), current
            )
        )
    elif _bed_cooled(previous, current):
        events.append(PrintEventType.BED_COOLDOWN_COMPLETE)
    return [status_event(event_type, current) for event_type in events]


def _bed_cooled(previous: PrinterStatus, current: PrinterStatus) -> bool:
    """Whether the bed just cooled below BED_COOLDOWN_C with no job running."""
    before = previous.job.current_print.temps.bed_actual
    now = current.job.current_print.temps.bed_actual
    return before is not None and now is not None and before >= BED_COOLDOWN_C > now


def _progress_events(
    previous: PrinterStatus, current: PrinterStatus
) -> list[PrintEventType]:
    """Gadget, layer and every-10 % events within one running print."""
    events: list[PrintEventType] = []
    gadget_before = previous.octoeverywhere.gadget
    gadget_now = current.octoeverywhere.gadget
    if gadget_now.warned and not gadget_before.warned:
        events.append(PrintEventType.GADGET_WARNING)
    if gadget_now.paused and not gadget_before.paused:
        events.append(PrintEventType.GADGET_PAUSED)
    layer_before = previous.known_layers[0] or 0
    layer_now = current.known_layers[0]
    # A layer is complete once the next one has started.
    if layer_now is not None:
        if layer_before <= 1 < layer_now:
            events.append(PrintEventType.FIRST_LAYER_COMPLETE)
        if layer_before <= 3 < layer_now:
            events.append(PrintEventType.THIRD_LAYER_COMPLETE)
    progress_before = previous.known_progress or 0.0
    progress_now = current.known_progress
    if progress_now is not None and int(progress_now // 10) > int(
        progress_before // 10
    ):
        events.append(PrintEventType.PROGRESS)
    return events


def status_event(event_type: PrintEventType, status: PrinterStatus) -> PrintEvent:
    """Return an event of ``event_type`` with what ``status`` tells of the print."""
    current_print = status.job.current_print
    current_layer, total_layers = status.known_layers
    progress = status.known_progress
    if event_type == PrintEventType.PROGRESS and progress is not None:
        progress = float(int(progress // 10) * 10)  # the step that was crossed
    return PrintEvent(
        type=event_type,
        source="poll",
        print_id=status.octoeverywhere.most_recent_print_id,
        file_name=current_print.file_name,
        progress=progress,
        current_layer=current_layer,
        total_layers=total_layers,
        duration_sec=status.known_duration_sec,
        time_remaining_sec=status.known_time_left_sec,
        filament_used_mm=status.known_filament_used_mm,
        error=status.job.error,
    )
