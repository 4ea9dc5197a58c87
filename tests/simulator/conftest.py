"""Helpers for the simulator's tests: a served simulator and a small HTTP caller."""

from collections.abc import AsyncIterator, Callable
import contextlib
import importlib.util
from pathlib import Path
import sys
from types import ModuleType
from typing import Any

from aiohttp.test_utils import TestClient, TestServer
import pytest

from octoeverywhere_simulator import ManualClock, Simulator

API = "/octoeverywhere-command-api/"
_API_DIR = Path(__file__).parents[2] / "custom_components" / "octoeverywhere" / "api"


@contextlib.asynccontextmanager
async def served(sim: Simulator) -> AsyncIterator[TestClient[Any, Any]]:
    """Serve ``sim`` on a random local port and yield a client for it."""
    async with TestClient(TestServer(sim.create_app())) as client:
        yield client


class Caller:
    """Send requests to a served simulator and decode the answers."""

    def __init__(self, client: TestClient[Any, Any], sim: Simulator) -> None:
        self.client = client
        self.sim = sim
        self.headers: dict[str, str] = {}

    async def raw(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        data: bytes | str | None = None,
        params: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, Any, Any]:
        """Return ``(http status, decoded JSON or None, response headers)``."""
        kwargs: dict[str, Any] = {
            "params": params,
            "headers": {**self.headers, **(headers or {})},
        }
        if json is not None:
            kwargs["json"] = json
        if data is not None:
            kwargs["data"] = data
        async with self.client.request(method, path, **kwargs) as response:
            body = await response.read()
            decoded = None
            if body:
                with contextlib.suppress(ValueError):
                    decoded = __import__("json").loads(body)
            return response.status, decoded, response.headers

    async def cmd(
        self, command: str, body: Any = None, *, method: str = "POST", **kwargs: Any
    ) -> dict[str, Any]:
        """Send a command and return its envelope; asserts HTTP 200 and text/json."""
        status, decoded, headers = await self.raw(
            method, API + command, json=body, **kwargs
        )
        assert status == 200, (status, decoded)
        assert headers["Content-Type"] == "text/json"
        assert isinstance(decoded, dict)
        return decoded

    async def status(self, **params: str) -> dict[str, Any]:
        """Return the status ``Result`` (asserts success)."""
        envelope = await self.cmd("status", method="GET", params=params or None)
        assert envelope["Status"] == 200, envelope
        return envelope["Result"]

    async def control(
        self, method: str, path: str, body: Any = None
    ) -> tuple[int, Any]:
        """Call a ``/_sim`` endpoint."""
        status, decoded, _ = await self.raw(method, "/_sim/" + path, json=body)
        return status, decoded


@pytest.fixture(autouse=True)
def _allow_local_sockets(socket_enabled: None) -> None:
    """Let the tests serve the simulator on 127.0.0.1 (Home Assistant's plugin blocks sockets)."""


type MakeCaller = Callable[..., contextlib.AbstractAsyncContextManager[Caller]]


@pytest.fixture
def make_caller() -> MakeCaller:
    """Return ``make_caller(platform, scenario, **kwargs)``: an async context yielding a Caller."""

    @contextlib.asynccontextmanager
    async def factory(
        platform: str = "moonraker", scenario: str = "idle", **kwargs: Any
    ) -> AsyncIterator[Caller]:
        kwargs.setdefault("clock", ManualClock())
        sim = Simulator(platform, scenario, **kwargs)
        async with served(sim) as client:
            yield Caller(client, sim)

    return factory


def load_client_api() -> ModuleType | None:
    """Import the integration's HA-independent API package without the integration itself.

    The package only uses relative imports, so it loads under a private name; this keeps the
    simulator's tests independent of the Home Assistant parts being edited elsewhere.
    """
    if not (_API_DIR / "__init__.py").exists():
        return None
    name = "_oe_api_under_test"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(
        name, _API_DIR / "__init__.py", submodule_search_locations=[str(_API_DIR)]
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
