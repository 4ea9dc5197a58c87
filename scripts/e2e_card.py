"""The printer card in a real browser, for scripts/e2e.

Debian's Chromium opens a storage dashboard holding ``custom:octoeverywhere-printer-card`` for
the simulated printer, cold (a new browser with an empty profile) five times: the card must
render every time, never "Custom element doesn't exist" (the module is loaded through
``add_extra_js_url``; see frontend/src/registry.ts for the race this guards against). In the
last one it checks what the card shows against Home Assistant, that Cancel asks first and sends
nothing, and that Pause and Resume reach the printer; the browser's console stays free of errors.
"""

import json
import time
from typing import Any

import aiohttp
from browser import Browser, chromium_executable, login
from e2e_harness import E2EError, HomeAssistantClient, Tokens, wait_for

CARD = "octoeverywhere-printer-card"
DASHBOARD = "printer-card"
COLD_OPENS = 5

# The card and any error card, looked up through every shadow root.
_CARD_JS = """
(() => {
  const all = [];
  const walk = (root) => {
    for (const el of root.querySelectorAll('*')) {
      all.push(el);
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(document);
  const errors = all.filter((el) => el.tagName === 'HUI-ERROR-CARD')
    .map((el) => (el.shadowRoot || el).textContent.trim().slice(0, 200) || el.tagName);
  const card = all.find((el) => el.tagName === 'OCTOEVERYWHERE-PRINTER-CARD');
  const root = card && card.shadowRoot;
  if (!root || !root.querySelector('.name')) return JSON.stringify({rendered: false, errors});
  const text = (selector) => {
    const el = root.querySelector(selector);
    return el ? el.textContent.replace(/\\s+/g, ' ').trim() : null;
  };
  const ring = root.querySelector('[role="progressbar"]');
  return JSON.stringify({
    rendered: true,
    errors,
    name: text('.name'),
    state: text('.chip.state'),
    percent: ring && ring.getAttribute('aria-valuenow'),
    percentText: text('.ring .percent'),
    file: text('.file'),
    controls: [...root.querySelectorAll('button.control')].map((b) => b.textContent.trim()),
    confirm: text('[role="alertdialog"]'),
    camera: !!root.querySelector('.camera img'),
  });
})()
"""


async def add_card_dashboard(ha: HomeAssistantClient, device_id: str) -> None:
    """Save a dashboard holding only the card, as a user would with the card picker."""
    async with ha.websocket() as ws:
        await ws.call(
            "lovelace/dashboards/create",
            url_path=DASHBOARD,
            title="Printer card",
            mode="storage",
            show_in_sidebar=True,
            require_admin=False,
        )
        await ws.call(
            "lovelace/config/save",
            url_path=DASHBOARD,
            config={
                "views": [
                    {
                        "path": "card",
                        "cards": [{"type": f"custom:{CARD}", "device_id": device_id}],
                    }
                ]
            },
        )


async def card_state(browser: Browser) -> dict[str, Any]:
    """Return what the card shows now (``rendered`` false until it has rendered)."""
    result: dict[str, Any] = json.loads(await browser.evaluate(_CARD_JS))
    return result


async def wait_card(
    browser: Browser, what: str, condition: Any, within: float = 20.0
) -> dict[str, Any]:
    """Wait until the card shows something ``condition`` accepts; fail on an error card."""

    async def probe() -> dict[str, Any] | None:
        shown = await card_state(browser)
        if shown["errors"]:
            raise E2EError(f"error card on the dashboard: {shown['errors']}")
        if not shown["rendered"]:
            raise E2EError("the card has not rendered")
        if not condition(shown):
            raise E2EError(f"the card shows {shown}")
        return shown

    try:
        return await wait_for(what, probe, within=within, interval=0.2)
    except E2EError as err:
        # An error card is final: say so rather than "timed out".
        shown = await card_state(browser)
        if shown["errors"]:
            raise E2EError(
                f"{what}: error card instead of the printer card: {shown['errors']}"
            ) from err
        raise


async def open_cold(
    session: aiohttp.ClientSession, tokens: Tokens, ha_url: str
) -> tuple[Browser, float]:
    """Open the dashboard in a new browser (empty profile); return it and the seconds."""
    browser = Browser(session, width=600, height=1100)
    try:
        await browser.start(chromium_executable())
        await login(browser, tokens, dark=False)
        started = time.monotonic()
        await browser.navigate(f"{ha_url}/{DASHBOARD}/card")
        await wait_card(browser, "the card on a cold first open", lambda s: s["state"])
    except BaseException:
        await browser.close()
        raise
    return browser, time.monotonic() - started
