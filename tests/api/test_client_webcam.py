"""Tests of the client's webcam calls (snapshot and MJPEG stream) against a local server."""

import asyncio
import socket
import time

import aiohttp
from aiohttp import hdrs, web
import pytest

from custom_components.octoeverywhere.api import (
    AuthenticationError,
    BearerAuth,
    CannotConnectError,
    OctoEverywhereClient,
    OctoEverywhereError,
    PrinterOfflineError,
    ResponseTooLargeError,
    ServiceError,
    Snapshot,
    WebcamRateLimitedError,
    WebcamUnavailableError,
)
from custom_components.octoeverywhere.api.client import MAX_BODY_BYTES, MAX_IMAGE_BYTES

from .fake_origin import (
    API,
    HTML,
    TOKEN,
    FakeOrigin,
    Handler,
    assert_no_secret,
    envelope,
    origin_secrets,
)

pytestmark = pytest.mark.usefixtures("socket_enabled")

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 4 + b"\xff\xd9"
TRANSFORM = "fliph flipv rotate=90"
BOUNDARY = "oeframe"
FRAME = (
    f"--{BOUNDARY}\r\nContent-Type: image/jpeg\r\nContent-Length: {len(JPEG)}\r\n\r\n".encode()
    + JPEG
    + b"\r\n"
)


# --- Snapshot ---------------------------------------------------------------------------------


async def test_snapshot(client: OctoEverywhereClient, origin: FakeOrigin) -> None:
    """A snapshot is the image with its content type and transform header."""
    origin.reply(
        JPEG, content_type="image/jpeg", headers={"X-OE-Webcam-Transform": TRANSFORM}
    )
    snapshot = await client.webcam_snapshot()
    assert snapshot == Snapshot(
        content=JPEG, content_type="image/jpeg", transform=TRANSFORM
    )
    assert [(r.method, r.path, r.query_string) for r in origin.requests] == [
        ("GET", f"{API}webcam/snapshot", "")
    ]
    assert JPEG[:8].hex() not in repr(snapshot)
    assert "JFIF" not in repr(snapshot)


@pytest.mark.parametrize(
    ("index", "query"), [(None, ""), (0, "index=0"), (3, "index=3")]
)
async def test_snapshot_index(
    session: aiohttp.ClientSession, origin: FakeOrigin, index: int | None, query: str
) -> None:
    """The webcam index goes in the query; the credentials in the header."""
    client = OctoEverywhereClient(session, origin.url, BearerAuth(TOKEN), timeout=5)
    origin.reply(JPEG, content_type="image/png")
    snapshot = await client.webcam_snapshot(index)
    assert snapshot.content_type == "image/png"
    assert snapshot.transform is None
    request = origin.requests[0]
    assert request.query_string == query
    assert request.headers[hdrs.AUTHORIZATION] == f"Bearer {TOKEN}"


@pytest.mark.parametrize(
    ("status", "body", "content_type"),
    [
        pytest.param(404, b"", "text/html", id="404-empty"),
        pytest.param(404, b'{"Error": "No webcam"}', "text/json", id="404-json"),
        pytest.param(
            200,
            envelope(754, Error="Unknown command"),
            "text/json",
            id="200-envelope-instead-of-image",
        ),
        pytest.param(200, JPEG, "application/octet-stream", id="200-not-an-image-type"),
        pytest.param(200, JPEG, None, id="200-no-content-type"),
        pytest.param(200, HTML, "text/html", id="200-html"),
    ],
)
async def test_snapshot_unavailable(
    client: OctoEverywhereClient,
    origin: FakeOrigin,
    status: int,
    body: bytes,
    content_type: str | None,
) -> None:
    """A 404 or anything that is not typed as an image is no snapshot."""
    origin.reply(body, status=status, content_type=content_type)
    with pytest.raises(WebcamUnavailableError) as caught:
        await client.webcam_snapshot()
    assert caught.value.status == status


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (609, WebcamRateLimitedError),
        (606, AuthenticationError),
        (601, PrinterOfflineError),
        (612, ServiceError),
        (400, CannotConnectError),
        (500, CannotConnectError),
        (502, CannotConnectError),
        (302, CannotConnectError),
    ],
)
async def test_snapshot_errors(
    client: OctoEverywhereClient,
    origin: FakeOrigin,
    status: int,
    error: type[OctoEverywhereError],
) -> None:
    """Service errors and other HTTP statuses raise as for the other calls."""
    origin.reply(
        HTML,
        status=status,
        content_type="text/html",
        headers={hdrs.LOCATION: "/elsewhere"},
    )
    with pytest.raises(OctoEverywhereError) as caught:
        await client.webcam_snapshot()
    assert type(caught.value) is error
    assert caught.value.status == status
    assert len(origin.requests) == 1


