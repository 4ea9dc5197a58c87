"""Webhook notifications: payloads, event types, ordering, failures, control endpoints."""

import asyncio
from collections.abc import AsyncIterator
import contextlib
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestServer
import pytest

from octoeverywhere_simulator import EventType, ManualClock, Simulator

from .conftest import MakeCaller

KEYS = {
    "PrinterId",
    "SecretKey",
    "PrintId",
    "EventType",
    "PrinterName",
    "SnapshotUrl",
    "QuickViewUrl",
    "FileName",
    "DurationSec",
    "Progress",
    "TimeRemainingSec",
    "ZOffsetMM",
    "CurrentLayer",
    "TotalLayers",
}


class Receiver:
    """A local webhook endpoint that records what it receives."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.status = 200
        self.delay = 0.0
        self.url = ""

    async def handle(self, request: web.Request) -> web.Response:
        assert request.content_type == "application/json"
        self.received.append(await request.json())
        await asyncio.sleep(self.delay)
        return web.Response(status=self.status)


@contextlib.asynccontextmanager
async def receiving() -> AsyncIterator[Receiver]:
    receiver = Receiver()
    app = web.Application()
    app.router.add_post("/hook", receiver.handle)
    async with TestServer(app) as server:
        receiver.url = str(server.make_url("/hook"))
        yield receiver


def make(url: str, scenario: str = "idle", **kwargs: Any) -> Simulator:
    return Simulator(
        "moonraker",
        scenario,
        clock=ManualClock(),
        webhook_url=url,
        webhook_secret="s3cret",
        printer_id="PID42",
        printer_name="Voron",
        **kwargs,
    )


async def test_print_lifecycle_notifications() -> None:
    async with receiving() as receiver:
        sim = make(receiver.url, public_url="http://127.0.0.1:8124/")
        sim.set_scenario("printing")
        sim.advance(4200)
        await sim.flush_webhooks()
        types = [payload["EventType"] for payload in receiver.received]
        assert types == [1, 10, 14, 6, 6, 6, 6, 6, 6, 6, 6, 6, 2, 15]
        first = receiver.received[0]
        assert set(first) >= KEYS
        assert first["PrinterId"] == "PID42"
        assert first["SecretKey"] == "s3cret"
        assert first["PrinterName"] == "Voron"
        assert first["PrintId"] == sim.printer.last_print_id
        assert first["SnapshotUrl"] == "http://127.0.0.1:8124/_sim/snapshot.jpg"
        assert (
            first["QuickViewUrl"]
            == "https://octoeverywhere.com/quickview?printerid=PID42"
        )
        assert first["FileName"] == "benchy_pla_0.2mm.gcode"
        assert "Error" not in first
        progress = [p["Progress"] for p in receiver.received if p["EventType"] == 6]
        assert progress == [10, 20, 30, 40, 50, 60, 70, 80, 90]
        assert all(isinstance(p["Progress"], int) for p in receiver.received)
        complete = receiver.received[12]
        assert complete["Progress"] == 100 and complete["TimeRemainingSec"] == 0
        assert complete["CurrentLayer"] == complete["TotalLayers"] == 150
        assert [r["status"] for r in sim.webhooks.log] == [200] * 14
        assert all(r["done"] and r["error"] is None for r in sim.webhooks.log)


@pytest.mark.parametrize(
    ("action", "types"),
    [
        ("pause", [4]),
        ("resume", [4, 5]),
        ("cancel", [3]),
        ("error", [3, 9]),
        ("gadget_warn", [7]),
        ("gadget_pause", [8]),
    ],
)
async def test_event_types(action: str, types: list[int]) -> None:
    async with receiving() as receiver:
        sim = make(receiver.url, "printing", progress=30)
        await sim.flush_webhooks()
        receiver.received.clear()
        printer = sim.printer
        match action:
            case "pause":
                sim.set_scenario("paused")
            case "resume":
                sim.set_scenario("paused")
                printer.resume()
                sim.tick()
            case "cancel":
                sim.set_scenario("cancelled")
            case "error":
                sim.set_scenario("error")
            case "gadget_warn":
                sim.gadget(warn=True)
            case _:
                sim.gadget(pause=True)
        await sim.flush_webhooks()
        assert [p["EventType"] for p in receiver.received] == types
        if action == "error":
            assert receiver.received[0]["Error"] == "Heatbed thermal runaway"
            assert isinstance(receiver.received[0]["PlatformErrorCode"], str)


async def test_error_while_idle_is_event_9_only() -> None:
    async with receiving() as receiver:
        sim = make(receiver.url)
        sim.printer.fail("Lost connection to the MCU")
        sim.tick()
        await sim.flush_webhooks()
        assert [(p["EventType"], p["Error"]) for p in receiver.received] == [
            (9, "Lost connection to the MCU")
        ]
        assert receiver.received[0]["PrintId"] is None


async def test_test_and_raw_notifications(make_caller: MakeCaller) -> None:
    async with (
        receiving() as receiver,
        make_caller("bambu", "printing", progress=50) as caller,
    ):
        assert (await caller.control("POST", "webhook/test"))[0] == 400  # no URL yet
        await caller.control(
            "POST", "config", {"webhook_url": receiver.url, "webhook_secret": None}
        )
        status, record = await caller.control("POST", "webhook/test")
        assert status == 200 and record["event_type"] == 16
        body = {
            "event_type": 99,
            "fields": {"Progress": 101, "NewKey": "x"},
            "omit": ["FileName", "SecretKey"],
        }
        status, record = await caller.control("POST", "webhook/send", body)
        assert status == 200 and record["payload"]["EventType"] == 99
        await caller.sim.flush_webhooks()
        test, raw = receiver.received
        assert (
            test["EventType"] == 16
            and test["Progress"] == 50
            and test["SecretKey"] is None
        )
        assert test["SnapshotUrl"] is None
        assert (
            raw["EventType"] == 99 and raw["Progress"] == 101 and raw["NewKey"] == "x"
        )
        assert "FileName" not in raw and "SecretKey" not in raw
        status, log = await caller.control("GET", "webhooks")
        assert [entry["event_type"] for entry in log] == [16, 99]
        assert [entry["status"] for entry in log] == [200, 200]
        assert await caller.control("DELETE", "webhooks") == (200, [])
        for bad in (
            {},
            {"event_type": "7"},
            {"event_type": True},
            {"event_type": 7, "fields": []},
            {"event_type": 7, "omit": "x"},
        ):
            assert (await caller.control("POST", "webhook/send", bad))[0] == 400
        await caller.control("POST", "config", {"webhook_url": None})
        assert (await caller.control("POST", "webhook/send", {"event_type": 7}))[
            0
        ] == 400


async def test_failures_are_logged_and_do_not_block() -> None:
    async with receiving() as receiver:
        receiver.status = 500
        sim = make(receiver.url)
        sim.send_webhook(EventType.TEST)
        sim.settings.webhook_url = "http://127.0.0.1:1/nothing-listens"
        sim.send_webhook(EventType.TEST)
        sim.settings.webhook_url = "not a url"
        sim.send_webhook(EventType.TEST)
        await sim.flush_webhooks()
        log = sim.webhooks.log
        assert log[0]["status"] == 500
        assert log[1]["status"] is None and "ClientConnectorError" in log[1]["error"]
        assert log[2]["status"] is None and log[2]["error"]


async def test_slow_receiver_does_not_block(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("octoeverywhere_simulator.webhooks.TIMEOUT_SEC", 0.2)
    async with receiving() as receiver:
        receiver.delay = 1.0
        sim = make(receiver.url, "printing", progress=50)
        sim.advance(10)  # returns at once although the receiver is slow
        assert not sim.webhooks.log[0]["done"]
        await sim.flush_webhooks()
        assert "TimeoutError" in sim.webhooks.log[0]["error"]


def test_without_event_loop_or_url() -> None:
    sim = Simulator(clock=ManualClock(), webhook_url="http://127.0.0.1:9/")
    sim.set_scenario("printing")
    assert sim.webhooks.log[-1]["error"] == "no running event loop"
    quiet = Simulator(clock=ManualClock())
    quiet.set_scenario("printing")
    assert quiet.webhooks.log == []
    assert quiet.send_webhook(16) is None


async def test_pending_sends_cancelled_on_shutdown(make_caller: MakeCaller) -> None:
    async with receiving() as receiver:
        receiver.delay = 1
        async with make_caller(webhook_url=receiver.url) as caller:
            caller.sim.send_webhook(16)
            await asyncio.sleep(0.1)
        assert caller.sim.webhooks.log[0]["done"]


async def test_snapshot_url_serves_a_jpeg(make_caller: MakeCaller) -> None:
    async with (
        make_caller(auth=("bearer", "t")) as caller,
        caller.client.get("/_sim/snapshot.jpg") as response,
    ):
        assert response.status == 200
        assert response.headers["Content-Type"] == "image/jpeg"
