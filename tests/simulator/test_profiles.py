"""Each platform profile reproduces section 8 of the reference (how real plugins behave)."""

from typing import Any

import pytest

from octoeverywhere_simulator import PLATFORMS, ManualClock, Simulator
from octoeverywhere_simulator.profiles import PROFILES, display_name


def sim_for(platform: str, scenario: str = "idle", **kwargs: Any) -> Simulator:
    return Simulator(platform, scenario, clock=ManualClock(), **kwargs)


def job(sim: Simulator) -> dict[str, Any]:
    return sim.status()["JobStatus"]


def current(sim: Simulator) -> dict[str, Any]:
    return job(sim)["CurrentPrint"]


@pytest.mark.parametrize(
    ("platform", "features"),
    [
        ("octoprint", 32),
        ("moonraker", 63),
        ("bambu", 33),
        ("prusalink", 32),
        ("elegoo_cc1", 5),
        ("elegoo_cc2", 23),
    ],
)
def test_features(platform: str, features: int) -> None:
    assert sim_for(platform).status()["Features"] == features
    assert sim_for(platform, features=7).status()["Features"] == 7


def test_platform_versions() -> None:
    assert sim_for("moonraker").status()["PlatformVersion"] == "1.0.0"
    bambu = sim_for("bambu")
    assert bambu.status()["PlatformVersion"] == "0.0.0"
    bambu.advance(10)
    assert bambu.status()["PlatformVersion"] == "01.08.02.00"
    for platform in ("octoprint", "prusalink", "elegoo_cc1", "elegoo_cc2"):
        version = sim_for(platform).status()["PlatformVersion"]
        assert isinstance(version, str) and version not in ("", "0.0.0", "1.0.0")


@pytest.mark.parametrize("platform", PLATFORMS)
def test_substate_and_lights_keys(platform: str) -> None:
    data = job(sim_for(platform, "printing", progress=50))
    if platform == "octoprint":
        assert "SubState" not in data and "Lights" not in data
    else:
        assert "SubState" in data and "Lights" in data


@pytest.mark.parametrize(
    ("platform", "weight"),
    [
        ("octoprint", "null"),
        ("moonraker", "value"),
        ("bambu", "absent"),
        ("prusalink", "absent"),
        ("elegoo_cc1", "absent"),
        ("elegoo_cc2", "absent"),
    ],
)
def test_filament_weight_key(platform: str, weight: str) -> None:
    data = current(sim_for(platform, "printing", progress=50))
    match weight:
        case "absent":
            assert "EstTotalFilWeightMg" not in data
        case "null":
            assert data["EstTotalFilWeightMg"] is None
        case _:
            assert data["EstTotalFilWeightMg"] > 0


@pytest.mark.parametrize(
    ("platform", "chamber", "expected"),
    [
        ("octoprint", None, "null"),
        ("moonraker", None, "value"),
        ("bambu", None, "value"),
        ("bambu", False, "absent"),
        ("prusalink", None, "absent"),
        ("prusalink", True, "value"),
        ("elegoo_cc1", None, "value"),
        ("elegoo_cc2", None, "value"),
        ("moonraker", False, "null"),
    ],
)
def test_chamber_keys(platform: str, chamber: bool | None, expected: str) -> None:
    temps = current(sim_for(platform, "printing", progress=50, chamber=chamber))[
        "Temps"
    ]
    assert {"BedActual", "BedTarget", "HotendActual", "HotendTarget"} <= set(temps)
    match expected:
        case "absent":
            assert "ChamberActual" not in temps and "ChamberTarget" not in temps
        case "null":
            assert temps["ChamberActual"] is None and temps["ChamberTarget"] is None
        case _:
            assert temps["ChamberActual"] > 25 and temps["ChamberTarget"] == 0


@pytest.mark.parametrize(
    ("platform", "lights"),
    [
        ("moonraker", [{"Name": "caselight", "On": False}]),
        ("bambu", [{"Name": "chamber", "On": False}]),
        ("elegoo_cc1", [{"Name": "chamber", "On": False}]),
        ("elegoo_cc2", [{"Name": "chamber", "On": False}]),
        ("prusalink", None),
    ],
)
def test_default_lights(platform: str, lights: Any) -> None:
    assert job(sim_for(platform))["Lights"] == lights


