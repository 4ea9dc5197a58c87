"""The printer card: served under a versioned URL and loaded on every dashboard, once."""

from hashlib import sha256
from unittest.mock import AsyncMock

from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.octoeverywhere.card import CARD_FILE, CARD_URL
from custom_components.octoeverywhere.const import DATA_CARD_URL, DOMAIN
from homeassistant.components.frontend import DATA_EXTRA_MODULE_URL
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component

from .conftest import setup_entry


async def test_card_served_and_loaded_once(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    mock_config_entry: MockConfigEntry,
    mock_client: AsyncMock,
) -> None:
    """With the web UI, every dashboard loads the card: one URL, whatever the printers."""
    assert await async_setup_component(hass, "frontend", {})
    await setup_entry(hass, mock_config_entry)
    await setup_entry(
        hass,
        MockConfigEntry(domain=DOMAIN, data=mock_config_entry.data, unique_id="second"),
    )

    shipped = CARD_FILE.read_bytes()
    expected = f"{CARD_URL}?v={sha256(shipped).hexdigest()[:16]}"
    modules = hass.data[DATA_EXTRA_MODULE_URL].urls
    assert [url for url in modules if url.startswith(CARD_URL)] == [expected]
    # What the config flow looks at to tell whether open browser tabs have the card.
    assert hass.data[DATA_CARD_URL] == expected

    client = await hass_client()
    response = await client.get(expected)
    assert response.status == 200
    assert response.content_type == "text/javascript"
    assert await response.read() == shipped
    # A new card comes with a new URL, so browsers may keep this one for long.
    assert "max-age" in response.headers["Cache-Control"]


async def test_no_card_without_the_web_ui(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """A configuration without the frontend gets no card and sets up all the same."""
    assert "frontend" not in hass.config.components
    assert DATA_EXTRA_MODULE_URL not in hass.data
    assert hass.states.get("sensor.test_printer_state") is not None
