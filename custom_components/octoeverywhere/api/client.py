"""Async client for OctoEverywhere's printer-agnostic Plugin APIs.

Knows nothing of Home Assistant: give it an aiohttp session, the connection URL and the
credentials. Every request carries the credentials and a timeout; a response body is read with a
size cap and parsed as JSON whatever its content type (the plugin answers ``text/json``).
"""

import asyncio
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
import json
import os
from typing import Any, Final

import aiohttp
from yarl import URL

from .exceptions import (
    AuthenticationError,
    CannotConnectError,
    CommandError,
    ConnectionRevokedError,
    HostNotConnectedError,
    OctoEverywhereError,
    PluginUpdateRequiredError,
    PrinterOfflineError,
    ResponseTooLargeError,
    ServiceError,
    SupporterRequiredError,
    WebcamRateLimitedError,
    WebcamUnavailableError,
)
from .models import PrinterStatus

API_PATH: Final = "/octoeverywhere-command-api/"
DEFAULT_TIMEOUT: Final = 15.0
# A status payload with the largest material system is far below this; anything bigger is a
# broken relay or proxy, and is refused without being read into memory.
MAX_BODY_BYTES: Final = 2 * 1024 * 1024
# Webcam snapshots are JPEGs of at most a few megapixels.
MAX_IMAGE_BYTES: Final = 8 * 1024 * 1024
TRANSFORM_HEADER: Final = "x-oe-webcam-transform"
_MAX_MESSAGE = 200

_SERVICE_ERRORS: Final[dict[int, type[OctoEverywhereError]]] = {
    601: PrinterOfflineError,
    603: ConnectionRevokedError,
    604: ConnectionRevokedError,
    605: SupporterRequiredError,
    606: AuthenticationError,
    609: WebcamRateLimitedError,
    610: PluginUpdateRequiredError,
}
_PLUGIN_ERRORS: Final[dict[int, type[OctoEverywhereError]]] = {
    754: PluginUpdateRequiredError,
    785: HostNotConnectedError,
    787: HostNotConnectedError,
    789: HostNotConnectedError,
}


@dataclass(frozen=True, slots=True)
class BasicAuth:
    """HTTP Basic credentials of an App Connection."""

    username: str
    password: str = field(repr=False)

    @property
    def header(self) -> str:
        """The ``Authorization`` header value."""
        # aiohttp 3.14 (Home Assistant 2026.7) added encode_basic_auth and deprecated
        # BasicAuth; before it, BasicAuth.encode() makes the same header (and, like
        # encode_basic_auth, refuses a ":" in the user name).
        if hasattr(aiohttp, "encode_basic_auth"):
            return aiohttp.encode_basic_auth(self.username, self.password)
        return aiohttp.BasicAuth(  # pragma: no cover
            self.username, self.password, "utf-8"
        ).encode()


@dataclass(frozen=True, slots=True)
class BearerAuth:
    """Bearer token of an App Connection."""

    token: str = field(repr=False)

    @property
    def header(self) -> str:
        """The ``Authorization`` header value."""
        return f"Bearer {self.token}"


