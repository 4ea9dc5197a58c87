"""Command API: routing, envelopes, every command and its validation rules."""

from typing import Any

import pytest

from octoeverywhere_simulator import EventType, ManualClock, Simulator

from .conftest import API, MakeCaller


async def test_envelope_and_content_type(make_caller: MakeCaller) -> None:
    async with make_caller() as caller:
        status, body, headers = await caller.raw("GET", API + "ping")
        assert status == 200
        assert headers["Content-Type"] == "text/json"
        assert body == {"Status": 200, "Result": {"Message": "Pong"}}


@pytest.mark.parametrize("path", ["STATUS", "Status", "statusXYZ", "status/extra"])
async def test_command_matched_case_insensitively_by_prefix(
    make_caller: MakeCaller, path: str
) -> None:
    async with make_caller() as caller:
        envelope = await caller.cmd(path, method="GET")
        assert envelope["Status"] == 200
        assert "JobStatus" in envelope["Result"]


@pytest.mark.parametrize("path", ["", "unknown", "stat", "webcam", "light"])
async def test_unknown_command_is_754(make_caller: MakeCaller, path: str) -> None:
    async with make_caller() as caller:
        envelope = await caller.cmd(path)
        assert envelope["Status"] == 754
        assert "Result" not in envelope
        assert isinstance(envelope["Error"], str)


@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "DELETE"])
async def test_http_method_is_ignored(make_caller: MakeCaller, method: str) -> None:
    async with make_caller(scenario="printing", progress=20) as caller:
        envelope = await caller.cmd("pause", method=method)
        assert envelope == {"Status": 200, "Result": {}}
        assert caller.sim.printer.state == "paused"


async def test_unparsable_body_is_751(make_caller: MakeCaller) -> None:
    async with make_caller(scenario="printing", progress=10) as caller:
        status, body, _ = await caller.raw("POST", API + "pause", data=b"{not json")
        assert status == 200
        assert body["Status"] == 751
        assert "Expecting" in body["Error"]
        assert caller.sim.printer.state == "printing"
        status, body, _ = await caller.raw("POST", API + "set-light", data=b"[1, 2]")
        assert body["Status"] == 751
        status, body, _ = await caller.raw("POST", API + "status", data=b"\xff\xfe")
        assert body["Status"] == 751


async def test_query_arguments_are_lowercased_strings(make_caller: MakeCaller) -> None:
    """Control commands need a JSON body: query keys are lower-cased, values stay strings."""
    async with make_caller() as caller:
        envelope = await caller.cmd(
            "set-light", method="GET", params={"Name": "caselight", "On": "true"}
        )
        assert envelope["Status"] == 400
        assert caller.sim.printer.lights == {"caselight": False}


# --- status / ping ------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["true", "1", "True", "TRUE"])
async def test_status_material_system_flag(make_caller: MakeCaller, value: str) -> None:
    async with make_caller() as caller:
        result = await caller.status(IncludeMaterialSystem=value)
        assert result["JobStatus"]["MaterialSystem"] is None
        result = await caller.status(includematerialsystem=value)
        assert "MaterialSystem" in result["JobStatus"]


@pytest.mark.parametrize("value", ["false", "0", "yes", ""])
async def test_status_without_material_system(
    make_caller: MakeCaller, value: str
) -> None:
    async with make_caller() as caller:
        result = await caller.status(IncludeMaterialSystem=value)
        assert "MaterialSystem" not in result["JobStatus"]
        result = await caller.status()
        assert "MaterialSystem" not in result["JobStatus"]


async def test_status_material_system_in_body(make_caller: MakeCaller) -> None:
    async with make_caller() as caller:
        envelope = await caller.cmd("status", {"IncludeMaterialSystem": True})
        assert envelope["Result"]["JobStatus"]["MaterialSystem"] is None


async def test_material_system_none_topology_omits_key(make_caller: MakeCaller) -> None:
    async with make_caller(material_system="none") as caller:
        result = await caller.status(IncludeMaterialSystem="true")
        assert "MaterialSystem" not in result["JobStatus"]


