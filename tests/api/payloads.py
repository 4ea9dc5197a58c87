"""Status payloads shared by the API tests, and a helper to derive variants of them."""

import copy
from typing import Any, Final

# The ``Result`` of the status example in reference section 3, verbatim.
REFERENCE: Final[dict[str, Any]] = {
    "JobStatus": {
        "State": "printing",
        "SubState": None,
        "Error": None,
        "Lights": [{"Name": "chamber", "On": True}],
        "CurrentPrint": {
            "Progress": 42.5,
            "DurationSec": 3600,
            "TimeLeftSec": 4800,
            "FileName": "example-print",
            "EstTotalFilUsedMm": 12345,
            "EstTotalFilWeightMg": 9876,
            "CurrentLayer": 62,
            "TotalLayers": 145,
            "Temps": {
                "BedActual": 60.1,
                "BedTarget": 60.0,
                "HotendActual": 219.8,
                "HotendTarget": 220.0,
                "ChamberActual": 38.2,
                "ChamberTarget": 40.0,
            },
        },
    },
    "OctoEverywhereStatus": {
        "MostRecentPrintIdStr": "a-print-id",
        "PrintStartTimeSec": 1716220800,
        "Gadget": {
            "LastScore": 7.5,
            "ScoreHistory": [7.5, 8.0],
            "TimeSinceLastScoreSec": 35.2,
            "IntervalSec": 40.0,
            "IsSuppressed": False,
            "TimeSinceLastWarnSec": None,
            "TimeSinceLastPauseSec": None,
        },
    },
    "PlatformVersion": "1.0.0",
    "Features": 31,
    "ListWebcams": {"DefaultIndex": 0, "Webcams": []},
}


class _Missing:
    """Marker for a key that ``with_values`` removes from the payload."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Final = _Missing()


def with_values(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """Return a deep copy of ``base`` with dotted paths set (``MISSING`` deletes the key).

    Path parts made of digits index lists: ``"ListWebcams.Webcams.0.Rotation"``.
    """
    data = copy.deepcopy(base)
    for path, value in changes.items():
        *parents, last = (
            int(part) if part.isdigit() else part for part in path.split(".")
        )
        node: Any = data
        for key in parents:
            node = node[key]
        if value is MISSING:
            del node[last]
        else:
            node[last] = copy.deepcopy(value)
    return data


# The reference example with every optional value filled in, so that a test which spoils one
# field sees it go from a real value to None (and not from None to None).
FULL: Final[dict[str, Any]] = with_values(
    REFERENCE,
    {
        "JobStatus.SubState": "Bed Leveling",
        "JobStatus.Error": "Printer Error",
        "OctoEverywhereStatus.Gadget.TimeSinceLastWarnSec": 120.0,
        "OctoEverywhereStatus.Gadget.TimeSinceLastPauseSec": 60.0,
        "ListWebcams.Webcams": [
            {
                "Name": "Nozzle cam",
                "FlipH": False,
                "FlipV": True,
                "Rotation": 90,
                "Enabled": True,
            }
        ],
    },
)
