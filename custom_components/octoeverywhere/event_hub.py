"""The print-event hub: one place where polled and pushed events meet.

Polled events come from comparing each new status with the previous one; pushed events from
OctoEverywhere's webhook. Each event of a print passes once, whichever source brings it first,
and across restarts: the ledger (``ledger.py``) remembers what fired. What happened while Home
Assistant could not see the printer (a restart, a reload, the printer offline or unreachable)
is found by comparing the next status with the last one seen, and fires then with
``missed: true``. Each event that passes is fired on the bus (``octoeverywhere_event``) and
handed to the event entity, the last-print and the statistics sensors.
"""

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import replace
from datetime import datetime, timedelta
from time import monotonic
from typing import Any, Final

from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.event import async_call_later
import homeassistant.util.dt as dt_util

from .api import (
    END_EVENTS,
    PrinterState,
    PrinterStatus,
    PrintEvent,
    PrintEventType,
    events_between,
    status_event,
)
from .ledger import MAX_RECENT, LastPrint, PrintLedger, PrintStatistics
from .unsubscribe import Unsubscribe

__all__ = ["EVENT_OCTOEVERYWHERE", "LastPrint", "PrintEventHub"]

EVENT_OCTOEVERYWHERE: Final = "octoeverywhere_event"

# Events that happen at most once per print: de-duplicated for the whole print, by the ledger.
_ONCE_PER_PRINT: Final = frozenset(
    {
        PrintEventType.STARTED,
        PrintEventType.PROGRESS,
        PrintEventType.FIRST_LAYER_COMPLETE,
        PrintEventType.THIRD_LAYER_COMPLETE,
        PrintEventType.GADGET_WARNING,
        PrintEventType.GADGET_PAUSED,
        PrintEventType.BED_COOLDOWN_COMPLETE,
        *END_EVENTS,
    }
)
# Other events (pause, resume, errors, ...) can repeat within a print: a notification is a
# copy of the same event within this window (a webhook arrives within seconds, a poll within
# 10 s), while a status that shows it again is news. The same window tells an error that
# comes with a print's failure from a later one.
REPEAT_WINDOW_SEC: Final = 120.0
# Notifications within this time of a refresh made for an earlier one share that refresh.
PUSH_REFRESH_SHARED_SEC: Final = 1.0
# How long a held notification waits at most for the printer to explain it (see _park).
PENDING_END_SEC: Final = 300.0
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
# How a print ended, by the state the printer shows afterwards.
_END_STATES: Final[Mapping[PrinterState, PrintEventType]] = {
    PrinterState.COMPLETE: PrintEventType.COMPLETE,
    PrinterState.CANCELLED: PrintEventType.CANCELLED,
    PrinterState.ERROR: PrintEventType.FAILED,
}
# In a print's record: its start and its end passed (or the first status showed them done).
STARTED: Final = PrintEventType.STARTED.value
ENDED: Final = "end"


type EventListener = Callable[[PrintEvent], None]


