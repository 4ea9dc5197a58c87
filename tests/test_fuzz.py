"""Property-based tests: whatever the plugin sends, nothing raises and every value is valid.

Realistic status payloads (the simulator's, for every platform, material topology and a range
of scenarios, and tests/fixtures/status_printing.json) are mutated by hypothesis-driven
mutations (types swapped, keys dropped, nulls, huge numbers, NaN/Infinity, unicode, unknown
states, lists cut, lengthened or replaced, material systems of random shape); fully random JSON
objects are fed too. Each payload goes through ``PrinterStatus.from_dict`` and every value
function of the entities (sensors, binary sensors, buttons, numbers, the material system's
parts), pairs of them through ``events_between``, and random webhook bodies through
``parse_webhook``. At least 10,000 examples run in total (counted, and asserted); a smaller
number also goes end to end through the entities of a loaded entry.
"""

from collections.abc import Callable, Iterator
import copy
from datetime import datetime
import itertools
import json
import logging
import math
import random
from typing import Any
from unittest.mock import AsyncMock

from hypothesis import HealthCheck, given, settings, strategies as st
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.octoeverywhere import (
    binary_sensor,
    button,
    material,
    number,
    sensor,
)
from custom_components.octoeverywhere.api import (
    MaterialSystem,
    PrinterStatus,
    PrintEvent,
    PrintEventType,
    UnknownEventTypeError,
    events_between,
    parse_webhook,
)
from homeassistant.components.sensor import SensorDeviceClass
from homeassistant.const import (
    MAX_LENGTH_STATE_STATE,
    PERCENTAGE,
    STATE_UNAVAILABLE,
    STATE_UNKNOWN,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from octoeverywhere_simulator import ManualClock, Simulator
from octoeverywhere_simulator.config import MATERIAL_SYSTEMS, PLATFORMS

from .conftest import load_json

# Hypothesis' own PRNG bookkeeping warns on Python 3.14; nothing of this module's.
pytestmark = pytest.mark.filterwarnings("ignore:It looks like `register_random`")

# --- Realistic seeds -------------------------------------------------------------------------


def _simulated() -> Iterator[dict[str, Any]]:
    for platform in PLATFORMS:
        for topology in MATERIAL_SYSTEMS:
            for scenario, progress in (
                ("idle", None),
                ("printing", None),  # the warm-up: nulls and sentinels
                ("printing", 55.0),  # past the material system's swap
                ("paused", None),
                ("complete", None),
                ("cancelled", None),
                ("error", None),
            ):
                sim = Simulator(
                    platform,
                    scenario,
                    clock=ManualClock(),
                    material_system=topology,
                    progress=progress,
                    seed=len(platform),
                )
                yield sim.status(include_material_system=True)


SEEDS: list[dict[str, Any]] = [
    *_simulated(),
    load_json("status_printing.json")["Result"],
]

# Values that break naive code: wrong types, out-of-range and non-finite numbers, odd text.
WEIRD: list[Any] = [
    None,
    True,
    False,
    0,
    -1,
    -0.0,
    0.5,
    1e12,
    1e12 + 1,
    -1e12,
    2**63,
    -(2**63),
    10**400,
    1e308,
    float("nan"),
    float("inf"),
    float("-inf"),
    "",
    " ",
    "42",
    "NaN",
    "Infinity",
    "x" * 300,
    "🖨️ ünïcödé ✓",
    "\x00\ud7ff\n\t",
    "printing",
    "PRINTING",
    "Printing ",
    "offline",
    "definitely-not-a-state",
    "loaded",
    [],
    {},
    [None],
    [{}],
    {"": None},
    [1, "a", None, {"Id": 1}],
]
STATE_KEYS = ("State",)
UNKNOWN_STATES = ["paused_by_gadget", "Complete", "ERROR", "idle\n", "🛑", "warming_up"]
MATERIAL_KEYS = {
    "Capabilities": [
        "SupportsMultiMaterial",
        "SupportsMultiTool",
        "SupportsSourceRouting",
        "SupportsDrying",
    ],
    "Sources": [
        "Id",
        "Index",
        "Name",
        "UnitId",
        "Position",
        "PrintMappingValue",
        "IsEmpty",
        "Material",
        "PlatformDetails",
    ],
    "Material": ["Type", "Name", "ColorHex", "RemainingPercent", "Manufacturer"],
    "Tools": [
        "Id",
        "Index",
        "Name",
        "IsActive",
        "IsPresent",
        "ActualCelsius",
        "TargetCelsius",
        "NozzleDiameterMm",
    ],
    "Units": [
        "Id",
        "Index",
        "Name",
        "HumidityPercent",
        "TemperatureCelsius",
        "IsDrying",
    ],
    "Routes": ["SourceId", "ToolId", "State"],
}

# --- Hypothesis strategies -------------------------------------------------------------------

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.sampled_from(WEIRD),
)
json_values = st.recursive(
    json_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.text(max_size=12), children, max_size=4),
    ),
    max_leaves=8,
)
# Mostly scalars (cheap to generate), sometimes a nested value.
json_any = st.one_of(json_scalars, json_scalars, json_scalars, json_values)


