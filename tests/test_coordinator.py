"""Polling: intervals, failures while running, recovery, and unchanged polls."""

import logging
from unittest.mock import AsyncMock

from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.octoeverywhere.api import (
    AuthenticationError,
    CannotConnectError,
    ConnectionRevokedError,
    HostNotConnectedError,
    OctoEverywhereError,
    PluginUpdateRequiredError,
    PrinterOfflineError,
    PrinterStatus,
    ServiceError,
    SupporterRequiredError,
)
from custom_components.octoeverywhere.const import (
    ACTIVE_INTERVAL,
    DOMAIN,
    IDLE_INTERVAL,
)
from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntryState
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir

from .conftest import load_json, next_poll

# At a whole minute, so that ticks of 10 s never move the rounded "estimated finish".
pytestmark = pytest.mark.freeze_time("2026-11-24 12:00:00+00:00")

STATE = "sensor.test_printer_state"
PROGRESS = "sensor.test_printer_progress"


def _status(**job: object) -> PrinterStatus:
    payload = load_json("status_printing.json")["Result"]
    payload["JobStatus"].update(job)
    return PrinterStatus.from_dict(payload)


async def test_interval_follows_job(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
    mock_client: AsyncMock,
) -> None:
    """10 s while a job is active, 30 s otherwise."""
    coordinator = init_integration.runtime_data.coordinator
    assert coordinator.update_interval == ACTIVE_INTERVAL

    mock_client.get_status.return_value = _status(State="complete")
    await next_poll(hass, freezer, ACTIVE_INTERVAL)
    assert coordinator.update_interval == IDLE_INTERVAL
    assert mock_client.get_status.call_count == 2

    # Nothing is fetched before the idle interval has passed.
    await next_poll(hass, freezer, ACTIVE_INTERVAL)
    assert mock_client.get_status.call_count == 2
    await next_poll(hass, freezer, IDLE_INTERVAL - ACTIVE_INTERVAL)
    assert mock_client.get_status.call_count == 3
    # One request per poll; the material system is asked for once, and no more from a
    # printer that has none.
    assert [call.kwargs for call in mock_client.get_status.call_args_list] == [
        {"include_material_system": True, "time_limit": None},
        {"include_material_system": False, "time_limit": None},
        {"include_material_system": False, "time_limit": None},
    ]


async def test_unchanged_poll_writes_no_state(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
    mock_client: AsyncMock,
) -> None:
    """A poll returning an equal status writes no state; a changed one does."""
    written: list[str] = []

    @callback
    def _record(event: Event) -> None:
        written.append(event.data["entity_id"])

    hass.bus.async_listen("state_changed", _record)
    mock_client.get_status.return_value = _status()  # equal, but a new object
    await next_poll(hass, freezer, ACTIVE_INTERVAL)
    assert mock_client.get_status.call_count == 2
    assert written == []

    changed = load_json("status_printing.json")["Result"]
    changed["JobStatus"]["CurrentPrint"]["Progress"] = 43.0
    mock_client.get_status.return_value = PrinterStatus.from_dict(changed)
    await next_poll(hass, freezer, ACTIVE_INTERVAL)
    assert PROGRESS in written
    assert hass.states.get(PROGRESS).state == "43.0"
    # Only what changed is written: not the file name, the temperatures or the buttons.
    assert written == [PROGRESS]


async def test_changed_poll_writes_only_what_changed(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
    mock_client: AsyncMock,
) -> None:
    """Entities compare what they show; unchanged ones are not even reported again."""
    before = {state.entity_id: state.last_reported for state in hass.states.async_all()}
    changed = load_json("status_printing.json")["Result"]
    changed["JobStatus"]["CurrentPrint"]["Temps"]["BedActual"] = 59.0
    mock_client.get_status.return_value = PrinterStatus.from_dict(changed)
    await next_poll(hass, freezer, ACTIVE_INTERVAL)
    assert hass.states.get("sensor.test_printer_bed_temperature").state == "59.0"
    touched = [
        state.entity_id
        for state in hass.states.async_all()
        if state.last_reported != before[state.entity_id]
    ]
    assert touched == ["sensor.test_printer_bed_temperature"]


