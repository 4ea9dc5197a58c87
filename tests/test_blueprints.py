"""The shipped automation blueprints: valid, usable without a phone, and working on print events.

Every automation here runs on a Home Assistant without the mobile app integration, as a new
instance is, with each blueprint's defaults unless a test says otherwise.
"""

import asyncio
from collections.abc import Mapping
from datetime import timedelta
import logging
from pathlib import Path
import shutil
from typing import Any

from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
    async_mock_service,
)
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.octoeverywhere.const import ACTIVE_INTERVAL
from homeassistant.components.automation.config import AUTOMATION_BLUEPRINT_SCHEMA
from homeassistant.components.blueprint.models import Blueprint
from homeassistant.const import STATE_OFF, STATE_ON
from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.setup import async_setup_component
from homeassistant.util.yaml import load_yaml_dict
from octoeverywhere_simulator import ManualClock, Simulator

from .conftest import next_poll, setup_entry

BLUEPRINTS = Path(__file__).parent.parent / "blueprints/automation/octoeverywhere"
NAMES = sorted(path.name for path in BLUEPRINTS.glob("*.yaml"))
NOTIFIERS = [
    "gadget_warning_actions.yaml",
    "print_failed_notify.yaml",
    "print_finished_notify.yaml",
]

EVENT = "event.sim_printer_print_event"
# Not about blueprints: asyncio's slow-callback notes (time travel) and no libturbojpeg here.
ENVIRONMENT_LOGGERS = {"asyncio", "homeassistant.components.camera.img_util"}
# The inputs without a default: the printer's own entities and what to switch off.
REQUIRED_INPUTS: dict[str, dict[str, str]] = {
    "bed_cooled_switch_off.yaml": {
        "print_event": EVENT,
        "target_switch": "light.sim_printer_caselight",
    },
    "gadget_warning_actions.yaml": {
        "print_event": EVENT,
        "pause_button": "button.sim_printer_pause",
        "cancel_button": "button.sim_printer_cancel",
    },
    "print_failed_notify.yaml": {"print_event": EVENT},
    "print_finished_notify.yaml": {"print_event": EVENT},
}


def load(name: str) -> Blueprint:
    """Load a shipped blueprint through Home Assistant's own validation."""
    return Blueprint(
        load_yaml_dict(BLUEPRINTS / name),
        path=name,
        expected_domain="automation",
        schema=AUTOMATION_BLUEPRINT_SCHEMA,
    )


def test_all_four_are_shipped() -> None:
    """Finished, failed, Gadget warning and bed cooled down."""
    assert NAMES == [
        "bed_cooled_switch_off.yaml",
        "gadget_warning_actions.yaml",
        "print_failed_notify.yaml",
        "print_finished_notify.yaml",
    ]


@pytest.mark.parametrize("name", NAMES)
def test_blueprint_is_valid(name: str) -> None:
    """Each blueprint passes Home Assistant's validation, driven by the print event entity."""
    blueprint = load(name)
    assert blueprint.domain == "automation"
    selector = blueprint.inputs["print_event"]["selector"]["entity"]["filter"]
    assert selector == [{"integration": "octoeverywhere", "domain": ["event"]}]


@pytest.mark.parametrize("name", NAMES)
def test_only_the_printer_is_required(name: str) -> None:
    """Saving works without a phone: every other input has a default."""
    blueprint = load(name)
    required = {key for key, spec in blueprint.inputs.items() if "default" not in spec}
    assert required == set(REQUIRED_INPUTS[name])
    for spec in blueprint.inputs.values():
        assert "selector" in spec and spec.get("name")


@pytest.mark.parametrize("name", NOTIFIERS)
def test_notify_targets(name: str) -> None:
    """Phones, notify entities, notify actions and Home Assistant's notification, grouped."""
    raw = load_yaml_dict(BLUEPRINTS / name)["blueprint"]["input"]["targets"]
    assert set(raw["input"]) == {
        "notify_device",
        "notify_entities",
        "notify_actions",
        "persistent",
    }
    inputs = load(name).inputs
    assert inputs["notify_device"]["selector"]["device"]["filter"] == [
        {"integration": "mobile_app"}
    ]
    assert inputs["notify_entities"]["selector"]["entity"]["filter"] == [
        {"domain": ["notify"]}
    ]
    assert inputs["notify_actions"]["selector"]["text"]["multiple"] is True
    assert [inputs[key]["default"] for key in raw["input"]] == [[], [], [], False]


@pytest.fixture
def simulator() -> Simulator:
    """A Klipper printer with a hot bed, finishing a print."""
    return Simulator("moonraker", "printing", clock=ManualClock(), progress=99)


