"""Print events: derived from polling, pushed by webhook, de-duplicated, and what they feed."""

from collections.abc import Callable
from http import HTTPStatus
import logging
from typing import Any
from unittest.mock import AsyncMock, patch

from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    mock_restore_cache_with_extra_data,
    snapshot_platform,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator
from syrupy.assertion import SnapshotAssertion

from custom_components.octoeverywhere.api import PrinterStatus
from custom_components.octoeverywhere.compat import async_get_device
from custom_components.octoeverywhere.const import CONF_WEBHOOK_SECRET, DOMAIN
from custom_components.octoeverywhere.event_hub import EVENT_OCTOEVERYWHERE
from custom_components.octoeverywhere.logbook import async_describe_events
from homeassistant.const import CONF_WEBHOOK_ID, STATE_UNKNOWN, Platform
from homeassistant.core import Event, HomeAssistant, State
from homeassistant.helpers import device_registry as dr, entity_registry as er
from octoeverywhere_simulator import ManualClock, Simulator

from .conftest import load_json, next_poll, setup_entry, sim_print_id, webhook_body

EVENT_ENTITY = "event.sim_printer_print_event"


async def test_entities(
    hass: HomeAssistant,
    snapshot: SnapshotAssertion,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    mock_client: AsyncMock,
) -> None:
    """The print event entity, its registry entry and its state after a print completed."""
    freezer.move_to("2026-11-24 12:00:00+00:00")
    with patch("custom_components.octoeverywhere.PLATFORMS", [Platform.EVENT]):
        await setup_entry(hass, mock_config_entry)
    assert hass.states.get("event.test_printer_print_event").state == STATE_UNKNOWN
    payload = load_json("status_printing.json")["Result"]
    payload["JobStatus"]["State"] = "complete"
    payload["JobStatus"]["CurrentPrint"]["Progress"] = 100.0
    mock_client.get_status.return_value = PrinterStatus.from_dict(payload)
    await next_poll(hass, freezer)
    await snapshot_platform(
        hass, er.async_get(hass), snapshot, mock_config_entry.entry_id
    )


@pytest.fixture
def simulator() -> Simulator:
    """A Klipper printer that starts idle, with a 100-minute print ahead of it."""
    return Simulator("moonraker", "idle", clock=ManualClock(), print_duration=6000)


def _types(fired: list[dict[str, Any]]) -> list[str]:
    return [event["event_type"] for event in fired]


# --- Polling ---------------------------------------------------------------------------


async def test_polled_print_produces_events_in_order(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    simulator_entry: MockConfigEntry,
    bus_events: list[dict[str, Any]],
) -> None:
    """A whole print, seen only by polling, fires exactly the expected events in order."""
    entry = await setup_entry(hass, simulator_entry)
    assert bus_events == []  # nothing on start-up

    simulator.set_scenario("printing")
    await next_poll(hass, freezer, simulator=simulator, seconds=1)
    for _ in range(40):  # 40 polls, 100 s of printer time each: about 60 %
        await next_poll(hass, freezer, simulator=simulator, seconds=100)
    simulator.gadget(warn=True)
    await next_poll(hass, freezer, simulator=simulator, seconds=1)
    simulator.set_scenario("paused")
    await next_poll(hass, freezer, simulator=simulator, seconds=1)
    simulator.printer.resume()
    await next_poll(hass, freezer, simulator=simulator, seconds=1)
    for _ in range(30):
        await next_poll(hass, freezer, simulator=simulator, seconds=100)

    assert _types(bus_events) == [
        "started",
        "first_layer_complete",
        "third_layer_complete",
        *["progress"] * 6,
        "gadget_warning",
        "paused",
        "resumed",
        *["progress"] * 3,
        "complete",
        "bed_cooldown_complete",
    ]
    progress = [
        event["progress"] for event in bus_events if event["event_type"] == "progress"
    ]
    assert progress == [10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0]
    device = async_get_device(
        dr.async_get(hass), (DOMAIN, entry.entry_id), entry.entry_id
    )
    print_id = sim_print_id(simulator)
    for event in bus_events:
        assert event["device_id"] == device.id
        assert event["config_entry_id"] == entry.entry_id
        assert event["source"] == "poll"
        assert event["print_id"] == print_id
        assert event["file_name"] == "calibration/benchy_pla_0.2mm.gcode"

    # The event entity shows the last one, with what is known of the print.
    state = hass.states.get(EVENT_ENTITY)
    assert state.attributes["event_type"] == "bed_cooldown_complete"
    assert state.attributes["duration_sec"] > 0
    assert state.attributes["print_id"] == print_id
    # And the print is remembered as the last print.
    assert hass.states.get("sensor.sim_printer_last_print_result").state == "complete"
    assert (
        hass.states.get("sensor.sim_printer_last_print_file").state
        == "calibration/benchy_pla_0.2mm.gcode"
    )
    assert (
        hass.states.get("sensor.sim_printer_last_print_filament").state != STATE_UNKNOWN
    )
    # The bed cooled below 40 °C after the print, and that was reported once.
    assert simulator.status()["JobStatus"]["CurrentPrint"]["Temps"]["BedActual"] < 40


