"""Tests of the OctoEverywhere config flow: user, reauth and reconfigure."""

from collections.abc import AsyncGenerator, Generator
import json
from pathlib import Path
import string
from typing import Any
from unittest.mock import ANY, AsyncMock, MagicMock, patch

import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from yarl import URL

from custom_components.octoeverywhere import connection
from custom_components.octoeverywhere.api import (
    AuthenticationError,
    BasicAuth,
    BearerAuth,
    CannotConnectError,
    CommandError,
    ConnectionRevokedError,
    HostNotConnectedError,
    PluginUpdateRequiredError,
    PrinterOfflineError,
    PrinterStatus,
    ServiceError,
    SupporterRequiredError,
)
from custom_components.octoeverywhere.connection import connection_unique_id
from custom_components.octoeverywhere.const import (
    CONF_AUTH_TYPE,
    CONF_CLOUDHOOK_URL,
    CONF_WEBHOOK_SECRET,
    DATA_CARD_URL,
    DOMAIN,
)
from homeassistant.config_entries import SOURCE_USER
from homeassistant.const import (
    CONF_NAME,
    CONF_PASSWORD,
    CONF_TOKEN,
    CONF_URL,
    CONF_USERNAME,
    CONF_WEBHOOK_ID,
)
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowManager, FlowResultType
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.translation import async_get_translations

from .conftest import TEST_PASSWORD, TEST_URL, TEST_USERNAME, load_json

COMPONENT = Path(__file__).parent.parent / "custom_components" / DOMAIN
TEST_HOST = "app-abc123.octoeverywhere.com"
OTHER_URL = "https://app-def456.octoeverywhere.com"
TEST_TOKEN = "t0ken-value"
# A new entry gets its own webhook for OctoEverywhere's notifications.
NEW_WEBHOOK = {CONF_WEBHOOK_ID: ANY, CONF_WEBHOOK_SECRET: ANY}


def _uid(url: str) -> str:
    return connection_unique_id(URL(url))


def _schema_key(schema: Any, key: str) -> Any:
    for schema_key in schema.schema:
        if schema_key == key:
            return schema_key
    raise AssertionError(f"{key} is not in the schema")


def _schema_default(schema: Any, key: str) -> Any:
    """Return the default of a field of a form's schema."""
    return _schema_key(schema, key).default()


def get_schema_suggested_value(schema: Any, key: str) -> Any:
    """Return the value a form prefills in a field (its suggested value), if any."""
    return (_schema_key(schema, key).description or {}).get("suggested_value")


def _status_with_features(features: int) -> PrinterStatus:
    result = load_json("status_printing.json")["Result"]
    result["Features"] = features
    return PrinterStatus.from_dict(result)


@pytest.fixture
def status() -> PrinterStatus:
    """Answer as a Klipper (Moonraker) printer: Features 63."""
    return _status_with_features(63)


@pytest.fixture
def mock_setup_entry() -> Generator[AsyncMock]:
    """Do not set up the entries the flows create or reload."""
    with patch(
        "custom_components.octoeverywhere.async_setup_entry", return_value=True
    ) as setup_entry:
        yield setup_entry


@pytest.fixture
def mock_client_class(mock_client: AsyncMock) -> MagicMock:
    """Return the patched client class, which records how the flow constructed it."""
    return connection.OctoEverywhereClient  # type: ignore[attr-defined,return-value]


