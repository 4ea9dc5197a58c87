"""Tests of the status models: reading the payload tolerantly, and what its values mean."""

from collections.abc import Callable
import copy
import math
import random
from typing import Any, Final

from hypothesis import HealthCheck, given, settings, strategies as st
import pytest

from custom_components.octoeverywhere.api import (
    ACTIVE_STATES,
    RUNNING_STATES,
    CurrentPrint,
    Features,
    Gadget,
    HostPlatform,
    JobStatus,
    Light,
    OctoEverywhereStatus,
    PrinterState,
    PrinterStatus,
    Temps,
    Webcam,
    WebcamList,
)
from tests.test_fuzz import FUZZ, mutate, mutated_payloads

from .payloads import FULL, MISSING, REFERENCE, with_values

ALL_FEATURES = Features(63)


def parse(
    changes: dict[str, Any] | None = None, base: dict[str, Any] = FULL
) -> PrinterStatus:
    """Parse ``base`` (the full example by default) with some values changed."""
    return PrinterStatus.from_dict(with_values(base, changes or {}))


def value_at(data: Any, path: str) -> Any:
    """Return the value at a dotted path of a payload."""
    for part in path.split("."):
        data = data[int(part)] if part.isdigit() else data[part]
    return data


def status_of(state: Any = "printing", **current_print: Any) -> PrinterStatus:
    """Parse the full example with another ``State`` and some ``CurrentPrint`` values."""
    changes = {"JobStatus.State": state}
    changes |= {
        f"JobStatus.CurrentPrint.{key}": value for key, value in current_print.items()
    }
    return parse(changes)


# --- The reference example -------------------------------------------------------------------


def test_reference_example_every_field() -> None:
    """Every field of the documented example is read, with the right type."""
    result = copy.deepcopy(REFERENCE)
    status = PrinterStatus.from_dict(result)

    assert status.job == JobStatus(
        state=PrinterState.PRINTING,
        raw_state="printing",
        sub_state=None,
        error=None,
        lights=(Light(name="chamber", on=True),),
        current_print=CurrentPrint(
            progress=42.5,
            duration_sec=3600.0,
            time_left_sec=4800.0,
            file_name="example-print",
            filament_used_mm=12345.0,
            filament_weight_mg=9876.0,
            current_layer=62,
            total_layers=145,
            temps=Temps(
                bed_actual=60.1,
                bed_target=60.0,
                hotend_actual=219.8,
                hotend_target=220.0,
                chamber_actual=38.2,
                chamber_target=40.0,
            ),
        ),
    )
    assert status.octoeverywhere == OctoEverywhereStatus(
        most_recent_print_id="a-print-id",
        print_start_time_sec=1716220800.0,
        gadget=Gadget(
            last_score=7.5,
            has_scored=True,
            interval_sec=40.0,
            is_suppressed=False,
            warned=False,
            paused=False,
        ),
    )
    assert status.platform_version == "1.0.0"
    assert status.features == (
        Features.LIGHT
        | Features.MOVE_AXIS
        | Features.HOME
        | Features.EXTRUDE
        | Features.SET_TEMP
    )
    assert Features.START_PRINT not in status.features
    assert status.webcams == WebcamList(default_index=0, webcams=())
    assert status.platform is None  # 31 is no known platform's value
    assert status.raw is result

    # JSON integers become floats where the model holds floats, and stay ints for layers.
    current = status.job.current_print
    for value in (
        current.duration_sec,
        current.time_left_sec,
        current.filament_used_mm,
        current.filament_weight_mg,
        status.octoeverywhere.print_start_time_sec,
    ):
        assert type(value) is float
    assert type(current.current_layer) is int
    assert type(current.total_layers) is int
    assert type(status.features) is Features

    # What the example means.
    assert status.is_active
    assert status.known_progress == 42.5
    assert status.known_time_left_sec == 4800.0
    assert status.known_duration_sec == 3600.0
    assert status.known_layers == (62, 145)
    assert status.known_filament_used_mm == 12345.0
    assert status.known_filament_weight_mg == 9876.0
    assert status.known_print_start_sec == 1716220800.0
    assert status.known_gadget_score == 7.5
    assert status.octoeverywhere.gadget.has_scored
    assert not status.gadget_warned
    assert current.temps.has_chamber


def test_full_example_optional_fields() -> None:
    """The values the reference leaves null are read when present."""
    status = parse()
    assert status.job.sub_state == "Bed Leveling"
    assert status.job.error == "Printer Error"
    assert status.octoeverywhere.gadget.warned
    assert status.octoeverywhere.gadget.paused
    assert status.gadget_warned
    assert status.webcams == WebcamList(
        default_index=0,
        webcams=(
            Webcam(
                index=0,
                name="Nozzle cam",
                flip_h=False,
                flip_v=True,
                rotation=90,
                enabled=True,
            ),
        ),
    )


# --- Tolerance: every field missing, null or of the wrong type --------------------------------


def fields(table: dict[str, str]) -> list[Any]:
    """Parameters (payload path, model attribute path), named by the payload path."""
    return [pytest.param(path, attr, id=path) for path, attr in table.items()]


def read(status: PrinterStatus, attr: str) -> Any:
    """Return a model value by dotted attribute path (digits index tuples)."""
    value: Any = status
    for part in attr.split("."):
        value = value[int(part)] if part.isdigit() else getattr(value, part)
    return value


