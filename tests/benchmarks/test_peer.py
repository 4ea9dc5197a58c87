"""The benchmark's peer: core's octoprint and this integration read the same printer.

The benchmark compares the CPU both integrations spend on one printer mid-print; that means
something only if the fake OctoPrint serves what core's octoprint integration asks for, and
the same print the OctoEverywhere relay reports.
"""

import json

from aiohttp.test_utils import TestServer
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from benchmarks import harness, payloads
from benchmarks.servers import series_app
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant

pytestmark = pytest.mark.usefixtures("socket_enabled")


def test_series_is_one_print_seen_two_ways() -> None:
    """Every OctoPrint answer shows the moment of the status at the same index."""
    series = payloads.series("octoprint", 4, 30)
    seen = set()
    for status_body, job_body, printer_body in zip(
        series.status, series.job, series.printer, strict=True
    ):
        current = json.loads(status_body)["Result"]["JobStatus"]["CurrentPrint"]
        job = json.loads(job_body)
        printer = json.loads(printer_body)
        assert job["progress"]["completion"] == current["Progress"]
        assert job["progress"]["printTimeLeft"] == current["TimeLeftSec"]
        assert printer["temperature"]["bed"]["actual"] == current["Temps"]["BedActual"]
        assert (
            printer["temperature"]["tool0"]["actual"]
            == current["Temps"]["HotendActual"]
        )
        assert printer["state"]["flags"]["printing"]
        seen.add((current["Progress"], current["Temps"]["HotendActual"]))
    # The print moves on and the heaters wander: each answer differs from the last.
    assert len(seen) == 4


async def _serve(routes: payloads.Routes, header: tuple[str, str] | None = None):
    app, state = series_app(routes, header)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server(access_log=None)
    return server, state


async def test_both_integrations_show_the_same_printer(hass: HomeAssistant) -> None:
    """Both integrations set up against the benchmark's servers and agree, poll after poll."""
    series = payloads.series("octoprint", 3, 30)
    octoprint_server, octoprint = await _serve(
        payloads.octoprint_routes(series), payloads.OCTOPRINT_HEADER
    )
    relay_server, relay = await _serve(payloads.octoeverywhere_routes(series))
    peer = MockConfigEntry(
        domain="octoprint",
        unique_id=payloads.OCTOPRINT_UUID,
        data=harness.octoprint_entry(
            octoprint_server.port, payloads.OCTOPRINT_API_KEY, payloads.OCTOPRINT_UUID
        ).data,
    )
    ours = MockConfigEntry(
        domain="octoeverywhere",
        title="Printer 0",
        unique_id="bench0000",
        data=harness.octoeverywhere_entry(
            str(relay_server.make_url("/")).rstrip("/")
        ).data,
    )
    for entry in (peer, ours):
        entry.add_to_hass(hass)
        assert await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()
        assert entry.state is ConfigEntryState.LOADED
    # octoprint asked for its webcam settings and found the webcam.
    assert hass.states.get("camera.octoprint_camera") is not None

    for index in range(3):
        octoprint.index = relay.index = index
        for entry in (peer, ours):
            for coordinator in harness.coordinators(hass, entry):
                await coordinator.async_refresh()
        await hass.async_block_till_done()
        current = json.loads(series.status[index])["Result"]["JobStatus"][
            "CurrentPrint"
        ]
        # This integration shows progress to 0.1 %, and temperatures to 0.1 °C once they
        # moved 0.3 °C (within 0.2 °C of the reading, and half a tenth of rounding).
        for octoprint_id, ours_id, expected, tolerance in (
            (
                "sensor.octoprint_job_percentage",
                "sensor.printer_0_progress",
                "Progress",
                0.05,
            ),
            (
                "sensor.octoprint_actual_bed_temp",
                "sensor.printer_0_bed_temperature",
                "BedActual",
                0.25,
            ),
            (
                "sensor.octoprint_actual_tool0_temp",
                "sensor.printer_0_hotend_temperature",
                "HotendActual",
                0.25,
            ),
        ):
            value = current.get(expected, current["Temps"].get(expected))
            assert float(hass.states.get(octoprint_id).state) == round(value, 2)
            assert float(hass.states.get(ours_id).state) == pytest.approx(
                value, abs=tolerance + 1e-9
            )

    # A poll of each: octoprint asks twice (job, printer), this integration once.
    octoprint.requests = relay.requests = 0
    for entry in (peer, ours):
        for coordinator in harness.coordinators(hass, entry):
            await coordinator.async_refresh()
    assert (octoprint.requests, relay.requests) == (2, 1)

    for entry in (peer, ours):
        await hass.config_entries.async_unload(entry.entry_id)
    await octoprint_server.close()
    await relay_server.close()


async def test_state_writes_counts_changed_and_reported(hass: HomeAssistant) -> None:
    """A write that changes the state is state_changed; one that does not, state_reported."""
    writes = harness.StateWrites(hass, {"sensor.watched"})
    hass.states.async_set("sensor.watched", "1")
    hass.states.async_set("sensor.watched", "1")
    hass.states.async_set("sensor.watched", "2")
    hass.states.async_set("sensor.other", "1")
    await hass.async_block_till_done()
    assert (writes.changed, writes.reported, writes.total) == (2, 1, 3)
    writes.reset()
    hass.states.async_set("sensor.watched", "2")
    assert (writes.changed, writes.reported) == (0, 1)
    writes.close()
    hass.states.async_set("sensor.watched", "3")
    assert writes.changed == 0
