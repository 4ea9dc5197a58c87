"""A real Home Assistant and the printer simulator, for scripts/e2e and scripts/screenshots.

``Stack`` starts ``python -m octoeverywhere_simulator`` and ``hass -c <fresh config> --skip-pip``
on free ports, with the repository's ``config/configuration.yaml`` (and the empty files it
includes), a symlink to ``custom_components`` and the shipped blueprints;
``HomeAssistantClient`` onboards it and talks to its REST and WebSocket APIs the way the
frontend does; ``SimulatorClient`` drives the simulator's ``/_sim/*`` endpoints.
Both processes run in their own process groups and are stopped (SIGTERM, then SIGKILL) on exit.
"""

import asyncio
from collections.abc import AsyncIterator, Mapping, Sequence
import contextlib
from dataclasses import dataclass, field
import importlib.util
import json
import os
from pathlib import Path
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from types import TracebackType
from typing import Any, Self

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
# The virtual environment this script runs in (.venv, or .venv-newest/.venv-oldest with
# HA_VERSION): hass and the simulator are started from it, so one Home Assistant release is used
# throughout. Not resolved: the venv's python is a symlink to the base interpreter.
VENV_BIN = Path(sys.executable).parent
DOMAIN = "octoeverywhere"
# Whether this release keeps HTTP settings in storage (2026.10+: homeassistant.components.http.config).
HTTP_SETTINGS_STORED = (
    importlib.util.find_spec("homeassistant.components.http.config") is not None
)

# The owner account created by onboarding, and the simulator's App Connection credentials.
OWNER_NAME = "E2E Owner"
OWNER_USERNAME = "e2e-owner"
OWNER_PASSWORD = "e2e-owner-password"  # noqa: S105 - a throw-away local test account
SIM_USERNAME = "e2e"
SIM_PASSWORD = "pass"  # noqa: S105 - the simulator's fake App Connection password
# The files config/configuration.yaml includes, as Home Assistant writes them when new.
INCLUDED_FILES = {"automations.yaml": "[]\n", "scripts.yaml": "", "scenes.yaml": ""}


class E2EError(AssertionError):
    """A check failed; the message says what was expected and what was found."""


def check(condition: object, message: str) -> None:
    """Fail with ``message`` unless ``condition`` holds."""
    if not condition:
        raise E2EError(message)


