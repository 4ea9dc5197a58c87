"""Tests of the client against a real local HTTP server standing in for a connection origin."""

import asyncio
import base64
from collections.abc import Awaitable, Callable
import errno
import gzip
import json
import socket
import ssl
import time
from typing import Any
from unittest.mock import patch

import aiohttp
from aiohttp import hdrs, web
from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.client_reqrep import ConnectionKey
import pytest
from yarl import URL

from custom_components.octoeverywhere.api import (
    AuthenticationError,
    BasicAuth,
    BearerAuth,
    CannotConnectError,
    CommandError,
    ConnectionRevokedError,
    HostNotConnectedError,
    OctoEverywhereClient,
    OctoEverywhereError,
    PluginError,
    PluginUpdateRequiredError,
    PrinterOfflineError,
    PrinterStatus,
    ResponseTooLargeError,
    ServiceError,
    SupporterRequiredError,
    WebcamRateLimitedError,
    connection_origin,
)
from custom_components.octoeverywhere.api.client import MAX_BODY_BYTES

from .fake_origin import (
    API,
    HTML,
    PASSWORD,
    SECRET_HOST,
    STATUS_OK,
    TOKEN,
    USERNAME,
    FakeOrigin,
    assert_no_secret,
    envelope,
    origin_secrets,
)
from .payloads import REFERENCE

# pytest-socket (set up by pytest-homeassistant-custom-component) blocks creating sockets;
# this lets the tests create them, while connections still go to 127.0.0.1 only.
pytestmark = pytest.mark.usefixtures("socket_enabled")

# Every call the client offers, as (name, coroutine factory).
CALLS: list[Any] = [
    pytest.param(lambda c: c.get_status(), id="get_status"),
    pytest.param(lambda c: c.ping(), id="ping"),
    pytest.param(lambda c: c.command("pause"), id="command"),
]


# --- The request ------------------------------------------------------------------------------


async def test_status_request(client: OctoEverywhereClient, origin: FakeOrigin) -> None:
    """get_status sends one GET to the status path, without query, body or credentials."""
    await client.get_status()
    assert len(origin.requests) == 1
    request = origin.requests[0]
    assert request.method == "GET"
    assert request.path == f"{API}status"
    assert request.query_string == ""
    assert request.body == b""
    assert request.headers["Accept"] == "application/json"
    assert hdrs.AUTHORIZATION not in request.headers


async def test_status_with_material_system(
    client: OctoEverywhereClient, origin: FakeOrigin
) -> None:
    """The material system is asked for with IncludeMaterialSystem=true, and only then."""
    await client.get_status(include_material_system=True)
    await client.get_status(include_material_system=False)
    assert [r.query_string for r in origin.requests] == [
        "IncludeMaterialSystem=true",
        "",
    ]
    assert {r.path for r in origin.requests} == {f"{API}status"}


@pytest.mark.parametrize(
    ("auth", "expected"),
    [
        pytest.param(None, None, id="none"),
        pytest.param(
            BasicAuth(USERNAME, PASSWORD),
            "Basic " + base64.b64encode(f"{USERNAME}:{PASSWORD}".encode()).decode(),
            id="basic",
        ),
        pytest.param(BearerAuth(TOKEN), f"Bearer {TOKEN}", id="bearer"),
    ],
)
async def test_authorization_on_every_request(
    session: aiohttp.ClientSession,
    origin: FakeOrigin,
    auth: BasicAuth | BearerAuth | None,
    expected: str | None,
) -> None:
    """The credentials go in the Authorization header of every request."""
    client = OctoEverywhereClient(session, origin.url, auth, timeout=5)
    await client.get_status()
    await client.get_status(include_material_system=True)
    origin.reply(envelope(Result={"Message": "Pong"}))
    await client.ping()
    origin.reply(envelope(Result={}))
    await client.command("set-light", {"Name": "chamber", "On": False})
    await client.command("resume")
    assert len(origin.requests) == 5
    assert [r.headers.getall(hdrs.AUTHORIZATION, []) for r in origin.requests] == [
        [expected] if expected else []
    ] * 5


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("set-light", {"Name": "chamber", "On": True}),
        ("pause", {"SmartPause": True, "ZLiftMm": 2.5, "SuppressNotification": False}),
        ("set-temp", {"BedC": 0, "ToolC": 215, "ToolNumber": 1}),
        (
            "start",
            {"Path": "gcode/benchy ünïcödé.gcode", "Plate": 1, "AmsMapping": [0, 2]},
        ),
        ("/move-axis", {"Axis": "Z", "DistanceMm": -0.5}),
        ("pause", {}),
    ],
)
async def test_command_request(
    client: OctoEverywhereClient, origin: FakeOrigin, path: str, body: dict[str, Any]
) -> None:
    """A command is one POST to its path with the arguments as a JSON body."""
    origin.reply(envelope(Result={}))
    assert await client.command(path, body) == {}
    assert len(origin.requests) == 1
    request = origin.requests[0]
    assert request.method == "POST"
    assert request.path == API + path.lstrip("/")
    assert request.query_string == ""
    assert request.headers[hdrs.CONTENT_TYPE].startswith("application/json")
    assert json.loads(request.body) == body


