"""Auth, connection scenarios, simple faults and request recording."""

import base64

import pytest

from octoeverywhere_simulator import Auth, Fault
from octoeverywhere_simulator.faults import Faults, default_message

from .conftest import API, MakeCaller


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


PATHS = ["status", "ping", "pause", "set-light", "nothing-here", "STATUS"]


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize(
    "header",
    [
        None,
        basic("user", "wrong"),
        basic("other", "pass"),
        "Bearer pass",
        "Basic !!!",
        "Basic",
        "Basic " + base64.b64encode(b"\xff\xfe").decode(),
    ],
)
async def test_basic_auth_refused(
    make_caller: MakeCaller, path: str, header: str | None
) -> None:
    async with make_caller(
        auth=("basic", "user", "pass"), scenario="printing", progress=10
    ) as caller:
        headers = {"Authorization": header} if header else None
        status, body, _ = await caller.raw("POST", API + path, headers=headers)
        assert status == 606
        assert isinstance(body["Error"], str)
        assert caller.sim.printer.state == "printing"


async def test_basic_auth_accepted(make_caller: MakeCaller) -> None:
    async with make_caller(auth=("basic", "user", "pa:ss")) as caller:
        caller.headers["Authorization"] = basic("user", "pa:ss")
        assert (await caller.cmd("ping"))["Status"] == 200
        caller.headers["Authorization"] = (
            "basic " + basic("user", "pa:ss").split(" ")[1]
        )
        assert (await caller.cmd("ping"))["Status"] == 200


@pytest.mark.parametrize(
    "header", [None, "Bearer nope", "Bearer", basic("tok", ""), "tok"]
)
async def test_bearer_auth_refused(make_caller: MakeCaller, header: str | None) -> None:
    async with make_caller(auth=("bearer", "tok")) as caller:
        headers = {"Authorization": header} if header else None
        status, _, _ = await caller.raw("GET", API + "status", headers=headers)
        assert status == 606


async def test_bearer_auth_accepted(make_caller: MakeCaller) -> None:
    async with make_caller(auth=("bearer", "tok")) as caller:
        caller.headers["Authorization"] = "Bearer tok"
        assert (await caller.status())["Features"] == 63


async def test_no_auth_accepts_any_header(make_caller: MakeCaller) -> None:
    async with make_caller(auth=None) as caller:
        assert (await caller.cmd("ping"))["Status"] == 200
        caller.headers["Authorization"] = "Bearer whatever"
        assert (await caller.cmd("ping"))["Status"] == 200


def test_auth_helpers() -> None:
    assert Auth.from_spec(("none",)) == Auth()
    auth = Auth.from_spec(("basic", "u", "p"))
    assert Auth.from_spec(auth) is auth
    assert "u" in auth.describe() and "p" in auth.describe()
    assert auth.as_dict() == {"type": "basic", "username": "u", "password": "p"}
    bearer = Auth.from_spec(("bearer", "t"))
    assert bearer.as_dict() == {"type": "bearer", "token": "t"}
    assert "t" in bearer.describe()
    assert Auth().as_dict() == {"type": "none"}
    assert "none" in Auth().describe()
    assert "p" not in repr(auth)


async def test_offline_is_601_everywhere(make_caller: MakeCaller) -> None:
    async with make_caller(scenario="printing", progress=5) as caller:
        caller.sim.set_scenario("offline")
        for path in PATHS:
            status, body, _ = await caller.raw("GET", API + path)
            assert status == 601
            assert body["Error"]


async def test_auth_checked_before_offline(make_caller: MakeCaller) -> None:
    async with make_caller(auth=("bearer", "t")) as caller:
        caller.sim.set_scenario("offline")
        status, _, _ = await caller.raw("GET", API + "status")
        assert status == 606


@pytest.mark.parametrize(
    "path",
    ["status", "pause", "resume", "cancel", "set-light", "set-temp", "start", "home"],
)
async def test_host_not_connected_is_785(make_caller: MakeCaller, path: str) -> None:
    async with make_caller("moonraker", "host_not_connected") as caller:
        envelope = await caller.cmd(path, {"Name": "caselight", "On": True})
        assert envelope == {"Status": 785, "Error": "Host not connected"}
        assert (await caller.cmd("ping"))["Status"] == 200
        assert (await caller.cmd("nope"))["Status"] == 754


@pytest.mark.parametrize("path", ["pause", "resume", "cancel"])
async def test_octoprint_answers_786_when_disconnected(
    make_caller: MakeCaller, path: str
) -> None:
    async with make_caller("octoprint", "host_not_connected") as caller:
        assert (await caller.cmd(path))["Status"] == 786
        assert (await caller.cmd("status"))["Status"] == 785


