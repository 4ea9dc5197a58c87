"""Repair issues: each appears translated, and goes once its cause is gone.

Against the simulator over real HTTP: a revoked connection (603/604) with its fix flow through
the repairs HTTP API, Supporter Perks (605), a plugin update (754/610), the plugin's printer
credentials (789), and a webhook that went silent (persisted across a reload).
"""

from collections.abc import AsyncGenerator
from datetime import timedelta
import string
from typing import Any

from aiohttp.test_utils import TestServer
from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import (
    ClientSessionGenerator,
    WebSocketGenerator,
)
from yarl import URL

from custom_components.octoeverywhere.connection import connection_unique_id
from custom_components.octoeverywhere.const import (
    AUTH_BASIC,
    CONF_AUTH_TYPE,
    CONF_WEBHOOK_SECRET,
    DOMAIN,
)
from custom_components.octoeverywhere.issues import SUPPORTER_PERKS_URL
from custom_components.octoeverywhere.webhook import SILENT_AFTER
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import CONF_PASSWORD, CONF_URL, CONF_USERNAME, CONF_WEBHOOK_ID
from homeassistant.core import HomeAssistant
from homeassistant.helpers import (
    entity_registry as er,
    issue_registry as ir,
    translation,
)
from homeassistant.setup import async_setup_component
from octoeverywhere_simulator import Fault, ManualClock, Simulator

from .conftest import next_poll, setup_entry

TITLE = "Sim printer"
NEW_USER = "new-user"
NEW_PASSWORD = "new-password"


@pytest.fixture
def simulator() -> Simulator:
    """A Klipper printer, idle between prints, on a clock only the tests move."""
    return Simulator("moonraker", "idle", clock=ManualClock())


@pytest.fixture
def new_simulator() -> Simulator:
    """The same printer behind a new App Connection (Basic auth)."""
    return Simulator(
        "moonraker",
        "idle",
        clock=ManualClock(),
        auth=("basic", NEW_USER, NEW_PASSWORD),
    )


@pytest.fixture
async def new_url(
    socket_enabled: None, new_simulator: Simulator
) -> AsyncGenerator[str]:
    """Serve the new connection on 127.0.0.1."""
    server = TestServer(new_simulator.create_app(), host="127.0.0.1")
    await server.start_server(access_log=None)
    yield str(server.make_url("/")).rstrip("/")
    await server.close()


@pytest.fixture
async def entry(
    hass: HomeAssistant, simulator_entry: MockConfigEntry
) -> MockConfigEntry:
    """The simulator's entry, loaded, with the repairs integration (HTTP and WebSocket)."""
    assert await async_setup_component(hass, "repairs", {})
    return await setup_entry(hass, simulator_entry)


def _issue_id(name: str, entry: MockConfigEntry) -> str:
    return f"{name}_{entry.entry_id}"


def _issue(
    hass: HomeAssistant, name: str, entry: MockConfigEntry
) -> ir.IssueEntry | None:
    return ir.async_get(hass).async_get_issue(DOMAIN, _issue_id(name, entry))


async def assert_translated(hass: HomeAssistant, issue: ir.IssueEntry) -> str:
    """The issue has a translation whose placeholders it fills; return its title."""
    assert issue.translation_key is not None
    strings = await translation.async_get_translations(hass, "en", "issues", [DOMAIN])
    prefix = f"component.{DOMAIN}.issues.{issue.translation_key}"
    title = strings[f"{prefix}.title"]
    description = (
        strings[f"{prefix}.fix_flow.step.confirm.description"]
        if issue.is_fixable
        else strings[f"{prefix}.description"]
    )
    placeholders = issue.translation_placeholders or {}
    for text in (title, description):
        needed = {name for _, name, _, _ in string.Formatter().parse(text) if name}
        assert needed <= placeholders.keys(), (text, placeholders)
    rendered = title.format(**placeholders)
    assert TITLE in rendered
    return rendered


async def _listed(
    hass_ws_client: WebSocketGenerator, issue_id: str
) -> dict[str, Any] | None:
    """The issue as the frontend lists it (repairs/list_issues)."""
    client = await hass_ws_client()
    await client.send_json_auto_id({"type": "repairs/list_issues"})
    response = await client.receive_json()
    assert response["success"]
    return next(
        (
            issue
            for issue in response["result"]["issues"]
            if issue["domain"] == DOMAIN and issue["issue_id"] == issue_id
        ),
        None,
    )