async def test_snapshot_larger_than_a_status(
    client: OctoEverywhereClient, origin: FakeOrigin
) -> None:
    """An image may be larger than the cap of JSON bodies, up to MAX_IMAGE_BYTES."""
    image = JPEG + b"\x00" * (MAX_IMAGE_BYTES - len(JPEG))
    assert len(image) > MAX_BODY_BYTES
    origin.reply(image, content_type="image/jpeg")
    snapshot = await client.webcam_snapshot()
    assert snapshot.content == image


async def test_snapshot_too_large(
    client: OctoEverywhereClient, origin: FakeOrigin
) -> None:
    """An image over MAX_IMAGE_BYTES is refused."""
    origin.reply(b"\x00" * (MAX_IMAGE_BYTES + 1), content_type="image/jpeg")
    with pytest.raises(ResponseTooLargeError) as caught:
        await client.webcam_snapshot()
    assert caught.value.status == 200


async def test_snapshot_timeout(
    session: aiohttp.ClientSession, origin: FakeOrigin
) -> None:
    """A snapshot slower than the timeout is a connection problem."""

    async def handler(request: web.Request) -> web.StreamResponse:
        await origin.release.wait()
        return web.Response(body=JPEG, content_type="image/jpeg")

    origin.handler = handler
    client = OctoEverywhereClient(session, origin.url, timeout=0.2)
    with pytest.raises(CannotConnectError) as caught:
        await client.webcam_snapshot()
    assert type(caught.value) is CannotConnectError
    assert caught.value.message == "timed out"


# --- Stream -----------------------------------------------------------------------------------


def mjpeg_handler(origin: FakeOrigin, frames: int = 2) -> Handler:
    """Return a handler that sends ``frames`` frames, then holds the stream open."""

    async def handler(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(
            headers={
                hdrs.CONTENT_TYPE: f"multipart/x-mixed-replace; boundary={BOUNDARY}"
            }
        )
        await response.prepare(request)
        for _ in range(frames):
            await response.write(FRAME)
        await origin.release.wait()
        return response

    return handler


async def test_stream(session: aiohttp.ClientSession, origin: FakeOrigin) -> None:
    """The stream is opened with the credentials and handed over while it lasts."""
    origin.handler = mjpeg_handler(origin)
    client = OctoEverywhereClient(session, origin.url, BearerAuth(TOKEN), timeout=5)
    async with client.webcam_stream(1) as response:
        assert response.status == 200
        assert response.content_type == "multipart/x-mixed-replace"
        assert await response.content.readexactly(2 * len(FRAME)) == 2 * FRAME
    assert response.closed
    assert [(r.method, r.path, r.query_string) for r in origin.requests] == [
        ("GET", f"{API}webcam/stream", "index=1")
    ]
    assert origin.requests[0].headers[hdrs.AUTHORIZATION] == f"Bearer {TOKEN}"


async def test_stream_outlasts_timeout(
    session: aiohttp.ClientSession, origin: FakeOrigin
) -> None:
    """The timeout limits each read, not the length of the stream."""

    async def handler(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(
            headers={
                hdrs.CONTENT_TYPE: f"multipart/x-mixed-replace; boundary={BOUNDARY}"
            }
        )
        await response.prepare(request)
        for _ in range(6):
            await response.write(FRAME)
            await asyncio.sleep(0.1)
        await response.write_eof()
        return response

    origin.handler = handler
    client = OctoEverywhereClient(session, origin.url, timeout=0.3)
    start = time.monotonic()
    async with client.webcam_stream() as response:
        assert await response.content.read() == 6 * FRAME
    assert time.monotonic() - start > 0.3
    assert origin.requests[0].query_string == ""


async def test_stream_released_when_caller_fails(
    client: OctoEverywhereClient, origin: FakeOrigin
) -> None:
    """The response is released when the caller's block raises."""
    origin.handler = mjpeg_handler(origin)
    with pytest.raises(RuntimeError, match="viewer left"):
        async with client.webcam_stream() as response:
            raise RuntimeError("viewer left")
    assert response.closed


@pytest.mark.parametrize(
    ("status", "body", "content_type"),
    [
        pytest.param(404, b"", "text/html", id="404-empty"),
        pytest.param(
            200, envelope(754, Error="Unknown command"), "text/json", id="200-envelope"
        ),
        pytest.param(200, JPEG, "image/jpeg", id="200-single-image"),
    ],
)
async def test_stream_unavailable(
    client: OctoEverywhereClient,
    origin: FakeOrigin,
    status: int,
    body: bytes,
    content_type: str,
) -> None:
    """A 404 or a response that is not multipart is no stream."""
    origin.reply(body, status=status, content_type=content_type)
    entered = False
    with pytest.raises(WebcamUnavailableError) as caught:
        async with client.webcam_stream():
            entered = True
    assert not entered
    assert caught.value.status == status


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (609, WebcamRateLimitedError),
        (606, AuthenticationError),
        (601, PrinterOfflineError),
        (502, CannotConnectError),
        (302, CannotConnectError),
    ],
)
async def test_stream_errors(
    client: OctoEverywhereClient,
    origin: FakeOrigin,
    status: int,
    error: type[OctoEverywhereError],
) -> None:
    """Service errors and other HTTP statuses raise as for the other calls."""
    origin.reply(
        b'{"Error": "Too many webcam views"}',
        status=status,
        headers={hdrs.LOCATION: "/elsewhere"},
    )
    with pytest.raises(OctoEverywhereError) as caught:
        async with client.webcam_stream():
            pytest.fail("no stream expected")
    assert type(caught.value) is error
    assert caught.value.status == status
    assert len(origin.requests) == 1