# --- set-light ----------------------------------------------------------------------------


async def test_set_light(make_caller: MakeCaller) -> None:
    async with make_caller() as caller:
        assert await caller.cmd("set-light", {"Name": "caselight", "On": True}) == {
            "Status": 200,
            "Result": {},
        }
        result = await caller.status()
        assert result["JobStatus"]["Lights"] == [{"Name": "caselight", "On": True}]
        await caller.cmd("set-light", {"Name": "caselight", "On": False})
        result = await caller.status()
        assert result["JobStatus"]["Lights"] == [{"Name": "caselight", "On": False}]


@pytest.mark.parametrize(
    "body",
    [
        {"Name": 1, "On": True},
        {"Name": None, "On": True},
        {"On": True},
        {"Name": "caselight", "On": "true"},
        {"Name": "caselight", "On": 1},
        {"Name": "caselight"},
        None,
    ],
)
async def test_set_light_wrong_types_are_400(
    make_caller: MakeCaller, body: Any
) -> None:
    async with make_caller() as caller:
        envelope = await caller.cmd("set-light", body)
        assert envelope["Status"] == 400
        assert envelope["Error"]


@pytest.mark.parametrize(
    ("platform", "name", "status"),
    [
        ("bambu", "nope", 400),
        ("bambu", "Chamber", 400),
        ("elegoo_cc1", "Chamber", 400),
        ("elegoo_cc2", "led", 400),
        ("moonraker", "CaseLight", 752),
        ("moonraker", "chamber", 752),
    ],
)
async def test_set_light_unknown_name(
    make_caller: MakeCaller, platform: str, name: str, status: int
) -> None:
    async with make_caller(platform) as caller:
        envelope = await caller.cmd("set-light", {"Name": name, "On": True})
        assert envelope["Status"] == status
        if status == 400:
            assert envelope["Error"] == f"Unknown light name: {name}"


@pytest.mark.parametrize("platform", ["octoprint", "prusalink"])
async def test_set_light_without_feature_is_788(
    make_caller: MakeCaller, platform: str
) -> None:
    async with make_caller(platform) as caller:
        envelope = await caller.cmd("set-light", {"Name": "chamber", "On": True})
        assert envelope["Status"] == 788


async def test_set_light_feature_bit_override(make_caller: MakeCaller) -> None:
    async with make_caller("moonraker", features=62) as caller:
        envelope = await caller.cmd("set-light", {"Name": "caselight", "On": True})
        assert envelope["Status"] == 788
    async with make_caller("octoprint", features=33, lights=["led"]) as caller:
        envelope = await caller.cmd("set-light", {"Name": "led", "On": True})
        assert envelope["Status"] == 200
        assert caller.sim.printer.lights == {"led": True}


# --- pause / resume / cancel --------------------------------------------------------------


async def test_pause_resume_cancel_cycle_moonraker(make_caller: MakeCaller) -> None:
    async with make_caller("moonraker", "printing", progress=30) as caller:
        assert (await caller.cmd("pause"))["Status"] == 200
        assert (await caller.status())["JobStatus"]["State"] == "paused"
        assert (await caller.cmd("pause"))["Status"] == 786
        assert (await caller.cmd("resume"))["Status"] == 200
        # Moonraker never reports "resuming".
        assert (await caller.status())["JobStatus"]["State"] == "printing"
        assert (await caller.cmd("resume"))["Status"] == 786
        caller.sim.advance(10)
        assert caller.sim.printer.state == "printing"
        assert (await caller.cmd("cancel"))["Status"] == 200
        assert (await caller.status())["JobStatus"]["State"] == "cancelled"
        assert (await caller.cmd("cancel"))["Status"] == 786


async def test_resume_goes_through_resuming_on_octoprint(
    make_caller: MakeCaller,
) -> None:
    async with make_caller("octoprint", "paused") as caller:
        assert (await caller.cmd("resume"))["Status"] == 200
        assert (await caller.status())["JobStatus"]["State"] == "resuming"
        caller.sim.advance(6)
        assert (await caller.status())["JobStatus"]["State"] == "printing"