@pytest.mark.parametrize("path", ["pause", "resume", "cancel", "home", "/cancel"])
async def test_command_without_body(
    client: OctoEverywhereClient, origin: FakeOrigin, path: str
) -> None:
    """body=None sends a POST with no body at all (not ``null``)."""
    origin.reply(envelope(Result={}))
    await client.command(path)
    request = origin.requests[0]
    assert request.method == "POST"
    assert request.path == API + path.lstrip("/")
    assert request.body == b""
    assert request.headers[hdrs.CONTENT_LENGTH] == "0"
    assert "json" not in request.headers.get(hdrs.CONTENT_TYPE, "")


async def test_ping_request(client: OctoEverywhereClient, origin: FakeOrigin) -> None:
    """ping is one GET to the ping path."""
    origin.reply(envelope(Result={"Message": "Pong"}))
    assert await client.ping() is None
    assert [(r.method, r.path, r.body) for r in origin.requests] == [
        ("GET", f"{API}ping", b"")
    ]


async def test_only_origin_of_url_used(
    session: aiohttp.ClientSession, origin: FakeOrigin
) -> None:
    """Path, query and fragment of the pasted URL are dropped; only the origin is kept."""
    client = OctoEverywhereClient(
        session, f"  {origin.url}some/page?token=abc#fragment  ", timeout=5
    )
    await client.get_status()
    request = origin.requests[0]
    assert request.path == f"{API}status"
    assert request.query_string == ""


async def test_url_object_used_as_origin(
    session: aiohttp.ClientSession, origin: FakeOrigin
) -> None:
    """A yarl URL is taken as the origin as is."""
    client = OctoEverywhereClient(session, URL(origin.url), timeout=5)
    assert await client.get_status() == PrinterStatus.from_dict(REFERENCE)
    assert origin.requests[0].path == f"{API}status"


# --- Successful answers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "content_type",
    [
        "text/json",
        "application/json",
        "application/json; charset=utf-8",
        "text/plain",
        "text/html",
        "application/octet-stream",
        None,
    ],
)
async def test_json_whatever_the_content_type(
    client: OctoEverywhereClient,
    origin: FakeOrigin,
    session: aiohttp.ClientSession,
    content_type: str | None,
) -> None:
    """The body is parsed as JSON whatever its content type (the plugin sends text/json)."""
    origin.reply(STATUS_OK, content_type=content_type)
    status = await client.get_status()
    assert status == PrinterStatus.from_dict(REFERENCE)
    assert status.raw == REFERENCE
    # The server really sent that content type, or none at all.
    async with session.get(origin.url) as response:
        assert response.headers.get(hdrs.CONTENT_TYPE) == content_type


async def test_status_result(client: OctoEverywhereClient) -> None:
    """get_status parses the Result into a PrinterStatus."""
    status = await client.get_status()
    assert isinstance(status, PrinterStatus)
    assert status.job.current_print.progress == 42.5
    assert status.octoeverywhere.most_recent_print_id == "a-print-id"
    assert status == PrinterStatus.from_dict(REFERENCE)


async def test_equal_body_not_parsed_again(
    client: OctoEverywhereClient, origin: FakeOrigin
) -> None:
    """A body equal byte for byte to the last one gives the same status, unparsed."""
    first = await client.get_status()
    with patch.object(
        PrinterStatus, "from_dict", side_effect=AssertionError("parsed again")
    ):
        assert await client.get_status() is first
        assert await client.get_status(include_material_system=True) is first

    # Any other body is read; an error answer is raised even after an equal success.
    changed = {**REFERENCE, "PlatformVersion": "9.9.9"}
    origin.reply(envelope(Result=changed))
    second = await client.get_status()
    assert second.platform_version == "9.9.9"
    assert second.raw == changed
    origin.reply(envelope(Result=changed), status=601)
    with pytest.raises(PrinterOfflineError):
        await client.get_status()
    origin.reply(STATUS_OK)
    assert await client.get_status() == first
    assert len(origin.requests) == 6


async def test_status_timeout_for_one_request(
    session: aiohttp.ClientSession, origin: FakeOrigin
) -> None:
    """A time limit given to get_status replaces the client's timeout for that request."""

    async def handler(request: web.Request) -> web.StreamResponse:
        await origin.release.wait()
        return web.Response(body=STATUS_OK)

    origin.handler = handler
    client = OctoEverywhereClient(session, origin.url, timeout=30)
    start = time.monotonic()
    with pytest.raises(CannotConnectError) as caught:
        await client.get_status(time_limit=0.2)
    assert time.monotonic() - start < 2
    assert caught.value.message == "timed out"


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        pytest.param({"Status": 200, "Result": {}}, {}, id="empty-result"),
        pytest.param(
            {
                "Status": 200,
                "Result": {"VirtualPath": "gcode/a.gcode", "PlatformPath": "a.gcode"},
            },
            {"VirtualPath": "gcode/a.gcode", "PlatformPath": "a.gcode"},
            id="start-result",
        ),
        pytest.param({"Status": 200}, {}, id="no-result"),
        pytest.param({"Status": 200, "Result": None}, {}, id="result-null"),
        pytest.param({"Status": 200, "Result": [1, 2]}, {}, id="result-a-list"),
        pytest.param({"Status": 200, "Result": "done"}, {}, id="result-a-string"),
        pytest.param(
            {"Status": 200, "Error": None, "Result": {"A": 1}},
            {"A": 1},
            id="error-null",
        ),
    ],
)
async def test_command_result(
    client: OctoEverywhereClient,
    origin: FakeOrigin,
    payload: dict[str, Any],
    expected: dict[str, Any],
) -> None:
    """command returns the Result object, {} when there is none."""
    origin.reply(json.dumps(payload))
    assert await client.command("start", {"Path": "gcode/a.gcode"}) == expected


