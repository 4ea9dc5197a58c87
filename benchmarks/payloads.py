"""The printer the benchmarks poll: one print, as OctoEverywhere and as OctoPrint report it.

Every series is built from the OctoEverywhere simulator (ManualClock) mid-print, one status per
poll interval, with the same small temperature noise a real heater shows (the simulator holds
temperatures exactly at target). The fake OctoPrint server answers ``/api/job`` and
``/api/printer`` with the same print at the same moments, so both integrations poll the same
printer.
"""

from dataclasses import dataclass
import itertools
import json
import posixpath
import random
from typing import Any, Final

from octoeverywhere_simulator import ManualClock, Simulator

# A long print, so that a few hundred polls at 30 s stay mid-print.
PRINT_DURATION: Final = 24 * 3600.0
START_PROGRESS: Final = 5.0
FILE_SIZE: Final = 24_563_211
# What the fake OctoPrint reports as its identity (the octoprint entry's unique id).
OCTOPRINT_UUID: Final = "4fa1b7c2-8a8e-4c1f-9d55-0b1c2d3e4f50"
OCTOPRINT_API_KEY: Final = "bench-api-key"


@dataclass(frozen=True, slots=True)
class Series:
    """Successive answers of one printer, ``step`` simulated seconds apart."""

    step: float
    # OctoEverywhere ``status`` envelopes.
    status: list[bytes]
    # OctoPrint ``/api/job`` and ``/api/printer`` bodies at the same moments.
    job: list[bytes]
    printer: list[bytes]


def _noisy(value: float | None, rng: random.Random, spread: float) -> float | None:
    if value is None:
        return None
    return round(value + rng.uniform(-spread, spread), 2)


def _add_noise(status: dict[str, Any], rng: random.Random) -> None:
    """Heaters at temperature wander a few tenths of a degree around their target."""
    temps = status["JobStatus"]["CurrentPrint"]["Temps"]
    temps["BedActual"] = _noisy(temps["BedActual"], rng, 0.3)
    temps["HotendActual"] = _noisy(temps["HotendActual"], rng, 0.3)
    temps["ChamberActual"] = _noisy(temps["ChamberActual"], rng, 0.2)


def series(
    platform: str, count: int, step: float, *, seed: int = 0, webcams: int = 1
) -> Series:
    """Return ``count`` successive answers of a printer mid-print, ``step`` s apart."""
    sim = Simulator(
        platform,
        "printing",
        clock=ManualClock(),
        progress=START_PROGRESS,
        print_duration=PRINT_DURATION,
        seed=seed,
        webcams=webcams,
    )
    rng = random.Random(seed)
    status_bodies: list[bytes] = []
    job_bodies: list[bytes] = []
    printer_bodies: list[bytes] = []
    for _ in range(count):
        status = sim.status(include_material_system=True)
        _add_noise(status, rng)
        status_bodies.append(json.dumps({"Status": 200, "Result": status}).encode())
        job_bodies.append(json.dumps(octoprint_job(status)).encode())
        printer_bodies.append(json.dumps(octoprint_printer(status)).encode())
        sim.advance(step)
    return Series(step, status_bodies, job_bodies, printer_bodies)


def octoprint_job(status: dict[str, Any]) -> dict[str, Any]:
    """OctoPrint's ``GET /api/job`` for the print in an OctoEverywhere status."""
    current = status["JobStatus"]["CurrentPrint"]
    path = current["FileName"]
    name = posixpath.basename(path)
    progress = current["Progress"]
    return {
        "job": {
            "averagePrintTime": None,
            "estimatedPrintTime": PRINT_DURATION,
            "filament": {
                "tool0": {
                    "length": current["EstTotalFilUsedMm"],
                    "volume": round(current["EstTotalFilUsedMm"] * 0.0024, 4),
                }
            },
            "file": {
                "date": 1_764_400_000,
                "display": name,
                "name": name,
                "origin": "local",
                "path": path,
                "size": FILE_SIZE,
            },
            "lastPrintTime": None,
            "user": "bench",
        },
        "progress": {
            "completion": progress,
            "filepos": int(FILE_SIZE * progress / 100),
            "printTime": int(current["DurationSec"]),
            "printTimeLeft": int(current["TimeLeftSec"]),
            "printTimeLeftOrigin": "estimate",
        },
        "state": "Printing",
    }


