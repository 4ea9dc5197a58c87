"""Fixtures of the API client tests: a fake connection origin, a real aiohttp session.

The client imports nothing from Home Assistant, so its tests need no Home Assistant instance:
``auto_enable_custom_integrations`` replaces the suite-wide autouse fixture that starts one for
every test. pytest-socket (set up by pytest-homeassistant-custom-component) blocks creating
sockets; ``socket_enabled`` lifts that, while connections may still go to 127.0.0.1 only.
"""

from collections.abc import AsyncGenerator

import aiohttp
import pytest

from custom_components.octoeverywhere.api import OctoEverywhereClient

from .fake_origin import FakeOrigin


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations() -> None:
    """Start no Home Assistant instance for the HA-independent client."""


@pytest.fixture
async def session(socket_enabled: None) -> AsyncGenerator[aiohttp.ClientSession]:
    """A real aiohttp session (the caller owns it, not the client)."""
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.fixture
async def origin(socket_enabled: None) -> AsyncGenerator[FakeOrigin]:
    """A running fake origin on 127.0.0.1."""
    fake = FakeOrigin()
    await fake.server.start_server()
    yield fake
    fake.release.set()
    await fake.server.close()


@pytest.fixture
def client(session: aiohttp.ClientSession, origin: FakeOrigin) -> OctoEverywhereClient:
    """A client without credentials (a Shared Connection)."""
    return OctoEverywhereClient(session, origin.url, timeout=5)
