"""The printer model: lifecycle, temperatures, print ids, Gadget, events, determinism."""

import json

import pytest

from octoeverywhere_simulator import EventType, ManualClock, RealClock, Simulator, State
from octoeverywhere_simulator.clock import MANUAL_EPOCH
from octoeverywhere_simulator.printer import Heater, Printer, gadget_score


def make(scenario: str = "idle", **kwargs: object) -> Simulator:
    return Simulator("moonraker", scenario, clock=ManualClock(), **kwargs)  # type: ignore[arg-type]


def types(sim: Simulator) -> list[int]:
    return [event.type for event in sim.events]


def test_full_print_lifecycle() -> None:
    sim = make("printing", print_duration=600)
    assert sim.printer.state == State.WARMINGUP
    start = sim.status()["OctoEverywhereStatus"]
    assert start["PrintStartTimeSec"] == MANUAL_EPOCH
    assert isinstance(start["MostRecentPrintIdStr"], str)
    temps = []
    while sim.printer.state == State.WARMINGUP:
        temps.append(sim.printer.bed.actual)
        sim.advance(10)
    assert temps == sorted(temps) and temps[0] == 25
    assert sim.printer.job.warmup_end is not None
    assert 100 < sim.printer.job.warmup_end - MANUAL_EPOCH < 300
    progress = []
    while sim.printer.state == State.PRINTING:
        progress.append(sim.status()["JobStatus"]["CurrentPrint"]["Progress"])
        sim.advance(30)
    assert progress == sorted(progress)
    assert sim.printer.state == State.COMPLETE
    result = sim.status()["JobStatus"]["CurrentPrint"]
    assert result["Progress"] == 100.0
    assert result["CurrentLayer"] == result["TotalLayers"] == 150
    assert sim.printer.bed.target == 0
    assert types(sim) == [
        EventType.STARTED,
        EventType.FIRST_LAYER_DONE,
        EventType.THIRD_LAYER_DONE,
        *[EventType.PROGRESS] * 9,
        EventType.COMPLETE,
    ]
    sim.advance(1800)
    assert types(sim)[-1] == EventType.BED_COOLDOWN_DONE
    assert sim.printer.bed.actual < 40


def test_progress_events_carry_the_job() -> None:
    sim = make("printing", print_duration=1000)
    sim.advance(2000)
    progress = [e for e in sim.events if e.type == EventType.PROGRESS]
    assert [e.data["Progress"] for e in progress] == [
        10,
        20,
        30,
        40,
        50,
        60,
        70,
        80,
        90,
    ]
    assert progress[0].data["PrintId"] == sim.printer.last_print_id
    assert progress[0].data["FileName"] == "benchy_pla_0.2mm.gcode"
    assert progress[4].data["CurrentLayer"] == 76
    assert progress[4].data["TotalLayers"] == 150
    assert progress[4].data["ZOffsetMM"] == 15.2


def test_print_ids_new_per_print_and_seeded() -> None:
    sim = make("printing")
    first = sim.printer.last_print_id
    sim.set_scenario("printing")
    second = sim.printer.last_print_id
    assert first and second and first != second
    assert make("printing").printer.last_print_id == first
    assert make("printing", seed=7).printer.last_print_id != first


def test_scenarios_reuse_an_active_job() -> None:
    sim = make("printing", progress=20)
    print_id = sim.printer.last_print_id
    sim.set_scenario("paused")
    assert sim.printer.state == State.PAUSED and sim.printer.last_print_id == print_id
    sim.set_scenario("complete")
    assert sim.printer.state == State.COMPLETE and sim.printer.last_print_id == print_id
    sim.set_scenario("idle")
    assert sim.printer.job is None and sim.printer.last_print_id == print_id
    status = sim.status()
    assert status["OctoEverywhereStatus"]["MostRecentPrintIdStr"] == print_id
    assert status["OctoEverywhereStatus"]["PrintStartTimeSec"] > 0
    sim.set_scenario("cancelled")
    assert (
        sim.printer.state == State.CANCELLED and sim.printer.last_print_id != print_id
    )


