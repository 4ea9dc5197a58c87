"""Print events exactly once, proven by random histories against the simulator (hypothesis).

Each example is a history of one printer (Klipper, over real HTTP on 127.0.0.1) and one
config entry: prints that start, complete, fail, are cancelled, paused and resumed, Gadget
warnings; faults between polls (timeouts, HTTP 5xx, 601 offline, 785/787 from the plugin);
Home Assistant restarting at random moments (unload, the storage kept, set up again) while
the printer goes on; and each webhook notification delivered, duplicated, delayed past the
next poll (and then delivered out of order), or lost. The simulator's own record of what
happened is the truth. For every print id:

- exactly one ``started`` once the print was observable (a status showed it, or a
  notification of it was delivered), none before (the print running when the printer was
  added is not started again);
- at most one end (``complete``, ``failed`` or ``cancelled``), exactly one whenever its end was
  observable (a status showed it ended, or its end notification was delivered), of the true
  type whenever a status showed it (a notification alone cannot tell a cancel from a failure:
  OctoEverywhere sends "failed" for both);
- nothing fired twice: each once-per-print event once, progress steps unique and increasing,
  no more pauses, resumes and errors than happened;
- ``started`` first, nothing of a running print after its end;
- what fired during a setup is ``missed``; without restarts and faults nothing is;
- the statistics count each end once; the last print is the last end.

``scripts/test`` runs PROPERTY_EXAMPLES histories; ``HYPOTHESIS_PROFILE=thorough`` runs more
(see tests/conftest.py).
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
import itertools
import logging
import os
import time
from typing import Any
from unittest.mock import patch

from aiohttp.test_utils import TestServer
from freezegun.api import FrozenDateTimeFactory
from hypothesis import HealthCheck, given, settings, strategies as st
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.octoeverywhere.api.transport import DEFAULT_TIMEOUT
from custom_components.octoeverywhere.const import (
    CONF_AUTH_TYPE,
    CONF_WEBHOOK_SECRET,
    DOMAIN,
)
from custom_components.octoeverywhere.event_hub import EVENT_OCTOEVERYWHERE
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import CONF_URL, CONF_WEBHOOK_ID, Platform
from homeassistant.core import Event, HomeAssistant, callback
from octoeverywhere_simulator import Fault, ManualClock, Simulator
from octoeverywhere_simulator.printer import ACTIVE_STATES, RUNNING_STATES, PauseOptions

from .conftest import FIGURES

# Hypothesis' own PRNG bookkeeping warns on Python 3.14; nothing of this module's.
pytestmark = pytest.mark.filterwarnings("ignore:It looks like `register_random`")

PROPERTY_EXAMPLES = 500
EXAMPLES = max(PROPERTY_EXAMPLES, settings.default.max_examples)
THOROUGH = os.environ.get("HYPOTHESIS_PROFILE") == "thorough"
PRINT_SEC = 1200.0
# Home Assistant's time per step of a history; the printer's time moves as drawn.
STEP_SEC = 5.0
# A delayed notification arrives with the next poll, or after this much time at the latest.
MAX_DELAY_SEC = 60.0
END_TYPES = {"complete", "failed", "cancelled"}
TRUE_STATE = {"complete": "complete", "cancelled": "cancelled", "failed": "error"}
END_OF_STATE = {state: end for end, state in TRUE_STATE.items()}
ONCE_PER_PRINT = {
    "started",
    "first_layer_complete",
    "third_layer_complete",
    "gadget_warning",
    "bed_cooldown_complete",
}
DURING_PRINT = {
    "started",
    "progress",
    "paused",
    "resumed",
    "first_layer_complete",
    "third_layer_complete",
    "gadget_warning",
}
# Notifications that tell of a print: its start, progress, end (not 9: an error while idle
# carries the last print's id too).
OF_A_PRINT = {1, 2, 3, 4, 5, 6, 7, 10, 14}
ENTRY_IDS = itertools.count()


def _clock() -> float:
    """Real seconds: freezegun moves time.monotonic and time.perf_counter with the test."""
    return time.clock_gettime(time.CLOCK_MONOTONIC)


STATS: dict[str, Any] = {"examples": 0, "steps": Counter(), "events": 0, "prints": 0}

# --- The histories --------------------------------------------------------------------------

FAULTS = {
    "http502": Fault(http_status=502),
    "http503": Fault(http_status=503, body="html"),
    "drop": Fault(drop=True),
    "offline601": Fault(http_status=601),
    "plugin785": Fault(plugin_status=785),
    "plugin787": Fault(plugin_status=787),
}
ADVANCES = [1, 10, 60, 120, 300, 600, 1500]
# Printing, polling and time passing are drawn more often than the rest.
steps = st.one_of(
    st.tuples(st.just("advance"), st.sampled_from(ADVANCES)),
    st.tuples(st.just("advance"), st.sampled_from(ADVANCES)),
    st.tuples(st.just("poll"), st.just(0)),
    st.tuples(st.just("poll"), st.just(0)),
    st.tuples(st.just("poll"), st.just(0)),
    st.tuples(st.just("start"), st.just(0)),
    st.tuples(st.just("start"), st.just(0)),
    st.tuples(st.just("pause"), st.just(0)),
    st.tuples(st.just("resume"), st.just(0)),
    st.tuples(st.just("cancel"), st.just(0)),
    st.tuples(st.just("fail"), st.sampled_from(["Nozzle clog", "Thermal runaway"])),
    st.tuples(st.just("gadget"), st.just(0)),
    st.tuples(
        st.just("fault"), st.tuples(st.sampled_from(sorted(FAULTS)), st.integers(1, 3))
    ),
    st.tuples(st.just("timeout"), st.integers(1, 2)),
    st.tuples(st.just("offline"), st.sampled_from(["offline", "host_not_connected"])),
    st.tuples(st.just("online"), st.just(0)),
    st.tuples(
        st.just("restart"),
        st.tuples(
            st.sampled_from([1, 60, 300, 900, 2000]),
            st.sampled_from(["none", "start", "cancel", "fail", "start_and_finish"]),
        ),
    ),
)
FATES = ["now", "now", "now", "delayed", "duplicated", "lost"]


@dataclass
class Truth:
    """What happened to one print, from the simulator's events."""

    end: str | None = None
    pauses: int = 0
    resumes: int = 0
    errors: int = 0


