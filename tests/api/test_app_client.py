"""The App API client against a local server: how each answer it can get is read.

The integration asks Gadget's status only when the printer's status shows Gadget moved, so
these answers no longer come up by themselves in the integration's tests.
"""

import json

import aiohttp
import pytest
from yarl import URL

from custom_components.octoeverywhere.api import (
    AppApiClient,
    AppTokenError,
    CannotConnectError,
    GadgetState,
    GadgetStatus,
    ServiceError,
    SupporterRequiredError,
)
from custom_components.octoeverywhere.api.app import GADGET_PATH

from .fake_origin import FakeOrigin

TOKEN = "app-token-secret-7788"
GADGET = {"State": 3, "Status": "Watching", "StatusColor": "g", "Rating": 9}
WATCHING = GadgetStatus(
    state=GadgetState.ACTIVE, status="Watching", status_color="green", rating=9
)


@pytest.fixture
def app_client(session: aiohttp.ClientSession, origin: FakeOrigin) -> AppApiClient:
    """An App API client whose App APIs are the fake origin."""
    return AppApiClient(session, TOKEN, base_url=URL(origin.url), timeout=5)


def test_repr_hides_the_token(app_client: AppApiClient) -> None:
    """The token never shows in a representation (a log line, a traceback)."""
    assert TOKEN not in repr(app_client)
    assert repr(app_client) == "<AppApiClient>"


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(GADGET, id="bare"),
        pytest.param({"Status": 200, "Result": GADGET}, id="envelope"),
    ],
)
async def test_gadget_status_bare_or_in_an_envelope(
    app_client: AppApiClient, origin: FakeOrigin, body: dict[str, object]
) -> None:
    """Gadget's status is read as it comes: bare, or in the plugin's envelope."""
    origin.reply(json.dumps(body), content_type="application/json")
    assert await app_client.get_gadget_status() == WATCHING
    request = origin.requests[-1]
    assert (request.method, request.path) == ("POST", GADGET_PATH)
    assert request.headers["AppToken"] == TOKEN


@pytest.mark.parametrize(
    ("body", "message"),
    [
        pytest.param("", "response is not JSON", id="empty"),
        pytest.param("<html>", "response is not JSON", id="html"),
        pytest.param("[1, 2]", "response is not a JSON object", id="list"),
    ],
)
async def test_not_a_json_object(
    app_client: AppApiClient, origin: FakeOrigin, body: str, message: str
) -> None:
    """A 200 that is not a JSON object cannot be read: CannotConnectError."""
    origin.reply(body)
    with pytest.raises(CannotConnectError) as err:
        await app_client.get_gadget_status()
    assert message in str(err.value)


@pytest.mark.parametrize(
    ("status", "error"),
    [
        pytest.param(605, SupporterRequiredError, id="605"),
        pytest.param(606, AppTokenError, id="606"),
        pytest.param(750, ServiceError, id="unknown"),
    ],
)
async def test_envelope_errors(
    app_client: AppApiClient,
    origin: FakeOrigin,
    status: int,
    error: type[Exception],
) -> None:
    """An envelope's Status other than 200, in an HTTP 200, raises what it means."""
    origin.reply(f'{{"Status": {status}}}')
    with pytest.raises(error):
        await app_client.get_info()
