"""Screenshots of the real Home Assistant frontend for docs/images: ``scripts/screenshots``.

Starts the simulator (a Klipper printer at 62 %) and Home Assistant as scripts/e2e does, onboards
it, adds the printer through the config flow, saves ``e2e/dashboard.yaml`` as a storage dashboard
and drives headless Chromium over the DevTools protocol (logged in through ``hassTokens`` in
localStorage) to capture:

- ``docs/images/dashboard.png``: the dashboard;
- ``docs/images/config-flow.png``: the "Add integration" dialog, first step, filled in;
- ``docs/images/config-flow-credentials.png``: its credentials step after a wrong password;
- ``docs/images/config-flow-done.png``: its success dialog (the first printer: reload for the card);
- ``docs/images/device.png``: the printer's device page;
- ``docs/images/card-*.png``: the printer card (scripts/e2e_card.py's dashboard) printing in the
  light and the dark theme, idle after a print, offline; and, on a second simulator, a Bambu Lab
  printer with an AMS.

With ``--language de`` (any language the integration speaks) it captures only the device page
in that language, Home Assistant's and the owner's profile language, as
``docs/images/device-de.png``.
"""

import argparse
import asyncio
import contextlib
import json
import sys

import aiohttp
from browser import Browser, chromium_executable, login, prepare, set_language
from e2e_card import CARD, DASHBOARD as CARD_DASHBOARD, add_card_dashboard, wait_card
from e2e_harness import (
    DOMAIN,
    ROOT,
    SIM_PASSWORD,
    SIM_USERNAME,
    E2EError,
    HomeAssistantClient,
    SimulatorClient,
    Stack,
    Tokens,
    add_integration,
    wait_for,
)
import yaml

OUTPUT = ROOT / "docs" / "images"
DASHBOARD = ROOT / "e2e" / "dashboard.yaml"
DASHBOARD_URL = "3d-printer"
FLOW_DIALOG = "dialog-data-entry-flow"
TRANSLATIONS = ROOT / "custom_components" / DOMAIN / "translations"
# The printer named as a user would name it: the name made from the host software is English.
LOCALIZED_PRINTER_NAME = "Voron 2.4"

SIM_ARGS = (
    "--platform",
    "moonraker",
    "--scenario",
    "printing",
    "--progress",
    "62",
    "--auth",
    "basic",
    "--username",
    SIM_USERNAME,
    "--password",
    SIM_PASSWORD,
    "--speed",
    "0.001",
)
# A Bambu Lab printer with an AMS, for the printer card.
BAMBU_SIM_ARGS = (
    "--platform",
    "bambu",
    "--material-system",
    "ams",
    "--scenario",
    "printing",
    "--progress",
    "38",
    "--auth",
    "basic",
    "--username",
    SIM_USERNAME,
    "--password",
    SIM_PASSWORD,
    "--speed",
    "0.001",
)


async def add_dashboard(ha: HomeAssistantClient) -> str:
    """Switch the light on and save the dashboard; return the printer's device id."""
    entries = await ha.rest("GET", f"/api/config/config_entries/entry?domain={DOMAIN}")
    if [entry["state"] for entry in entries] != ["loaded"]:
        raise E2EError(f"the config flow did not add the printer: {entries}")
    await ha.call_service(
        "light", "turn_on", {"entity_id": "light.klipper_printer_caselight"}
    )
    config = yaml.safe_load(DASHBOARD.read_text())
    async with ha.websocket() as ws:
        await ws.call(
            "lovelace/dashboards/create",
            url_path=DASHBOARD_URL,
            title="3D printer",
            icon="mdi:printer-3d",
            show_in_sidebar=True,
            require_admin=False,
            mode="storage",
        )
        await ws.call("lovelace/config/save", url_path=DASHBOARD_URL, config=config)
        devices = [
            device
            for device in await ws.call("config/device_registry/list")
            if device["config_entry_id"] == entries[0]["entry_id"]
        ]
    device_id: str = devices[0]["id"]
    return device_id


async def capture(args: argparse.Namespace) -> None:
    """Start everything, take the screenshots, stop everything."""
    OUTPUT.mkdir(parents=True, exist_ok=True)
    async with aiohttp.ClientSession() as session:
        if args.language:
            await capture_device_in(session, args, args.language)
            return
        await capture_klipper(session, args)
        await capture_bambu(session, args)


