"""Cameras: stills (with the connection's credentials, cached), the MJPEG relay, 609 and gaps."""

from http import HTTPStatus
import logging
from unittest.mock import AsyncMock, patch

from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator
from syrupy.assertion import SnapshotAssertion

from custom_components.octoeverywhere.camera import (
    RATE_LIMIT_BACKOFF_SEC,
    SNAPSHOT_CACHE_SEC,
)
from custom_components.octoeverywhere.const import CONF_AUTH_TYPE, DOMAIN, IDLE_INTERVAL
from homeassistant.components.camera import async_get_image
from homeassistant.const import CONF_TOKEN, CONF_URL, STATE_UNAVAILABLE, Platform
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import entity_registry as er
from octoeverywhere_simulator import Fault, ManualClock, Simulator

from .conftest import setup_entry, snapshot_entities

CAMERA = "camera.sim_printer_chamber_camera"
TOKEN = "cam-token"


async def test_entities(
    hass: HomeAssistant,
    snapshot: SnapshotAssertion,
    mock_config_entry: MockConfigEntry,
    mock_client: AsyncMock,
) -> None:
    """The camera of a printer's webcam, its registry entry and state."""
    # The access token in the state is random: make it stable.
    with patch(
        "homeassistant.components.camera._RND.getrandbits", return_value=0xC0FFEE
    ):
        await snapshot_entities(hass, snapshot, mock_config_entry, Platform.CAMERA)


@pytest.fixture
def simulator() -> Simulator:
    """A Bambu printer with three webcams (plain, rotated and flipped, disabled), bearer auth."""
    return Simulator(
        "bambu",
        "printing",
        clock=ManualClock(),
        progress=40,
        webcams=3,
        auth=("bearer", TOKEN),
    )


@pytest.fixture
def entry(simulator_url: str) -> MockConfigEntry:
    """An entry with the simulator's bearer token."""
    return MockConfigEntry(
        domain=DOMAIN,
        title="Sim printer",
        unique_id="camera0000000001",
        data={CONF_URL: simulator_url, CONF_AUTH_TYPE: "bearer", CONF_TOKEN: TOKEN},
    )


def _snapshots(sim: Simulator) -> list[str]:
    return [
        request.headers.get("Authorization", "")
        for request in sim.requests
        if request.path == "webcam/snapshot"
    ]


async def test_cameras_created(
    hass: HomeAssistant, simulator: Simulator, entry: MockConfigEntry
) -> None:
    """One camera per webcam; only the default one enabled; transforms as attributes."""
    await setup_entry(hass, entry)
    registry = er.async_get(hass)
    cameras = sorted(
        (e.entity_id, e.unique_id.rsplit("_", 2)[-2:], e.disabled_by)
        for e in er.async_entries_for_config_entry(registry, entry.entry_id)
        if e.domain == "camera"
    )
    assert [(unique, disabled) for _, unique, disabled in cameras] == [
        (["camera", "0"], None),
        (["camera", "1"], er.RegistryEntryDisabler.INTEGRATION),
        (["camera", "2"], er.RegistryEntryDisabler.INTEGRATION),
    ]
    state = hass.states.get(CAMERA)
    assert state.attributes["rotation"] == 0
    assert state.attributes["flip_horizontal"] is False


async def test_snapshot_bytes_auth_and_cache(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    entry: MockConfigEntry,
) -> None:
    """A still is the simulator's JPEG, fetched with the token, once per 5 s for any viewers."""
    await setup_entry(hass, entry)
    image = await async_get_image(hass, CAMERA)
    assert image.content_type == "image/jpeg"
    assert image.content.startswith(b"\xff\xd8")  # a JPEG
    for _ in range(5):  # a dashboard full of cards
        assert (await async_get_image(hass, CAMERA)).content == image.content
    assert _snapshots(simulator) == [f"Bearer {TOKEN}"]

    freezer.tick(SNAPSHOT_CACHE_SEC + 0.1)
    await async_get_image(hass, CAMERA)
    assert len(_snapshots(simulator)) == 2


async def test_snapshot_rate_limited(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
    simulator: Simulator,
    entry: MockConfigEntry,
) -> None:
    """609 keeps the last image, backs off for a minute and says so once, without a trace."""
    caplog.set_level(logging.DEBUG, logger="custom_components.octoeverywhere")
    await setup_entry(hass, entry)
    first = await async_get_image(hass, CAMERA)
    simulator.set_fault(http_status=609, paths=["webcam/"])
    freezer.tick(SNAPSHOT_CACHE_SEC + 1)
    assert (await async_get_image(hass, CAMERA)).content == first.content
    for _ in range(3):
        freezer.tick(SNAPSHOT_CACHE_SEC + 1)
        await async_get_image(hass, CAMERA)
    assert len(_snapshots(simulator)) == 2  # backing off: no request during the minute
    assert caplog.text.count("(609)") == 1
    assert "Traceback" not in caplog.text

    simulator.set_fault()
    freezer.tick(RATE_LIMIT_BACKOFF_SEC)
    await async_get_image(hass, CAMERA)
    assert len(_snapshots(simulator)) == 3


@pytest.mark.parametrize(
    "fault",
    [
        Fault(http_status=404, body="empty", paths=("webcam/snapshot",)),
        Fault(plugin_status=754, paths=("webcam/snapshot",)),
        Fault(http_status=502, body="html", paths=("webcam/snapshot",)),
    ],
    ids=["404", "754-envelope", "502"],
)
async def test_snapshot_failures(
    hass: HomeAssistant,
    caplog: pytest.LogCaptureFixture,
    simulator: Simulator,
    entry: MockConfigEntry,
    fault: Fault,
) -> None:
    """No image (an envelope is not an image): Home Assistant says so, nothing is logged loud."""
    await setup_entry(hass, entry)
    simulator.set_fault(fault)
    with pytest.raises(HomeAssistantError):
        await async_get_image(hass, CAMERA)
    assert not [
        record
        for record in caplog.records
        if record.name.startswith("custom_components")
        and record.levelno >= logging.INFO
    ]


async def test_stream_relayed(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    simulator: Simulator,
    entry: MockConfigEntry,
) -> None:
    """The live view relays the webcam's MJPEG stream, with the credentials."""
    await setup_entry(hass, entry)
    client = await hass_client()
    response = await client.get(f"/api/camera_proxy_stream/{CAMERA}")
    assert response.status == HTTPStatus.OK
    assert response.headers["Content-Type"].startswith("multipart/x-mixed-replace")
    chunk = await response.content.read(4096)
    assert b"\xff\xd8" in chunk
    response.close()
    stream = [r for r in simulator.requests if r.path == "webcam/stream"]
    assert stream[0].headers["Authorization"] == f"Bearer {TOKEN}"
    assert stream[0].query == {"index": "0"}


async def test_stream_failure(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    simulator: Simulator,
    entry: MockConfigEntry,
) -> None:
    """A refused stream is a gateway error for the viewer, not an exception."""
    await setup_entry(hass, entry)
    simulator.set_fault(http_status=609, paths=["webcam/"])
    client = await hass_client()
    response = await client.get(f"/api/camera_proxy_stream/{CAMERA}")
    assert response.status >= 400


async def test_missing_webcam(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    simulator: Simulator,
    entry: MockConfigEntry,
) -> None:
    """A webcam the printer stops listing makes its camera unavailable, without errors."""
    await setup_entry(hass, entry)
    simulator.configure(webcams=0)
    simulator.advance(1)
    freezer.tick(IDLE_INTERVAL)
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert hass.states.get(CAMERA).state == STATE_UNAVAILABLE