def _paths(value: Any, depth: int = 0) -> Iterator[tuple[Any, Any]]:
    """Every (container, key) of a JSON value, where something can be changed."""
    if depth > 8:
        return
    if isinstance(value, dict):
        for key, item in value.items():
            yield value, key
            yield from _paths(item, depth + 1)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield value, index
            yield from _paths(item, depth + 1)


def _pick(rng: random.Random, pool: list[Any]) -> Any:
    """A copy of a random value of ``pool`` (never shared: payloads are mutated in place)."""
    return copy.deepcopy(rng.choice(pool))


def _random_material_system(rng: random.Random, pool: list[Any]) -> Any:
    """A material system of random shape: known keys, random values and sizes."""
    if rng.random() < 0.15:
        return _pick(rng, pool)

    def part(kind: str) -> dict[str, Any]:
        item: dict[str, Any] = {}
        for key in MATERIAL_KEYS[kind]:
            if rng.random() < 0.7:
                if key == "Material":
                    item[key] = part("Material") if rng.random() < 0.8 else None
                elif key in ("Id", "UnitId", "SourceId", "ToolId"):
                    item[key] = rng.choice(
                        [*("a", "b", "c", "unit-1", 1, 2), _pick(rng, pool)]
                    )
                else:
                    item[key] = _pick(rng, pool)
        return item

    system: dict[str, Any] = {"Capabilities": part("Capabilities")}
    for kind, most in (("Sources", 70), ("Tools", 20), ("Units", 10), ("Routes", 70)):
        if rng.random() < 0.8:
            count = rng.choice([0, 1, 2, 3, 4, most])
            system[kind] = [part(kind) for _ in range(count)]
        elif rng.random() < 0.5:
            system[kind] = _pick(rng, pool)
    return system


def mutate(payload: Any, rng: random.Random, pool: list[Any], count: int) -> Any:
    """Apply ``count`` random mutations to a copy of ``payload``."""
    payload = copy.deepcopy(payload)
    for _ in range(count):
        paths = list(_paths(payload))
        if not paths:
            return payload
        container, key = rng.choice(paths)
        operation = rng.randrange(10)
        if operation == 0 and isinstance(container, dict):
            del container[key]
        elif operation == 1:
            container[key] = None
        elif operation in (2, 3):
            container[key] = _pick(rng, WEIRD if operation == 2 else pool)
        elif operation == 4:  # the same value with another type
            value = container[key]
            if isinstance(value, bool):
                container[key] = int(value)
            elif isinstance(value, (int, float)):
                container[key] = str(value)
            elif isinstance(value, str):
                container[key] = len(value) if rng.random() < 0.5 else [value]
            elif isinstance(value, list):
                container[key] = {str(index): item for index, item in enumerate(value)}
            elif isinstance(value, dict):
                container[key] = list(value.values())
        elif operation == 5 and isinstance(container, dict):
            # A known key with an unknown state, or another key with a state's text.
            if key in STATE_KEYS or rng.random() < 0.2:
                container[key] = rng.choice(UNKNOWN_STATES)
        elif operation == 6 and isinstance(container[key], list):
            items = container[key]
            if items and rng.random() < 0.5:
                # Duplicates, too many.
                container[key] = copy.deepcopy(items * rng.choice([2, 40]))
            else:
                container[key] = items[: rng.randrange(len(items) + 1)]
        elif operation == 7 and isinstance(payload, dict):
            job = payload.get("JobStatus")
            if isinstance(job, dict):
                job["MaterialSystem"] = _random_material_system(rng, pool)
        elif operation == 8 and isinstance(container, dict):
            container[rng.choice(["Unknown", "🆕", key.lower() if key else "x"])] = (
                _pick(rng, pool)
            )
        else:  # numbers at their limits
            container[key] = rng.choice(
                [1e12, -1e12, 9.99e11, 2**53 + 1, 1e-300, -0.0, 101.0, -5.0, 1e20]
            )
    return payload


