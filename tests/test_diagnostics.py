"""Config entry diagnostics: their content, and that no secret and no host ever shows in them."""

import json
from typing import Any
from unittest.mock import AsyncMock

from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator
from syrupy.assertion import SnapshotAssertion
from syrupy.filters import props
from yarl import URL

from custom_components.octoeverywhere.api import CannotConnectError, PrinterStatus
from custom_components.octoeverywhere.const import (
    AUTH_BASIC,
    AUTH_BEARER,
    CONF_APP_TOKEN,
    CONF_AUTH_TYPE,
    CONF_WEBHOOK_SECRET,
    DOMAIN,
    IDLE_INTERVAL,
)
from homeassistant.const import (
    CONF_PASSWORD,
    CONF_TOKEN,
    CONF_URL,
    CONF_USERNAME,
    CONF_WEBHOOK_ID,
)
from homeassistant.core import HomeAssistant
from octoeverywhere_simulator import ManualClock, Simulator

from .conftest import load_json, setup_entry

USERNAME = "diag-user-7f3a"
PASSWORD = "diag-pass-Q9z!x"
TOKEN = "diag-bearer-token-5c2e81"
APP_TOKEN = "diag-app-token-0b7d"
WEBHOOK_ID = "diagwebhookid0123456789abcdef"
WEBHOOK_SECRET = "diag-webhook-secret-Zr4u"
SHARED_HOST = "shared-abc123.octoeverywhere.com"
SHARED_URL = f"https://{SHARED_HOST}"
# Values that change from run to run.
VOLATILE = props("last_duration_ms", "last_online")


@pytest.fixture
def simulator() -> Simulator:
    """A Klipper printer half-way through a print, behind Basic auth, with an AppToken."""
    return Simulator(
        "moonraker",
        "printing",
        clock=ManualClock(),
        progress=50,
        auth=("basic", USERNAME, PASSWORD),
        app_token=APP_TOKEN,
        material_system="ams",
    )


def _entry(
    url: str, auth: dict[str, str], *, app_token: bool = True
) -> MockConfigEntry:
    return MockConfigEntry(
        domain=DOMAIN,
        title="Diag printer",
        entry_id="01KOCTOEVERYWHEREDIAGENTRY1",
        unique_id="diagnosticsentry",
        data={
            CONF_URL: url,
            **auth,
            CONF_WEBHOOK_ID: WEBHOOK_ID,
            CONF_WEBHOOK_SECRET: WEBHOOK_SECRET,
        },
        options={CONF_APP_TOKEN: APP_TOKEN} if app_token else {},
    )


BASIC = {CONF_AUTH_TYPE: AUTH_BASIC, CONF_USERNAME: USERNAME, CONF_PASSWORD: PASSWORD}
BEARER = {CONF_AUTH_TYPE: AUTH_BEARER, CONF_TOKEN: TOKEN}


def assert_nothing_secret(diagnostics: Any, entry: MockConfigEntry, *more: str) -> None:
    """None of the entry's secrets, nor the host, is anywhere in the JSON text (keys too).

    Everything configured is secret but the auth type: the URL, the credentials, the
    webhook id and secret, the AppToken.
    """
    secrets = [
        str(value)
        for key, value in {**entry.data, **entry.options}.items()
        if key != CONF_AUTH_TYPE
    ]
    assert {CONF_URL, CONF_WEBHOOK_ID, CONF_WEBHOOK_SECRET} <= entry.data.keys()
    text = json.dumps(diagnostics)
    for secret in (*secrets, *more):
        assert secret not in text, secret


async def test_diagnostics_against_the_simulator(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    simulator: Simulator,
    simulator_url: str,
    snapshot: SnapshotAssertion,
) -> None:
    """Basic auth, an AppToken and a webhook: what diagnostics show (snapshot)."""
    entry = await setup_entry(hass, _entry(simulator_url, BASIC))
    await hass.async_block_till_done(wait_background_tasks=True)
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, entry)

    assert diagnostics == snapshot(exclude=VOLATILE)
    # What the snapshot must show, spelled out.
    assert diagnostics["entry"]["data"] == {
        CONF_URL: "**REDACTED**",
        CONF_AUTH_TYPE: AUTH_BASIC,
        CONF_USERNAME: "**REDACTED**",
        CONF_PASSWORD: "**REDACTED**",
        CONF_WEBHOOK_ID: "**REDACTED**",
        CONF_WEBHOOK_SECRET: "**REDACTED**",
    }
    assert diagnostics["entry"]["options"] == {CONF_APP_TOKEN: "**REDACTED**"}
    assert diagnostics["entry"]["connection"] == {
        "scheme": "http",
        "local_network": True,
        "auth_type": AUTH_BASIC,
    }
    printer = diagnostics["printer"]
    assert printer["online"] is True
    assert printer["features"] == 63
    assert printer["features_decoded"] == [
        "extrude",
        "home",
        "light",
        "move_axis",
        "set_temp",
        "start_print",
    ]
    assert printer["material_system_requested"] is True
    assert diagnostics["last_status"] == simulator.status(include_material_system=True)
    polling = diagnostics["polling"]
    assert polling["polls"] == 1
    assert polling["failures"] == 0
    assert polling["last_error"] is None
    assert polling["last_update_success"] is True
    assert isinstance(polling["last_duration_ms"], float)
    assert diagnostics["app_connection"]["configured"] is True
    assert diagnostics["app_connection"]["info_last_update_success"] is True
    assert diagnostics["app_connection"]["gadget"]["state"] == "active"
    assert_nothing_secret(diagnostics, entry, "127.0.0.1", simulator_url)


