"""The print ledger: what the print-event hub keeps of one printer across restarts.

One small record per config entry, in Home Assistant's storage
(``.storage/octoeverywhere.<entry id>.ledger``): the last status seen, which events already
fired for the recent prints, notifications waiting for the printer's word, the last finished
print and the print statistics. It is saved shortly after it changes and when the entry
unloads or Home Assistant stops; a missing, corrupt or unreadable record reads as empty.
"""

from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any, Final, Self

from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.storage import Store
import homeassistant.util.dt as dt_util

from .api import (
    CurrentPrint,
    Gadget,
    JobStatus,
    OctoEverywhereStatus,
    PrinterState,
    PrinterStatus,
    PrintEvent,
    PrintEventType,
    Temps,
    parse,
)
from .const import DOMAIN, LOGGER

STORAGE_VERSION: Final = 1
# Prints remembered (fired events, how they ended): late notifications of older ones are rare.
MAX_PRINTS: Final = 16
MAX_PENDING: Final = 8
MAX_RECENT: Final = 64
# Fired events are saved within a second, with the status they were fired on. A status that
# only changed (every poll while printing) is saved within ten minutes: between two events it
# decides nothing that a restart compares (each event saved the status past it), and Home
# Assistant's stop writes what is pending. Every 30 s, a printing minute spent a fifth more
# CPU on these writes than on its polls, and wrote the disk twice (issue 12).
EVENT_SAVE_DELAY_SEC: Final = 1.0
STATUS_SAVE_DELAY_SEC: Final = 600.0


def _store(hass: HomeAssistant, entry_id: str) -> Store[dict[str, Any]]:
    return Store(hass, STORAGE_VERSION, f"{DOMAIN}.{entry_id}.ledger")


@dataclass(frozen=True, slots=True, kw_only=True)
class StatusRecord:
    """The part of a status that events are derived from, and the print's facts."""

    print_id: str | None = None
    state: PrinterState | None = None
    file_name: str | None = None
    progress: float | None = None
    duration_sec: float | None = None
    current_layer: int | None = None
    total_layers: int | None = None
    filament_used_mm: float | None = None
    bed_actual: float | None = None
    gadget_warned: bool = False
    gadget_paused: bool = False
    error: str | None = None

    @classmethod
    def from_status(cls, status: PrinterStatus) -> Self:
        """Keep what ``events_between`` compares, and what an event tells of the print."""
        current = status.job.current_print
        gadget = status.octoeverywhere.gadget
        return cls(
            print_id=status.octoeverywhere.most_recent_print_id,
            state=status.job.state,
            file_name=current.file_name,
            progress=current.progress,
            duration_sec=current.duration_sec,
            current_layer=current.current_layer,
            total_layers=current.total_layers,
            filament_used_mm=current.filament_used_mm,
            bed_actual=current.temps.bed_actual,
            gadget_warned=gadget.warned,
            gadget_paused=gadget.paused,
            error=status.job.error,
        )

    def to_status(self) -> PrinterStatus:
        """Rebuild a status that compares like the one recorded."""
        return PrinterStatus(
            job=JobStatus(
                state=self.state,
                raw_state=self.state.value if self.state else None,
                error=self.error,
                current_print=CurrentPrint(
                    progress=self.progress,
                    duration_sec=self.duration_sec,
                    file_name=self.file_name,
                    filament_used_mm=self.filament_used_mm,
                    current_layer=self.current_layer,
                    total_layers=self.total_layers,
                    temps=Temps(bed_actual=self.bed_actual),
                ),
            ),
            octoeverywhere=OctoEverywhereStatus(
                most_recent_print_id=self.print_id,
                gadget=Gadget(warned=self.gadget_warned, paused=self.gadget_paused),
            ),
        )

    def as_dict(self) -> dict[str, Any]:
        """JSON form."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Read the JSON form; wrong values read as unknown."""
        return cls(
            print_id=parse.string(data.get("print_id")),
            state=_enum(PrinterState, data.get("state")),
            file_name=parse.string(data.get("file_name")),
            progress=parse.number(data.get("progress")),
            duration_sec=parse.number(data.get("duration_sec")),
            current_layer=parse.integer(data.get("current_layer")),
            total_layers=parse.integer(data.get("total_layers")),
            filament_used_mm=parse.number(data.get("filament_used_mm")),
            bed_actual=parse.number(data.get("bed_actual")),
            gadget_warned=data.get("gadget_warned") is True,
            gadget_paused=data.get("gadget_paused") is True,
            error=parse.string(data.get("error")),
        )