@pytest.mark.parametrize(
    "payload",
    [
        {"Status": 200, "Result": {"Message": "Pong"}},
        {"Status": 200},
        {"Status": 200, "Result": None},
    ],
)
async def test_ping_result(
    client: OctoEverywhereClient, origin: FakeOrigin, payload: dict[str, Any]
) -> None:
    """ping succeeds on any Status 200 envelope."""
    origin.reply(json.dumps(payload))
    assert await client.ping() is None
    assert len(origin.requests) == 1


# --- Service errors (HTTP 600-613) ------------------------------------------------------------

SERVICE_ERRORS = {
    600: ServiceError,
    601: PrinterOfflineError,
    602: ServiceError,
    603: ConnectionRevokedError,
    604: ConnectionRevokedError,
    605: SupporterRequiredError,
    606: AuthenticationError,
    607: ServiceError,
    608: ServiceError,
    609: WebcamRateLimitedError,
    610: PluginUpdateRequiredError,
    611: ServiceError,
    612: ServiceError,
    613: ServiceError,
}
# The body of a service error, and the message expected from it.
ERROR_BODIES = [
    pytest.param(
        b'{"Error": "App connection revoked"}', "App connection revoked", id="json"
    ),
    pytest.param(HTML, None, id="html"),
    pytest.param(b"", None, id="empty"),
]


@pytest.mark.parametrize(("body", "message"), ERROR_BODIES)
@pytest.mark.parametrize(("code", "error"), SERVICE_ERRORS.items())
async def test_service_error(
    client: OctoEverywhereClient,
    origin: FakeOrigin,
    code: int,
    error: type[OctoEverywhereError],
    body: bytes,
    message: str | None,
) -> None:
    """Each service status raises its exception with the code and the Error text."""
    origin.reply(
        body, status=code, content_type="text/html" if body == HTML else "text/json"
    )
    with pytest.raises(OctoEverywhereError) as caught:
        await client.get_status()
    assert type(caught.value) is error
    assert caught.value.status == code
    assert caught.value.message == message
    assert len(origin.requests) == 1


@pytest.mark.parametrize("call", CALLS)
@pytest.mark.parametrize(
    ("code", "error"),
    [
        (601, PrinterOfflineError),
        (604, ConnectionRevokedError),
        (606, AuthenticationError),
    ],
)
async def test_service_error_on_every_call(
    client: OctoEverywhereClient,
    origin: FakeOrigin,
    call: Callable[[OctoEverywhereClient], Awaitable[Any]],
    code: int,
    error: type[OctoEverywhereError],
) -> None:
    """Service errors are raised the same way for status, ping and commands (never retried)."""
    origin.reply(b'{"Error": "nope"}', status=code)
    with pytest.raises(error) as caught:
        await call(client)
    assert caught.value.status == code
    assert len(origin.requests) == 1


@pytest.mark.parametrize(
    ("code", "base"),
    [
        (603, ServiceError),
        (606, ServiceError),
        (610, PluginError),
        (600, OctoEverywhereError),
    ],
)
async def test_service_error_hierarchy(
    client: OctoEverywhereClient, origin: FakeOrigin, code: int, base: type[Exception]
) -> None:
    """Service errors are ServiceErrors, except 610 which means the same as 754."""
    origin.reply(b"", status=code)
    with pytest.raises(base):
        await client.get_status()


async def test_service_error_wins_over_envelope(
    client: OctoEverywhereClient, origin: FakeOrigin
) -> None:
    """A 6xx HTTP status is an error even when its body looks like a success envelope."""
    origin.reply(envelope(Result=REFERENCE), status=601)
    with pytest.raises(PrinterOfflineError):
        await client.get_status()


@pytest.mark.parametrize(
    ("error_field", "message"),
    [
        pytest.param("x" * 5000, "x" * 200, id="long-text-truncated"),
        pytest.param("y" * 200, "y" * 200, id="200-chars-kept"),
        pytest.param(42, None, id="number"),
        pytest.param(None, None, id="null"),
        pytest.param({"Text": "nested"}, None, id="object"),
    ],
)
async def test_service_error_message(
    client: OctoEverywhereClient,
    origin: FakeOrigin,
    error_field: Any,
    message: str | None,
) -> None:
    """Only a string Error is kept, shortened to 200 characters."""
    origin.reply(json.dumps({"Error": error_field}), status=612)
    with pytest.raises(ServiceError) as caught:
        await client.get_status()
    assert caught.value.message == message


@pytest.mark.parametrize("code", [614, 650, 699])
async def test_service_error_beyond_documented(
    client: OctoEverywhereClient, origin: FakeOrigin, code: int
) -> None:
    """Undocumented 6xx statuses still come from the service: a plain ServiceError."""
    origin.reply(b'{"Error": "Something new"}', status=code)
    with pytest.raises(ServiceError) as caught:
        await client.get_status()
    assert type(caught.value) is ServiceError
    assert caught.value.status == code
    assert caught.value.message == "Something new"


async def test_service_error_body_not_utf_8(
    client: OctoEverywhereClient, origin: FakeOrigin
) -> None:
    """A service error whose body is not UTF-8 is raised without a message."""
    origin.reply(b'{"Error": "\xff\xfe"}', status=601)
    with pytest.raises(PrinterOfflineError) as caught:
        await client.get_status()
    assert caught.value.message is None