@dataclass
class Notification:
    """A notification on its way: its payload and when it is due."""

    payload: dict[str, Any]
    due: float  # Home Assistant's time (seconds since the example began)


@dataclass
class History:
    """One example: the simulator, the entry, and what was seen and fired."""

    hass: HomeAssistant
    freezer: FrozenDateTimeFactory
    client: Any
    data: st.DataObject
    sim: Simulator
    entry: MockConfigEntry
    truth: dict[str, Truth] = field(default_factory=lambda: defaultdict(Truth))
    fired: list[dict[str, Any]] = field(default_factory=list)
    # (print id, state) of every status the simulator served.
    served: list[tuple[str | None, str | None]] = field(default_factory=list)
    delivered: list[dict[str, Any]] = field(default_factory=list)
    outbox: list[Notification] = field(default_factory=list)
    collected: int = 0
    now: float = 0.0
    up: bool = False
    setting_up: bool = False
    troubled: bool = False  # faults, offline or restarts: events may be missed
    timeouts: int = 0  # polls that time out
    baseline: str | None = None

    # --- the printer ---

    def collect(self) -> None:
        """Take the simulator's new events: the truth, and notifications while HA is up."""
        self.sim.tick()
        for event in self.sim.events[self.collected :]:
            print_id = event.data.get("PrintId")
            if print_id is not None:
                truth = self.truth[print_id]
                match event.type:
                    case 2:
                        truth.end = "complete"
                    case 3:
                        truth.end = "failed" if "Error" in event.data else "cancelled"
                    case 4:
                        truth.pauses += 1
                    case 5:
                        truth.resumes += 1
                    case 9:
                        truth.errors += 1
            if not self.up:
                continue  # sent while Home Assistant was down: lost
            payload = self.sim.webhooks.payload(event.type, event.data)
            payload["SecretKey"] = self.entry.data[CONF_WEBHOOK_SECRET]
            fate = self.data.draw(st.sampled_from(FATES), label="fate")
            if fate in ("now", "duplicated"):
                self.outbox.append(Notification(payload, self.now))
            if fate in ("delayed", "duplicated"):
                self.outbox.append(
                    Notification(dict(payload), self.now + MAX_DELAY_SEC)
                )
        self.collected = len(self.sim.events)

    def act(self, action: str, value: Any) -> None:
        """Do something to the printer (nothing when its state does not allow it)."""
        sim, printer = self.sim, self.sim.printer
        match action:
            case "start" if printer.state not in ACTIVE_STATES:
                sim.set_scenario("printing")
            case "start_and_finish" if printer.state not in ACTIVE_STATES:
                sim.set_scenario("printing")
                sim.advance(PRINT_SEC + 600)
            case "pause" if printer.state in RUNNING_STATES:
                printer.pause(PauseOptions(suppress_notification=False), reason="user")
            case "resume":
                printer.resume()
            case "cancel":
                printer.cancel()
            case "fail":
                printer.fail(value)
            case "gadget":
                sim.gadget(warn=True)
            case _:
                pass
        self.collect()

    # --- Home Assistant ---

    async def tick(self, seconds: float = STEP_SEC) -> None:
        self.now += seconds
        self.freezer.tick(seconds)

    async def deliver(self, *, all_due: bool = False, after_poll: bool = False) -> None:
        """Deliver what is due: now, or delayed ones after a poll (out of order)."""
        due = [
            item
            for item in self.outbox
            if item.due <= self.now or all_due or after_poll
        ]
        if not due:
            return
        self.outbox = [item for item in self.outbox if item not in due]
        if (
            after_poll
            and len(due) > 1
            and self.data.draw(st.booleans(), label="reverse")
        ):
            due.reverse()
        for item in due:
            self.delivered.append(item.payload)
            response = await self.client.post(
                f"/api/webhook/{self.entry.data[CONF_WEBHOOK_ID]}", json=item.payload
            )
            assert response.status == 200
            await self.hass.async_block_till_done(wait_background_tasks=True)

    async def poll(self) -> None:
        client = self.entry.runtime_data.coordinator.client
        served = len(self.served)
        timeout = self.timeouts > 0
        if timeout:
            # Home Assistant's clock stands still in this test: a limit of 0 s times out.
            self.timeouts -= 1
            client._timeout = 0
        try:
            await self.entry.runtime_data.coordinator.async_refresh()
        finally:
            client._timeout = DEFAULT_TIMEOUT
        await self.hass.async_block_till_done()
        if timeout:
            del self.served[served:]  # the answer came too late: never read

    async def setup(self) -> None:
        self.setting_up = True
        if not await self.hass.config_entries.async_setup(self.entry.entry_id):
            # The first poll failed (a fault): Home Assistant retries the setup.
            while self.entry.state is not ConfigEntryState.LOADED:
                assert self.entry.state is ConfigEntryState.SETUP_RETRY
                await self.tick()
                await self.hass.config_entries.async_reload(self.entry.entry_id)
        await self.hass.async_block_till_done()
        self.setting_up = False
        self.up = True

    async def restart(self, down_sec: int, meanwhile: str) -> None:
        assert await self.hass.config_entries.async_unload(self.entry.entry_id)
        await self.hass.async_block_till_done()
        self.up = False
        self.troubled = True
        self.sim.advance(down_sec)
        self.act(meanwhile, "Heater error")
        self.sim.advance(1)
        self.collect()
        await self.tick(30)
        await self.setup()


