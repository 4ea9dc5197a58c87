"""A real Home Assistant in this process, on the event loop ``hass`` itself creates.

Not pytest-homeassistant-custom-component's harness: that one turns asyncio debug mode on (which
multiplies the CPU time of everything by 3-5), wraps task and job creation in mock checks, guards
every socket and keeps the registries in memory. Here the loop comes from
``homeassistant.runner.create_event_loop`` (what ``hass`` runs on: Home Assistant's exception
handler and executor, ``loop.time`` bound to ``time.monotonic``, debug off unless asked), the
registries load and save in a temporary configuration directory, blocking-call detection is on
as in production, and the core integrations and ``http`` are set up as at startup. Integrations
are reached only through config entries, their entities and Home Assistant's own APIs.
"""

import asyncio
from collections import Counter
from collections.abc import Callable, Coroutine, Iterator
import contextlib
from dataclasses import dataclass
import json
import logging
import os
from pathlib import Path
import shutil
import socket
import sys
import tempfile
import time
from types import MappingProxyType
from typing import Any

from homeassistant import block_async_io, bootstrap, config_entries, loader, runner
from homeassistant.const import EVENT_STATE_CHANGED, EVENT_STATE_REPORTED
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.core_config import async_process_ha_core_config
from homeassistant.helpers import entity_platform, entity_registry as er
from homeassistant.helpers.entity import Entity
from homeassistant.helpers.update_coordinator import (
    BaseCoordinatorEntity,
    DataUpdateCoordinator,
)
from homeassistant.setup import async_setup_component

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
# Imported first, so that Home Assistant's loader finds this repository's package (and not one
# under a configuration directory deleted since).
import custom_components  # noqa: E402, F401

# Log lines that say nothing about what is measured.
_QUIET = (
    "has not been tested by Home Assistant",
    "zlib_ng and isal are not available",
    "libturbojpeg",
    "not ready yet",
    "Setup of config entry",
    "YAML",
    # A second Home Assistant in one process finds the first one's Zeroconf class patched;
    # the benchmarks connect to IP addresses only, so mDNS is never used.
    "another Zeroconf instance",
)


class _QuietFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not any(text in message for text in _QUIET)


def configure_logging() -> None:
    """Warnings and errors to stderr, without the known start-up noise."""
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(_QuietFilter())
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.WARNING, handlers=[handler], force=True)
    # The camera component's fallback when libturbojpeg is missing logs a traceback.
    logging.getLogger("homeassistant.components.camera.img_util").setLevel(
        logging.CRITICAL
    )


def run[T](main: Callable[[], Coroutine[Any, Any, T]], *, debug: bool = False) -> T:
    """Run ``main`` on Home Assistant's own event loop, in asyncio debug mode only if asked."""
    loop = runner.create_event_loop(debug=debug)
    if loop.get_debug() != debug:
        raise RuntimeError(
            "asyncio debug mode is forced on (PYTHONASYNCIODEBUG or python -X dev): "
            "the figures would not be what Home Assistant spends"
        )
    asyncio.set_event_loop(loop)
    try:
        return loop.run_until_complete(main())
    finally:
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.run_until_complete(loop.shutdown_default_executor())
        asyncio.set_event_loop(None)
        loop.close()


_blocking_detection = False


def free_port() -> int:
    """Return a TCP port that is free on 127.0.0.1 right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def make_config_dir() -> Path:
    """Make a fresh configuration directory that sees this repository's integration."""
    config_dir = Path(tempfile.mkdtemp(prefix="octoeverywhere-bench-"))
    (config_dir / "custom_components").symlink_to(ROOT / "custom_components")
    return config_dir


