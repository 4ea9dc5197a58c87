"""Material systems: topologies, routes by id, the half-way swap, null and absent keys."""

from typing import Any

import pytest

from octoeverywhere_simulator import ManualClock, Simulator
from octoeverywhere_simulator.materials import (
    AMS_FIRST_SOURCE,
    AMS_SECOND_SOURCE,
    SWAP_LOADING_SEC,
)

from .conftest import MakeCaller


def material(sim: Simulator) -> Any:
    return sim.status(include_material_system=True)["JobStatus"]["MaterialSystem"]


def make(kind: str, scenario: str = "idle", **kwargs: Any) -> Simulator:
    return Simulator(
        "bambu", scenario, clock=ManualClock(), material_system=kind, **kwargs
    )


def joined(system: dict[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any], str]]:
    """Join sources and tools the documented way: through Routes, by id."""
    sources = {s["Id"]: s for s in system["Sources"]}
    tools = {t["Id"]: t for t in system["Tools"]}
    return [
        (sources[r["SourceId"]], tools[r["ToolId"]], r["State"])
        for r in system["Routes"]
    ]


def test_null_and_none() -> None:
    assert material(make("null")) is None
    assert (
        "MaterialSystem"
        in make("null").status(include_material_system=True)["JobStatus"]
    )
    assert (
        "MaterialSystem"
        not in make("none").status(include_material_system=True)["JobStatus"]
    )
    assert "MaterialSystem" not in make("ams").status()["JobStatus"]


def test_ams_topology() -> None:
    system = material(make("ams"))
    assert system["Capabilities"] == {
        "SupportsMultiMaterial": True,
        "SupportsMultiTool": False,
        "SupportsSourceRouting": True,
        "SupportsDrying": True,
    }
    assert (
        len(system["Sources"]) == 4
        and len(system["Tools"]) == 1
        and len(system["Units"]) == 1
    )
    unit = system["Units"][0]
    assert set(unit) == {
        "Id",
        "Index",
        "Name",
        "HumidityPercent",
        "TemperatureCelsius",
        "IsDrying",
    }
    assert all(source["UnitId"] == unit["Id"] for source in system["Sources"])
    assert [s["Index"] for s in system["Sources"]] == [0, 1, 2, 3]
    # Ids are not in index order.
    assert [s["Id"] for s in system["Sources"]] != sorted(
        s["Id"] for s in system["Sources"]
    )
    types = {s["Material"]["Type"] for s in system["Sources"]}
    assert types == {"PLA", "PETG"}
    third_party = system["Sources"][3]["Material"]
    assert "RemainingPercent" not in third_party and "Manufacturer" not in third_party
    assert system["Sources"][0]["Material"]["Manufacturer"] == "Bambu Lab"
    tool = system["Tools"][0]
    assert {"ActualCelsius", "TargetCelsius", "NozzleDiameterMm", "IsActive"} <= set(
        tool
    )
    ((source, joined_tool, state),) = joined(system)
    assert (
        source["Id"] == AMS_FIRST_SOURCE
        and joined_tool is not None
        and state == "loaded"
    )
    # A client joining the tool (index 0) to the source with the same index would be wrong.
    assert source["Index"] != tool["Index"]


def test_ams_swap_at_half_way() -> None:
    sim = make("ams", "printing", progress=40, print_duration=1000)
    assert joined(material(sim))[0][0]["Id"] == AMS_FIRST_SOURCE
    sim.advance(101)
    ((source, _, state),) = joined(material(sim))
    assert source["Id"] == AMS_SECOND_SOURCE and state == "loading"
    assert source["Index"] == 2
    sim.advance(SWAP_LOADING_SEC)
    assert joined(material(sim))[0][2] == "loaded"
    # The next print starts from the first slot again.
    sim.set_scenario("printing")
    assert joined(material(sim))[0][0]["Id"] == AMS_FIRST_SOURCE