async def _run(history: History, program: list[tuple[str, Any]]) -> None:
    sim = history.sim
    for action, value in program:
        STATS["steps"][action] += 1
        await history.tick()
        match action:
            case "advance":
                sim.advance(value)
                history.collect()
            case "poll":
                await history.poll()
                history.collect()
                await history.deliver(after_poll=True)
            case "timeout":
                history.timeouts += value
                history.troubled = True
            case "fault":
                name, count = value
                fault = FAULTS[name]
                sim.faults.add(
                    Fault(
                        http_status=fault.http_status,
                        plugin_status=fault.plugin_status,
                        body=fault.body,
                        drop=fault.drop,
                        count=count,
                        paths=("status",),
                    )
                )
                history.troubled = True
            case "offline":
                sim.set_scenario(value)
                history.troubled = True
            case "online":
                sim.set_scenario("online")
            case "restart":
                await history.restart(*value)
            case _:
                history.act(action, value)
        await history.deliver()
    # The end: the printer reachable again, every notification delivered, two polls.
    sim.clear_faults()
    sim.set_scenario("online")
    history.timeouts = 0
    await history.tick()
    await history.poll()
    await history.deliver(all_due=True)
    await history.tick()
    await history.poll()


# --- The properties ---------------------------------------------------------------------------