# --- Issues that clear by themselves -----------------------------------------------------------


@pytest.mark.parametrize(
    ("fault", "name", "title"),
    [
        (
            Fault(http_status=605, paths=("status",)),
            "supporter_required",
            "Sim printer needs OctoEverywhere Supporter Perks",
        ),
        (
            Fault(plugin_status=754, paths=("status",)),
            "plugin_update_required",
            "Update the OctoEverywhere plugin of Sim printer",
        ),
        (
            Fault(http_status=610, paths=("status",)),
            "plugin_update_required",
            "Update the OctoEverywhere plugin of Sim printer",
        ),
        (
            Fault(plugin_status=789, paths=("status",)),
            "printer_credentials",
            "The OctoEverywhere plugin cannot log in to Sim printer",
        ),
    ],
    ids=["605", "754", "610", "789"],
)
async def test_issue_until_the_cause_clears(
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    entry: MockConfigEntry,
    fault: Fault,
    name: str,
    title: str,
) -> None:
    """The issue appears with its translation on the failing poll, and goes on a good one."""
    simulator.set_fault(fault)
    await next_poll(hass, freezer)
    issue = _issue(hass, name, entry)
    assert issue is not None
    assert await assert_translated(hass, issue) == title
    assert issue.severity is ir.IssueSeverity.ERROR
    assert not issue.is_fixable
    assert issue.learn_more_url == (
        SUPPORTER_PERKS_URL if name == "supporter_required" else None
    )
    listed = await _listed(hass_ws_client, _issue_id(name, entry))
    assert listed is not None
    assert listed["translation_key"] == name
    assert listed["translation_placeholders"] == {"title": TITLE}
    assert listed["learn_more_url"] == issue.learn_more_url
    # Still failing: still one issue.
    await next_poll(hass, freezer)
    assert _issue(hass, name, entry) is not None

    simulator.clear_faults()
    await next_poll(hass, freezer)
    assert _issue(hass, name, entry) is None
    assert await _listed(hass_ws_client, _issue_id(name, entry)) is None
    assert entry.state is ConfigEntryState.LOADED


async def test_printer_credentials_clear_when_another_cause_takes_over(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    entry: MockConfigEntry,
) -> None:
    """789 then 785 (the host went away): the credentials are no longer the problem."""
    simulator.set_fault(plugin_status=789, paths=["status"])
    await next_poll(hass, freezer)
    assert _issue(hass, "printer_credentials", entry) is not None
    simulator.set_fault(plugin_status=785, paths=["status"])
    await next_poll(hass, freezer)
    assert _issue(hass, "printer_credentials", entry) is None
    assert hass.states.get("sensor.sim_printer_state").state == "offline"


# --- A revoked connection and its fix flow -----------------------------------------------------


async def _start_fix(client: Any, issue_id: str) -> dict[str, Any]:
    response = await client.post(
        "/api/repairs/issues/fix", json={"handler": DOMAIN, "issue_id": issue_id}
    )
    assert response.status == 200, await response.text()
    result: dict[str, Any] = await response.json()
    return result


async def _step(client: Any, flow_id: str, data: dict[str, Any]) -> dict[str, Any]:
    response = await client.post(f"/api/repairs/issues/fix/{flow_id}", json=data)
    assert response.status == 200, await response.text()
    result: dict[str, Any] = await response.json()
    return result


