"""Answers for injected faults: error statuses, broken bodies, huge bodies, dropped connections."""

import asyncio
import contextlib
import html
import json
from typing import TYPE_CHECKING, Any, Final

from aiohttp import web

from .faults import LARGE_BODY_BYTES, Fault, default_message

if TYPE_CHECKING:
    from .simulator import Simulator

TEXT_JSON: Final = "text/json"
_CHUNK: Final = 64 * 1024


def json_bytes_response(
    data: Any, status: int = 200, content_type: str = TEXT_JSON
) -> web.Response:
    """Answer a JSON body with an exact Content-Type (no charset appended)."""
    return web.Response(
        status=status,
        body=json.dumps(data).encode(),
        headers={"Content-Type": content_type},
    )


def http_error(
    status: int, message: str | None = None, body: str = "json"
) -> web.Response:
    """Answer a non-200 HTTP status with a JSON, HTML or empty body.

    600-699 are OctoEverywhere's service-layer errors (reference section 2).
    """
    text = message or default_message(status)
    reason = "OctoEverywhere Error" if 600 <= status <= 699 else None
    match body:
        case "empty":
            return web.Response(status=status, reason=reason)
        case "html":
            page = (
                f"<html><body><h1>{status}</h1><p>{html.escape(text)}</p></body></html>"
            )
            return web.Response(
                status=status,
                reason=reason,
                body=page.encode(),
                headers={"Content-Type": "text/html"},
            )
    return web.Response(
        status=status,
        reason=reason,
        body=json.dumps({"Error": text}).encode(),
        headers={"Content-Type": "application/json"},
    )


def malformed_body(kind: str, result: dict[str, Any]) -> bytes:
    """Return an HTTP 200 body that a strict client must refuse (``result``: a real Result)."""
    match kind:
        case "text":
            return b"Service temporarily unavailable"
        case "truncated":
            full = json.dumps({"Status": 200, "Result": result}).encode()
            return full[: len(full) // 2]
        case "array":
            return json.dumps([{"Status": 200, "Result": result}]).encode()
        case "string":
            return json.dumps("Status 200").encode()
        case "no_result":
            return json.dumps({"Status": 200}).encode()
        case "null_result":
            return json.dumps({"Status": 200, "Result": None}).encode()
        case "no_status":
            return json.dumps({"Result": result}).encode()
    return json.dumps({"Status": "200", "Result": result}).encode()  # string_status


async def large_response(request: web.Request, with_length: bool) -> web.StreamResponse:
    """Stream a 10 MB JSON envelope, with a Content-Length or chunked."""
    head = b'{"Status": 200, "Result": {"Padding": "'
    tail = b'"}}'
    padding = LARGE_BODY_BYTES - len(head) - len(tail)
    response = web.StreamResponse(headers={"Content-Type": TEXT_JSON})
    if with_length:
        response.content_length = LARGE_BODY_BYTES
    else:
        response.enable_chunked_encoding()
    # Buffer the whole body instead of waiting for the client to read it: the client gives up
    # and closes mid-body, and aiohttp before 3.14 (Home Assistant 2026.6) then leaves the
    # exception of its shielded drain future unretrieved, which fails the test that made it.
    if request.transport is not None:
        request.transport.set_write_buffer_limits(high=2 * LARGE_BODY_BYTES)
    await response.prepare(request)
    with contextlib.suppress(ConnectionError):
        await response.write(head)
        chunk = b"x" * _CHUNK
        while padding > 0:
            await response.write(chunk[:padding])
            padding -= _CHUNK
        await response.write(tail)
        await response.write_eof()
    return response


def drop_connection(request: web.Request) -> web.Response:
    """Close the connection without answering."""
    if request.transport is not None:
        request.transport.abort()
    return web.Response(status=500)


async def answer(
    request: web.Request, sim: Simulator, fault: Fault
) -> web.StreamResponse | None:
    """Apply a fault: wait its latency, then answer (None: answer normally after the delay)."""
    if fault.latency > 0:
        await asyncio.sleep(fault.latency)
    if fault.http_status is not None:
        return http_error(fault.http_status, fault.message, fault.body)
    if fault.plugin_status is not None:
        message = fault.message or default_message(fault.plugin_status)
        return json_bytes_response({"Status": fault.plugin_status, "Error": message})
    if fault.malformed is not None:
        body = malformed_body(fault.malformed, sim.status())
        return web.Response(body=body, headers={"Content-Type": TEXT_JSON})
    if fault.large is not None:
        return await large_response(request, with_length=fault.large == "length")
    if fault.drop:
        return drop_connection(request)
    return None
