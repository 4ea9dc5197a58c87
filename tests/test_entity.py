"""Entities added as the printer reports them: each is built once, whatever Home Assistant does.

Home Assistant refuses an entity whose registry entry is disabled and runs its removal
callbacks; an entity must not be built again on the next poll only to be refused again.
"""

from collections import Counter
import copy
import dataclasses
import random
from typing import Any
from unittest.mock import AsyncMock, Mock, patch

from freezegun.api import FrozenDateTimeFactory
from hypothesis import given, settings, strategies as st
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.octoeverywhere import (
    binary_sensor,
    button,
    camera,
    number,
    sensor,
)
from custom_components.octoeverywhere.api import ALL_FIELDS, PrinterStatus
from custom_components.octoeverywhere.const import ACTIVE_INTERVAL
from custom_components.octoeverywhere.coordinator import (
    EntityUpdates,
    EquipmentListeners,
)
from custom_components.octoeverywhere.entity import (
    ByEquipment,
    async_add_entities_when_reported,
    described_entities,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.entity_platform import async_get_platforms
from octoeverywhere_simulator import ManualClock, Simulator

from .conftest import load_json, next_poll, setup_entry
from .test_fuzz import FUZZ, json_scalars, mutated_payloads

PROGRESS_SENSOR = "sensor.test_printer_progress"

# Hypothesis' own PRNG bookkeeping warns on Python 3.14; nothing of this module's.
pytestmark = pytest.mark.filterwarnings("ignore:It looks like `register_random`")


@pytest.fixture
def simulator() -> Simulator:
    """A printer mid-print with three webcams; only the default one is enabled by default."""
    return Simulator(
        "moonraker", "printing", clock=ManualClock(), progress=50, webcams=3
    )


@pytest.fixture
def built() -> Counter[str]:
    """Count the sensors and cameras built, by entity key."""
    counted: Counter[str] = Counter()

    class CountedSensor(sensor.OctoEverywhereSensor):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            counted[self.entity_description.key] += 1

    class CountedCamera(camera.OctoEverywhereCamera):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            counted[f"camera_{self._index}"] += 1

    with (
        patch.object(sensor, "OctoEverywhereSensor", CountedSensor),
        patch.object(camera, "OctoEverywhereCamera", CountedCamera),
    ):
        yield counted


async def test_disabled_by_default_built_once(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    entity_registry: er.EntityRegistry,
    simulator: Simulator,
    simulator_entry: MockConfigEntry,
    built: Counter[str],
) -> None:
    """The elapsed time and the other webcams are built once across 10 changed polls."""
    await setup_entry(hass, simulator_entry)
    progress = {hass.states.get("sensor.sim_printer_progress").state}
    for _ in range(10):
        await next_poll(hass, freezer, ACTIVE_INTERVAL, simulator=simulator, seconds=10)
        progress.add(hass.states.get("sensor.sim_printer_progress").state)
    assert len(progress) == 11  # every poll changed something

    for entity_id in (
        "sensor.sim_printer_time_elapsed",
        "camera.sim_printer_old_usb_cam",
    ):
        entry = entity_registry.async_get(entity_id)
        assert entry is not None
        assert entry.disabled_by is er.RegistryEntryDisabler.INTEGRATION
        assert hass.states.get(entity_id) is None
    assert built["time_elapsed"] == 1
    assert built["camera_1"] == built["camera_2"] == 1
    assert set(built.values()) == {1}


async def test_renamed_entity_built_once(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    entity_registry: er.EntityRegistry,
    simulator: Simulator,
    simulator_entry: MockConfigEntry,
    built: Counter[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A renamed entity id moves the entity; polls build no second one beside it."""
    await setup_entry(hass, simulator_entry)
    entity_registry.async_update_entity(
        "sensor.sim_printer_progress", new_entity_id="sensor.benchy_progress"
    )
    await hass.async_block_till_done()
    for _ in range(3):
        await next_poll(hass, freezer, ACTIVE_INTERVAL, simulator=simulator, seconds=10)

    assert hass.states.get("sensor.sim_printer_progress") is None
    assert hass.states.get("sensor.benchy_progress").state == "50.8"
    assert built["progress"] == 1
    assert "already exists" not in caplog.text


def _doing_otherwise(
    payload: dict[str, Any], rng: random.Random, pool: list[Any]
) -> Any:
    """``payload`` with what the printer is doing replaced, what it has kept.

    Its state texts, the current print's values, the bed and hotend temperatures and what
    OctoEverywhere knows of the print change; the features, the host's version, which keys
    the job reports, the chamber values, lights, webcams and material system stay.
    """
    changed = copy.deepcopy(payload)
    if isinstance(job := changed.get("JobStatus"), dict):
        for key in ("State", "SubState", "Error"):
            if key in job:
                job[key] = rng.choice(pool)
        if isinstance(current := job.get("CurrentPrint"), dict):
            for key in current:
                if key != "Temps":
                    current[key] = rng.choice(pool)
            if isinstance(temps := current.get("Temps"), dict):
                for key in ("BedActual", "BedTarget", "HotendActual", "HotendTarget"):
                    temps[key] = rng.choice(pool)
    changed["OctoEverywhereStatus"] = rng.choice(pool)
    return changed


def _keys(status: PrinterStatus | None) -> list[list[str]]:
    return [
        [key for key, _ in described_entities(descriptions, lambda _: None)(status)]
        for descriptions in (
            sensor.SENSORS,
            binary_sensor.BINARY_SENSORS,
            number.NUMBERS,
            button.BUTTONS,
        )
    ]


@settings(FUZZ, max_examples=300)
@given(
    mutated_payloads(),
    st.randoms(use_true_random=False),
    st.lists(json_scalars, min_size=1, max_size=4),
)
def test_entities_follow_equipment(
    payloads: list[Any], rng: random.Random, values: list[Any]
) -> None:
    """Which entities a status calls for depends on the printer's equipment alone.

    Entities are looked for again only when ``PrinterStatus.equipment`` changes: an entity
    description whose ``exists_fn`` read anything else would never appear.
    """
    payload = payloads[0]
    if not isinstance(payload, dict):
        return
    pool = [*values, None, 0, 1.5, "printing", "idle", {}, []]
    status = PrinterStatus.from_dict(payload)
    other = PrinterStatus.from_dict(_doing_otherwise(payload, rng, pool))
    assert other.equipment == status.equipment
    assert _keys(other) == _keys(status)


async def test_factories_asked_by_what_they_follow(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
    mock_client: AsyncMock,
) -> None:
    """A plain factory is asked after every changed poll, a ByEquipment one on changes.

    A plain factory may call for entities by anything in the status (here: the progress).
    """
    asked: Counter[str] = Counter()
    added: list[str] = []

    def factory(name: str) -> Any:
        def entities(status: PrinterStatus | None) -> Any:
            asked[name] += 1
            if status is not None and (status.known_progress or 0) > 50:
                yield f"{name}_past_half", lambda: Mock(name=f"{name}_past_half")

        return entities

    def add(entities: Any) -> None:
        added.extend(entity._extract_mock_name() for entity in entities)

    async_add_entities_when_reported(init_integration, add, factory("plain"))
    async_add_entities_when_reported(
        init_integration, add, ByEquipment(factory("by_equipment"))
    )
    payload = load_json("status_printing.json")["Result"]
    for progress in (43.0, 51.0):
        payload["JobStatus"]["CurrentPrint"]["Progress"] = progress
        mock_client.get_status.return_value = PrinterStatus.from_dict(payload)
        await next_poll(hass, freezer, ACTIVE_INTERVAL)
    assert asked == {"plain": 3, "by_equipment": 1}
    assert added == ["plain_past_half"]

    # A webcam more: the printer's equipment changed.
    payload["ListWebcams"]["Webcams"].append({"Name": "Nozzle"})
    mock_client.get_status.return_value = PrinterStatus.from_dict(payload)
    await next_poll(hass, freezer, ACTIVE_INTERVAL)
    assert asked == {"plain": 4, "by_equipment": 2}
    assert added == ["plain_past_half", "by_equipment_past_half"]


async def test_temperatures_steady_within_noise(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
    mock_client: AsyncMock,
) -> None:
    """A heater's noise writes no state: a move of 0.3 °C or more shows, to the tenth.

    The target, which has no noise, shows every change.
    """
    bed, target = (
        "sensor.test_printer_bed_temperature",
        "number.test_printer_bed_target",
    )
    before = hass.states.get(bed)
    assert before.state == "60.1"
    payload = load_json("status_printing.json")["Result"]
    temps = payload["JobStatus"]["CurrentPrint"]["Temps"]
    for reading in (60.12, 60.26, 59.86):  # 60.1, 60.3 and 59.9: within 0.2 °C
        temps["BedActual"] = reading
        mock_client.get_status.return_value = PrinterStatus.from_dict(payload)
        await next_poll(hass, freezer, ACTIVE_INTERVAL)
        assert hass.states.get(bed).last_reported == before.last_reported

    temps["BedActual"] = 60.36  # 60.4: 0.3 °C from the 60.1 shown
    mock_client.get_status.return_value = PrinterStatus.from_dict(payload)
    await next_poll(hass, freezer, ACTIVE_INTERVAL)
    assert hass.states.get(bed).state == "60.4"
    temps["BedActual"] = 60.12  # 60.1: 0.3 °C back
    mock_client.get_status.return_value = PrinterStatus.from_dict(payload)
    await next_poll(hass, freezer, ACTIVE_INTERVAL)
    assert hass.states.get(bed).state == "60.1"

    shown = hass.states.get(target).state
    temps["BedTarget"] += 1
    mock_client.get_status.return_value = PrinterStatus.from_dict(payload)
    await next_poll(hass, freezer, ACTIVE_INTERVAL)
    assert float(hass.states.get(target).state) == float(shown) + 1


async def test_poll_asks_the_sensors_that_read_what_changed(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
    mock_client: AsyncMock,
) -> None:
    """A poll reads the value of a sensor whose part of the status changed, once.

    The others are not asked: the bed's temperature did not change.
    """
    sensors = {
        entity.entity_id: entity
        for platform in async_get_platforms(hass, "octoeverywhere")
        for entity in platform.entities.values()
        if isinstance(entity, sensor.OctoEverywhereSensor)
    }
    reads: Counter[str] = Counter()
    for entity_id in ("sensor.test_printer_bed_temperature", PROGRESS_SENSOR):
        entity = sensors[entity_id]
        value_fn = entity.entity_description.value_fn

        def counted(
            status: PrinterStatus, value_fn: Any = value_fn, key: str = entity_id
        ) -> Any:
            reads[key] += 1
            return value_fn(status)

        entity.entity_description = dataclasses.replace(
            entity.entity_description, value_fn=counted
        )
    payload = load_json("status_printing.json")["Result"]
    payload["JobStatus"]["CurrentPrint"]["Progress"] = 43.0
    mock_client.get_status.return_value = PrinterStatus.from_dict(payload)
    await next_poll(hass, freezer, ACTIVE_INTERVAL)
    assert hass.states.get(PROGRESS_SENSOR).state == "43.0"
    assert reads == {PROGRESS_SENSOR: 1}

    payload["JobStatus"]["CurrentPrint"]["Temps"]["BedActual"] = 61.3
    mock_client.get_status.return_value = PrinterStatus.from_dict(payload)
    await next_poll(hass, freezer, ACTIVE_INTERVAL)
    assert hass.states.get("sensor.test_printer_bed_temperature").state == "61.3"
    assert reads == {"sensor.test_printer_bed_temperature": 1, PROGRESS_SENSOR: 1}
    # Outside a poll, the value is read from the status again.
    progress = sensors[PROGRESS_SENSOR]
    payload["JobStatus"]["CurrentPrint"]["Progress"] = 44.0
    progress.coordinator.data = dataclasses.replace(
        progress.coordinator.data, status=PrinterStatus.from_dict(payload)
    )
    assert progress.native_value == 44.0


async def test_removed_entity_is_not_asked(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
    mock_client: AsyncMock,
) -> None:
    """An entity the user disabled is removed, and later polls no longer ask it."""
    progress = next(
        entity
        for platform in async_get_platforms(hass, "octoeverywhere")
        for entity in platform.entities.values()
        if entity.entity_id == PROGRESS_SENSOR
    )
    asked: list[str] = []
    handle = progress._handle_coordinator_update

    def counted() -> None:
        asked.append(progress.entity_id)
        handle()

    progress._handle_coordinator_update = counted  # type: ignore[method-assign]
    payload = load_json("status_printing.json")["Result"]
    payload["JobStatus"]["CurrentPrint"]["Progress"] = 43.0
    mock_client.get_status.return_value = PrinterStatus.from_dict(payload)
    await next_poll(hass, freezer, ACTIVE_INTERVAL)
    assert asked == [PROGRESS_SENSOR]

    er.async_get(hass).async_update_entity(
        PROGRESS_SENSOR, disabled_by=er.RegistryEntryDisabler.USER
    )
    await hass.async_block_till_done()
    assert hass.states.get(PROGRESS_SENSOR) is None
    payload["JobStatus"]["CurrentPrint"]["Progress"] = 44.0
    mock_client.get_status.return_value = PrinterStatus.from_dict(payload)
    await next_poll(hass, freezer, ACTIVE_INTERVAL)
    assert asked == [PROGRESS_SENSOR]
    assert hass.states.get("sensor.test_printer_bed_temperature") is not None


def test_equipment_listeners_share_one_listener() -> None:
    """The callbacks that follow the equipment share one coordinator listener.

    Each is called once per change of the equipment, in the order added (or not at all if
    another callback removed it first); with none left there is no listener.
    """
    listeners: list[Any] = []
    coordinator = Mock(name="coordinator", equipment_changes=0)

    def add_listener(listener: Any) -> Any:
        listeners.append(listener)
        return lambda: listeners.remove(listener)

    coordinator.async_add_listener.side_effect = add_listener
    equipment = EquipmentListeners(coordinator)
    called: list[str] = []
    removers: dict[str, Any] = {}

    def first() -> None:
        called.append("first")
        removers["second"]()

    def second() -> None:
        called.append("second")

    def third() -> None:
        called.append("third")

    removers["first"] = equipment.add(first, -1)
    removers["second"] = equipment.add(second, -1)
    removers["third"] = equipment.add(third, 0)  # has seen the equipment as it is
    assert listeners == [equipment]
    listeners[0]()
    assert called == ["first"]
    coordinator.equipment_changes = 1
    listeners[0]()
    assert called == ["first", "first", "third"]
    listeners[0]()  # a poll that did not change the equipment
    assert called == ["first", "first", "third"]

    # One added later has not seen the equipment: the next poll calls it, changed or not,
    # also when a callback adds it while the others are called.
    def late() -> None:
        called.append("late")

    def adder() -> None:
        called.append("adder")
        removers["late"] = equipment.add(late, -1)

    removers["adder"] = equipment.add(adder, -1)
    listeners[0]()
    assert called[3:] == ["adder"]
    listeners[0]()
    assert called[3:] == ["adder", "late"]
    listeners[0]()
    assert called[3:] == ["adder", "late"]
    for name in ("first", "third", "adder", "late"):
        removers[name]()
    assert listeners == []


def test_entity_updates_share_one_listener() -> None:
    """The printer's entities share one coordinator listener, called in the order added.

    One entity that raises is logged and the others still update, as Home Assistant's
    coordinator does for listeners of their own; with no entity left there is no listener
    (a coordinator polls only while it has one).
    """
    listeners: list[Any] = []
    coordinator = Mock(name="coordinator")
    coordinator.name = "Printer"

    def add_listener(listener: Any) -> Any:
        listeners.append(listener)
        return lambda: listeners.remove(listener)

    coordinator.async_add_listener.side_effect = add_listener
    updates = EntityUpdates(coordinator)
    assert listeners == []
    called: list[str] = []

    class Listener:
        _reads = int(ALL_FIELDS)

        def __init__(self, name: str, *, fails: bool = False) -> None:
            self.name = name
            self.fails = fails

        def _handle_coordinator_update(self) -> None:
            called.append(self.name)
            if self.fails:
                raise RuntimeError("broken entity")

    first, broken, last = (
        Listener("first"),
        Listener("broken", fails=True),
        Listener("last"),
    )
    for entity in (first, broken, last):
        updates.add(entity)
    assert listeners == [updates]
    listeners[0]()
    assert called == ["first", "broken", "last"]
    coordinator.logger.exception.assert_called_once_with(
        "Unexpected error updating listener %s for %s", id(broken), "Printer"
    )
    updates.remove(broken)
    updates.remove(first)
    updates.add(first)
    called.clear()
    listeners[0]()
    assert called == ["last", "first"]
    updates.remove(last)
    updates.remove(first)
    assert listeners == []
    updates.add(last)
    assert listeners == [updates]
