"""Command-line parsing and the clocks."""

import time

import pytest

from octoeverywhere_simulator import Auth, ManualClock, RealClock, Simulator, appapi
from octoeverywhere_simulator.__main__ import (
    auth_from_args,
    banner,
    build_parser,
    parse_args,
    simulator_from_args,
)


def test_defaults() -> None:
    args = parse_args([])
    assert (args.host, args.port, args.platform, args.scenario) == (
        "127.0.0.1",
        8124,
        "moonraker",
        "idle",
    )
    assert args.features is None and args.lights is None and args.chamber is None
    assert args.speed == 1.0 and args.print_duration == 3600.0
    assert auth_from_args(args) == Auth()
    sim = simulator_from_args(args)
    assert isinstance(sim.clock, RealClock) and sim.clock.speed == 1.0
    assert sim.printer.state == "idle"


def test_all_flags() -> None:
    args = parse_args(
        [
            "--host", "0.0.0.0",
            "--port", "9000",
            "--platform", "bambu",
            "--scenario", "printing",
            "--progress", "25",
            "--features", "1",
            "--lights", "chamber, caselight",
            "--lights-null",
            "--no-chamber",
            "--octoeverywhere-status-null",
            "--auth", "basic",
            "--username", "me",
            "--password", "secret",
            "--speed", "60",
            "--print-duration", "600",
            "--gadget-interval", "20",
            "--seed", "3",
            "--webcams", "3",
            "--material-system", "toolchanger",
            "--app-token", "tok",
            "--webhook-url", "http://127.0.0.1:9/hook",
            "--webhook-secret", "sh",
            "--printer-id", "P1",
            "--printer-name", "Mk4",
        ]
    )  # fmt: skip
    assert args.lights == ["chamber", "caselight"]
    assert args.chamber is False
    sim = simulator_from_args(args)
    assert sim.settings.platform == "bambu"
    assert sim.features == 1
    assert sim.printer.lights == {"chamber": False, "caselight": False}
    assert sim.settings.auth == Auth("basic", username="me", password="secret")
    assert sim.settings.lights_null and sim.settings.octoeverywhere_status_null
    assert sim.settings.chamber is False
    assert isinstance(sim.clock, RealClock) and sim.clock.speed == 60
    assert sim.printer.print_duration == 600
    assert sim.printer.gadget_interval == 20
    assert round(sim.printer.job.fraction * 100) == 25
    assert len(sim.webcams) == 3
    settings = sim.settings
    assert (settings.app_token, settings.webhook_url, settings.webhook_secret) == (
        "tok",
        "http://127.0.0.1:9/hook",
        "sh",
    )
    assert (settings.printer_id, settings.printer_name) == ("P1", "Mk4")
    assert settings.public_url == "http://0.0.0.0:9000"
    assert parse_args(["--public-url", "http://x"]).public_url == "http://x"
    assert sim.settings.material_system == "toolchanger" and len(sim.printer.tools) == 4
    text = banner(args, sim)
    assert "http://0.0.0.0:9000/" in text
    assert "'me'" in text and "'secret'" in text


def test_bearer_and_no_lights() -> None:
    args = parse_args(["--auth", "bearer", "--token", "abc", "--lights", "none"])
    assert auth_from_args(args) == Auth("bearer", token="abc")
    assert args.lights == []
    assert "Bearer token 'abc'" in banner(args, simulator_from_args(args))
    assert parse_args(["--lights", ""]).lights == []
    assert parse_args(["--chamber"]).chamber is True


@pytest.mark.parametrize(
    "argv",
    [
        ["--platform", "klipper"],
        ["--scenario", "melting"],
        ["--auth", "digest"],
        ["--speed", "0"],
        ["--speed", "fast"],
        ["--print-duration", "-5"],
        ["--features", "x"],
        ["--webcams", "4"],
        ["--material-system", "mmu"],
    ],
)
def test_bad_flags(argv: list[str]) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(argv)


def test_manual_clock() -> None:
    clock = ManualClock(100.0)
    assert clock.time() == 100.0
    clock.advance(5.5)
    assert clock.time() == 105.5
    with pytest.raises(ValueError, match="back in time"):
        clock.advance(-1)
    assert ManualClock().time() == 1_800_000_000.0