@st.composite
def mutated_payloads(draw: st.DrawFn, count: int = 1) -> list[Any]:
    """``count`` realistic payloads with 1-8 mutations each.

    The mutations follow a seeded generator (cheap); hypothesis chooses the seeds, the
    number of mutations and the new values they may insert.
    """
    pool = [draw(json_any), *draw(st.lists(json_scalars, max_size=2)), *WEIRD]
    return [
        mutate(
            draw(st.sampled_from(SEEDS)),
            random.Random(draw(st.integers(0, 2**64))),
            pool,
            draw(st.integers(1, 8)),
        )
        for _ in range(count)
    ]


# Payloads with the status's keys but random values (each key at most once, any may be
# missing), and completely random objects.
_job_status = st.fixed_dictionaries(
    {},
    optional={
        "State": st.one_of(st.sampled_from(UNKNOWN_STATES), json_any),
        "SubState": json_any,
        "Error": json_any,
        "Lights": json_any,
        "CurrentPrint": st.one_of(
            json_any,
            st.fixed_dictionaries(
                {},
                optional=dict.fromkeys(
                    (
                        "Progress",
                        "DurationSec",
                        "TimeLeftSec",
                        "FileName",
                        "EstTotalFilUsedMm",
                        "EstTotalFilWeightMg",
                        "CurrentLayer",
                        "TotalLayers",
                        "Temps",
                    ),
                    json_any,
                ),
            ),
        ),
        "MaterialSystem": json_any,
    },
)
shaped_payloads = st.fixed_dictionaries(
    {},
    optional={
        "JobStatus": st.one_of(_job_status, json_any),
        "OctoEverywhereStatus": json_any,
        "PlatformVersion": json_any,
        "Features": st.one_of(st.integers(-(2**70), 2**70), json_any),
        "ListWebcams": json_any,
    },
)
random_objects = st.dictionaries(st.text(max_size=20), json_any, max_size=6)

WEBHOOK_KEYS = (
    "PrinterId",
    "SecretKey",
    "PrintId",
    "EventType",
    "PrinterName",
    "SnapshotUrl",
    "QuickViewUrl",
    "FileName",
    "DurationSec",
    "Progress",
    "TimeRemainingSec",
    "ZOffsetMM",
    "CurrentLayer",
    "TotalLayers",
    "Error",
    "PlatformErrorCode",
)
webhook_payloads = st.fixed_dictionaries(
    {},
    optional={
        "EventType": st.one_of(st.integers(-5, 40), json_any),
        **{
            key: st.one_of(json_any, st.just("https://octoeverywhere.com/x.jpg"))
            for key in WEBHOOK_KEYS
            if key != "EventType"
        },
    },
)

# --- What a valid value is -------------------------------------------------------------------


def _finite(value: Any) -> bool:
    return (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and math.isfinite(value)
    )


def _valid_text(value: Any) -> bool:
    return isinstance(value, str) and 0 < len(value) <= MAX_LENGTH_STATE_STATE


def check_sensor_value(
    key: str,
    value: Any,
    *,
    device_class: Any,
    unit: str | None,
    state_class: Any,
    options: list[str] | None = None,
) -> None:
    """``value`` is None or valid for the device class and unit (as Home Assistant needs)."""
    if value is None:
        return
    if device_class == SensorDeviceClass.ENUM:
        assert options is not None
        assert value in options, (key, value)
    elif device_class == SensorDeviceClass.TIMESTAMP:
        assert isinstance(value, datetime), (key, value)
        assert value.tzinfo is not None, (key, value)
    elif device_class == SensorDeviceClass.TEMPERATURE:
        assert _finite(value), (key, value)
    elif unit == PERCENTAGE:
        assert _finite(value), (key, value)
        assert 0 <= value <= 100, (key, value)
    elif device_class in (
        SensorDeviceClass.DURATION,
        SensorDeviceClass.DISTANCE,
        SensorDeviceClass.WEIGHT,
        SensorDeviceClass.HUMIDITY,
    ):
        assert _finite(value), (key, value)
        assert value >= 0, (key, value)
    elif unit is not None or state_class is not None:
        assert _finite(value), (key, value)
    elif isinstance(value, int) and not isinstance(value, bool):
        assert value >= 0, (key, value)  # layers
    else:
        assert _valid_text(value), (key, value)