@pytest.fixture(autouse=True)
async def check_translations(hass: HomeAssistant) -> AsyncGenerator[None]:
    """Fail a test whose flow shows a step, field, error or abort without a translation."""
    results: list[dict[str, Any]] = []
    handle_step = FlowManager._async_handle_step

    async def _recording_handle_step(
        self: FlowManager, flow: Any, step_id: str, user_input: Any
    ) -> Any:
        result = await handle_step(self, flow, step_id, user_input)
        results.append(dict(result))
        return result

    with patch.object(FlowManager, "_async_handle_step", _recording_handle_step):
        yield

    problems: list[str] = []

    async def _require(domain: str, category: str, key: str) -> str | None:
        translations = await async_get_translations(hass, "en", category, [domain])
        full_key = f"component.{domain}.{category}.{key}"
        if (text := translations.get(full_key)) is None:
            problems.append(f"missing translation {full_key}")
        return text

    for result in results:
        if result["handler"] != DOMAIN:
            continue
        if result["type"] is FlowResultType.FORM:
            step = f"step.{result['step_id']}"
            placeholders = result.get("description_placeholders") or {}
            for part in ("title", "description"):
                text = await _require(DOMAIN, "config", f"{step}.{part}")
                for _, field, _, _ in string.Formatter().parse(text or ""):
                    if field is not None and field not in placeholders:
                        problems.append(f"placeholder {field} of {step}.{part}")
            for key, selector in result["data_schema"].schema.items():
                await _require(DOMAIN, "config", f"{step}.data.{key}")
                translations = await async_get_translations(
                    hass, "en", "config", [DOMAIN]
                )
                described = f"component.{DOMAIN}.config.{step}.data_description.{key}"
                for _, field, _, _ in string.Formatter().parse(
                    translations.get(described, "")
                ):
                    if field is not None and field not in placeholders:
                        problems.append(f"placeholder {field} of {described}")
                config = getattr(selector, "config", {})
                if translation_key := config.get("translation_key"):
                    for option in config["options"]:
                        await _require(
                            DOMAIN, "selector", f"{translation_key}.options.{option}"
                        )
            for error in (result.get("errors") or {}).values():
                await _require(DOMAIN, "config", f"error.{error}")
        elif result["type"] is FlowResultType.ABORT:
            domain = result.get("translation_domain") or DOMAIN
            await _require(domain, "config", f"abort.{result['reason']}")
    assert not problems


def test_translations_match_strings() -> None:
    """translations/en.json is what a custom integration ships: it equals strings.json."""
    strings = json.loads((COMPONENT / "strings.json").read_text())
    english = json.loads((COMPONENT / "translations" / "en.json").read_text())
    assert english == strings


# --- User step ------------------------------------------------------------------------


@pytest.mark.usefixtures("mock_setup_entry")
async def test_user_no_auth(hass: HomeAssistant, mock_client_class: MagicMock) -> None:
    """A Shared Connection needs no credentials: only the origin of the URL is kept."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    assert result["errors"] == {}
    assert _schema_default(result["data_schema"], CONF_AUTH_TYPE) == "none"

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {
            CONF_URL: f"  {TEST_URL}/some/path?token=x#fragment  ",
            CONF_AUTH_TYPE: "none",
        },
    )

    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Klipper printer"
    assert result["data"] == {CONF_URL: TEST_URL, CONF_AUTH_TYPE: "none", **NEW_WEBHOOK}
    unique_id = result["result"].unique_id
    assert unique_id == _uid(TEST_URL)
    assert TEST_HOST not in unique_id
    assert "octoeverywhere" not in unique_id
    mock_client_class.assert_called_once_with(ANY, TEST_URL, None)


@pytest.mark.parametrize(
    ("card_added_before", "description"),
    [(False, "reload_for_card"), (True, None)],
)
async def test_user_says_when_the_card_needs_a_reload(
    hass: HomeAssistant,
    mock_client_class: MagicMock,
    card_added_before: bool,
    description: str | None,
) -> None:
    """The first printer since the start adds the card to dashboards: open tabs reload once."""
    if card_added_before:
        hass.data[DATA_CARD_URL] = "/octoeverywhere/octoeverywhere-printer-card.js?v=1"
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_URL: TEST_URL, CONF_AUTH_TYPE: "none"}
    )

    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["description"] == description
    if description:
        translations = await async_get_translations(hass, "en", "config", [DOMAIN])
        text = translations[f"component.{DOMAIN}.config.create_entry.{description}"]
        assert "reload this browser tab" in text


@pytest.mark.usefixtures("mock_setup_entry")
async def test_user_basic(hass: HomeAssistant, mock_client_class: MagicMock) -> None:
    """Basic auth asks for the user name and password in a second step."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {CONF_URL: TEST_URL, CONF_AUTH_TYPE: "basic", CONF_NAME: "  My Voron  "},
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "basic"
    assert result["errors"] == {}
    assert not get_schema_suggested_value(result["data_schema"], CONF_USERNAME)
    mock_client_class.assert_not_called()

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_USERNAME: TEST_USERNAME, CONF_PASSWORD: TEST_PASSWORD}
    )

    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "My Voron"
    assert result["data"] == {
        CONF_URL: TEST_URL,
        CONF_AUTH_TYPE: "basic",
        CONF_USERNAME: TEST_USERNAME,
        CONF_PASSWORD: TEST_PASSWORD,
        **NEW_WEBHOOK,
    }
    assert result["result"].unique_id == _uid(TEST_URL)
    mock_client_class.assert_called_once_with(
        ANY, TEST_URL, BasicAuth(TEST_USERNAME, TEST_PASSWORD)
    )


