"""The aiohttp application: the command API, the control endpoints and the clock ticker."""

import asyncio
from collections.abc import AsyncIterator
import contextlib
import json
from typing import Any, Final

from aiohttp import web
from multidict import CIMultiDict

from . import appapi, control, inject, webcam
from .commands import RAW_COMMANDS, Envelope, execute, match_command
from .control import SIM_KEY
from .inject import http_error, json_bytes_response
from .simulator import RecordedRequest, Simulator, is_manual, query_dict

API_PREFIX: Final = "/octoeverywhere-command-api/"

TICK_SEC: Final = 0.5


def envelope_response(envelope: Envelope) -> web.Response:
    """Answer HTTP 200 with the JSON envelope as ``text/json`` (like the plugin)."""
    return json_bytes_response(envelope.body())


def parse_body(raw: bytes) -> tuple[Any, str | None]:
    """``(json, error)``: the parsed body (None if empty) or the parser's message."""
    if not raw.strip():
        return None, None
    try:
        return json.loads(raw), None
    except ValueError as err:  # includes UnicodeDecodeError
        return None, str(err)


async def record(request: web.Request, path: str) -> tuple[RecordedRequest, str | None]:
    """Read and record ``request`` (under ``path``); also return the body's parse error."""
    sim = request.app[SIM_KEY]
    raw = await request.read()
    body, parse_error = parse_body(raw)
    recorded = RecordedRequest(
        method=request.method,
        path=path,
        query=dict(request.query),
        headers=CIMultiDict(request.headers),
        json=body,
        body=raw,
        time=sim.now(),
    )
    sim.record(recorded)
    return recorded, parse_error


async def handle_command(request: web.Request) -> web.StreamResponse:
    """``/octoeverywhere-command-api/<command>``: any HTTP method, like the plugin."""
    sim = request.app[SIM_KEY]
    path = request.match_info["tail"]
    recorded, parse_error = await record(request, path)
    body = recorded.json
    response = await _answer(request, sim, path, body, parse_error)
    recorded.response_status = response.status
    return response


async def handle_app_api(request: web.Request) -> web.StreamResponse:
    """Serve the App APIs (``AppToken`` header), recorded and faulted like the command API."""
    sim = request.app[SIM_KEY]
    recorded, _ = await record(request, request.path)
    fault = sim.faults.take(request.path)
    response: web.StreamResponse | None = None
    if fault is not None:
        response = await inject.answer(request, sim, fault)
    if response is None:
        sim.tick()
        response = appapi.respond(sim, request.path, request.headers)
    recorded.response_status = response.status
    return response


async def _answer(
    request: web.Request, sim: Simulator, path: str, body: Any, parse_error: str | None
) -> web.StreamResponse:
    fault = sim.faults.take(path)
    if fault is not None and (faulted := await inject.answer(request, sim, fault)):
        return faulted
    if not sim.settings.auth.accepts(request.headers.get("Authorization")):
        return http_error(606)
    if sim.connection == "offline":
        return http_error(601)
    command = match_command(path)
    if command is None:
        return envelope_response(Envelope(754, error=f"Unknown command: {path}"))
    if parse_error is not None:
        return envelope_response(Envelope(751, error=parse_error))
    query = query_dict(request.query)
    if body is None:
        args: Any = query or None
    elif isinstance(body, dict):
        args = body
    else:
        return envelope_response(
            Envelope(751, error="The command arguments must be a JSON object")
        )
    sim.tick()
    if command in RAW_COMMANDS:
        return await _webcam(request, sim, command, query)
    envelope = execute(sim, command, args, query)
    sim.tick()
    return envelope_response(envelope)


async def _webcam(
    request: web.Request, sim: Simulator, command: str, query: dict[str, str]
) -> web.StreamResponse:
    index = webcam.parse_index(query)
    match command:
        case "webcam/snapshot":
            return webcam.snapshot_response(sim, index)
        case "webcam/stream":
            return await webcam.stream_response(request, sim, index)
    return envelope_response(Envelope(200, webcam.webcam_list(sim)))


async def _tick_forever(sim: Simulator) -> None:
    while True:
        sim.tick()
        await asyncio.sleep(TICK_SEC)


def create_app(sim: Simulator, *, ticker: bool | None = None) -> web.Application:
    """Build the application; ``ticker`` (default: with a real clock) ticks in the background."""
    app = web.Application()
    app[SIM_KEY] = sim
    app.router.add_route("*", API_PREFIX + "{tail:.*}", handle_command)
    app.router.add_route("*", appapi.INFO_PATH, handle_app_api)
    app.router.add_route("*", appapi.GADGET_PATH, handle_app_api)
    control.add_routes(app)

    async def _stop_webhooks(_app: web.Application) -> None:
        await sim.webhooks.cancel()

    app.on_cleanup.append(_stop_webhooks)
    if ticker if ticker is not None else not is_manual(sim.clock):

        async def _ticker(_app: web.Application) -> AsyncIterator[None]:
            task = asyncio.create_task(_tick_forever(sim))
            yield
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

        app.cleanup_ctx.append(_ticker)
    return app