@pytest.mark.parametrize(
    ("scenario", "expected"),
    [("cancelled", ["cancelled"]), ("error", ["failed"])],
)
async def test_polled_print_ends(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    simulator_entry: MockConfigEntry,
    bus_events: list[dict[str, Any]],
    scenario: str,
    expected: list[str],
) -> None:
    """A cancelled print fires cancelled; an error during a print fires failed."""
    simulator.set_scenario("printing", progress=55)
    await setup_entry(hass, simulator_entry)
    simulator.set_scenario(scenario)
    await next_poll(hass, freezer, simulator=simulator, seconds=1)
    assert _types(bus_events) == expected
    assert hass.states.get("sensor.sim_printer_last_print_result").state == expected[0]


async def test_error_without_a_job(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    simulator_entry: MockConfigEntry,
    bus_events: list[dict[str, Any]],
) -> None:
    """An error while idle is an error, not a failed print, and no last print."""
    await setup_entry(hass, simulator_entry)
    simulator.printer.fail("Heater error")
    await next_poll(hass, freezer, simulator=simulator, seconds=1)
    assert _types(bus_events) == ["error"]
    assert (
        hass.states.get("sensor.sim_printer_last_print_result").state == STATE_UNKNOWN
    )


async def test_no_events_on_reload_or_while_offline(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    simulator_entry: MockConfigEntry,
    bus_events: list[dict[str, Any]],
) -> None:
    """Reloading fires nothing; a print that ends while offline is reported on return."""
    simulator.set_scenario("printing", progress=50)
    entry = await setup_entry(hass, simulator_entry)
    await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert bus_events == []

    simulator.set_scenario("host_not_connected")
    await next_poll(hass, freezer, simulator=simulator, seconds=1)
    assert hass.states.get("sensor.sim_printer_state").state == "offline"
    simulator.set_scenario("complete")
    simulator.set_scenario("online")
    await next_poll(hass, freezer, simulator=simulator, seconds=1)
    assert _types(bus_events) == ["complete"]


# --- Webhook ---------------------------------------------------------------------------


async def test_webhook_event(
    hass: HomeAssistant,
    simulator: Simulator,
    simulator_entry: MockConfigEntry,
    bus_events: list[dict[str, Any]],
    webhook_post: Callable[..., Any],
) -> None:
    """A valid notification fires its event at once, with the payload's details."""
    simulator.set_scenario("printing", progress=50)
    await setup_entry(hass, simulator_entry)
    print_id = sim_print_id(simulator)
    polls = sum(request.path == "status" for request in simulator.requests)

    status, text = await webhook_post(
        webhook_body(
            simulator_entry,
            EventType=7,
            PrintId=print_id,
            FileName="benchy.gcode",
            Progress=52,
            SnapshotUrl="https://octoeverywhere.com/snapshot/abc.jpg",
            CurrentLayer=70,
            TotalLayers=150,
            UnknownNewKey={"nested": True},
        )
    )

    assert (status, text) == (HTTPStatus.OK, "")
    assert len(bus_events) == 1
    event = bus_events[0]
    assert event["event_type"] == "gadget_warning"
    assert event["source"] == "webhook"
    assert event["print_id"] == print_id
    assert event["file_name"] == "benchy.gcode"
    assert event["progress"] == 52
    assert event["snapshot_url"] == "https://octoeverywhere.com/snapshot/abc.jpg"
    assert "SecretKey" not in event and "secret" not in str(event).lower()
    assert hass.states.get(EVENT_ENTITY).attributes["event_type"] == "gadget_warning"
    # The notification triggers a refresh.
    assert sum(request.path == "status" for request in simulator.requests) == polls + 1