async def test_cancel_on_octoprint_goes_idle(make_caller: MakeCaller) -> None:
    async with make_caller("octoprint", "printing", progress=40) as caller:
        assert (await caller.cmd("cancel"))["Status"] == 200
        job = (await caller.status())["JobStatus"]
        assert job["State"] == "idle"
        assert job["CurrentPrint"]["TimeLeftSec"] == -1


async def test_pause_during_warmup_and_resume_returns_to_warmup(
    make_caller: MakeCaller,
) -> None:
    async with make_caller("moonraker", "printing") as caller:
        assert caller.sim.printer.state == "warmingup"
        assert (await caller.cmd("pause"))["Status"] == 200
        await caller.cmd("resume")
        caller.sim.advance(5)
        assert caller.sim.printer.state == "warmingup"


@pytest.mark.parametrize(
    ("platform", "status"),
    [
        ("octoprint", 786),
        ("moonraker", 786),
        ("bambu", 200),
        ("prusalink", 400),
        ("elegoo_cc1", 752),
        ("elegoo_cc2", 752),
    ],
)
@pytest.mark.parametrize("command", ["pause", "resume", "cancel"])
async def test_wrong_state_per_platform(
    make_caller: MakeCaller, platform: str, status: int, command: str
) -> None:
    async with make_caller(platform, "idle") as caller:
        envelope = await caller.cmd(command)
        assert envelope["Status"] == status
        assert caller.sim.printer.state == "idle"


@pytest.mark.parametrize(
    "body",
    [
        {"SmartPause": "yes"},
        {"DisableHotend": 1},
        {"DisableBed": "false"},
        {"SuppressNotification": 0},
        {"ShowSmartPausePopup": "true"},
        {"ZLiftMm": "5"},
        {"ZLiftMm": True},
        {"ZLiftMm": -1},
        {"RetractFilamentMm": -0.5},
        {"RetractFilamentMm": [1]},
    ],
)
async def test_pause_body_validation(
    make_caller: MakeCaller, body: dict[str, Any]
) -> None:
    async with make_caller("moonraker", "printing", progress=20) as caller:
        envelope = await caller.cmd("pause", body)
        assert envelope["Status"] == 400
        assert caller.sim.printer.state == "printing"


async def test_smart_pause_turns_heaters_off_and_resume_restores(
    make_caller: MakeCaller,
) -> None:
    async with make_caller("moonraker", "printing", progress=20) as caller:
        sim = caller.sim
        z = sim.printer.position["Z"]
        body = {
            "SmartPause": True,
            "DisableHotend": True,
            "DisableBed": True,
            "ZLiftMm": 10,
            "RetractFilamentMm": 2.5,
            "ShowSmartPausePopup": True,
        }
        assert (await caller.cmd("pause", body))["Status"] == 200
        temps = (await caller.status())["JobStatus"]["CurrentPrint"]["Temps"]
        assert temps["HotendTarget"] == 0
        assert temps["BedTarget"] == 0
        assert sim.printer.position["Z"] == z + 10
        options = sim.printer.job.pause_options
        assert options.smart_pause and options.suppress_notification
        assert options.retract_filament_mm == 2.5
        sim.advance(60)
        assert sim.printer.hotend.actual < 200
        await caller.cmd("resume")
        temps = (await caller.status())["JobStatus"]["CurrentPrint"]["Temps"]
        assert temps["HotendTarget"] == 215
        assert temps["BedTarget"] == 60


@pytest.mark.parametrize(
    ("body", "notified"),
    [
        (None, False),
        ({}, True),
        ({"SmartPause": False}, True),
        ({"SmartPause": True}, False),
        ({"SmartPause": True, "SuppressNotification": False}, True),
        ({"SuppressNotification": True}, False),
    ],
)
async def test_pause_suppress_notification_defaults(
    make_caller: MakeCaller, body: Any, notified: bool
) -> None:
    async with make_caller("moonraker", "printing", progress=20) as caller:
        caller.sim.events.clear()
        await caller.cmd("pause", body)
        types = [event.type for event in caller.sim.events]
        assert (EventType.PAUSED in types) is notified