# Payload path -> model attribute path, by the type the model holds.
NUMBER_FIELDS = fields(
    {
        "JobStatus.CurrentPrint.Progress": "job.current_print.progress",
        "JobStatus.CurrentPrint.DurationSec": "job.current_print.duration_sec",
        "JobStatus.CurrentPrint.TimeLeftSec": "job.current_print.time_left_sec",
        "JobStatus.CurrentPrint.EstTotalFilUsedMm": "job.current_print.filament_used_mm",
        "JobStatus.CurrentPrint.EstTotalFilWeightMg": "job.current_print.filament_weight_mg",
        "JobStatus.CurrentPrint.Temps.BedActual": "job.current_print.temps.bed_actual",
        "JobStatus.CurrentPrint.Temps.BedTarget": "job.current_print.temps.bed_target",
        "JobStatus.CurrentPrint.Temps.HotendActual": "job.current_print.temps.hotend_actual",
        "JobStatus.CurrentPrint.Temps.HotendTarget": "job.current_print.temps.hotend_target",
        "JobStatus.CurrentPrint.Temps.ChamberActual": "job.current_print.temps.chamber_actual",
        "JobStatus.CurrentPrint.Temps.ChamberTarget": "job.current_print.temps.chamber_target",
        "OctoEverywhereStatus.PrintStartTimeSec": "octoeverywhere.print_start_time_sec",
        "OctoEverywhereStatus.Gadget.LastScore": "octoeverywhere.gadget.last_score",
        "OctoEverywhereStatus.Gadget.IntervalSec": "octoeverywhere.gadget.interval_sec",
    }
)
INTEGER_FIELDS = fields(
    {
        "JobStatus.CurrentPrint.CurrentLayer": "job.current_print.current_layer",
        "JobStatus.CurrentPrint.TotalLayers": "job.current_print.total_layers",
        "ListWebcams.DefaultIndex": "webcams.default_index",
    }
)
STRING_FIELDS = fields(
    {
        "JobStatus.SubState": "job.sub_state",
        "JobStatus.Error": "job.error",
        "JobStatus.CurrentPrint.FileName": "job.current_print.file_name",
        "OctoEverywhereStatus.MostRecentPrintIdStr": "octoeverywhere.most_recent_print_id",
        "PlatformVersion": "platform_version",
        "ListWebcams.Webcams.0.Name": "webcams.webcams.0.name",
    }
)
BOOLEAN_FIELDS = fields(
    {
        "JobStatus.Lights.0.On": "job.lights.0.on",
        "OctoEverywhereStatus.Gadget.IsSuppressed": "octoeverywhere.gadget.is_suppressed",
        "ListWebcams.Webcams.0.FlipH": "webcams.webcams.0.flip_h",
        "ListWebcams.Webcams.0.FlipV": "webcams.webcams.0.flip_v",
        "ListWebcams.Webcams.0.Enabled": "webcams.webcams.0.enabled",
    }
)

# Values that are no usable number: absent, null, other JSON types, non-finite or absurd.
NOT_NUMBERS = [
    pytest.param(MISSING, id="missing"),
    pytest.param(None, id="null"),
    pytest.param("42", id="string"),
    pytest.param("", id="empty-string"),
    pytest.param(True, id="true"),
    pytest.param(False, id="false"),
    pytest.param([42], id="list"),
    pytest.param({"Value": 42}, id="object"),
    pytest.param(math.nan, id="NaN"),
    pytest.param(math.inf, id="Infinity"),
    pytest.param(-math.inf, id="-Infinity"),
    pytest.param(1.5e12, id="above-1e12"),
    pytest.param(-1.5e12, id="below-minus-1e12"),
    pytest.param(10**13, id="huge-int"),
    pytest.param(10**400, id="int-too-large-for-a-float"),
]
NOT_STRINGS = [
    pytest.param(MISSING, id="missing"),
    pytest.param(None, id="null"),
    pytest.param("", id="empty-string"),
    pytest.param(42, id="int"),
    pytest.param(4.2, id="float"),
    pytest.param(True, id="true"),
    pytest.param(["text"], id="list"),
    pytest.param({"Text": "text"}, id="object"),
]
NOT_BOOLEANS = [
    pytest.param(MISSING, id="missing"),
    pytest.param(None, id="null"),
    pytest.param("true", id="string"),
    pytest.param(1, id="one"),
    pytest.param(0, id="zero"),
    pytest.param([True], id="list"),
    pytest.param({"On": True}, id="object"),
]


@pytest.mark.parametrize(("path", "attr"), NUMBER_FIELDS)
def test_number_field_read(path: str, attr: str) -> None:
    """Each number of the full example is read as a float (the baseline of the tests below)."""
    value = read(parse(), attr)
    assert type(value) is float
    assert value == value_at(FULL, path)


@pytest.mark.parametrize("value", NOT_NUMBERS)
@pytest.mark.parametrize(("path", "attr"), NUMBER_FIELDS)
def test_number_field_unusable(path: str, attr: str, value: Any) -> None:
    """A number field that is not a believable number is read as None."""
    assert read(parse({path: value}), attr) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(42, 42.0, id="int"),
        pytest.param(-7, -7.0, id="negative-int"),
        pytest.param(0, 0.0, id="zero"),
        pytest.param(12.75, 12.75, id="float"),
        pytest.param(1e12, 1e12, id="1e12-is-believable"),
        pytest.param(-1e12, -1e12, id="minus-1e12-is-believable"),
        pytest.param(10**12, 1e12, id="int-1e12"),
    ],
)
@pytest.mark.parametrize(("path", "attr"), NUMBER_FIELDS)
def test_number_field_usable(path: str, attr: str, value: Any, expected: float) -> None:
    """Ints are accepted for floats (Elegoo CC1 sends integers) and read as float."""
    result = read(parse({path: value}), attr)
    assert result == expected
    assert type(result) is float


@pytest.mark.parametrize(("path", "attr"), INTEGER_FIELDS)
def test_integer_field_read(path: str, attr: str) -> None:
    """The layers and the default webcam index of the full example are ints."""
    value = read(parse(), attr)
    assert type(value) is int
    assert value == value_at(FULL, path)