@pytest.fixture
async def printer(
    hass: HomeAssistant, simulator_entry: MockConfigEntry
) -> MockConfigEntry:
    """The simulated printer, set up, and the blueprints in the configuration."""
    assert await async_setup_component(hass, "homeassistant", {})
    assert await async_setup_component(hass, "persistent_notification", {})
    await setup_entry(hass, simulator_entry)
    target = Path(hass.config.path("blueprints/automation/octoeverywhere"))

    def install() -> None:
        target.mkdir(parents=True, exist_ok=True)
        for name in NAMES:
            shutil.copy(BLUEPRINTS / name, target)

    await hass.async_add_executor_job(install)
    return simulator_entry


async def use_blueprints(
    hass: HomeAssistant, uses: Mapping[str, Mapping[str, Any]]
) -> None:
    """Set up one automation per blueprint name, with the required inputs plus ``uses``."""
    assert await async_setup_component(
        hass,
        "automation",
        {
            "automation": [
                {
                    "alias": name.removesuffix(".yaml"),
                    "use_blueprint": {
                        "path": f"octoeverywhere/{name}",
                        "input": {**REQUIRED_INPUTS[name], **extra},
                    },
                }
                for name, extra in uses.items()
            ]
        },
    )
    await hass.async_block_till_done()
    for name in uses:
        state = hass.states.get(f"automation.{name.removesuffix('.yaml')}")
        assert state is not None and state.state == STATE_ON, name


async def notifications(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator
) -> dict[str, dict[str, Any]]:
    """Home Assistant's persistent notifications, by id."""
    client = await hass_ws_client(hass)
    await client.send_json_auto_id({"type": "persistent_notification/get"})
    answer = await client.receive_json()
    assert answer["success"]
    return {item["notification_id"]: item for item in answer["result"]}


