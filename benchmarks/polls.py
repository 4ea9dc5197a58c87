"""One poll of one printer, this integration beside core's octoprint, and where the time goes.

Each integration polls the same printer mid-print (benchmarks/payloads.py) over real HTTP on
127.0.0.1, its server in another process. A poll is every coordinator of the entry refreshing
once, then Home Assistant finishing whatever that started (``async_block_till_done``); its CPU
is this process's CPU time (``time.process_time``: every thread) over the poll. *Unchanged*:
the server answers what it answered before. *Changed*: the printer moved on by the
integration's own interval while printing (10 s for this one, 30 s for octoprint).
"""

import argparse
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
import gc
import time
from typing import Any, Final

from custom_components.octoeverywhere.ledger import STATUS_SAVE_DELAY_SEC
from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant

from . import harness, payloads
from .report import heading, mean, median, note, table, us
from .sampler import PARTS, Sampler
from .servers import Servers, Tls

OCTOEVERYWHERE: Final = "octoeverywhere"
OCTOPRINT: Final = "octoprint"


@dataclass(frozen=True)
class Subject:
    """An integration polling a printer."""

    label: str
    integration: str
    # The OctoEverywhere simulator's host platform the printer runs.
    platform: str
    # Seconds between polls while printing.
    interval: float
    webcams: int = 1
    # Whether the sampling profile covers it.
    profile: bool = True
    # Over TLS (the tls section; the real relay is https), with a new connection per poll.
    tls: bool = False
    close: bool = False


SUBJECTS: Final = (
    Subject("octoeverywhere, OctoPrint host", OCTOEVERYWHERE, "octoprint", 10),
    Subject("octoeverywhere, Klipper host", OCTOEVERYWHERE, "moonraker", 10),
    Subject("core octoprint (pyoctoprintapi 0.1.14)", OCTOPRINT, "octoprint", 30),
    # Webcams other than the default one are disabled by default.
    Subject(
        "octoeverywhere, Klipper host, 3 webcams",
        OCTOEVERYWHERE,
        "moonraker",
        10,
        webcams=3,
        profile=False,
    ),
)


@dataclass
class Polls:
    """Figures of a series of polls."""

    cpu: list[float]
    changed: float
    reported: float
    requests: float
    connections: float
    by_entity: Counter[str]

    @property
    def writes(self) -> float:
        """State writes per poll."""
        return self.changed + self.reported


@dataclass
class Result:
    """Everything measured for one subject."""

    subject: Subject
    setup: harness.SetupTime
    entities: int
    unchanged: Polls
    changed: Polls
    # CPU seconds per poll by part, from the sampling profile.
    parts: dict[str, dict[str, float]] = field(default_factory=dict)
    top: dict[str, list[tuple[str, str, float]]] = field(default_factory=dict)
    samples: dict[str, int] = field(default_factory=dict)
    preempted: dict[str, int] = field(default_factory=dict)
    profiled_cpu: dict[str, float] = field(default_factory=dict)
    # CPU seconds per poll of the coordinator part, by listener.
    listeners: dict[str, dict[str, float]] = field(default_factory=dict)
    offered: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    # Storage writes while printing: their CPU each (every thread), and how many a minute.
    save_cpu: float = 0.0
    saves_per_minute: float = 0.0

    def polls_minute(self, cpu: Sequence[float] | None = None) -> float:
        """CPU of a printing minute's changed polls (``cpu``: from these of them)."""
        polls = self.changed.cpu if cpu is None else cpu
        return median(polls) * 60 / self.subject.interval

    def printing_minute(self) -> float:
        """CPU of a printing minute: its changed polls, and its storage writes."""
        return self.polls_minute() + self.save_cpu * self.saves_per_minute