@pytest.mark.parametrize(
    ("status", "body"),
    [(599, b'{"Status": 200, "Result": {}}'), (700, b'{"Status": 200, "Result": {}}')],
)
async def test_around_service_range(
    client: OctoEverywhereClient, origin: FakeOrigin, status: int, body: bytes
) -> None:
    """Only 600-699 are service errors; 599 and 700 are unexpected HTTP statuses."""
    origin.reply(body, status=status)
    with pytest.raises(CannotConnectError) as caught:
        await client.get_status()
    assert type(caught.value) is CannotConnectError
    assert caught.value.status == status


# --- Plugin errors (envelope Status other than 200) -------------------------------------------

PLUGIN_ERRORS = {
    750: CommandError,
    751: CommandError,
    752: CommandError,
    753: CommandError,
    754: PluginUpdateRequiredError,
    785: HostNotConnectedError,
    786: CommandError,
    787: HostNotConnectedError,
    788: CommandError,
    789: HostNotConnectedError,
    400: CommandError,
    500: CommandError,
    409: CommandError,  # passed through by `start` from the host
    404: CommandError,
    0: CommandError,
}


@pytest.mark.parametrize("call", CALLS)
@pytest.mark.parametrize(("code", "error"), PLUGIN_ERRORS.items())
async def test_plugin_error(
    client: OctoEverywhereClient,
    origin: FakeOrigin,
    call: Callable[[OctoEverywhereClient], Awaitable[Any]],
    code: int,
    error: type[PluginError],
) -> None:
    """A failure envelope (HTTP 200) raises the exception of its Status, with its Error text."""
    origin.reply(envelope(code, Error=f"Failure {code}"))
    with pytest.raises(PluginError) as caught:
        await call(client)
    assert type(caught.value) is error
    assert caught.value.status == code
    assert caught.value.message == f"Failure {code}"
    assert str(caught.value) == f"{code}: Failure {code}"
    assert len(origin.requests) == 1


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        pytest.param({"Error": "z" * 3000}, "z" * 200, id="long-text-truncated"),
        pytest.param({}, None, id="no-error"),
        pytest.param({"Error": None}, None, id="error-null"),
        pytest.param({"Error": ["Host not connected"]}, None, id="error-a-list"),
        pytest.param(
            {"Error": "Unknown light name: x", "Result": {}}, "Unknown light name: x"
        ),
    ],
)
async def test_plugin_error_message(
    client: OctoEverywhereClient,
    origin: FakeOrigin,
    fields: dict[str, Any],
    message: str | None,
) -> None:
    """The Error text is kept when it is a string, shortened to 200 characters."""
    origin.reply(envelope(400, **fields))
    with pytest.raises(CommandError) as caught:
        await client.command("set-light", {"Name": "x", "On": True})
    assert caught.value.status == 400
    assert caught.value.message == message
    assert str(caught.value) == f"400: {message or 'no message'}"


# --- Other HTTP statuses ----------------------------------------------------------------------

HTTP_BODIES = [
    pytest.param(STATUS_OK, id="success-envelope"),
    pytest.param(envelope(785, Error="Host not connected"), id="error-envelope"),
    pytest.param(b'{"Error": "Not found"}', id="json"),
    pytest.param(HTML, id="html"),
    pytest.param(b"", id="empty"),
]


@pytest.mark.parametrize("body", HTTP_BODIES)
@pytest.mark.parametrize("code", [201, 400, 401, 403, 404, 429, 500, 502, 503])
async def test_unexpected_http_status(
    client: OctoEverywhereClient, origin: FakeOrigin, code: int, body: bytes
) -> None:
    """Any HTTP status other than 200 and 6xx is a connection problem, whatever the body."""
    origin.reply(body, status=code)
    with pytest.raises(CannotConnectError) as caught:
        await client.get_status()
    assert type(caught.value) is CannotConnectError
    assert caught.value.status == code
    assert caught.value.message == f"unexpected HTTP status {code}"
    assert_no_secret(caught.value, *origin_secrets(origin))


@pytest.mark.parametrize("call", CALLS)
async def test_unexpected_http_status_on_every_call(
    client: OctoEverywhereClient,
    origin: FakeOrigin,
    call: Callable[[OctoEverywhereClient], Awaitable[Any]],
) -> None:
    """Status, ping and commands all refuse a 502 from a proxy."""
    origin.reply(HTML, status=502, content_type="text/html")
    with pytest.raises(CannotConnectError) as caught:
        await call(client)
    assert caught.value.status == 502


@pytest.mark.parametrize("code", [301, 302, 303, 307, 308])
async def test_redirect_not_followed(
    client: OctoEverywhereClient, origin: FakeOrigin, code: int
) -> None:
    """A redirect is not followed (it would resend credentials and commands elsewhere)."""
    origin.reply(b"", status=code, headers={hdrs.LOCATION: f"{API}status"})
    with pytest.raises(CannotConnectError) as caught:
        await client.get_status()
    assert type(caught.value) is CannotConnectError
    assert caught.value.status == code
    assert len(origin.requests) == 1


# --- Bodies that are not an envelope ----------------------------------------------------------