@dataclass(slots=True)
class PrintRecord:
    """What passed for one print: once-per-print events, progress, how it ended."""

    # Types of the once-per-print events that fired (or that the first status showed done).
    fired: set[str] = field(default_factory=set)
    # The highest progress step fired (-1: none).
    progress: float = -1.0
    # How it ended, once its end fired; when, and the error it ended with.
    result: PrintEventType | None = None
    ended_at: datetime | None = None
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "fired": sorted(self.fired),
            "progress": self.progress,
            "result": self.result,
            "ended_at": self.ended_at.isoformat() if self.ended_at else None,
            "error": self.error,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Read the JSON form; wrong values read as unknown."""
        fired = data.get("fired")
        progress = parse.number(data.get("progress"))
        return cls(
            fired={item for item in fired if isinstance(item, str)}
            if isinstance(fired, list)
            else set(),
            progress=progress if progress is not None else -1.0,
            result=_enum(PrintEventType, data.get("result")),
            ended_at=_datetime(data.get("ended_at")),
            error=parse.string(data.get("error")),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class LastPrint:
    """How the most recent print ended."""

    result: PrintEventType
    file_name: str | None
    duration_sec: float | None
    filament_used_mm: float | None
    ended_at: datetime
    print_id: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """JSON form."""
        return asdict(self) | {"ended_at": self.ended_at.isoformat()}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self | None:
        """Read the JSON form; None unless the result and the time are valid."""
        result = _enum(PrintEventType, data.get("result"))
        ended_at = _datetime(data.get("ended_at"))
        if result is None or ended_at is None:
            return None
        return cls(
            result=result,
            file_name=parse.string(data.get("file_name")),
            duration_sec=parse.number(data.get("duration_sec")),
            filament_used_mm=parse.number(data.get("filament_used_mm")),
            ended_at=ended_at,
            print_id=parse.string(data.get("print_id")),
        )


@dataclass(slots=True)
class PrintStatistics:
    """Counts and totals of the prints that ended since the printer was added."""

    completed: int = 0
    failed: int = 0
    cancelled: int = 0
    print_time_sec: float = 0.0
    # None until a print ended whose filament length the printer reported.
    filament_used_mm: float | None = None

    @callback
    def count(self, event: PrintEvent) -> None:
        """Count a print's end, once (the hub calls this when its end fires).

        Filament is the printer's estimate for the whole file: a failed or cancelled print
        counts the share it got through (its progress).
        """
        match event.type:
            case PrintEventType.COMPLETE:
                self.completed += 1
            case PrintEventType.FAILED:
                self.failed += 1
            case _:
                self.cancelled += 1
        if event.duration_sec is not None and event.duration_sec > 0:
            self.print_time_sec += event.duration_sec
        used = event.filament_used_mm
        if used is not None and event.type != PrintEventType.COMPLETE:
            progress = event.progress
            used = used * min(progress, 100.0) / 100 if progress is not None else None
        if used is not None and used >= 0:
            self.filament_used_mm = (self.filament_used_mm or 0.0) + used

    def as_dict(self) -> dict[str, Any]:
        """JSON form."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Read the JSON form; a wrong value reads as 0 (or unknown filament)."""

        def count(key: str) -> int:
            value = parse.integer(data.get(key))
            return value if value is not None and value > 0 else 0

        seconds = parse.number(data.get("print_time_sec"))
        filament = parse.number(data.get("filament_used_mm"))
        return cls(
            completed=count("completed"),
            failed=count("failed"),
            cancelled=count("cancelled"),
            print_time_sec=seconds if seconds is not None and seconds > 0 else 0.0,
            filament_used_mm=filament
            if filament is not None and filament >= 0
            else None,
        )