class Printer:
    """A subject's server, entry and coordinators in the running Home Assistant."""

    def __init__(
        self,
        hass: HomeAssistant,
        servers: Servers,
        subject: Subject,
        count: int,
        tls: Tls | None = None,
    ) -> None:
        """Prepare ``count`` successive answers (nothing is served yet).

        ``tls``: the certificate a subject with ``tls`` is served with.
        """
        if subject.tls and tls is None:
            raise ValueError(f"{subject.label}: TLS needs a certificate")
        self.tls = tls if subject.tls else None
        self.hass = hass
        self.servers = servers
        self.subject = subject
        self.name = subject.label
        self.series = payloads.series(
            subject.platform, count, subject.interval, webcams=subject.webcams
        )
        self.index = 0
        self.writes: harness.StateWrites | None = None
        self.entry: ConfigEntry | None = None
        self.polled: list[Any] = []

    def serve(self) -> ConfigEntry:
        """Start the server; return the entry that polls it."""
        series = self.series
        if self.subject.integration == OCTOEVERYWHERE:
            port = self.servers.series(
                self.name,
                payloads.octoeverywhere_routes(series),
                tls=self.tls,
                close=self.subject.close,
            )
            scheme = "http" if self.tls is None else "https"
            return harness.octoeverywhere_entry(f"{scheme}://127.0.0.1:{port}")
        port = self.servers.series(
            self.name, payloads.octoprint_routes(series), payloads.OCTOPRINT_HEADER
        )
        return harness.octoprint_entry(
            port, payloads.OCTOPRINT_API_KEY, payloads.OCTOPRINT_UUID
        )

    async def setup(self) -> harness.SetupTime:
        """Add the entry; find its coordinators."""
        self.entry = self.serve()
        setup = await harness.add_entry(self.hass, self.entry)
        self.polled = harness.coordinators(self.hass, self.entry)
        self.writes = harness.StateWrites(
            self.hass, harness.entity_ids(self.hass, self.entry)
        )
        return setup

    async def polls(
        self,
        count: int,
        *,
        changed: bool,
        sampler: Sampler | None = None,
        around: Callable[[bool], None] | None = None,
    ) -> Polls:
        """Poll ``count`` times; the printer moves on before each poll when ``changed``.

        ``around(True)`` / ``around(False)`` is called right before / after each poll.
        """
        cpu: list[float] = []
        writes = self.writes
        assert writes is not None
        self.servers.stats(self.name)
        writes.reset()
        gc.collect()
        if sampler is not None:
            sampler.start()
        try:
            for _ in range(count):
                if changed:
                    self.index += 1
                    self.servers.step(self.name, self.index)
                if around is not None:
                    around(True)
                start = time.process_time()
                await harness.poll(self.hass, self.polled)
                cpu.append(time.process_time() - start)
                if around is not None:
                    around(False)
        finally:
            if sampler is not None:
                sampler.stop()
        requests, connections = self.servers.stats(self.name)
        return Polls(
            cpu,
            writes.changed / count,
            writes.reported / count,
            requests / count,
            connections / count,
            Counter(writes.by_entity),
        )

    async def saves(self, count: int) -> list[float]:
        """CPU of each of ``count`` writes of the print ledger (this integration's storage).

        While printing, every poll changes the status the ledger keeps, so it is written
        every ``STATUS_SAVE_DELAY_SEC`` (octoprint writes nothing). The write is the one the
        Store's delayed save makes; its JSON and the file are done in an executor thread,
        which process time counts, as it does for a poll.
        """
        assert self.entry is not None
        ledger = self.entry.runtime_data.events._ledger  # noqa: SLF001
        cpu = []
        for _ in range(count):
            start = time.process_time()
            await ledger.async_save_now()
            cpu.append(time.process_time() - start)
        return cpu

    async def remove(self) -> None:
        """Remove the entry."""
        if self.writes is not None:
            self.writes.close()
        if self.entry is not None:
            await self.hass.config_entries.async_remove(self.entry.entry_id)
            await self.hass.async_block_till_done()


def _merge(parts: list[Polls]) -> Polls:
    by_entity: Counter[str] = Counter()
    for part in parts:
        by_entity.update(part.by_entity)
    count = sum(len(part.cpu) for part in parts)
    return Polls(
        [cpu for part in parts for cpu in part.cpu],
        sum(part.changed * len(part.cpu) for part in parts) / count,
        sum(part.reported * len(part.cpu) for part in parts) / count,
        sum(part.requests * len(part.cpu) for part in parts) / count,
        sum(part.connections * len(part.cpu) for part in parts) / count,
        by_entity,
    )


async def interleaved(
    printers: list[Printer], count: int, *, changed: bool
) -> list[Polls]:
    """Poll each printer ``count`` times, in turns of 10.

    So that the machine's ups and downs (other processes share its cores) fall on every
    printer alike.
    """
    batches: list[list[Polls]] = [[] for _ in printers]
    done = 0
    while done < count:
        size = min(10, count - done)
        for printer, collected in zip(printers, batches, strict=True):
            collected.append(await printer.polls(size, changed=changed))
        done += size
    return [_merge(collected) for collected in batches]