class FakeTime:
    """A wall clock and a monotonic clock that move only through ``sleep``."""

    def __init__(self, wall: float = 1_900_000_000.0) -> None:
        self.wall_now = wall
        self.mono_now = 5000.0

    def wall(self) -> float:
        return self.wall_now

    def monotonic(self) -> float:
        return self.mono_now

    def sleep(self, seconds: float) -> None:
        self.wall_now += seconds
        self.mono_now += seconds

    def clock(self, speed: float) -> RealClock:
        return RealClock(speed, wall=self.wall, monotonic=self.monotonic)


def test_real_clock() -> None:
    fake = FakeTime()
    clock = fake.clock(speed=1000)
    start = clock.time()
    assert start == fake.wall_now
    fake.sleep(0.01)
    assert clock.time() - start == pytest.approx(10)
    before = clock.time()
    clock.advance(3600)
    assert clock.time() - before == pytest.approx(3600)
    with pytest.raises(ValueError, match="back in time"):
        clock.advance(-1)
    with pytest.raises(ValueError, match="positive"):
        RealClock(speed=0)
    # The default reads the machine's clocks.
    assert abs(RealClock().time() - time.time()) < 1


def test_manual_clock_reports_its_own_time() -> None:
    clock = ManualClock(100.0)
    assert clock.wall() == 100.0
    assert clock.unix(40.0) == 40.0


@pytest.mark.parametrize("speed", [10, 1, 0.5])
def test_reported_times_follow_the_wall_clock(speed: float) -> None:
    """An instant is reported at real now plus its simulated distance from now, at any speed."""
    fake = FakeTime()
    clock = fake.clock(speed)
    instant = clock.time()
    fake.sleep(60)  # 60 real seconds: 60 x speed simulated seconds
    assert clock.unix(instant) == pytest.approx(fake.wall_now - 60 * speed)
    assert clock.unix(clock.time()) == pytest.approx(fake.wall_now)
    assert clock.unix(clock.time() + 90) == pytest.approx(fake.wall_now + 90)
    clock.advance(600)  # a jump makes the instant 10 simulated minutes older
    assert clock.unix(instant) == pytest.approx(fake.wall_now - 60 * speed - 600)


@pytest.mark.parametrize("speed", [10, 1, 0.5])
def test_print_start_is_consistent_with_duration(speed: float) -> None:
    """At --speed 10 a print that ran 30 simulated minutes started 30 minutes before now.

    ``PrintStartTimeSec`` + ``DurationSec`` is the real now, so the start is never in the future
    (the issue: "Print started: in 2 hours"), whatever the speed.
    """
    fake = FakeTime()
    sim = Simulator("moonraker", "printing", clock=fake.clock(speed))
    fake.sleep(1800 / speed)  # 30 simulated minutes
    result = sim.status()
    start = result["OctoEverywhereStatus"]["PrintStartTimeSec"]
    duration = result["JobStatus"]["CurrentPrint"]["DurationSec"]
    assert duration == 1800
    assert start == pytest.approx(fake.wall_now - 1800)
    # And later, still consistent: the same start, seen from a later real now.
    fake.sleep(600 / speed)
    result = sim.status()
    start = result["OctoEverywhereStatus"]["PrintStartTimeSec"]
    assert result["JobStatus"]["CurrentPrint"]["DurationSec"] == 2400
    assert start == pytest.approx(fake.wall_now - 2400)
    assert start <= fake.wall_now


def test_app_connection_times_follow_the_wall_clock() -> None:
    """``LastDisconnectTimeUtc`` 10 simulated minutes ago reads 10 minutes ago at speed 10."""
    fake = FakeTime(wall=1_900_000_000.0)  # 2030-03-17T17:46:40Z
    sim = Simulator("moonraker", "idle", clock=fake.clock(10))
    sim.set_scenario("offline")
    fake.sleep(60)
    assert sim.disconnected_at is not None
    assert sim.unix(sim.disconnected_at) == pytest.approx(fake.wall_now - 600)
    assert appapi.info(sim)["LastDisconnectTimeUtc"] == "2030-03-17T17:37:40Z"
    assert sim.state()["unix_time"] == fake.wall_now