async def capture_device_in(
    session: aiohttp.ClientSession, args: argparse.Namespace, language: str
) -> None:
    """Capture the Klipper printer's device page in ``language``."""
    path = TRANSLATIONS / f"{language}.json"
    if not path.is_file():
        raise E2EError(f"the integration has no {path.name}")
    texts = json.loads(path.read_text())
    stack = Stack(sim_args=SIM_ARGS, keep=args.keep)
    async with stack:
        ha = HomeAssistantClient(session, stack.ha_url)
        tokens = await ha.onboard()
        await prepare(ha)
        await set_language(ha, language)
        entry_id, _ = await add_integration(
            ha, stack.sim_url, name=LOCALIZED_PRINTER_NAME
        )
        async with ha.websocket() as ws:
            device_id = next(
                device["id"]
                for device in await ws.call("config/device_registry/list")
                if entry_id in device["config_entries"]
                and device["via_device_id"] is None
            )
        # Tall enough for every entity of the device page, states included.
        browser = Browser(session, height=2700)
        try:
            await browser.start(chromium_executable())
            await login(browser, tokens, dark=not args.light, language=language)
            await browser.navigate(f"{stack.ha_url}/config/devices/device/{device_id}")
            # The integration's own texts in that language: entity names and a state.
            state = texts["entity"]["sensor"]["state"]
            for text in (
                texts["entity"]["event"]["print_event"]["name"],
                state["name"],
                state["state"]["printing"],
            ):
                await browser.find("*", text)
            await browser.settle("the device page", quiet=3)
            await browser.screenshot(OUTPUT / f"device-{language}.png")
        except Exception:
            stack.keep = True
            raise
        finally:
            await browser.close()


async def capture_klipper(
    session: aiohttp.ClientSession, args: argparse.Namespace
) -> None:
    """Capture the Klipper printer: config flow, dashboard, device page, printer card."""
    stack = Stack(sim_args=SIM_ARGS, keep=args.keep, preferred_sim_port=8124)
    async with stack:
        print(f"  simulator {stack.sim_url}, Home Assistant {stack.ha_url}")
        ha = HomeAssistantClient(session, stack.ha_url)
        tokens = await ha.onboard()
        await prepare(ha)
        browser = Browser(session)
        try:
            await browser.start(chromium_executable())
            await login(browser, tokens, dark=not args.light)
            await shoot_config_flow(browser, stack.ha_url, stack.sim_url)
            device_id = await add_dashboard(ha)
            await shoot_dashboard(browser, stack.ha_url)
            await shoot_device(browser, stack.ha_url, device_id)
            await shoot_cards(
                browser,
                session,
                ha,
                stack,
                tokens=tokens,
                device_id=device_id,
                dark=not args.light,
            )
        except Exception:
            failure = stack.workdir / "failure.png"
            with contextlib.suppress(Exception):
                await browser.screenshot(failure)
                print(f"  what the browser showed: {failure}", file=sys.stderr)
                print("\n".join(browser.console[-30:]), file=sys.stderr)
            stack.keep = True
            raise
        finally:
            await browser.close()


async def shoot_card(browser: Browser, ha_url: str, name: str) -> None:
    """Capture the printer card alone (the dashboard of scripts/e2e_card.py)."""
    await browser.navigate(f"{ha_url}/{CARD_DASHBOARD}/card")
    await wait_card(browser, f"the card for {name}", lambda shown: shown["state"])
    await browser.settle(f"the card for {name}", quiet=2)
    await browser.screenshot(OUTPUT / name, element=CARD)


async def shoot_cards(
    browser: Browser,
    session: aiohttp.ClientSession,
    ha: HomeAssistantClient,
    stack: Stack,
    *,
    tokens: Tokens,
    device_id: str,
    dark: bool,
) -> None:
    """Capture the printer card: printing in both themes, idle after a print, offline."""
    await add_card_dashboard(ha, device_id)
    sim = SimulatorClient(session, stack.sim_url)
    await login(browser, tokens, dark=False)
    await shoot_card(browser, stack.ha_url, "card-printing-light.png")
    await login(browser, tokens, dark=True)
    await shoot_card(browser, stack.ha_url, "card-printing-dark.png")
    await login(browser, tokens, dark=dark)

    async def state_is(expected: str, key: str = "state") -> None:
        entity = f"sensor.klipper_printer_{key}"

        async def probe() -> bool:
            await ha.call_service(
                "homeassistant", "update_entity", {"entity_id": entity}
            )
            return (await ha.state(entity))["state"] == expected

        await wait_for(f"{entity} = {expected}", probe, within=30, interval=1)

    # A print completes, then the printer idles: the card shows the last print.
    await sim.post("scenario", {"scenario": "complete"})
    await state_is("complete", "last_print_result")
    await sim.post("scenario", {"scenario": "idle"})
    await state_is("idle")
    await shoot_card(browser, stack.ha_url, "card-idle.png")
    await sim.post("scenario", {"scenario": "offline"})
    await state_is("offline")
    await shoot_card(browser, stack.ha_url, "card-offline.png")


