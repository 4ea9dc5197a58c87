"""The print-event hub: one place where polled and pushed events meet.

Polled events come from comparing each new status with the previous one; pushed events from
OctoEverywhere's webhook. The same event from both sources passes once. Each event that passes
is fired on the bus (``octoeverywhere_event``) and handed to the event entity and the
last-print sensors.
"""

import asyncio
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime
from time import monotonic
from typing import Any, Final

from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
import homeassistant.util.dt as dt_util

from .api import (
    END_EVENTS,
    PrinterState,
    PrinterStatus,
    PrintEvent,
    PrintEventType,
    events_between,
)

EVENT_OCTOEVERYWHERE: Final = "octoeverywhere_event"

# Events that happen at most once per print: de-duplicated for the whole print.
_ONCE_PER_PRINT: Final = frozenset(
    {
        PrintEventType.STARTED,
        PrintEventType.COMPLETE,
        PrintEventType.FAILED,
        PrintEventType.CANCELLED,
        PrintEventType.PROGRESS,
        PrintEventType.FIRST_LAYER_COMPLETE,
        PrintEventType.THIRD_LAYER_COMPLETE,
        PrintEventType.GADGET_WARNING,
        PrintEventType.GADGET_PAUSED,
        PrintEventType.BED_COOLDOWN_COMPLETE,
    }
)
# Other events (pause, resume, errors, ...) can repeat within a print: the second copy of one
# is recognised only within this window. A webhook arrives within seconds, a poll within 10 s.
REPEAT_WINDOW_SEC: Final = 120.0
# Notifications within this time of a refresh made for an earlier one share that refresh.
PUSH_REFRESH_SHARED_SEC: Final = 1.0
# Events that belong to a running print; after its end they are stale.
_DURING_PRINT: Final = frozenset(
    {
        PrintEventType.STARTED,
        PrintEventType.PROGRESS,
        PrintEventType.PAUSED,
        PrintEventType.RESUMED,
        PrintEventType.FIRST_LAYER_COMPLETE,
        PrintEventType.THIRD_LAYER_COMPLETE,
        PrintEventType.GADGET_WARNING,
        PrintEventType.GADGET_PAUSED,
    }
)
_MAX_REMEMBERED: Final = 256


@dataclass(frozen=True, slots=True, kw_only=True)
class LastPrint:
    """How the most recent print ended."""

    result: PrintEventType
    file_name: str | None
    duration_sec: float | None
    filament_used_mm: float | None
    ended_at: datetime


type EventListener = Callable[[PrintEvent], None]


