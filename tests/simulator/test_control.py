"""The /_sim control endpoints and the background ticker."""

import asyncio
from typing import Any

import pytest

from octoeverywhere_simulator import RealClock, Simulator

from .conftest import MakeCaller, served


async def test_state(make_caller: MakeCaller) -> None:
    async with make_caller("bambu", "printing", progress=50) as caller:
        status, state = await caller.control("GET", "state")
        assert status == 200
        assert state["platform"] == "bambu"
        assert state["state"] == "printing"
        assert state["connection"] == "online"
        assert state["features"] == 33
        assert state["job"]["progress"] == 50
        assert state["status"]["JobStatus"]["MaterialSystem"] is None
        assert state["auth"] == {"type": "none"}
        assert state["lights"] == {"chamber": False}


async def test_scenario(make_caller: MakeCaller) -> None:
    async with make_caller() as caller:
        status, state = await caller.control(
            "POST", "scenario", {"scenario": "paused", "progress": 66}
        )
        assert status == 200
        assert state["state"] == "paused"
        assert state["job"]["progress"] == 66
        status, state = await caller.control(
            "POST", "scenario", {"scenario": "host_not_connected"}
        )
        assert state["connection"] == "host_not_connected"
        assert (await caller.cmd("status"))["Status"] == 785


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"scenario": 1},
        {"scenario": "nope"},
        {"scenario": "printing", "progress": "1"},
        {"scenario": "printing", "progress": 200},
    ],
)
async def test_scenario_errors(make_caller: MakeCaller, body: Any) -> None:
    async with make_caller() as caller:
        status, answer = await caller.control("POST", "scenario", body)
        assert status == 400
        assert isinstance(answer["error"], str)


async def test_advance(make_caller: MakeCaller) -> None:
    async with make_caller("moonraker", "printing", print_duration=100) as caller:
        t0 = caller.sim.now()
        status, state = await caller.control("POST", "advance", {"seconds": 1000})
        assert status == 200
        assert state["time"] == t0 + 1000
        assert state["state"] == "complete"
        assert (await caller.control("POST", "advance", {"seconds": -1}))[0] == 400
        assert (await caller.control("POST", "advance", {"seconds": True}))[0] == 400
        assert (await caller.control("POST", "advance", {}))[0] == 400


async def test_bad_control_bodies(make_caller: MakeCaller) -> None:
    async with make_caller() as caller:
        status, body, _ = await caller.raw("POST", "/_sim/advance", data=b"{bad")
        assert status == 400 and "invalid JSON" in body["error"]
        status, body, _ = await caller.raw("POST", "/_sim/advance", data=b"[1]")
        assert status == 400 and "object" in body["error"]


async def test_fault_endpoint(make_caller: MakeCaller) -> None:
    async with make_caller() as caller:
        status, answer = await caller.control("POST", "fault", {"http_status": 606})
        assert (status, answer) == (200, {"faults": [{"http_status": 606}]})
        code, _, _ = await caller.raw("GET", "/octoeverywhere-command-api/status")
        assert code == 606
        # Control endpoints are never faulted nor authenticated.
        assert (await caller.control("GET", "state"))[0] == 200
        assert await caller.control("POST", "fault", {}) == (200, {"faults": []})
        assert (await caller.cmd("status"))["Status"] == 200
        await caller.control("POST", "fault", {"plugin_status": 785, "count": 1})
        assert (await caller.cmd("status"))["Status"] == 785
        assert (await caller.cmd("status"))["Status"] == 200
        body = {
            "faults": [{"plugin_status": 786, "paths": ["pause"]}, {"http_status": 601}]
        }
        status, answer = await caller.control("POST", "fault", body)
        assert len(answer["faults"]) == 2
        assert (await caller.cmd("pause"))["Status"] == 786
        assert (await caller.raw("GET", "/octoeverywhere-command-api/ping"))[0] == 601
        assert await caller.control("DELETE", "fault") == (200, {"faults": []})
        assert (await caller.control("POST", "fault", {"faults": [1]}))[0] == 400
        assert (await caller.control("POST", "fault", {"http_status": "x"}))[0] == 400
        assert (await caller.control("POST", "fault", {"count": 2}))[0] == 400


