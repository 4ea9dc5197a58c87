"""Stage-2 faults: bodies, malformed answers, huge bodies, dropped connections, latency."""

import asyncio
import json
import time
from typing import Any

import aiohttp
import pytest

from octoeverywhere_simulator import Fault, ManualClock, Simulator
from octoeverywhere_simulator.__main__ import parse_args, simulator_from_args
from octoeverywhere_simulator.faults import LARGE_BODY_BYTES

from .conftest import API, MakeCaller, load_client_api, served

api: Any = load_client_api()


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        ("json", "application/json", b'{"Error": "Invalid or missing credentials"}'),
        ("html", "text/html", None),
        ("empty", None, b""),
    ],
)
async def test_http_status_bodies(
    make_caller: MakeCaller, body: str, content_type: str | None, expected: bytes | None
) -> None:
    async with make_caller() as caller:
        caller.sim.set_fault(Fault(http_status=606, body=body))
        async with caller.client.get(API + "status") as response:
            data = await response.read()
            assert response.status == 606
            assert response.headers.get("Content-Type") == content_type
        if expected is not None:
            assert data == expected
        else:
            assert data.startswith(b"<html>") and b"606" in data


async def test_snapshot_failure_as_empty_404(make_caller: MakeCaller) -> None:
    async with make_caller() as caller:
        caller.sim.set_fault(
            Fault(http_status=404, body="empty", paths=("webcam/snapshot",))
        )
        async with caller.client.get(API + "webcam/snapshot") as response:
            assert response.status == 404
            assert await response.read() == b""
        async with caller.client.get(API + "webcam/list") as response:
            assert response.status == 200


async def test_html_502(make_caller: MakeCaller) -> None:
    async with make_caller() as caller:
        caller.sim.set_fault(
            Fault(http_status=502, body="html", message="<Bad> gateway")
        )
        async with caller.client.get(API + "status") as response:
            assert response.status == 502
            assert b"&lt;Bad&gt; gateway" in await response.read()


@pytest.mark.parametrize(
    ("kind", "check"),
    [
        ("text", lambda raw: raw == b"Service temporarily unavailable"),
        (
            "truncated",
            lambda raw: (
                raw.startswith(b'{"Status": 200, "Result": {') and not _parses(raw)
            ),
        ),
        ("array", lambda raw: isinstance(json.loads(raw), list)),
        ("string", lambda raw: json.loads(raw) == "Status 200"),
        ("no_result", lambda raw: json.loads(raw) == {"Status": 200}),
        ("null_result", lambda raw: json.loads(raw) == {"Status": 200, "Result": None}),
        ("no_status", lambda raw: set(json.loads(raw)) == {"Result"}),
        ("string_status", lambda raw: json.loads(raw)["Status"] == "200"),
    ],
)
async def test_malformed(make_caller: MakeCaller, kind: str, check: Any) -> None:
    async with make_caller() as caller:
        caller.sim.set_fault(Fault(malformed=kind))
        async with caller.client.get(API + "status") as response:
            assert response.status == 200
            assert response.headers["Content-Type"] == "text/json"
            assert check(await response.read())


def _parses(raw: bytes) -> bool:
    try:
        json.loads(raw)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("large", ["length", "chunked"])
async def test_large_body(make_caller: MakeCaller, large: str) -> None:
    async with make_caller() as caller:
        caller.sim.set_fault(Fault(large=large, count=1))
        async with caller.client.get(API + "status") as response:
            assert response.status == 200
            if large == "length":
                assert response.content_length == LARGE_BODY_BYTES
            else:
                assert response.content_length is None
                assert response.headers["Transfer-Encoding"] == "chunked"
            data = await response.read()
        assert len(data) == LARGE_BODY_BYTES
        assert json.loads(data)["Status"] == 200
        assert (await caller.cmd("ping"))["Status"] == 200


async def test_large_body_client_gives_up(make_caller: MakeCaller) -> None:
    async with make_caller() as caller:
        caller.sim.set_fault(Fault(large="chunked", count=1))
        async with caller.client.get(API + "status") as response:
            await response.content.read(1024)
            response.close()
        await asyncio.sleep(0.1)
        assert (await caller.cmd("ping"))["Status"] == 200


async def test_drop_connection(make_caller: MakeCaller) -> None:
    async with make_caller() as caller:
        caller.sim.set_fault(Fault(drop=True, count=1))
        with pytest.raises(aiohttp.ServerDisconnectedError):
            async with caller.client.get(API + "status") as response:
                await response.read()
        assert (await caller.cmd("ping"))["Status"] == 200
        assert caller.sim.requests[0].path == "status"


