"""One HTTP exchange, shared by every client: timeout, size cap and error mapping.

The plugin APIs (through the connection URL) and the App APIs (on OctoEverywhere's servers)
fail the same ways: the transport breaks, a body is far too large, or OctoEverywhere answers
with one of its HTTP statuses 600-613. Both clients go through ``fetch`` and
``raise_for_status``; only what a 200 body means differs between them.
"""

from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
import functools
import json
import math
import os
from typing import Any, Final

import aiohttp
from aiohttp import hdrs
import orjson
from yarl import URL

from .exceptions import (
    AuthenticationError,
    CannotConnectError,
    ConnectionRevokedError,
    OctoEverywhereError,
    PluginUpdateRequiredError,
    PrinterOfflineError,
    ResponseTooLargeError,
    ServiceError,
    SupporterRequiredError,
    WebcamRateLimitedError,
)

DEFAULT_TIMEOUT: Final = 15.0
# A status payload with the largest material system is far below this; anything bigger is a
# broken relay or proxy, and is refused without being read into memory.
MAX_BODY_BYTES: Final = 2 * 1024 * 1024
# Untrusted texts (the envelope's ``Error``) are shortened: they may be stack traces.
MAX_MESSAGE: Final = 200

# OctoEverywhere's own HTTP statuses (reference section 2); other 6xx are ServiceError.
type ErrorTable = Mapping[int, type[OctoEverywhereError]]
SERVICE_ERRORS: Final[ErrorTable] = {
    601: PrinterOfflineError,
    603: ConnectionRevokedError,
    604: ConnectionRevokedError,
    605: SupporterRequiredError,
    606: AuthenticationError,
    609: WebcamRateLimitedError,
    610: PluginUpdateRequiredError,
}


@dataclass(frozen=True, slots=True)
class Response:
    """What came back: status, headers and the (capped) body."""

    status: int
    headers: Mapping[str, str]
    body: bytes = field(repr=False)

    @property
    def content_type(self) -> str:
        """The media type, in lower case and without its parameters.

        Read only when asked: aiohttp's ``content_type`` parses the header with the email
        package (5-10 K instructions), and no poll of the status needs it.
        """
        value = self.headers.get(hdrs.CONTENT_TYPE, "")
        return value.partition(";")[0].strip().lower() or "application/octet-stream"

    def json(self) -> Any:
        """Return the body as JSON, or None when it is empty or not JSON."""
        if not self.body:
            return None
        try:
            # orjson (which Home Assistant itself requires) reads a status in a quarter of
            # json's time.
            return orjson.loads(self.body)
        except orjson.JSONDecodeError:
            pass
        try:
            # What orjson refuses and json reads (NaN, integers beyond 64 bits, UTF-16) is
            # read as before: ``parse`` turns such values into unknowns.
            return json.loads(self.body)
        except ValueError:  # includes UnicodeDecodeError
            return None


async def fetch(
    session: aiohttp.ClientSession,
    method: str,
    url: URL,
    *,
    headers: Mapping[str, str],
    time_limit: float,
    params: Mapping[str, str] | None = None,
    body: Mapping[str, Any] | None = None,
    limit: int = MAX_BODY_BYTES,
) -> Response:
    """Send one request and read its whole body; transport failures raise CannotConnectError.

    Redirects are not followed: a relay that redirects is not one to send credentials to.
    """
    try:
        # aiohttp's own timeout covers connecting, sending and reading the whole body.
        async with session.request(
            method,
            url,
            params=params,
            json=body,
            headers=headers,
            allow_redirects=False,
            timeout=_timeout(time_limit),
        ) as response:
            raw = await read_body(response, limit)
            return Response(response.status, response.headers, raw)
    except (TimeoutError, aiohttp.ClientError) as err:
        # What transport_errors does, without a context manager on every poll's path.
        raise _transport_error(err) from err


@functools.lru_cache(maxsize=8)
def _timeout(time_limit: float) -> aiohttp.ClientTimeout:
    """Return the timeout of a whole exchange (a client uses one or two limits).

    Not rounded up to a whole second, as aiohttp does from 5 s on: the limit is the limit.
    """
    return aiohttp.ClientTimeout(total=time_limit, ceil_threshold=math.inf)


@asynccontextmanager
async def stream(
    session: aiohttp.ClientSession,
    url: URL,
    *,
    headers: Mapping[str, str],
    time_limit: float,
    params: Mapping[str, str] | None = None,
) -> AsyncIterator[aiohttp.ClientResponse]:
    """Open a GET whose body is read as it comes (a webcam stream); closed on exit.

    Only connecting and each read are timed: a stream lasts as long as it is read.
    """
    with transport_errors():
        response = await session.get(
            url,
            params=params,
            headers=headers,
            timeout=aiohttp.ClientTimeout(
                total=None, connect=time_limit, sock_read=time_limit
            ),
            allow_redirects=False,
        )
    try:
        yield response
    finally:
        response.release()


@contextmanager
def transport_errors() -> Iterator[None]:
    """Turn timeouts and aiohttp's errors into CannotConnectError, without the URL."""
    try:
        yield
    except (TimeoutError, aiohttp.ClientError) as err:
        raise _transport_error(err) from err


def _transport_error(err: TimeoutError | aiohttp.ClientError) -> CannotConnectError:
    if isinstance(err, TimeoutError):  # aiohttp's timeouts are ClientErrors too
        return CannotConnectError(None, "timed out")
    return CannotConnectError(None, describe_error(err))


async def read_body(response: aiohttp.ClientResponse, limit: int) -> bytes:
    """Read at most ``limit`` bytes; a larger body is refused before it is read."""
    length = response.content_length
    if length is not None and length > limit:
        raise ResponseTooLargeError(response.status, "response body too large")
    if length is not None and hdrs.CONTENT_ENCODING not in response.headers:
        # A body framed by its Content-Length (and not decompressed) cannot grow past it.
        return await response.read()
    body = bytearray()
    async for chunk in response.content.iter_chunked(64 * 1024):
        body += chunk
        if len(body) > limit:
            raise ResponseTooLargeError(response.status, "response body too large")
    return bytes(body)


def raise_for_status(response: Response, errors: ErrorTable = SERVICE_ERRORS) -> None:
    """Raise for anything but HTTP 200: OctoEverywhere's statuses by ``errors``."""
    status = response.status
    if status == 200:
        return
    message = envelope_message(response.json())
    if (error := errors.get(status)) is not None:
        raise error(status, message)
    if 600 <= status <= 699:
        raise ServiceError(status, message)
    raise CannotConnectError(status, f"unexpected HTTP status {status}")


def envelope_message(payload: Any) -> str | None:
    """Return the envelope's ``Error`` text, shortened (untrusted)."""
    if isinstance(payload, Mapping) and isinstance(error := payload.get("Error"), str):
        return error[:MAX_MESSAGE]
    return None


def describe_error(err: aiohttp.ClientError) -> str:
    """Describe a transport error without its URL (a Shared Connection URL is a secret)."""
    if isinstance(err, aiohttp.ClientConnectorDNSError):
        return "DNS lookup failed"
    if isinstance(err, aiohttp.ClientSSLError | aiohttp.ServerFingerprintMismatch):
        return "TLS error"
    if isinstance(err, aiohttp.ClientConnectorError):
        # Not strerror: asyncio puts the address in it ("Connect call failed ('1.2.3.4', 443)").
        code = err.os_error.errno
        return f"cannot connect ({os.strerror(code) if code else 'connection failed'})"
    return type(err).__name__
