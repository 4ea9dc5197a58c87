"""A printing minute with the recorder on: every state_changed is also a database row.

Most installations record history (``default_config`` sets the recorder up): its thread turns
each ``state_changed`` into a row and commits every 5 s (``state_reported`` makes no row). This
section polls each integration's printer in blocks of changed polls, with and without the
recorder (SQLite in the configuration directory, Home Assistant's defaults), the integrations
in turns of one block. The recorder commits after each poll (a quiet Home Assistant: its 5 s
commit holds the printer's rows alone, polled every 10 or 30 s) or once per block (a busy one:
the rows join commits made anyway), and the CPU time runs until the commit is done, counting
every thread of the process. The server moves on with every request, so nothing but polls and
commits runs inside a block.
"""

import argparse
import gc
import time

from homeassistant.components.recorder.tasks import CommitTask
from homeassistant.core import HomeAssistant
from homeassistant.helpers.recorder import async_initialize_recorder, get_instance
from homeassistant.setup import async_setup_component

from . import harness, polls
from .report import heading, median, note, table, us
from .servers import Servers

SUBJECTS = [s for s in polls.SUBJECTS if s.webcams == 1]


async def _block(
    hass: HomeAssistant, printer: polls.Printer, size: int, commit: str | None
) -> float:
    """Return the CPU per changed poll of ``size`` polls of one printer.

    ``commit``: None (no recorder), "each" (after every poll) or "block" (once at the end).
    """
    instance = get_instance(hass) if commit else None
    if instance is not None:
        instance.queue_task(CommitTask())
        await instance.async_block_till_done()
    gc.collect()
    start = time.process_time()
    for _ in range(size):
        await harness.poll(hass, printer.polled)
        if instance is not None and commit == "each":
            # Committed now, each poll on its own: the recorder commits every 5 s and a
            # printer is polled every 10 s (30 s), so a commit holds one poll's rows.
            instance.queue_task(CommitTask())
            await instance.async_block_till_done()
    if instance is not None and commit == "block":
        # One commit for the block: the rows join commits that happen anyway.
        instance.queue_task(CommitTask())
        await instance.async_block_till_done()
    return (time.process_time() - start) / size


async def _measure(
    recorder: bool, blocks: int, size: int
) -> tuple[dict[str, list[float]], list[float]]:
    """Measure every subject, in turns of one block each.

    Returns the median CPU per changed poll of each subject per mode ("none" without the
    recorder; "each" and "block" with it), and state_changed per poll.
    """
    modes = ["each", "block"] if recorder else ["none"]
    servers = Servers.shared()
    config_dir = harness.make_config_dir()
    hass = await harness.start_home_assistant(config_dir)
    try:
        if recorder:
            # What bootstrap does before it sets the recorder up.
            async_initialize_recorder(hass)
            url = f"sqlite:///{config_dir}/home-assistant_v2.db"
            config = {"recorder": {"db_url": url}}
            if not await async_setup_component(hass, "recorder", config):
                raise RuntimeError("the recorder did not set up")
            await hass.async_block_till_done()
            await get_instance(hass).async_db_ready
        printers = []
        for subject in SUBJECTS:
            printer = polls.Printer(hass, servers, subject, blocks * size * 2 + 20)
            printer.name = f"{subject.label} (recorder {recorder})"
            await printer.setup()
            await printer.polls(5, changed=True)
            assert printer.writes is not None
            printer.writes.reset()
            # The server moves on with every request: nothing but polls inside a block.
            servers.auto(printer.name, True)
            printers.append(printer)
        cpu: dict[str, list[list[float]]] = {
            mode: [[] for _ in printers] for mode in modes
        }
        for mode in modes:
            for _ in range(blocks):
                for index, printer in enumerate(printers):
                    commit = None if mode == "none" else mode
                    cpu[mode][index].append(await _block(hass, printer, size, commit))
        changed = []
        for printer in printers:
            assert printer.writes is not None
            changed.append(printer.writes.changed / (blocks * size * len(modes)))
            await printer.remove()
    finally:
        await harness.stop_home_assistant(hass, config_dir)
    return {mode: [median(c) for c in cpu[mode]] for mode in modes}, changed


async def main(args: argparse.Namespace) -> None:
    """Print the table."""
    blocks, size = (2, 20) if args.quick else (5, 60)
    without, _ = await _measure(False, blocks, size)
    with_recorder, changed = await _measure(True, blocks, size)
    peer_index = next(
        i for i, s in enumerate(SUBJECTS) if s.integration == polls.OCTOPRINT
    )

    def minute(cpu: float, subject: polls.Subject) -> float:
        return cpu * 60 / subject.interval

    columns = (
        ("no recorder", without["none"]),
        ("recorder, a commit per poll", with_recorder["each"]),
        ("recorder, rows joining other commits", with_recorder["block"]),
    )
    rows = []
    for index, subject in enumerate(SUBJECTS):
        row = [subject.label, f"{changed[index] * 60 / subject.interval:.0f}"]
        for _, cpus in columns:
            own = minute(cpus[index], subject)
            peer = minute(cpus[peer_index], SUBJECTS[peer_index])
            row.append(f"{us(cpus[index])} / {us(own)} ({own / peer:.2f}×)")
        rows.append(row)
    heading("A printing minute with the recorder on")
    table(
        (
            "integration",
            "database rows per minute",
            *(
                f"{label}: changed poll / printing minute (vs octoprint)"
                for label, _ in columns
            ),
        ),
        rows,
    )
    note(
        f"Median of {blocks} blocks of {size} changed polls, the integrations in turns; with "
        "the recorder the CPU (every thread) runs until the rows are committed: after each "
        "poll (a quiet Home Assistant, where the printer's rows are all a 5 s commit holds) "
        "or once per block (a busy one, where they join commits made anyway)."
    )