async def test_config_endpoint(make_caller: MakeCaller) -> None:
    async with make_caller("moonraker") as caller:
        body = {
            "platform": "bambu",
            "features": 1,
            "lights": "chamber,work",
            "chamber": False,
            "octoeverywhere_status_null": True,
            "lights_null": False,
            "print_duration": 120,
            "gadget_interval": 10,
            "auth": {"type": "basic", "username": "u", "password": "p"},
            "webcams": [
                {"name": "Top", "rotation": 180},
                {"name": "Side", "enabled": False},
            ],
            "material_system": "none",
            "app_token": "app",
            "printer_name": "Voron",
            "printer_id": "PID",
            "webhook_url": None,
            "webhook_secret": "s",
        }
        status, state = await caller.control("POST", "config", body)
        assert status == 200, state
        sim = caller.sim
        assert state["platform"] == "bambu"
        assert state["features"] == 1
        assert state["lights"] == {"chamber": False, "work": False}
        assert state["auth"] == {"type": "basic", "username": "u", "password": "p"}
        assert sim.settings.print_duration == sim.printer.print_duration == 120
        assert sim.printer.gadget_interval == 10
        assert sim.settings.printer_name == "Voron"
        result = state["status"]
        assert result["OctoEverywhereStatus"] is None
        assert "ChamberActual" not in result["JobStatus"]["CurrentPrint"]["Temps"]
        assert "MaterialSystem" not in result["JobStatus"]
        assert [cam["Name"] for cam in result["ListWebcams"]["Webcams"]] == [
            "Top",
            "Side",
        ]
        assert result["ListWebcams"]["Webcams"][0]["Rotation"] == 180
        assert result["ListWebcams"]["Webcams"][1]["Enabled"] is False
        code, _, _ = await caller.raw("GET", "/octoeverywhere-command-api/status")
        assert code == 606
        status, state = await caller.control(
            "POST",
            "config",
            {
                "auth": {"type": "bearer", "token": "t"},
                "lights": None,
                "features": None,
                "webcams": 0,
            },
        )
        assert state["auth"] == {"type": "bearer", "token": "t"}
        assert state["lights"] == {"chamber": False}
        assert state["features"] == 33
        assert state["status"]["ListWebcams"]["Webcams"] == []
        _, state = await caller.control(
            "POST", "config", {"auth": "none", "platform": "moonraker"}
        )
        assert state["auth"] == {"type": "none"}
        assert state["lights"] == {
            "caselight": False
        }  # default lights follow the platform
        _, state = await caller.control(
            "POST", "config", {"auth": {"type": "none"}, "lights": ["a"]}
        )
        assert state["lights"] == {"a": False}
        _, state = await caller.control("POST", "config", {"platform": "bambu"})
        assert state["lights"] == {
            "a": False
        }  # explicit lights survive a platform change


@pytest.mark.parametrize(
    "body",
    [
        {"colour": "red"},
        {"features": "63"},
        {"features": True},
        {"lights_null": 1},
        {"chamber": "yes"},
        {"platform": 3},
        {"platform": "klipper"},
        {"webhook_url": 5},
        {"print_duration": "1h"},
        {"print_duration": 0},
        {"gadget_interval": -1},
        {"lights": [1]},
        {"auth": "basic"},
        {"auth": {"type": "basic", "username": "u"}},
        {"auth": {"type": "magic"}},
        {"webcams": 4},
        {"webcams": "2"},
        {"webcams": [1]},
        {"webcams": [{"rotation": 45}]},
        {"webcams": [{"name": 5}]},
        {"webcams": [{}, {}, {}, {}]},
        {"material_system": "mmu"},
    ],
)
async def test_config_errors(make_caller: MakeCaller, body: Any) -> None:
    async with make_caller() as caller:
        status, answer = await caller.control("POST", "config", body)
        assert status == 400, answer
        assert isinstance(answer["error"], str)


def test_configure_unknown_key() -> None:
    sim = Simulator()
    with pytest.raises(ValueError, match="unknown setting"):
        sim.configure(colour="red")


async def test_gadget_endpoint(make_caller: MakeCaller) -> None:
    async with make_caller("moonraker", "printing", progress=30) as caller:
        status, state = await caller.control("POST", "gadget", {"warn": True})
        assert status == 200
        gadget = state["status"]["OctoEverywhereStatus"]["Gadget"]
        assert gadget["TimeSinceLastWarnSec"] == 0
        status, state = await caller.control("POST", "gadget", {"pause": True})
        assert state["state"] == "paused"
        _, state = await caller.control("POST", "gadget", {"suppressed": True})
        assert state["status"]["OctoEverywhereStatus"]["Gadget"]["IsSuppressed"] is True
        assert (await caller.control("POST", "gadget", {"warn": "yes"}))[0] == 400
        status, events = await caller.control("GET", "events")
        assert [e["type"] for e in events][-2:] == [7, 8]
    async with make_caller() as caller:
        status, answer = await caller.control("POST", "gadget", {"warn": True})
        assert status == 400 and "active print" in answer["error"]


async def test_ticker_moves_real_time() -> None:
    sim = Simulator("moonraker", "printing", clock=RealClock(speed=200))
    start = sim.printer.time
    async with served(sim):
        await asyncio.sleep(0.7)
        assert sim.printer.time - start > 100
    moved = sim.printer.time
    await asyncio.sleep(0.6)
    assert sim.printer.time == moved  # the ticker stopped with the server
