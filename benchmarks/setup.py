"""Item 4: setting up an entry, and a relay that never answers.

*Setup* is the time from adding a config entry to all its entities added: the first refresh,
the platforms, the entities (``hass.config_entries.async_add``, then ``async_block_till_done``).
The first entry of an integration also imports its modules (and, for the very first one, Home
Assistant's entity platforms); the second shows what each further printer costs.

*A relay that never answers* accepts the connection and never sends a byte. At Home Assistant's
start every entry of a domain is set up together and the start waits for all of them
(``async_setup_component`` gathers the entries' setups); that is what is timed here: the
integration's setup with one printer that answers and several whose relay hangs, its entries
already in the configuration directory as after a restart.
"""

import argparse
import asyncio
from pathlib import Path
import time

from homeassistant import config_entries
from homeassistant.config_entries import ConfigEntry, ConfigEntryState
from homeassistant.helpers.json import json_bytes
from homeassistant.setup import async_setup_component

from . import harness, payloads
from .report import heading, note, table
from .servers import Servers

SILENT_PRINTERS = 5


def _store_entries(entries: list[ConfigEntry], config_dir: Path) -> None:
    """Write config entries to ``.storage`` as Home Assistant keeps them."""
    storage = config_dir / ".storage"
    storage.mkdir(exist_ok=True)
    document = {
        "version": config_entries.STORAGE_VERSION,
        "minor_version": config_entries.STORAGE_VERSION_MINOR,
        "key": config_entries.STORAGE_KEY,
        "data": {"entries": [entry.as_dict() for entry in entries]},
    }
    (storage / config_entries.STORAGE_KEY).write_bytes(json_bytes(document))


async def _setups(servers: Servers) -> list[tuple[str, str, str, str, int]]:
    """Cold and warm setup of each integration, in one Home Assistant."""
    series = {
        platform: payloads.series(platform, 2, 10)
        for platform in ("octoprint", "moonraker")
    }
    ports = {
        "octoprint host": servers.series(
            "oe-octoprint", payloads.octoeverywhere_routes(series["octoprint"])
        ),
        "klipper host": servers.series(
            "oe-klipper", payloads.octoeverywhere_routes(series["moonraker"])
        ),
        "octoprint": servers.series(
            "octoprint",
            payloads.octoprint_routes(series["octoprint"]),
            payloads.OCTOPRINT_HEADER,
        ),
    }
    plan: list[tuple[str, str, ConfigEntry]] = []
    for index, which in enumerate(("first (cold)", "second")):
        plan.append(
            (
                "octoeverywhere, OctoPrint host",
                which,
                harness.octoeverywhere_entry(
                    f"http://127.0.0.1:{ports['octoprint host']}", index
                ),
            )
        )
    plan.append(
        (
            "octoeverywhere, Klipper host",
            "third",
            harness.octoeverywhere_entry(
                f"http://127.0.0.1:{ports['klipper host']}", 2
            ),
        )
    )
    for index, which in enumerate(("first (cold)", "second")):
        plan.append(
            (
                "core octoprint",
                which,
                harness.octoprint_entry(
                    ports["octoprint"],
                    payloads.OCTOPRINT_API_KEY,
                    payloads.OCTOPRINT_UUID,
                    index,
                ),
            )
        )
    config_dir = harness.make_config_dir()
    hass = await harness.start_home_assistant(config_dir)
    rows = []
    try:
        for label, which, entry in plan:
            setup = await harness.add_entry(hass, entry)
            rows.append(
                (
                    label,
                    which,
                    f"{setup.wall * 1000:.0f} ms",
                    f"{setup.cpu * 1000:.0f} ms",
                    setup.entities,
                )
            )
    finally:
        await harness.stop_home_assistant(hass, config_dir)
    return rows


async def _silent(
    servers: Servers, *, quick: bool
) -> tuple[list[tuple[str, str, str]], str]:
    """Time the domain's setup at start with printers whose relay never answers.

    Quick: only one entry added while Home Assistant runs (the same wait, once).
    """
    healthy = payloads.series("moonraker", 2, 10)
    good_port = servers.series("healthy", payloads.octoeverywhere_routes(healthy))
    silent_port = servers.silent()
    rows = []
    for silent_count in () if quick else (0, SILENT_PRINTERS):
        config_dir = harness.make_config_dir()
        entries = [harness.octoeverywhere_entry(f"http://127.0.0.1:{good_port}", 0)]
        entries += [
            harness.octoeverywhere_entry(f"http://127.0.0.1:{silent_port}", index)
            for index in range(1, silent_count + 1)
        ]
        await asyncio.to_thread(_store_entries, entries, config_dir)
        hass = await harness.start_home_assistant(config_dir)
        try:
            start = time.perf_counter()
            # What bootstrap does for every integration with config entries.
            await async_setup_component(hass, "octoeverywhere", {})
            held = time.perf_counter() - start
            states = [
                entry.state
                for entry in hass.config_entries.async_entries("octoeverywhere")
            ]
            loaded = sum(state is ConfigEntryState.LOADED for state in states)
            retrying = sum(state is ConfigEntryState.SETUP_RETRY for state in states)
            rows.append(
                (
                    f"1 answering + {silent_count} silent",
                    f"{held:.2f} s",
                    f"{loaded} loaded, {retrying} retrying",
                )
            )
        finally:
            await harness.stop_home_assistant(hass, config_dir)
    # One entry added while Home Assistant runs (what a config flow does).
    config_dir = harness.make_config_dir()
    hass = await harness.start_home_assistant(config_dir)
    try:
        await async_setup_component(hass, "octoeverywhere", {})
        entry = harness.octoeverywhere_entry(f"http://127.0.0.1:{silent_port}", 99)
        start = time.perf_counter()
        await hass.config_entries.async_add(entry)
        added = (
            f"Adding an entry whose relay never answers, while Home Assistant runs, took "
            f"{time.perf_counter() - start:.2f} s; the entry is then {entry.state.value}."
        )
    finally:
        await harness.stop_home_assistant(hass, config_dir)
    return rows, added


async def main(args: argparse.Namespace) -> None:
    """Both tables."""
    servers = Servers.shared()
    setups = await _setups(servers)
    silent, added = await _silent(servers, quick=args.quick)
    heading("4. Setting up an entry (first refresh to all entities added)")
    table(("integration", "entry", "wall time", "CPU time", "entities"), setups)
    note(
        "All in one Home Assistant, in this order. A first (cold) entry imports the "
        "integration (and the very first one Home Assistant's entity platforms); without a "
        "bytecode cache (PYTHONDONTWRITEBYTECODE) that includes compiling them."
    )
    heading("4. Home Assistant's start with relays that never answer")
    if silent:
        table(
            ("printers", "the integration's setup holds the start for", "after it"),
            silent,
        )
    note(added)
    note(
        "Entries of one integration are set up together at start, and the start waits for "
        "all of them: a hanging relay holds it up for one request timeout, however many "
        "printers hang; each such entry then retries in the background."
    )