@pytest.mark.parametrize("code", [603, 604])
async def test_connection_revoked_fix_flow(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    hass_ws_client: WebSocketGenerator,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    new_simulator: Simulator,
    new_url: str,
    entry: MockConfigEntry,
    code: int,
) -> None:
    """Revoked: a fixable issue; the fix flow moves the entry to a new connection."""
    registry = er.async_get(hass)
    entity_ids = {
        e.entity_id for e in er.async_entries_for_config_entry(registry, entry.entry_id)
    }
    webhook = (entry.data[CONF_WEBHOOK_ID], entry.data[CONF_WEBHOOK_SECRET])
    old_unique_id = entry.unique_id

    simulator.set_fault(http_status=code)
    await next_poll(hass, freezer)
    assert entry.state is ConfigEntryState.SETUP_ERROR
    issue_id = _issue_id("connection_revoked", entry)
    issue = _issue(hass, "connection_revoked", entry)
    assert issue is not None
    assert issue.is_fixable
    assert await assert_translated(hass, issue) == (
        "The OctoEverywhere connection of Sim printer was revoked"
    )
    listed = await _listed(hass_ws_client, issue_id)
    assert listed is not None
    assert listed["is_fixable"]

    client = await hass_client()
    # The fix explains, then hands over to the entry's reconfigure flow.
    form = await _start_fix(client, issue_id)
    assert form["type"] == "form"
    assert form["step_id"] == "confirm"
    assert form["description_placeholders"] == {"title": TITLE}
    handover = await _step(client, form["flow_id"], {})
    assert handover["type"] == "abort"
    assert handover["reason"] == "reconfigure"
    kind, flow_id = handover["next_flow"]
    assert kind == "config_flow"
    flow = hass.config_entries.flow.async_get(flow_id)
    assert flow["step_id"] == "reconfigure"
    assert flow["context"]["source"] == "reconfigure"
    assert flow["context"]["entry_id"] == entry.entry_id
    # Handing over keeps the issue until the new connection answers.
    assert _issue(hass, "connection_revoked", entry) is not None

    async def _configure(data: dict[str, Any]) -> Any:
        return await hass.config_entries.flow.async_configure(flow_id, data)

    # Not an acceptable URL: plain http on the internet, or not http at all.
    for url in ("http://printer.example.com", "ftp://127.0.0.1", "not a url"):
        result = await _configure({CONF_URL: url, CONF_AUTH_TYPE: AUTH_BASIC})
        assert result["step_id"] == "reconfigure"
        assert result["errors"] == {CONF_URL: "invalid_url"}
    result = await _configure({CONF_URL: new_url, CONF_AUTH_TYPE: AUTH_BASIC})
    assert result["step_id"] == "basic"
    # Credentials the new connection refuses (606).
    result = await _configure({CONF_USERNAME: NEW_USER, CONF_PASSWORD: "wrong"})
    assert result["errors"] == {"base": "invalid_auth"}
    # The new connection is revoked too.
    new_simulator.set_fault(http_status=604, count=1)
    result = await _configure({CONF_USERNAME: NEW_USER, CONF_PASSWORD: NEW_PASSWORD})
    assert result["errors"] == {"base": "connection_revoked"}
    assert entry.state is ConfigEntryState.SETUP_ERROR
    assert _issue(hass, "connection_revoked", entry) is not None
    hass.config_entries.flow.async_abort(flow_id)

    # Another entry's connection: refused, the issue stays.
    other_url = "http://192.168.1.77:8124"
    MockConfigEntry(
        domain=DOMAIN,
        title="Other printer",
        unique_id=connection_unique_id(URL(other_url)),
        data={CONF_URL: other_url, CONF_AUTH_TYPE: "none"},
    ).add_to_hass(hass)
    form = await _start_fix(client, issue_id)
    _, flow_id = (await _step(client, form["flow_id"], {}))["next_flow"]
    result = await _configure({CONF_URL: other_url, CONF_AUTH_TYPE: "none"})
    assert result["type"] == "abort"
    assert result["reason"] == "already_configured"
    assert _issue(hass, "connection_revoked", entry) is not None

    # The new connection, right: the entry moves, keeps its entities and webhook, reloads.
    form = await _start_fix(client, issue_id)
    _, flow_id = (await _step(client, form["flow_id"], {}))["next_flow"]
    requests = len(new_simulator.requests)
    await _configure({CONF_URL: new_url + "/some/path", CONF_AUTH_TYPE: AUTH_BASIC})
    result = await _configure({CONF_USERNAME: NEW_USER, CONF_PASSWORD: NEW_PASSWORD})
    assert result["type"] == "abort"
    assert result["reason"] == "reconfigure_successful"
    await hass.async_block_till_done(wait_background_tasks=True)
    assert len(new_simulator.requests) > requests
    assert entry.state is ConfigEntryState.LOADED
    assert entry.unique_id == connection_unique_id(URL(new_url))
    assert entry.unique_id != old_unique_id
    assert dict(entry.data) == {
        CONF_URL: new_url,  # the origin only
        CONF_AUTH_TYPE: AUTH_BASIC,
        CONF_USERNAME: NEW_USER,
        CONF_PASSWORD: NEW_PASSWORD,
        CONF_WEBHOOK_ID: webhook[0],
        CONF_WEBHOOK_SECRET: webhook[1],
    }
    assert _issue(hass, "connection_revoked", entry) is None
    assert await _listed(hass_ws_client, issue_id) is None
    assert {
        e.entity_id for e in er.async_entries_for_config_entry(registry, entry.entry_id)
    } == entity_ids
    assert hass.states.get("sensor.sim_printer_state").state == "idle"
    # Polling goes on against the new connection.
    requests = len(new_simulator.requests)
    await next_poll(hass, freezer)
    assert len(new_simulator.requests) == requests + 1