@pytest.mark.parametrize(
    "value",
    [
        *NOT_NUMBERS,
        pytest.param(2.5, id="fraction"),
        pytest.param(-0.5, id="negative-fraction"),
    ],
)
@pytest.mark.parametrize(("path", "attr"), INTEGER_FIELDS)
def test_integer_field_unusable(path: str, attr: str, value: Any) -> None:
    """An integer field that is not an integral number is read as None."""
    assert read(parse({path: value}), attr) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(2, 2, id="int"),
        pytest.param(2.0, 2, id="integral-float"),
        pytest.param(0, 0, id="zero"),
        pytest.param(-3.0, -3, id="negative-integral-float"),
    ],
)
@pytest.mark.parametrize(("path", "attr"), INTEGER_FIELDS)
def test_integer_field_usable(path: str, attr: str, value: Any, expected: int) -> None:
    """Integral floats are accepted for ints and read as int."""
    result = read(parse({path: value}), attr)
    assert result == expected
    assert type(result) is int


@pytest.mark.parametrize(("path", "attr"), STRING_FIELDS)
def test_string_field_read(path: str, attr: str) -> None:
    """Each text of the full example is read (the baseline of the test below)."""
    assert read(parse(), attr) == value_at(FULL, path)
    assert read(parse({path: "Some text"}), attr) == "Some text"


@pytest.mark.parametrize("value", NOT_STRINGS)
@pytest.mark.parametrize(("path", "attr"), STRING_FIELDS)
def test_string_field_unusable(path: str, attr: str, value: Any) -> None:
    """A text field that is absent, empty or not a string is read as None."""
    assert read(parse({path: value}), attr) is None


@pytest.mark.parametrize(("path", "attr"), BOOLEAN_FIELDS)
@pytest.mark.parametrize("value", [True, False])
def test_boolean_field_read(path: str, attr: str, value: bool) -> None:
    """Each boolean is read as sent."""
    assert read(parse({path: value}), attr) is value


@pytest.mark.parametrize("value", NOT_BOOLEANS)
@pytest.mark.parametrize(("path", "attr"), BOOLEAN_FIELDS)
def test_boolean_field_unusable(path: str, attr: str, value: Any) -> None:
    """A boolean field that is not a JSON boolean is read as None (1 and "true" are not)."""
    assert read(parse({path: value}), attr) is None


NOT_OBJECTS = [
    pytest.param(MISSING, id="missing"),
    pytest.param(None, id="null"),
    pytest.param([], id="empty-list"),
    pytest.param([{"State": "printing"}], id="list-of-objects"),
    pytest.param("printing", id="string"),
    pytest.param(42, id="number"),
    pytest.param(True, id="true"),
]


@pytest.mark.parametrize("value", NOT_OBJECTS)
@pytest.mark.parametrize(
    ("path", "attr", "default", "sibling", "sibling_value"),
    [
        pytest.param(
            "JobStatus",
            "job",
            JobStatus(),
            "octoeverywhere.most_recent_print_id",
            "a-print-id",
            id="JobStatus",
        ),
        pytest.param(
            "JobStatus.CurrentPrint",
            "job.current_print",
            CurrentPrint(),
            "job.state",
            PrinterState.PRINTING,
            id="CurrentPrint",
        ),
        pytest.param(
            "JobStatus.CurrentPrint.Temps",
            "job.current_print.temps",
            Temps(),
            "job.current_print.progress",
            42.5,
            id="Temps",
        ),
        pytest.param(
            "OctoEverywhereStatus",
            "octoeverywhere",
            OctoEverywhereStatus(),
            "job.state",
            PrinterState.PRINTING,
            id="OctoEverywhereStatus",
        ),
        pytest.param(
            "OctoEverywhereStatus.Gadget",
            "octoeverywhere.gadget",
            Gadget(),
            "octoeverywhere.print_start_time_sec",
            1716220800.0,
            id="Gadget",
        ),
        pytest.param(
            "ListWebcams",
            "webcams",
            WebcamList(),
            "platform_version",
            "1.0.0",
            id="ListWebcams",
        ),
    ],
)
def test_object_field_unusable(
    path: str, attr: str, default: Any, sibling: str, sibling_value: Any, value: Any
) -> None:
    """An object that is absent or not an object reads as all unknown; the rest still reads."""
    status = parse({path: value})
    assert read(parse(), attr) != default
    assert read(status, attr) == default
    assert read(status, sibling) == sibling_value


NOT_LISTS = [
    pytest.param(MISSING, id="missing"),
    pytest.param(None, id="null"),
    pytest.param({"Name": "chamber", "On": True}, id="object"),
    pytest.param("chamber", id="string"),
    pytest.param(7.5, id="number"),
    pytest.param(True, id="true"),
]


@pytest.mark.parametrize("value", NOT_LISTS)
@pytest.mark.parametrize(
    ("path", "attr", "default"),
    [
        pytest.param("JobStatus.Lights", "job.lights", None, id="Lights"),
        pytest.param("ListWebcams.Webcams", "webcams.webcams", (), id="Webcams"),
    ],
)
def test_list_field_unusable(path: str, attr: str, default: Any, value: Any) -> None:
    """A list that is absent or not a list reads as no entries."""
    assert read(parse(), attr) != default
    assert read(parse({path: value}), attr) == default


def _replace_leaves(value: Any, replace: Callable[[Any], Any]) -> Any:
    """Return ``value`` with every non-container leaf replaced."""
    if isinstance(value, dict):
        return {key: _replace_leaves(item, replace) for key, item in value.items()}
    if isinstance(value, list):
        return [_replace_leaves(item, replace) for item in value]
    return replace(value)


def _wrong_type(value: Any) -> Any:
    """A value of another JSON type: strings become numbers, numbers strings, and so on."""
    if isinstance(value, bool):
        return 1 if value else 0
    if isinstance(value, str):
        return 42
    if isinstance(value, (int, float)):
        return str(value)
    return {}


# What remains of the full example when no leaf is usable: the one webcam entry is still an
# object (its position is its index), everything else is unknown.
NOTHING_USABLE = PrinterStatus(webcams=WebcamList(webcams=(Webcam(index=0),)))


