"""App Connection extras, with the optional ``AppToken``: printer name, repairs, Gadget status.

Two more data sources, each with its coordinator: the App Connection info (every 10 minutes;
names the device and tells when the connection is gone or Supporter Perks are missing, even
while the printer is offline) and Gadget's status (every 10 s, only while a job is active).
"""

from datetime import timedelta
from typing import Any, Final, override

from yarl import URL

from homeassistant.components.sensor import SensorDeviceClass, SensorEntity
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.update_coordinator import (
    CoordinatorEntity,
    DataUpdateCoordinator,
)

from .api import (
    AppApiClient,
    AppConnectionInfo,
    ConnectionRevokedError,
    GadgetState,
    GadgetStatus,
    OctoEverywhereError,
    SupporterRequiredError,
)
from .api.app import OCTOEVERYWHERE_URL
from .connection import is_local_origin
from .const import DOMAIN, LOGGER
from .data import OctoEverywhereConfigEntry
from .errors import update_failed
from .issues import Issue, async_clear_issues, async_raise_issue

INFO_INTERVAL: Final = timedelta(minutes=10)
GADGET_INTERVAL: Final = timedelta(seconds=10)


def app_api_base(origin: URL) -> URL:
    """OctoEverywhere's servers; a connection on the local network (the simulator) serves them."""
    return origin if is_local_origin(origin) else OCTOEVERYWHERE_URL


def create_app_client(hass: HomeAssistant, origin: URL, app_token: str) -> AppApiClient:
    """Return an App API client for the entry's connection."""
    return AppApiClient(
        async_get_clientsession(hass), app_token, base_url=app_api_base(origin)
    )


class AppInfoCoordinator(DataUpdateCoordinator[AppConnectionInfo]):
    """The App Connection info: the printer's name, and whether the connection lives."""

    config_entry: OctoEverywhereConfigEntry

    def __init__(
        self, hass: HomeAssistant, entry: OctoEverywhereConfigEntry, api: AppApiClient
    ) -> None:
        """Poll the info every 10 minutes."""
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name=f"{entry.title} App Connection",
            update_interval=INFO_INTERVAL,
            always_update=False,
        )
        self.api = api

    @override
    async def _async_update_data(self) -> AppConnectionInfo:
        entry = self.config_entry
        try:
            info = await self.api.get_info()
        except ConnectionRevokedError as err:
            async_raise_issue(self.hass, entry, Issue.CONNECTION_REVOKED)
            raise update_failed("connection_revoked", err) from err
        except SupporterRequiredError as err:
            async_raise_issue(self.hass, entry, Issue.SUPPORTER_REQUIRED)
            raise update_failed("supporter_required", err) from err
        except OctoEverywhereError as err:
            raise update_failed("app_api_failed", err) from err
        async_clear_issues(
            self.hass, entry, Issue.CONNECTION_REVOKED, Issue.SUPPORTER_REQUIRED
        )
        return info


@callback
def async_name_device(
    hass: HomeAssistant, device_id: str, info: AppConnectionInfo | None
) -> None:
    """Name the printer's device as OctoEverywhere names the printer."""
    if info is None or not info.printer_name:
        return
    registry = dr.async_get(hass)
    device = registry.async_get(device_id)
    if device is not None and device.name != info.printer_name:
        registry.async_update_device(device_id, name=info.printer_name)


class GadgetCoordinator(DataUpdateCoordinator[GadgetStatus | None]):
    """Gadget's verdict on the current print, fetched only while a job is active."""

    config_entry: OctoEverywhereConfigEntry

    def __init__(
        self, hass: HomeAssistant, entry: OctoEverywhereConfigEntry, api: AppApiClient
    ) -> None:
        """Start without polling: the printer's status decides when to."""
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name=f"{entry.title} Gadget",
            update_interval=None,
            always_update=False,
        )
        self.api = api

    @override
    async def _async_update_data(self) -> GadgetStatus | None:
        try:
            status = await self.api.get_gadget_status()
        except OctoEverywhereError as err:
            if self.update_interval is None:
                return None  # the job ended meanwhile: nothing to show, nothing failed
            raise update_failed("app_api_failed", err) from err
        # The job may have ended while the request ran: then there is nothing to show.
        return status if self.update_interval is not None else None

    @callback
    def async_follow_job(self, active: bool) -> None:
        """Poll every 10 s while a job is active; stop (and forget) otherwise."""
        if active and self.update_interval is None:
            self.update_interval = GADGET_INTERVAL
            self.config_entry.async_create_background_task(
                self.hass, self.async_refresh(), "octoeverywhere gadget status"
            )
        elif not active and self.update_interval is not None:
            self.update_interval = None
            self.async_set_updated_data(None)


GADGET_STATES = [state.value for state in GadgetState]


class GadgetStatusSensor(CoordinatorEntity[GadgetCoordinator], SensorEntity):
    """Gadget's state for the current print, with its status text, colour and rating."""

    _attr_has_entity_name = True
    _attr_translation_key = "gadget_status"
    _attr_device_class = SensorDeviceClass.ENUM
    _attr_options = GADGET_STATES

    def __init__(self, coordinator: GadgetCoordinator, entry_id: str) -> None:
        """Attach to the printer's device."""
        super().__init__(coordinator)
        self._attr_unique_id = f"{entry_id}_gadget_status"
        self._attr_device_info = DeviceInfo(identifiers={(DOMAIN, entry_id)})

    @property
    def native_value(self) -> str | None:
        """The state, while a job is active."""
        data = self.coordinator.data
        return data.state.value if data and data.state else None

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        """Gadget's own words about the print."""
        data = self.coordinator.data
        return {
            "status": data.status if data else None,
            "status_color": data.status_color if data else None,
            "rating": data.rating if data else None,
        }