async def start_home_assistant(
    config_dir: Path, *, start: bool = True
) -> HomeAssistant:
    """Start Home Assistant the way bootstrap does, with only the core integrations and http.

    The default integrations (frontend, cloud, backup, ...) are left out: they do nothing per
    poll, and leaving them out keeps a start at well under a second. ``start=False`` stops
    where bootstrap sets up the other integrations: Home Assistant is not running yet.
    """
    hass = HomeAssistant(str(config_dir))
    loader.async_setup(hass)
    hass.config.skip_pip = True
    if hass.loop.get_debug():
        hass.config.debug = True  # as bootstrap does
    hass.config_entries = config_entries.ConfigEntries(hass, {})
    await loader.async_get_custom_components(hass)
    global _blocking_detection  # noqa: PLW0603 - once per process, as in Home Assistant
    if not _blocking_detection:
        block_async_io.enable()
        _blocking_detection = True
    if not await bootstrap.async_load_base_functionality(hass):
        raise RuntimeError("Home Assistant's registries did not load")
    for domain in bootstrap.CORE_INTEGRATIONS:
        if not await async_setup_component(hass, domain, {}):
            raise RuntimeError(f"{domain} did not set up")
    await async_process_ha_core_config(hass, {"time_zone": "UTC"})
    await asyncio.to_thread(write_http_settings, config_dir, free_port())
    if not await async_setup_component(hass, "http", {}):
        raise RuntimeError("http did not set up")
    if start:
        await hass.async_start()
        await hass.async_block_till_done()
    return hass


def write_http_settings(config_dir: Path, port: int) -> None:
    """Store Home Assistant's HTTP settings: 127.0.0.1 on ``port``.

    Home Assistant 2026.10+ keeps them in storage; settings given as configuration would be a
    trial that restarts Home Assistant five minutes later. Version 1 is what it migrates.
    """
    storage = config_dir / ".storage"
    storage.mkdir(exist_ok=True)
    (storage / "http").write_text(
        json.dumps(
            {
                "version": 1,
                "minor_version": 1,
                "key": "http",
                "data": {"server_host": ["127.0.0.1"], "server_port": port},
            }
        )
    )


async def stop_home_assistant(hass: HomeAssistant, config_dir: Path) -> None:
    """Stop Home Assistant and delete its configuration directory.

    Forced: a Home Assistant set up but never started (the setup benchmark's start) would
    ignore the call, and leave its HTTP sessions open.
    """
    await hass.async_stop(force=True)
    await asyncio.to_thread(shutil.rmtree, config_dir, ignore_errors=True)


def new_entry(
    domain: str, title: str, data: dict[str, Any], unique_id: str
) -> config_entries.ConfigEntry:
    """Build a config entry as a config flow would create it."""
    return config_entries.ConfigEntry(
        domain=domain,
        title=title,
        data=data,
        options={},
        source=config_entries.SOURCE_USER,
        unique_id=unique_id,
        version=1,
        minor_version=1,
        discovery_keys=MappingProxyType({}),
        subentries_data=None,
    )


def octoeverywhere_entry(url: str, index: int = 0) -> config_entries.ConfigEntry:
    """Build an OctoEverywhere entry for a Shared Connection (no credentials)."""
    return new_entry(
        "octoeverywhere",
        f"Printer {index}",
        {"url": url, "auth_type": "none"},
        f"bench{index:04d}",
    )


def octoprint_entry(
    port: int, api_key: str, unique_id: str, index: int = 0
) -> config_entries.ConfigEntry:
    """Build a core OctoPrint entry, with the data its config flow stores."""
    return new_entry(
        "octoprint",
        f"127.0.0.1 {index}",
        {
            "host": "127.0.0.1",
            "port": port,
            "path": "/",
            "ssl": False,
            "verify_ssl": True,
            "api_key": api_key,
            "username": "bench",
        },
        f"{unique_id}-{index}" if index else unique_id,
    )


@dataclass
class SetupTime:
    """How long adding an entry took, until all its entities were added."""

    wall: float
    cpu: float
    entities: int


async def add_entry(
    hass: HomeAssistant, entry: config_entries.ConfigEntry
) -> SetupTime:
    """Add and set up ``entry``; time it from the first request to the last entity added."""
    wall, cpu = time.perf_counter(), time.process_time()
    await hass.config_entries.async_add(entry)
    await hass.async_block_till_done()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return SetupTime(wall, cpu, len(entity_ids(hass, entry)))