@pytest.mark.parametrize(
    "replace",
    [
        pytest.param(lambda _: None, id="every-leaf-null"),
        pytest.param(_wrong_type, id="every-leaf-of-the-wrong-type"),
        pytest.param(lambda _: [], id="every-leaf-a-list"),
        pytest.param(lambda _: {"Value": 1}, id="every-leaf-an-object"),
    ],
)
def test_every_leaf_unusable(replace: Callable[[Any], Any]) -> None:
    """A payload of the right shape whose every value is unusable reads as all unknown."""
    status = PrinterStatus.from_dict(_replace_leaves(FULL, replace))
    assert status == NOTHING_USABLE
    assert status.platform is None
    assert status.features == Features(0)


@pytest.mark.parametrize(
    "result",
    [
        pytest.param({}, id="empty"),
        pytest.param(
            dict.fromkeys(
                (
                    "JobStatus",
                    "OctoEverywhereStatus",
                    "PlatformVersion",
                    "Features",
                    "ListWebcams",
                )
            ),
            id="all-null",
        ),
        pytest.param({"Unknown": {"Key": 1}, "Status": 200}, id="only-unknown-keys"),
    ],
)
def test_empty_result(result: dict[str, Any]) -> None:
    """A Result without any known value reads as the default status, with nothing known."""
    status = PrinterStatus.from_dict(result)
    assert status == PrinterStatus()
    assert status.job.state is None
    assert status.job.lights is None
    assert status.features == Features(0)
    assert status.platform is None
    assert not status.is_active
    assert status.known_progress is None
    assert status.known_time_left_sec is None
    assert status.known_duration_sec is None
    assert status.known_layers == (None, None)
    assert status.known_filament_used_mm is None
    assert status.known_filament_weight_mg is None
    assert status.known_print_start_sec is None
    assert status.known_gadget_score is None
    assert not status.gadget_warned
    assert not status.job.current_print.temps.has_chamber


def test_octoeverywhere_status_null() -> None:
    """``OctoEverywhereStatus: null`` leaves the print id, start time and Gadget unknown."""
    status = parse({"OctoEverywhereStatus": None})
    assert status.octoeverywhere == OctoEverywhereStatus()
    assert status.octoeverywhere.most_recent_print_id is None
    assert status.known_print_start_sec is None
    assert status.known_gadget_score is None
    assert not status.gadget_warned
    assert status.job.state == PrinterState.PRINTING


# --- State ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        *((state.value, state) for state in PrinterState),
        ("PRINTING", PrinterState.PRINTING),
        ("Paused", PrinterState.PAUSED),
        ("WarmingUp", PrinterState.WARMINGUP),
    ],
)
def test_state_known(raw: str, expected: PrinterState) -> None:
    """The documented states are recognised whatever their case; the text is kept as sent."""
    status = parse({"JobStatus.State": raw})
    assert status.job.state is expected
    assert status.job.raw_state == raw


@pytest.mark.parametrize("raw", ["busy", "offline", "printing ", "print", "", "IDLE2"])
def test_state_unknown(raw: str) -> None:
    """An unknown state is valid: state None, the text kept in raw_state."""
    status = parse({"JobStatus.State": raw})
    assert status.job.state is None
    assert status.job.raw_state == raw
    assert not status.is_active


@pytest.mark.parametrize(
    "value", [MISSING, None, 1, True, ["printing"], {"State": "printing"}]
)
def test_state_not_a_string(value: Any) -> None:
    """A null (PrusaLink, Elegoo), absent or non-string State is unknown, with no raw text."""
    status = parse({"JobStatus.State": value})
    assert status.job.state is None
    assert status.job.raw_state is None


# --- Lights -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lights", "expected"),
    [
        pytest.param(None, None, id="null"),
        pytest.param(MISSING, None, id="missing"),
        pytest.param([], None, id="empty-list"),
        pytest.param(
            [{"Name": "chamber", "On": True}, {"Name": "CaseLight", "On": False}],
            (Light(name="chamber", on=True), Light(name="CaseLight", on=False)),
            id="two-lights-case-kept",
        ),
        pytest.param(
            [
                {"On": True},
                {"Name": None, "On": True},
                {"Name": "", "On": True},
                {"Name": 5, "On": True},
                {"Name": ["chamber"], "On": True},
                "chamber",
                5,
                None,
                ["chamber", True],
                {"Name": "caselight", "On": "yes"},
                {"Name": "chamber"},
            ],
            (Light(name="caselight", on=None), Light(name="chamber", on=None)),
            id="junk-entries-skipped",
        ),
        pytest.param(
            [{"On": True}, {"Name": ""}, "chamber", None, 1],
            None,
            id="only-junk",
        ),
    ],
)
def test_lights(lights: Any, expected: tuple[Light, ...] | None) -> None:
    """Lights are None or a non-empty tuple of named lights."""
    assert parse({"JobStatus.Lights": lights}).job.lights == expected


# --- Gadget -----------------------------------------------------------------------------------


def test_score_history_not_read() -> None:
    """Nothing shows Gadget's score history: a status that only differs in it is equal."""
    history = [7.5, "8", None, True, 8, math.nan, {}, [], 1e13, 0.25, -1]
    assert parse({"OctoEverywhereStatus.Gadget.ScoreHistory": history}) == parse()


# --- Webcams ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rotation", "expected"),
    [
        (0, 0),
        (90, 90),
        (180, 180),
        (270, 270),
        (270.0, 270),
        (45, None),
        (1, None),
        (-90, None),
        (360, None),
        (450, None),
        (89.5, None),
        ("90", None),
        (True, None),
        (None, None),
        (MISSING, None),
        (1e13, None),
    ],
)
def test_webcam_rotation(rotation: Any, expected: int | None) -> None:
    """Only the rotations 0/90/180/270 are kept."""
    status = parse({"ListWebcams.Webcams.0.Rotation": rotation})
    assert status.webcams.webcams[0].rotation == expected