@pytest.mark.usefixtures("mock_setup_entry")
async def test_user_bearer(hass: HomeAssistant, mock_client_class: MagicMock) -> None:
    """Bearer auth asks for the token in a second step."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_URL: TEST_URL, CONF_AUTH_TYPE: "bearer"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "bearer"
    assert result["errors"] == {}

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_TOKEN: TEST_TOKEN}
    )

    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Klipper printer"
    assert result["data"] == {
        CONF_URL: TEST_URL,
        CONF_AUTH_TYPE: "bearer",
        CONF_TOKEN: TEST_TOKEN,
        **NEW_WEBHOOK,
    }
    assert result["result"].unique_id == _uid(TEST_URL)
    mock_client_class.assert_called_once_with(ANY, TEST_URL, BearerAuth(TEST_TOKEN))


@pytest.mark.usefixtures("mock_client", "mock_setup_entry")
@pytest.mark.parametrize(
    ("status", "name", "title"),
    [
        (_status_with_features(63), None, "Klipper printer"),
        (_status_with_features(33), "", "Bambu Lab printer"),
        (_status_with_features(31), "   ", "3D printer"),
        (_status_with_features(31), " Ender 3 ", "Ender 3"),
    ],
)
async def test_user_title(
    hass: HomeAssistant, status: PrinterStatus, name: str | None, title: str
) -> None:
    """The title is the given name (stripped), else derived from the host platform."""
    user_input = {CONF_URL: TEST_URL, CONF_AUTH_TYPE: "none"}
    if name is not None:
        user_input[CONF_NAME] = name
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], user_input
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == title


@pytest.mark.usefixtures("mock_setup_entry")
@pytest.mark.parametrize("code", [785, 787, 789])
async def test_user_host_not_connected(
    hass: HomeAssistant, mock_client: AsyncMock, code: int
) -> None:
    """The connection works but the printer is off: accepted, with a default name."""
    mock_client.get_status.side_effect = HostNotConnectedError(code)
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_URL: TEST_URL, CONF_AUTH_TYPE: "none"}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "3D printer"
    assert result["data"] == {CONF_URL: TEST_URL, CONF_AUTH_TYPE: "none", **NEW_WEBHOOK}
    assert result["result"].unique_id == _uid(TEST_URL)


@pytest.mark.usefixtures("mock_setup_entry")
@pytest.mark.parametrize(
    "url",
    [
        "http://localhost:5000/path",
        "http://127.0.0.1:8080",
        "http://[::1]:8000",
        "http://192.168.1.10",
        "http://10.0.0.5:7125",
        "http://[fd00::1]",
        "http://169.254.10.1",
        "http://printer.local:7125",
    ],
)
async def test_user_http_on_local_network(
    hass: HomeAssistant, mock_client_class: MagicMock, url: str
) -> None:
    """Plain http is accepted on loopback and LAN addresses (simulator, local relay)."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_URL: url, CONF_AUTH_TYPE: "none"}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    origin = str(URL(url).origin())
    assert result["data"][CONF_URL] == origin
    assert result["result"].unique_id == _uid(origin)
    assert str(URL(url).host) not in result["result"].unique_id
    mock_client_class.assert_called_once_with(ANY, origin, None)


INVALID_URLS = [
    "http://app-abc123.octoeverywhere.com",
    "http://8.8.8.8",
    "http://localhost.example.com",
    "ftp://app-abc123.octoeverywhere.com",
    "ws://app-abc123.octoeverywhere.com",
    "https://user:pass@app-abc123.octoeverywhere.com",
    "https://user@app-abc123.octoeverywhere.com",
    "app-abc123.octoeverywhere.com",
    "https://",
    "not a url",
]


