"""Screenshots of the real Home Assistant frontend for docs/images: ``scripts/screenshots``.

Starts the simulator (a Klipper printer at 62 %) and Home Assistant as scripts/e2e does, onboards
it, adds the printer through the config flow, saves ``e2e/dashboard.yaml`` as a storage dashboard
and drives headless Chromium over the DevTools protocol (logged in through ``hassTokens`` in
localStorage) to capture:

- ``docs/images/dashboard.png``: the dashboard;
- ``docs/images/config-flow.png``: the "Add integration" dialog, first step, filled in;
- ``docs/images/config-flow-credentials.png``: its credentials step after a wrong password;
- ``docs/images/device.png``: the printer's device page.
"""

import argparse
import asyncio
import base64
from collections.abc import Mapping
import contextlib
import json
import os
from pathlib import Path
import shutil
import subprocess
import sys
import tempfile
import time
from typing import Any

import aiohttp
from e2e_harness import (
    DOMAIN,
    ROOT,
    SIM_PASSWORD,
    SIM_USERNAME,
    E2EError,
    HomeAssistantClient,
    Stack,
    Tokens,
    wait_for,
)
import yaml

OUTPUT = ROOT / "docs" / "images"
DASHBOARD = ROOT / "e2e" / "dashboard.yaml"
DASHBOARD_URL = "3d-printer"
WIDTH, HEIGHT = 1280, 900
FLOW_DIALOG = "dialog-data-entry-flow"

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

# Walks the document and every shadow root; tells whether the page is still busy.
_BUSY_JS = """
(() => {
  const all = [];
  const walk = (root) => {
    for (const el of root.querySelectorAll('*')) {
      all.push(el);
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(document);
  const visible = (el) => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && el.checkVisibility();
  };
  const busy = all.filter((el) =>
    ['HA-SPINNER', 'HA-CIRCULAR-PROGRESS', 'HA-INIT-PAGE', 'HA-LOADING-SCREEN']
      .includes(el.tagName) && visible(el));
  const images = all.filter((el) => el.tagName === 'IMG' && visible(el));
  // Broken images (brand icons need the internet) are done too.
  const loading = images.filter((img) => !img.complete);
  const errors = all.filter((el) => el.tagName === 'HUI-ERROR-CARD' || el.tagName === 'HUI-WARNING');
  return JSON.stringify({
    busy: busy.map((el) => el.tagName),
    images: images.length,
    loading: loading.length,
    errors: errors.map((el) => (el.shadowRoot || el).textContent.trim().slice(0, 200)),
    path: location.pathname,
  });
})()
"""

# Finds the index-th visible element matching a CSS selector, through shadow roots (and
# containing a text, any case, if given; inside the first element matching scope, if
# given); returns its centre.
_FIND_JS = """
((selector, text, index, scope) => {
  const matches = (root, css, wanted, visibleOnly) => {
    const found = [];
    const walk = (node) => {
      for (const el of node.querySelectorAll('*')) {
        if (el.matches(css) && (!wanted || el.textContent.toLowerCase().includes(wanted.toLowerCase()))) {
          const box = el.getBoundingClientRect();
          const visible = box.width > 0 && box.height > 0 && el.checkVisibility();
          if (visible || !visibleOnly) found.push(el);
        }
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(root);
    return found;
  };
  let root = document;
  if (scope) {
    const outer = matches(document, scope, '', false)[0];
    if (!outer) return null;
    root = outer.shadowRoot || outer;
  }
  const el = matches(root, selector, text, true)[index];
  if (!el) return null;
  const box = el.getBoundingClientRect();
  return JSON.stringify({x: box.x + box.width / 2, y: box.y + box.height / 2});
})
"""