@pytest.mark.parametrize(
    ("scenario", "state", "progress", "events"),
    [
        ("paused", State.PAUSED, 40, [EventType.PAUSED]),
        ("cancelled", State.CANCELLED, 30, [EventType.FAILED]),
        ("error", State.ERROR, 30, [EventType.FAILED, EventType.ERROR]),
        ("complete", State.COMPLETE, 100, [EventType.COMPLETE]),
        ("printing", State.WARMINGUP, 0, [EventType.STARTED]),
    ],
)
def test_fresh_scenarios(
    scenario: str, state: State, progress: int, events: list[int]
) -> None:
    sim = make(scenario)
    assert sim.printer.state == state
    assert round(sim.printer.job.fraction * 100) == progress
    assert types(sim) == events


def test_scenario_progress_and_errors() -> None:
    sim = make("paused", progress=70)
    assert round(sim.printer.job.fraction * 100) == 70
    sim.set_scenario("error", progress=10)
    assert round(sim.printer.job.fraction * 100) == 10
    with pytest.raises(ValueError, match="unknown scenario"):
        sim.set_scenario("melting")
    with pytest.raises(ValueError, match="progress"):
        sim.set_scenario("printing", progress=101)


def test_error_while_idle_is_only_an_error_event() -> None:
    sim = make()
    sim.printer.fail("Nozzle clog")
    sim.tick()
    assert types(sim) == [EventType.ERROR]
    assert sim.printer.state == State.ERROR
    assert sim.printer.events == []


def test_connection_scenarios_keep_the_printer() -> None:
    sim = make("printing", progress=50)
    sim.set_scenario("offline")
    assert sim.connection == "offline" and sim.printer.state == State.PRINTING
    sim.set_scenario("host_not_connected")
    assert sim.connection == "host_not_connected"
    sim.set_scenario("online")
    assert sim.connection == "online"
    sim.set_scenario("offline")
    sim.set_scenario("idle")
    assert sim.connection == "online"


def test_advance_is_deterministic_and_chunking_independent() -> None:
    a = make("printing", print_duration=900)
    b = make("printing", print_duration=900)
    a.advance(500)
    for _ in range(500):
        b.advance(1)
    assert json.dumps(a.status()) == json.dumps(b.status())
    assert types(a) == types(b)


def test_gadget_scores() -> None:
    sim = make("printing", print_duration=3600)
    gadget = sim.status()["OctoEverywhereStatus"]["Gadget"]
    assert gadget["LastScore"] == 0.0
    assert gadget["ScoreHistory"] == []
    assert gadget["TimeSinceLastScoreSec"] == pytest.approx(1.8e9)
    assert gadget["IntervalSec"] == 40.0
    assert gadget["IsSuppressed"] is False
    assert gadget["TimeSinceLastWarnSec"] is None
    assert gadget["TimeSinceLastPauseSec"] is None
    while sim.printer.state == State.WARMINGUP:
        sim.advance(1)
    sim.advance(130)
    gadget = sim.status()["OctoEverywhereStatus"]["Gadget"]
    history = gadget["ScoreHistory"]
    assert len(history) == 3
    assert history[0] == gadget_score(0, 1, 3, alarm=False)
    assert history[2] == gadget_score(0, 1, 1, alarm=False)
    assert gadget["LastScore"] == pytest.approx(
        (history[0] + history[1]) / 2, abs=0.001
    )
    assert gadget["TimeSinceLastScoreSec"] == pytest.approx(10)
    last = gadget["LastScore"]
    # LastScore is kept between prints, the history is not.
    sim.set_scenario("printing")
    gadget = sim.status()["OctoEverywhereStatus"]["Gadget"]
    assert gadget["LastScore"] == last
    assert gadget["ScoreHistory"] == []


def test_gadget_history_is_capped_and_scores_stop_while_paused() -> None:
    sim = make("printing", progress=60)
    history = sim.status()["OctoEverywhereStatus"]["Gadget"]["ScoreHistory"]
    assert len(history) == 20
    sim.printer.pause()
    count = sim.printer.job.gadget_count
    sim.advance(400)
    assert sim.printer.job.gadget_count == count