async def capture_bambu(
    session: aiohttp.ClientSession, args: argparse.Namespace
) -> None:
    """Capture the card of a Bambu Lab printer with an AMS, on its own simulator."""
    stack = Stack(sim_args=BAMBU_SIM_ARGS, keep=args.keep)
    async with stack:
        ha = HomeAssistantClient(session, stack.ha_url)
        tokens = await ha.onboard()
        await prepare(ha)
        entry_id, _ = await add_integration(ha, stack.sim_url, name="Bambu Lab X1C")
        async with ha.websocket() as ws:
            device_id = next(
                device["id"]
                for device in await ws.call("config/device_registry/list")
                if device["config_entry_id"] == entry_id
                and device["via_device_id"] is None
            )
        await add_card_dashboard(ha, device_id)
        browser = Browser(session)
        try:
            await browser.start(chromium_executable())
            await login(browser, tokens, dark=not args.light)
            await shoot_card(browser, stack.ha_url, "card-bambu-ams.png")
        except Exception:
            stack.keep = True
            raise
        finally:
            await browser.close()


async def shoot_dashboard(browser: Browser, ha_url: str) -> None:
    """Capture the dashboard of e2e/dashboard.yaml."""
    await browser.navigate(f"{ha_url}/{DASHBOARD_URL}/printer")
    await browser.find("hui-tile-card")
    await browser.settle("the dashboard", quiet=3)
    await browser.screenshot(OUTPUT / "dashboard.png")


async def shoot_config_flow(browser: Browser, ha_url: str, sim_url: str) -> None:
    """Add the printer in the UI: the first step filled in, a wrong password, then the right one."""
    await browser.navigate(
        f"{ha_url}/config/integrations/dashboard/add?domain={DOMAIN}"
    )
    # The "add" link asks first, as a link from the integration's documentation does.
    await browser.click("ha-button", "OK")
    await browser.find("ha-selector-text", scope=FLOW_DIALOG)
    await browser.settle("the config flow dialog")
    await browser.click("input", scope=FLOW_DIALOG)
    await browser.type_text(f"{sim_url}/")
    await browser.click("ha-radio-option", "HTTP Basic", scope=FLOW_DIALOG)
    await browser.settle("the filled-in first step", quiet=1)
    await browser.screenshot(OUTPUT / "config-flow.png")
    await browser.click("ha-button", "Submit", scope=FLOW_DIALOG)
    await browser.find("ha-selector-text", "", 1, FLOW_DIALOG)
    await browser.settle("the credentials step", quiet=1)
    await browser.click("input", scope=FLOW_DIALOG)
    await browser.type_text(SIM_USERNAME)
    await browser.click("input", index=1, scope=FLOW_DIALOG)
    await browser.type_text("not-the-password")
    await browser.click("ha-button", "Submit", scope=FLOW_DIALOG)
    await browser.find("ha-alert", scope=FLOW_DIALOG)
    await browser.settle("the invalid_auth error", quiet=1)
    await browser.screenshot(OUTPUT / "config-flow-credentials.png")
    await browser.click("input", index=1, scope=FLOW_DIALOG)
    await browser.select_all()
    await browser.type_text(SIM_PASSWORD)
    await browser.click("ha-button", "Submit", scope=FLOW_DIALOG)
    # The first printer since the start: the success dialog says to reload for the card.
    await browser.find("ha-button", "finish", scope=FLOW_DIALOG)
    await browser.settle("the success dialog", quiet=1)
    await browser.screenshot(OUTPUT / "config-flow-done.png")
    # "Name and assign" the new device: keep the name the integration chose.
    await browser.click("ha-button", "finish", scope=FLOW_DIALOG)


async def shoot_device(browser: Browser, ha_url: str, device_id: str) -> None:
    """Capture the printer's device page."""
    await browser.navigate(f"{ha_url}/config/devices/device/{device_id}")
    await browser.find("ha-device-info-card, ha-card")
    await browser.settle("the device page", quiet=3)
    await browser.screenshot(OUTPUT / "device.png")


def main() -> int:
    """Parse the command line and run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--light", action="store_true", help="light theme (default dark)"
    )
    parser.add_argument(
        "--language",
        metavar="CODE",
        help="only the device page, in this language (e.g. de): docs/images/device-CODE.png",
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the temporary directory (config, logs)",
    )
    try:
        asyncio.run(capture(parser.parse_args()))
    except E2EError as err:
        print(f"FAILED: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
