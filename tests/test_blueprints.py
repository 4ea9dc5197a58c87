"""The shipped automation blueprints: valid for Home Assistant, and working on print events."""

from pathlib import Path
import shutil

from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.octoeverywhere.const import IDLE_INTERVAL
from homeassistant.components.automation.config import AUTOMATION_BLUEPRINT_SCHEMA
from homeassistant.components.blueprint.models import Blueprint
from homeassistant.const import STATE_OFF, STATE_ON
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
from homeassistant.util.yaml import load_yaml_dict
from octoeverywhere_simulator import ManualClock, Simulator

from .conftest import setup_entry

BLUEPRINTS = Path(__file__).parent.parent / "blueprints/automation/octoeverywhere"
NAMES = sorted(path.name for path in BLUEPRINTS.glob("*.yaml"))


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
    """Each blueprint passes Home Assistant's blueprint validation for automations."""
    blueprint = Blueprint(
        load_yaml_dict(BLUEPRINTS / name),
        path=name,
        expected_domain="automation",
        schema=AUTOMATION_BLUEPRINT_SCHEMA,
    )
    assert blueprint.domain == "automation"
    # Each one is driven by the printer's print event entity, nothing else.
    selector = blueprint.inputs["print_event"]["selector"]["entity"]["filter"]
    assert selector == [{"integration": "octoeverywhere", "domain": ["event"]}]


@pytest.fixture
def simulator() -> Simulator:
    """A Klipper printer with a hot bed, finishing a print."""
    return Simulator("moonraker", "printing", clock=ManualClock(), progress=99)


async def test_bed_cooled_blueprint_switches_off(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    simulator_entry: MockConfigEntry,
) -> None:
    """Without any webhook: the print ends, the bed cools, the chosen light goes off."""
    assert await async_setup_component(hass, "homeassistant", {})
    await setup_entry(hass, simulator_entry)
    target = Path(hass.config.path("blueprints/automation/octoeverywhere"))

    def install() -> None:
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy(BLUEPRINTS / "bed_cooled_switch_off.yaml", target)

    await hass.async_add_executor_job(install)
    simulator.printer.set_light("caselight", True)
    assert await async_setup_component(
        hass,
        "automation",
        {
            "automation": {
                "use_blueprint": {
                    "path": "octoeverywhere/bed_cooled_switch_off.yaml",
                    "input": {
                        "print_event": "event.sim_printer_print_event",
                        "target_switch": "light.sim_printer_caselight",
                    },
                }
            }
        },
    )

    async def poll(seconds: float) -> None:
        simulator.advance(seconds)
        freezer.tick(IDLE_INTERVAL)
        async_fire_time_changed(hass)
        await hass.async_block_till_done(wait_background_tasks=True)

    await poll(120)  # the print completes; the bed is still hot
    assert hass.states.get("sensor.sim_printer_state").state == "complete"
    assert hass.states.get("light.sim_printer_caselight").state == STATE_ON
    for _ in range(40):  # the bed cools down over the next minutes
        await poll(60)
    assert hass.states.get("event.sim_printer_print_event").attributes[
        "event_type"
    ] == ("bed_cooldown_complete")
    assert hass.states.get("light.sim_printer_caselight").state == STATE_OFF
    assert [
        request.json for request in simulator.requests if request.path == "set-light"
    ] == [{"Name": "caselight", "On": False}]