# --- start ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("platform", "body", "platform_path"),
    [
        ("octoprint", {"Path": "gcode/a/cube.gcode"}, "a/cube.gcode"),
        ("moonraker", {"Path": "gcode/cube.gcode"}, "cube.gcode"),
        (
            "bambu",
            {"Path": "gcode/cube.3mf", "Plate": 1, "UseAms": True},
            "/sdcard/cube.3mf",
        ),
        (
            "prusalink",
            {"Path": "gcode/cube.bgcode", "Storage": "usb"},
            "/usb/cube.bgcode",
        ),
        ("prusalink", {"Path": "gcode/cube.bgcode"}, "/usb/cube.bgcode"),
        (
            "prusalink",
            {"Path": "gcode/cube.bgcode", "Storage": "local"},
            "/local/cube.bgcode",
        ),
    ],
)
async def test_start(
    make_caller: MakeCaller, platform: str, body: dict[str, Any], platform_path: str
) -> None:
    async with make_caller(platform, "complete") as caller:
        before = caller.sim.printer.last_print_id
        envelope = await caller.cmd("start", body)
        assert envelope == {
            "Status": 200,
            "Result": {"VirtualPath": body["Path"], "PlatformPath": platform_path},
        }
        assert caller.sim.printer.state == "warmingup"
        result = await caller.status()
        assert result["OctoEverywhereStatus"]["MostRecentPrintIdStr"] not in (
            None,
            before,
        )
        caller.sim.advance(400)
        assert caller.sim.printer.state == "printing"


@pytest.mark.parametrize(
    "body",
    [
        None,
        {},
        {"Path": ""},
        {"Path": 5},
        {"Path": "gcode/x.gcode", "Storage": 1},
        {"Path": "gcode/x.3mf", "Plate": "1"},
        {"Path": "gcode/x.3mf", "UseAms": "yes"},
        {"Path": "gcode/x.3mf", "AmsMapping": [0, "1"]},
        {"Path": "gcode/x.3mf", "AmsMapping": 0},
    ],
)
async def test_start_validation(make_caller: MakeCaller, body: Any) -> None:
    async with make_caller("bambu") as caller:
        assert (await caller.cmd("start", body))["Status"] == 400


@pytest.mark.parametrize(
    ("platform", "missing", "busy"), [("moonraker", 404, 409), ("prusalink", 400, 400)]
)
async def test_start_host_statuses(
    make_caller: MakeCaller, platform: str, missing: int, busy: int
) -> None:
    async with make_caller(platform, "printing", progress=10) as caller:
        assert (await caller.cmd("start", {"Path": "other/x.gcode"}))[
            "Status"
        ] == missing
        assert (await caller.cmd("start", {"Path": "gcode/x.gcode"}))["Status"] == busy


@pytest.mark.parametrize("platform", ["elegoo_cc1", "elegoo_cc2"])
async def test_start_without_feature_is_788(
    make_caller: MakeCaller, platform: str
) -> None:
    async with make_caller(platform) as caller:
        assert (await caller.cmd("start", {"Path": "gcode/x.gcode"}))["Status"] == 788


# --- move-axis / home / extrude -------------------------------------------------------------


async def test_move_axis_and_home(make_caller: MakeCaller) -> None:
    async with make_caller("moonraker") as caller:
        assert (await caller.cmd("move-axis", {"Axis": "X", "DistanceMm": 10}))[
            "Status"
        ] == 200
        assert (await caller.cmd("move-axis", {"Axis": "z", "DistanceMm": -2.5}))[
            "Status"
        ] == 200
        assert caller.sim.printer.position == {"X": 10.0, "Y": 0.0, "Z": -2.5}
        assert (await caller.cmd("home"))["Status"] == 200
        assert caller.sim.printer.position == {"X": 0.0, "Y": 0.0, "Z": 0.0}
        assert caller.sim.printer.homed