def free_port(preferred: int = 0) -> int:
    """Return a TCP port that is free on 127.0.0.1 right now: ``preferred`` if it is."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(("127.0.0.1", preferred))
        except OSError:
            sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Timer:
    """Named steps and how long each took."""

    def __init__(self) -> None:
        """Start the clock."""
        self.start = time.monotonic()
        self.steps: list[tuple[str, float]] = []
        self._last = self.start

    def lap(self, name: str) -> float:
        """Record the time since the previous lap under ``name`` and print it."""
        now = time.monotonic()
        seconds = now - self._last
        self._last = now
        self.steps.append((name, seconds))
        print(f"  ok  {name} ({seconds:.1f} s)", flush=True)
        return seconds

    @property
    def total(self) -> float:
        """Seconds since the start."""
        return time.monotonic() - self.start


async def wait_for[T](
    what: str,
    probe: Any,
    *,
    within: float = 30.0,
    interval: float = 0.25,
) -> T:
    """Call the coroutine function ``probe`` until it returns something truthy.

    ``probe`` may raise E2EError while the condition does not hold yet; the last message is
    reported when ``within`` runs out.
    """
    deadline = time.monotonic() + within
    last = "never true"
    while True:
        try:
            if result := await probe():
                return result  # type: ignore[no-any-return]
        except E2EError as err:
            last = str(err)
        if time.monotonic() > deadline:
            raise E2EError(f"timed out after {within:.0f} s waiting for {what}: {last}")
        await asyncio.sleep(interval)


@dataclass
class Stack:
    """The simulator and Home Assistant as child processes, in a fresh temporary directory.

    ``sim_args`` are extra simulator flags. Use as ``async with Stack(...) as stack:``; the
    directory is deleted afterwards unless ``keep`` is set (or HA failed and the caller keeps it).
    """

    sim_args: Sequence[str] = ()
    keep: bool = False
    # A port to use when it is free (screenshots show the URL); any free port otherwise.
    preferred_sim_port: int = 0
    workdir: Path = field(init=False)
    sim_port: int = field(init=False)
    ha_port: int = field(init=False)
    _sim: subprocess.Popen[bytes] | None = field(default=None, init=False)
    _hass: subprocess.Popen[bytes] | None = field(default=None, init=False)
    hass_exit_code: int | None = field(default=None, init=False)

    @property
    def sim_url(self) -> str:
        """The simulator's connection URL (what the user pastes into the config flow)."""
        return f"http://127.0.0.1:{self.sim_port}"

    @property
    def ha_url(self) -> str:
        """Home Assistant's base URL."""
        return f"http://127.0.0.1:{self.ha_port}"

    @property
    def config_dir(self) -> Path:
        """Home Assistant's configuration directory."""
        return self.workdir / "config"

    @property
    def ha_log(self) -> Path:
        """``home-assistant.log`` of this run."""
        return self.config_dir / "home-assistant.log"

    async def __aenter__(self) -> Self:
        """Start both processes and wait until they answer."""
        self.workdir = Path(tempfile.mkdtemp(prefix="octoeverywhere-e2e-"))
        try:
            await self._start()
        except BaseException:
            await self.stop()
            raise
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Stop both processes; delete the directory unless it is kept."""
        await self.stop()
        if not self.keep and exc is None:
            shutil.rmtree(self.workdir, ignore_errors=True)

    async def _start(self) -> None:
        self.sim_port = free_port(self.preferred_sim_port)
        self.ha_port = free_port()
        while self.ha_port == self.sim_port:
            self.ha_port = free_port()
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self._sim = subprocess.Popen(  # noqa: ASYNC220 - starts and returns at once
            [
                str(VENV_BIN / "python"),
                "-m",
                "octoeverywhere_simulator",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.sim_port),
                *self.sim_args,
            ],
            cwd=ROOT,
            env=env,
            stdout=(self.workdir / "simulator.log").open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.config_dir.mkdir()
        # The dev configuration, on a free port. Home Assistant 2026.10+ keeps HTTP settings
        # in .storage/http: an `http:` YAML block would become a trial that asks to be
        # confirmed and restarts Home Assistant on the default port five minutes later.
        # Storage version 1 (the settings alone) is what those releases migrate; earlier
        # ones read the port from YAML only.
        config = (ROOT / "config" / "configuration.yaml").read_text()
        if not HTTP_SETTINGS_STORED:
            config += f"\nhttp:\n  server_port: {self.ha_port}\n"
        (self.config_dir / "configuration.yaml").write_text(config)
        storage = self.config_dir / ".storage"
        storage.mkdir()
        (storage / "http").write_text(
            json.dumps(
                {
                    "version": 1,
                    "minor_version": 1,
                    "key": "http",
                    "data": {"server_port": self.ha_port},
                }
            )
        )
        (self.config_dir / "custom_components").symlink_to(ROOT / "custom_components")
        # configuration.yaml includes these, as a new Home Assistant's does.
        for name, text in INCLUDED_FILES.items():
            (self.config_dir / name).write_text(text)
        # The shipped blueprints, where importing them puts them; linked file by file, since
        # Home Assistant's blueprint list does not look into a linked folder.
        blueprints = self.config_dir / "blueprints" / "automation" / DOMAIN
        blueprints.mkdir(parents=True)
        for path in (ROOT / "blueprints" / "automation" / DOMAIN).glob("*.yaml"):
            (blueprints / path.name).symlink_to(path)
        async with aiohttp.ClientSession() as session:
            await self._wait_http(
                session, "simulator", self._sim, f"{self.sim_url}/_sim/state"
            )
        await self.start_hass()

    async def start_hass(self, ready_path: str = "/api/onboarding") -> None:
        """Start Home Assistant (again, after ``stop_hass``) and wait until it answers.

        ``ready_path`` answers 200 once it is up: onboarding's API before the owner exists,
        e.g. ``/manifest.json`` after (onboarding's API is gone then).
        """
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self._hass = hass = subprocess.Popen(  # noqa: ASYNC220 - starts and returns at once
            [str(VENV_BIN / "hass"), "-c", str(self.config_dir), "--skip-pip"],
            cwd=self.workdir,
            env=env,
            stdout=(self.workdir / "hass.stdout.log").open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.hass_exit_code = None
        async with aiohttp.ClientSession() as session:
            await self._wait_http(
                session, "Home Assistant", hass, f"{self.ha_url}{ready_path}", 180
            )

    async def _wait_http(
        self,
        session: aiohttp.ClientSession,
        name: str,
        process: subprocess.Popen[bytes],
        url: str,
        within: float = 30.0,
    ) -> None:
        async def probe() -> bool:
            if (code := process.poll()) is not None:
                raise E2EError(f"{name} exited with status {code} before answering")
            try:
                async with session.get(url) as response:
                    return response.status == 200
            except aiohttp.ClientError:
                return False

        try:
            await wait_for(f"{name} at {url}", probe, within=within)
        except E2EError as err:
            if process.poll() is not None:
                # Not worth waiting for: tell why at once.
                raise E2EError(
                    f"{name} exited with status {process.returncode}"
                ) from err
            raise

    def hass_running(self) -> bool:
        """Whether the Home Assistant process is still alive."""
        return self._hass is not None and self._hass.poll() is None

    async def stop_hass(self, within: float = 60.0) -> int | None:
        """Stop Home Assistant the way a supervisor does (SIGTERM), and return its exit code."""
        if self._hass is not None:
            self.hass_exit_code = await _terminate(self._hass, within)
            self._hass = None
        return self.hass_exit_code

    async def stop(self) -> None:
        """Stop Home Assistant (if still running), then the simulator."""
        await self.stop_hass()
        if self._sim is not None:
            await _terminate(self._sim, 10.0)
            self._sim = None

    def log_tail(self, lines: int = 60) -> str:
        """Return the last lines of ``home-assistant.log`` (or HA's stdout without a log)."""
        for path in (self.ha_log, self.workdir / "hass.stdout.log"):
            if path.exists() and path.stat().st_size:
                text = path.read_text(errors="replace").splitlines()
                return "\n".join(text[-lines:])
        return "(no Home Assistant log)"


async def _terminate(process: subprocess.Popen[bytes], within: float) -> int | None:
    """SIGTERM the process group, wait up to ``within`` s, then SIGKILL it."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            await asyncio.to_thread(process.wait, within)
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        await asyncio.to_thread(process.wait)
        return None  # killed: it did not stop by itself
    # Children of the group (none expected) go too.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    return process.returncode


class SimulatorClient:
    """The simulator's control endpoints."""

    def __init__(self, session: aiohttp.ClientSession, base_url: str) -> None:
        """Talk to the simulator at ``base_url``."""
        self._session = session
        self.base_url = base_url

    async def _call(self, method: str, path: str, body: Any = None) -> Any:
        async with self._session.request(
            method, f"{self.base_url}/_sim/{path}", json=body
        ) as response:
            data = await response.json()
            if response.status != 200:
                raise E2EError(
                    f"simulator {method} /_sim/{path} {body}: {response.status} {data}"
                )
            return data

    async def state(self) -> dict[str, Any]:
        """``GET /_sim/state``: the summary and the full status payload."""
        result: dict[str, Any] = await self._call("GET", "state")
        return result

    async def requests(self) -> list[dict[str, Any]]:
        """Return the recorded command-API requests."""
        result: list[dict[str, Any]] = await self._call("GET", "requests")
        return result

    async def clear_requests(self) -> None:
        """Forget the recorded requests."""
        await self._call("DELETE", "requests")

    async def command_requests(
        self, exclude: Sequence[str] = ("status",)
    ) -> list[dict[str, Any]]:
        """Return the recorded requests other than polls (``status``) and webcam fetches."""
        return [
            request
            for request in await self.requests()
            if not any(
                request["path"].startswith(prefix) for prefix in (*exclude, "webcam/")
            )
        ]

    async def post(self, path: str, body: Mapping[str, Any]) -> Any:
        """POST ``body`` to ``/_sim/<path>``."""
        return await self._call("POST", path, dict(body))

    async def webhooks(self) -> list[dict[str, Any]]:
        """Return the log of webhook sends."""
        result: list[dict[str, Any]] = await self._call("GET", "webhooks")
        return result


@dataclass
class Tokens:
    """The owner's tokens, as the frontend keeps them (``hassTokens`` in localStorage)."""

    access_token: str
    refresh_token: str
    expires_in: int
    client_id: str
    ha_url: str

    def frontend_json(self) -> dict[str, Any]:
        """Return the value the frontend stores under ``hassTokens``."""
        return {
            "access_token": self.access_token,
            "refresh_token": self.refresh_token,
            "expires_in": self.expires_in,
            "token_type": "Bearer",
            "hassUrl": self.ha_url,
            "clientId": self.client_id,
            "expires": int(time.time() * 1000) + self.expires_in * 1000,
        }


class HomeAssistantClient:
    """Home Assistant's HTTP API: onboarding, REST calls and a WebSocket connection."""

    def __init__(self, session: aiohttp.ClientSession, base_url: str) -> None:
        """Talk to Home Assistant at ``base_url``."""
        self._session = session
        self.base_url = base_url
        self.tokens: Tokens | None = None

    @property
    def client_id(self) -> str:
        """The OAuth client id the frontend uses: its own URL."""
        return f"{self.base_url}/"

    async def onboard(self) -> Tokens:
        """Create the owner, log in, and finish every remaining onboarding step."""
        async with self._session.get(f"{self.base_url}/api/onboarding") as response:
            steps = {step["step"]: step["done"] for step in await response.json()}
        if steps.get("user"):
            raise E2EError(f"onboarding already started: {steps}")
        body = {
            "name": OWNER_NAME,
            "username": OWNER_USERNAME,
            "password": OWNER_PASSWORD,
            "client_id": self.client_id,
            "language": "en",
        }
        async with self._session.post(
            f"{self.base_url}/api/onboarding/users", json=body
        ) as response:
            if response.status != 200:
                raise E2EError(
                    f"onboarding/users: {response.status} {await response.text()}"
                )
            auth_code = (await response.json())["auth_code"]
        async with self._session.post(
            f"{self.base_url}/auth/token",
            data={
                "grant_type": "authorization_code",
                "code": auth_code,
                "client_id": self.client_id,
            },
        ) as response:
            if response.status != 200:
                raise E2EError(f"auth/token: {response.status} {await response.text()}")
            token = await response.json()
        self.tokens = Tokens(
            access_token=token["access_token"],
            refresh_token=token["refresh_token"],
            expires_in=int(token["expires_in"]),
            client_id=self.client_id,
            ha_url=self.base_url,
        )
        await self.rest("POST", "/api/onboarding/core_config", {})
        await self.rest("POST", "/api/onboarding/analytics", {})
        await self.rest(
            "POST",
            "/api/onboarding/integration",
            {
                "client_id": self.client_id,
                "redirect_uri": f"{self.base_url}/?auth_callback=1",
            },
        )
        async with self._session.get(f"{self.base_url}/api/onboarding") as response:
            left = [step["step"] for step in await response.json() if not step["done"]]
        if left:
            raise E2EError(f"onboarding steps not done: {left}")
        return self.tokens

    @property
    def _headers(self) -> dict[str, str]:
        if self.tokens is None:
            raise E2EError("not logged in")
        return {"Authorization": f"Bearer {self.tokens.access_token}"}

    async def rest(
        self, method: str, path: str, body: Any = None, *, expect: int = 200
    ) -> Any:
        """Call the REST API; return the JSON answer (or the text) after checking the status."""
        async with self._session.request(
            method, f"{self.base_url}{path}", json=body, headers=self._headers
        ) as response:
            text = await response.text()
            if response.status != expect:
                raise E2EError(
                    f"{method} {path} {body!r}: HTTP {response.status} (expected {expect}): {text[:500]}"
                )
            if response.content_type == "application/json":
                return await response.json()
            return text

    async def get_bytes(self, path: str) -> tuple[int, str, bytes]:
        """GET ``path``: status, content type and body."""
        async with self._session.get(
            f"{self.base_url}{path}", headers=self._headers
        ) as response:
            return response.status, response.content_type, await response.read()

    async def state(self, entity_id: str) -> dict[str, Any]:
        """``GET /api/states/<entity_id>``."""
        result: dict[str, Any] = await self.rest("GET", f"/api/states/{entity_id}")
        return result

    async def call_service(
        self, domain: str, service: str, data: Mapping[str, Any]
    ) -> Any:
        """``POST /api/services/<domain>/<service>``, as a dashboard or automation would."""
        return await self.rest("POST", f"/api/services/{domain}/{service}", dict(data))

    @contextlib.asynccontextmanager
    async def websocket(self) -> AsyncIterator[WebSocket]:
        """Open an authenticated WebSocket connection (``/api/websocket``)."""
        if self.tokens is None:
            raise E2EError("not logged in")
        async with self._session.ws_connect(f"{self.base_url}/api/websocket") as ws:
            hello = await ws.receive_json()
            if hello.get("type") != "auth_required":
                raise E2EError(f"websocket: unexpected greeting {hello}")
            await ws.send_json(
                {"type": "auth", "access_token": self.tokens.access_token}
            )
            answer = await ws.receive_json()
            if answer.get("type") != "auth_ok":
                raise E2EError(f"websocket: authentication failed: {answer}")
            client = WebSocket(ws)
            try:
                yield client
            finally:
                client.close()


class WebSocket:
    """Commands and subscriptions on one WebSocket connection."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        """Read answers and events in the background."""
        self._ws = ws
        self._id = 0
        self._pending: dict[int, asyncio.Future[Any]] = {}
        self._subscriptions: dict[int, asyncio.Queue[Any]] = {}
        self._reader = asyncio.create_task(self._read())

    def close(self) -> None:
        """Stop reading."""
        self._reader.cancel()

    async def _read(self) -> None:
        async for message in self._ws:
            if message.type != aiohttp.WSMsgType.TEXT:
                break
            data = message.json()
            for item in data if isinstance(data, list) else [data]:
                self._dispatch(item)
        for future in self._pending.values():
            if not future.done():
                future.set_exception(E2EError("websocket closed"))

    def _dispatch(self, item: dict[str, Any]) -> None:
        if item.get("type") == "event" and (
            queue := self._subscriptions.get(item["id"])
        ):
            queue.put_nowait(item["event"])
        elif item.get("type") == "result" and (
            future := self._pending.pop(item["id"], None)
        ):
            if item.get("success"):
                future.set_result(item.get("result"))
            else:
                future.set_exception(
                    E2EError(f"websocket command failed: {item.get('error')}")
                )

    async def _send(self, message: dict[str, Any]) -> tuple[int, asyncio.Future[Any]]:
        self._id += 1
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._pending[self._id] = future
        await self._ws.send_json({"id": self._id, **message})
        return self._id, future

    async def call(self, command: str, **data: Any) -> Any:
        """Send a command and return its result."""
        _, future = await self._send({"type": command, **data})
        return await asyncio.wait_for(future, 30)

    async def subscribe(self, command: str, **data: Any) -> asyncio.Queue[Any]:
        """Start a subscription (e.g. ``subscribe_events``); its events arrive in the queue."""
        queue: asyncio.Queue[Any] = asyncio.Queue()
        msg_id, future = await self._send({"type": command, **data})
        self._subscriptions[msg_id] = queue
        await asyncio.wait_for(future, 30)
        return queue


async def add_integration(
    ha: HomeAssistantClient,
    sim_url: str,
    *,
    name: str | None = None,
    wrong_password_first: bool = False,
) -> tuple[str, list[dict[str, Any]]]:
    """Add the printer through the config flow REST API, as the UI does.

    Returns the new entry's id and every flow answer (the forms, for the checks).
    """
    answers: list[dict[str, Any]] = []
    flow = await ha.rest(
        "POST",
        "/api/config/config_entries/flow",
        {"handler": DOMAIN, "show_advanced_options": False},
    )
    answers.append(flow)
    expect_form(flow, "user")
    user_input: dict[str, Any] = {"url": sim_url, "auth_type": "basic"}
    if name:
        user_input["name"] = name
    path = f"/api/config/config_entries/flow/{flow['flow_id']}"
    answer = await ha.rest("POST", path, user_input)
    answers.append(answer)
    expect_form(answer, "basic")
    if wrong_password_first:
        answer = await ha.rest(
            "POST", path, {"username": SIM_USERNAME, "password": "wrong-password"}
        )
        answers.append(answer)
        expect_form(answer, "basic", errors={"base": "invalid_auth"})
    answer = await ha.rest(
        "POST", path, {"username": SIM_USERNAME, "password": SIM_PASSWORD}
    )
    answers.append(answer)
    if answer.get("type") != "create_entry":
        raise E2EError(f"expected create_entry, got {answer}")
    return answer["result"]["entry_id"], answers


def expect_form(
    answer: Mapping[str, Any], step_id: str, errors: Mapping[str, str] | None = None
) -> None:
    """Check that a flow answer is the form ``step_id`` with exactly ``errors``."""
    if answer.get("type") != "form" or answer.get("step_id") != step_id:
        raise E2EError(f"expected the form {step_id!r}, got {answer}")
    if (answer.get("errors") or {}) != (errors or {}):
        raise E2EError(
            f"form {step_id!r}: expected errors {errors or {}}, got {answer.get('errors')}"
        )


@dataclass
class LogRecord:
    """One record of ``home-assistant.log``: its header line and continuation lines."""

    level: str
    logger: str
    message: str
    lines: list[str]

    @property
    def has_traceback(self) -> bool:
        """Whether the record carries a traceback."""
        return any(
            line.startswith("Traceback (most recent call last)") for line in self.lines
        )

    def mentions(self, text: str) -> bool:
        """Whether the logger name or any line contains ``text``."""
        return text in self.logger or any(text in line for line in self.lines)


_RECORD = re.compile(
    # Home Assistant 2026.11 adds the UTC offset to the time (05:53:06.300+00:00).
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+(?:[+-]\d\d:\d\d)? "
    r"(?P<level>[A-Z]+) \((?P<thread>[^)]*)\) "
    r"\[(?P<logger>[^\]]+)\] (?P<message>.*)$"
)


def read_log(path: Path) -> list[LogRecord]:
    """Split ``home-assistant.log`` into records."""
    records: list[LogRecord] = []
    if not path.exists():
        return records
    for line in path.read_text(errors="replace").splitlines():
        if match := _RECORD.match(line):
            records.append(
                LogRecord(match["level"], match["logger"], match["message"], [line])
            )
        elif records:
            records[-1].lines.append(line)
        elif line.strip():
            # A log whose first line is no record is in a format this does not know: every
            # check on it would pass without reading anything.
            raise E2EError(f"{path}: not a Home Assistant log record: {line!r}")
    return records