class PrintEventHub:
    """De-duplicates, fires and distributes the print events of one printer."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry_id: str,
        device_id: str | None,
        status: PrinterStatus | None,
        refresh: Callable[[], Awaitable[None]],
        *,
        note_error: Callable[[str], None] = lambda text: None,
    ) -> None:
        """Start with ``status`` as the baseline: nothing fires on start-up.

        ``refresh`` asks the printer for its status now; the answer comes back through
        ``async_on_status`` (the coordinator's listener, wired up at setup). ``note_error``
        gets the error text of every notification that has one, after that refresh.
        """
        self._hass = hass
        self._entry_id = entry_id
        self._device_id = device_id
        self._refresh = refresh
        self._note_error = note_error
        self._previous: PrinterStatus | None = status
        self._seen: OrderedDict[tuple[Any, ...], float] = OrderedDict()
        self._listeners: list[EventListener] = []
        # Webhook events waiting for the refresh they triggered (see async_push).
        self._pushed: list[PrintEvent] = []
        self._push_lock = asyncio.Lock()
        self._push_refreshed_at = -PUSH_REFRESH_SHARED_SEC
        # Prints that ended, and the highest progress fired for the current one.
        self._ended: OrderedDict[str, None] = OrderedDict()
        self._progress: dict[str, float] = {}
        self.last_print: LastPrint | None = None

    @callback
    def async_on_status(self, status: PrinterStatus | None) -> None:
        """Derive events from a poll that changed something (None: the printer is offline)."""
        if status is None:
            # Offline: compare the next answer with the last one seen online.
            return
        if self._previous is not None:
            for event in events_between(self._previous, status):
                self.async_dispatch(event)
        self._previous = status

    @callback
    def async_add_listener(self, listener: EventListener) -> CALLBACK_TYPE:
        """Call ``listener`` with every event that passes."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    async def async_push(self, event: PrintEvent) -> None:
        """Take a webhook event: refresh the status first, then fire it unless polled.

        The fresh status tells a cancel from a failure (OctoEverywhere notifies both as
        "failed"), and a polled copy of the event found by that refresh takes the pushed
        details (snapshot URL, error code), so the event fires once, complete.
        """
        self._pushed.append(event)
        try:
            # In arrival order; notifications that arrive together share one refresh.
            async with self._push_lock:
                # A print's end always asks: the status tells a cancel from a failure.
                if (
                    event.type in END_EVENTS
                    or monotonic() - self._push_refreshed_at > PUSH_REFRESH_SHARED_SEC
                ):
                    await self._refresh()
                    self._push_refreshed_at = monotonic()
                self.async_dispatch(event)
                # Also when the event itself was polled first: the status lacks the text.
                if event.error:
                    self._note_error(event.error)
        finally:
            self._pushed.remove(event)

    @callback
    def async_dispatch(self, event: PrintEvent) -> bool:
        """Fire ``event`` unless it already passed; return whether it fired."""
        event = self._complete(event)
        if event.source == "poll":
            event = self._merge_pushed(event)
        if self._is_stale(event) or self._is_duplicate(event):
            return False
        if event.type in END_EVENTS:
            self.last_print = LastPrint(
                result=event.type,
                file_name=event.file_name,
                duration_sec=event.duration_sec,
                filament_used_mm=event.filament_used_mm,
                ended_at=dt_util.utcnow(),
            )
        self._hass.bus.async_fire(
            EVENT_OCTOEVERYWHERE,
            {
                "event_type": event.type.value,
                "device_id": self._device_id,
                "config_entry_id": self._entry_id,
                **event.attributes(),
            },
        )
        for listener in list(self._listeners):
            listener(event)
        return True

    def _complete(self, event: PrintEvent) -> PrintEvent:
        """Fill what a webhook left out from the latest status of the same print.

        OctoEverywhere notifies a cancelled print as failed; the status tells them apart.
        """
        status = self._previous
        if status is None or event.source == "poll":
            return event
        current_id = status.octoeverywhere.most_recent_print_id
        if event.print_id is not None and event.print_id != current_id:
            return event
        event_type = event.type
        if event_type == PrintEventType.FAILED and (
            status.job.state == PrinterState.CANCELLED
            or "cancel" in (event.error or "").lower()
        ):
            event_type = PrintEventType.CANCELLED
        return replace(
            event,
            type=event_type,
            print_id=event.print_id or current_id,
            file_name=event.file_name or status.job.current_print.file_name,
            filament_used_mm=event.filament_used_mm or status.known_filament_used_mm,
        )

    def _is_stale(self, event: PrintEvent) -> bool:
        """Whether ``event`` tells of a print's progress that was already overtaken.

        Notifications can arrive late or out of order: progress after its print ended, or
        50 % after 90 %.
        """
        print_id = event.print_id
        if print_id is None:
            return False
        if event.type in END_EVENTS:
            self._ended[print_id] = None
            while len(self._ended) > _MAX_REMEMBERED:
                self._ended.popitem(last=False)
            return False
        if event.type in _DURING_PRINT and print_id in self._ended:
            return True
        if event.type == PrintEventType.PROGRESS and event.progress is not None:
            if event.progress <= self._progress.get(print_id, -1.0):
                return True
            self._progress = {print_id: event.progress}
        return False

    def _merge_pushed(self, event: PrintEvent) -> PrintEvent:
        """Give a polled event the details of the pushed event it duplicates."""
        key = _key(event)
        for pushed in self._pushed:
            if _key(self._complete(pushed)) == key:
                return replace(
                    event,
                    source="webhook",
                    error=event.error or pushed.error,
                    platform_error_code=pushed.platform_error_code,
                    snapshot_url=pushed.snapshot_url,
                )
        return event

    def _is_duplicate(self, event: PrintEvent) -> bool:
        if event.type == PrintEventType.TEST:
            return False
        key = _key(event)
        now = monotonic()
        seen = self._seen.get(key)
        # Without a print id an event cannot be tied to a print: use the window.
        once = event.type in _ONCE_PER_PRINT and event.print_id is not None
        if seen is not None and (once or now - seen < REPEAT_WINDOW_SEC):
            return True
        self._seen[key] = now
        self._seen.move_to_end(key)
        while len(self._seen) > _MAX_REMEMBERED:
            self._seen.popitem(last=False)
        return False


def _key(event: PrintEvent) -> tuple[Any, ...]:
    """Return what makes two events the same: print, kind and (for progress) the step."""
    step = (
        int(event.progress)
        if event.type == PrintEventType.PROGRESS and event.progress is not None
        else None
    )
    # A print ends once: OctoEverywhere notifies a cancel as "failed" (EventType 3).
    kind = "end" if event.type in END_EVENTS else event.type
    return (event.print_id, kind, step)