def test_webcam_index_is_position_in_list() -> None:
    """Non-object entries are skipped but keep their place: the index is the list position."""
    webcams = [
        "junk",
        None,
        {"Name": "Bed cam", "Rotation": 180},
        {},
        {"Name": "", "FlipH": True},
    ]
    status = parse({"ListWebcams.Webcams": webcams, "ListWebcams.DefaultIndex": 2.0})
    assert status.webcams == WebcamList(
        default_index=2,
        webcams=(
            Webcam(index=2, name="Bed cam", rotation=180),
            Webcam(index=3),
            Webcam(index=4, name=None, flip_h=True),
        ),
    )


# --- Features and platform --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(31, Features(31), id="31"),
        pytest.param(63, ALL_FEATURES, id="63"),
        pytest.param(0, Features(0), id="0"),
        pytest.param(32, Features.START_PRINT, id="32"),
        pytest.param(64 | 1, Features.LIGHT, id="unknown-bit-64-dropped"),
        pytest.param(0xFFFF, ALL_FEATURES, id="unknown-bits-dropped"),
        pytest.param(2**30 | 4, Features.HOME, id="high-unknown-bit-dropped"),
        pytest.param(-1, Features(0), id="negative"),
        pytest.param(-33, Features(0), id="negative-33"),
        pytest.param(31.0, Features(31), id="integral-float"),
        pytest.param(31.5, Features(0), id="fraction"),
        pytest.param("31", Features(0), id="string"),
        pytest.param(True, Features(0), id="true"),
        pytest.param(None, Features(0), id="null"),
        pytest.param(MISSING, Features(0), id="missing"),
        pytest.param(10**400, Features(0), id="huge"),
    ],
)
def test_features(value: Any, expected: Features) -> None:
    """Features keeps the six known bits of a non-negative integer, else nothing."""
    features = parse({"Features": value}).features
    assert type(features) is Features
    assert features == expected
    assert int(features) == int(expected)


def test_features_bits() -> None:
    """Each documented bit has its documented value."""
    assert [int(bit) for bit in Features] == [1, 2, 4, 8, 16, 32]
    assert Features.LIGHT in Features(5)
    assert Features.HOME in Features(5)
    assert Features.MOVE_AXIS not in Features(5)


@pytest.mark.parametrize(
    ("features", "expected"),
    [
        (63, HostPlatform.MOONRAKER),
        (33, HostPlatform.BAMBU),
        (5, HostPlatform.ELEGOO_CC1),
        (23, HostPlatform.ELEGOO_CC2),
        (63.0, HostPlatform.MOONRAKER),
        (23.0, HostPlatform.ELEGOO_CC2),
        (31, None),
        (0, None),
        (1, None),
        (64, None),
        (127, None),
        (63 | 64, None),
        (-1, None),
        (-63, None),
        ("63", None),
        (True, None),
        (33.5, None),
        (None, None),
        (MISSING, None),
    ],
)
def test_platform_from_features(features: Any, expected: HostPlatform | None) -> None:
    """Each platform's fixed Features value identifies it; anything else is unknown."""
    assert parse({"Features": features}).platform == expected


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param(
            {"JobStatus.SubState": MISSING, "JobStatus.Lights": MISSING},
            HostPlatform.OCTOPRINT,
            id="no-SubState-no-Lights-is-octoprint",
        ),
        pytest.param({}, HostPlatform.PRUSALINK, id="both-present-is-prusalink"),
        pytest.param(
            {"JobStatus.SubState": None, "JobStatus.Lights": None},
            HostPlatform.PRUSALINK,
            id="both-null-is-prusalink",
        ),
        pytest.param(
            {"JobStatus.SubState": MISSING}, HostPlatform.PRUSALINK, id="only-Lights"
        ),
        pytest.param(
            {"JobStatus.Lights": MISSING}, HostPlatform.PRUSALINK, id="only-SubState"
        ),
        pytest.param({"JobStatus": None}, None, id="JobStatus-null"),
        pytest.param({"JobStatus": MISSING}, None, id="JobStatus-missing"),
        pytest.param({"JobStatus": ["SubState"]}, None, id="JobStatus-a-list"),
    ],
)
def test_platform_32(changes: dict[str, Any], expected: HostPlatform | None) -> None:
    """OctoPrint and PrusaLink share 32: only OctoPrint leaves out SubState and Lights."""
    status = parse({"Features": 32, **changes})
    assert status.platform == expected
    assert status.features == Features.START_PRINT


def test_platform_octoprint_payload() -> None:
    """A payload shaped like OctoPrint's (reference section 8) is detected as OctoPrint."""
    status = parse(
        {
            "Features": 32,
            "JobStatus.SubState": MISSING,
            "JobStatus.Lights": MISSING,
            "JobStatus.Error": None,
            "JobStatus.CurrentPrint.TimeLeftSec": -1,
            "JobStatus.CurrentPrint.CurrentLayer": None,
            "JobStatus.CurrentPrint.TotalLayers": None,
        }
    )
    assert status.platform is HostPlatform.OCTOPRINT
    assert status.job.lights is None
    assert status.known_time_left_sec is None
    assert status.known_layers == (None, None)


# --- The known_* interpretations --------------------------------------------------------------


@pytest.mark.parametrize(
    ("progress", "expected"),
    [
        (42.5, 42.5),
        (56.99999999999999, 57.0),
        (33.333333, 33.33),
        (0, 0.0),
        (0.001, 0.0),
        (100, 100.0),
        (100.004, 100.0),
        (100.01, None),
        (150, None),
        (-0.5, None),
        (-1, None),
        (None, None),
        ("42", None),
    ],
)
def test_known_progress(progress: Any, expected: float | None) -> None:
    """Progress is rounded to 2 decimals and limited to 0-100."""
    assert status_of(Progress=progress).known_progress == expected


