"""Fixtures shared by the integration's tests."""

from collections.abc import AsyncGenerator, Callable, Generator
from datetime import timedelta
import json
import logging
import os
from pathlib import Path
from typing import Any
from unittest.mock import AsyncMock, patch

from aiohttp.test_utils import TestServer
from freezegun.api import FrozenDateTimeFactory
from hypothesis import settings
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
    snapshot_platform,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator
from syrupy.assertion import SnapshotAssertion

# Imported here so that this project's custom_components package wins over the one that
# pytest-homeassistant-custom-component ships in its testing config.
from custom_components.octoeverywhere.api import PrinterStatus
from custom_components.octoeverywhere.const import (
    CONF_AUTH_TYPE,
    CONF_WEBHOOK_SECRET,
    DOMAIN,
    IDLE_INTERVAL,
)
from custom_components.octoeverywhere.event_hub import EVENT_OCTOEVERYWHERE
from homeassistant.const import (
    CONF_PASSWORD,
    CONF_URL,
    CONF_USERNAME,
    CONF_WEBHOOK_ID,
    Platform,
)
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.helpers import entity_registry as er
from octoeverywhere_simulator import ManualClock, Simulator

from .snapshot import SnapshotExtension

FIXTURES = Path(__file__).parent / "fixtures"

# HYPOTHESIS_PROFILE=thorough runs the property tests far longer (see tests/test_events_property.py).
settings.register_profile("thorough", max_examples=5000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

# Figures that tests measured, printed after the run (pytest captures what tests print).
FIGURES: list[str] = []


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Under pytest-xdist, hand a worker's figures to the controller, which prints them."""
    if (output := getattr(session.config, "workeroutput", None)) is not None:
        output["figures"] = FIGURES


def pytest_testnodedown(node: Any, error: Any) -> None:
    """Collect the figures of a pytest-xdist worker that finished."""
    FIGURES.extend(getattr(node, "workeroutput", {}).get("figures", []))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Print the figures the tests measured."""
    for line in FIGURES:
        terminalreporter.write_line(line)


TEST_URL = "https://app-abc123.octoeverywhere.com"
TEST_USERNAME = "oe-user"
TEST_PASSWORD = "s3cret-pass"


def load_json(name: str) -> dict[str, Any]:
    """Load a JSON fixture."""
    return json.loads((FIXTURES / name).read_text())


def load_status(name: str = "status_printing.json") -> PrinterStatus:
    """Load a status fixture and parse its Result."""
    return PrinterStatus.from_dict(load_json(name)["Result"])


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let Home Assistant load custom integrations in every test."""


class DeprecationWatch(logging.Handler):
    """Collects what Home Assistant logs about this integration's use of deprecated APIs.

    Home Assistant only logs such use by custom integrations ("Detected that custom
    integration 'octoeverywhere' accesses ...", "... deprecated ..., please report it to the
    author of the 'octoeverywhere' custom integration"); it breaks in a later release.
    """

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if not record.name.startswith("homeassistant"):
            return
        message = record.getMessage().lower()
        if f"'{DOMAIN}'" in message and (
            "deprecat" in message
            or "will stop working" in message
            or "detected that custom integration" in message
        ):
            self.records.append(record)


@pytest.fixture(autouse=True)
def deprecation_watch() -> Generator[DeprecationWatch]:
    """Fail any test in which Home Assistant logs a deprecation about this integration."""
    watch = DeprecationWatch()
    root = logging.getLogger()
    root.addHandler(watch)
    try:
        yield watch
    finally:
        root.removeHandler(watch)
    if watch.records:
        pytest.fail(
            "Home Assistant logged deprecated use by this integration:\n"
            + "\n".join(record.getMessage() for record in watch.records)
        )


@pytest.fixture
def snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    """Serialize Home Assistant objects (states, registry entries) stably."""
    return snapshot.use_extension(SnapshotExtension)


@pytest.fixture
def entity_registry_enabled_by_default() -> Generator[None]:
    """Create every entity enabled, including those disabled by default."""
    with patch(
        "homeassistant.helpers.entity.Entity.entity_registry_enabled_default",
        return_value=True,
    ):
        yield


@pytest.fixture
def mock_config_entry() -> MockConfigEntry:
    """Return a config entry of an App Connection with Basic auth."""
    return MockConfigEntry(
        domain=DOMAIN,
        title="Test printer",
        entry_id="01KOCTOEVERYWHERETESTENTRY1",
        unique_id="0123456789abcdef",
        data={
            CONF_URL: TEST_URL,
            CONF_AUTH_TYPE: "basic",
            CONF_USERNAME: TEST_USERNAME,
            CONF_PASSWORD: TEST_PASSWORD,
        },
    )


@pytest.fixture
def status() -> PrinterStatus:
    """Return the status the mocked client answers (override in a test module)."""
    return load_status()


@pytest.fixture
def mock_client(status: PrinterStatus) -> Generator[AsyncMock]:
    """Patch the client where the integration and its config flow create it."""
    with patch(
        "custom_components.octoeverywhere.connection.OctoEverywhereClient",
        autospec=True,
    ) as client_class:
        client = client_class.return_value
        client.get_status.return_value = status
        client.command.return_value = {}
        yield client


@pytest.fixture
async def init_integration(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, mock_client: AsyncMock
) -> MockConfigEntry:
    """Set up the integration with the mocked client."""
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    return mock_config_entry


# --- The simulator, over real HTTP on 127.0.0.1 -------------------------------------------


@pytest.fixture
def simulator() -> Simulator:
    """A Klipper printer half-way through a print, on a clock only tests move."""
    return Simulator("moonraker", "printing", clock=ManualClock(), progress=50)


@pytest.fixture
async def simulator_url(
    socket_enabled: None, simulator: Simulator
) -> AsyncGenerator[str]:
    """Serve ``simulator`` on 127.0.0.1 and return its connection URL."""
    # No access log: its request timing trips over the frozen clocks of time-travel tests.
    server = TestServer(simulator.create_app(), host="127.0.0.1")
    await server.start_server(access_log=None)
    yield str(server.make_url("/")).rstrip("/")
    await server.close()


@pytest.fixture
def simulator_entry(simulator_url: str) -> MockConfigEntry:
    """A config entry pointing at the simulator, without credentials."""
    return MockConfigEntry(
        domain=DOMAIN,
        title="Sim printer",
        entry_id="01KOCTOEVERYWHERESIMENTRY01",
        unique_id="simulated0000001",
        data={CONF_URL: simulator_url, CONF_AUTH_TYPE: "none"},
    )


async def next_poll(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    after: timedelta = IDLE_INTERVAL,
    *,
    simulator: Simulator | None = None,
    seconds: float = 0.0,
) -> None:
    """Let ``seconds`` of printer time pass, then ``after`` of Home Assistant's time.

    IDLE_INTERVAL is long enough for the next poll, printing or not. Scheduled polls run as
    background tasks and, against the simulator, over real HTTP: wait for them too.
    """
    if simulator is not None:
        simulator.advance(seconds)
    freezer.tick(after)
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)


