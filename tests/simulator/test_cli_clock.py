"""Command-line parsing and the clocks."""

import time

import pytest

from octoeverywhere_simulator import Auth, ManualClock, RealClock
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


def test_real_clock() -> None:
    clock = RealClock(speed=1000)
    start = clock.time()
    assert abs(start - time.time()) < 1
    time.sleep(0.01)
    assert clock.time() - start >= 10
    before = clock.time()
    clock.advance(3600)
    assert clock.time() - before >= 3600
    with pytest.raises(ValueError, match="back in time"):
        clock.advance(-1)
    with pytest.raises(ValueError, match="positive"):
        RealClock(speed=0)
