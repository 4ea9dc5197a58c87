"""No credential, and not the connection's address, ever reaches a log line.

Everything runs with debug logging on: the config flow with a wrong then the right password,
set-up, polls that fail in every way the client reports, commands, a webhook with a wrong
secret, an AppToken check, and diagnostics.
"""

import logging
from typing import Any

from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import async_fire_time_changed
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.octoeverywhere.const import CONF_AUTH_TYPE, DOMAIN, IDLE_INTERVAL
from custom_components.octoeverywhere.diagnostics import (
    async_get_config_entry_diagnostics,
)
from homeassistant.config_entries import SOURCE_USER
from homeassistant.const import CONF_PASSWORD, CONF_URL, CONF_USERNAME, CONF_WEBHOOK_ID
from homeassistant.core import HomeAssistant
from octoeverywhere_simulator import Fault, ManualClock, Simulator

USERNAME = "secret-user-7731"
PASSWORD = "secret-pass-9902"
APP_TOKEN = "secret-apptoken-4455"


@pytest.fixture
def simulator() -> Simulator:
    """A printer behind Basic auth with an AppToken for the App APIs."""
    return Simulator(
        "moonraker",
        "printing",
        clock=ManualClock(),
        progress=30,
        auth=("basic", USERNAME, PASSWORD),
        app_token=APP_TOKEN,
    )


async def test_no_secret_in_any_log_line(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
    hass_client_no_auth: ClientSessionGenerator,
    simulator: Simulator,
    simulator_url: str,
) -> None:
    """Walk through everything that logs, then search every record."""
    caplog.set_level(logging.DEBUG)
    flow = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    flow = await hass.config_entries.flow.async_configure(
        flow["flow_id"], {CONF_URL: simulator_url, CONF_AUTH_TYPE: "basic"}
    )
    wrong = await hass.config_entries.flow.async_configure(
        flow["flow_id"], {CONF_USERNAME: USERNAME, CONF_PASSWORD: "wrong-pass-1234"}
    )
    assert wrong["errors"] == {"base": "invalid_auth"}
    created = await hass.config_entries.flow.async_configure(
        flow["flow_id"], {CONF_USERNAME: USERNAME, CONF_PASSWORD: PASSWORD}
    )
    await hass.async_block_till_done()
    entry = hass.config_entries.async_get_entry(created["result"].entry_id)

    # The AppToken through the options flow (a wrong one first).
    options = await hass.config_entries.options.async_init(entry.entry_id)
    options = await hass.config_entries.options.async_configure(
        options["flow_id"], {"next_step_id": "app_token"}
    )
    await hass.config_entries.options.async_configure(
        options["flow_id"], {"app_token": "wrong-apptoken-0000"}
    )
    await hass.config_entries.options.async_configure(
        options["flow_id"], {"app_token": APP_TOKEN}
    )
    await hass.async_block_till_done(wait_background_tasks=True)

    async def poll() -> None:
        simulator.advance(10)
        freezer.tick(IDLE_INTERVAL)
        async_fire_time_changed(hass)
        await hass.async_block_till_done(wait_background_tasks=True)
        # Gadget's App status too (asked by itself only when the status shows Gadget moved).
        gadget = entry.runtime_data.gadget
        assert gadget is not None
        await gadget.async_refresh()

    # Polls failing every way, each recovering.
    for fault in (
        Fault(http_status=600, body="html"),
        Fault(plugin_status=785),
        Fault(plugin_status=752, message="Traceback: boom"),
        Fault(malformed="truncated"),
        Fault(drop=True),
    ):
        simulator.set_fault(fault)
        await poll()
        simulator.set_fault()
        await poll()

    # Commands, one refused.
    await hass.services.async_call(
        "light",
        "turn_off",
        {"entity_id": "light.klipper_printer_caselight"},
        blocking=True,
    )
    simulator.set_fault(plugin_status=788, paths=("set-light",))
    with pytest.raises(Exception):  # noqa: B017 - only the logs matter here
        await hass.services.async_call(
            "light",
            "turn_on",
            {"entity_id": "light.klipper_printer_caselight"},
            blocking=True,
        )
    simulator.set_fault()

    # Credentials refused while polling: a reauthentication flow starts (polling stops).
    simulator.set_fault(http_status=606)
    await poll()
    assert hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    simulator.set_fault()

    # A webhook with a wrong secret.
    client = await hass_client_no_auth()
    await client.post(
        f"/api/webhook/{entry.data[CONF_WEBHOOK_ID]}",
        json={"EventType": 2, "SecretKey": "guessed-secret-5678"},
    )
    diagnostics: dict[str, Any] = await async_get_config_entry_diagnostics(hass, entry)
    assert diagnostics["entry"]["data"][CONF_PASSWORD] == "**REDACTED**"
    await hass.async_block_till_done(wait_background_tasks=True)

    secrets = [
        USERNAME,
        PASSWORD,
        APP_TOKEN,
        "wrong-pass-1234",
        "wrong-apptoken-0000",
        "guessed-secret-5678",
        entry.data["webhook_secret"],
    ]
    for record in caplog.records:
        text = record.getMessage() + (record.exc_text or "")
        for secret in secrets:
            assert secret not in text, (
                f"{secret!r} logged by {record.name}: {text[:200]}"
            )
        if record.name.startswith("custom_components.octoeverywhere"):
            # The connection URL is a secret for Shared Connections. (Home Assistant's own
            # HTTP debug log names the webhook path it serves; this integration does not.)
            assert simulator_url not in text and "127.0.0.1" not in text, text[:200]
            assert entry.data[CONF_WEBHOOK_ID] not in text, text[:200]
    # The walk really logged something to search.
    assert any(
        r.name.startswith("custom_components.octoeverywhere") for r in caplog.records
    )
