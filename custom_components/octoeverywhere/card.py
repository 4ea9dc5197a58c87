"""The printer card: served with the integration and loaded on every dashboard.

The card is a single ES module built from ``frontend/`` (see the README) and shipped in
``frontend/`` next to this file. It is served under a URL that carries a hash of its content,
so a browser never keeps a stale card after an update, and added to every dashboard with
``add_extra_js_url``: no Lovelace resource to add by hand.
"""

from hashlib import sha256
from pathlib import Path
from typing import Final

from homeassistant.components.frontend import add_extra_js_url
from homeassistant.components.http import StaticPathConfig
from homeassistant.core import HomeAssistant

from .const import DATA_CARD_URL, DOMAIN

CARD_NAME: Final = "octoeverywhere-printer-card"
CARD_FILE: Final = Path(__file__).parent / "frontend" / f"{CARD_NAME}.js"
CARD_URL: Final = f"/{DOMAIN}/{CARD_NAME}.js"


def _version() -> str:
    """Return a short hash of the shipped card (read from disk: an executor job)."""
    return sha256(CARD_FILE.read_bytes()).hexdigest()[:16]


async def async_register_card(hass: HomeAssistant) -> None:
    """Serve the card and load it on every dashboard; once per Home Assistant."""
    if "frontend" not in hass.config.components:
        # No web UI (e.g. a headless configuration): nothing would load the card.
        return
    version = await hass.async_add_executor_job(_version)
    await hass.http.async_register_static_paths(
        # Cached for long: a new card gets a new URL through its hash.
        [StaticPathConfig(CARD_URL, str(CARD_FILE), cache_headers=True)]
    )
    hass.data[DATA_CARD_URL] = url = f"{CARD_URL}?v={version}"
    add_extra_js_url(hass, url)