@pytest.mark.usefixtures("mock_setup_entry")
@pytest.mark.parametrize("url", INVALID_URLS)
async def test_user_invalid_url(
    hass: HomeAssistant, mock_client_class: MagicMock, url: str
) -> None:
    """An unacceptable URL is an error on the url field, before any request."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {CONF_URL: url, CONF_AUTH_TYPE: "basic", CONF_NAME: "Voron"},
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    assert result["errors"] == {CONF_URL: "invalid_url"}
    # What the user typed is kept in the form.
    assert get_schema_suggested_value(result["data_schema"], CONF_URL) == url
    assert get_schema_suggested_value(result["data_schema"], CONF_NAME) == "Voron"
    mock_client_class.assert_not_called()

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_URL: TEST_URL, CONF_AUTH_TYPE: "none"}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"] == {CONF_URL: TEST_URL, CONF_AUTH_TYPE: "none", **NEW_WEBHOOK}


ERRORS = [
    (AuthenticationError(606), "invalid_auth"),
    (PrinterOfflineError(601), "printer_offline"),
    (ConnectionRevokedError(603), "connection_revoked"),
    (ConnectionRevokedError(604), "connection_revoked"),
    (SupporterRequiredError(605), "supporter_required"),
    (PluginUpdateRequiredError(754), "plugin_update_required"),
    (PluginUpdateRequiredError(610), "plugin_update_required"),
    (CannotConnectError(None, "timeout"), "cannot_connect"),
    (ServiceError(607), "cannot_connect"),
    (CommandError(500), "cannot_connect"),
    (RuntimeError("boom"), "unknown"),
]


@pytest.mark.usefixtures("mock_setup_entry")
@pytest.mark.parametrize(("side_effect", "error"), ERRORS)
async def test_user_no_auth_errors(
    hass: HomeAssistant,
    mock_client: AsyncMock,
    side_effect: Exception,
    error: str,
) -> None:
    """Without credentials the user form shows the error; a retry succeeds."""
    mock_client.get_status.side_effect = side_effect
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    user_input = {CONF_URL: TEST_URL, CONF_AUTH_TYPE: "none", CONF_NAME: "Voron"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], user_input
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    assert result["errors"] == {"base": error}
    assert get_schema_suggested_value(result["data_schema"], CONF_URL) == TEST_URL

    mock_client.get_status.side_effect = None
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], user_input
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Voron"
    assert result["data"] == {CONF_URL: TEST_URL, CONF_AUTH_TYPE: "none", **NEW_WEBHOOK}


@pytest.mark.usefixtures("mock_setup_entry")
@pytest.mark.parametrize(("side_effect", "error"), ERRORS)
async def test_user_basic_errors(
    hass: HomeAssistant,
    mock_client: AsyncMock,
    mock_client_class: MagicMock,
    side_effect: Exception,
    error: str,
) -> None:
    """The credentials step shows the error and keeps the user name; a retry succeeds."""
    mock_client.get_status.side_effect = side_effect
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_URL: TEST_URL, CONF_AUTH_TYPE: "basic"}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_USERNAME: TEST_USERNAME, CONF_PASSWORD: "wrong"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "basic"
    assert result["errors"] == {"base": error}
    assert (
        get_schema_suggested_value(result["data_schema"], CONF_USERNAME)
        == TEST_USERNAME
    )

    mock_client.get_status.side_effect = None
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_USERNAME: TEST_USERNAME, CONF_PASSWORD: TEST_PASSWORD}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"] == {
        CONF_URL: TEST_URL,
        CONF_AUTH_TYPE: "basic",
        CONF_USERNAME: TEST_USERNAME,
        CONF_PASSWORD: TEST_PASSWORD,
        **NEW_WEBHOOK,
    }
    assert mock_client_class.call_args_list[-1].args[1:] == (
        TEST_URL,
        BasicAuth(TEST_USERNAME, TEST_PASSWORD),
    )


@pytest.mark.usefixtures("mock_setup_entry")
@pytest.mark.parametrize(("side_effect", "error"), ERRORS)
async def test_user_bearer_errors(
    hass: HomeAssistant,
    mock_client: AsyncMock,
    mock_client_class: MagicMock,
    side_effect: Exception,
    error: str,
) -> None:
    """The token step shows the error; a retry succeeds."""
    mock_client.get_status.side_effect = side_effect
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_URL: TEST_URL, CONF_AUTH_TYPE: "bearer"}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_TOKEN: "wrong"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "bearer"
    assert result["errors"] == {"base": error}

    mock_client.get_status.side_effect = None
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_TOKEN: TEST_TOKEN}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"] == {
        CONF_URL: TEST_URL,
        CONF_AUTH_TYPE: "bearer",
        CONF_TOKEN: TEST_TOKEN,
        **NEW_WEBHOOK,
    }
    assert mock_client_class.call_args_list[-1].args[1:] == (
        TEST_URL,
        BearerAuth(TEST_TOKEN),
    )


@pytest.mark.usefixtures("mock_setup_entry")
@pytest.mark.parametrize(
    ("url", "auth_type"),
    [
        (TEST_URL, "none"),
        (f"{TEST_URL}/other/path", "basic"),
        ("HTTPS://APP-ABC123.OctoEverywhere.com:443/", "bearer"),
    ],
)
async def test_user_already_configured(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    mock_client: AsyncMock,
    url: str,
    auth_type: str,
) -> None:
    """The same connection (same origin, any spelling) cannot be added twice."""
    mock_config_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(mock_config_entry, unique_id=_uid(TEST_URL))

    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_URL: url, CONF_AUTH_TYPE: auth_type}
    )

    # Refused at once: no credentials asked for, no request sent.
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert len(hass.config_entries.async_entries(DOMAIN)) == 1
    assert mock_config_entry.data[CONF_USERNAME] == TEST_USERNAME
    mock_client.get_status.assert_not_called()


@pytest.mark.usefixtures("mock_client", "mock_setup_entry")
async def test_user_other_connection_is_added(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> None:
    """Another connection URL is another entry."""
    mock_config_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(mock_config_entry, unique_id=_uid(TEST_URL))

    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_URL: OTHER_URL, CONF_AUTH_TYPE: "none"}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["result"].unique_id == _uid(OTHER_URL)
    assert result["result"].unique_id != _uid(TEST_URL)
    assert len(hass.config_entries.async_entries(DOMAIN)) == 2


# --- Reauth ---------------------------------------------------------------------------


async def test_reauth_basic(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    mock_client_class: MagicMock,
    mock_setup_entry: AsyncMock,
) -> None:
    """Reauthenticate with a new password; the user name is prefilled."""
    mock_config_entry.add_to_hass(hass)
    result = await mock_config_entry.start_reauth_flow(hass)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "reauth_confirm"
    assert result["description_placeholders"] == {"name": "Test printer"}
    assert _schema_default(result["data_schema"], CONF_AUTH_TYPE) == "basic"

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_AUTH_TYPE: "basic"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "basic"
    assert result["errors"] == {}
    assert (
        get_schema_suggested_value(result["data_schema"], CONF_USERNAME)
        == TEST_USERNAME
    )
    assert not get_schema_suggested_value(result["data_schema"], CONF_PASSWORD)

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_USERNAME: TEST_USERNAME, CONF_PASSWORD: "new-pass"}
    )
    await hass.async_block_till_done()

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    assert mock_config_entry.data == {
        CONF_URL: TEST_URL,
        CONF_AUTH_TYPE: "basic",
        CONF_USERNAME: TEST_USERNAME,
        CONF_PASSWORD: "new-pass",
        **NEW_WEBHOOK,
    }
    assert mock_config_entry.unique_id == "0123456789abcdef"
    assert mock_config_entry.title == "Test printer"
    mock_client_class.assert_called_once_with(
        ANY, TEST_URL, BasicAuth(TEST_USERNAME, "new-pass")
    )
    # The entry was reloaded with the new credentials.
    assert len(mock_setup_entry.mock_calls) == 1


@pytest.mark.usefixtures("mock_setup_entry")
@pytest.mark.parametrize(("side_effect", "error"), ERRORS)
async def test_reauth_basic_errors(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    mock_client: AsyncMock,
    side_effect: Exception,
    error: str,
) -> None:
    """A failed test keeps the entry as it was; a retry succeeds."""
    mock_config_entry.add_to_hass(hass)
    result = await mock_config_entry.start_reauth_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_AUTH_TYPE: "basic"}
    )

    mock_client.get_status.side_effect = side_effect
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_USERNAME: TEST_USERNAME, CONF_PASSWORD: "wrong"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "basic"
    assert result["errors"] == {"base": error}
    assert mock_config_entry.data[CONF_PASSWORD] == TEST_PASSWORD

    mock_client.get_status.side_effect = None
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_USERNAME: TEST_USERNAME, CONF_PASSWORD: "new-pass"}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    assert mock_config_entry.data[CONF_PASSWORD] == "new-pass"


async def test_reauth_switch_to_bearer(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    mock_client_class: MagicMock,
    mock_setup_entry: AsyncMock,
) -> None:
    """Reauthenticate a Basic entry with a token: the old user name and password go."""
    mock_config_entry.add_to_hass(hass)
    result = await mock_config_entry.start_reauth_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_AUTH_TYPE: "bearer"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "bearer"
    assert result["errors"] == {}

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_TOKEN: TEST_TOKEN}
    )
    await hass.async_block_till_done()

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    assert mock_config_entry.data == {
        CONF_URL: TEST_URL,
        CONF_AUTH_TYPE: "bearer",
        CONF_TOKEN: TEST_TOKEN,
        **NEW_WEBHOOK,
    }
    mock_client_class.assert_called_once_with(ANY, TEST_URL, BearerAuth(TEST_TOKEN))
    assert len(mock_setup_entry.mock_calls) == 1


@pytest.mark.usefixtures("mock_setup_entry")
@pytest.mark.parametrize(("side_effect", "error"), ERRORS)
async def test_reauth_bearer_errors(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    mock_client: AsyncMock,
    side_effect: Exception,
    error: str,
) -> None:
    """The token step shows the error; a retry succeeds."""
    mock_config_entry.add_to_hass(hass)
    result = await mock_config_entry.start_reauth_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_AUTH_TYPE: "bearer"}
    )

    mock_client.get_status.side_effect = side_effect
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_TOKEN: "wrong"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "bearer"
    assert result["errors"] == {"base": error}
    assert mock_config_entry.data[CONF_AUTH_TYPE] == "basic"

    mock_client.get_status.side_effect = None
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_TOKEN: TEST_TOKEN}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    assert mock_config_entry.data == {
        CONF_URL: TEST_URL,
        CONF_AUTH_TYPE: "bearer",
        CONF_TOKEN: TEST_TOKEN,
        **NEW_WEBHOOK,
    }


@pytest.mark.usefixtures("mock_client", "mock_setup_entry")
@pytest.mark.parametrize(
    ("data", "default"),
    [
        ({CONF_URL: TEST_URL, CONF_AUTH_TYPE: "none"}, "basic"),
        ({CONF_URL: TEST_URL, CONF_AUTH_TYPE: "bearer", CONF_TOKEN: "old"}, "bearer"),
    ],
)
async def test_reauth_default_auth_type(
    hass: HomeAssistant, data: dict[str, str], default: str
) -> None:
    """The reauth form proposes the entry's auth type, or Basic for a Shared Connection."""
    entry = MockConfigEntry(
        domain=DOMAIN, title="Shared", unique_id=_uid(TEST_URL), data=data
    )
    entry.add_to_hass(hass)
    result = await entry.start_reauth_flow(hass)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "reauth_confirm"
    assert result["description_placeholders"] == {"name": "Shared"}
    assert _schema_default(result["data_schema"], CONF_AUTH_TYPE) == default

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_AUTH_TYPE: "basic"}
    )
    assert result["step_id"] == "basic"
    assert not get_schema_suggested_value(result["data_schema"], CONF_USERNAME)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_USERNAME: "new-user", CONF_PASSWORD: "new-pass"}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    assert entry.data == {
        CONF_URL: TEST_URL,
        CONF_AUTH_TYPE: "basic",
        CONF_USERNAME: "new-user",
        CONF_PASSWORD: "new-pass",
        **NEW_WEBHOOK,
    }


