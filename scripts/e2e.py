"""End-to-end test against a real Home Assistant: ``scripts/e2e`` runs this.

Starts the printer simulator (a Klipper printer mid-print behind an App Connection with HTTP
Basic credentials) and ``hass`` with a fresh configuration directory, then does what a user does,
through the same HTTP and WebSocket APIs as the frontend:

onboarding -> add the printer (wrong password, then the right one) -> check the device and every
entity against the simulator -> light, temperature, pause/resume -> the printer card in Chromium
(scripts/e2e_card.py) -> webhook notifications from the options flow -> an automation saved from
each blueprint with its defaults -> the print completes (a Home Assistant notification from the
print-finished one) -> 606 -> reauthentication (a reload: no blueprint automation triggers) ->
another print starts -> clean shutdown -> the print completes while Home Assistant is stopped ->
Home Assistant starts again: one `complete` with ``missed: true``, the last print and the
statistics -> clean shutdown -> no errors from the integration and no warnings from the
automations in ``home-assistant.log`` (both runs).

Exit status 0 when every check passed; otherwise the failed check, the tail of
``home-assistant.log`` and the kept working directory are printed.
"""

import argparse
import asyncio
import base64
from collections import Counter
from datetime import UTC, datetime
import math
import re
import signal
import sys
import time
import traceback
from typing import Any

import aiohttp
from browser import prepare
from e2e_card import (
    CARD,
    COLD_OPENS,
    add_card_dashboard,
    card_state,
    open_cold,
    wait_card,
)
from e2e_harness import (
    DOMAIN,
    SIM_PASSWORD,
    SIM_USERNAME,
    E2EError,
    HomeAssistantClient,
    LogRecord,
    SimulatorClient,
    Stack,
    Timer,
    WebSocket,
    add_integration,
    check,
    expect_form,
    read_log,
    wait_for,
)

from homeassistant.const import __version__ as HA_RELEASE

SIM_ARGS = (
    "--platform",
    "moonraker",
    "--scenario",
    "printing",
    "--progress",
    "40",
    "--auth",
    "basic",
    "--username",
    SIM_USERNAME,
    "--password",
    SIM_PASSWORD,
    # Simulated time nearly stands still; the test moves it with /_sim/advance. So the printer
    # reports exactly what Home Assistant last polled, and nothing happens by chance.
    "--speed",
    "0.001",
)
BASIC_AUTH = (
    "Basic " + base64.b64encode(f"{SIM_USERNAME}:{SIM_PASSWORD}".encode()).decode()
)

# Every entity a Klipper printer with a chamber, a case light and one webcam gets:
# (platform, key), where the unique id is "<entry id>_<key>".
EXPECTED_ENTITIES = {
    *(
        ("sensor", key)
        for key in (
            "state",
            "progress",
            "time_elapsed",
            "time_remaining",
            "estimated_finish",
            "print_start",
            "file_name",
            "current_layer",
            "total_layers",
            "filament_used",
            "filament_weight",
            "bed_temperature",
            "hotend_temperature",
            "chamber_temperature",
            "gadget_score",
            "status_detail",
            "error_message",
            "last_print_result",
            "last_print_file",
            "last_print_duration",
            "last_print_filament",
            "prints_completed",
            "prints_failed",
            "prints_cancelled",
            "print_time_total",
            "filament_used_total",
        )
    ),
    *(
        ("binary_sensor", key)
        for key in ("printing", "problem", "connected", "gadget_warning")
    ),
    *(("button", key) for key in ("pause", "resume", "cancel", "home")),
    *(("number", key) for key in ("bed_target", "hotend_target", "chamber_target")),
    ("light", "light_caselight"),
    ("camera", "camera_0"),
    ("event", "print_event"),
}
DISABLED_BY_DEFAULT = {("sensor", "time_elapsed"), ("sensor", "status_detail")}

# Log records of the integration that the test itself provokes and that are not a fault:
# Home Assistant's coordinator logs the injected 606 at ERROR (and its traceback at DEBUG).
EXPECTED_INTEGRATION_RECORDS = (
    ("ERROR", re.compile(r"Authentication failed while fetching .* data: .*\(606\)")),
    ("DEBUG", re.compile(r"^Full error:$")),
)


# How Home Assistant words a deprecated use (helpers/frame.py, helpers/deprecation.py).
DEPRECATION = re.compile(r"deprecat|will stop working", re.IGNORECASE)


def close(actual: Any, expected: float, tolerance: float, what: str) -> None:
    """Check that a state string is a number within ``tolerance`` of ``expected``."""
    try:
        value = float(actual)
    except TypeError, ValueError:
        raise E2EError(f"{what}: expected about {expected}, got {actual!r}") from None
    check(
        math.isclose(value, expected, abs_tol=tolerance),
        f"{what}: expected {expected} ± {tolerance}, got {value}",
    )