@pytest.mark.parametrize(
    "body",
    [
        pytest.param({"EventType": 2}, id="missing secret"),
        pytest.param({"EventType": 2, "SecretKey": "wrong"}, id="wrong secret"),
        pytest.param({"EventType": 2, "SecretKey": None}, id="null secret"),
        pytest.param({"EventType": 2, "SecretKey": 12345}, id="number secret"),
        pytest.param(b"{not json", id="malformed JSON"),
        pytest.param(b"", id="empty body"),
        pytest.param(b"[1, 2]", id="array"),
        pytest.param(b"\xff\xfe", id="not UTF-8"),
        pytest.param(b"x" * (65 * 1024), id="too large"),
    ],
)
async def test_webhook_rejects_without_telling(
    hass: HomeAssistant,
    simulator_entry: MockConfigEntry,
    bus_events: list[dict[str, Any]],
    webhook_post: Callable[..., Any],
    body: Any,
) -> None:
    """Bad secrets and bodies fire nothing, and get the same empty 200 as a valid one."""
    await setup_entry(hass, simulator_entry)
    if isinstance(body, bytes):
        result = await webhook_post(raw=body)
    else:
        result = await webhook_post(body)
    assert result == (HTTPStatus.OK, "")
    assert bus_events == []


async def test_webhook_wrong_secret_warns_once(
    hass: HomeAssistant,
    caplog: pytest.LogCaptureFixture,
    simulator_entry: MockConfigEntry,
    webhook_post: Callable[..., Any],
) -> None:
    """A misconfigured secret is logged once, without the secret received."""
    await setup_entry(hass, simulator_entry)
    for _ in range(3):
        await webhook_post({"EventType": 2, "SecretKey": "guess-123"})
    assert caplog.text.count("missing or wrong secret") == 1
    assert "guess-123" not in caplog.text


async def test_webhook_unknown_event_type(
    hass: HomeAssistant,
    caplog: pytest.LogCaptureFixture,
    simulator_entry: MockConfigEntry,
    bus_events: list[dict[str, Any]],
    webhook_post: Callable[..., Any],
) -> None:
    """An EventType this integration does not know is logged once and ignored."""
    caplog.set_level(logging.INFO, logger="custom_components.octoeverywhere")
    await setup_entry(hass, simulator_entry)
    for _ in range(2):
        assert (await webhook_post(webhook_body(simulator_entry, EventType=99)))[
            0
        ] == 200
    await webhook_post(webhook_body(simulator_entry, EventType="two"))
    assert bus_events == []
    assert caplog.text.count("unknown type 99") == 1


async def test_webhook_and_poll_fire_once(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    simulator_entry: MockConfigEntry,
    bus_events: list[dict[str, Any]],
    webhook_post: Callable[..., Any],
) -> None:
    """The same event pushed and polled fires once, whichever comes first."""
    simulator.set_scenario("printing", progress=95)
    await setup_entry(hass, simulator_entry)
    print_id = sim_print_id(simulator)

    # Pushed first: the print completes; the webhook's refresh and later polls see it too.
    simulator.set_scenario("complete")
    await webhook_post(webhook_body(simulator_entry, EventType=2, PrintId=print_id))
    await next_poll(hass, freezer, simulator=simulator, seconds=1)
    assert _types(bus_events) == ["complete"]
    assert bus_events[0]["source"] == "webhook"

    # Polled first: a new print starts, then its "started" notification arrives late.
    simulator.set_scenario("printing")
    await next_poll(hass, freezer, simulator=simulator, seconds=1)
    new_id = sim_print_id(simulator)
    await webhook_post(webhook_body(simulator_entry, EventType=1, PrintId=new_id))
    assert _types(bus_events) == ["complete", "started"]
    assert bus_events[1]["source"] == "poll"

    # A test notification always passes; a second pause within a print passes too.
    await webhook_post(webhook_body(simulator_entry, EventType=16))
    await webhook_post(webhook_body(simulator_entry, EventType=16))
    assert _types(bus_events)[-2:] == ["test", "test"]


async def test_repeatable_event_window(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    simulator_entry: MockConfigEntry,
    bus_events: list[dict[str, Any]],
    webhook_post: Callable[..., Any],
) -> None:
    """A pause repeats within a print: only a copy within two minutes is dropped."""
    simulator.set_scenario("printing", progress=20)
    await setup_entry(hass, simulator_entry)
    body = webhook_body(simulator_entry, EventType=4, PrintId=sim_print_id(simulator))
    await webhook_post(body)
    await webhook_post(body)
    assert _types(bus_events) == ["paused"]
    freezer.tick(121)
    await webhook_post(body)
    assert _types(bus_events) == ["paused", "paused"]