# --- Reconfigure ----------------------------------------------------------------------


async def test_reconfigure_new_connection_basic(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    mock_client_class: MagicMock,
    mock_setup_entry: AsyncMock,
) -> None:
    """Move the entry to a new App Connection: the form is prefilled from the entry."""
    mock_config_entry.add_to_hass(hass)
    entry_id = mock_config_entry.entry_id
    result = await mock_config_entry.start_reconfigure_flow(hass)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "reconfigure"
    assert result["errors"] == {}
    assert get_schema_suggested_value(result["data_schema"], CONF_URL) == TEST_URL
    assert get_schema_suggested_value(result["data_schema"], CONF_AUTH_TYPE) == "basic"

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_URL: f"{OTHER_URL}/path", CONF_AUTH_TYPE: "basic"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "basic"
    assert result["errors"] == {}
    assert (
        get_schema_suggested_value(result["data_schema"], CONF_USERNAME)
        == TEST_USERNAME
    )

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_USERNAME: "new-user", CONF_PASSWORD: "new-pass"}
    )
    await hass.async_block_till_done()

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert mock_config_entry.entry_id == entry_id
    assert mock_config_entry.title == "Test printer"
    assert mock_config_entry.unique_id == _uid(OTHER_URL)
    assert "app-def456" not in mock_config_entry.unique_id
    assert mock_config_entry.data == {
        CONF_URL: OTHER_URL,
        CONF_AUTH_TYPE: "basic",
        CONF_USERNAME: "new-user",
        CONF_PASSWORD: "new-pass",
        **NEW_WEBHOOK,
    }
    mock_client_class.assert_called_once_with(
        ANY, OTHER_URL, BasicAuth("new-user", "new-pass")
    )
    assert len(mock_setup_entry.mock_calls) == 1