NOT_ENVELOPES = [
    pytest.param(b"not json", id="text"),
    pytest.param(HTML, id="html"),
    pytest.param(b"", id="empty"),
    pytest.param(b'{"Status": 200, "Result": {"JobStatus": ', id="truncated-json"),
    pytest.param(b'{"Status": 200}{"Status": 200}', id="two-objects"),
    pytest.param(b'[{"Status": 200, "Result": {}}]', id="json-array"),
    pytest.param(b'"Status 200"', id="json-string"),
    pytest.param(b"null", id="json-null"),
    pytest.param(b"200", id="json-number"),
    pytest.param(b"true", id="json-true"),
    pytest.param(b"\xff\xfe{\x00", id="utf-16-garbage"),
    pytest.param(b'{"Status": 200, "Result": {"Name": "\xff"}}', id="invalid-utf-8"),
    pytest.param(b'{"Result": {}}', id="status-missing"),
    pytest.param(b'{"Status": "200", "Result": {}}', id="status-a-string"),
    pytest.param(b'{"Status": true, "Result": {}}', id="status-true"),
    pytest.param(b'{"Status": false, "Result": {}}', id="status-false"),
    pytest.param(b'{"Status": null, "Result": {}}', id="status-null"),
    pytest.param(b'{"Status": 200.0, "Result": {}}', id="status-a-float"),
    pytest.param(b'{"Status": [200], "Result": {}}', id="status-a-list"),
    pytest.param(b'{"status": 200, "result": {}}', id="lower-case-keys"),
]


@pytest.mark.parametrize("call", CALLS)
@pytest.mark.parametrize("body", NOT_ENVELOPES)
async def test_not_an_envelope(
    client: OctoEverywhereClient,
    origin: FakeOrigin,
    call: Callable[[OctoEverywhereClient], Awaitable[Any]],
    body: bytes,
) -> None:
    """HTTP 200 without a JSON object carrying an integer Status is a connection problem."""
    origin.reply(body)
    with pytest.raises(CannotConnectError) as caught:
        await call(client)
    assert type(caught.value) is CannotConnectError
    assert caught.value.status == 200
    assert_no_secret(caught.value, *origin_secrets(origin))


@pytest.mark.parametrize(
    "payload",
    [
        pytest.param({"Status": 200}, id="no-result"),
        pytest.param({"Status": 200, "Result": None}, id="result-null"),
        pytest.param({"Status": 200, "Result": [REFERENCE]}, id="result-a-list"),
        pytest.param({"Status": 200, "Result": "ok"}, id="result-a-string"),
    ],
)
async def test_status_without_result(
    client: OctoEverywhereClient, origin: FakeOrigin, payload: dict[str, Any]
) -> None:
    """A status envelope without a Result object cannot be used."""
    origin.reply(json.dumps(payload))
    with pytest.raises(CannotConnectError) as caught:
        await client.get_status()
    assert type(caught.value) is CannotConnectError
    assert caught.value.status == 200
    assert caught.value.message == "status response has no Result object"


# --- Body size --------------------------------------------------------------------------------


def padded_envelope(size: int) -> bytes:
    """A valid success envelope of exactly ``size`` bytes."""
    empty = envelope(Result={"Pad": ""})
    body = envelope(Result={"Pad": "p" * (size - len(empty))})
    assert len(body) == size
    return body


async def stream(
    request: web.Request, body: bytes, chunk: int = 64 * 1024
) -> web.StreamResponse:
    """Send ``body`` chunked, without Content-Length."""
    response = web.StreamResponse(headers={hdrs.CONTENT_TYPE: "text/json"})
    response.enable_chunked_encoding()
    await response.prepare(request)
    for start in range(0, len(body), chunk):
        await response.write(body[start : start + chunk])
    await response.write_eof()
    return response


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
async def test_body_at_the_cap(
    client: OctoEverywhereClient, origin: FakeOrigin, chunked: bool
) -> None:
    """A body of exactly MAX_BODY_BYTES is read."""
    body = padded_envelope(MAX_BODY_BYTES)
    if chunked:
        origin.handler = lambda request: stream(request, body)
    else:
        origin.reply(body)
    result = await client.command("start", {"Path": "gcode/a.gcode"})
    assert len(result["Pad"]) > MAX_BODY_BYTES - 100


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
async def test_body_over_the_cap(
    client: OctoEverywhereClient, origin: FakeOrigin, chunked: bool
) -> None:
    """One byte more than MAX_BODY_BYTES is refused."""
    body = padded_envelope(MAX_BODY_BYTES + 1)
    if chunked:
        origin.handler = lambda request: stream(request, body)
    else:
        origin.reply(body)
    with pytest.raises(ResponseTooLargeError) as caught:
        await client.command("start", {"Path": "gcode/a.gcode"})
    assert caught.value.status == 200
    assert isinstance(caught.value, CannotConnectError)