def test_ams_mid_print_scenario_after_half() -> None:
    sim = make("ams", "printing", progress=80)
    assert joined(material(sim))[0][0]["Id"] == AMS_SECOND_SOURCE
    assert joined(material(sim))[0][2] == "loaded"


def test_toolchanger() -> None:
    sim = make("toolchanger", "printing", progress=40, print_duration=1000)
    system = material(sim)
    assert system["Capabilities"] == {
        "SupportsMultiMaterial": True,
        "SupportsMultiTool": True,
        "SupportsSourceRouting": False,
    }
    assert (
        len(system["Tools"]) == 4
        and len(system["Sources"]) == 4
        and system["Units"] == []
    )
    assert all("UnitId" not in source for source in system["Sources"])
    assert all(
        {"ActualCelsius", "TargetCelsius", "NozzleDiameterMm", "IsActive"} <= set(t)
        for t in system["Tools"]
    )
    routes = joined(system)
    assert len(routes) == 4 and all(state == "loaded" for _, _, state in routes)
    assert [t["Index"] for t in system["Tools"] if t["IsActive"]] == [0]
    assert system["Tools"][0]["TargetCelsius"] == 215
    sim.advance(101)  # tool change at 50 %
    system = material(sim)
    active = [t for t in system["Tools"] if t["IsActive"]]
    assert [t["Index"] for t in active] == [2]
    assert active[0]["TargetCelsius"] == 215
    assert system["Tools"][0]["TargetCelsius"] == 150
    temps = sim.status()["JobStatus"]["CurrentPrint"]["Temps"]
    assert temps["HotendTarget"] == 215
    sim.advance(120)
    assert material(sim)["Tools"][2]["ActualCelsius"] > 200


def test_toolchanger_set_temp_by_tool_number() -> None:
    sim = make("toolchanger", features=16)
    from octoeverywhere_simulator.commands import execute  # noqa: PLC0415

    assert execute(sim, "set-temp", {"ToolC": 200, "ToolNumber": 3}, {}).status == 200
    assert material(sim)["Tools"][3]["TargetCelsius"] == 200
    assert execute(sim, "set-temp", {"ToolC": 200, "ToolNumber": 4}, {}).status == 400


def test_external() -> None:
    system = material(make("external"))
    assert system["Capabilities"] == {
        "SupportsMultiMaterial": False,
        "SupportsMultiTool": False,
    }
    ((source, tool, state),) = joined(system)
    assert source["Id"] == "external-spool" and "UnitId" not in source
    assert source["Material"] == {"Type": "PLA", "ColorHex": "FFFFFF"}
    assert "NozzleDiameterMm" not in tool and state == "loaded"


@pytest.mark.parametrize("kind", ["ams", "toolchanger", "external"])
def test_limits(kind: str) -> None:
    system = material(make(kind))
    assert len(system["Sources"]) <= 64 and len(system["Tools"]) <= 16
    assert len(system["Units"]) <= 8 and len(system["Routes"]) <= 64
    for source in system["Sources"]:
        colour = source["Material"].get("ColorHex")
        assert colour is None or (len(colour) == 6 and int(colour, 16) >= 0)


async def test_over_http_and_config(make_caller: MakeCaller) -> None:
    async with make_caller("bambu") as caller:
        assert (await caller.status(IncludeMaterialSystem="true"))["JobStatus"][
            "MaterialSystem"
        ] is None
        await caller.control("POST", "config", {"material_system": "toolchanger"})
        result = await caller.status(IncludeMaterialSystem="1")
        assert len(result["JobStatus"]["MaterialSystem"]["Tools"]) == 4
        assert len(caller.sim.printer.tools) == 4
        await caller.control("POST", "config", {"material_system": "ams"})
        assert len(caller.sim.printer.tools) == 1
        result = await caller.status(IncludeMaterialSystem="true")
        assert result["JobStatus"]["MaterialSystem"]["Units"][0]["Name"] == "AMS 1"
        await caller.control("POST", "config", {"material_system": "none"})
        assert (
            "MaterialSystem"
            not in (await caller.status(IncludeMaterialSystem="true"))["JobStatus"]
        )