def check_status(status: PrinterStatus) -> None:
    """Every value function of every entity, on one parsed status."""
    for description in sensor.SENSORS:
        if description.exists_fn is not None:
            assert isinstance(description.exists_fn(status), bool)
        value = description.value_fn(status)
        if description.shown_fn is not None:  # what the state shows
            value = description.shown_fn(value)
        check_sensor_value(
            description.key,
            value,
            device_class=description.device_class,
            unit=description.native_unit_of_measurement,
            state_class=description.state_class,
            options=description.options,
        )
    for binary in binary_sensor.BINARY_SENSORS:
        assert binary.value_fn(status) in (True, False, None), binary.key
        if binary.exists_fn is not None:
            assert isinstance(binary.exists_fn(status), bool)
    for press in button.BUTTONS:
        assert isinstance(press.available_fn(status), bool), press.key
        if press.exists_fn is not None:
            assert isinstance(press.exists_fn(status), bool)
    for target in number.NUMBERS:
        value = target.value_fn(status)
        assert value is None or _finite(value), (target.key, value)
        if target.exists_fn is not None:
            assert isinstance(target.exists_fn(status), bool)
    assert isinstance(status.is_active, bool)
    assert isinstance(status.can_set_chamber, bool)
    version = status.known_platform_version
    assert version is None or isinstance(version, str)
    assert all(
        isinstance(light.name, str) and light.name for light in status.job.lights or ()
    )
    json.dumps(dict(status.raw), default=str)  # diagnostics can show it
    if (system := status.job.material_system) is not None:
        check_material_system(system)


def check_material_system(system: MaterialSystem) -> None:
    """The material entities' parts, keys, names, devices and attributes."""
    sensors = (
        (material.UNITS, sensor.UNIT_SENSORS),
        (material.SOURCES, sensor.SOURCE_SENSORS),
        (material.TOOLS, sensor.TOOL_SENSORS),
    )
    binaries = (
        (material.UNITS, binary_sensor.UNIT_BINARY_SENSORS),
        (material.TOOLS, binary_sensor.TOOL_BINARY_SENSORS),
    )
    for groups, binary in ((sensors, False), (binaries, True)):
        seen: set[str] = set()
        for kind, descriptions in groups:
            for part in kind.parts_fn(system):
                name = material.part_name(system, kind, part)
                assert isinstance(name, str), part
                assert name, part
                for description in descriptions:
                    key = kind.key(part.id, description.key)
                    assert key not in seen, key  # one entity per key
                    seen.add(key)
                    value = description.value_fn(part)
                    if binary:
                        assert value in (True, False, None), key
                        continue
                    check_sensor_value(
                        key,
                        value,
                        device_class=description.device_class,
                        unit=description.native_unit_of_measurement,
                        state_class=description.state_class,
                    )
                    attributes_fn = getattr(description, "attributes_fn", None)
                    if attributes_fn is not None:
                        color = attributes_fn(system, part)["color"]
                        assert color is None or (
                            len(color) == 7 and color.startswith("#")
                        )
    source = system.active_source
    if source is not None:
        value = sensor.SOURCE_SENSORS[0].value_fn(source)
        assert value is None or _valid_text(value)
    tool = system.active_tool
    assert tool is None or tool in system.tools
    assert len(system.sources) <= 64
    assert len(system.tools) <= 16
    assert len(system.units) <= 8
    assert len(system.routes) <= 64