# --- A webhook gone silent ---------------------------------------------------------------------


async def _webhook(
    hass: HomeAssistant,
    hass_client_no_auth: ClientSessionGenerator,
    entry: MockConfigEntry,
) -> None:
    """OctoEverywhere sends a test notification."""
    client = await hass_client_no_auth()
    response = await client.post(
        f"/api/webhook/{entry.data[CONF_WEBHOOK_ID]}",
        json={
            "SecretKey": entry.data[CONF_WEBHOOK_SECRET],
            "EventType": 16,
            "PrinterId": "SIMPRINTER0001",
        },
    )
    assert response.status == 200
    await hass.async_block_till_done(wait_background_tasks=True)


async def _polled_print(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, simulator: Simulator
) -> None:
    """A whole print, seen only by polling."""
    simulator.set_scenario("printing")
    await next_poll(hass, freezer)
    simulator.set_scenario("complete")
    await next_poll(hass, freezer)
    assert hass.states.get("sensor.sim_printer_state").state == "complete"
    simulator.set_scenario("idle")
    await next_poll(hass, freezer)


async def test_webhook_silent(
    hass: HomeAssistant,
    hass_client_no_auth: ClientSessionGenerator,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    entry: MockConfigEntry,
) -> None:
    """Used once, then quiet for a week of polled prints: a warning; a notification clears it.

    When the last notification arrived is kept in a Store, across a reload.
    """
    name = "webhook_silent"
    # Never used: prints without notifications are nobody's concern.
    await next_poll(hass, freezer, SILENT_AFTER + timedelta(days=1))
    await _polled_print(hass, freezer, simulator)
    assert _issue(hass, name, entry) is None

    await _webhook(hass, hass_client_no_auth, entry)
    # Within the week: fine.
    await next_poll(hass, freezer, SILENT_AFTER - timedelta(days=1))
    await _polled_print(hass, freezer, simulator)
    assert _issue(hass, name, entry) is None

    # The delayed save is written; the entry reloads: the time is remembered.
    await next_poll(hass, freezer, timedelta(minutes=2))
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    await next_poll(hass, freezer, timedelta(days=2))
    await _polled_print(hass, freezer, simulator)
    issue = _issue(hass, name, entry)
    assert issue is not None
    assert issue.severity is ir.IssueSeverity.WARNING
    assert not issue.is_fixable
    assert await assert_translated(hass, issue) == (
        "No OctoEverywhere notifications from Sim printer for a week"
    )

    # The issue outlives a reload (its cause is still there), and a notification clears it.
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert _issue(hass, name, entry) is not None
    await _webhook(hass, hass_client_no_auth, entry)
    assert _issue(hass, name, entry) is None
    await _polled_print(hass, freezer, simulator)
    assert _issue(hass, name, entry) is None


async def test_webhook_time_survives_an_immediate_reload(
    hass: HomeAssistant,
    hass_client_no_auth: ClientSessionGenerator,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    entry: MockConfigEntry,
) -> None:
    """A reload right after a notification (before the delayed save) forgets nothing."""
    await _webhook(hass, hass_client_no_auth, entry)
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    await next_poll(hass, freezer, SILENT_AFTER + timedelta(days=1))
    await _polled_print(hass, freezer, simulator)
    assert _issue(hass, "webhook_silent", entry) is not None