# --- What events feed ------------------------------------------------------------------


async def test_last_print_restored(
    hass: HomeAssistant, simulator_entry: MockConfigEntry
) -> None:
    """The last print survives a restart, even after the printer cleared its job."""
    mock_restore_cache_with_extra_data(
        hass,
        [
            (
                State("sensor.sim_printer_last_print_result", "failed"),
                {"native_value": "failed", "native_unit_of_measurement": None},
            ),
            (
                State("sensor.sim_printer_last_print_duration", "42"),
                {"native_value": 2520, "native_unit_of_measurement": "s"},
            ),
        ],
    )
    await setup_entry(hass, simulator_entry)
    assert hass.states.get("sensor.sim_printer_last_print_result").state == "failed"
    assert hass.states.get("sensor.sim_printer_last_print_duration").state == "42.0"
    assert hass.states.get("sensor.sim_printer_last_print_file").state == STATE_UNKNOWN


async def test_logbook_messages(
    hass: HomeAssistant, simulator_entry: MockConfigEntry
) -> None:
    """Events read as sentences in the logbook, named after the printer."""
    entry = await setup_entry(hass, simulator_entry)
    device = async_get_device(
        dr.async_get(hass), (DOMAIN, entry.entry_id), entry.entry_id
    )
    describers: dict[str, Callable[[Event], dict[str, str]]] = {}

    def register(
        domain: str, event_name: str, describe: Callable[[Event], dict[str, str]]
    ) -> None:
        assert domain == DOMAIN
        describers[event_name] = describe

    async_describe_events(hass, register)
    describe = describers[EVENT_OCTOEVERYWHERE]
    cases = [
        (
            {"event_type": "complete", "file_name": "benchy.gcode"},
            "finished printing benchy.gcode",
        ),
        (
            {"event_type": "failed", "error": "Thermal runaway"},
            "failed printing a file: Thermal runaway",
        ),
        (
            {"event_type": "progress", "progress": 40.0, "file_name": "x.gcode"},
            "is 40 % through x.gcode",
        ),
        ({"event_type": "from_the_future"}, "sent from_the_future"),
    ]
    for data, message in cases:
        described = describe(
            Event(EVENT_OCTOEVERYWHERE, {"device_id": device.id, **data})
        )
        assert described | {"icon": None} == {
            "name": "Sim printer",
            "message": message,
            "icon": None,
        }
    assert (
        describe(Event(EVENT_OCTOEVERYWHERE, {"event_type": "test"}))["name"]
        == "Printer"
    )


async def test_webhook_id_and_secret_kept(
    hass: HomeAssistant, simulator_entry: MockConfigEntry
) -> None:
    """Each entry gets a webhook id and a long random secret once, kept across reloads."""
    entry = await setup_entry(hass, simulator_entry)
    webhook_id, secret = entry.data[CONF_WEBHOOK_ID], entry.data[CONF_WEBHOOK_SECRET]
    assert len(secret) >= 32
    await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert (entry.data[CONF_WEBHOOK_ID], entry.data[CONF_WEBHOOK_SECRET]) == (
        webhook_id,
        secret,
    )


def test_status_fixture_round_trip() -> None:
    """The reference example parses (guards the fixtures these tests build on)."""
    status = PrinterStatus.from_dict(load_json("status_printing.json")["Result"])
    assert status.octoeverywhere.most_recent_print_id == "a-print-id"


async def test_simulator_pushes_through_the_whole_path(
    hass: HomeAssistant,
    hass_client_no_auth: ClientSessionGenerator,
    simulator: Simulator,
    simulator_entry: MockConfigEntry,
    bus_events: list[dict[str, Any]],
) -> None:
    """The simulator POSTs its notifications to Home Assistant's webhook: push end to end."""
    simulator.set_scenario("printing", progress=50)
    entry = await setup_entry(hass, simulator_entry)
    client = await hass_client_no_auth()
    simulator.configure(
        webhook_url=str(client.make_url(f"/api/webhook/{entry.data[CONF_WEBHOOK_ID]}")),
        webhook_secret=entry.data[CONF_WEBHOOK_SECRET],
    )

    simulator.printer.cancel()  # a cancel: OctoEverywhere notifies "failed" (type 3)
    simulator.tick()
    await simulator.flush_webhooks()
    await hass.async_block_till_done(wait_background_tasks=True)

    assert [
        (sent["status"], sent["event_type"]) for sent in simulator.webhooks.log
    ] == [(200, 3)]
    # Pushed, recognised as a cancel, and not repeated by the refresh the push triggers.
    assert _types(bus_events) == ["cancelled"]
    assert bus_events[0]["source"] == "webhook"
    assert hass.states.get("sensor.sim_printer_last_print_result").state == "cancelled"