async def test_latency(make_caller: MakeCaller) -> None:
    async with make_caller() as caller:
        caller.sim.set_fault(Fault(latency=0.3, count=1))
        start = time.monotonic()
        assert (await caller.cmd("ping"))["Status"] == 200
        assert time.monotonic() - start >= 0.3
        start = time.monotonic()
        await caller.cmd("ping")
        assert time.monotonic() - start < 0.3
        caller.sim.set_fault(Fault(latency=0.2, plugin_status=785))
        start = time.monotonic()
        assert (await caller.cmd("status"))["Status"] == 785
        assert time.monotonic() - start >= 0.2


async def test_fault_applies_until_cleared(make_caller: MakeCaller) -> None:
    async with make_caller() as caller:
        caller.sim.set_fault(Fault(malformed="array"))
        for _ in range(3):
            async with caller.client.get(API + "ping") as response:
                assert isinstance(json.loads(await response.read()), list)
        caller.sim.clear_faults()
        assert (await caller.cmd("ping"))["Status"] == 200


async def test_fault_control_endpoint_new_fields(make_caller: MakeCaller) -> None:
    async with make_caller() as caller:
        body = {
            "http_status": 503,
            "body": "html",
            "latency": 0.01,
            "count": 2,
            "paths": ["status"],
        }
        status, answer = await caller.control("POST", "fault", body)
        assert status == 200
        assert answer == {"faults": [body]}
        assert (await caller.control("POST", "fault", {"drop": True}))[1] == {
            "faults": [{"drop": True}]
        }
        for bad in (
            {"body": 1, "http_status": 500},
            {"body": "xml", "http_status": 500},
            {"drop": "yes"},
            {"latency": "1"},
            {"latency": -1},
            {"malformed": "weird"},
            {"malformed": 1},
            {"large": "huge"},
            {"http_status": 500, "plugin_status": 785},
            {"drop": True, "malformed": "text"},
        ):
            assert (await caller.control("POST", "fault", bad))[0] == 400, bad


def test_fault_as_dict_roundtrip() -> None:
    fault = Fault(malformed="truncated", latency=1.5, count=3, paths=("status",))
    assert Fault.from_dict(fault.as_dict()) == fault
    with pytest.raises(ValueError, match="effect"):
        Fault(latency=0).validate()


def test_cli_fault_flags() -> None:
    args = parse_args(
        [
            "--fault-http-status",
            "404",
            "--fault-body",
            "empty",
            "--fault-paths",
            "webcam/snapshot",
            "--fault-count",
            "2",
        ]
    )
    assert args.fault == Fault(
        http_status=404, body="empty", count=2, paths=("webcam/snapshot",)
    )
    sim = simulator_from_args(args)
    assert sim.faults.active == [args.fault]
    assert parse_args(["--latency", "2"]).fault == Fault(latency=2.0)
    assert parse_args([]).fault is None
    assert parse_args(["--fault-malformed", "no_status"]).fault == Fault(
        malformed="no_status"
    )
    assert parse_args(["--fault-large", "chunked"]).fault == Fault(large="chunked")
    assert parse_args(["--fault-drop"]).fault == Fault(drop=True)
    assert parse_args(
        ["--fault-plugin-status", "785", "--fault-message", "off"]
    ).fault == Fault(plugin_status=785, message="off")
    with pytest.raises(SystemExit):
        parse_args(["--fault-http-status", "500", "--fault-drop"])
    with pytest.raises(SystemExit):
        parse_args(["--fault-malformed", "weird"])


# --- the integration's client against each fault --------------------------------------------

CLIENT_CASES = [
    (Fault(http_status=606, body="html"), "AuthenticationError"),
    (Fault(http_status=604, body="empty"), "ConnectionRevokedError"),
    (Fault(http_status=502, body="html"), "CannotConnectError"),
    (Fault(malformed="text"), "CannotConnectError"),
    (Fault(malformed="truncated"), "CannotConnectError"),
    (Fault(malformed="array"), "CannotConnectError"),
    (Fault(malformed="string"), "CannotConnectError"),
    (Fault(malformed="no_status"), "CannotConnectError"),
    (Fault(malformed="string_status"), "CannotConnectError"),
    (Fault(malformed="no_result"), "CannotConnectError"),
    (Fault(malformed="null_result"), "CannotConnectError"),
    (Fault(large="length"), "ResponseTooLargeError"),
    (Fault(large="chunked"), "ResponseTooLargeError"),
    (Fault(drop=True), "CannotConnectError"),
    (Fault(latency=2), "CannotConnectError"),
]


@pytest.mark.skipif(api is None, reason="integration API client not present")
@pytest.mark.parametrize(
    ("fault", "error"), CLIENT_CASES, ids=[repr(f) for f, _ in CLIENT_CASES]
)
async def test_client_handles_fault(fault: Fault, error: str) -> None:
    sim = Simulator(clock=ManualClock())
    sim.set_fault(fault)
    async with served(sim) as server, aiohttp.ClientSession() as session:
        client = api.OctoEverywhereClient(
            session, str(server.make_url("/")), timeout=0.5
        )
        with pytest.raises(getattr(api, error)):
            await client.get_status()