def octoprint_printer(status: dict[str, Any]) -> dict[str, Any]:
    """OctoPrint's ``GET /api/printer`` for the heaters in an OctoEverywhere status."""
    temps = status["JobStatus"]["CurrentPrint"]["Temps"]
    flags = {
        "cancelling": False,
        "closedOrError": False,
        "error": False,
        "finishing": False,
        "operational": True,
        "paused": False,
        "pausing": False,
        "printing": True,
        "ready": False,
        "resuming": False,
        "sdReady": False,
    }
    return {
        "sd": {"ready": False},
        "state": {"error": "", "flags": flags, "text": "Printing"},
        "temperature": {
            "bed": {
                "actual": temps["BedActual"],
                "offset": 0,
                "target": temps["BedTarget"],
            },
            "tool0": {
                "actual": temps["HotendActual"],
                "offset": 0,
                "target": temps["HotendTarget"],
            },
        },
    }


def octoprint_static() -> dict[str, bytes]:
    """Return the OctoPrint endpoints that do not change during a print (asked at setup)."""
    settings = {
        "api": {"allowCrossOrigin": False, "key": None},
        "appearance": {"name": "Bench printer"},
        "plugins": {
            "discovery": {
                "httpPassword": None,
                "httpUsername": None,
                "publicHost": None,
                "publicPort": 80,
                "upnpUuid": OCTOPRINT_UUID,
            },
            "tracking": {"enabled": False, "unique_id": OCTOPRINT_UUID},
        },
        "webcam": {
            "bitrate": "10000k",
            "flipH": False,
            "flipV": False,
            "rotate90": False,
            "snapshotSslValidation": True,
            "snapshotUrl": "http://127.0.0.1:8080/?action=snapshot",
            "streamUrl": "/webcam/?action=stream",
            "webcamEnabled": True,
        },
    }
    return {
        "/api/version": json.dumps(
            {"api": "0.1", "server": "1.10.3", "text": "OctoPrint 1.10.3"}
        ).encode(),
        "/api/server": json.dumps({"safemode": None, "version": "1.10.3"}).encode(),
        "/api/settings": json.dumps(settings).encode(),
        "/api/connection": json.dumps(
            {
                "current": {
                    "baudrate": 115200,
                    "port": "/dev/ttyACM0",
                    "printerProfile": "_default",
                    "state": "Printing",
                },
                "options": {},
            }
        ).encode(),
    }


type Routes = dict[str, tuple[list[bytes], str]]


def octoeverywhere_routes(series: Series) -> Routes:
    """Return what an OctoEverywhere relay serves for the series (``status``)."""
    return {"/octoeverywhere-command-api/status": (series.status, "text/json")}


def octoprint_routes(series: Series) -> Routes:
    """Return what OctoPrint serves for the series, with its unchanging endpoints."""
    routes: Routes = {
        "/api/job": (series.job, "application/json"),
        "/api/printer": (series.printer, "application/json"),
    }
    for path, body in octoprint_static().items():
        routes[path] = ([body], "application/json")
    return routes


# OctoPrint refuses requests without its API key.
OCTOPRINT_HEADER: Final = ("X-Api-Key", OCTOPRINT_API_KEY)


# The idea: state values rounded so that noise does not change them.
ROUNDINGS: Final = (
    ("HotendActual", "hotend temperature", 1, "0.1 °C"),
    ("BedActual", "bed temperature", 1, "0.1 °C"),
    ("Progress", "progress", 2, "0.01 %"),
    ("TimeLeftSec", "time left", 0, "1 s"),
)


def changes(series: Series) -> list[tuple[str, str, float, float]]:
    """How often each value changes from one answer to the next, as sent and rounded.

    Returns (value, rounding, share of polls it changes as sent, share rounded).
    """
    currents = [
        json.loads(body)["Result"]["JobStatus"]["CurrentPrint"]
        for body in series.status
    ]
    rows = []
    for key, label, digits, rounding in ROUNDINGS:
        values = [current.get(key, current["Temps"].get(key)) for current in currents]
        pairs = list(itertools.pairwise(values))
        raw = sum(a != b for a, b in pairs) / len(pairs)
        rounded = sum(round(a, digits) != round(b, digits) for a, b in pairs) / len(
            pairs
        )
        rows.append((label, rounding, raw, rounded))
    return rows