class Browser:
    """Headless Chromium driven over the DevTools protocol (one page)."""

    def __init__(self, session: aiohttp.ClientSession) -> None:
        """Nothing runs until ``start``."""
        self._session = session
        self._process: subprocess.Popen[bytes] | None = None
        self._profile = Path(tempfile.mkdtemp(prefix="octoeverywhere-chromium-"))
        self._ws: aiohttp.ClientWebSocketResponse | None = None
        self._id = 0
        self._pending: dict[int, asyncio.Future[Any]] = {}
        self._reader: asyncio.Task[None] | None = None
        self.console: list[str] = []

    async def start(self, executable: str) -> None:
        """Start Chromium and attach to its first page."""
        self._process = subprocess.Popen(  # noqa: ASYNC220 - starts and returns at once
            [
                executable,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
                "--hide-scrollbars",
                "--force-device-scale-factor=1",
                f"--window-size={WIDTH},{HEIGHT}",
                f"--user-data-dir={self._profile}",
                "--remote-debugging-port=0",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=(self._profile.parent / f"{self._profile.name}.log").open("wb"),
            start_new_session=True,
        )
        port_file = self._profile / "DevToolsActivePort"

        async def started() -> bool:
            if self._process is not None and self._process.poll() is not None:
                raise E2EError(
                    f"chromium exited with status {self._process.returncode}"
                )
            return port_file.exists() and bool(port_file.read_text().strip())

        await wait_for("chromium's DevToolsActivePort", started, within=30)
        port = port_file.read_text().split()[0]
        async with self._session.get(f"http://127.0.0.1:{port}/json/list") as response:
            targets = await response.json()
        page = next(target for target in targets if target["type"] == "page")
        self._ws = await self._session.ws_connect(
            page["webSocketDebuggerUrl"], max_msg_size=0
        )
        self._reader = asyncio.create_task(self._read())
        await self.send("Page.enable")
        await self.send("Runtime.enable")
        await self.send("Log.enable")
        await self.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": False},
        )

    async def _read(self) -> None:
        assert self._ws is not None
        async for message in self._ws:
            if message.type != aiohttp.WSMsgType.TEXT:
                break
            data = message.json()
            if data.get("method") in (
                "Runtime.consoleAPICalled",
                "Runtime.exceptionThrown",
                "Log.entryAdded",
            ):
                self.console.append(json.dumps(data["params"])[:600])
            if (future := self._pending.pop(data.get("id", -1), None)) is not None:
                if "error" in data:
                    future.set_exception(E2EError(f"DevTools: {data['error']}"))
                else:
                    future.set_result(data.get("result", {}))

    async def send(self, method: str, params: Mapping[str, Any] | None = None) -> Any:
        """Send one DevTools command and return its result."""
        assert self._ws is not None
        self._id += 1
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._pending[self._id] = future
        await self._ws.send_json(
            {"id": self._id, "method": method, "params": dict(params or {})}
        )
        return await asyncio.wait_for(future, 60)

    async def evaluate(self, expression: str) -> Any:
        """Evaluate JavaScript in the page and return its value."""
        result = await self.send(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": True},
        )
        if "exceptionDetails" in result:
            raise E2EError(f"JavaScript failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    async def navigate(self, url: str) -> None:
        """Load ``url``."""
        await self.send("Page.navigate", {"url": url})

    async def settle(self, what: str, quiet: float = 2.0, within: float = 60.0) -> None:
        """Wait until no spinner shows and every visible image loaded, for ``quiet`` s."""
        since: float | None = None

        async def idle() -> bool:
            nonlocal since
            state = json.loads(await self.evaluate(_BUSY_JS))
            if state["errors"]:
                raise E2EError(f"{what}: card errors {state['errors']}")
            if state["busy"] or state["loading"]:
                since = None
                raise E2EError(f"{what}: still busy: {state}")
            since = since or time.monotonic()
            return time.monotonic() - since >= quiet

        await wait_for(what, idle, within=within, interval=0.25)

    async def find(
        self, selector: str, text: str = "", index: int = 0, scope: str = ""
    ) -> tuple[float, float]:
        """Return the centre of the ``index``-th visible element matching ``selector``.

        With ``text``, only elements containing it; with ``scope``, only inside the first
        visible element matching that selector (e.g. the dialog).
        """
        arguments = ", ".join(
            json.dumps(value) for value in (selector, text, index, scope)
        )

        async def found() -> str | None:
            value: str | None = await self.evaluate(f"{_FIND_JS}({arguments})")
            return value

        point = json.loads(
            await wait_for(f"element {selector} {text}", found, within=30)
        )
        return point["x"], point["y"]

    async def click(
        self, selector: str, text: str = "", index: int = 0, scope: str = ""
    ) -> None:
        """Click the element ``find`` finds."""
        x, y = await self.find(selector, text, index, scope)
        for kind in ("mousePressed", "mouseReleased"):
            await self.send(
                "Input.dispatchMouseEvent",
                {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1},
            )

    async def select_all(self) -> None:
        """Select everything in the focused field (Ctrl+A)."""
        for kind in ("keyDown", "keyUp"):
            await self.send(
                "Input.dispatchKeyEvent",
                {
                    "type": kind,
                    "modifiers": 2,
                    "key": "a",
                    "code": "KeyA",
                    "windowsVirtualKeyCode": 65,
                    "commands": ["selectAll"] if kind == "keyDown" else [],
                },
            )

    async def type_text(self, text: str) -> None:
        """Type into the focused field."""
        await self.send("Input.insertText", {"text": text})

    async def screenshot(self, path: Path) -> None:
        """Save the viewport as a PNG."""
        result = await self.send("Page.captureScreenshot", {"format": "png"})
        print(f"  wrote {_save(path, base64.b64decode(result['data']))}")

    async def close(self) -> None:
        """Stop Chromium and delete its profile."""
        if self._reader is not None:
            self._reader.cancel()
        if self._ws is not None:
            await self._ws.close()
        if self._process is not None and self._process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self._process.pid, 15)
            with contextlib.suppress(subprocess.TimeoutExpired):
                await asyncio.to_thread(self._process.wait, 10)
            if self._process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self._process.pid, 9)
        shutil.rmtree(self._profile, ignore_errors=True)