async def test_stream_error_body_too_large(
    client: OctoEverywhereClient, origin: FakeOrigin
) -> None:
    """The body of an error answer is read with the usual cap."""
    origin.reply(b" " * (MAX_BODY_BYTES + 1), status=502)
    with pytest.raises(ResponseTooLargeError) as caught:
        async with client.webcam_stream():
            pytest.fail("no stream expected")
    assert caught.value.status == 502


async def test_stream_timeout(
    session: aiohttp.ClientSession, origin: FakeOrigin
) -> None:
    """A stream whose answer does not come is a connection problem."""

    async def handler(request: web.Request) -> web.StreamResponse:
        await origin.release.wait()
        return web.Response(status=404)

    origin.handler = handler
    client = OctoEverywhereClient(session, origin.url, timeout=0.2)
    start = time.monotonic()
    with pytest.raises(CannotConnectError) as caught:
        async with client.webcam_stream():
            pytest.fail("no stream expected")
    assert time.monotonic() - start < 2
    assert type(caught.value) is CannotConnectError
    assert caught.value.message == "timed out"
    assert_no_secret(caught.value, *origin_secrets(origin))


async def test_stream_connection_refused(session: aiohttp.ClientSession) -> None:
    """A closed port is a connection problem without host or port in the message."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    client = OctoEverywhereClient(session, f"http://127.0.0.1:{port}", timeout=5)
    with pytest.raises(CannotConnectError) as caught:
        async with client.webcam_stream():
            pytest.fail("no stream expected")
    assert caught.value.message == "cannot connect (Connection refused)"
    assert_no_secret(caught.value, "127.0.0.1", str(port))


async def test_stream_error_body_stalls(
    session: aiohttp.ClientSession, origin: FakeOrigin
) -> None:
    """An error answer whose body stalls is a connection problem, not a raw aiohttp error."""

    async def handler(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(
            status=502, headers={hdrs.CONTENT_TYPE: "text/html"}
        )
        response.content_length = len(HTML)
        await response.prepare(request)
        await response.write(HTML[:10])
        await origin.release.wait()
        return response

    origin.handler = handler
    client = OctoEverywhereClient(session, origin.url, timeout=0.2)
    with pytest.raises(CannotConnectError) as caught:
        async with client.webcam_stream():
            pytest.fail("no stream expected")
    assert caught.value.message == "timed out"


async def test_stream_error_body_dropped(
    client: OctoEverywhereClient, origin: FakeOrigin
) -> None:
    """An error answer cut off halfway is a connection problem, not a raw aiohttp error."""

    async def handler(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(
            status=502, headers={hdrs.CONTENT_TYPE: "text/html"}
        )
        response.content_length = len(HTML)
        await response.prepare(request)
        await response.write(HTML[:10])
        assert request.transport is not None
        request.transport.close()
        return response

    origin.handler = handler
    with pytest.raises(CannotConnectError) as caught:
        async with client.webcam_stream():
            pytest.fail("no stream expected")
    assert caught.value.message == "ClientPayloadError"