@pytest.mark.parametrize(
    ("state", "left", "duration", "expected"),
    [
        pytest.param("printing", 4800, 3600, 4800.0, id="printing"),
        pytest.param("paused", 4800, 3600, 4800.0, id="paused"),
        pytest.param("resuming", 4800, 3600, 4800.0, id="resuming"),
        pytest.param("PRINTING", 4800, 3600, 4800.0, id="upper-case-state"),
        pytest.param("printing", 0.5, 3600, 0.5, id="almost-done"),
        pytest.param("printing", -1, 3600, None, id="minus-one-is-unknown"),
        pytest.param("printing", 0, 3600, None, id="zero-is-unknown"),
        pytest.param("printing", -250, 3600, None, id="overrun-is-unknown"),
        pytest.param("printing", None, 3600, None, id="null"),
        pytest.param("printing", "4800", 3600, None, id="string"),
        pytest.param("printing", 60, 60, 60.0, id="printing-left-equal-elapsed"),
        pytest.param("warmingup", 30, 60, 30.0, id="warming-up"),
        pytest.param("warmingup", 60, 60, None, id="warm-up-repeats-elapsed"),
        pytest.param("warmingup", 60.0, 60, None, id="warm-up-repeats-elapsed-float"),
        pytest.param("complete", 1234, 3600, 0.0, id="complete-stale"),
        pytest.param("complete", None, 3600, 0.0, id="complete-null"),
        pytest.param("complete", -1, 3600, 0.0, id="complete-minus-one"),
        pytest.param("cancelled", 1234, 3600, None, id="cancelled-stale"),
        pytest.param("idle", 1234, 3600, None, id="idle"),
        pytest.param("error", 1234, 3600, None, id="error"),
        pytest.param(None, 1234, 3600, None, id="state-null"),
        pytest.param("busy", 1234, 3600, None, id="state-unknown"),
    ],
)
def test_known_time_left(
    state: Any, left: Any, duration: Any, expected: float | None
) -> None:
    """Time left is only believed during a job, is 0 once complete, and ignores sentinels."""
    status = status_of(state, TimeLeftSec=left, DurationSec=duration)
    assert status.known_time_left_sec == expected


@pytest.mark.parametrize(
    ("duration", "expected"),
    [(3600, 3600.0), (0, 0.0), (12.5, 12.5), (-5, None), (None, None), ("3600", None)],
)
def test_known_duration(duration: Any, expected: float | None) -> None:
    """Elapsed time is kept when not negative."""
    assert status_of(DurationSec=duration).known_duration_sec == expected


@pytest.mark.parametrize(
    ("current", "total", "expected"),
    [
        (62, 145, (62, 145)),
        (0, 145, (0, 145)),
        (0, 0, (None, None)),
        (None, None, (None, None)),
        (0, None, (None, None)),
        (5, 0, (5, None)),
        (5, None, (5, None)),
        (None, 145, (None, 145)),
        (-1, 145, (None, 145)),
        (3, -1, (3, None)),
        (-1, -1, (None, None)),
        (2.0, 10.0, (2, 10)),
        (2.5, 10, (None, 10)),
    ],
)
def test_known_layers(
    current: Any, total: Any, expected: tuple[int | None, int | None]
) -> None:
    """0/0 (idle Bambu, Elegoo) and negative layers are unknown."""
    status = status_of(CurrentLayer=current, TotalLayers=total)
    assert status.known_layers == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (12345, 12345.0),
        (0.5, 0.5),
        (-1, None),
        (0, None),
        (None, None),
        ("12345", None),
    ],
)
def test_known_filament(value: Any, expected: float | None) -> None:
    """Filament length and weight: -1 (Moonraker) and 0 (Bambu, Elegoo) are unknown."""
    assert status_of(EstTotalFilUsedMm=value).known_filament_used_mm == expected
    assert status_of(EstTotalFilWeightMg=value).known_filament_weight_mg == expected


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (1716220800, 1716220800.0),
        (1716220800.25, 1716220800.25),
        (0.0, None),
        (0, None),
        (-1, None),
        (None, None),
        (MISSING, None),
        ("1716220800", None),
    ],
)
def test_known_print_start(start: Any, expected: float | None) -> None:
    """PrintStartTimeSec 0.0 means no print is known."""
    status = parse({"OctoEverywhereStatus.PrintStartTimeSec": start})
    assert status.known_print_start_sec == expected


@pytest.mark.parametrize(
    ("since_last_score", "last_score", "expected"),
    [
        pytest.param(35.2, 7.5, 7.5, id="scored"),
        pytest.param(35.2, 0.4, 0.4, id="score-below-one"),
        pytest.param(0, 7.5, 7.5, id="just-scored"),
        pytest.param(999_999_999, 7.5, 7.5, id="long-ago"),
        pytest.param(1.8e9, 7.5, None, id="never-scored"),
        pytest.param(1_779_000_000, 0.0, None, id="never-scored-int"),
        pytest.param(1e9, 7.5, None, id="at-the-limit"),
        pytest.param(-1, 7.5, None, id="negative-age"),
        pytest.param(None, 7.5, None, id="age-null"),
        pytest.param(35.2, None, None, id="score-null"),
    ],
)
def test_known_gadget_score(
    since_last_score: Any, last_score: Any, expected: float | None
) -> None:
    """The score is only shown once Gadget has scored (age ~1.8e9 s means never)."""
    status = parse(
        {
            "OctoEverywhereStatus.Gadget.TimeSinceLastScoreSec": since_last_score,
            "OctoEverywhereStatus.Gadget.LastScore": last_score,
        }
    )
    assert status.known_gadget_score == expected
    assert status.octoeverywhere.gadget.has_scored == (
        since_last_score is not None and 0 <= since_last_score < 1e9
    )


@pytest.mark.parametrize(
    ("since_last_warn", "expected"),
    [
        (120.0, True),
        (0, True),
        (None, False),
        (MISSING, False),
        ("120", False),
        (math.nan, False),
    ],
)
def test_gadget_warned(since_last_warn: Any, expected: bool) -> None:
    """Gadget warned once TimeSinceLastWarnSec is a number; paused likewise."""
    status = parse(
        {"OctoEverywhereStatus.Gadget.TimeSinceLastWarnSec": since_last_warn}
    )
    assert status.gadget_warned is expected
    paused = parse(
        {"OctoEverywhereStatus.Gadget.TimeSinceLastPauseSec": since_last_warn}
    )
    assert paused.octoeverywhere.gadget.paused is expected