class PrintEventHub:
    """De-duplicates, fires and distributes the print events of one printer."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry_id: str,
        device_id: str | None,
        ledger: PrintLedger,
        refresh: Callable[[], Awaitable[None]],
        *,
        note_error: Callable[[str], None] = lambda text: None,
    ) -> None:
        """Continue from ``ledger``; nothing fires until ``async_start``.

        ``refresh`` asks the printer for its status now; the answer comes back through
        ``async_on_status`` (the coordinator's listener, wired up at setup). ``note_error``
        gets the error text of every notification that has one, after that refresh.
        """
        self._hass = hass
        self._entry_id = entry_id
        self._device_id = device_id
        self._refresh = refresh
        self._note_error = note_error
        self._ledger = ledger
        # The last status seen: the one the next is compared with.
        self._previous: PrinterStatus | None = (
            ledger.previous.to_status() if ledger.previous else None
        )
        self._started = False
        self._ready = asyncio.Event()
        # Whether the printer could not be seen since the last status (at start: since the
        # ledger's): what the next status shows happened unseen.
        self._gap = True
        self._listeners: list[EventListener] = []
        # Webhook events waiting for the refresh they triggered (see async_push).
        self._pushed: list[PrintEvent] = []
        self._push_lock = asyncio.Lock()
        self._push_refreshed_at = -PUSH_REFRESH_SHARED_SEC
        self._pending_timer: CALLBACK_TYPE | None = None

    @property
    def last_print(self) -> LastPrint | None:
        """How the most recent print ended."""
        return self._ledger.last_print

    @property
    def statistics(self) -> PrintStatistics:
        """Counts and totals of the prints that ended."""
        return self._ledger.statistics

    @callback
    def async_start(self, status: PrinterStatus | None) -> None:
        """Fire what happened since the ledger's last status, then follow the printer.

        Called once the platforms are set up, so the event entity and the sensors see what
        was missed; ``status`` is the latest (None: the printer cannot be seen now).
        """
        self._started = True
        self._ready.set()
        self.async_on_status(status)
        if self._ledger.pending:
            self._schedule_pending_timeout()

    async def async_stop(self) -> None:
        """Stop waiting for confirmations and save the ledger (the entry unloads)."""
        if self._pending_timer is not None:
            self._pending_timer()
            self._pending_timer = None
        await self._ledger.async_save_now()

    @callback
    def async_on_status(self, status: PrinterStatus | None) -> None:
        """Derive events from a poll that changed something.

        ``status`` is None while the printer is offline or unreachable; the next status is
        then compared with the last one seen, and what happened in between was missed.
        """
        if not self._started:
            return  # async_start compares the latest status with the ledger
        if status is None:
            self._gap = True
            return
        missed, self._gap = self._gap, False
        previous, self._previous = self._previous, status
        self._ledger.note_status(status)
        self._ledger.async_changed(soon=False)
        later = self._resolve_pending(status, missed=missed)
        if previous is None:
            # The first status ever: what it shows happened before the printer was added.
            self._adopt(status, ended=not status.is_active)
        else:
            if (
                previous.octoeverywhere.most_recent_print_id is None
                and previous.is_active
            ):
                # The plugin restarted mid-print and now names the print: not a new one.
                self._adopt(status, ended=False)
            for event in events_between(previous, status):
                self.async_dispatch(replace(event, missed=missed))
        for event in later:
            self._pass_held(event)
        # What was notified while the printer could not be seen, and this status did not
        # show, happened between two statuses: nothing later is a copy of it.
        self._ledger.unconfirmed.clear()

    @callback
    def async_add_listener(self, listener: EventListener) -> CALLBACK_TYPE:
        """Call ``listener`` with every event that passes."""
        self._listeners.append(listener)
        return Unsubscribe(self._listeners, listener)

    async def async_push(self, event: PrintEvent) -> None:
        """Take a webhook event: refresh the status first, then fire it unless polled.

        The fresh status tells a cancel from a failure (OctoEverywhere notifies both as
        "failed") and whether an error ended the print, and a polled copy of the event found
        by that refresh takes the pushed details (snapshot URL, error), so the event fires
        once, complete.
        """
        await self._ready.wait()
        self._pushed.append(event)
        try:
            # In arrival order; notifications that arrive together share one refresh.
            async with self._push_lock:
                # A print's end or an error always asks: the status tells what it was.
                if (
                    event.type in END_EVENTS
                    or event.type == PrintEventType.ERROR
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
        if (folded := self._fold_error(event)) is None or self._park(folded):
            return False
        return self._pass(folded)

    def diagnostics(self) -> dict[str, Any]:
        """Return the ledger and the hub's state, for diagnostics."""
        return self._ledger.summary() | {
            "started": self._started,
            "printer_unseen": self._gap,
        }

    # --- What passes -------------------------------------------------------------------

    def _pass(self, event: PrintEvent) -> bool:
        """Fire ``event`` unless the ledger or the window says it passed; record it."""
        if self._is_stale(event):
            return False  # a late notification of a print that ended
        print_id = event.print_id
        if print_id is None or event.type not in _ONCE_PER_PRINT:
            if self._is_repeat(event):
                return False
            self._start_first(event)
            if event.type in END_EVENTS:
                self._ended(event)
            self._fire(event)
            return True
        record = self._ledger.record(print_id)
        ended = event.type in END_EVENTS
        kind = ENDED if ended else event.type.value
        if event.type == PrintEventType.PROGRESS and event.progress is not None:
            # Late or out of order: 50 % after 90 % tells an overtaken story.
            if event.progress <= record.progress:
                return False
            record.progress = event.progress
        elif kind in record.fired:
            return False
        else:
            record.fired.add(kind)
        self._start_first(event)
        if ended:
            record.result, record.error = event.type, event.error
            record.ended_at = self._ended(event)
        self._fire(event)
        return True

    def _ended(self, event: PrintEvent) -> datetime:
        """Make a print that ended the last print and count it (once); return when."""
        now = dt_util.utcnow()
        self._ledger.last_print = LastPrint(
            result=event.type,
            file_name=event.file_name,
            duration_sec=event.duration_sec,
            filament_used_mm=event.filament_used_mm,
            ended_at=now,
            print_id=event.print_id,
        )
        self._ledger.statistics.count(event)
        return now

    def _start_first(self, event: PrintEvent) -> None:
        """Fire a print's start before its first other event, if it never passed.

        A notification or a status can show a print whose start was not seen (lost, or
        while Home Assistant was down): it started, so ``started`` comes first, as missed.
        """
        print_id = event.print_id
        if (
            print_id is None
            or event.type == PrintEventType.STARTED
            or (event.type not in _DURING_PRINT and event.type not in END_EVENTS)
        ):
            return
        record = self._ledger.record(print_id)
        if STARTED in record.fired:
            return
        record.fired.add(STARTED)
        self._fire(
            PrintEvent(
                type=PrintEventType.STARTED,
                source=event.source,
                print_id=print_id,
                file_name=event.file_name,
                total_layers=event.total_layers,
                missed=True,
            )
        )

    def _fire(self, event: PrintEvent) -> None:
        self._ledger.async_changed()
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

    def _is_stale(self, event: PrintEvent) -> bool:
        """Whether ``event`` belongs to a print that already ended (a late notification)."""
        record = self._ledger.prints.get(event.print_id or "")
        return (
            record is not None and ENDED in record.fired and event.type in _DURING_PRINT
        )

    def _is_repeat(self, event: PrintEvent) -> bool:
        """Whether ``event`` is a copy of one that passed (test notifications never are).

        A status that shows a change (paused, resumed, an error) is news: a printer can
        pause twice within a minute. It is a copy only of a notification that passed while
        the printer could not be seen. A notification is a copy of the same event within
        the window. Both are kept in the ledger: a copy after a restart is still a copy.
        """
        if event.type == PrintEventType.TEST:
            return False
        ledger = self._ledger
        key = "|".join(str(part) for part in _key(event))
        now = dt_util.utcnow()
        if event.source == "poll":
            if key in ledger.unconfirmed:
                ledger.unconfirmed.discard(key)
                return True
        else:
            window = timedelta(seconds=REPEAT_WINDOW_SEC)
            for old in [
                key for key, when in ledger.recent.items() if now - when >= window
            ]:
                del ledger.recent[old]
            if key in ledger.recent:
                return True
            if self._gap:
                ledger.unconfirmed.add(key)
        ledger.recent.pop(key, None)
        ledger.recent[key] = now
        while len(ledger.recent) > MAX_RECENT:
            del ledger.recent[next(iter(ledger.recent))]
        return False

    def _adopt(self, status: PrinterStatus, *, ended: bool) -> None:
        """Take the print ``status`` shows as already reported (up to where it is).

        Its start and, unless it is running, its end are marked passed, so that neither a
        late notification nor the next status fires them.
        """
        print_id = status.octoeverywhere.most_recent_print_id
        if print_id is None or print_id in self._ledger.prints:
            return
        record = self._ledger.record(print_id)
        record.fired.add(STARTED)
        if ended:
            record.fired.add(ENDED)
        if (progress := status.known_progress) is not None:
            record.progress = float(int(progress // 10) * 10)

    # --- Pushed events: completed, merged, held for the printer's word -----------------

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
            # An error names no print when it is not about one (it may come late).
            print_id=event.print_id
            or (current_id if event_type != PrintEventType.ERROR else None),
            file_name=event.file_name or status.job.current_print.file_name,
            filament_used_mm=event.filament_used_mm or status.known_filament_used_mm,
        )

    def _merge_pushed(self, event: PrintEvent) -> PrintEvent:
        """Give a polled event the details of the pushed event it duplicates.

        A polled end also takes the error of a pushed error of the same print: one failure,
        one event, with its text.
        """
        key = _key(event)
        for pushed in self._pushed:
            pushed = self._complete(pushed)
            if _key(pushed) == key or (
                event.type in END_EVENTS
                and pushed.type == PrintEventType.ERROR
                and pushed.print_id == event.print_id
            ):
                return _merged(event, pushed)
        return event

    def _fold_error(self, event: PrintEvent) -> PrintEvent | None:
        """One failure, one event: the error a print failed with is its ``failed``.

        An error of a print that failed or was cancelled within the window, with the same
        text (or none), is that end again: None. Any other error is news.
        """
        if event.type != PrintEventType.ERROR or event.print_id is None:
            return event
        record = self._ledger.prints.get(event.print_id)
        if (
            record is not None
            and record.result in (PrintEventType.FAILED, PrintEventType.CANCELLED)
            and record.ended_at is not None
            and dt_util.utcnow() - record.ended_at
            < timedelta(seconds=REPEAT_WINDOW_SEC)
            and (event.error is None or record.error in (None, event.error))
        ):
            return None
        return event

    def _park(self, event: PrintEvent) -> bool:
        """Hold a notification only the printer can explain; return whether held.

        OctoEverywhere notifies a cancel as "failed" too, and an "error" may end a print or
        not. When the status cannot tell yet (the printer cannot be asked, or a "failed"
        print still shows running), the notification waits in the ledger for the next
        status, or PENDING_END_SEC at most.
        """
        print_id = event.print_id
        if (
            event.source != "webhook"
            or event.type not in (PrintEventType.FAILED, PrintEventType.ERROR)
            or print_id is None
        ):
            return False
        record = self._ledger.prints.get(print_id)
        if record is not None and ENDED in record.fired:
            return False  # ended already: _pass drops a failure, an error is news
        previous = self._previous
        current = (
            previous is not None
            and previous.octoeverywhere.most_recent_print_id == print_id
        )
        running = current and previous is not None and previous.is_active
        if event.type == PrintEventType.ERROR:
            # Seen running, or newer than the last status, and now unseen: did the error
            # end it? The next status tells.
            wait = self._gap and (
                running or (not current and not self._moved_past(print_id))
            )
        elif self._gap:
            # The next status may show how it ended, unless the last one had moved on.
            wait = not self._moved_past(print_id)
        else:
            wait = running
        if not wait:
            return False
        pending = self._ledger.pending
        for index, held in enumerate(pending):
            if held.print_id == print_id:
                # "failed" and "error" of one print: its failure, with the error's text.
                kind = (
                    PrintEventType.FAILED
                    if PrintEventType.FAILED
                    in (
                        held.type,
                        event.type,
                    )
                    else event.type
                )
                pending[index] = replace(_merged(event, held), type=kind)
                break
        else:
            pending.append(event)
        self._ledger.async_changed()
        self._schedule_pending_timeout()
        return True

    def _moved_past(self, print_id: str) -> bool:
        """Whether the last status showed a print that started after ``print_id``."""
        previous = self._previous
        shown = previous.octoeverywhere.most_recent_print_id if previous else None
        order = list(self._ledger.prints)
        return (
            shown is not None
            and shown != print_id
            and shown in order
            and print_id in order  # an unknown print is likelier new than forgotten
            and order.index(shown) > order.index(print_id)
        )

    def _resolve_pending(
        self, status: PrinterStatus, *, missed: bool
    ) -> list[PrintEvent]:
        """Fire the held notifications ``status`` explains; the rest as notified.

        A held print that shows ended ended so, and an error it shows ended with was its
        failure: these fire now, before what the status shows. Other errors (the print
        runs on, or ended otherwise) are returned, to pass after it. A "failed" print that
        still runs waits on.
        """
        if not self._ledger.pending:
            return []
        current_id = status.octoeverywhere.most_recent_print_id
        state = status.job.state
        end = _END_STATES.get(state) if state is not None else None
        waiting: list[PrintEvent] = []
        now: list[PrintEvent] = []
        later: list[PrintEvent] = []
        for event in self._ledger.pending:
            current = event.print_id == current_id
            if current and status.is_active and event.type == PrintEventType.FAILED:
                waiting.append(event)
                continue
            if (
                current
                and end is not None
                and PrintEventType.FAILED in (event.type, end)
            ):
                event = _merged(status_event(end, status), event)
            event = replace(event, missed=missed)
            (later if event.type == PrintEventType.ERROR else now).append(event)
        # Waiting ones are the same objects: only fewer of them is a change worth saving.
        changed = len(waiting) != len(self._ledger.pending)
        self._ledger.pending = waiting
        if changed:
            self._ledger.async_changed()
        if not waiting and self._pending_timer is not None:
            self._pending_timer()
            self._pending_timer = None
        for event in now:
            self._pass_held(event)
        return later

    def _pass_held(self, event: PrintEvent) -> None:
        if (folded := self._fold_error(event)) is not None:
            self._pass(folded)

    def _schedule_pending_timeout(self) -> None:
        if self._pending_timer is None:
            self._pending_timer = async_call_later(
                self._hass, PENDING_END_SEC, self._async_pending_timeout
            )

    @callback
    def _async_pending_timeout(self, _now: datetime) -> None:
        """Fire the held notifications as notified: the printer did not tell in time."""
        self._pending_timer = None
        pending, self._ledger.pending = self._ledger.pending, []
        self._ledger.async_changed()
        for event in pending:
            self._pass_held(event)


def _merged(event: PrintEvent, pushed: PrintEvent) -> PrintEvent:
    """``event`` with the details only a notification carries."""
    return replace(
        event,
        source="webhook",
        error=event.error or pushed.error,
        platform_error_code=event.platform_error_code or pushed.platform_error_code,
        snapshot_url=event.snapshot_url or pushed.snapshot_url,
    )


def _key(event: PrintEvent) -> tuple[Any, ...]:
    """Return what makes two events the same: print, kind and (for progress) the step."""
    step = (
        int(event.progress)
        if event.type == PrintEventType.PROGRESS and event.progress is not None
        else None
    )
    # A print ends once: OctoEverywhere notifies a cancel as "failed" (EventType 3).
    kind = ENDED if event.type in END_EVENTS else event.type
    return (event.print_id, kind, step)