def check_event(event: PrintEvent) -> None:
    """An event's data is what automations can rely on."""
    assert isinstance(event.type, PrintEventType)
    for name in ("progress", "duration_sec", "time_remaining_sec", "filament_used_mm"):
        value = getattr(event, name)
        assert value is None or _finite(value), (name, value)
    for name in ("current_layer", "total_layers"):
        value = getattr(event, name)
        assert value is None or isinstance(value, int), (name, value)
    if event.progress is not None and event.source == "poll":
        assert 0 <= event.progress <= 100
    json.dumps(event.attributes())


# --- The properties --------------------------------------------------------------------------

# Examples per property, and the status payloads each example parses at least. Each property
# asserts that it ran that many examples and parsed that many payloads.
EXAMPLES = {"mutated": 3500, "shaped": 2500, "material": 1500, "sequences": 500}
PAYLOADS_PER_EXAMPLE = {"mutated": 2, "shaped": 1, "material": 1, "sequences": 2}
WEBHOOK_EXAMPLES = 2000
FUZZ = settings(
    deadline=None,
    database=None,
    derandomize=True,  # the same examples on every run: CI stays reproducible
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PARSED = {"count": 0}


def parse(payload: Any) -> PrinterStatus:
    """Parse one status payload, counted."""
    PARSED["count"] += 1
    return PrinterStatus.from_dict(payload)


def parse_and_check(payload: Any) -> PrinterStatus:
    """Parse one payload (any JSON object) and check every value function."""
    status = parse(payload)
    check_status(status)
    return status


def _run(
    name: str, examples: int, strategy: Any, check: Callable[[Any], None]
) -> tuple[int, int]:
    """Run ``check`` on ``examples`` generated values; return (examples, payloads parsed)."""
    ran = {"examples": 0}
    parsed_before = PARSED["count"]

    @settings(FUZZ, max_examples=examples)
    @given(strategy)
    def property_holds(value: Any) -> None:
        ran["examples"] += 1
        check(value)

    property_holds()
    assert ran["examples"] >= examples, name
    return ran["examples"], PARSED["count"] - parsed_before


def _run_status(name: str, strategy: Any, check: Callable[[Any], None]) -> None:
    """Run a status property with its share of examples and payloads."""
    examples = EXAMPLES[name]
    _, parsed = _run(name, examples, strategy, check)
    assert parsed >= examples * PAYLOADS_PER_EXAMPLE[name], (name, parsed)


def test_mutated_status_payloads() -> None:
    """Mutated realistic payloads: parsed, and every value valid; events between pairs."""

    def check(pair: list[Any]) -> None:
        previous, current = (parse_and_check(payload) for payload in pair)
        for event in events_between(previous, current):
            check_event(event)

    _run_status("mutated", mutated_payloads(2), check)


def test_shaped_and_random_payloads() -> None:
    """The status's keys with random values, and objects of any shape."""
    _run_status("shaped", st.one_of(shaped_payloads, random_objects), parse_and_check)


def test_random_material_systems() -> None:
    """Material systems of random shape inside a realistic status."""

    def build(rng: random.Random) -> Any:
        payload = copy.deepcopy(rng.choice(SEEDS))
        payload["JobStatus"]["MaterialSystem"] = _random_material_system(
            rng, [*WEIRD, "a", "b", 1]
        )
        return payload

    _run_status(
        "material",
        st.integers(0, 2**64).map(random.Random).map(build),
        parse_and_check,
    )


def test_event_sequences() -> None:
    """Statuses in sequence (a print's life, mutated): events never raise, data is valid."""

    def check(payloads: list[Any]) -> None:
        statuses = [parse(payload) for payload in payloads]
        for previous, current in itertools.pairwise(statuses):
            for event in events_between(previous, current):
                check_event(event)

    _run_status("sequences", st.integers(2, 6).flatmap(mutated_payloads), check)


def test_webhook_payloads() -> None:
    """Webhook bodies of any shape: an event, or ValueError; never anything else."""

    def check(payload: dict[str, Any]) -> None:
        try:
            event = parse_webhook(payload)
        except UnknownEventTypeError as err:
            number = err.number
            assert isinstance(number, int)
            return
        except ValueError:
            return
        assert event.source == "webhook"
        check_event(event)
        assert event.snapshot_url is None or event.snapshot_url.startswith("https://")
        assert event.error is None or len(event.error) <= 500

    examples, _ = _run(
        "webhook",
        WEBHOOK_EXAMPLES,
        st.one_of(webhook_payloads, random_objects),
        check,
    )
    assert examples >= WEBHOOK_EXAMPLES


def test_at_least_ten_thousand_status_payloads() -> None:
    """The status properties above parse at least 10,000 payloads in all.

    Each asserts that it ran its examples and parsed its payloads (``_run_status``), so this
    sum is what ran whenever they pass; the webhook bodies come on top.
    """
    payloads = sum(
        examples * PAYLOADS_PER_EXAMPLE[name] for name, examples in EXAMPLES.items()
    )
    assert payloads >= 10_000
    assert sum(EXAMPLES.values()) + WEBHOOK_EXAMPLES >= 10_000


# --- End to end: the entities of a loaded entry ----------------------------------------------

E2E_PAYLOADS = 200
# Realistic seeds with a material system, so that its entities exist and come and go.
MATERIAL_SEEDS = [
    seed for seed in SEEDS if isinstance(seed["JobStatus"].get("MaterialSystem"), dict)
]
NOT_A_VALUE = (STATE_UNKNOWN, STATE_UNAVAILABLE)


@pytest.fixture
def status() -> PrinterStatus:
    """Start with a printer that has a material system (the mocked client answers it)."""
    return PrinterStatus.from_dict(MATERIAL_SEEDS[0])


def _check_state(entity_id: str, state: str, attributes: dict[str, Any]) -> None:
    """A state Home Assistant shows is valid for its device class and unit."""
    assert len(state) <= MAX_LENGTH_STATE_STATE, entity_id
    if state in NOT_A_VALUE:
        return
    domain = entity_id.split(".", maxsplit=1)[0]
    device_class = attributes.get("device_class")
    if domain == "binary_sensor":
        assert state in ("on", "off"), (entity_id, state)
    elif domain == "number":
        assert math.isfinite(float(state)), (entity_id, state)
    elif domain == "sensor":
        if device_class == SensorDeviceClass.ENUM:
            assert state in attributes["options"], (entity_id, state)
        elif device_class == SensorDeviceClass.TIMESTAMP:
            assert datetime.fromisoformat(state).tzinfo is not None, entity_id
        elif "unit_of_measurement" in attributes or "state_class" in attributes:
            value = float(state)
            assert math.isfinite(value), (entity_id, state)
            if attributes.get("unit_of_measurement") == PERCENTAGE:
                assert 0 <= value <= 100, (entity_id, state)
            if device_class in (
                SensorDeviceClass.DURATION,
                SensorDeviceClass.DISTANCE,
                SensorDeviceClass.WEIGHT,
            ):
                assert value >= 0, (entity_id, state)


async def test_fuzzed_statuses_through_entities(
    hass: HomeAssistant,
    caplog: pytest.LogCaptureFixture,
    entity_registry_enabled_by_default: None,
    init_integration: MockConfigEntry,
    mock_client: AsyncMock,
) -> None:
    """Mutated payloads polled by a loaded entry: no error, every state valid."""
    entry = init_integration
    coordinator = entry.runtime_data.coordinator
    registry = er.async_get(hass)
    rng = random.Random(20261124)
    caplog.clear()
    seen: set[str] = set()
    for _ in range(E2E_PAYLOADS):
        payload = mutate(rng.choice(MATERIAL_SEEDS), rng, WEIRD, rng.randint(1, 8))
        mock_client.get_status.return_value = parse(payload)
        await coordinator.async_refresh()
        await hass.async_block_till_done()
        assert coordinator.last_update_success
        for entity in er.async_entries_for_config_entry(registry, entry.entry_id):
            if (state := hass.states.get(entity.entity_id)) is not None:
                seen.add(entity.entity_id)
                _check_state(entity.entity_id, state.state, dict(state.attributes))
    # Material entities came and went with the mutated systems.
    assert {"sensor.ams_1_humidity", "sensor.test_printer_active_material"} <= seen
    assert len([entity_id for entity_id in seen if "_slot_" in entity_id]) > 4
    problems = [
        record.getMessage()
        for record in caplog.records
        if record.levelno >= logging.WARNING
        and not record.name.startswith("homeassistant.components.camera")
        # asyncio's debug mode timing this test's own loop (slow under coverage).
        and not (record.name == "asyncio" and record.msg.startswith("Executing"))
    ]
    assert problems == []
    assert "Traceback" not in caplog.text