async def test_webhook_failed_is_a_failure_when_the_printer_says_so(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    simulator_entry: MockConfigEntry,
    bus_events: list[dict[str, Any]],
    webhook_post: Callable[..., Any],
) -> None:
    """A "failed" notification with an error stays failed; the polled end does not repeat it."""
    simulator.set_scenario("printing", progress=50)
    await setup_entry(hass, simulator_entry)
    print_id = sim_print_id(simulator)
    await webhook_post(
        webhook_body(
            simulator_entry, EventType=3, PrintId=print_id, Error="Nozzle clog"
        )
    )
    simulator.set_scenario("error")
    await next_poll(hass, freezer, simulator=simulator, seconds=1)
    assert _types(bus_events) == ["failed"]
    assert bus_events[0]["error"] == "Nozzle clog"


async def test_late_pushes_are_dropped(
    hass: HomeAssistant,
    simulator: Simulator,
    simulator_entry: MockConfigEntry,
    bus_events: list[dict[str, Any]],
    webhook_post: Callable[..., Any],
) -> None:
    """Notifications arriving late or out of order do not tell an overtaken story."""
    simulator.set_scenario("printing", progress=85)
    await setup_entry(hass, simulator_entry)
    print_id = sim_print_id(simulator)

    def body(event_type: int, **values: Any) -> dict[str, Any]:
        return webhook_body(
            simulator_entry, EventType=event_type, PrintId=print_id, **values
        )

    await webhook_post(body(6, Progress=90))
    await webhook_post(body(6, Progress=60))  # older than 90 %: dropped
    simulator.set_scenario("complete")
    await webhook_post(body(2))
    await webhook_post(body(6, Progress=70))  # after the end: dropped
    await webhook_post(body(10))  # first layer, after the end: dropped
    assert [(e["event_type"], e.get("progress")) for e in bus_events] == [
        ("progress", 90),
        (
            "complete",
            100.0,
        ),  # the refresh found the end: the polled copy, pushed details
    ]
    assert hass.states.get(EVENT_ENTITY).attributes["event_type"] == "complete"


async def test_burst_of_pushes_shares_a_refresh(
    hass: HomeAssistant,
    simulator: Simulator,
    simulator_entry: MockConfigEntry,
    webhook_post: Callable[..., Any],
) -> None:
    """Notifications arriving together are handled in order with one status request."""
    simulator.set_scenario("printing", progress=55)
    await setup_entry(hass, simulator_entry)
    print_id = sim_print_id(simulator)
    before = sum(request.path == "status" for request in simulator.requests)
    for progress in (60, 70, 80):
        await webhook_post(
            webhook_body(
                simulator_entry, EventType=6, PrintId=print_id, Progress=progress
            )
        )
    assert sum(request.path == "status" for request in simulator.requests) == before + 1


@pytest.mark.parametrize(
    ("ending", "expected"),
    [("complete", "complete"), ("error", "failed"), ("cancelled", "cancelled")],
)
async def test_whole_print_between_two_polls(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    simulator_entry: MockConfigEntry,
    bus_events: list[dict[str, Any]],
    ending: str,
    expected: str,
) -> None:
    """A print that starts and ends between two polls still reports both."""
    simulator.set_scenario("printing", progress=50)
    simulator.set_scenario("complete")  # a finished print: the state reads complete
    await setup_entry(hass, simulator_entry)
    simulator.set_scenario("printing", progress=90)  # another print...
    simulator.set_scenario(ending)  # ...over before the next poll
    await next_poll(hass, freezer, simulator=simulator, seconds=1)
    assert _types(bus_events) == ["started", expected]
    new_id = sim_print_id(simulator)
    assert [event["print_id"] for event in bus_events] == [new_id, new_id]
    assert hass.states.get("sensor.sim_printer_last_print_result").state == expected