@pytest.mark.usefixtures("mock_setup_entry")
@pytest.mark.parametrize(("side_effect", "error"), ERRORS)
async def test_reconfigure_basic_errors(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    mock_client: AsyncMock,
    side_effect: Exception,
    error: str,
) -> None:
    """A failed test keeps the entry on its old connection; a retry succeeds."""
    mock_config_entry.add_to_hass(hass)
    result = await mock_config_entry.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_URL: OTHER_URL, CONF_AUTH_TYPE: "basic"}
    )

    mock_client.get_status.side_effect = side_effect
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_USERNAME: "new-user", CONF_PASSWORD: "wrong"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "basic"
    assert result["errors"] == {"base": error}
    assert (
        get_schema_suggested_value(result["data_schema"], CONF_USERNAME) == "new-user"
    )
    assert mock_config_entry.data[CONF_URL] == TEST_URL
    assert mock_config_entry.unique_id == "0123456789abcdef"

    mock_client.get_status.side_effect = None
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_USERNAME: "new-user", CONF_PASSWORD: "new-pass"}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert mock_config_entry.data[CONF_URL] == OTHER_URL
    assert mock_config_entry.unique_id == _uid(OTHER_URL)


async def test_reconfigure_to_shared_connection(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    mock_client_class: MagicMock,
    mock_setup_entry: AsyncMock,
) -> None:
    """Without credentials the reconfigure form tests right away; old secrets go."""
    mock_config_entry.add_to_hass(hass)
    result = await mock_config_entry.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_URL: OTHER_URL, CONF_AUTH_TYPE: "none"}
    )
    await hass.async_block_till_done()

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert mock_config_entry.data == {
        CONF_URL: OTHER_URL,
        CONF_AUTH_TYPE: "none",
        **NEW_WEBHOOK,
    }
    assert mock_config_entry.unique_id == _uid(OTHER_URL)
    mock_client_class.assert_called_once_with(ANY, OTHER_URL, None)
    assert len(mock_setup_entry.mock_calls) == 1