def test_gadget_suppressed() -> None:
    sim = make("printing", progress=10)
    assert sim.gadget(suppressed=True)
    count = sim.printer.job.gadget_count
    sim.advance(200)
    assert sim.printer.job.gadget_count == count
    assert sim.status()["OctoEverywhereStatus"]["Gadget"]["IsSuppressed"] is True
    suppressed = make("printing", progress=50)
    suppressed.printer.gadget_suppressed = True
    suppressed.set_scenario("printing", progress=50)
    assert suppressed.printer.job.gadget_count == 0


def test_gadget_warn_and_pause() -> None:
    sim = make("printing", progress=30)
    sim.events.clear()
    assert sim.gadget(warn=True)
    sim.advance(50)
    gadget = sim.status()["OctoEverywhereStatus"]["Gadget"]
    assert gadget["TimeSinceLastWarnSec"] == 50
    assert gadget["TimeSinceLastPauseSec"] is None
    assert gadget["ScoreHistory"][0] >= 7  # scores rise once Gadget is alarmed
    assert sim.gadget(pause=True)
    assert sim.printer.state == State.PAUSED
    sim.advance(5)
    gadget = sim.status()["OctoEverywhereStatus"]["Gadget"]
    assert gadget["TimeSinceLastPauseSec"] == 5
    assert types(sim) == [EventType.GADGET_WARNING, EventType.GADGET_PAUSED]
    # Warn/pause times belong to the print.
    sim.set_scenario("printing")
    gadget = sim.status()["OctoEverywhereStatus"]["Gadget"]
    assert gadget["TimeSinceLastWarnSec"] is None


def test_gadget_needs_a_print() -> None:
    sim = make()
    assert not sim.gadget(warn=True)
    assert not sim.gadget(pause=True)
    assert sim.events == []


def test_resume_and_events() -> None:
    sim = make("printing", progress=30)
    sim.events.clear()
    sim.printer.pause()
    assert sim.printer.resume()
    assert sim.printer.state == State.RESUMING
    sim.advance(5)
    assert sim.printer.state == State.PRINTING
    assert types(sim) == [EventType.RESUMED]


def test_heater_model() -> None:
    heater = Heater(target=100, heat_tau=10, cool_tau=20)
    heater.step(10)
    assert heater.actual == pytest.approx(100 - 75 / 2.718281828, rel=1e-6)
    assert not heater.ready(1)
    heater.target = 0
    before = heater.actual
    heater.step(1)
    assert heater.actual < before
    assert heater.ready(1)


def test_printer_defaults() -> None:
    printer = Printer(0.0, lights=["a"])
    assert printer.state == State.IDLE
    assert printer.lights == {"a": False}
    assert not printer.set_light("A", True)
    assert not printer.cancel()
    assert not printer.resume()
    assert printer.start("gcode/x.gcode")
    assert not printer.start("gcode/y.gcode")
    printer.complete_now()
    assert printer.state == State.COMPLETE


def test_default_clock_is_real() -> None:
    sim = Simulator()
    assert isinstance(sim.clock, RealClock)
    assert sim.settings.platform == "moonraker"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"platform": "klipper"}, "unknown platform"),
        ({"material_system": "mmu"}, "unknown material system"),
        ({"print_duration": 0}, "print_duration"),
        ({"auth": ("basic", "user")}, "auth must be"),
        ({"auth": ("bearer", "")}, "auth must be"),
        ({"webcams": 4}, "webcams"),
    ],
)
def test_constructor_validation(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Simulator(clock=ManualClock(), **kwargs)  # type: ignore[arg-type]


def test_quiet_printer_advances_in_one_step() -> None:
    sim = make("complete")
    sim.advance(3600)  # bed cool-down happens in 1 s steps
    assert types(sim)[-1] == EventType.BED_COOLDOWN_DONE
    sim.advance(1e9)  # then one exact step
    assert sim.printer.bed.actual == pytest.approx(25)
    assert sim.printer.time == sim.now()
