"""Async client for OctoEverywhere's printer-agnostic Plugin APIs.

Knows nothing of Home Assistant: give it an aiohttp session, the connection URL and the
credentials. Every request carries the credentials and a timeout; a response body is read with a
size cap and parsed as JSON whatever its content type (the plugin answers ``text/json``).
"""

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, Final

import aiohttp
from multidict import CIMultiDict, CIMultiDictProxy
from yarl import URL

from . import parse, transport
from .exceptions import (
    CannotConnectError,
    CommandError,
    HostNotConnectedError,
    OctoEverywhereError,
    PluginUpdateRequiredError,
    WebcamUnavailableError,
)
from .models import PrinterStatus
from .transport import DEFAULT_TIMEOUT, MAX_BODY_BYTES, Response

__all__ = ["DEFAULT_TIMEOUT", "MAX_BODY_BYTES", "MAX_IMAGE_BYTES"]

API_PATH: Final = "/octoeverywhere-command-api/"
# Webcam snapshots are JPEGs of at most a few megapixels.
MAX_IMAGE_BYTES: Final = 8 * 1024 * 1024
TRANSFORM_HEADER: Final = "x-oe-webcam-transform"

# Envelope ``Status`` values that are not a failure of the command itself (section 2).
_PLUGIN_ERRORS: Final[transport.ErrorTable] = {
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
        # Built once: every poll sends the same request.
        headers = {"Accept": "application/json"}
        if auth is not None:
            headers["Authorization"] = auth.header
        self._headers = CIMultiDictProxy(CIMultiDict(headers))
        status = self._url("status")
        self._status_urls = {
            False: status,
            True: status.with_query(IncludeMaterialSystem="true"),
        }
        # The last status body and what it was read as: an equal body is not read again.
        self._last: tuple[bytes, PrinterStatus] | None = None

    def __repr__(self) -> str:
        """Never show the connection URL: for a Shared Connection it is the secret."""
        return f"<{type(self).__name__}>"

    @property
    def origin(self) -> URL:
        """The connection's origin (a secret for Shared Connections: never log it)."""
        return self._origin

    async def get_status(
        self, include_material_system: bool = False, *, time_limit: float | None = None
    ) -> PrinterStatus:
        """Return the printer's status (one GET request; ``time_limit``: its own timeout).

        A body equal byte for byte to the previous one returns the same status object.
        """
        response = await transport.fetch(
            self._session,
            "GET",
            self._status_urls[include_material_system],
            headers=self._headers,
            time_limit=self._timeout if time_limit is None else time_limit,
        )
        last = self._last
        if last is not None and response.status == 200 and response.body == last[0]:
            return last[1]
        result = _unwrap(response)
        if result is None:
            raise CannotConnectError(200, "status response has no Result object")
        status = PrinterStatus.from_dict(result, None if last is None else last[1])
        self._last = (response.body, status)
        return status

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
        response = await self._fetch(
            "GET", "webcam/snapshot", params=params, limit=MAX_IMAGE_BYTES
        )
        content_type = response.content_type  # parsed from the headers when read
        if response.status == 200 and content_type.startswith("image/"):
            return Snapshot(
                content=response.body,
                content_type=content_type,
                transform=response.headers.get(TRANSFORM_HEADER),
            )
        if response.status != 404:
            transport.raise_for_status(response)  # service errors (609, 606, ...)
        raise WebcamUnavailableError(response.status, "the webcam gave no image")

    @asynccontextmanager
    async def webcam_stream(
        self, index: int | None = None
    ) -> AsyncIterator[aiohttp.ClientResponse]:
        """Open webcam ``index``'s MJPEG stream; the response is closed on exit.

        Only connecting and each read are timed: the stream itself lasts as long as it is read.
        """
        params = None if index is None else {"index": str(index)}
        async with transport.stream(
            self._session,
            self._url("webcam/stream"),
            headers=self._headers,
            time_limit=self._timeout,
            params=params,
        ) as response:
            status = response.status
            if status != 200 or not response.content_type.startswith("multipart/"):
                if status not in (200, 404):
                    with transport.transport_errors():
                        raw = await transport.read_body(response, MAX_BODY_BYTES)
                    transport.raise_for_status(Response(status, response.headers, raw))
                raise WebcamUnavailableError(status, "the webcam gave no stream")
            yield response

    def _url(self, path: str) -> URL:
        return self._origin.with_path(API_PATH + path.lstrip("/"))

    async def _request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        body: Mapping[str, Any] | None = None,
    ) -> Mapping[str, Any] | None:
        """Send one request and unwrap the envelope; returns ``Result`` (None if absent)."""
        return _unwrap(await self._fetch(method, path, params=params, body=body))

    async def _fetch(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        body: Mapping[str, Any] | None = None,
        limit: int = MAX_BODY_BYTES,
    ) -> Response:
        return await transport.fetch(
            self._session,
            method,
            self._url(path),
            headers=self._headers,
            time_limit=self._timeout,
            params=params,
            body=body,
            limit=limit,
        )


def _unwrap(response: Response) -> Mapping[str, Any] | None:
    """Turn a response into the envelope's Result or the matching exception."""
    transport.raise_for_status(response)
    payload = parse.obj(response.json())
    if payload is None:
        raise CannotConnectError(200, "response is not a JSON object")
    status = payload.get("Status")
    if isinstance(status, bool) or not isinstance(status, int):
        raise CannotConnectError(200, "response envelope has no Status")
    if status != 200:
        error: type[OctoEverywhereError] = _PLUGIN_ERRORS.get(status, CommandError)
        raise error(status, transport.envelope_message(payload))
    return parse.obj(payload.get("Result"))
