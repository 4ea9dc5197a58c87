"""Parsing a status: the body of a poll, and the largest one there can be.

The client's parse is ``json.loads`` plus ``PrinterStatus.from_dict`` (the integration's API
package, which knows nothing of Home Assistant). Best of 5 runs of N parses, on an
idle loop (nothing else runs in this process), in CPU time; ``json.loads`` alone is the floor.
"""

import argparse
from collections.abc import Callable
from functools import partial
import json
import operator
import time
from typing import Any

from octoeverywhere_simulator import ManualClock, Simulator

from . import payloads
from .report import heading, note, table


def _large_payload() -> bytes:
    """Build a status with the largest material system the reference allows."""
    sim = Simulator(
        "bambu", "printing", clock=ManualClock(), progress=50, material_system="ams"
    )
    status = sim.status(include_material_system=True)
    status["JobStatus"]["MaterialSystem"] = {
        "Capabilities": {"SupportsMultiMaterial": True, "SupportsMultiTool": True},
        "Units": [
            {
                "Id": f"unit-{u}",
                "Index": u,
                "Name": f"AMS {u + 1}",
                "HumidityPercent": 20.0,
                "TemperatureCelsius": 28.5,
                "IsDrying": False,
            }
            for u in range(8)
        ],
        "Sources": [
            {
                "Id": f"src-{s}",
                "Index": s,
                "Name": f"Slot {s + 1}",
                "UnitId": f"unit-{s % 8}",
                "Position": s % 8,
                "IsEmpty": False,
                "Material": {
                    "Type": "PLA",
                    "Name": "Basic PLA",
                    "ColorHex": f"{s * 4:06X}",
                    "RemainingPercent": 50,
                    "Manufacturer": "Brand",
                },
                "PlatformDetails": {"TrayId": str(s)},
            }
            for s in range(64)
        ],
        "Tools": [
            {
                "Id": f"tool-{t}",
                "Index": t,
                "Name": f"T{t}",
                "IsActive": t == 0,
                "IsPresent": True,
                "ActualCelsius": 215.0,
                "TargetCelsius": 215.0,
                "NozzleDiameterMm": 0.4,
            }
            for t in range(16)
        ],
        "Routes": [
            {"SourceId": f"src-{s}", "ToolId": f"tool-{s % 16}", "State": "loaded"}
            for s in range(64)
        ],
    }
    return json.dumps({"Status": 200, "Result": status}).encode()


def _timeit(function: Callable[[], Any], number: int) -> float:
    """Return the CPU time per call, the best of 5 runs.

    CPU time, so that waiting for a core that other processes hold does not count.
    """
    best = float("inf")
    for _ in range(5):
        start = time.process_time()
        for _ in range(number):
            function()
        best = min(best, (time.process_time() - start) / number)
    return best


def _parse(model: Any, raw: bytes) -> Any:
    return model.from_dict(json.loads(raw)["Result"])


async def main(args: argparse.Namespace) -> None:
    """Print the parse table."""
    try:
        from custom_components.octoeverywhere.api import PrinterStatus  # noqa: PLC0415
    except ImportError as err:
        heading("Parse of a status")
        note(f"Skipped: {err}")
        return
    number = 50 if args.quick else 500
    bodies = {
        "a poll's body (OctoPrint host)": payloads.series("octoprint", 1, 10).status[0],
        "a poll's body (Klipper host)": payloads.series("moonraker", 1, 10).status[0],
        "the largest (64 sources, 16 tools, 8 units)": _large_payload(),
    }
    rows = []
    for label, raw in bodies.items():
        copy = bytes(bytearray(raw))  # equal, not the same object: a real comparison
        loads = _timeit(partial(json.loads, raw), number)
        full = _timeit(partial(_parse, PrinterStatus, raw), number)
        same = _timeit(partial(operator.eq, raw, copy), number * 10)
        rows.append(
            (
                label,
                f"{len(raw) / 1024:.1f} KiB",
                f"{loads * 1e6:.0f} µs",
                f"{full * 1e6:.0f} µs",
                f"{(full - loads) * 1e6:.0f} µs",
                f"{same * 1e6:.2f} µs",
            )
        )
    heading("Parse of a status")
    table(
        (
            "status",
            "size",
            "json.loads alone",
            "json.loads + PrinterStatus.from_dict",
            "models alone",
            "comparing with the previous body",
        ),
        rows,
    )
    note(
        f"Best of 5 × {number}. The last column is what skipping the parse of a body equal "
        "to the previous one byte for byte would cost instead."
    )