def sim_print_id(sim: Simulator) -> str:
    """The id of the simulator's current (or last) print."""
    print_id: str = sim.status()["OctoEverywhereStatus"]["MostRecentPrintIdStr"]
    return print_id


async def setup_entry(hass: HomeAssistant, entry: MockConfigEntry) -> MockConfigEntry:
    """Add ``entry`` and set it up."""
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return entry


async def snapshot_entities(
    hass: HomeAssistant,
    snapshot: SnapshotAssertion,
    entry: MockConfigEntry,
    platform: Platform,
) -> None:
    """Set up ``entry`` with ``platform`` alone; snapshot its registry entries and states."""
    with patch("custom_components.octoeverywhere.PLATFORMS", [platform]):
        await setup_entry(hass, entry)
    await snapshot_platform(hass, er.async_get(hass), snapshot, entry.entry_id)


# --- Print events: on the bus, and pushed through the entry's webhook ---------------------


@pytest.fixture
def bus_events(hass: HomeAssistant) -> list[dict[str, Any]]:
    """Collect ``octoeverywhere_event`` data as it is fired."""
    fired: list[dict[str, Any]] = []

    @callback
    def _record(event: Event) -> None:
        fired.append(dict(event.data))

    hass.bus.async_listen(EVENT_OCTOEVERYWHERE, _record)
    return fired


def webhook_body(entry: MockConfigEntry, **values: Any) -> dict[str, Any]:
    """A notification for ``entry`` (with its secret) carrying ``values``."""
    return {
        "PrinterId": "SIMPRINTER0001",
        "SecretKey": entry.data[CONF_WEBHOOK_SECRET],
        "PrinterName": "Sim printer",
        **values,
    }


@pytest.fixture
async def webhook_post(
    hass: HomeAssistant,
    hass_client_no_auth: ClientSessionGenerator,
    simulator_entry: MockConfigEntry,
) -> Callable[..., Any]:
    """POST a raw body or JSON to the entry's webhook; return (status, text)."""

    async def post(body: Any = None, *, raw: bytes | None = None) -> tuple[int, str]:
        client = await hass_client_no_auth()  # once the integration set up http
        url = f"/api/webhook/{simulator_entry.data[CONF_WEBHOOK_ID]}"
        response = (
            await client.post(url, data=raw)
            if raw is not None
            else await client.post(url, json=body)
        )
        text = await response.text()
        await hass.async_block_till_done(wait_background_tasks=True)
        return response.status, text

    return post