@pytest.mark.parametrize(
    "body",
    [
        None,
        {"Axis": "E", "DistanceMm": 1},
        {"Axis": 1, "DistanceMm": 1},
        {"Axis": "X"},
        {"Axis": "X", "DistanceMm": "1"},
        {"Axis": "X", "DistanceMm": True},
    ],
)
async def test_move_axis_validation(make_caller: MakeCaller, body: Any) -> None:
    async with make_caller("moonraker") as caller:
        assert (await caller.cmd("move-axis", body))["Status"] == 400


@pytest.mark.parametrize(
    ("platform", "command", "body"),
    [
        ("octoprint", "move-axis", {"Axis": "X", "DistanceMm": 1}),
        ("bambu", "move-axis", {"Axis": "X", "DistanceMm": 1}),
        ("elegoo_cc1", "move-axis", {"Axis": "X", "DistanceMm": 1}),
        ("octoprint", "home", None),
        ("prusalink", "home", None),
        ("bambu", "extrude", {"Extruder": 0, "DistanceMm": 1}),
        ("elegoo_cc2", "extrude", {"Extruder": 0, "DistanceMm": 1}),
        ("octoprint", "set-temp", {"BedC": 50}),
        ("elegoo_cc1", "set-temp", {"BedC": 50}),
    ],
)
async def test_feature_bits_give_788(
    make_caller: MakeCaller, platform: str, command: str, body: Any
) -> None:
    async with make_caller(platform) as caller:
        assert (await caller.cmd(command, body))["Status"] == 788


@pytest.mark.parametrize(
    ("platform", "command"),
    [("elegoo_cc1", "home"), ("elegoo_cc2", "home"), ("elegoo_cc2", "move-axis")],
)
async def test_elegoo_supported_controls(
    make_caller: MakeCaller, platform: str, command: str
) -> None:
    async with make_caller(platform) as caller:
        body = {"Axis": "Y", "DistanceMm": 5} if command == "move-axis" else None
        assert (await caller.cmd(command, body))["Status"] == 200


async def test_extrude(make_caller: MakeCaller) -> None:
    async with make_caller("moonraker") as caller:
        envelope = await caller.cmd("extrude", {"Extruder": 0, "DistanceMm": 5})
        assert envelope["Status"] == 500  # cold extrusion refused
        await caller.cmd("set-temp", {"ToolC": 220})
        caller.sim.advance(120)
        assert (await caller.cmd("extrude", {"Extruder": 0, "DistanceMm": 5}))[
            "Status"
        ] == 200
        assert (await caller.cmd("extrude", {"Extruder": 0, "DistanceMm": -2}))[
            "Status"
        ] == 200
        assert caller.sim.printer.extruded_mm == {0: 3.0}


@pytest.mark.parametrize(
    "body",
    [
        None,
        {"DistanceMm": 1},
        {"Extruder": -1, "DistanceMm": 1},
        {"Extruder": True, "DistanceMm": 1},
        {"Extruder": 1.5, "DistanceMm": 1},
        {"Extruder": "0", "DistanceMm": 1},
        {"Extruder": 0},
        {"Extruder": 0, "DistanceMm": "5"},
        {"Extruder": 11, "DistanceMm": 1},
        {"Extruder": 1, "DistanceMm": 1},
    ],
)
async def test_extrude_validation(make_caller: MakeCaller, body: Any) -> None:
    async with make_caller("moonraker") as caller:
        assert (await caller.cmd("extrude", body))["Status"] == 400


async def test_extrude_index_limit_only_on_moonraker() -> None:
    sim = Simulator(
        "octoprint", features=8, clock=ManualClock(), material_system="toolchanger"
    )
    sim.printer.tools[3].actual = 200
    from octoeverywhere_simulator.commands import execute  # noqa: PLC0415

    assert execute(sim, "extrude", {"Extruder": 3, "DistanceMm": 1}, {}).status == 200
    assert (
        execute(sim, "extrude", {"Extruder": 12, "DistanceMm": 1}, {}).error
        == "Unknown extruder: 12"
    )
    sim.configure(platform="moonraker")
    assert (
        execute(sim, "extrude", {"Extruder": 12, "DistanceMm": 1}, {}).error
        == "Extruder must be 0-10"
    )


