"""Item 4: setting up an entry, and a relay that never answers.

*Setup* is the time from adding a config entry to all its entities added: the first refresh,
the platforms, the entities (``hass.config_entries.async_add``, then ``async_block_till_done``).
The first entry of an integration also imports its modules (and, for the very first one, Home
Assistant's entity platforms); the second shows what each further printer costs.

*A relay that never answers* accepts the connection and never sends a byte. At Home Assistant's
start every entry of a domain is set up together and the start waits for all of them
(``async_setup_component`` gathers the entries' setups); that is what is timed here: the
integration's setup with one printer that answers and several whose relay hangs, its entries
already in the configuration directory as after a restart, before Home Assistant runs (as
bootstrap does it). Reads the integration's start-up time limit and request timeout (the
stable surfaces otherwise: see BENCHMARKS.md).
"""

import argparse
import asyncio
import os
from pathlib import Path
import re
import shutil
import signal
import sys
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

    Quick: one silent printer at start only (no entry added while Home Assistant runs, which
    waits the client's whole timeout).
    """
    healthy = payloads.series("moonraker", 2, 10)
    good_port = servers.series("healthy", payloads.octoeverywhere_routes(healthy))
    silent_port = servers.silent()
    rows = []
    for silent_count in (1,) if quick else (0, SILENT_PRINTERS):
        config_dir = harness.make_config_dir()
        entries = [harness.octoeverywhere_entry(f"http://127.0.0.1:{good_port}", 0)]
        entries += [
            harness.octoeverywhere_entry(f"http://127.0.0.1:{silent_port}", index)
            for index in range(1, silent_count + 1)
        ]
        await asyncio.to_thread(_store_entries, entries, config_dir)
        # Not started: bootstrap sets integrations up before Home Assistant runs.
        hass = await harness.start_home_assistant(config_dir, start=False)
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
    if quick:
        return rows, ""
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


def _write_configuration(config_dir: Path, port: int) -> None:
    """Write the development configuration, with the files it includes, on ``port``."""
    configuration = (harness.ROOT / "config" / "configuration.yaml").read_text()
    (config_dir / "configuration.yaml").write_text(configuration)
    for name, text in {
        "automations.yaml": "[]\n",
        "scripts.yaml": "",
        "scenes.yaml": "",
    }.items():
        (config_dir / name).write_text(text)
    harness.write_http_settings(config_dir, port)


def _read(path: Path) -> str:
    return path.read_text(errors="replace") if path.exists() else ""


async def _real_start(servers: Servers, silent_count: int) -> tuple[int, float | None]:
    """Start a real ``hass`` process with 1 + ``silent_count`` printers; read its log."""
    healthy = payloads.series("moonraker", 2, 10)
    good_port = servers.series(
        f"hass-healthy-{silent_count}", payloads.octoeverywhere_routes(healthy)
    )
    silent_port = servers.silent()
    config_dir = await asyncio.to_thread(harness.make_config_dir)
    await asyncio.to_thread(_write_configuration, config_dir, harness.free_port())
    entries = [harness.octoeverywhere_entry(f"http://127.0.0.1:{good_port}", 0)]
    entries += [
        harness.octoeverywhere_entry(f"http://127.0.0.1:{silent_port}", index)
        for index in range(1, silent_count + 1)
    ]
    await asyncio.to_thread(_store_entries, entries, config_dir)
    log = config_dir / "home-assistant.log"
    process = await asyncio.create_subprocess_exec(
        str(Path(sys.executable).parent / "hass"),
        *("-c", str(config_dir), "--skip-pip"),
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
        start_new_session=True,
    )
    started = time.perf_counter()
    initialized: float | None = None
    try:
        while time.perf_counter() - started < 300 and process.returncode is None:
            await asyncio.sleep(0.5)
            text = await asyncio.to_thread(_read, log)
            if match := re.search(r"Home Assistant initialized in ([\d.]+)s", text):
                initialized = float(match[1])
                break
    finally:
        if process.returncode is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                await asyncio.wait_for(process.wait(), 60)
            except TimeoutError:
                os.killpg(process.pid, signal.SIGKILL)
                await process.wait()
        await asyncio.to_thread(shutil.rmtree, config_dir, ignore_errors=True)
    return silent_count, initialized


async def main(args: argparse.Namespace) -> None:
    """Print the setup tables."""
    servers = Servers.shared()
    setups = await _setups(servers)
    silent, added = await _silent(servers, quick=args.quick)
    real = (
        []
        if args.quick
        else [await _real_start(servers, count) for count in (0, SILENT_PRINTERS)]
    )
    heading("4. Setting up an entry (first refresh to all entities added)")
    table(("integration", "entry", "wall time", "CPU time", "entities"), setups)
    note(
        "All in one Home Assistant, in this order. A first (cold) entry imports the "
        "integration (and the very first one Home Assistant's entity platforms); the first "
        "run after installing also compiles their bytecode."
    )
    heading("4. Home Assistant's start with relays that never answer")
    if silent:
        table(
            ("printers", "the integration's setup holds the start for", "after it"),
            silent,
        )
    if added:
        note(added)
    if real:
        note(
            "\nA real `hass` process (scripts/develop's configuration: frontend, history, "
            "automation, ...) started with these printers' entries stored; its own log line "
            "`Home Assistant initialized in`:"
        )
        baseline = real[0][1]
        table(
            (
                "printers",
                "Home Assistant initialized in",
                "held up by the silent relays",
            ),
            [
                (
                    f"1 answering + {count} silent",
                    f"{seconds:.1f} s" if seconds is not None else "not seen",
                    f"{seconds - baseline:.1f} s"
                    if seconds is not None and baseline is not None and count
                    else "",
                )
                for count, seconds in real
            ],
        )
    note(
        "Entries of one integration are set up together at start, and the start waits for "
        f"all of them. {_limits()}"
    )


def _limits() -> str:
    """Describe what the integration waits for a first request (read from its code)."""
    try:
        from custom_components.octoeverywhere.api.transport import DEFAULT_TIMEOUT  # noqa: PLC0415
        from custom_components.octoeverywhere.coordinator import STARTUP_TIME_LIMIT  # noqa: PLC0415
    except ImportError as err:
        return f"(The integration's time limits could not be read: {err}.)"
    return (
        f"While Home Assistant starts, an entry's first request waits {STARTUP_TIME_LIMIT:g} s "
        "at most (STARTUP_TIME_LIMIT), however many printers hang; Home Assistant retries "
        "such an entry once it has started, in the background, with the client's "
        f"{DEFAULT_TIMEOUT:g} s request timeout. An entry added while Home Assistant runs "
        "waits that whole timeout."
    )