def test_gadget_ages_not_compared() -> None:
    """Gadget's ages grow on every poll: a status that only aged equals the one before.

    Whether Gadget scored, warned or paused is what they tell, and that is compared.
    """
    aged = {
        "OctoEverywhereStatus.Gadget.TimeSinceLastScoreSec": 45.2,
        "OctoEverywhereStatus.Gadget.TimeSinceLastWarnSec": 130.0,
        "OctoEverywhereStatus.Gadget.TimeSinceLastPauseSec": 70.0,
    }
    assert parse(aged) == parse()
    assert parse(aged).octoeverywhere.gadget is not parse().octoeverywhere.gadget
    for path, unknown in (
        ("OctoEverywhereStatus.Gadget.TimeSinceLastScoreSec", 1.8e9),
        ("OctoEverywhereStatus.Gadget.TimeSinceLastWarnSec", None),
        ("OctoEverywhereStatus.Gadget.TimeSinceLastPauseSec", None),
    ):
        assert parse({**aged, path: unknown}) != parse(), path


@pytest.mark.parametrize(
    ("state", "active", "running"),
    [
        ("idle", False, False),
        ("warmingup", True, True),
        ("printing", True, True),
        ("paused", True, False),
        ("resuming", True, True),
        ("complete", False, False),
        ("cancelled", False, False),
        ("error", False, False),
        ("Paused", True, False),
        (None, False, False),
        ("busy", False, False),
    ],
)
def test_is_active(state: Any, active: bool, running: bool) -> None:
    """A job is active while warming up, printing, paused or resuming."""
    status = status_of(state)
    assert status.is_active is active
    assert (status.job.state in RUNNING_STATES) is running
    assert (status.job.state in ACTIVE_STATES) is active


@pytest.mark.parametrize(
    ("temps", "expected"),
    [
        ({}, True),
        ({"JobStatus.CurrentPrint.Temps.ChamberActual": MISSING}, True),
        ({"JobStatus.CurrentPrint.Temps.ChamberTarget": None}, True),
        (
            {
                "JobStatus.CurrentPrint.Temps.ChamberActual": MISSING,
                "JobStatus.CurrentPrint.Temps.ChamberTarget": MISSING,
            },
            False,
        ),
        (
            {
                "JobStatus.CurrentPrint.Temps.ChamberActual": None,
                "JobStatus.CurrentPrint.Temps.ChamberTarget": "40",
            },
            False,
        ),
    ],
)
def test_has_chamber(temps: dict[str, Any], expected: bool) -> None:
    """A printer has a chamber when either chamber value is a number."""
    assert parse(temps).job.current_print.temps.has_chamber is expected


@pytest.mark.parametrize(
    ("features", "version", "expected"),
    [
        pytest.param(31, "1.0.0", "1.0.0", id="unknown-platform-1.0.0"),
        pytest.param(63, "1.0.0", None, id="moonraker-constant"),
        pytest.param(63, "0.12.0", "0.12.0", id="moonraker-other"),
        pytest.param(33, "0.0.0", None, id="bambu-not-reported"),
        pytest.param(33, "01.08.05.00", "01.08.05.00", id="bambu"),
        pytest.param(32, "0.0.0", None, id="zero-anywhere"),
        pytest.param(32, "1.10.2", "1.10.2", id="octoprint-or-prusalink"),
        pytest.param(23, None, None, id="null"),
        pytest.param(5, "", None, id="empty"),
    ],
)
def test_known_platform_version(
    features: int, version: Any, expected: str | None
) -> None:
    """Placeholder versions ("0.0.0", Moonraker's "1.0.0") are unknown."""
    status = parse({"Features": features, "PlatformVersion": version})
    assert status.known_platform_version == expected


NO_CHAMBER = {
    "JobStatus.CurrentPrint.Temps.ChamberActual": MISSING,
    "JobStatus.CurrentPrint.Temps.ChamberTarget": MISSING,
}


@pytest.mark.parametrize(
    ("features", "changes", "expected"),
    [
        pytest.param(63, {}, True, id="moonraker-with-chamber"),
        pytest.param(63, NO_CHAMBER, False, id="moonraker-without-chamber"),
        pytest.param(31, {}, True, id="unknown-platform-with-set-temp"),
        pytest.param(23, {}, False, id="elegoo-cc2-refuses-chamber"),
        pytest.param(33, {}, False, id="bambu-no-set-temp"),
        pytest.param(5, {}, False, id="elegoo-cc1-no-set-temp"),
        pytest.param(0, {}, False, id="no-features"),
    ],
)
def test_can_set_chamber(
    features: int, changes: dict[str, Any], expected: bool
) -> None:
    """A chamber target needs the set-temp bit, a chamber, and a platform that accepts it."""
    status = parse({"Features": features, **changes})
    assert status.can_set_chamber is expected


# --- Equality ---------------------------------------------------------------------------------


def test_equal_parses_compare_equal() -> None:
    """Two polls with the same payload give equal (and equally hashed) statuses."""
    first, second = parse(), parse()
    assert first is not second
    assert first == second
    assert hash(first) == hash(second)


def test_raw_not_compared() -> None:
    """``raw`` keeps the payload but is left out of equality and repr."""
    plain = FULL
    extra = with_values(FULL, {"SomethingNew": {"Added": "later"}})
    first, second = PrinterStatus.from_dict(plain), PrinterStatus.from_dict(extra)
    assert first.raw != second.raw
    assert second.raw["SomethingNew"] == {"Added": "later"}
    assert first == second
    assert "SomethingNew" not in repr(second)
    assert "raw=" not in repr(second)