class PrintLedger:
    """The persistent record of one printer's print events (see the module docstring)."""

    def __init__(self, hass: HomeAssistant, entry_id: str) -> None:
        """Start empty; ``async_load`` reads what was saved."""
        self._hass = hass
        self._store = _store(hass, entry_id)
        self._previous: StatusRecord | None = None
        # The last status seen, recorded when the record is read (saved): every poll that
        # changed something notes its status, and most of them are never saved.
        self._previous_status: PrinterStatus | None = None
        self.prints: OrderedDict[str, PrintRecord] = OrderedDict()
        self.pending: list[PrintEvent] = []
        # Events that may repeat (pause, resume, errors): when each last passed.
        self.recent: dict[str, datetime] = {}
        # Of those, the notifications that passed while the printer could not be seen: the
        # next status shows them again.
        self.unconfirmed: set[str] = set()
        self.last_print: LastPrint | None = None
        self.statistics = PrintStatistics()
        # Loop time of the save that is scheduled (None: none).
        self._save_at: float | None = None

    async def async_load(self) -> None:
        """Read the saved record; anything unreadable leaves the ledger empty."""
        try:
            data = await self._store.async_load()
        except HomeAssistantError as err:  # e.g. written by a newer version
            LOGGER.warning("Ignored the saved print events: %s", err)
            return
        if not isinstance(data, Mapping):
            return
        if (previous := parse.obj(data.get("previous"))) is not None:
            record = StatusRecord.from_dict(previous)
            # Without a print or a state it tells nothing to compare with.
            if record.print_id is not None or record.state is not None:
                self.previous = record
        prints = parse.obj(data.get("prints")) or {}
        for print_id, record in list(prints.items())[-MAX_PRINTS:]:
            if isinstance(print_id, str) and (item := parse.obj(record)) is not None:
                self.prints[print_id] = PrintRecord.from_dict(item)
        self.pending = [
            event
            for item in parse.objects(data.get("pending"))[:MAX_PENDING]
            if (event := _event_from_dict(item)) is not None
        ]
        recent = parse.obj(data.get("recent")) or {}
        self.recent = {
            key: when
            for key, value in list(recent.items())[-MAX_RECENT:]
            if isinstance(key, str) and (when := _datetime(value)) is not None
        }
        unconfirmed = data.get("unconfirmed")
        if isinstance(unconfirmed, list):
            self.unconfirmed = {key for key in unconfirmed if key in self.recent}
        if (last := parse.obj(data.get("last_print"))) is not None:
            self.last_print = LastPrint.from_dict(last)
        if (statistics := parse.obj(data.get("statistics"))) is not None:
            self.statistics = PrintStatistics.from_dict(statistics)

    @property
    def previous(self) -> StatusRecord | None:
        """The last status seen, as far as events are derived from it."""
        if (status := self._previous_status) is not None:
            self._previous = StatusRecord.from_status(status)
            self._previous_status = None
        return self._previous

    @previous.setter
    def previous(self, record: StatusRecord | None) -> None:
        self._previous, self._previous_status = record, None

    def note_status(self, status: PrinterStatus) -> None:
        """Make ``status`` the previous one (recorded only when read)."""
        self._previous_status = status

    def record(self, print_id: str) -> PrintRecord:
        """Return the record of ``print_id``, made (and the oldest forgotten) if new."""
        if (record := self.prints.get(print_id)) is None:
            record = self.prints[print_id] = PrintRecord()
            while len(self.prints) > MAX_PRINTS:
                self.prints.popitem(last=False)
        return record

    @callback
    def async_changed(self, *, soon: bool = True) -> None:
        """Save within a second (``soon``: events fired) or within ten minutes."""
        delay = EVENT_SAVE_DELAY_SEC if soon else STATUS_SAVE_DELAY_SEC
        when = self._hass.loop.time() + delay
        # Never postpone a save that is due earlier (the Store moves it to the later time).
        if self._save_at is None or when < self._save_at:
            self._save_at = when
            self._store.async_delay_save(self._data_to_save, delay)

    async def async_save_now(self) -> None:
        """Write the record now (the entry unloads)."""
        self._save_at = None
        await self._store.async_save(self._data())

    def _data_to_save(self) -> dict[str, Any]:
        """Return the record for the Store's delayed save, which is then no longer due."""
        self._save_at = None
        return self._data()

    def _data(self) -> dict[str, Any]:
        return {
            "previous": self.previous.as_dict() if self.previous else None,
            "prints": {key: record.as_dict() for key, record in self.prints.items()},
            "pending": [_event_to_dict(event) for event in self.pending],
            "recent": {key: when.isoformat() for key, when in self.recent.items()},
            "unconfirmed": sorted(self.unconfirmed),
            "last_print": self.last_print.as_dict() if self.last_print else None,
            "statistics": self.statistics.as_dict(),
        }

    def summary(self) -> dict[str, Any]:
        """Return the record as saved, for diagnostics (reading it changes nothing)."""
        return self._data() | {"save_scheduled": self._save_at is not None}


async def async_remove_ledger(hass: HomeAssistant, entry_id: str) -> None:
    """Delete the entry's record (the entry was deleted)."""
    await _store(hass, entry_id).async_remove()


def _enum[E: (PrinterState, PrintEventType)](kind: type[E], value: Any) -> E | None:
    try:
        return kind(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _datetime(value: Any) -> datetime | None:
    text = parse.string(value)
    parsed = dt_util.parse_datetime(text) if text else None
    return parsed if parsed is not None and parsed.tzinfo is not None else None


def _event_to_dict(event: PrintEvent) -> dict[str, Any]:
    return asdict(event)


def _event_from_dict(data: Mapping[str, Any]) -> PrintEvent | None:
    """Read a saved notification; None unless its type and print id are valid."""
    event_type = _enum(PrintEventType, data.get("type"))
    print_id = parse.string(data.get("print_id"))
    if event_type is None or not print_id:
        return None
    return PrintEvent(
        type=event_type,
        source="webhook",
        print_id=print_id,
        file_name=parse.string(data.get("file_name")),
        progress=parse.number(data.get("progress")),
        current_layer=parse.integer(data.get("current_layer")),
        total_layers=parse.integer(data.get("total_layers")),
        duration_sec=parse.number(data.get("duration_sec")),
        time_remaining_sec=parse.number(data.get("time_remaining_sec")),
        filament_used_mm=parse.number(data.get("filament_used_mm")),
        error=parse.string(data.get("error")),
        platform_error_code=parse.string(data.get("platform_error_code")),
        snapshot_url=parse.string(data.get("snapshot_url")),
    )