async def measure(
    hass: HomeAssistant,
    servers: Servers,
    *,
    count: int,
    profile_count: int,
) -> list[Result]:
    """Set every subject up, poll them unchanged and changed in turns, and profile them."""
    warm_up = 5
    adds_count = 10
    printers = [
        Printer(
            hass, servers, subject, warm_up + count + adds_count + profile_count + 2
        )
        for subject in SUBJECTS
    ]
    setups = [await printer.setup() for printer in printers]
    for printer in printers:
        await printer.polls(warm_up, changed=True)
    unchanged = await interleaved(printers, count, changed=False)
    changed = await interleaved(printers, count, changed=True)
    results = []
    for index, printer in enumerate(printers):
        assert printer.entry is not None
        result = Result(
            printer.subject,
            setups[index],
            len(harness.entity_ids(hass, printer.entry)),
            unchanged[index],
            changed[index],
        )
        with harness.EntityAdds().counting() as adds:
            await printer.polls(adds_count, changed=True)
        result.offered, result.refused = adds.offered, adds.refused
        if printer.subject.integration == OCTOEVERYWHERE:
            result.save_cpu = median(await printer.saves(SAVES))
            result.saves_per_minute = 60 / STATUS_SAVE_DELAY_SEC
        if profile_count and printer.subject.profile:
            for label, is_changed in (("unchanged", False), ("changed", True)):
                sampler = Sampler()
                polls = await printer.polls(
                    profile_count, changed=is_changed, sampler=sampler
                )
                # Scaled to the polls measured without the profiler: its signal handler
                # costs a few % of the profiled polls' CPU.
                total = mean(getattr(result, label).cpu)
                result.parts[label] = {
                    part: share * total for part, share in sampler.shares().items()
                }
                result.profiled_cpu[label] = mean(polls.cpu)
                result.top[label] = sampler.top(12)
                result.listeners[label] = {
                    where: hits / sampler.samples * total
                    for where, hits in sampler.coordinator.most_common()
                }
                result.samples[label] = sampler.samples
                result.preempted[label] = sampler.preempted
        results.append(result)
    for printer in printers:
        await printer.remove()
    return results


async def floor(hass: HomeAssistant, count: int) -> float:
    """CPU of the harness's part of a poll: async_block_till_done with nothing to do."""
    cpu = []
    for _ in range(count):
        start = time.process_time()
        await hass.async_block_till_done()
        cpu.append(time.process_time() - start)
    return median(cpu)


# Writes of the print ledger measured per printer.
SAVES: Final = 30

# Parts of the run in which the minute's ratio is also given (how much it moves in one run).
RUN_PARTS: Final = 5


def minute_ratio(result: Result, peer: Result, part: int, parts: int) -> float:
    """Return ``result``'s printing minute over ``peer``'s, in part ``part`` of ``parts``.

    The polls of both came in the same turns (``interleaved``), so the same part of each
    list was measured in the same minutes.
    """

    def minute(of: Result) -> float:
        cpu = of.changed.cpu
        size = len(cpu) // parts
        return of.polls_minute(cpu[part * size : (part + 1) * size])

    return minute(result) / minute(peer)


def _key(unique_id: str) -> str:
    """Return an entity's key, from a unique id ``<entry id>_<key>`` (or the id itself)."""
    return unique_id.split("_", 1)[1] if "_" in unique_id else unique_id