# --- set-temp --------------------------------------------------------------------------------


async def test_set_temp_moves_temperatures(make_caller: MakeCaller) -> None:
    async with make_caller("moonraker") as caller:
        body = {"BedC": 70, "ToolC": 250, "ChamberC": 45, "ToolNumber": 0}
        assert (await caller.cmd("set-temp", body))["Status"] == 200
        temps = (await caller.status())["JobStatus"]["CurrentPrint"]["Temps"]
        assert (temps["BedTarget"], temps["HotendTarget"], temps["ChamberTarget"]) == (
            70,
            250,
            45,
        )
        assert temps["BedActual"] == 25
        caller.sim.advance(30)
        mid = (await caller.status())["JobStatus"]["CurrentPrint"]["Temps"]
        assert 25 < mid["BedActual"] < 70
        assert 25 < mid["HotendActual"] < 250
        caller.sim.advance(600)
        late = (await caller.status())["JobStatus"]["CurrentPrint"]["Temps"]
        assert late["BedActual"] == pytest.approx(70, abs=0.1)
        assert late["HotendActual"] == pytest.approx(250, abs=0.1)
        assert mid["ChamberActual"] < late["ChamberActual"] < 45
        await caller.cmd("set-temp", {"BedC": 0, "ToolC": 0})
        caller.sim.advance(1200)
        cold = (await caller.status())["JobStatus"]["CurrentPrint"]["Temps"]
        assert cold["BedActual"] < 30
        assert cold["HotendActual"] < 30


@pytest.mark.parametrize(
    "body",
    [
        None,
        {},
        {"ToolNumber": 0},
        {"BedC": None, "ToolC": None},
        {"BedC": True},
        {"ToolC": False},
        {"BedC": "60"},
        {"BedC": 75.5},
        {"BedC": -1},
        {"ChamberC": 76},
        {"ToolC": 260.1},
        {"ToolC": -5},
        {"ToolC": 200, "ToolNumber": -1},
        {"ToolC": 200, "ToolNumber": True},
        {"ToolC": 200, "ToolNumber": 0.5},
        {"ToolC": 200, "ToolNumber": 1},
    ],
)
async def test_set_temp_validation(make_caller: MakeCaller, body: Any) -> None:
    async with make_caller("moonraker") as caller:
        envelope = await caller.cmd("set-temp", body)
        assert envelope["Status"] == 400
        assert caller.sim.printer.bed.target == 0


@pytest.mark.parametrize(
    "body",
    [
        {"BedC": 0},
        {"BedC": 75, "ChamberC": 75, "ToolC": 260},
        {"ToolC": 0, "ToolNumber": 0},
    ],
)
async def test_set_temp_range_edges_accepted(
    make_caller: MakeCaller, body: Any
) -> None:
    async with make_caller("moonraker") as caller:
        assert (await caller.cmd("set-temp", body))["Status"] == 200


@pytest.mark.parametrize(
    "body",
    [
        {"ChamberC": 40},
        {"BedC": 60, "ChamberC": 40},
        {"ChamberC": None},
        {"ChamberC": "x", "BedC": 60},
    ],
)
async def test_set_temp_chamber_refused_on_cc2(
    make_caller: MakeCaller, body: Any
) -> None:
    async with make_caller("elegoo_cc2") as caller:
        assert (await caller.cmd("set-temp", body))["Status"] == 788
        assert caller.sim.printer.bed.target == 0
        assert (await caller.cmd("set-temp", {"BedC": 60}))["Status"] == 200
        assert caller.sim.printer.bed.target == 60


async def test_start_on_elegoo_with_feature_override(make_caller: MakeCaller) -> None:
    async with make_caller("elegoo_cc2", features=63) as caller:
        envelope = await caller.cmd("start", {"Path": "gcode/parts/cube.gcode"})
        assert envelope["Result"] == {
            "VirtualPath": "gcode/parts/cube.gcode",
            "PlatformPath": "/local/cube.gcode",
        }
        assert (await caller.status())["JobStatus"]["CurrentPrint"][
            "FileName"
        ] == "Cube"