class E2ETest:
    """The checks, in the order a user meets them."""

    def __init__(
        self,
        stack: Stack,
        ha: HomeAssistantClient,
        sim: SimulatorClient,
        timer: Timer,
    ) -> None:
        """Work on a started stack."""
        self.stack = stack
        self.ha = ha
        self.sim = sim
        self.timer = timer
        self.entry_id = ""
        self.entities: dict[tuple[str, str], str] = {}
        self.events: asyncio.Queue[Any] | None = None
        self.seen_events: list[dict[str, Any]] = []
        self.notes: list[str] = []
        self.finished_triggered: str | None = None

    def entity(self, platform: str, key: str) -> str:
        """Return the entity id of ``(platform, key)``."""
        return self.entities[(platform, key)]

    async def state(self, platform: str, key: str) -> dict[str, Any]:
        """Return the state object of ``(platform, key)``."""
        return await self.ha.state(self.entity(platform, key))

    async def wait_state(
        self, platform: str, key: str, expected: str, within: float = 30.0
    ) -> dict[str, Any]:
        """Wait until ``(platform, key)`` has the state ``expected``."""

        async def probe() -> dict[str, Any]:
            state = await self.state(platform, key)
            if state["state"] != expected:
                raise E2EError(
                    f"{self.entity(platform, key)} is {state['state']!r}, not {expected!r}"
                )
            return state

        return await wait_for(
            f"{self.entity(platform, key)} = {expected}", probe, within=within
        )

    async def refresh(self) -> None:
        """Ask for a poll now, as the UI's refresh does (``homeassistant.update_entity``)."""
        await self.ha.call_service(
            "homeassistant",
            "update_entity",
            {"entity_id": self.entity("sensor", "state")},
        )

    async def run(self) -> None:
        """Every step; each raises E2EError when a check fails."""
        self.tokens = await self.ha.onboard()
        self.timer.lap("onboarding (user, token, core_config, analytics, integration)")
        await self.add_printer()
        self.timer.lap(
            "config flow: wrong password -> invalid_auth, right one -> entry"
        )
        async with self.ha.websocket() as ws:
            self.events = await ws.subscribe(
                "subscribe_events", event_type=f"{DOMAIN}_event"
            )
            await self.check_device_and_entities(ws)
            self.timer.lap(
                f"device and {len(self.entities)} entities match the simulator"
            )
            await self.check_camera()
            self.timer.lap("camera still through /api/camera_proxy")
            await self.check_light()
            self.timer.lap("light.turn_on / light.turn_off reach the printer")
            await self.check_set_temperature()
            self.timer.lap("octoeverywhere.set_temperature reaches the printer")
            await self.check_buttons()
            self.timer.lap("pause and resume buttons")
            await self.check_card()
            self.timer.lap(
                f"printer card in Chromium: {COLD_OPENS} cold opens, what it shows, "
                "Cancel asks first, Pause and Resume reach the printer"
            )
            await self.check_webhook()
            self.timer.lap("options flow: webhook URL and secret; test notification")
            await self.add_blueprint_automations()
            self.timer.lap("each blueprint saved from the UI with its defaults, loaded")
            await self.check_complete()
            self.timer.lap(
                "print completes: one `complete` event (bus and event entity)"
            )
            await self.check_blueprint_notified(ws)
            self.timer.lap(
                "the print-finished blueprint: a Home Assistant notification"
            )
            await self.check_reauth(ws)
            self.timer.lap("606 -> reauth flow -> new credentials -> reloaded")
            await self.check_blueprints_after_reload()
            self.timer.lap("reload: no blueprint automation triggered")
            job = await self.start_next_print()
            self.timer.lap("another print starts: `started`")
        code = await self.stack.stop_hass()
        check(code == 0, f"Home Assistant exited with status {code} after SIGTERM")
        self.timer.lap("clean shutdown (SIGTERM, exit status 0)")
        await self.check_restart(job)
        self.timer.lap(
            "the print completes while Home Assistant is stopped: after its start, "
            "one `complete` with missed: true, last print and statistics"
        )
        code = await self.stack.stop_hass()
        check(code == 0, f"Home Assistant exited with status {code} after SIGTERM")
        self.timer.lap("clean shutdown again")
        self.check_log()
        self.timer.lap(
            "home-assistant.log: no errors, tracebacks or deprecations from the integration"
        )

    async def add_printer(self) -> None:
        """Add the printer as the UI does: the wrong password first."""
        self.entry_id, answers = await add_integration(
            self.ha, self.stack.sim_url, wrong_password_first=True
        )
        created = answers[-1]
        check(
            created["title"] == "Klipper printer", f"entry title {created['title']!r}"
        )
        check(
            created["result"]["state"] == "loaded", f"entry state {created['result']}"
        )
        # The first printer since the start: the success dialog says to reload the tab once
        # for the card (Home Assistant's frontend loads it when a page loads).
        check(
            created.get("description") == "reload_for_card",
            f"create-entry description {created.get('description')!r}",
        )
        # The flow's wrong password reached the simulator as a 606.
        refused = [
            request
            for request in await self.sim.requests()
            if request["response_status"] == 606
        ]
        check(refused, "the wrong password was never sent to the printer")

    async def check_device_and_entities(self, ws: WebSocket) -> None:
        """One device; exactly the expected entities; states equal to the simulator's."""
        devices = [
            device
            for device in await ws.call("config/device_registry/list")
            if device["config_entry_id"] == self.entry_id
        ]
        check(len(devices) == 1, f"expected one device, got {devices}")
        device = devices[0]
        self.device_id = device["id"]
        for key, expected in {
            "name": "Klipper printer",
            "manufacturer": "OctoEverywhere",
            "model": "Klipper (Moonraker)",
            # Moonraker's constant "1.0.0" tells nothing, so the version is left empty.
            "sw_version": None,
            "identifiers": [[DOMAIN, self.entry_id]],
        }.items():
            check(
                device[key] == expected,
                f"device {key}: expected {expected!r}, got {device[key]!r}",
            )

        registry = [
            entity
            for entity in await ws.call("config/entity_registry/list")
            if entity["config_entry_id"] == self.entry_id
        ]
        prefix = f"{self.entry_id}_"
        for entity in registry:
            check(
                entity["device_id"] == device["id"],
                f"{entity['entity_id']} is on another device",
            )
            check(
                entity["unique_id"].startswith(prefix),
                f"unique id {entity['unique_id']}",
            )
            platform = entity["entity_id"].split(".")[0]
            self.entities[(platform, entity["unique_id"].removeprefix(prefix))] = (
                entity["entity_id"]
            )
            disabled = (
                platform,
                entity["unique_id"].removeprefix(prefix),
            ) in DISABLED_BY_DEFAULT
            check(
                (entity["disabled_by"] == "integration") == disabled,
                f"{entity['entity_id']}: disabled_by {entity['disabled_by']!r}",
            )
        missing = EXPECTED_ENTITIES - set(self.entities)
        extra = set(self.entities) - EXPECTED_ENTITIES
        check(
            not missing and not extra,
            f"entities: missing {sorted(missing)}, unexpected {sorted(extra)}",
        )

        # Home Assistant polled once at setup; the printer has not moved since.
        await self.compare_with_simulator()

    async def compare_with_simulator(self) -> None:
        """Every enabled entity's state against the simulator's status payload."""
        sim = await self.sim.state()
        status = sim["status"]
        job = status["JobStatus"]
        current = job["CurrentPrint"]
        temps = current["Temps"]
        gadget = status["OctoEverywhereStatus"]["Gadget"]
        states = {
            key: await self.ha.state(entity_id)
            for key, entity_id in self.entities.items()
            if key not in DISABLED_BY_DEFAULT
        }

        def value(platform: str, key: str) -> Any:
            return states[(platform, key)]["state"]

        check(job["State"] == "printing", f"simulator not printing: {job['State']}")
        check(
            value("sensor", "state") == "printing", f"state {value('sensor', 'state')}"
        )
        # Each to the precision it is shown in: 0.1 %, whole minutes.
        close(value("sensor", "progress"), current["Progress"], 0.05, "progress %")
        close(
            value("sensor", "time_remaining"),
            current["TimeLeftSec"] / 60,
            0.5,
            "time remaining min",
        )
        finish = datetime.fromisoformat(value("sensor", "estimated_finish"))
        close(
            finish.timestamp(),
            time.time() + current["TimeLeftSec"],
            120,
            "estimated finish (Unix s)",
        )
        # The simulator reports the start as (real) now minus the print's simulated age, so
        # it moves with the wall clock; what Home Assistant shows is the start as of its last
        # poll: the time that state was written minus the duration then (about the same now).
        started = datetime.fromisoformat(value("sensor", "print_start"))
        polled = datetime.fromisoformat(
            states[("sensor", "print_start")]["last_updated"]
        )
        close(
            started.timestamp(),
            polled.timestamp() - current["DurationSec"],
            1,
            "print start (Unix s) = when polled - duration",
        )
        check(
            status["OctoEverywhereStatus"]["PrintStartTimeSec"] <= sim["unix_time"],
            "the simulator reports the print start in the future",
        )
        check(value("sensor", "file_name") == current["FileName"], "file name")
        check(
            value("sensor", "current_layer") == str(current["CurrentLayer"]),
            "current layer",
        )
        check(
            value("sensor", "total_layers") == str(current["TotalLayers"]),
            "total layers",
        )
        close(
            value("sensor", "filament_used"),
            current["EstTotalFilUsedMm"] / 1000,
            0.001,
            "filament m",
        )
        close(
            value("sensor", "filament_weight"),
            current["EstTotalFilWeightMg"] / 1000,
            0.001,
            "filament g",
        )
        # Temperatures are shown to 0.1 °C once they moved 0.3 °C: a heater's noise is no
        # new state, so the value shown is within 0.2 °C of the reading (and 0.05 rounding).
        close(value("sensor", "bed_temperature"), temps["BedActual"], 0.251, "bed °C")
        close(
            value("sensor", "hotend_temperature"),
            temps["HotendActual"],
            0.251,
            "hotend °C",
        )
        close(
            value("sensor", "chamber_temperature"),
            temps["ChamberActual"],
            0.251,
            "chamber °C",
        )
        close(
            value("sensor", "gadget_score"), gadget["LastScore"], 0.001, "Gadget score"
        )
        check(
            value("sensor", "error_message") == "unknown", "error message (Error null)"
        )
        for key in (
            "last_print_result",
            "last_print_file",
            "last_print_duration",
            "last_print_filament",
        ):
            check(value("sensor", key) == "unknown", f"{key} before any print ended")
        for key, expected in {
            "prints_completed": "0",
            "prints_failed": "0",
            "prints_cancelled": "0",
            "print_time_total": "0.0",
            "filament_used_total": "0.0",
        }.items():
            check(value("sensor", key) == expected, f"{key}: {value('sensor', key)}")
        for key, expected in {
            "printing": "on",
            "problem": "off",
            "connected": "on",
            "gadget_warning": "off",
        }.items():
            check(
                value("binary_sensor", key) == expected,
                f"binary sensor {key}: {value('binary_sensor', key)}",
            )
        light = {entry["Name"]: entry["On"] for entry in job["Lights"]}
        check(
            value("light", "light_caselight")
            == ("on" if light["caselight"] else "off"),
            f"caselight {value('light', 'light_caselight')} vs {light}",
        )
        for key, target, maximum in (
            ("bed_target", temps["BedTarget"], 75),
            ("hotend_target", temps["HotendTarget"], 260),
            ("chamber_target", temps["ChamberTarget"], 75),
        ):
            close(value("number", key), target, 0.01, f"number {key}")
            attributes = states[("number", key)]["attributes"]
            check(
                (
                    attributes["min"],
                    attributes["max"],
                    attributes["unit_of_measurement"],
                )
                == (0, maximum, "°C"),
                f"number {key} attributes {attributes}",
            )
        # While printing: pause and cancel can be pressed, resume and home cannot.
        for key, expected in {
            "pause": "unknown",
            "cancel": "unknown",
            "resume": "unavailable",
            "home": "unavailable",
        }.items():
            check(
                value("button", key) == expected,
                f"button {key}: {value('button', key)}",
            )
        camera = states[("camera", "camera_0")]
        check(camera["state"] == "idle", f"camera state {camera['state']}")
        check(
            (
                camera["attributes"].get("rotation"),
                camera["attributes"].get("flip_horizontal"),
            )
            == (0, False),
            f"camera attributes {camera['attributes']}",
        )
        event = states[("event", "print_event")]
        check(
            event["state"] == "unknown",
            f"event entity before any event: {event['state']}",
        )
        check("complete" in event["attributes"]["event_types"], "event types")

    async def check_camera(self) -> None:
        """Fetch a still through Home Assistant's camera proxy: the simulator's JPEG."""
        status, content_type, body = await self.ha.get_bytes(
            f"/api/camera_proxy/{self.entity('camera', 'camera_0')}"
        )
        check(
            status == 200 and content_type == "image/jpeg",
            f"camera proxy: {status} {content_type}",
        )
        check(
            body[:3] == b"\xff\xd8\xff" and len(body) > 1000,
            f"camera image: {len(body)} bytes",
        )
        paths = [request["path"] for request in await self.sim.requests()]
        check(
            any(path.startswith("webcam/snapshot") for path in paths),
            "no webcam/snapshot request",
        )

    async def expect_commands(self, expected: list[tuple[str, Any]]) -> None:
        """Check the simulator received exactly these commands (path, JSON body), with auth."""
        received = await self.sim.command_requests()
        got = [(request["path"], request["json"]) for request in received]
        check(got == expected, f"printer received {got}, expected {expected}")
        for request in received:
            authorization = request["headers"].get("Authorization")
            check(
                authorization == BASIC_AUTH,
                f"{request['path']}: Authorization {authorization!r}",
            )
        await self.sim.clear_requests()

    async def check_light(self) -> None:
        """light.turn_on then light.turn_off through the REST API: set-light, state follows."""
        light = self.entity("light", "light_caselight")
        await self.sim.clear_requests()
        await self.ha.call_service("light", "turn_on", {"entity_id": light})
        await self.expect_commands([("set-light", {"Name": "caselight", "On": True})])
        await self.wait_state("light", "light_caselight", "on", 5)
        check(
            (await self.sim.state())["lights"] == {"caselight": True},
            "simulator light not on",
        )
        await self.ha.call_service("light", "turn_off", {"entity_id": light})
        await self.expect_commands([("set-light", {"Name": "caselight", "On": False})])
        await self.wait_state("light", "light_caselight", "off", 5)
        check(
            (await self.sim.state())["lights"] == {"caselight": False},
            "simulator light not off",
        )

    async def check_set_temperature(self) -> None:
        """octoeverywhere.set_temperature for bed and hotend: one set-temp; numbers follow."""
        await self.ha.call_service(
            DOMAIN,
            "set_temperature",
            {"config_entry_id": self.entry_id, "bed": 55, "hotend": 200},
        )
        await self.expect_commands([("set-temp", {"BedC": 55, "ToolC": 200})])
        temps = (await self.sim.state())["temps"]
        check(
            temps["bed"][1] == 55 and temps["tools"][0][1] == 200,
            f"simulator targets {temps}",
        )
        await self.wait_state("number", "bed_target", "55.0", 15)
        await self.wait_state("number", "hotend_target", "200.0", 15)
        # The number entity sends one heater alone.
        await self.ha.call_service(
            "number",
            "set_value",
            {"entity_id": self.entity("number", "chamber_target"), "value": 35},
        )
        await self.expect_commands([("set-temp", {"ChamberC": 35})])
        await self.wait_state("number", "chamber_target", "35.0", 15)

    async def next_event(self, event_type: str, within: float = 30.0) -> dict[str, Any]:
        """Wait for the ``octoeverywhere_event`` of ``event_type`` (others are recorded too)."""
        assert self.events is not None
        deadline = time.monotonic() + within
        while True:
            try:
                event = await asyncio.wait_for(
                    self.events.get(), max(0.0, deadline - time.monotonic())
                )
            except TimeoutError:
                seen = [seen["data"]["event_type"] for seen in self.seen_events]
                raise E2EError(
                    f"no {event_type!r} event within {within:.0f} s (seen so far: {seen})"
                ) from None
            self.seen_events.append(event)
            if event["data"]["event_type"] == event_type:
                return event

    async def check_buttons(self) -> None:
        """Pause, then resume, with the buttons; the events and the states follow."""
        await self.ha.call_service(
            "button", "press", {"entity_id": self.entity("button", "pause")}
        )
        await self.expect_commands([("pause", None)])
        await self.wait_state("sensor", "state", "paused", 15)
        paused = await self.next_event("paused", 15)
        check(
            paused["data"]["config_entry_id"] == self.entry_id, f"paused event {paused}"
        )
        await self.wait_state("button", "resume", "unknown", 5)
        await self.wait_state("button", "pause", "unavailable", 5)
        await self.ha.call_service(
            "button", "press", {"entity_id": self.entity("button", "resume")}
        )
        await self.expect_commands([("resume", None)])
        await self.next_event("resumed", 15)
        await self.back_to_printing()

    async def back_to_printing(self) -> None:
        """After a resume: Moonraker resumes for a few seconds before it prints again."""
        await self.sim.post("advance", {"seconds": 10})
        await self.sim.clear_requests()

        async def printing() -> bool:
            await self.refresh()
            return (await self.state("sensor", "state"))["state"] == "printing"

        await wait_for("printing again", printing, within=30, interval=2)

    async def check_card(self) -> None:
        """Open the printer card in Chromium: cold opens, what it shows, Cancel, Pause, Resume."""
        # The UI asks to confirm the YAML http settings in a dialog on every page: confirm.
        await prepare(self.ha)
        await add_card_dashboard(self.ha, self.device_id)
        async with aiohttp.ClientSession() as session:
            seconds = []
            for attempt in range(1, COLD_OPENS + 1):
                browser, took = await open_cold(session, self.tokens, self.stack.ha_url)
                seconds.append(took)
                if attempt < COLD_OPENS:
                    await browser.close()
                    check(not browser.errors, f"browser console: {browser.errors}")
            try:
                await self.check_card_controls(browser)
                check(not browser.errors, f"browser console: {browser.errors}")
            finally:
                await browser.close()
        self.notes.append(
            "printer card rendered on every cold open, after "
            + ", ".join(f"{took:.1f}" for took in seconds)
            + " s"
        )

    async def wait_command(self, path: str) -> None:
        """Wait until the printer received the command ``path`` (sent by the browser)."""

        async def received() -> bool:
            return any(
                request["path"] == path for request in await self.sim.command_requests()
            )

        await wait_for(f"the {path} command", received, within=10)
        await self.expect_commands([(path, None)])

    async def check_card_controls(self, browser: Any) -> None:
        """Check what the card shows against Home Assistant, its buttons against the printer."""
        shown = await card_state(browser)
        progress = float((await self.state("sensor", "progress"))["state"])
        file_name = (await self.state("sensor", "file_name"))["state"]
        for key, expected in {
            "name": "Klipper printer",
            "state": "Printing",
            "percent": str(round(progress)),
            "file": file_name,
            "controls": ["Pause", "Cancel"],
            "camera": True,
        }.items():
            check(
                shown[key] == expected,
                f"card {key}: expected {expected!r}, got {shown[key]!r}",
            )
        check(
            shown["percentText"].startswith(f"{progress:.0f}"),
            f"card progress text {shown['percentText']!r} for {progress}",
        )
        await self.sim.clear_requests()
        await browser.click("button.control.cancel", scope=CARD)
        shown = await wait_card(browser, "Cancel's question", lambda s: s["confirm"])
        check("Cancel the print?" in shown["confirm"], f"confirmation {shown}")
        await browser.click("button.keep", scope=CARD)
        await wait_card(browser, "the question gone", lambda s: not s["confirm"])
        await asyncio.sleep(0.5)
        await self.expect_commands([])

        await browser.click("button.control.pause", scope=CARD)
        await self.wait_command("pause")
        await wait_card(
            browser,
            "the card showing the pause",
            lambda s: s["state"] == "Paused" and s["controls"] == ["Resume", "Cancel"],
        )
        await browser.click("button.control.resume", scope=CARD)
        await self.wait_command("resume")
        await self.back_to_printing()

    async def check_webhook(self) -> None:
        """Open the options flow (webhook URL and secret); a test notification arrives."""
        flow = "/api/config/config_entries/options/flow"
        menu = await self.ha.rest("POST", flow, {"handler": self.entry_id})
        check(menu.get("step_id") == "init", f"options flow menu {menu}")
        page = await self.ha.rest(
            "POST", f"{flow}/{menu['flow_id']}", {"next_step_id": "webhook"}
        )
        # The harness's Home Assistant has no external URL: the page says how to get one.
        check(
            page.get("step_id") == "webhook_no_internet",
            f"options flow webhook page {page}",
        )
        placeholders = page["description_placeholders"]
        url, secret = placeholders["local_url"], placeholders["secret"]
        check(
            url.startswith("http") and "/api/webhook/" in url and len(secret) >= 32,
            f"options flow placeholders {placeholders}",
        )
        done = await self.ha.rest(
            "POST", f"{flow}/{page['flow_id']}", {"next_step_id": "done"}
        )
        check(done["type"] == "create_entry", f"options flow end {done}")
        # What the user pastes into OctoEverywhere's notification settings.
        await self.sim.post("config", {"webhook_url": url, "webhook_secret": secret})
        await self.sim.post("webhook/test", {})
        event = await self.next_event("test", 15)
        check(event["data"]["config_entry_id"] == self.entry_id, f"test event {event}")
        sends = await self.sim.webhooks()
        check(sends and sends[-1]["status"] == 200, f"webhook sends {sends}")

    def progress_seen(self) -> set[float]:
        """Return the progress steps of the `progress` events seen so far."""
        return {
            event["data"].get("progress")
            for event in self.seen_events
            if event["data"]["event_type"] == "progress"
        }

    async def check_complete(self) -> None:
        """Move the print to its end: exactly one `complete`, pushed and polled."""
        sim = await self.sim.state()
        job = sim["job"]
        remaining = job["duration_sec"] - job["printed_sec"]
        # To 99 % first: the every-10 % notifications arrive and pass as `progress` events.
        await self.sim.post("advance", {"seconds": remaining - 36})
        steps = {50.0, 60.0, 70.0, 80.0, 90.0}
        while not steps <= self.progress_seen():
            await self.next_event("progress", 30)
        await self.sim.post("advance", {"seconds": 37})
        event = await self.next_event("complete", 30)
        data = event["data"]
        check(data["config_entry_id"] == self.entry_id, f"complete event {data}")
        check(
            data.get("print_id") == job["print_id"], f"complete event print id {data}"
        )
        check(
            data.get("file_name")
            == sim["status"]["JobStatus"]["CurrentPrint"]["FileName"],
            f"complete event file {data}",
        )
        await self.wait_state("sensor", "state", "complete", 15)
        entity = await self.state("event", "print_event")
        check(
            entity["attributes"].get("event_type") == "complete",
            f"event entity {entity}",
        )
        await self.wait_state("sensor", "last_print_result", "complete", 5)
        await self.wait_state("sensor", "prints_completed", "1", 5)
        # A poll after the webhook must not fire it again.
        await asyncio.sleep(1)
        await self.refresh()
        await asyncio.sleep(2)
        assert self.events is not None
        while not self.events.empty():
            self.seen_events.append(self.events.get_nowait())
        completes = [
            e for e in self.seen_events if e["data"]["event_type"] == "complete"
        ]
        check(len(completes) == 1, f"{len(completes)} complete events: {completes}")
        progress = Counter(
            event["data"].get("progress")
            for event in self.seen_events
            if event["data"]["event_type"] == "progress"
        )
        check(
            all(count == 1 for count in progress.values()),
            f"progress events, pushed and polled, should pass once per step: {progress}",
        )
        webhooks = [
            send for send in await self.sim.webhooks() if send["event_type"] == 2
        ]
        check(
            webhooks and webhooks[-1]["status"] == 200, f"complete webhook {webhooks}"
        )

    def blueprint_inputs(self) -> dict[str, dict[str, str]]:
        """Each shipped blueprint's inputs without a default: the printer's entities."""
        event = self.entity("event", "print_event")
        return {
            "print_finished_notify": {"print_event": event},
            "print_failed_notify": {"print_event": event},
            "gadget_warning_actions": {
                "print_event": event,
                "pause_button": self.entity("button", "pause"),
                "cancel_button": self.entity("button", "cancel"),
            },
            "bed_cooled_switch_off": {
                "print_event": event,
                "target_switch": self.entity("light", "light_caselight"),
            },
        }

    async def add_blueprint_automations(self) -> None:
        """Save an automation from each blueprint as the automation editor does.

        Home Assistant validates it on save (no phone: nothing else is required) and writes
        automations.yaml, which configuration.yaml includes: each must be loaded and on.
        """
        for name, inputs in self.blueprint_inputs().items():
            await self.ha.rest(
                "POST",
                f"/api/config/automation/config/e2e_{name}",
                {
                    "alias": f"e2e {name}",
                    "description": "",
                    "use_blueprint": {
                        "path": f"octoeverywhere/{name}.yaml",
                        "input": inputs,
                    },
                },
            )

        async def all_on() -> dict[str, str]:
            states = {
                name: (await self.ha.state(f"automation.e2e_{name}"))["state"]
                for name in self.blueprint_inputs()
            }
            if set(states.values()) != {"on"}:
                raise E2EError(f"blueprint automations: {states}")
            return states

        await wait_for("the blueprint automations", all_on, within=20)

    async def check_blueprint_notified(self, ws: WebSocket) -> None:
        """With its defaults the print-finished blueprint made a Home Assistant notification."""
        event = self.entity("event", "print_event")

        async def notification() -> dict[str, Any] | None:
            for item in await ws.call("persistent_notification/get"):
                if item["notification_id"] == f"octoeverywhere_print_finished_{event}":
                    return item  # type: ignore[no-any-return]
            return None

        found = await wait_for(
            "the print-finished notification", notification, within=10
        )
        check(found["title"] == "Print complete", f"notification {found}")
        self.finished_triggered = (
            await self.ha.state("automation.e2e_print_finished_notify")
        )["attributes"]["last_triggered"]

    async def check_blueprints_after_reload(self) -> None:
        """Check that the reload (reauth), the event entity away and back, triggered nothing."""
        check(
            (await self.ha.state("automation.e2e_print_finished_notify"))["attributes"][
                "last_triggered"
            ]
            == self.finished_triggered,
            "the print-finished automation ran again at the reload",
        )

    async def check_reauth(self, ws: WebSocket) -> None:
        """OctoEverywhere refuses the credentials (606): a reauth flow; new ones fix it."""
        await self.sim.post("fault", {"http_status": 606})
        await self.refresh()

        async def reauth_flow() -> dict[str, Any] | None:
            for flow in await ws.call("config_entries/flow/progress"):
                if (
                    flow["handler"] == DOMAIN
                    and flow["context"].get("source") == "reauth"
                ):
                    return flow  # type: ignore[no-any-return]
            return None

        flow = await wait_for("a reauth flow", reauth_flow, within=30)
        check(flow["step_id"] == "reauth_confirm", f"reauth flow {flow}")
        check(flow["context"].get("entry_id") == self.entry_id, f"reauth flow {flow}")
        await self.wait_state("sensor", "state", "unavailable", 10)
        await self.sim.post("fault", {})
        path = f"/api/config/config_entries/flow/{flow['flow_id']}"
        answer = await self.ha.rest("POST", path, {"auth_type": "basic"})
        expect_form(answer, "basic")
        answer = await self.ha.rest(
            "POST", path, {"username": SIM_USERNAME, "password": SIM_PASSWORD}
        )
        check(
            answer.get("type") == "abort"
            and answer.get("reason") == "reauth_successful",
            f"reauth end {answer}",
        )
        await self.wait_state("sensor", "state", "complete", 30)
        entries = await self.ha.rest(
            "GET", f"/api/config/config_entries/entry?domain={DOMAIN}"
        )
        check(
            [entry["state"] for entry in entries] == ["loaded"],
            f"entries after reauth {entries}",
        )
        check(not await reauth_flow(), "the reauth flow is still open")

    async def start_next_print(self) -> dict[str, Any]:
        """Start a print near its end (pushed and polled): one `started`."""
        await self.sim.post("scenario", {"scenario": "printing", "progress": 95})
        await self.refresh()
        started = await self.next_event("started", 15)
        job: dict[str, Any] = (await self.sim.state())["job"]
        check(
            started["data"].get("print_id") == job["print_id"],
            f"started event {started['data']}",
        )
        await self.wait_state("sensor", "state", "printing", 15)
        return job

    async def check_restart(self, job: dict[str, Any]) -> None:
        """Complete the print while Home Assistant is stopped, then start it again.

        What was missed fires once when the printer is set up: one `complete` with
        ``missed: true``, the last-print sensors and the statistics follow, and the
        statistics kept what they counted before the restart.
        """
        restarted = datetime.now(UTC)
        await self.sim.post(
            "advance", {"seconds": job["duration_sec"] - job["printed_sec"] + 5}
        )
        check(
            (await self.sim.state())["state"] == "complete",
            "the simulator did not complete the print",
        )
        await self.stack.start_hass(ready_path="/manifest.json")
        await self.wait_state("sensor", "last_print_result", "complete", 60)
        event = await self.state("event", "print_event")
        attributes = event["attributes"]
        check(
            (attributes.get("event_type"), attributes.get("missed"))
            == ("complete", True)
            and attributes.get("print_id") == job["print_id"],
            f"event entity after the restart: {attributes}",
        )
        await self.wait_state("sensor", "prints_completed", "2", 5)
        last_file = (await self.state("sensor", "last_print_file"))["state"]
        check(last_file == job["path"].removeprefix("gcode/"), f"last file {last_file}")

        async def completes() -> list[dict[str, Any]]:
            """Return the `complete` events the event entity recorded since the restart."""
            path = (
                f"/api/history/period/{restarted.isoformat()}"
                f"?filter_entity_id={self.entity('event', 'print_event')}"
            )
            history = await self.ha.rest("GET", path)
            found = [
                state
                for states in history
                for state in states
                if state["attributes"].get("event_type") == "complete"
                and datetime.fromisoformat(state["last_changed"]) >= restarted
            ]
            if not found:
                raise E2EError("no `complete` in the event entity's history yet")
            return found

        found = await wait_for("the complete in the history", completes, within=20)
        await asyncio.sleep(2)  # anything fired twice would be recorded by now
        found = await completes()
        check(len(found) == 1, f"{len(found)} `complete` after the restart: {found}")
        self.notes.append(
            f"after the restart: one `complete` of {job['print_id']}, missed: true"
        )

    def check_log(self) -> None:
        """Fail on the integration's errors, tracebacks and deprecations, and automation warnings.

        The automations are the blueprints'. Other components' errors are listed, as noise.
        """
        problems: list[LogRecord] = []
        self.integration_counts: Counter[str] = Counter()
        self.noise: Counter[str] = Counter()
        expected_left = list(EXPECTED_INTEGRATION_RECORDS)
        # Both runs: Home Assistant keeps the previous run's log as home-assistant.log.1.
        previous_run = self.stack.ha_log.with_name(self.stack.ha_log.name + ".1")
        for record in [*read_log(previous_run), *read_log(self.stack.ha_log)]:
            # Home Assistant names the integration (and where it made the call) when it
            # reports a deprecated use, at WARNING: on the newest release that is the first
            # sign of what will break.
            if DEPRECATION.search("\n".join(record.lines)) and record.mentions(DOMAIN):
                problems.append(record)
                continue
            ours = record.mentions(
                "custom_components.octoeverywhere"
            ) or record.mentions("custom_components/octoeverywhere")
            if ours:
                self.integration_counts[record.level] += 1
                if (
                    record.level not in ("ERROR", "CRITICAL")
                    and not record.has_traceback
                ):
                    continue
                match = next(
                    (
                        item
                        for item in expected_left
                        if item[0] == record.level and item[1].search(record.message)
                    ),
                    None,
                )
                if match is not None:
                    expected_left.remove(match)
                    self.notes.append(
                        f"expected {record.level}: {record.message[:160]}"
                    )
                else:
                    problems.append(record)
            elif "Template variable" in record.message or (
                record.logger.startswith("homeassistant.components.automation")
                and record.level in ("WARNING", "ERROR", "CRITICAL")
            ):
                problems.append(record)  # a blueprint's automation
            elif record.level in ("ERROR", "CRITICAL"):
                self.noise[f"[{record.logger}] {record.message[:140]}"] += 1
        if not self.integration_counts:
            raise E2EError(
                "home-assistant.log has no records of the integration (it logs at DEBUG): "
                "was the log read?"
            )
        if problems:
            details = "\n\n".join("\n".join(record.lines[:40]) for record in problems)
            raise E2EError(
                f"{len(problems)} error(s), traceback(s) or deprecation warning(s) from the "
                "integration or warnings from the blueprints' automations in "
                f"home-assistant.log:\n{details}"
            )