def _check(history: History) -> None:  # noqa: C901 - one assertion per property
    fired = history.fired
    by_print: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for event in fired:
        if "print_id" in event:
            by_print[event["print_id"]].append(event)
    served_ids = {print_id for print_id, _ in history.served}
    served_ends = {
        (print_id, state)
        for print_id, state in history.served
        if state in ("complete", "cancelled", "error")
    }
    notified = {
        (payload.get("PrintId"), payload["EventType"]) for payload in history.delivered
    }
    for print_id, truth in history.truth.items():
        events = by_print.get(print_id, [])
        types = [event["event_type"] for event in events]
        context = (
            print_id,
            truth,
            types,
            [served for served in history.served if served[0] == print_id],
            [number for seen_id, number in notified if seen_id == print_id],
        )
        observable = print_id in served_ids or any(
            (print_id, number) in notified for number in OF_A_PRINT
        )
        # Started once, first.
        if print_id == history.baseline or not observable:
            assert types.count("started") <= (
                0 if print_id == history.baseline else 1
            ), context
        else:
            assert types.count("started") == 1, context
        # An error names the printer's last print, started or not: not part of its life.
        life = [kind for kind in types if kind in DURING_PRINT | END_TYPES]
        if "started" in life:
            assert life[0] == "started", context
        # One end at most; one when observable; the true type when a status showed it.
        ends = [kind for kind in types if kind in END_TYPES]
        assert len(ends) <= 1, context
        states = {state for (seen_id, state) in served_ends if seen_id == print_id}
        notified_end = (print_id, 2) in notified or (print_id, 3) in notified
        if truth.end is None:
            assert not ends, context
        elif states or notified_end:
            assert len(ends) == 1, context
        if ends and TRUE_STATE[truth.end] in states:
            assert ends[0] == truth.end, context
        elif ends:
            # What the statuses showed (e.g. an error after the print completed unseen),
            # or a "failed" notification (a cancel too) is all there was to go by.
            allowed = {truth.end} | {END_OF_STATE[state] for state in states}
            if (print_id, 3) in notified:
                allowed |= {"failed", "cancelled"}
            assert ends[0] in allowed, context
        # Nothing of a running print after its end.
        if ends:
            after = types[types.index(ends[0]) + 1 :]
            assert not set(after) & DURING_PRINT, context
        # Nothing twice.
        for kind in ONCE_PER_PRINT:
            assert types.count(kind) <= 1, context
        steps = [
            event["progress"] for event in events if event["event_type"] == "progress"
        ]
        assert steps == sorted(set(steps)), context
        assert types.count("paused") <= truth.pauses, context
        assert types.count("resumed") <= truth.resumes, context
        assert types.count("error") <= truth.errors, context
    assert set(by_print) <= set(history.truth) | {history.baseline}
    # Missed: during setups always; never in a history without trouble.
    for event in fired:
        if event["during_setup"]:
            assert event["missed"] is True, event
        if not history.troubled:
            assert event["missed"] is False, event
    # The statistics count each end once; the last print is the last end.
    statistics = history.entry.runtime_data.events.statistics
    counts = Counter(event["event_type"] for event in fired)
    assert (statistics.completed, statistics.failed, statistics.cancelled) == (
        counts["complete"],
        counts["failed"],
        counts["cancelled"],
    )
    last_end = next(
        (event for event in reversed(fired) if event["event_type"] in END_TYPES), None
    )
    last_print = history.entry.runtime_data.events.last_print
    if last_end is None:
        assert last_print is None
    else:
        assert last_print is not None
        assert (last_print.result.value, last_print.print_id) == (
            last_end["event_type"],
            last_end.get("print_id"),
        )