@pytest.mark.parametrize("source", ["reauth", "reconfigure"])
async def test_new_credentials_keep_the_cloud_webhook(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    mock_client_class: MagicMock,
    mock_setup_entry: AsyncMock,
    source: str,
) -> None:
    """The webhook id, secret and Home Assistant Cloud URL survive reauth and reconfigure."""
    mock_config_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        mock_config_entry,
        data={
            **mock_config_entry.data,
            CONF_WEBHOOK_ID: "hook-id",
            CONF_WEBHOOK_SECRET: "hook-secret",
            CONF_CLOUDHOOK_URL: "https://hooks.example/x",
        },
    )
    kept = {
        key: mock_config_entry.data[key]
        for key in (CONF_WEBHOOK_ID, CONF_WEBHOOK_SECRET, CONF_CLOUDHOOK_URL)
    }
    if source == "reauth":
        result = await mock_config_entry.start_reauth_flow(hass)
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], {CONF_AUTH_TYPE: "basic"}
        )
        answer = {CONF_USERNAME: TEST_USERNAME, CONF_PASSWORD: "new-pass"}
    else:
        result = await mock_config_entry.start_reconfigure_flow(hass)
        answer = {CONF_URL: TEST_URL, CONF_AUTH_TYPE: "none"}
    result = await hass.config_entries.flow.async_configure(result["flow_id"], answer)
    await hass.async_block_till_done()

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == f"{source}_successful"
    assert {key: mock_config_entry.data.get(key) for key in kept} == kept


@pytest.mark.usefixtures("mock_setup_entry")
@pytest.mark.parametrize(("side_effect", "error"), ERRORS)
async def test_reconfigure_no_auth_errors(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    mock_client: AsyncMock,
    side_effect: Exception,
    error: str,
) -> None:
    """The reconfigure form shows the error and keeps what was typed; a retry succeeds."""
    mock_config_entry.add_to_hass(hass)
    result = await mock_config_entry.start_reconfigure_flow(hass)
    user_input = {CONF_URL: OTHER_URL, CONF_AUTH_TYPE: "none"}

    mock_client.get_status.side_effect = side_effect
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], user_input
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "reconfigure"
    assert result["errors"] == {"base": error}
    # The form keeps what the user typed, not the entry's data.
    assert get_schema_suggested_value(result["data_schema"], CONF_URL) == OTHER_URL
    assert get_schema_suggested_value(result["data_schema"], CONF_AUTH_TYPE) == "none"
    assert mock_config_entry.data[CONF_URL] == TEST_URL

    mock_client.get_status.side_effect = None
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], user_input
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert mock_config_entry.data == {
        CONF_URL: OTHER_URL,
        CONF_AUTH_TYPE: "none",
        **NEW_WEBHOOK,
    }


