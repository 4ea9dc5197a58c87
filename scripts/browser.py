"""Headless Chromium driven over the DevTools protocol, for scripts/screenshots and scripts/e2e.

No Playwright: Debian's ``chromium`` is started with ``--remote-debugging-port`` and driven over
its WebSocket. ``login`` puts the owner's tokens into localStorage, as the frontend keeps them;
``prepare`` makes a fresh Home Assistant's UI tidy (no dialog or repair in front of the page).
"""

import asyncio
import base64
from collections.abc import Mapping
import contextlib
import json
import os
from pathlib import Path
import shutil
import subprocess
import tempfile
import time
from typing import Any

import aiohttp
from e2e_harness import DOMAIN, ROOT, E2EError, HomeAssistantClient, Tokens, wait_for

WIDTH, HEIGHT = 1280, 900

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

# The bounding box of the first element matching a CSS selector, through shadow roots.
_BOX_JS = """
((selector) => {
  const find = (root) => {
    for (const el of root.querySelectorAll('*')) {
      if (el.matches(selector)) return el;
      const inner = el.shadowRoot && find(el.shadowRoot);
      if (inner) return inner;
    }
    return null;
  };
  const el = find(document);
  if (!el) return null;
  const box = el.getBoundingClientRect();
  return JSON.stringify({x: box.x, y: box.y, width: box.width, height: box.height});
})
"""


class Browser:
    """Headless Chromium driven over the DevTools protocol (one page)."""

    def __init__(
        self, session: aiohttp.ClientSession, width: int = WIDTH, height: int = HEIGHT
    ) -> None:
        """Nothing runs until ``start``."""
        self._session = session
        self.width, self.height = width, height
        self._process: subprocess.Popen[bytes] | None = None
        self._profile = Path(tempfile.mkdtemp(prefix="octoeverywhere-chromium-"))
        self._ws: aiohttp.ClientWebSocketResponse | None = None
        self._id = 0
        self._pending: dict[int, asyncio.Future[Any]] = {}
        self._reader: asyncio.Task[None] | None = None
        self.console: list[str] = []
        # Uncaught exceptions, console.error and the browser's own error entries.
        self.errors: list[str] = []

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
                f"--window-size={self.width},{self.height}",
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
            {
                "width": self.width,
                "height": self.height,
                "deviceScaleFactor": 1,
                "mobile": False,
            },
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
                if (
                    error := _console_error(data["method"], data["params"])
                ) is not None:
                    self.errors.append(error)
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

    async def screenshot(self, path: Path, element: str = "", margin: int = 12) -> None:
        """Save the viewport as a PNG; with ``element``, only that element (CSS, any depth)."""
        params: dict[str, Any] = {"format": "png"}
        if element:
            box = json.loads(
                await self.evaluate(f"{_BOX_JS}({json.dumps(element)})") or "null"
            )
            if box is None:
                raise E2EError(f"no {element} to capture")
            left, top = max(0, box["x"] - margin), max(0, box["y"] - margin)
            params["clip"] = {
                "x": left,
                "y": top,
                "width": box["x"] + box["width"] + margin - left,
                "height": box["y"] + box["height"] + margin - top,
                "scale": 1,
            }
        result = await self.send("Page.captureScreenshot", params)
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


def _console_error(method: str, params: Mapping[str, Any]) -> str | None:
    """Return an error the page reported, as one line; None for anything else."""
    if method == "Runtime.exceptionThrown":
        details = params["exceptionDetails"]
        exception = details.get("exception", {})
        return f"uncaught: {exception.get('description') or details.get('text')}"
    if method == "Runtime.consoleAPICalled" and params["type"] in ("error", "assert"):
        parts = [
            str(arg.get("value", arg.get("description", ""))) for arg in params["args"]
        ]
        return f"console.{params['type']}: {' '.join(parts)}"
    if method == "Log.entryAdded" and params["entry"]["level"] == "error":
        entry = params["entry"]
        return f"{entry['source']}: {entry['text']} {entry.get('url', '')}".strip()
    return None


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


async def login(
    browser: Browser, tokens: Tokens, *, dark: bool, language: str = "en"
) -> None:
    """Log the browser in: the frontend reads ``hassTokens`` from localStorage.

    ``selectedLanguage`` is the language the frontend starts in, before it reads the
    profile's language from Home Assistant (``set_language``).
    """
    storage = {
        "hassTokens": json.dumps(tokens.frontend_json()),
        "selectedTheme": json.dumps({"theme": "default", "dark": dark}),
        "dockedSidebar": json.dumps("auto"),
        "selectedLanguage": json.dumps(language),
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


async def set_language(ha: HomeAssistantClient, language: str) -> None:
    """Make ``language`` Home Assistant's and the owner's profile language.

    Home Assistant's language names entities when they are created (so set it before the
    integration is added); the profile's language is what the frontend shows, stored as the
    profile page stores it.
    """
    async with ha.websocket() as ws:
        await ws.call("config/core/update", language=language)
        await ws.call(
            "frontend/set_user_data",
            key="language",
            value={
                "language": language,
                "number_format": "language",
                "time_format": "language",
                "date_format": "language",
                "time_zone": "local",
                "first_weekday": "language",
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
