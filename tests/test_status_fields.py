"""Entities are asked only when a part of the status they read changed (issue 12).

Each entity names the parts it reads (``StatusField``); ``changed_fields`` says which parts
differ between two polls. These tests prove the names are right: every field of the status
belongs to one part, ``changed_fields`` finds exactly the parts that differ, and every entity
of every platform shows the same (state, attributes, availability) whatever happens in the
parts it does not name.
"""

from collections.abc import Iterator
import copy
import dataclasses
from functools import reduce
from typing import Any

import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.octoeverywhere.api import (
    ALL_FIELDS,
    FIELD_PATHS,
    CurrentPrint,
    JobStatus,
    OctoEverywhereStatus,
    PrinterStatus,
    StatusField,
    Temps,
    changed_fields,
)
from custom_components.octoeverywhere.const import DOMAIN
from custom_components.octoeverywhere.coordinator import OctoEverywhereData
from custom_components.octoeverywhere.entity import OctoEverywhereEntity
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import async_get_platforms
from octoeverywhere_simulator import PLATFORMS, ManualClock, Simulator

from .conftest import setup_entry

# Dataclasses whose fields are parts of their own; anything else is a value of one part.
_CONTAINERS = (JobStatus, CurrentPrint, Temps, OctoEverywhereStatus)
_SCENARIOS = ("printing", "paused", "complete", "cancelled", "error", "idle")
# A material system for the platforms that have one, so its entities are checked too.
_MATERIAL = {"moonraker": "toolchanger", "bambu": "ams", "elegoo_cc2": "external"}
_FIELDS = [field for field in StatusField if field is not StatusField.ALWAYS]


def _leaves(instance: object, prefix: str = "") -> Iterator[str]:
    for field in dataclasses.fields(instance):  # type: ignore[arg-type]
        if field.name == "raw":  # the payload as received, for diagnostics
            continue
        value = getattr(instance, field.name)
        if isinstance(value, _CONTAINERS):
            yield from _leaves(value, f"{prefix}{field.name}.")
        else:
            yield prefix + field.name


def _get(status: PrinterStatus, path: str) -> Any:
    return reduce(getattr, path.split("."), status)


def _set(instance: Any, path: str, value: Any) -> Any:
    name, _, rest = path.partition(".")
    if rest:
        value = _set(getattr(instance, name), rest, value)
    return dataclasses.replace(instance, **{name: value})


def _perturbed(value: Any) -> Any:
    """The same payload with every number and text moved: every field differs."""
    if isinstance(value, dict):
        return {key: _perturbed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_perturbed(item) for item in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float):
        return value + 7
    if isinstance(value, str):
        return value + " 2"
    return value


def _printing(platform: str, progress: float) -> Simulator:
    """The platform printing, with two webcams and its material system."""
    return Simulator(
        platform,
        "printing",
        clock=ManualClock(),
        progress=progress,
        webcams=2,
        material_system=_MATERIAL.get(platform, "null"),
    )


def _statuses(platform: str) -> list[PrinterStatus]:
    """The printer in every scenario, and the same with every value moved."""
    statuses = []
    for scenario in _SCENARIOS:
        sim = _printing(platform, 10)
        sim.advance(60)
        if scenario != "printing":
            sim.set_scenario(scenario)
        payload = sim.status(include_material_system=True)
        statuses.append(PrinterStatus.from_dict(payload))
        moved = _perturbed(payload)
        moved["JobStatus"]["SubState"] = "Bed leveling"  # no scenario reports one
        statuses.append(PrinterStatus.from_dict(moved))
    # A Moonraker warm-up without file metadata: the time left repeats the elapsed time.
    warming = copy.deepcopy(payload)
    warming["JobStatus"]["State"] = "warmingup"
    current = warming["JobStatus"]["CurrentPrint"]
    current["TimeLeftSec"] = current["DurationSec"] = 95
    statuses.append(PrinterStatus.from_dict(warming))
    return statuses


def test_every_field_in_one_part() -> None:
    """Every field of the status belongs to exactly one part: none can change unseen."""
    named = [path for paths in FIELD_PATHS.values() for path in paths]
    assert len(named) == len(set(named))
    assert sorted(named) == sorted(_leaves(PrinterStatus()))
    assert set(FIELD_PATHS) == set(_FIELDS)
    assert reduce(int.__or__, StatusField) == ALL_FIELDS


def test_changed_fields_finds_what_differs() -> None:
    """``changed_fields`` is exactly the parts with a differing value, and ALWAYS."""
    statuses = [status for platform in PLATFORMS for status in _statuses(platform)]
    always = int(StatusField.ALWAYS)
    seen = 0
    for before in statuses:
        for after in statuses:
            expected = always
            for field, paths in FIELD_PATHS.items():
                if any(_get(before, p) != _get(after, p) for p in paths):
                    expected |= field
            assert changed_fields(before, after) == expected
            # Read with the previous status: what is the same JSON is the same object.
            reread = PrinterStatus.from_dict(after.raw, before)
            assert changed_fields(before, reread) == expected
            seen |= expected
    assert seen == ALL_FIELDS  # every part differed somewhere
    status = statuses[0]
    same = PrinterStatus.from_dict(dict(status.raw))
    assert same is not status
    assert changed_fields(status, same) == always


def _alternatives(
    pool: list[PrinterStatus], field: StatusField
) -> list[tuple[Any, ...]]:
    """Every distinct value the part takes in ``pool``, and unknown (as nothing is read)."""
    paths = FIELD_PATHS[field]
    values = {tuple(_get(status, path) for path in paths) for status in pool}
    return [*values, tuple(_get(PrinterStatus(), path) for path in paths)]


@pytest.fixture
def simulator(request: pytest.FixtureRequest) -> Simulator:
    """The platform under test mid-print, with two webcams and its material system."""
    return _printing(request.param, 50)


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
@pytest.mark.parametrize("simulator", PLATFORMS, indirect=True)
async def test_entities_show_only_what_they_read(
    hass: HomeAssistant, simulator: Simulator, simulator_entry: MockConfigEntry
) -> None:
    """No entity shows anything different when only parts it does not read change.

    Its state key (what it writes), attributes and availability are compared for each
    status of the printer against the same status with one other part replaced by every
    value that part takes on any platform, and by unknown.
    """
    entry = await setup_entry(hass, simulator_entry)
    coordinator = entry.runtime_data.coordinator
    entities = [
        entity
        for platform_ in async_get_platforms(hass, DOMAIN)
        for entity in platform_.entities.values()
        if isinstance(entity, OctoEverywhereEntity)
    ]
    checked = [e for e in entities if e._reads != ALL_FIELDS]
    assert len(checked) >= 15

    def shown(status: PrinterStatus) -> list[Any]:
        coordinator.data = OctoEverywhereData(status=status)
        return [
            (entity.available, entity._state_key(), entity.extra_state_attributes)
            for entity in checked
        ]

    pool = [status for name in PLATFORMS for status in _statuses(name)]
    compared = 0
    for base in _statuses(simulator.settings.platform):
        expected = shown(base)
        for field in _FIELDS:
            readers = [i for i, e in enumerate(checked) if e._reads & field]
            for values in _alternatives(pool, field):
                changed = base
                for path, value in zip(FIELD_PATHS[field], values, strict=True):
                    changed = _set(changed, path, value)
                now = shown(changed)
                for index, entity in enumerate(checked):
                    if index not in readers:
                        assert now[index] == expected[index], (
                            entity.entity_id,
                            field,
                            values,
                        )
                        compared += 1
    assert compared > 10_000