# --- The test ---------------------------------------------------------------------------------


@pytest.fixture
async def webhook_client(
    hass: HomeAssistant,
    hass_client_no_auth: ClientSessionGenerator,
    caplog: pytest.LogCaptureFixture,
) -> Any:
    """A client of Home Assistant's HTTP server (the webhook's), set up once."""
    # Its access log cannot format a frozen clock's time (a logged error per request).
    caplog.set_level(logging.WARNING, logger="aiohttp.access")
    assert await _async_setup_http(hass)
    return await hass_client_no_auth()


async def _async_setup_http(hass: HomeAssistant) -> bool:
    from homeassistant.setup import async_setup_component  # noqa: PLC0415

    return await async_setup_component(hass, "webhook", {})


# The suite's 600 s limit per test is for hangs; thousands of histories take longer.
@pytest.mark.timeout(0 if THOROUGH else 600)
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    # The same histories on every run of scripts/test; new ones under the thorough profile.
    derandomize=not THOROUGH,
    suppress_health_check=list(HealthCheck),
)
@given(
    data=st.data(),
    first=st.sampled_from(["idle", "printing"]),
    program=st.lists(steps, min_size=6, max_size=24),
)
async def test_every_print_event_exactly_once(
    hass: HomeAssistant,
    socket_enabled: None,
    freezer: FrozenDateTimeFactory,
    webhook_client: Any,
    data: st.DataObject,
    first: str,
    program: list[tuple[str, Any]],
) -> None:
    """Whatever happens, each print's events fire once, in order, of the true type."""
    started = _clock()
    sim = Simulator(
        "moonraker",
        first,
        clock=ManualClock(),
        print_duration=PRINT_SEC,
        progress=35 if first == "printing" else None,
    )
    server = TestServer(sim.create_app(), host="127.0.0.1")
    await server.start_server(access_log=None)
    number = next(ENTRY_IDS)
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Sim printer",
        entry_id=f"01KPROPERTY{number:015d}",
        unique_id=f"property{number}",
        data={CONF_URL: str(server.make_url("/")).rstrip("/"), CONF_AUTH_TYPE: "none"},
    )
    entry.add_to_hass(hass)
    history = History(hass, freezer, webhook_client, data, sim, entry)
    history.baseline = sim.printer.last_print_id
    history.collected = len(sim.events)
    served = sim.status

    def serve(include_material_system: bool = False) -> dict[str, Any]:
        status = served(include_material_system)
        history.served.append(
            (
                status["OctoEverywhereStatus"]["MostRecentPrintIdStr"],
                status["JobStatus"]["State"],
            )
        )
        return status

    sim.status = serve  # type: ignore[method-assign]

    @callback
    def _record(event: Event) -> None:
        if event.data["config_entry_id"] == entry.entry_id:
            history.fired.append({**event.data, "during_setup": history.setting_up})

    unsubscribe = hass.bus.async_listen(EVENT_OCTOEVERYWHERE, _record)
    try:
        with patch("custom_components.octoeverywhere.PLATFORMS", [Platform.EVENT]):
            await history.setup()
            await _run(history, program)
            _check(history)
    finally:
        unsubscribe()
        with patch("custom_components.octoeverywhere.PLATFORMS", [Platform.EVENT]):
            await hass.config_entries.async_remove(entry.entry_id)
        await server.close()
    STATS["examples"] += 1
    STATS["events"] += len(history.fired)
    STATS["prints"] += len(history.truth)
    STATS.setdefault("seconds", 0.0)
    STATS["seconds"] += _clock() - started


def test_property_ran_enough_examples() -> None:
    """The property above ran its examples (figures printed for the report)."""
    if not STATS["examples"]:
        pytest.skip("the property test did not run in this session")
    FIGURES.append(
        f"print events property: {STATS['examples']} histories, "
        f"{sum(STATS['steps'].values())} steps, {STATS['events']} events fired, "
        f"{STATS['prints']} prints, {STATS['seconds']:.1f} s"
    )
    assert STATS["examples"] >= PROPERTY_EXAMPLES