def print_summary(test: E2ETest, timer: Timer) -> None:
    """Print timings, events seen, expected log records and other components' noise."""
    print("\n== summary")
    for name, seconds in timer.steps:
        print(f"  {seconds:6.1f} s  {name}")
    print(f"  {timer.total:6.1f} s  total")
    events = Counter(event["data"]["event_type"] for event in test.seen_events)
    print(f"  octoeverywhere_event seen: {dict(events)}")
    print(f"  integration log records by level: {dict(test.integration_counts)}")
    for note in test.notes:
        print(f"  {note}")
    if test.noise:
        print("  errors from other components (environment noise, not failed):")
        for line, count in sorted(test.noise.items()):
            print(f"    {count}x {line}")


async def main_async(args: argparse.Namespace) -> int:
    """Run the test; return the exit status."""
    # A CI timeout (SIGTERM) still stops Home Assistant and the simulator (own sessions).
    if (task := asyncio.current_task()) is not None:
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, task.cancel)
    timer = Timer()
    print(
        f"== end-to-end: OctoEverywhere in a real Home Assistant {HA_RELEASE}",
        flush=True,
    )
    stack = Stack(sim_args=SIM_ARGS, keep=args.keep)
    test: E2ETest | None = None
    try:
        async with stack, aiohttp.ClientSession() as session:
            print(
                f"  simulator {stack.sim_url}, Home Assistant {stack.ha_url}, dir {stack.workdir}"
            )
            timer.lap("simulator and Home Assistant started")
            ha = HomeAssistantClient(session, stack.ha_url)
            test = E2ETest(stack, ha, SimulatorClient(session, stack.sim_url), timer)
            await test.run()
    except Exception as err:  # noqa: BLE001 - every failure ends with the log tail
        print(f"\nFAILED: {type(err).__name__}: {err}", file=sys.stderr)
        if not isinstance(err, E2EError):
            traceback.print_exc()
        if test is not None and test.seen_events:
            print(
                "\n-- octoeverywhere_event seen (time fired, type, source, progress):",
                file=sys.stderr,
            )
            for event in test.seen_events:
                data = event["data"]
                print(
                    f"  {event['time_fired']} {data['event_type']} {data.get('source')} "
                    f"{data.get('progress')}",
                    file=sys.stderr,
                )
        print(f"\n-- tail of {stack.ha_log}", file=sys.stderr)
        print(stack.log_tail(80), file=sys.stderr)
        print(f"\n-- kept for inspection: {stack.workdir}", file=sys.stderr)
        return 1
    assert test is not None
    print_summary(test, timer)
    print(f"\nPASSED in {timer.total:.1f} s")
    return 0


def main() -> int:
    """Parse the command line and run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the temporary directory (config, logs)",
    )
    return asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    sys.exit(main())