def test_lights_never_empty_list() -> None:
    assert job(sim_for("moonraker", lights=[]))["Lights"] is None
    sim = sim_for("moonraker", lights=["chamber", "caselight"])
    assert [light["Name"] for light in job(sim)["Lights"]] == ["chamber", "caselight"]
    # Moonraker can report null while the lights still exist (and still switch).
    hidden = sim_for("moonraker", lights_null=True)
    assert job(hidden)["Lights"] is None
    assert hidden.printer.set_light("caselight", True)


def reported_states(platform: str) -> set[str | None]:
    """Every State a platform reports through a full life: warm-up, print, pause, cancel..."""
    sim = sim_for(platform, "printing", print_duration=600)
    seen: set[str | None] = set()

    def watch(seconds: float, step: float = 5) -> None:
        for _ in range(int(seconds / step)):
            sim.advance(step)
            seen.add(job(sim)["State"])

    seen.add(job(sim)["State"])
    watch(300)
    sim.printer.pause()
    seen.add(job(sim)["State"])
    sim.set_scenario("paused")
    seen.add(job(sim)["State"])
    sim.printer.resume()
    seen.add(job(sim)["State"])
    watch(900)
    for scenario in ("cancelled", "error", "idle", "paused", "complete"):
        sim.set_scenario(scenario)
        seen.add(job(sim)["State"])
        watch(120)
    return seen


@pytest.mark.parametrize("platform", PLATFORMS)
def test_states_each_platform_produces(platform: str) -> None:
    seen = reported_states(platform)
    assert seen <= PROFILES[platform].reported_states
    assert ("resuming" in seen) is (platform in ("octoprint", "elegoo_cc2"))
    assert ("cancelled" in seen) is (platform != "octoprint")
    assert ("error" in seen) is (platform != "elegoo_cc1")
    assert (None in seen) is (platform in ("prusalink", "elegoo_cc1", "elegoo_cc2"))
    assert {"idle", "printing", "complete"} <= seen


def test_elegoo_cc1_integers() -> None:
    sim = sim_for("elegoo_cc1", "printing", progress=42.7)
    data = current(sim)
    assert data["Progress"] == 42 and isinstance(data["Progress"], int)
    assert all(isinstance(value, int) for value in data["Temps"].values())
    assert current(sim_for("elegoo_cc1"))["Progress"] == 0
    assert isinstance(current(sim_for("elegoo_cc1"))["Progress"], int)


def test_moonraker_progress_float_noise() -> None:
    progress = current(sim_for("moonraker", "printing", progress=57))["Progress"]
    assert progress == 56.99999999999999
    assert isinstance(
        current(sim_for("octoprint", "printing", progress=57))["Progress"], float
    )


@pytest.mark.parametrize("platform", ["bambu", "prusalink"])
def test_whole_percent_progress(platform: str) -> None:
    assert current(sim_for(platform, "printing", progress=42.7))["Progress"] == 42.0


@pytest.mark.parametrize(
    ("platform", "idle", "warmup"),
    [
        ("octoprint", -1, -1),
        ("moonraker", -1, "duration"),
        ("bambu", 0, 0),
        ("prusalink", None, None),
        ("elegoo_cc1", None, None),
        ("elegoo_cc2", None, None),
    ],
)
def test_time_left_unknown_sentinels(platform: str, idle: Any, warmup: Any) -> None:
    assert current(sim_for(platform))["TimeLeftSec"] == idle
    sim = sim_for(platform, "printing")
    sim.advance(42)
    data = current(sim)
    if warmup == "duration":
        assert data["TimeLeftSec"] == data["DurationSec"] == 42
    else:
        assert data["TimeLeftSec"] == warmup


