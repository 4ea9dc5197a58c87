"""A local HTTP server standing in for a connection origin, and helpers of the client tests."""

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
import json
from typing import Any

from aiohttp import hdrs, test_utils, web
from multidict import CIMultiDict

from .payloads import REFERENCE

API = "/octoeverywhere-command-api/"
USERNAME = "oe-user"
PASSWORD = "s3cret-pass"
TOKEN = "tok-3f9a1c.S3CRET_token"
SECRET_HOST = "app-s3cr3t-shared-id.octoeverywhere.invalid"
HTML = b"<html><body><h1>502 Bad Gateway</h1></body></html>"

type Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def envelope(status: int = 200, **fields: Any) -> bytes:
    """A plugin envelope: ``{"Status": status, ...fields}`` as JSON bytes."""
    return json.dumps({"Status": status, **fields}).encode()


STATUS_OK = envelope(Result=REFERENCE)


@dataclass(frozen=True)
class Received:
    """One request as the server saw it."""

    method: str
    path: str
    query_string: str
    headers: CIMultiDict[str]
    body: bytes


class FakeOrigin:
    """A local HTTP server for a connection origin: records requests, answers as told."""

    def __init__(self) -> None:
        """Answer every path with the status example until told otherwise."""
        self.requests: list[Received] = []
        self.status = 200
        self.body = STATUS_OK
        self.content_type: str | None = "text/json"
        self.headers: dict[str, str] = {}
        self.handler: Handler | None = None
        # Handlers that must not answer wait for this; set when the test ends.
        self.release = asyncio.Event()
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._handle)
        app.on_response_prepare.append(self._prepare)
        self.server = test_utils.TestServer(app)

    @property
    def url(self) -> str:
        """The origin as a user would paste it."""
        return str(self.server.make_url("/"))

    def reply(
        self,
        body: bytes | str,
        *,
        status: int = 200,
        content_type: str | None = "text/json",
        headers: dict[str, str] | None = None,
    ) -> None:
        """Answer every following request with this status and body."""
        self.status = status
        self.body = body.encode() if isinstance(body, str) else body
        self.content_type = content_type
        self.headers = headers or {}

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        self.requests.append(
            Received(
                method=request.method,
                path=request.path,
                query_string=request.query_string,
                headers=CIMultiDict(request.headers),
                body=await request.read(),
            )
        )
        if self.handler is not None:
            return await self.handler(request)
        headers = dict(self.headers)
        if self.content_type is not None:
            headers[hdrs.CONTENT_TYPE] = self.content_type
        return web.Response(status=self.status, body=self.body, headers=headers)

    async def _prepare(
        self, request: web.Request, response: web.StreamResponse
    ) -> None:
        # aiohttp adds application/octet-stream to any body without a type; take it out again.
        if self.content_type is None:
            response.headers.popall(hdrs.CONTENT_TYPE, None)


def assert_no_secret(err: BaseException, *secrets: str) -> None:
    """The exception text must not carry the connection URL, its host or port."""
    for text in (str(err), repr(err), str(getattr(err, "message", ""))):
        for secret in secrets:
            assert secret not in text


def origin_secrets(origin: FakeOrigin) -> tuple[str, ...]:
    """What identifies the fake origin: its URL, host and port."""
    return (
        origin.url,
        origin.url.rstrip("/"),
        str(origin.server.host),
        str(origin.server.port),
    )