def test_same_value_written_differently_compares_equal() -> None:
    """Equality is by value read: 3600 and 3600.0 are the same duration."""
    assert parse({"JobStatus.CurrentPrint.DurationSec": 3600.0}) == parse(
        {"JobStatus.CurrentPrint.DurationSec": 3600}
    )


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("JobStatus.State", "paused"),
        ("JobStatus.State", "PRINTING"),
        ("JobStatus.SubState", "Homing"),
        ("JobStatus.Lights.0.On", False),
        ("JobStatus.CurrentPrint.Progress", 42.6),
        ("JobStatus.CurrentPrint.TimeLeftSec", 4799),
        ("JobStatus.CurrentPrint.CurrentLayer", 63),
        ("JobStatus.CurrentPrint.Temps.BedActual", 60.2),
        ("OctoEverywhereStatus.MostRecentPrintIdStr", "another-print"),
        ("OctoEverywhereStatus.Gadget.IsSuppressed", True),
        ("PlatformVersion", "1.0.1"),
        ("Features", 63),
        ("ListWebcams.Webcams.0.Rotation", 180),
        ("ListWebcams.DefaultIndex", 1),
    ],
)
def test_changed_value_compares_unequal(path: str, value: Any) -> None:
    """Any changed value makes the statuses differ."""
    assert parse({path: value}) != parse()


# --- Any JSON object ------------------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=12)
    | st.sampled_from([state.value for state in PrinterState]),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)
KNOWN_KEYS = st.sampled_from(
    [
        "JobStatus",
        "OctoEverywhereStatus",
        "Features",
        "ListWebcams",
        "PlatformVersion",
        "State",
        "Lights",
        "CurrentPrint",
        "Temps",
        "Gadget",
        "Webcams",
        "Progress",
        "TimeLeftSec",
        "ScoreHistory",
        "Rotation",
        "Name",
    ]
)
PAYLOADS = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(KNOWN_KEYS, children, max_size=6)
    ),
    max_leaves=30,
)


@settings(
    max_examples=300,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.dictionaries(KNOWN_KEYS, PAYLOADS | JSON_VALUES, max_size=6))
def test_any_json_object(result: dict[str, Any]) -> None:
    """Any JSON object is read without raising, and the interpretations stay in range."""
    status = PrinterStatus.from_dict(result)
    assert status == PrinterStatus.from_dict(copy.deepcopy(result))
    assert 0 <= int(status.features) <= 63
    progress = status.known_progress
    assert progress is None or 0 <= progress <= 100
    left = status.known_time_left_sec
    assert (
        left is None
        or left > 0
        or (left == 0 and status.job.state is PrinterState.COMPLETE)
    )
    current, total = status.known_layers
    assert current is None or current >= 0
    assert total is None or total > 0
    assert status.job.lights is None or len(status.job.lights) > 0
    for webcam in status.webcams.webcams:
        assert webcam.rotation in (None, 0, 90, 180, 270)


# --- Reading with the previous status ---------------------------------------------------------

WITH_MATERIAL: Final = with_values(
    FULL,
    {
        "JobStatus.MaterialSystem": {
            "Sources": [{"Id": 2, "Material": {"Type": "PLA", "RemainingPercent": 80}}],
            "Tools": [{"Id": "t0"}],
            "Routes": [{"SourceId": 2, "ToolId": "t0"}],
        }
    },
)


def test_unchanged_parts_reused() -> None:
    """What is the same JSON as in the previous status is that status's object again."""
    previous = PrinterStatus.from_dict(WITH_MATERIAL)
    moved = with_values(
        WITH_MATERIAL,
        {
            "JobStatus.CurrentPrint.Progress": 43.0,
            "OctoEverywhereStatus.Gadget.TimeSinceLastScoreSec": 45.2,
        },
    )
    status = PrinterStatus.from_dict(moved, previous)
    assert status == PrinterStatus.from_dict(moved)
    assert status.job.current_print.progress == 43.0
    assert status.job.lights is previous.job.lights
    assert status.job.material_system is previous.job.material_system
    assert status.webcams is previous.webcams
    assert status.raw is moved


@pytest.mark.parametrize(
    ("path", "value"),
    [
        # Equal in Python, read differently: true is a light's state, 1 is not.
        ("JobStatus.Lights.0.On", 1),
        # An id 2 is the text "2", an id 2.0 no id at all.
        ("JobStatus.MaterialSystem.Sources.0.Id", 2.0),
        ("JobStatus.MaterialSystem.Routes.0.SourceId", 2.0),
        ("ListWebcams.Webcams.0.FlipV", 1),
    ],
)
def test_same_value_of_another_type_read_again(path: str, value: Any) -> None:
    """``1`` after ``true`` (or ``2.0`` after ``2``) is not the same JSON: read again."""
    previous = PrinterStatus.from_dict(WITH_MATERIAL)
    changed = with_values(WITH_MATERIAL, {path: value})
    status = PrinterStatus.from_dict(changed, previous)
    assert repr(status) == repr(PrinterStatus.from_dict(changed))
    assert status != previous


def test_huge_integer_read_again() -> None:
    """An integer beyond 64 bits cannot be compared as JSON text: the part is read again."""
    changed = with_values(WITH_MATERIAL, {"ListWebcams.Webcams.0.Rotation": 2**70})
    previous = PrinterStatus.from_dict(changed)
    status = PrinterStatus.from_dict(changed, previous)
    assert status == previous
    assert status.webcams is not previous.webcams
    assert status.webcams.webcams[0].rotation is None


@settings(FUZZ, max_examples=400)
@given(mutated_payloads(), st.integers(0, 2**64), st.integers(1, 4))
def test_read_with_previous_as_read_alone(
    payloads: list[Any], seed: int, count: int
) -> None:
    """Reading with the previous status gives what reading alone gives, types included."""
    before = payloads[0]
    after = mutate(
        before, random.Random(seed), [True, 1, 1.0, 0, None, "2", 2.0], count
    )
    if not (isinstance(before, dict) and isinstance(after, dict)):
        return
    alone = PrinterStatus.from_dict(after)
    again = PrinterStatus.from_dict(after, PrinterStatus.from_dict(before))
    assert repr(again) == repr(alone)