@pytest.mark.parametrize(
    "error",
    [
        CannotConnectError(None, "timed out"),
        ServiceError(600, "server error"),
        ServiceError(602, "plugin timed out"),
        OctoEverywhereError(752, "boom"),
    ],
)
async def test_transient_failure_and_recovery(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
    init_integration: MockConfigEntry,
    mock_client: AsyncMock,
    error: OctoEverywhereError,
) -> None:
    """Entities go unavailable with one log line, and come back with one."""
    caplog.set_level(logging.INFO)
    mock_client.get_status.side_effect = error
    for _ in range(3):
        await next_poll(hass, freezer, ACTIVE_INTERVAL)
    assert hass.states.get(STATE).state == STATE_UNAVAILABLE
    assert hass.states.get(PROGRESS).state == STATE_UNAVAILABLE
    failures = [
        r
        for r in caplog.records
        if r.levelno >= logging.WARNING and r.name.startswith("custom_components")
    ]
    assert len(failures) == 1
    assert "Traceback" not in caplog.text

    mock_client.get_status.side_effect = None
    await next_poll(hass, freezer, IDLE_INTERVAL)
    assert hass.states.get(STATE).state == "printing"
    assert caplog.text.count("recovered") == 1


async def test_offline_while_polling(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
    init_integration: MockConfigEntry,
    mock_client: AsyncMock,
) -> None:
    """The printer going offline is logged once, and coming back once."""
    caplog.set_level(logging.INFO, logger="custom_components.octoeverywhere")
    for error in (
        HostNotConnectedError(785, "Host not connected"),
        PrinterOfflineError(601, "offline"),
        HostNotConnectedError(787, "Failed to get current status."),
    ):
        mock_client.get_status.side_effect = error
        await next_poll(hass, freezer, IDLE_INTERVAL)
        assert hass.states.get(STATE).state == "offline"
        assert hass.states.get(PROGRESS).state == STATE_UNAVAILABLE
    assert caplog.text.count("is offline") == 1
    assert init_integration.runtime_data.coordinator.update_interval == IDLE_INTERVAL

    mock_client.get_status.side_effect = None
    await next_poll(hass, freezer, IDLE_INTERVAL)
    assert hass.states.get(STATE).state == "printing"
    assert caplog.text.count("is back online") == 1
    assert not [
        r
        for r in caplog.records
        if r.levelno >= logging.WARNING and r.name.startswith("custom_components")
    ]


async def test_auth_failure_while_polling_starts_reauth(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
    mock_client: AsyncMock,
) -> None:
    """606 during polling asks the user to reauthenticate."""
    mock_client.get_status.side_effect = AuthenticationError(606, "bad")
    await next_poll(hass, freezer, ACTIVE_INTERVAL)
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]
    assert hass.states.get(STATE).state == STATE_UNAVAILABLE


async def test_revoked_while_polling_stops_the_entry(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
    mock_client: AsyncMock,
    issue_registry: ir.IssueRegistry,
) -> None:
    """603/604 during polling raises the repair issue and stops polling a dead connection."""
    mock_client.get_status.side_effect = ConnectionRevokedError(604, "revoked")
    await next_poll(hass, freezer, ACTIVE_INTERVAL)
    await hass.async_block_till_done()
    assert init_integration.state is ConfigEntryState.SETUP_ERROR
    assert issue_registry.async_get_issue(
        DOMAIN, f"connection_revoked_{init_integration.entry_id}"
    )
    calls = mock_client.get_status.call_count
    await next_poll(hass, freezer, IDLE_INTERVAL * 3)
    assert mock_client.get_status.call_count == calls


@pytest.mark.parametrize(
    ("error", "issue"),
    [
        (SupporterRequiredError(605, "perks"), "supporter_required"),
        (PluginUpdateRequiredError(610, "update"), "plugin_update_required"),
    ],
)
async def test_issue_while_polling_clears_on_recovery(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
    mock_client: AsyncMock,
    issue_registry: ir.IssueRegistry,
    error: OctoEverywhereError,
    issue: str,
) -> None:
    """The repair issue lives exactly as long as its cause."""
    issue_id = f"{issue}_{init_integration.entry_id}"
    mock_client.get_status.side_effect = error
    await next_poll(hass, freezer, ACTIVE_INTERVAL)
    assert issue_registry.async_get_issue(DOMAIN, issue_id) is not None
    assert hass.states.get(STATE).state == STATE_UNAVAILABLE

    mock_client.get_status.side_effect = None
    await next_poll(hass, freezer, IDLE_INTERVAL)
    assert issue_registry.async_get_issue(DOMAIN, issue_id) is None
    assert hass.states.get(STATE).state == "printing"