def entity_ids(hass: HomeAssistant, entry: config_entries.ConfigEntry) -> set[str]:
    """Return the entry's entities that have a state."""
    registry = er.async_get(hass)
    return {
        item.entity_id
        for item in er.async_entries_for_config_entry(registry, entry.entry_id)
        if hass.states.get(item.entity_id) is not None
    }


def entities(hass: HomeAssistant, entry: config_entries.ConfigEntry) -> list[Entity]:
    """Return the entry's entity objects (from Home Assistant's entity platforms)."""
    return [
        entity
        for platform in entity_platform.async_get_platforms(hass, entry.domain)
        if platform.config_entry is entry
        for entity in platform.entities.values()
    ]


def coordinators(
    hass: HomeAssistant, entry: config_entries.ConfigEntry
) -> list[DataUpdateCoordinator[Any]]:
    """Return the coordinators the entry's entities follow (each refreshed once: a poll)."""
    found: dict[int, DataUpdateCoordinator[Any]] = {}
    for entity in entities(hass, entry):
        if isinstance(entity, BaseCoordinatorEntity):
            coordinator = entity.coordinator
            if isinstance(coordinator, DataUpdateCoordinator):
                found.setdefault(id(coordinator), coordinator)
    if not found:
        raise RuntimeError(f"{entry.domain}: no coordinator entity found")
    return list(found.values())


async def poll(hass: HomeAssistant, polled: list[DataUpdateCoordinator[Any]]) -> None:
    """One poll: each coordinator refreshes once, and whatever that started finishes."""
    for coordinator in polled:
        await coordinator.async_refresh()
    await hass.async_block_till_done()


class StateWrites:
    """Counts ``state_changed`` and ``state_reported`` events of some entities."""

    def __init__(self, hass: HomeAssistant, watched: set[str] | None = None) -> None:
        """Count from now on (``watched``: only these entity ids; None: all)."""
        self.changed = 0
        self.reported = 0
        self.watched = watched
        self.by_entity: Counter[str] = Counter()

        @callback
        def count_changed(data: Any) -> bool:
            if self.watched is None or data["entity_id"] in self.watched:
                self.changed += 1
                self.by_entity[data["entity_id"]] += 1
            return False  # counted here: nothing to schedule

        @callback
        def count_reported(data: Any) -> bool:
            if self.watched is None or data["entity_id"] in self.watched:
                self.reported += 1
            return False

        @callback
        def never(event: Event[Any]) -> None:
            """Not called: the filters refuse every event."""

        self._unsubs = [
            hass.bus.async_listen(EVENT_STATE_CHANGED, never, count_changed),
            hass.bus.async_listen(EVENT_STATE_REPORTED, never, count_reported),
        ]

    @property
    def total(self) -> int:
        """state_changed plus state_reported."""
        return self.changed + self.reported

    def reset(self) -> None:
        """Start counting from zero."""
        self.changed = self.reported = 0
        self.by_entity.clear()

    def close(self) -> None:
        """Stop counting."""
        for unsub in self._unsubs:
            unsub()


class EntityAdds:
    """Counts the entities integrations hand to Home Assistant, and those it refuses."""

    def __init__(self) -> None:
        """Nothing counted yet."""
        self.offered: list[str] = []
        self.refused: list[str] = []

    @contextlib.contextmanager
    def counting(self) -> Iterator[EntityAdds]:
        """Count while inside the block."""
        original = entity_platform.EntityPlatform.async_add_entities

        async def counted(
            platform: entity_platform.EntityPlatform,
            new_entities: Any,
            *args: Any,
            **kwargs: Any,
        ) -> None:
            batch = list(new_entities)
            self.offered.extend(str(entity.unique_id) for entity in batch)
            await original(platform, batch, *args, **kwargs)
            # An entity Home Assistant did not add (e.g. disabled in the registry) is
            # detached from its platform again.
            self.refused.extend(
                str(entity.unique_id) for entity in batch if entity.platform is None
            )

        entity_platform.EntityPlatform.async_add_entities = counted  # type: ignore[method-assign,assignment]
        try:
            yield self
        finally:
            entity_platform.EntityPlatform.async_add_entities = original  # type: ignore[method-assign]


def rss_bytes() -> int:
    """Resident set size of this process."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE")
