"""App APIs: AppToken, info, Gadget status, faults 603/604/605."""

from typing import Any

import pytest

from octoeverywhere_simulator import Fault
from octoeverywhere_simulator.appapi import GADGET_PATH, INFO_PATH, utc

from .conftest import Caller, MakeCaller

TOKEN = {"AppToken": "sim-app-token"}


async def info(
    caller: Caller, headers: dict[str, str] | None = None
) -> tuple[int, Any]:
    status, body, _ = await caller.raw(
        "GET", INFO_PATH, headers=TOKEN if headers is None else headers
    )
    return status, body


async def gadget(caller: Caller) -> dict[str, Any]:
    status, body, headers = await caller.raw("POST", GADGET_PATH, headers=TOKEN)
    assert status == 200
    assert headers["Content-Type"] == "application/json"
    return body


async def test_info(make_caller: MakeCaller) -> None:
    async with make_caller(printer_name="Voron 2.4", printer_id="PID") as caller:
        status, body = await info(caller)
        assert status == 200
        assert body == {
            "PrinterName": "Voron 2.4",
            "PrinterLocalIp": "192.168.1.50",
            "IsOnline": True,
            "LastDisconnectTimeUtc": None,
            "LastConnectionTimeUtc": "2027-01-15T08:00:00Z",
            "UserFacingPrinterUrl": "https://octoeverywhere.com/printer/PID",
            "PrinterLimits": {
                "MaxDownloadFileSizeBytes": 209715200,
                "MaxUploadFileSizeBytes": 209715200,
                "MaxSingleWebcamStreamLengthSeconds": 3600,
            },
        }
        caller.sim.advance(60)
        caller.sim.set_scenario("offline")
        _, body = await info(caller)
        assert body["IsOnline"] is False
        assert body["LastDisconnectTimeUtc"] == "2027-01-15T08:01:00Z"
        caller.sim.advance(60)
        caller.sim.set_scenario("online")
        _, body = await info(caller)
        assert body["IsOnline"] is True
        assert body["LastConnectionTimeUtc"] == "2027-01-15T08:02:00Z"


@pytest.mark.parametrize(
    "headers", [{}, {"AppToken": "wrong"}, {"Authorization": "Bearer sim-app-token"}]
)
async def test_app_token_required(
    make_caller: MakeCaller, headers: dict[str, str]
) -> None:
    async with make_caller() as caller:
        assert (await info(caller, headers))[0] == 606
        status, _, _ = await caller.raw("POST", GADGET_PATH, headers=headers)
        assert status == 606


async def test_independent_of_command_api_auth(make_caller: MakeCaller) -> None:
    async with make_caller(auth=("bearer", "t"), app_token="app") as caller:
        assert (await info(caller, {"AppToken": "app"}))[0] == 200
        assert (await info(caller, {"AppToken": "sim-app-token"}))[0] == 606


@pytest.mark.parametrize("status", [603, 604, 605])
async def test_faults(make_caller: MakeCaller, status: int) -> None:
    async with make_caller() as caller:
        caller.sim.set_fault(http_status=status, paths=["/api/"])
        assert (await info(caller))[0] == status
        code, _, _ = await caller.raw("POST", GADGET_PATH, headers=TOKEN)
        assert code == status
        assert (await caller.cmd("ping"))["Status"] == 200


async def test_latency_only_fault_still_answers(make_caller: MakeCaller) -> None:
    async with make_caller() as caller:
        caller.sim.set_fault(Fault(latency=0.05, paths=("/api/",)))
        assert (await info(caller))[0] == 200


async def test_gadget_status(make_caller: MakeCaller) -> None:
    async with make_caller("moonraker") as caller:
        sim = caller.sim
        assert await gadget(caller) == {
            "State": 2,
            "Status": "Idle",
            "StatusColor": "w",
            "Rating": 10,
        }
        sim.set_scenario("printing", progress=50)
        body = await gadget(caller)
        assert (body["State"], body["StatusColor"], body["Status"]) == (
            3,
            "g",
            "Watching",
        )
        assert 1 <= body["Rating"] <= 10
        sim.gadget(warn=True)
        sim.advance(100)
        body = await gadget(caller)
        assert (body["State"], body["StatusColor"], body["Status"]) == (
            3,
            "r",
            "Possible failure",
        )
        assert body["Rating"] <= 3
        sim.gadget(pause=True)
        body = await gadget(caller)
        assert (body["State"], body["StatusColor"]) == (4, "r")
        sim.set_scenario("printing", progress=10)
        sim.gadget(suppressed=True)
        assert (await gadget(caller))["State"] == 1
        sim.gadget(disabled=True)
        assert (await gadget(caller))["State"] == 0
        status, _ = await caller.control(
            "POST", "gadget", {"disabled": False, "suppressed": False}
        )
        assert status == 200
        assert (await gadget(caller))["State"] == 3


async def test_gadget_yellow(make_caller: MakeCaller) -> None:
    async with make_caller("moonraker", "printing", progress=50) as caller:
        caller.sim.printer.last_score = 4.0
        body = await gadget(caller)
        assert (body["StatusColor"], body["Rating"]) == ("y", 6)


async def test_envelope_option_and_recording(make_caller: MakeCaller) -> None:
    async with make_caller() as caller:
        await caller.control("POST", "config", {"app_api_envelope": True})
        _, body = await info(caller)
        assert (
            body["Status"] == 200
            and body["Result"]["PrinterName"] == "Simulated Printer"
        )
        recorded = caller.sim.requests[-1]
        assert recorded.path == INFO_PATH
        assert recorded.headers["AppToken"] == "sim-app-token"
        assert recorded.response_status == 200


def test_utc() -> None:
    assert utc(None) is None
    assert utc(0) == "1970-01-01T00:00:00Z"