@pytest.mark.parametrize("auth", [BASIC, BEARER], ids=["basic", "bearer"])
async def test_no_secret_and_no_host_against_the_simulator(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    simulator_url: str,
    auth: dict[str, str],
) -> None:
    """Secrets and the host stay out, also when the printer reports them back and fails."""
    if auth is BEARER:
        simulator.configure(auth=("bearer", TOKEN))
    entry = await setup_entry(hass, _entry(simulator_url, auth))
    # The plugin echoes anything: the secrets come back in the printer's own texts.
    secret = PASSWORD if auth is BASIC else TOKEN
    simulator.configure(lights=[f"light {secret}", f"at {simulator_url}"])
    simulator.set_fault(
        plugin_status=752,
        message=f"boom at {simulator_url} for {USERNAME} {TOKEN}",
        count=1,
        paths=["status"],
    )
    freezer.tick(IDLE_INTERVAL)
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)
    failed = await get_diagnostics_for_config_entry(hass, hass_client, entry)
    assert failed["polling"]["failures"] == 1
    assert failed["polling"]["last_error"] == "**REDACTED**"
    assert_nothing_secret(failed, entry, "127.0.0.1", simulator_url)

    freezer.tick(IDLE_INTERVAL)
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)
    echoed = await get_diagnostics_for_config_entry(hass, hass_client, entry)
    lights = echoed["last_status"]["JobStatus"]["Lights"]
    assert [light["Name"] for light in lights] == ["**REDACTED**", "**REDACTED**"]
    assert_nothing_secret(echoed, entry, "127.0.0.1", simulator_url)


def _status_echoing_secrets() -> PrinterStatus:
    """A status whose texts, and one key, carry the secrets and the host."""
    payload = load_json("status_printing.json")["Result"]
    job = payload["JobStatus"]
    job["CurrentPrint"]["FileName"] = f"{SHARED_HOST}/{PASSWORD}.gcode"
    job["SubState"] = f"Connected through {SHARED_URL} as {USERNAME}"
    job["Error"] = f"token {TOKEN} / app {APP_TOKEN}"
    job["Lights"] = [{"Name": f"hook {WEBHOOK_ID} {WEBHOOK_SECRET}", "On": True}]
    payload["PlatformVersion"] = f"proxy {SHARED_HOST}"
    payload["ListWebcams"]["Webcams"] = [
        {"Name": "cam", "Url": f"{SHARED_URL}/webcam/?token={TOKEN}"}
    ]
    job["MaterialSystem"] = {"PlatformDetails": {SHARED_HOST: WEBHOOK_SECRET}}
    return PrinterStatus.from_dict(payload)


@pytest.mark.parametrize("auth", [BASIC, BEARER], ids=["basic", "bearer"])
async def test_no_secret_and_no_host_shared_connection(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    freezer: FrozenDateTimeFactory,
    mock_client: AsyncMock,
    auth: dict[str, str],
) -> None:
    """A Shared Connection's host is its secret: scrubbed from texts, errors and keys."""
    mock_client.origin = URL(SHARED_URL)
    mock_client.get_status.return_value = _status_echoing_secrets()
    entry = await setup_entry(hass, _entry(SHARED_URL, auth, app_token=False))
    online = await get_diagnostics_for_config_entry(hass, hass_client, entry)
    assert online["entry"]["connection"] == {
        "scheme": "https",
        "local_network": False,
        "auth_type": auth[CONF_AUTH_TYPE],
    }
    assert online["printer"]["online"] is True
    assert online["last_status"]["JobStatus"]["SubState"] == "**REDACTED**"
    assert_nothing_secret(online, entry, SHARED_HOST, "abc123")

    mock_client.get_status.side_effect = CannotConnectError(
        None, f"cannot connect to {SHARED_HOST}:443 ({SHARED_URL})"
    )
    freezer.tick(IDLE_INTERVAL)
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    failed = await get_diagnostics_for_config_entry(hass, hass_client, entry)
    assert failed["polling"]["last_update_success"] is False
    assert failed["polling"]["failures"] == 1
    assert failed["polling"]["last_error"] == "**REDACTED**"
    assert failed["polling"]["last_exception"] is not None
    assert_nothing_secret(failed, entry, SHARED_HOST, "abc123")