@pytest.mark.parametrize(
    "status", [600, 601, 602, 603, 604, 605, 606, 609, 610, 612, 613]
)
async def test_http_fault(make_caller: MakeCaller, status: int) -> None:
    async with make_caller() as caller:
        caller.sim.set_fault(http_status=status)
        for path in ("status", "ping", "pause"):
            code, body, headers = await caller.raw("GET", API + path)
            assert code == status
            assert body == {"Error": default_message(status)}
            assert headers["Content-Type"] == "application/json"
        caller.sim.set_fault()
        assert (await caller.cmd("ping"))["Status"] == 200


async def test_plain_http_fault(make_caller: MakeCaller) -> None:
    async with make_caller() as caller:
        caller.sim.set_fault(http_status=502, message="Bad gateway")
        code, body, _ = await caller.raw("GET", API + "status")
        assert (code, body) == (502, {"Error": "Bad gateway"})


@pytest.mark.parametrize("status", [785, 787, 789, 750, 752])
async def test_plugin_fault(make_caller: MakeCaller, status: int) -> None:
    async with make_caller() as caller:
        caller.sim.set_fault(plugin_status=status)
        envelope = await caller.cmd("status")
        assert envelope == {"Status": status, "Error": default_message(status)}


async def test_fault_count_and_paths(make_caller: MakeCaller) -> None:
    async with make_caller() as caller:
        sim = caller.sim
        sim.set_fault(
            plugin_status=785, message="Printer off", count=2, paths=["status"]
        )
        assert (await caller.cmd("ping"))["Status"] == 200
        assert await caller.cmd("status") == {"Status": 785, "Error": "Printer off"}
        assert (await caller.cmd("Status"))["Status"] == 785
        assert (await caller.cmd("status"))["Status"] == 200
        assert sim.faults.active == []


def test_fault_validation() -> None:
    with pytest.raises(ValueError, match="effect"):
        Fault().validate()
    with pytest.raises(ValueError, match="count"):
        Fault(http_status=600, count=0).validate()
    with pytest.raises(ValueError, match="100-999"):
        Fault(http_status=99).validate()
    with pytest.raises(ValueError, match="unknown fault keys"):
        Fault.from_dict({"http_status": 600, "colour": "red"})
    with pytest.raises(ValueError, match="integer"):
        Fault.from_dict({"http_status": "600"})
    with pytest.raises(ValueError, match="integer"):
        Fault.from_dict({"plugin_status": True})
    with pytest.raises(ValueError, match="message"):
        Fault.from_dict({"http_status": 600, "message": 1})
    with pytest.raises(ValueError, match="paths"):
        Fault.from_dict({"http_status": 600, "paths": [1]})
    fault = Fault.from_dict({"plugin_status": 785, "paths": "status", "count": 3})
    assert fault.as_dict() == {"plugin_status": 785, "paths": ["status"], "count": 3}
    assert default_message(999) == "Error 999"
    faults = Faults()
    faults.add(Fault(http_status=600, paths=("a",)))
    faults.add(Fault(http_status=601))
    assert faults.take("b").http_status == 601
    assert faults.take("A/x").http_status == 600


async def test_requests_are_recorded(make_caller: MakeCaller) -> None:
    async with make_caller(auth=("bearer", "tok")) as caller:
        caller.headers["Authorization"] = "Bearer tok"
        await caller.status(IncludeMaterialSystem="true")
        await caller.cmd("Set-Light", {"Name": "caselight", "On": True})
        await caller.raw("PUT", API + "pause", data=b"{oops")
        await caller.raw("GET", API + "status", headers={"Authorization": "Bearer bad"})
        requests = caller.sim.requests
        assert [(r.method, r.path) for r in requests] == [
            ("GET", "status"),
            ("POST", "Set-Light"),
            ("PUT", "pause"),
            ("GET", "status"),
        ]
        assert requests[0].query == {"IncludeMaterialSystem": "true"}
        assert requests[0].json is None
        assert requests[0].headers["Authorization"] == "Bearer tok"
        assert requests[0].headers["authorization"] == "Bearer tok"
        assert requests[1].json == {"Name": "caselight", "On": True}
        assert requests[2].json is None and requests[2].body == b"{oops"
        assert requests[3].headers["Authorization"] == "Bearer bad"
        assert [r.response_status for r in requests] == [200, 200, 200, 606]
        status, listed = await caller.control("GET", "requests")
        assert status == 200
        assert listed[1]["path"] == "Set-Light"
        assert listed[1]["json"] == {"Name": "caselight", "On": True}
        assert listed[0]["headers"]["Authorization"] == "Bearer tok"
        assert listed[3]["response_status"] == 606
        assert await caller.control("DELETE", "requests") == (200, [])
        assert caller.sim.requests == []