type Auth = BasicAuth | BearerAuth | None


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A webcam still image."""

    content: bytes = field(repr=False)
    content_type: str
    # The ``x-oe-webcam-transform`` header, e.g. "fliph flipv rotate=90", when sent.
    transform: str | None = None


def connection_origin(url: str) -> URL:
    """Return the origin (scheme, host, port) of a Shared or App Connection URL.

    Raises ValueError for anything that is not an absolute http(s) URL with a host.
    """
    parsed = URL(url.strip())
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise ValueError("not an http(s) URL")
    if parsed.user is not None or parsed.password is not None:
        raise ValueError("credentials belong in the auth fields, not the URL")
    return parsed.origin()


class OctoEverywhereClient:
    """One printer, reached through one OctoEverywhere connection URL."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        url: str | URL,
        auth: Auth = None,
        *,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        """Keep the session (owned by the caller), the origin of ``url`` and the credentials."""
        self._session = session
        self._origin = url if isinstance(url, URL) else connection_origin(url)
        self._auth = auth
        self._timeout = timeout

    def __repr__(self) -> str:
        """Never show the connection URL: for a Shared Connection it is the secret."""
        return f"<{type(self).__name__}>"

    @property
    def origin(self) -> URL:
        """The connection's origin (a secret for Shared Connections: never log it)."""
        return self._origin

    async def get_status(self, include_material_system: bool = False) -> PrinterStatus:
        """Return the printer's status (one GET request)."""
        params = {"IncludeMaterialSystem": "true"} if include_material_system else None
        result = await self._request("GET", "status", params=params)
        if result is None:
            raise CannotConnectError(200, "status response has no Result object")
        return PrinterStatus.from_dict(result)

    async def ping(self) -> None:
        """Check that the plugin answers."""
        await self._request("GET", "ping")

    async def command(
        self, path: str, body: Mapping[str, Any] | None = None
    ) -> Mapping[str, Any]:
        """Send a control command (always POST; never retried) and return its ``Result``.

        The plugin ignores the method, so any request to a control path acts on the printer:
        this is the only place that sends one, and only when asked.
        """
        result = await self._request("POST", path, body=body)
        return result if result is not None else {}

    async def webcam_snapshot(self, index: int | None = None) -> Snapshot:
        """Return a still image of webcam ``index`` (the default webcam when None).

        A failed snapshot comes as HTTP 404 with an empty body, or as HTTP 200 carrying a JSON
        envelope instead of an image: anything that is not an image raises.
        """
        params = None if index is None else {"index": str(index)}
        status, content_type, headers, raw = await self._fetch(
            "GET", "webcam/snapshot", params=params, limit=MAX_IMAGE_BYTES
        )
        if status == 200 and content_type.startswith("image/"):
            return Snapshot(
                content=raw,
                content_type=content_type,
                transform=headers.get(TRANSFORM_HEADER),
            )
        if status not in (200, 404):
            _unwrap(status, raw)  # raises: service errors (609, 606, ...), HTTP errors
        raise WebcamUnavailableError(status, "the webcam gave no image")

    @asynccontextmanager
    async def webcam_stream(
        self, index: int | None = None
    ) -> AsyncIterator[aiohttp.ClientResponse]:
        """Open webcam ``index``'s MJPEG stream; the response is closed on exit.

        Only connecting and each read are timed: the stream itself lasts as long as it is read.
        """
        url = self._url("webcam/stream")
        params = None if index is None else {"index": str(index)}
        timeout = aiohttp.ClientTimeout(
            total=None, connect=self._timeout, sock_read=self._timeout
        )
        try:
            response = await self._session.get(
                url,
                params=params,
                headers=self._headers(),
                timeout=timeout,
                allow_redirects=False,
            )
        except TimeoutError as err:
            raise CannotConnectError(None, "timed out") from err
        except aiohttp.ClientError as err:
            raise CannotConnectError(None, describe_error(err)) from err
        try:
            status = response.status
            if status != 200 or not response.content_type.startswith("multipart/"):
                if status not in (200, 404):
                    try:
                        raw = await read_body(response, MAX_BODY_BYTES)
                    except TimeoutError as err:
                        raise CannotConnectError(None, "timed out") from err
                    except aiohttp.ClientError as err:
                        raise CannotConnectError(None, describe_error(err)) from err
                    _unwrap(status, raw)
                raise WebcamUnavailableError(status, "the webcam gave no stream")
            yield response
        finally:
            response.release()

    def _url(self, path: str) -> URL:
        return self._origin.with_path(API_PATH + path.lstrip("/"))

    def _headers(self) -> dict[str, str]:
        headers = {"Accept": "application/json"}
        if self._auth is not None:
            headers["Authorization"] = self._auth.header
        return headers

    async def _request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        body: Mapping[str, Any] | None = None,
    ) -> Mapping[str, Any] | None:
        """Send one request and unwrap the envelope; returns ``Result`` (None if absent)."""
        status, _, _, raw = await self._fetch(method, path, params=params, body=body)
        return _unwrap(status, raw)

    async def _fetch(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        body: Mapping[str, Any] | None = None,
        limit: int = MAX_BODY_BYTES,
    ) -> tuple[int, str, Mapping[str, str], bytes]:
        """Send one request; return its status, content type, headers and body."""
        try:
            async with (
                asyncio.timeout(self._timeout),
                self._session.request(
                    method,
                    self._url(path),
                    params=params,
                    json=body,
                    headers=self._headers(),
                    allow_redirects=False,
                ) as response,
            ):
                raw = await read_body(response, limit)
                return response.status, response.content_type, response.headers, raw
        except TimeoutError as err:
            raise CannotConnectError(None, "timed out") from err
        except aiohttp.ClientError as err:
            raise CannotConnectError(None, describe_error(err)) from err


async def read_body(response: aiohttp.ClientResponse, limit: int) -> bytes:
    """Read at most ``limit`` bytes; a larger body is refused before it is read."""
    if (response.content_length or 0) > limit:
        raise ResponseTooLargeError(response.status, "response body too large")
    body = bytearray()
    async for chunk in response.content.iter_chunked(64 * 1024):
        body += chunk
        if len(body) > limit:
            raise ResponseTooLargeError(response.status, "response body too large")
    return bytes(body)


def _unwrap(http_status: int, raw: bytes) -> Mapping[str, Any] | None:
    """Turn an HTTP status and body into the envelope's Result or the matching exception."""
    payload = _json(raw)
    if 600 <= http_status <= 699:
        message = _message(payload)
        raise _SERVICE_ERRORS.get(http_status, ServiceError)(http_status, message)
    if http_status != 200:
        raise CannotConnectError(http_status, f"unexpected HTTP status {http_status}")
    if not isinstance(payload, Mapping):
        raise CannotConnectError(200, "response is not a JSON object")
    status = payload.get("Status")
    if isinstance(status, bool) or not isinstance(status, int):
        raise CannotConnectError(200, "response envelope has no Status")
    if status != 200:
        error = _PLUGIN_ERRORS.get(status, CommandError)
        raise error(status, _message(payload))
    result = payload.get("Result")
    return result if isinstance(result, Mapping) else None


def _json(raw: bytes) -> Any:
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:  # includes UnicodeDecodeError
        return None


def _message(payload: Any) -> str | None:
    """Return the envelope's ``Error`` text, shortened: untrusted, may be a stack trace."""
    if isinstance(payload, Mapping) and isinstance(error := payload.get("Error"), str):
        return error[:_MAX_MESSAGE]
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