@pytest.mark.parametrize("name", NAMES)
async def test_reload_logs_no_template_warning(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    printer: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
    name: str,
) -> None:
    """Reloading the printer makes the event entity unavailable and back: nothing runs.

    Before, the state trigger fired on the way to `unavailable` and every template logged
    "Template variable warning: ... has no attribute 'event_type'".
    """
    await use_blueprints(hass, {name: {}})
    automation = f"automation.{name.removesuffix('.yaml')}"
    # A real event first, so the entity has a state to go away from and come back to.
    simulator.printer.set_light("caselight", True)
    await next_poll(hass, freezer, simulator=simulator, seconds=120)
    assert hass.states.get(EVENT).attributes["event_type"] == "complete"
    triggered = hass.states.get(automation).attributes["last_triggered"]
    caplog.clear()
    caplog.set_level(logging.DEBUG)
    states: list[str] = []
    hass.bus.async_listen(
        "state_changed",
        lambda event: (
            states.append(event.data["new_state"].state)
            if event.data["entity_id"] == EVENT and event.data["new_state"]
            else None
        ),
    )
    assert await hass.config_entries.async_reload(printer.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    await next_poll(hass, freezer, ACTIVE_INTERVAL)
    assert "unavailable" in states  # the transition the blueprints must ignore
    problems = [
        f"{record.name}: {record.getMessage()}"
        for record in caplog.records
        if (record.levelno >= logging.WARNING or "Template" in record.getMessage())
        and record.name not in ENVIRONMENT_LOGGERS
    ]
    assert problems == []
    # Not even triggered (a trigger whose conditions fail logs "Conditions not met").
    runs = [
        r.getMessage()
        for r in caplog.records
        if r.name == f"homeassistant.components.{automation}"
    ]
    assert runs == []
    assert hass.states.get(automation).attributes["last_triggered"] == triggered


async def test_print_finished_notifies_home_assistant(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    printer: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """With its defaults: a Home Assistant notification when the print completes."""
    await use_blueprints(hass, {"print_finished_notify.yaml": {}})
    assert await notifications(hass, hass_ws_client) == {}
    await next_poll(hass, freezer, simulator=simulator, seconds=120)
    notification = (await notifications(hass, hass_ws_client))[
        f"octoeverywhere_print_finished_{EVENT}"
    ]
    file_name = simulator.printer.job.file_name
    minutes = round(simulator.printer.job.elapsed(simulator.now()) / 60)
    assert notification["title"] == "Print complete"
    assert notification["message"] == f"{file_name} finished after {minutes} min."


async def test_print_failed_notifies_home_assistant(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    printer: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """With its defaults: a Home Assistant notification when the print fails."""
    await use_blueprints(hass, {"print_failed_notify.yaml": {}})
    simulator.set_scenario("error")
    await next_poll(hass, freezer)
    assert hass.states.get(EVENT).attributes["event_type"] == "failed"
    notification = (await notifications(hass, hass_ws_client))[
        f"octoeverywhere_print_failed_{EVENT}"
    ]
    assert notification["title"] == "Print failed"
    assert notification["message"].startswith(simulator.printer.job.file_name)


@pytest.mark.parametrize("include_cancelled", [False, True])
async def test_print_cancelled_only_when_asked(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    printer: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
    include_cancelled: bool,  # noqa: FBT001
) -> None:
    """A cancelled print notifies only with "Also when cancelled"."""
    await use_blueprints(
        hass, {"print_failed_notify.yaml": {"include_cancelled": include_cancelled}}
    )
    simulator.set_scenario("cancelled")
    await next_poll(hass, freezer)
    assert hass.states.get(EVENT).attributes["event_type"] == "cancelled"
    found = await notifications(hass, hass_ws_client)
    if not include_cancelled:
        assert found == {}
        return
    notification = found[f"octoeverywhere_print_failed_{EVENT}"]
    assert notification["title"] == "Print cancelled"
    assert notification["message"] == "benchy_pla_0.2mm.gcode was cancelled."


async def test_gadget_warning_notifies_home_assistant(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    printer: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """Without a phone: a notification that links to the printer's page, nothing pressed."""
    await use_blueprints(hass, {"gadget_warning_actions.yaml": {}})
    simulator.gadget(warn=True)
    await next_poll(hass, freezer, ACTIVE_INTERVAL)
    assert hass.states.get(EVENT).attributes["event_type"] == "gadget_warning"
    notification = (await notifications(hass, hass_ws_client))[
        f"octoeverywhere_gadget_{EVENT}"
    ]
    entity = er.async_get(hass).async_get(EVENT)
    assert entity is not None and entity.device_id
    assert notification["title"] == "Gadget sees a possible failure"
    assert f"](/config/devices/device/{entity.device_id})" in notification["message"]
    assert not [r for r in simulator.requests if r.path in ("pause", "cancel")]


class Phone:
    """A phone with the Home Assistant app: its device and its notify action's calls."""

    def __init__(self, hass: HomeAssistant) -> None:
        """Register the device (of a mobile_app entry that is not set up) and the action."""
        entry = MockConfigEntry(domain="mobile_app", title="Pixel 9")
        entry.add_to_hass(hass)
        self.device_id = (
            dr.async_get(hass)
            .async_get_or_create(
                config_entry_id=entry.entry_id,
                identifiers={("mobile_app", "pixel-9")},
                name="Pixel 9",
            )
            .id
        )
        self.calls: list[ServiceCall] = []
        self.called = asyncio.Event()
        self._hass = hass

        async def notify(call: ServiceCall) -> None:
            self.calls.append(call)
            self.called.set()

        hass.services.async_register("notify", "mobile_app_pixel_9", notify)

    async def wait_for_question(self) -> None:
        """Wait until the blueprint has notified the phone and waits for its answer.

        Not with async_block_till_done: that would wait for the automation's run too, which
        waits for the answer.
        """
        await asyncio.wait_for(self.called.wait(), 30)
        for _ in range(1000):
            if self._hass.bus.async_listeners().get("mobile_app_notification_action"):
                return
            await asyncio.sleep(0)
        pytest.fail("the blueprint does not wait for the app's answer")


@pytest.fixture
def phone(hass: HomeAssistant) -> Phone:
    """A phone with the Home Assistant app."""
    return Phone(hass)


@pytest.mark.parametrize("name", NOTIFIERS)
async def test_every_target_is_notified(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    printer: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
    phone: Phone,
    name: str,
) -> None:
    """A phone, a notify entity and a notify action; no Home Assistant notification then."""
    entity_calls = async_mock_service(hass, "notify", "send_message")
    group_calls = async_mock_service(hass, "notify", "family")
    await use_blueprints(
        hass,
        {
            name: {
                "notify_device": [phone.device_id],
                "notify_entities": ["notify.mail"],
                "notify_actions": ["family"],
                "camera": "camera.sim_printer_webcam",
            }
        },
    )
    if name == "gadget_warning_actions.yaml":
        simulator.gadget(warn=True)
        freezer.tick(ACTIVE_INTERVAL)
        async_fire_time_changed(hass)
        await phone.wait_for_question()
    else:
        if name == "print_failed_notify.yaml":
            simulator.set_scenario("error")
        await next_poll(hass, freezer, simulator=simulator, seconds=120)
    assert [call.data["data"]["image"] for call in phone.calls] == [
        "/api/camera_proxy/camera.sim_printer_webcam"
    ]
    title = phone.calls[0].data["title"]
    assert [call.data for call in entity_calls] == [
        {
            "entity_id": ["notify.mail"],
            "title": title,
            "message": entity_calls[0].data["message"],
        }
    ]
    assert [call.data["title"] for call in group_calls] == [title]
    assert await notifications(hass, hass_ws_client) == {}
    if name == "gadget_warning_actions.yaml":
        # Nobody answers: the run ends when the wait times out (30 minutes by default).
        freezer.tick(timedelta(minutes=31))
        async_fire_time_changed(hass)
        await hass.async_block_till_done(wait_background_tasks=True)
        assert not [r for r in simulator.requests if r.path in ("pause", "cancel")]


async def test_persistent_as_well(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    printer: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """`persistent` adds Home Assistant's notification to the chosen targets."""
    calls = async_mock_service(hass, "notify", "send_message")
    await use_blueprints(
        hass,
        {
            "print_finished_notify.yaml": {
                "notify_entities": ["notify.mail"],
                "persistent": True,
            }
        },
    )
    await next_poll(hass, freezer, simulator=simulator, seconds=120)
    assert len(calls) == 1
    assert list(await notifications(hass, hass_ws_client)) == [
        f"octoeverywhere_print_finished_{EVENT}"
    ]


@pytest.mark.parametrize(
    ("answer", "command"), [("PAUSE", "pause"), ("CANCEL", "cancel")]
)
async def test_gadget_answer_from_the_phone(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    printer: MockConfigEntry,
    phone: Phone,
    answer: str,
    command: str,
) -> None:
    """The app's Pause / Cancel answer presses the printer's button."""
    await use_blueprints(
        hass, {"gadget_warning_actions.yaml": {"notify_device": phone.device_id}}
    )
    simulator.gadget(warn=True)
    freezer.tick(ACTIVE_INTERVAL)
    async_fire_time_changed(hass)
    await phone.wait_for_question()
    assert len(phone.calls) == 1
    data = phone.calls[0].data
    assert data["title"] == "Gadget sees a possible failure"
    assert (
        data["message"] == "benchy_pla_0.2mm.gcode may be failing. Pause or cancel it?"
    )
    actions = data["data"]["actions"]
    assert [action["title"] for action in actions] == ["Pause", "Cancel print"]
    chosen = next(
        a["action"] for a in actions if a["action"].startswith(f"OE_{answer}")
    )
    hass.bus.async_fire("mobile_app_notification_action", {"action": chosen})
    await hass.async_block_till_done(wait_background_tasks=True)
    assert [r.path for r in simulator.requests if r.path in ("pause", "cancel")] == [
        command
    ]


async def test_gadget_paused_offers_cancel_only(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    printer: MockConfigEntry,
    phone: Phone,
) -> None:
    """Once Gadget has paused the print, the app offers Cancel, not Pause; and an old
    notification's answer does nothing."""
    await use_blueprints(
        hass, {"gadget_warning_actions.yaml": {"notify_device": [phone.device_id]}}
    )
    simulator.gadget(pause=True)
    freezer.tick(ACTIVE_INTERVAL)
    async_fire_time_changed(hass)
    await phone.wait_for_question()
    data = phone.calls[0].data
    assert data["title"] == "Gadget paused the print"
    assert [action["title"] for action in data["data"]["actions"]] == ["Cancel print"]
    hass.bus.async_fire(
        "mobile_app_notification_action", {"action": "OE_CANCEL_an-older-run"}
    )
    await asyncio.sleep(0)
    assert hass.bus.async_listeners().get("mobile_app_notification_action")
    hass.bus.async_fire(
        "mobile_app_notification_action",
        {"action": data["data"]["actions"][0]["action"]},
    )
    await hass.async_block_till_done(wait_background_tasks=True)
    assert [r.path for r in simulator.requests if r.path in ("pause", "cancel")] == [
        "cancel"
    ]


async def test_bed_cooled_blueprint_switches_off(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    printer: MockConfigEntry,
) -> None:
    """Without any webhook: the print ends, the bed cools, the chosen light goes off."""
    simulator.printer.set_light("caselight", True)
    await use_blueprints(hass, {"bed_cooled_switch_off.yaml": {}})
    await next_poll(hass, freezer, simulator=simulator, seconds=120)
    assert hass.states.get("sensor.sim_printer_state").state == "complete"
    assert hass.states.get("light.sim_printer_caselight").state == STATE_ON
    for _ in range(40):  # the bed cools down over the next minutes
        await next_poll(hass, freezer, simulator=simulator, seconds=60)
    assert hass.states.get(EVENT).attributes["event_type"] == "bed_cooldown_complete"
    assert hass.states.get("light.sim_printer_caselight").state == STATE_OFF
    assert [
        request.json for request in simulator.requests if request.path == "set-light"
    ] == [{"Name": "caselight", "On": False}]
