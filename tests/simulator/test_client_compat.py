"""The integration's own API client (read-only here) against the simulator, per platform."""

from typing import Any

import aiohttp
import pytest

from octoeverywhere_simulator import PLATFORMS, ManualClock, Simulator

from .conftest import load_client_api, served

api: Any = load_client_api()
pytestmark = pytest.mark.skipif(
    api is None, reason="integration API client not present"
)

SCENARIOS = ("idle", "printing", "paused", "complete", "cancelled", "error")


@pytest.mark.parametrize("platform", PLATFORMS)
async def test_every_scenario_parses(platform: str) -> None:
    sim = Simulator(platform, "idle", clock=ManualClock(), auth=("bearer", "tok"))
    async with served(sim) as server, aiohttp.ClientSession() as session:
        client = api.OctoEverywhereClient(
            session, str(server.make_url("/")), api.BearerAuth("tok")
        )
        await client.ping()
        for scenario in SCENARIOS:
            sim.set_scenario(scenario, progress=50 if scenario == "printing" else None)
            status = await client.get_status(include_material_system=True)
            assert status.platform == api.HostPlatform(platform)
            assert status.features == sim.features
        sim.set_scenario("printing", progress=50)
        status = await client.get_status()
        assert status.known_progress is not None
        assert 49 <= status.known_progress <= 51
        assert status.octoeverywhere.most_recent_print_id == sim.printer.last_print_id


async def test_client_errors_map() -> None:
    sim = Simulator("octoprint", "idle", clock=ManualClock(), auth=("basic", "u", "p"))
    async with served(sim) as server, aiohttp.ClientSession() as session:
        url = str(server.make_url("/"))
        good = api.OctoEverywhereClient(session, url, api.BasicAuth("u", "p"))
        bad = api.OctoEverywhereClient(session, url, api.BasicAuth("u", "x"))
        with pytest.raises(api.AuthenticationError):
            await bad.get_status()
        sim.set_scenario("host_not_connected")
        with pytest.raises(api.HostNotConnectedError):
            await good.get_status()
        sim.set_scenario("offline")
        with pytest.raises(api.PrinterOfflineError):
            await good.get_status()
        sim.set_scenario("online")
        with pytest.raises(api.CommandError) as err:
            await good.command("pause")
        assert err.value.status == 786
        sim.set_fault(http_status=604)
        with pytest.raises(api.ConnectionRevokedError):
            await good.ping()
