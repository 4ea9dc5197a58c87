"""Home Assistant's start: an entry whose relay is slow or silent does not hold it up.

Home Assistant waits for every entry's setup before it is started; an entry set up while it
starts gives its first request STARTUP_TIME_LIMIT, then is retried in the background.
"""

import asyncio
from functools import partial
from unittest.mock import AsyncMock, patch

from freezegun.api import FrozenDateTimeFactory
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.octoeverywhere.api import OctoEverywhereClient
from custom_components.octoeverywhere.const import (
    ACTIVE_INTERVAL,
    CONF_AUTH_TYPE,
    DOMAIN,
)
from custom_components.octoeverywhere.coordinator import STARTUP_TIME_LIMIT
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import CONF_URL
from homeassistant.core import CoreState, HomeAssistant

from .conftest import next_poll


async def test_first_poll_while_starting_has_a_short_time_limit(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    mock_client: AsyncMock,
) -> None:
    """An entry set up while Home Assistant starts waits STARTUP_TIME_LIMIT at most.

    Later polls, and entries set up while Home Assistant runs, use the client's timeout.
    """
    hass.set_state(CoreState.not_running)
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    hass.set_state(CoreState.running)
    await next_poll(hass, freezer, ACTIVE_INTERVAL)
    assert [
        call.kwargs["time_limit"] for call in mock_client.get_status.call_args_list
    ] == [STARTUP_TIME_LIMIT, None]


async def test_silent_relay_does_not_hold_the_start(
    hass: HomeAssistant, socket_enabled: None
) -> None:
    """A relay that never answers: the entry is retried in the background, soon.

    The client's own timeout is made far longer than the test's bound: only the start-up
    time limit ends the first request in time.
    """
    connections: list[asyncio.StreamWriter] = []

    async def never_answer(
        reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        connections.append(writer)
        await reader.read(65536)

    server = await asyncio.start_server(never_answer, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Silent printer",
        unique_id="silent0000000001",
        data={CONF_URL: f"http://127.0.0.1:{port}", CONF_AUTH_TYPE: "none"},
    )
    entry.add_to_hass(hass)
    hass.set_state(CoreState.not_running)
    try:
        with (
            patch(
                "custom_components.octoeverywhere.coordinator.STARTUP_TIME_LIMIT", 0.2
            ),
            patch(
                "custom_components.octoeverywhere.connection.OctoEverywhereClient",
                partial(OctoEverywhereClient, timeout=600),
            ),
        ):
            async with asyncio.timeout(10):
                await hass.config_entries.async_setup(entry.entry_id)
        assert entry.state is ConfigEntryState.SETUP_RETRY
        assert connections
    finally:
        hass.set_state(CoreState.running)
        await hass.config_entries.async_unload(entry.entry_id)
        for writer in connections:
            writer.close()
        server.close()
        await server.wait_closed()