@pytest.mark.parametrize(
    ("platform", "left"),
    [
        ("octoprint", 1800),
        ("moonraker", 1800.0),
        ("bambu", 1800),
        ("prusalink", 1800),
        ("elegoo_cc1", 1440),
        ("elegoo_cc2", 1800),
    ],
)
def test_time_left_while_printing(platform: str, left: Any) -> None:
    assert current(sim_for(platform, "printing", progress=50))["TimeLeftSec"] == left


def test_elegoo_cc1_time_left_negative_on_overrun() -> None:
    assert current(sim_for("elegoo_cc1", "printing", progress=95))["TimeLeftSec"] < 0


@pytest.mark.parametrize("scenario", ["complete", "cancelled"])
@pytest.mark.parametrize("platform", ["moonraker", "bambu"])
def test_time_left_stays_non_zero_after_end(platform: str, scenario: str) -> None:
    sim = sim_for(platform, "printing", print_duration=300)
    sim.advance(250)
    sim.set_scenario(scenario)
    sim.advance(30)
    left = current(sim)["TimeLeftSec"]
    assert left > 0


@pytest.mark.parametrize("platform", ["octoprint", "elegoo_cc2", "elegoo_cc1"])
def test_time_left_zero_when_complete(platform: str) -> None:
    assert current(sim_for(platform, "complete"))["TimeLeftSec"] == 0


def test_filament_used() -> None:
    sim = sim_for("moonraker", "printing")
    sim.advance(10)
    assert current(sim)["EstTotalFilUsedMm"] == -1
    assert current(sim)["EstTotalFilWeightMg"] is None
    sim.advance(600)
    assert current(sim)["EstTotalFilUsedMm"] > 0
    assert current(sim_for("moonraker"))["EstTotalFilUsedMm"] == -1
    for platform in ("bambu", "elegoo_cc1", "elegoo_cc2"):
        assert (
            current(sim_for(platform, "printing", progress=50))["EstTotalFilUsedMm"]
            == 0
        )
    assert (
        current(sim_for("octoprint", "printing", progress=50))["EstTotalFilUsedMm"] > 0
    )
    assert (
        current(sim_for("prusalink", "printing", progress=50))["EstTotalFilUsedMm"] > 0
    )


@pytest.mark.parametrize(
    ("platform", "idle", "printing"),
    [
        ("octoprint", (None, None), (None, None)),
        ("prusalink", (None, None), (None, None)),
        ("moonraker", (None, None), (76, 150)),
        ("bambu", (0, 0), (76, 150)),
        ("elegoo_cc1", (0, 0), (76, 150)),
        ("elegoo_cc2", (0, 0), (76, 150)),
    ],
)
def test_layers(
    platform: str, idle: tuple[Any, Any], printing: tuple[Any, Any]
) -> None:
    data = current(sim_for(platform))
    assert (data["CurrentLayer"], data["TotalLayers"]) == idle
    data = current(sim_for(platform, "printing", progress=50))
    assert (data["CurrentLayer"], data["TotalLayers"]) == printing


def test_moonraker_layers_null_until_indexed() -> None:
    sim = sim_for("moonraker", "printing")
    sim.advance(5)
    assert (current(sim)["CurrentLayer"], current(sim)["TotalLayers"]) == (None, None)


def test_prusalink_clears_finished_job() -> None:
    sim = sim_for("prusalink", "complete")
    data = current(sim)
    assert job(sim)["State"] == "complete"
    assert data["Progress"] == 100.0 and data["DurationSec"] > 0
    sim.advance(301)
    data = current(sim)
    assert job(sim)["State"] == "idle"
    assert data["Progress"] == 0 and data["DurationSec"] == 0
    assert data["FileName"] == "Benchy Pla 0.2Mm"


@pytest.mark.parametrize(
    ("platform", "name"),
    [
        ("octoprint", "calibration/benchy_pla_0.2mm.gcode"),
        ("moonraker", "calibration/benchy_pla_0.2mm.gcode"),
        ("bambu", "benchy_pla_0.2mm"),
        ("prusalink", "Benchy Pla 0.2Mm"),
        ("elegoo_cc1", "Benchy Pla 0.2Mm"),
        ("elegoo_cc2", "Benchy Pla 0.2Mm"),
    ],
)
def test_file_name_style(platform: str, name: str) -> None:
    assert current(sim_for(platform, "printing", progress=5))["FileName"] == name
    assert current(sim_for(platform))["FileName"] is None