@pytest.mark.usefixtures("mock_setup_entry")
async def test_reconfigure_bearer_host_not_connected(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    mock_client: AsyncMock,
    mock_client_class: MagicMock,
) -> None:
    """Reconfigure to a token while the printer is off: accepted."""
    mock_client.get_status.side_effect = HostNotConnectedError(785)
    mock_config_entry.add_to_hass(hass)
    result = await mock_config_entry.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_URL: OTHER_URL, CONF_AUTH_TYPE: "bearer"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "bearer"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_TOKEN: TEST_TOKEN}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert mock_config_entry.data == {
        CONF_URL: OTHER_URL,
        CONF_AUTH_TYPE: "bearer",
        CONF_TOKEN: TEST_TOKEN,
        **NEW_WEBHOOK,
    }
    assert mock_config_entry.unique_id == _uid(OTHER_URL)
    assert mock_client_class.call_args_list[-1].args[1:] == (
        OTHER_URL,
        BearerAuth(TEST_TOKEN),
    )


@pytest.mark.usefixtures("mock_client", "mock_setup_entry")
@pytest.mark.parametrize("url", INVALID_URLS)
async def test_reconfigure_invalid_url(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    mock_client_class: MagicMock,
    url: str,
) -> None:
    """An unacceptable URL is an error on the url field; a retry succeeds."""
    mock_config_entry.add_to_hass(hass)
    result = await mock_config_entry.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_URL: url, CONF_AUTH_TYPE: "none"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "reconfigure"
    assert result["errors"] == {CONF_URL: "invalid_url"}
    assert get_schema_suggested_value(result["data_schema"], CONF_URL) == url
    mock_client_class.assert_not_called()

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_URL: OTHER_URL, CONF_AUTH_TYPE: "none"}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert mock_config_entry.data == {
        CONF_URL: OTHER_URL,
        CONF_AUTH_TYPE: "none",
        **NEW_WEBHOOK,
    }


@pytest.mark.usefixtures("mock_client")
async def test_reconfigure_same_connection(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    mock_setup_entry: AsyncMock,
) -> None:
    """Reconfiguring to the entry's own connection (new credentials) is allowed."""
    mock_config_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(mock_config_entry, unique_id=_uid(TEST_URL))
    result = await mock_config_entry.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_URL: TEST_URL, CONF_AUTH_TYPE: "basic"}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_USERNAME: TEST_USERNAME, CONF_PASSWORD: "rotated"}
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert mock_config_entry.unique_id == _uid(TEST_URL)
    assert mock_config_entry.data[CONF_PASSWORD] == "rotated"
    assert len(mock_setup_entry.mock_calls) == 1


@pytest.mark.usefixtures("mock_client")
async def test_reconfigure_to_other_entrys_connection(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    mock_setup_entry: AsyncMock,
) -> None:
    """A connection that another entry uses is refused; this entry is unchanged."""
    mock_config_entry.add_to_hass(hass)
    other = MockConfigEntry(
        domain=DOMAIN,
        title="Other printer",
        unique_id=_uid(OTHER_URL),
        data={CONF_URL: OTHER_URL, CONF_AUTH_TYPE: "none"},
    )
    other.add_to_hass(hass)
    data_before = dict(mock_config_entry.data)

    result = await mock_config_entry.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_URL: OTHER_URL, CONF_AUTH_TYPE: "none"}
    )
    await hass.async_block_till_done()

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert mock_config_entry.unique_id == "0123456789abcdef"
    assert dict(mock_config_entry.data) == data_before
    assert other.data == {CONF_URL: OTHER_URL, CONF_AUTH_TYPE: "none"}
    assert len(mock_setup_entry.mock_calls) == 0


async def test_reconfigure_keeps_entities(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    init_integration: MockConfigEntry,
    mock_client_class: MagicMock,
) -> None:
    """A real reload after reconfigure keeps the entry's entities and their ids."""
    entities_before = {
        entity.entity_id: entity.unique_id
        for entity in er.async_entries_for_config_entry(
            entity_registry, init_integration.entry_id
        )
    }
    assert entities_before

    result = await init_integration.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_URL: OTHER_URL, CONF_AUTH_TYPE: "bearer"}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_TOKEN: TEST_TOKEN}
    )
    await hass.async_block_till_done()

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    entities_after = {
        entity.entity_id: entity.unique_id
        for entity in er.async_entries_for_config_entry(
            entity_registry, init_integration.entry_id
        )
    }
    assert entities_after == entities_before
    # The reloaded entry connects through the new connection.
    assert mock_client_class.call_args_list[-1].args[1:] == (
        OTHER_URL,
        BearerAuth(TEST_TOKEN),
    )