def _save(path: Path, data: bytes) -> str:
    """Write ``data`` to ``path``; return how to show it."""
    path.write_bytes(data)
    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    return f"{shown} ({len(data) // 1024} KiB)"


def chromium_executable() -> str:
    """Return Chromium's path (scripts/screenshots installs it when missing)."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if path := shutil.which(name):
            return path
    raise E2EError("chromium not found: apt-get install -y chromium")


async def login(browser: Browser, tokens: Tokens, *, dark: bool) -> None:
    """Log the browser in: the frontend reads ``hassTokens`` from localStorage."""
    storage = {
        "hassTokens": json.dumps(tokens.frontend_json()),
        "selectedTheme": json.dumps({"theme": "default", "dark": dark}),
        "dockedSidebar": json.dumps("auto"),
        "selectedLanguage": json.dumps("en"),
    }
    script = "".join(
        f"localStorage.setItem({json.dumps(key)}, {json.dumps(value)});"
        for key, value in storage.items()
    )
    await browser.send("Page.addScriptToEvaluateOnNewDocument", {"source": script})
    await browser.send(
        "Emulation.setEmulatedMedia",
        {
            "features": [
                {"name": "prefers-color-scheme", "value": "dark" if dark else "light"},
                {"name": "prefers-reduced-motion", "value": "reduce"},
            ]
        },
    )


async def prepare(ha: HomeAssistantClient) -> None:
    """Confirm the HTTP settings and drop what cannot start here, as a tidy user would."""
    async with ha.websocket() as ws:
        # Home Assistant 2026.10 moves `http:` from YAML into storage as a trial it asks to
        # confirm (a dialog on every page): confirm it.
        if (await ws.call("http/config")).get("pending") is not None:
            await ws.call("http/config/promote")
        # ... and it raises a repair about `http:` in YAML, which config/ keeps for
        # scripts/develop: dismissed, like every other repair here (none concern the printer).
        for issue in (await ws.call("repairs/list_issues"))["issues"]:
            if issue["domain"] != DOMAIN:
                await ws.call(
                    "repairs/ignore_issue",
                    domain=issue["domain"],
                    issue_id=issue["issue_id"],
                    ignore=True,
                )

        # Onboarding starts flows for a few integrations (Google Translate, Met, ...); some
        # cannot start here (no gtts, no internet). Once they are done, drop the failed ones.
        quiet_since: float | None = None

        async def settled() -> list[dict[str, Any]] | None:
            nonlocal quiet_since
            flows = await ws.call("config_entries/flow/progress")
            entries: list[dict[str, Any]] = await ha.rest(
                "GET", "/api/config/config_entries/entry"
            )
            busy = [f for f in flows if f["context"].get("source") == "onboarding"] + [
                e for e in entries if e["state"] in ("not_loaded", "setup_in_progress")
            ]
            if busy:
                quiet_since = None
                return None
            quiet_since = quiet_since or time.monotonic()
            return entries if time.monotonic() - quiet_since > 2 else None

        for entry in await wait_for(
            "the onboarding's integrations", settled, within=30
        ):
            if entry["state"] != "loaded":
                await ha.rest(
                    "DELETE", f"/api/config/config_entries/entry/{entry['entry_id']}"
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
            if entries[0]["entry_id"] in device["config_entries"]
        ]
    device_id: str = devices[0]["id"]
    return device_id


async def capture(args: argparse.Namespace) -> None:
    """Start everything, take the screenshots, stop everything."""
    OUTPUT.mkdir(parents=True, exist_ok=True)
    stack = Stack(sim_args=SIM_ARGS, keep=args.keep, preferred_sim_port=8124)
    async with stack, aiohttp.ClientSession() as session:
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