def print_results(
    results: list[Result], empty: float, count: int, profile_count: int, debug: bool
) -> None:
    """Print the tables of this section."""
    mode = (
        "ON (as pytest's harness runs it)" if debug else "off (as Home Assistant runs)"
    )
    heading(f"1-2. One poll of one printer — asyncio debug mode {mode}")
    rows = []
    for result in results:
        for label, polls in (
            ("unchanged", result.unchanged),
            ("changed", result.changed),
        ):
            rows.append(
                (
                    result.subject.label,
                    label,
                    us(median(polls.cpu)),
                    us(mean(polls.cpu)),
                    f"{polls.writes:.1f} ({polls.changed:.1f} + {polls.reported:.1f})",
                    f"{polls.requests:.0f} / {polls.connections:.1f}",
                    result.entities,
                )
            )
    table(
        (
            "integration",
            "poll",
            "CPU per poll (median)",
            "mean",
            "state writes per poll (changed + reported)",
            "HTTP requests / new connections",
            "entities",
        ),
        rows,
    )
    note(
        f"{count} polls each. The harness's own share of a poll (an empty "
        f"`async_block_till_done`) is {us(empty)}, included in every row."
    )

    heading("A printing minute at each integration's interval")
    minute_rows = []
    peer = next(r for r in results if r.subject.integration == OCTOPRINT)
    peer_minute = peer.printing_minute()
    for result in results:
        polls_per_minute = 60 / result.subject.interval
        cpu_minute = result.printing_minute()
        ratios = [
            minute_ratio(result, peer, part, RUN_PARTS) for part in range(RUN_PARTS)
        ]
        minute_rows.append(
            (
                result.subject.label,
                f"{result.subject.interval:.0f} s",
                f"{polls_per_minute:.0f}",
                f"{result.saves_per_minute:.1f} × {us(result.save_cpu)}",
                us(cpu_minute),
                f"{result.changed.writes * polls_per_minute:.0f}",
                f"{cpu_minute / peer_minute:.2f}×",
                f"{min(ratios):.2f}–{max(ratios):.2f}×",
            )
        )
    table(
        (
            "integration",
            "interval while printing",
            "polls per minute",
            "storage writes per minute × CPU each",
            "CPU per printing minute",
            "state writes per minute",
            "vs core octoprint",
            f"in {RUN_PARTS} parts of the run (polls only)",
        ),
        minute_rows,
    )
    note(
        "Every poll while printing is a changed poll (time left, progress, temperatures). "
        "This integration also writes its print ledger (the last status seen) every "
        f"{STATUS_SAVE_DELAY_SEC:.0f} s while the status changes: median of {SAVES} writes, "
        "every thread's CPU. "
        f"The last column: the same ratio in each of {RUN_PARTS} parts of the changed "
        f"polls ({count // RUN_PARTS} of each integration, measured in the same minutes), "
        "lowest and highest: how far the machine moved it within this run."
    )
    if debug:
        return  # the rest is the same with debug mode on

    for result in results:
        per_poll = result.changed.by_entity
        if not per_poll:
            continue
        writes = ", ".join(
            f"{entity_id.split('.', 1)[1]} {hits / count:.0%}"
            for entity_id, hits in sorted(per_poll.items(), key=lambda item: -item[1])
        )
        note(f"\n*{result.subject.label}*, state_changed per changed poll: {writes}")

    heading("Values that change from one poll to the next (the printer's answers)")
    change_rows: list[tuple[str, str, str, str, str]] = []
    for result in results:
        if result.subject.integration != OCTOEVERYWHERE or result.subject.webcams != 1:
            continue
        series = payloads.series(result.subject.platform, 200, result.subject.interval)
        change_rows.extend(
            (result.subject.label, label, f"{raw:.0%}", rounding, f"{rounded:.0%}")
            for label, rounding, raw, rounded in payloads.changes(series)
        )
    table(
        ("printer", "value", "changes as sent", "rounded to", "changes rounded"),
        change_rows,
    )
    note(
        "200 answers 10 s apart, mid-print, heaters wandering ±0.3 °C: what rounding the state "
        "values would leave unchanged."
    )

    heading("Entities handed to Home Assistant during 10 changed polls")
    add_rows = []
    for result in results:
        offered = Counter(_key(uid) for uid in result.offered)
        add_rows.append(
            (
                result.subject.label,
                len(result.offered),
                ", ".join(f"{key} ×{n}" for key, n in offered.items()) or "none",
                len(result.refused),
            )
        )
    table(
        ("integration", "entities constructed and offered", "which", "refused by HA"),
        add_rows,
    )

    profiled = [r for r in results if r.parts]
    if not profiled:
        return
    heading("5. Where the time goes: one poll by part (debug off)")
    columns = [(r, label) for r in profiled for label in ("changed", "unchanged")]
    part_rows = [
        [part] + [us(r.parts[label][part]) for r, label in columns] for part in PARTS
    ]
    part_rows.append(
        ["total: mean CPU per poll (table 1-2)"]
        + [us(sum(r.parts[label].values())) for r, label in columns]
    )
    part_rows.append(
        ["mean CPU per poll while profiled"]
        + [us(r.profiled_cpu[label]) for r, label in columns]
    )
    part_rows.append(
        ["samples (dropped after a preemption)"]
        + [f"{r.samples[label]} ({r.preempted[label]})" for r, label in columns]
    )
    table(["part"] + [f"{r.subject.label}, {label}" for r, label in columns], part_rows)
    note(
        f"{profile_count} more polls of each, profiled: each part's share of the samples "
        "(benchmarks/sampler.py; the benchmark's own left out) times the mean CPU per poll "
        "measured without the profiler (table 1-2)."
    )
    for result in profiled:
        heading(f"The coordinator part by listener: {result.subject.label}")
        table(
            ("where", "changed poll", "unchanged poll"),
            [
                (where, us(seconds), us(result.listeners["unchanged"].get(where, 0.0)))
                for where, seconds in result.listeners["changed"].items()
            ],
        )
    for result in profiled:
        for label in ("changed", "unchanged"):
            heading(f"Top functions: {result.subject.label}, {label} poll")
            table(
                ("part", "innermost Python function", "share of samples"),
                [
                    (part, f"`{function}`", f"{share:.1%}")
                    for part, function, share in result.top[label]
                ],
            )


async def main(args: argparse.Namespace) -> None:
    """Measure every subject in one Home Assistant."""
    quick = args.quick
    count = 40 if quick else 300
    profile_count = 0 if args.no_profile else (300 if quick else 2000)
    servers = Servers.shared()
    config_dir = harness.make_config_dir()
    hass = await harness.start_home_assistant(config_dir)
    try:
        empty = await floor(hass, count)
        results = await measure(hass, servers, count=count, profile_count=profile_count)
    finally:
        await harness.stop_home_assistant(hass, config_dir)
    print_results(results, empty, count, profile_count, args.asyncio_debug)