@pytest.mark.parametrize("code", [200, 502, 601])
async def test_large_content_length_refused_unread(
    client: OctoEverywhereClient, origin: FakeOrigin, code: int
) -> None:
    """A Content-Length over the cap is refused before any of the body is read.

    The server sends the headers and 1 KiB, then stalls: a client that waited for the body
    would time out (plain CannotConnectError) instead of raising ResponseTooLargeError at once.
    """

    async def handler(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(
            status=code, headers={hdrs.CONTENT_TYPE: "text/json"}
        )
        response.content_length = MAX_BODY_BYTES + 1
        await response.prepare(request)
        await response.write(b"{" + b" " * 1023)
        await origin.release.wait()
        return response

    origin.handler = handler
    start = time.monotonic()
    with pytest.raises(ResponseTooLargeError) as caught:
        await client.get_status()
    assert caught.value.status == code
    assert time.monotonic() - start < 2


async def test_large_chunked_body_reading_stops(
    client: OctoEverywhereClient, origin: FakeOrigin
) -> None:
    """Without Content-Length the client stops reading once the cap is passed.

    The server streams without end and only stops when the client drops the connection: it
    must have stopped soon after the cap, having sent far less than it would have.
    """
    sent = 0
    stopped = asyncio.Event()
    chunk = b" " * (64 * 1024)

    async def handler(request: web.Request) -> web.StreamResponse:
        nonlocal sent
        response = web.StreamResponse(headers={hdrs.CONTENT_TYPE: "text/json"})
        response.enable_chunked_encoding()
        await response.prepare(request)
        try:
            while sent < 512 * 1024 * 1024:
                await response.write(chunk)
                sent += len(chunk)
        except ConnectionError:
            pass
        finally:
            stopped.set()
        return response

    origin.handler = handler
    with pytest.raises(ResponseTooLargeError):
        await client.get_status()
    async with asyncio.timeout(5):
        await stopped.wait()
    assert MAX_BODY_BYTES < sent < 64 * 1024 * 1024


@pytest.mark.parametrize(
    ("size", "refused"), [(64 * 1024, False), (MAX_BODY_BYTES + 1, True)]
)
async def test_compressed_body_capped_as_decompressed(
    client: OctoEverywhereClient, origin: FakeOrigin, size: int, refused: bool
) -> None:
    """A gzip body is capped by what it decompresses to, not by its Content-Length."""
    body = padded_envelope(size)
    compressed = gzip.compress(body)
    assert len(compressed) < MAX_BODY_BYTES // 100
    origin.reply(compressed, headers={hdrs.CONTENT_ENCODING: "gzip"})
    if refused:
        with pytest.raises(ResponseTooLargeError):
            await client.command("start", {"Path": "gcode/a.gcode"})
    else:
        result = await client.command("start", {"Path": "gcode/a.gcode"})
        assert len(result["Pad"]) > size - 100


# --- Transport failures -----------------------------------------------------------------------


async def test_timeout_waiting_for_answer(
    session: aiohttp.ClientSession, origin: FakeOrigin
) -> None:
    """A response slower than the timeout is a connection problem without a status."""

    async def handler(request: web.Request) -> web.StreamResponse:
        await origin.release.wait()
        return web.Response(body=STATUS_OK)

    origin.handler = handler
    client = OctoEverywhereClient(session, origin.url, timeout=0.2)
    start = time.monotonic()
    with pytest.raises(CannotConnectError) as caught:
        await client.get_status()
    assert time.monotonic() - start < 2
    assert type(caught.value) is CannotConnectError
    assert caught.value.status is None
    assert caught.value.message == "timed out"
    assert_no_secret(caught.value, *origin_secrets(origin))


async def test_timeout_while_reading_body(
    session: aiohttp.ClientSession, origin: FakeOrigin
) -> None:
    """A body that stalls halfway also times out."""

    async def handler(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={hdrs.CONTENT_TYPE: "text/json"})
        response.content_length = len(STATUS_OK)
        await response.prepare(request)
        await response.write(STATUS_OK[:10])
        await origin.release.wait()
        return response

    origin.handler = handler
    client = OctoEverywhereClient(session, origin.url, timeout=0.2)
    with pytest.raises(CannotConnectError) as caught:
        await client.get_status()
    assert caught.value.status is None
    assert caught.value.message == "timed out"


async def test_command_timeout_not_retried(
    session: aiohttp.ClientSession, origin: FakeOrigin
) -> None:
    """A command that times out is not sent again (the plugin may have acted on it)."""

    async def handler(request: web.Request) -> web.StreamResponse:
        await origin.release.wait()
        return web.Response(body=envelope(Result={}))

    origin.handler = handler
    client = OctoEverywhereClient(session, origin.url, timeout=0.2)
    with pytest.raises(CannotConnectError):
        await client.command("cancel")
    await asyncio.sleep(0.1)
    assert [r.path for r in origin.requests] == [f"{API}cancel"]


async def test_connection_refused(session: aiohttp.ClientSession) -> None:
    """A closed port is a connection problem; the message names neither host nor port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    client = OctoEverywhereClient(session, f"http://127.0.0.1:{port}/", timeout=5)
    with pytest.raises(CannotConnectError) as caught:
        await client.get_status()
    assert caught.value.status is None
    assert caught.value.message == "cannot connect (Connection refused)"
    assert_no_secret(caught.value, "127.0.0.1", str(port))


async def test_server_disconnects(
    client: OctoEverywhereClient, origin: FakeOrigin
) -> None:
    """A connection dropped halfway through the body is a connection problem."""

    async def handler(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={hdrs.CONTENT_TYPE: "text/json"})
        response.content_length = len(STATUS_OK)
        await response.prepare(request)
        await response.write(STATUS_OK[:10])
        assert request.transport is not None
        request.transport.close()
        return response

    origin.handler = handler
    with pytest.raises(CannotConnectError) as caught:
        await client.get_status()
    assert type(caught.value) is CannotConnectError
    assert caught.value.status is None
    assert caught.value.message == "ClientPayloadError"
    assert_no_secret(caught.value, *origin_secrets(origin))


async def test_tls_handshake_failure(
    session: aiohttp.ClientSession, origin: FakeOrigin
) -> None:
    """A TLS failure (here https to a plain HTTP server) is a connection problem."""
    port = origin.server.port
    client = OctoEverywhereClient(session, f"https://127.0.0.1:{port}", timeout=5)
    with pytest.raises(CannotConnectError) as caught:
        await client.get_status()
    assert caught.value.status is None
    assert caught.value.message == "TLS error"
    assert_no_secret(caught.value, "127.0.0.1", str(port))


class FailingResolver(AbstractResolver):
    """A resolver for which no name exists (pytest-socket forbids real lookups)."""

    def __init__(self) -> None:
        """Remember what was looked up."""
        self.hosts: list[str] = []

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        """Fail like getaddrinfo does for an unknown name."""
        self.hosts.append(host)
        raise OSError(socket.EAI_NONAME, f"Name or service not known: {host}")

    async def close(self) -> None:
        """Nothing to release."""


async def test_dns_failure() -> None:
    """A name that does not resolve is a connection problem; the message omits the name."""
    resolver = FailingResolver()
    async with aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(resolver=resolver)
    ) as session:
        client = OctoEverywhereClient(session, f"https://{SECRET_HOST}/", timeout=5)
        with pytest.raises(CannotConnectError) as caught:
            await client.get_status()
    assert resolver.hosts == [SECRET_HOST]
    assert isinstance(caught.value.__cause__, aiohttp.ClientConnectorDNSError)
    assert caught.value.status is None
    assert caught.value.message == "DNS lookup failed"
    assert_no_secret(caught.value, SECRET_HOST, "s3cr3t")


class FailingConnector(aiohttp.BaseConnector):
    """A connector whose every connection attempt raises the given error."""

    def __init__(self, error: Exception) -> None:
        """Keep the error to raise."""
        super().__init__()
        self.error = error
        self.methods: list[str] = []

    async def _create_connection(self, req: Any, traces: Any, timeout: Any) -> Any:  # noqa: ASYNC109
        self.methods.append(req.method)
        raise self.error


def _connection_key() -> ConnectionKey:
    return ConnectionKey(
        host=SECRET_HOST,
        port=443,
        is_ssl=True,
        ssl=True,
        proxy=None,
        proxy_auth=None,
        proxy_headers_hash=None,
    )


TRANSPORT_ERRORS = [
    pytest.param(
        lambda: aiohttp.ClientConnectorDNSError(
            _connection_key(), OSError(socket.EAI_NONAME, "Name or service not known")
        ),
        "DNS lookup failed",
        id="dns",
    ),
    pytest.param(
        lambda: aiohttp.ClientConnectorCertificateError(
            _connection_key(),
            ssl.SSLCertVerificationError(
                1, f"hostname mismatch, not valid for {SECRET_HOST}"
            ),
        ),
        "TLS error",
        id="certificate",
    ),
    pytest.param(
        lambda: aiohttp.ClientConnectorSSLError(
            _connection_key(), ssl.SSLError(1, "[SSL: TLSV1_ALERT_INTERNAL_ERROR]")
        ),
        "TLS error",
        id="tls",
    ),
    pytest.param(
        lambda: aiohttp.ServerFingerprintMismatch(
            b"expected", b"got", SECRET_HOST, 443
        ),
        "TLS error",
        id="fingerprint",
    ),
    pytest.param(
        lambda: aiohttp.ClientConnectorError(
            _connection_key(),
            ConnectionRefusedError(
                errno.ECONNREFUSED, f"Connect call failed ('{SECRET_HOST}', 443)"
            ),
        ),
        "cannot connect (Connection refused)",
        id="refused",
    ),
    pytest.param(
        lambda: aiohttp.ClientConnectorError(
            _connection_key(),
            OSError(errno.ENETUNREACH, f"Network unreachable {SECRET_HOST}"),
        ),
        "cannot connect (Network is unreachable)",
        id="unreachable",
    ),
    pytest.param(
        lambda: aiohttp.ClientConnectorError(
            _connection_key(), OSError(f"Multiple exceptions: {SECRET_HOST}")
        ),
        "cannot connect (connection failed)",
        id="no-errno",
    ),
    pytest.param(
        lambda: aiohttp.ClientOSError(errno.ECONNRESET, f"reset by {SECRET_HOST}"),
        "ClientOSError",
        id="reset",
    ),
    pytest.param(
        lambda: aiohttp.ServerDisconnectedError(f"{SECRET_HOST} went away"),
        "ServerDisconnectedError",
        id="disconnected",
    ),
    pytest.param(
        lambda: aiohttp.ClientProxyConnectionError(
            _connection_key(), OSError(errno.ECONNREFUSED, f"proxy for {SECRET_HOST}")
        ),
        "cannot connect (Connection refused)",
        id="proxy",
    ),
    pytest.param(
        lambda: aiohttp.ServerTimeoutError(
            f"Timeout on reading data from {SECRET_HOST}"
        ),
        "timed out",
        id="aiohttp-timeout",
    ),
]


@pytest.mark.parametrize(("make_error", "message"), TRANSPORT_ERRORS)
@pytest.mark.parametrize("call", CALLS)
async def test_transport_error(
    make_error: Callable[[], Exception],
    message: str,
    call: Callable[[OctoEverywhereClient], Awaitable[Any]],
) -> None:
    """Transport errors raised inside the session become CannotConnectError without the host."""
    connector = FailingConnector(make_error())
    async with aiohttp.ClientSession(connector=connector) as session:
        client = OctoEverywhereClient(
            session, f"https://{SECRET_HOST}/", BearerAuth(TOKEN)
        )
        with pytest.raises(CannotConnectError) as caught:
            await call(client)
    assert type(caught.value) is CannotConnectError
    assert caught.value.status is None
    assert caught.value.message == message
    # aiohttp itself may try an idempotent GET once more on a dropped connection; the client
    # adds no retries, and a command (POST) is never sent twice.
    assert connector.methods in (["POST"], ["GET"], ["GET", "GET"])
    assert_no_secret(caught.value, SECRET_HOST, "s3cr3t", TOKEN)


# --- Connection URL and secrets ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://app-abc123.octoeverywhere.com",
            "https://app-abc123.octoeverywhere.com",
        ),
        (
            "https://app-abc123.octoeverywhere.com/",
            "https://app-abc123.octoeverywhere.com",
        ),
        (
            "https://shared-xyz.octoeverywhere.com/some/path?key=1#frag",
            "https://shared-xyz.octoeverywhere.com",
        ),
        (
            "  https://app-abc123.octoeverywhere.com/\n",
            "https://app-abc123.octoeverywhere.com",
        ),
        ("http://127.0.0.1:8080/x", "http://127.0.0.1:8080"),
        ("https://printer.example:8443", "https://printer.example:8443"),
        ("http://[::1]:8080/", "http://[::1]:8080"),
    ],
)
def test_connection_origin(url: str, expected: str) -> None:
    """Only scheme, host and port of a connection URL are kept."""
    origin = connection_origin(url)
    assert origin == URL(expected)
    assert origin.path in ("", "/")
    assert not origin.query_string
    assert not origin.fragment


@pytest.mark.parametrize(
    "url",
    [
        "ftp://app-s3cr3t.octoeverywhere.com",
        "ws://app-s3cr3t.octoeverywhere.com",
        "file:///etc/s3cr3t",
        "javascript:alert('s3cr3t')",
        "app-s3cr3t.octoeverywhere.com",
        "app-s3cr3t.octoeverywhere.com/path",
        "//app-s3cr3t.octoeverywhere.com",
        "https://",
        "https:///s3cr3t",
        "",
        "   ",
        "https://user@app-s3cr3t.octoeverywhere.com",
        "https://user:s3cr3t@app.octoeverywhere.com",
        "https://:s3cr3t@app.octoeverywhere.com",
    ],
)
def test_connection_origin_rejected(url: str) -> None:
    """Anything but an absolute http(s) URL with a host and no user info is refused."""
    with pytest.raises(ValueError) as caught:
        connection_origin(url)
    assert "s3cr3t" not in str(caught.value)


async def test_client_rejects_bad_url(session: aiohttp.ClientSession) -> None:
    """The client refuses a URL that connection_origin refuses."""
    with pytest.raises(ValueError):
        OctoEverywhereClient(session, "https://user:pw@app.octoeverywhere.com")
    with pytest.raises(ValueError):
        OctoEverywhereClient(session, "app.octoeverywhere.com")


async def test_repr_hides_secrets(session: aiohttp.ClientSession) -> None:
    """repr() of the client and of the credentials shows no URL, password or token."""
    client = OctoEverywhereClient(
        session, f"https://{SECRET_HOST}/", BasicAuth(USERNAME, PASSWORD)
    )
    basic = BasicAuth(USERNAME, PASSWORD)
    bearer = BearerAuth(TOKEN)
    assert repr(client) == "<OctoEverywhereClient>"
    for text in (
        repr(client),
        str(client),
        repr(basic),
        str(basic),
        repr(bearer),
        str(bearer),
    ):
        assert SECRET_HOST not in text
        assert "s3cr3t" not in text
        assert PASSWORD not in text
        assert TOKEN not in text
    # The values are still there for the header.
    assert bearer.header == f"Bearer {TOKEN}"
    assert (
        base64.b64decode(basic.header.removeprefix("Basic "))
        == f"{USERNAME}:{PASSWORD}".encode()
    )


# --- Exceptions -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "message", "text"),
    [
        (785, "Host not connected", "785: Host not connected"),
        (606, None, "606: no message"),
        (None, "timed out", "timed out"),
        (None, None, "None"),
    ],
)
def test_exception_text(status: int | None, message: str | None, text: str) -> None:
    """An exception keeps its status and message and shows both."""
    error = OctoEverywhereError(status, message)
    assert error.status == status
    assert error.message == message
    assert str(error) == text


@pytest.mark.parametrize(
    ("error", "bases"),
    [
        (CannotConnectError, (OctoEverywhereError,)),
        (ResponseTooLargeError, (CannotConnectError, OctoEverywhereError)),
        (ServiceError, (OctoEverywhereError,)),
        (AuthenticationError, (ServiceError,)),
        (ConnectionRevokedError, (ServiceError,)),
        (SupporterRequiredError, (ServiceError,)),
        (PrinterOfflineError, (ServiceError,)),
        (WebcamRateLimitedError, (ServiceError,)),
        (PluginError, (OctoEverywhereError,)),
        (HostNotConnectedError, (PluginError,)),
        (PluginUpdateRequiredError, (PluginError,)),
        (CommandError, (PluginError,)),
    ],
)
def test_exception_hierarchy(
    error: type[Exception], bases: tuple[type[Exception], ...]
) -> None:
    """Callers can catch the errors by layer; each error belongs to one layer only."""
    assert issubclass(error, bases)
    assert issubclass(error, OctoEverywhereError)
    layers = (CannotConnectError, ServiceError, PluginError)
    assert sum(issubclass(error, layer) for layer in layers) <= 1