def test_display_name() -> None:
    assert display_name("my_cool_part.gcode") == "My Cool Part"
    assert display_name("noext") == "Noext"


@pytest.mark.parametrize(
    ("platform", "state", "error"),
    [
        ("octoprint", "error", None),
        ("moonraker", "error", None),
        ("elegoo_cc1", "idle", None),
        ("elegoo_cc2", "error", "Printer Error"),
        ("bambu", "error", "Error: Error"),
        ("prusalink", "error", "Heatbed thermal runaway"),
    ],
)
def test_error_texts(platform: str, state: str, error: str | None) -> None:
    data = job(sim_for(platform, "error"))
    assert (data["State"], data["Error"]) == (state, error)


def test_error_null_outside_error_state() -> None:
    for platform in PLATFORMS:
        assert job(sim_for(platform, "printing", progress=50))["Error"] is None


def test_bambu_user_pause_is_an_error() -> None:
    sim = sim_for("bambu", "printing", progress=30)
    sim.printer.pause()
    data = job(sim)
    assert (data["State"], data["SubState"], data["Error"]) == (
        "error",
        "Paused By User",
        "Print paused by user",
    )
    assert job(sim_for("bambu", "paused"))["State"] == "paused"


def test_bambu_cancel_then_leftover_error() -> None:
    sim = sim_for("bambu", "printing", progress=30)
    sim.printer.cancel()
    assert job(sim)["State"] == "cancelled"
    sim.advance(61)
    assert (job(sim)["State"], job(sim)["Error"]) == ("error", "Error: Error")


def test_bambu_warmup_substates() -> None:
    sim = sim_for("bambu", "printing")
    seen = []
    for _ in range(20):
        data = job(sim)
        if data["State"] == "warmingup" and data["SubState"] not in seen:
            seen.append(data["SubState"])
        sim.advance(5)
    assert seen == ["Homing", "Bed Leveling", "Bed Preheating"]


@pytest.mark.parametrize("platform", ["elegoo_cc1", "elegoo_cc2"])
def test_elegoo_null_state_while_homing(platform: str) -> None:
    sim = sim_for(platform, "printing")
    assert (job(sim)["State"], job(sim)["SubState"]) == (None, "Homing")
    sim.advance(31)
    assert (job(sim)["State"], job(sim)["SubState"]) == ("warmingup", "Bed Preheating")


def test_prusalink_null_state_while_busy() -> None:
    sim = sim_for("prusalink", "printing")
    assert job(sim)["State"] is None
    sim.advance(400)
    assert job(sim)["State"] == "printing"


@pytest.mark.parametrize("platform", PLATFORMS)
def test_octoeverywhere_status(platform: str) -> None:
    fresh = sim_for(platform).status()["OctoEverywhereStatus"]
    assert fresh["MostRecentPrintIdStr"] is None
    assert fresh["PrintStartTimeSec"] == 0.0
    assert isinstance(fresh["PrintStartTimeSec"], float)
    assert 1.7e9 < fresh["Gadget"]["TimeSinceLastScoreSec"] < 1.9e9
    assert (
        sim_for(platform, octoeverywhere_status_null=True).status()[
            "OctoEverywhereStatus"
        ]
        is None
    )


@pytest.mark.parametrize("platform", PLATFORMS)
def test_list_webcams_default(platform: str) -> None:
    webcams = sim_for(platform).status()["ListWebcams"]
    assert webcams["DefaultIndex"] == 0
    assert len(webcams["Webcams"]) == 1
    cam = webcams["Webcams"][0]
    assert set(cam) == {"Name", "FlipH", "FlipV", "Rotation", "Enabled"}
    assert len(cam["Name"]) <= 20
