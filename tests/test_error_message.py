"""error_message: the printer's error text, or OctoEverywhere's while the printer is in error.

Klipper and OctoPrint report no error text in the status (Bambu "Error: Error", Elegoo CC2
"Printer Error"), but OctoEverywhere's notification of the error carries the real one.
"""

from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.octoeverywhere.const import CONF_WEBHOOK_SECRET
from homeassistant.const import CONF_WEBHOOK_ID, STATE_UNKNOWN
from homeassistant.core import HomeAssistant
from octoeverywhere_simulator import ManualClock, Simulator

from .conftest import next_poll, setup_entry

ERROR_MESSAGE = "sensor.sim_printer_error_message"
PROBLEM = "binary_sensor.sim_printer_problem"
RUNAWAY = "Heatbed thermal runaway"


@pytest.fixture
def simulator(request: pytest.FixtureRequest) -> Simulator:
    """A printer of the parametrized platform half-way through a print."""
    return Simulator(request.param, "printing", clock=ManualClock(), progress=50)


async def _push_notifications(
    hass: HomeAssistant,
    hass_client_no_auth: ClientSessionGenerator,
    simulator: Simulator,
    entry: MockConfigEntry,
) -> None:
    """Let the simulator send its notifications to the entry's webhook."""
    client = await hass_client_no_auth()
    simulator.configure(
        webhook_url=str(client.make_url(f"/api/webhook/{entry.data[CONF_WEBHOOK_ID]}")),
        webhook_secret=entry.data[CONF_WEBHOOK_SECRET],
    )


async def _fail(hass: HomeAssistant, simulator: Simulator, message: str) -> None:
    """The printer errors out; its notifications (failed, error) arrive."""
    simulator.printer.fail(message)
    simulator.tick()
    await simulator.flush_webhooks()
    await hass.async_block_till_done(wait_background_tasks=True)


@pytest.mark.parametrize(
    "simulator", ["moonraker", "octoprint", "bambu", "elegoo_cc2"], indirect=True
)
async def test_notified_error_shown_while_in_error(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    hass_client_no_auth: ClientSessionGenerator,
    simulator: Simulator,
    simulator_entry: MockConfigEntry,
) -> None:
    """The notification's text is the error message until the error state ends."""
    entry = await setup_entry(hass, simulator_entry)
    await _push_notifications(hass, hass_client_no_auth, simulator, entry)
    assert hass.states.get(ERROR_MESSAGE).state == STATE_UNKNOWN

    await _fail(hass, simulator, RUNAWAY)
    assert [sent["status"] for sent in simulator.webhooks.log] == [200, 200]
    assert hass.states.get(ERROR_MESSAGE).state == RUNAWAY
    assert hass.states.get(PROBLEM).state == "on"
    # Polls that find the printer still in error keep it.
    await next_poll(hass, freezer, simulator=simulator, seconds=30)
    await next_poll(hass, freezer, simulator=simulator, seconds=30)
    assert hass.states.get(ERROR_MESSAGE).state == RUNAWAY

    simulator.printer.go_idle()
    await next_poll(hass, freezer, simulator=simulator, seconds=30)
    assert hass.states.get(ERROR_MESSAGE).state == STATE_UNKNOWN
    # A later error without a notification does not bring the old text back.
    simulator.configure(webhook_url=None)
    await _fail(hass, simulator, "Something else")
    await next_poll(hass, freezer, simulator=simulator, seconds=30)
    assert hass.states.get(ERROR_MESSAGE).state != RUNAWAY


@pytest.mark.parametrize("simulator", ["moonraker"], indirect=True)
async def test_polled_error_first_then_notified(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    hass_client_no_auth: ClientSessionGenerator,
    simulator: Simulator,
    simulator_entry: MockConfigEntry,
) -> None:
    """A poll saw the error before the notification came: its text still arrives."""
    entry = await setup_entry(hass, simulator_entry)
    simulator.printer.fail(RUNAWAY)
    await next_poll(hass, freezer, simulator=simulator, seconds=1)
    assert hass.states.get("sensor.sim_printer_state").state == "error"
    assert hass.states.get(ERROR_MESSAGE).state == STATE_UNKNOWN

    await _push_notifications(hass, hass_client_no_auth, simulator, entry)
    simulator.send_webhook(9, overrides={"Error": RUNAWAY})
    await simulator.flush_webhooks()
    await hass.async_block_till_done(wait_background_tasks=True)
    assert hass.states.get(ERROR_MESSAGE).state == RUNAWAY


@pytest.mark.parametrize("simulator", ["moonraker"], indirect=True)
async def test_notified_error_ignored_when_not_in_error(
    hass: HomeAssistant,
    hass_client_no_auth: ClientSessionGenerator,
    simulator: Simulator,
    simulator_entry: MockConfigEntry,
) -> None:
    """An error notification while the printer prints on (a warning) shows nothing."""
    entry = await setup_entry(hass, simulator_entry)
    await _push_notifications(hass, hass_client_no_auth, simulator, entry)
    simulator.send_webhook(9, overrides={"Error": "Filament runout sensor glitch"})
    await simulator.flush_webhooks()
    await hass.async_block_till_done(wait_background_tasks=True)
    assert [sent["status"] for sent in simulator.webhooks.log] == [200]
    assert hass.states.get("sensor.sim_printer_state").state == "printing"
    assert hass.states.get(ERROR_MESSAGE).state == STATE_UNKNOWN
