"""The tls benchmark's machinery: a certificate clients verify, and a relay that closes.

The section's figures mean something only if the client really verifies the certificate (as
for the real relay) and the closing server really costs a new connection per poll.
"""

from pathlib import Path
import ssl

import aiohttp
from aiohttp.test_utils import TestServer
import pytest

from benchmarks import payloads
from benchmarks.servers import SeriesServer, series_app
from benchmarks.tls import certificate, write_certificate

pytestmark = pytest.mark.usefixtures("socket_enabled")

STATUS = "/octoeverywhere-command-api/status"


async def _serve(
    tmp_path: Path, *, close: bool
) -> tuple[TestServer, SeriesServer, bytes, bytes]:
    series = payloads.series("octoprint", 2, 10)
    app, state = series_app(payloads.octoeverywhere_routes(series), close=close)
    cert, key = certificate()
    tls = write_certificate(tmp_path, cert, key)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server(ssl=tls.server_context(), access_log=None)
    return server, state, cert, series.status[0]


async def test_a_client_that_trusts_the_certificate_gets_the_status(
    tmp_path: Path,
) -> None:
    """A verifying client (hostname and chain) that trusts the certificate gets through."""
    server, _, cert, body = await _serve(tmp_path, close=False)
    url = f"https://127.0.0.1:{server.port}{STATUS}"
    try:
        trusting = ssl.create_default_context(cadata=cert.decode())
        async with (
            aiohttp.ClientSession() as session,
            session.get(url, ssl=trusting) as response,
        ):
            assert response.status == 200
            assert await response.read() == body
    finally:
        await server.close()


@pytest.mark.parametrize(("close", "connections"), [(False, 1), (True, 3)])
async def test_a_closing_relay_costs_a_connection_per_request(
    tmp_path: Path, close: bool, connections: int
) -> None:
    """Three requests on one session: one connection, or three when the server closes."""
    server, state, cert, _ = await _serve(tmp_path, close=close)
    context = ssl.create_default_context(cadata=cert.decode())
    try:
        async with aiohttp.ClientSession() as session:
            for _ in range(3):
                async with session.get(
                    f"https://127.0.0.1:{server.port}{STATUS}", ssl=context
                ) as response:
                    await response.read()
                    assert (response.headers.get("Connection") == "close") is close
        assert state.requests == 3
        assert len(state.peers) == connections
    finally:
        await server.close()
