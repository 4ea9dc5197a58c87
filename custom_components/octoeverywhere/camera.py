"""Cameras: one per webcam the printer lists; stills and a live MJPEG view via OctoEverywhere."""

import asyncio
from collections.abc import Hashable, Iterator
from functools import partial
from time import monotonic
from typing import Any, Final

from aiohttp import hdrs, web

from homeassistant.components.camera import Camera
from homeassistant.core import HomeAssistant
from homeassistant.helpers.aiohttp_client import async_aiohttp_proxy_stream
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .api import (
    OctoEverywhereError,
    PrinterStatus,
    StatusField,
    Webcam,
    WebcamRateLimitedError,
)
from .const import LOGGER
from .coordinator import OctoEverywhereConfigEntry, OctoEverywhereCoordinator
from .entity import (
    ByEquipment,
    EntityToAdd,
    OctoEverywhereEntity,
    async_add_entities_when_reported,
)

PARALLEL_UPDATES = 0

# A dashboard full of cards asks for stills at once and every 10 s: one request serves them all.
SNAPSHOT_CACHE_SEC: Final = 5.0
# OctoEverywhere answers 609 when webcams are viewed too often; back off instead of insisting.
RATE_LIMIT_BACKOFF_SEC: Final = 60.0


async def async_setup_entry(
    hass: HomeAssistant,
    entry: OctoEverywhereConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a camera for every webcam the printer lists, now and as they appear."""
    coordinator = entry.runtime_data.coordinator

    def factory(
        status: PrinterStatus | None,
    ) -> Iterator[EntityToAdd]:
        if status is None:
            return
        default_index = status.webcams.default_index or 0
        for webcam in status.webcams.webcams:
            yield (
                f"camera_{webcam.index}",
                partial(OctoEverywhereCamera, coordinator, webcam, default_index),
            )

    async_add_entities_when_reported(entry, async_add_entities, ByEquipment(factory))


class OctoEverywhereCamera(OctoEverywhereEntity, Camera):
    """A printer webcam, reached through the printer's OctoEverywhere connection."""

    _attr_translation_key = "webcam"
    _reads = int(StatusField.EQUIPMENT)  # the webcams

    def __init__(
        self,
        coordinator: OctoEverywhereCoordinator,
        webcam: Webcam,
        default_index: int,
    ) -> None:
        """Create the camera of ``webcam``; only the default webcam starts enabled."""
        OctoEverywhereEntity.__init__(self, coordinator, f"camera_{webcam.index}")
        Camera.__init__(self)
        self._index = webcam.index
        self._attr_translation_placeholders = {
            "name": webcam.name or f"Webcam {webcam.index + 1}"
        }
        self._attr_entity_registry_enabled_default = (
            webcam.index == default_index and webcam.enabled is not False
        )
        self._image: bytes | None = None
        self._image_at = -SNAPSHOT_CACHE_SEC
        self._blocked_until = 0.0
        self._lock = asyncio.Lock()

    def _webcam(self) -> Webcam | None:
        if (status := self.status) is None:
            return None
        for webcam in status.webcams.webcams:
            if webcam.index == self._index:
                return webcam
        return None

    def _state_key(self) -> Hashable:
        # What extra_state_attributes shows, without building it.
        webcam = self._webcam()
        return (
            None if webcam is None else (webcam.rotation, webcam.flip_h, webcam.flip_v)
        )

    @property
    def available(self) -> bool:
        """Unavailable once the printer no longer lists this webcam."""
        return super().available and self._webcam() is not None

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        """How the image is turned: dashboards can rotate or mirror it to match."""
        webcam = self._webcam()
        if webcam is None:
            return {}
        return {
            "rotation": webcam.rotation,
            "flip_horizontal": webcam.flip_h,
            "flip_vertical": webcam.flip_v,
        }

    async def async_camera_image(
        self, width: int | None = None, height: int | None = None
    ) -> bytes | None:
        """Return a still image, fetched at most once per SNAPSHOT_CACHE_SEC."""
        async with self._lock:
            now = monotonic()
            if now - self._image_at < SNAPSHOT_CACHE_SEC or now < self._blocked_until:
                return self._image
            try:
                snapshot = await self.coordinator.client.webcam_snapshot(self._index)
            except WebcamRateLimitedError:
                self._blocked_until = now + RATE_LIMIT_BACKOFF_SEC
                LOGGER.info(
                    "OctoEverywhere limits how often webcams are viewed (609); "
                    "%s pauses its snapshots for %.0f s",
                    self.entity_id,
                    RATE_LIMIT_BACKOFF_SEC,
                )
                return self._image
            except OctoEverywhereError as err:
                LOGGER.debug("No snapshot from %s: %s", self.entity_id, err)
                self._image, self._image_at = None, now
                return None
            self._image, self._image_at = snapshot.content, now
            return self._image

    async def handle_async_mjpeg_stream(
        self, request: web.Request
    ) -> web.StreamResponse | None:
        """Relay the webcam's MJPEG stream (with the connection's credentials)."""
        try:
            async with self.coordinator.client.webcam_stream(self._index) as response:
                return await async_aiohttp_proxy_stream(
                    self.hass,
                    request,
                    response.content,
                    response.headers.get(hdrs.CONTENT_TYPE),
                )
        except OctoEverywhereError as err:
            LOGGER.debug("No stream from %s: %s", self.entity_id, err)
            return None
