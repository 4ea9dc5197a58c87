"""From config entry data to clients: URL checks, credentials, the connection's id and test."""

from collections.abc import Mapping
import hashlib
import ipaddress
from typing import Any

from yarl import URL

from homeassistant.const import CONF_PASSWORD, CONF_TOKEN, CONF_URL, CONF_USERNAME
from homeassistant.core import HomeAssistant
from homeassistant.helpers.aiohttp_client import async_get_clientsession

from .api import (
    AppApiClient,
    Auth,
    BasicAuth,
    BearerAuth,
    OctoEverywhereClient,
    PrinterStatus,
    connection_origin,
)
from .api.app import OCTOEVERYWHERE_URL
from .const import AUTH_BASIC, AUTH_BEARER, CONF_AUTH_TYPE, DOMAIN
from .errors import form_error


def connection_unique_id(origin: URL) -> str:
    """Return a stable id of the connection that does not reveal its URL (a secret)."""
    return hashlib.sha256(str(origin).lower().encode()).hexdigest()[:16]


def _is_local(host: str) -> bool:
    """Loopback and private LAN addresses may use http (the simulator, a local relay)."""
    if host == "localhost" or host.endswith(".local"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_private or address.is_link_local


def checked_origin(url: str) -> URL | None:
    """Return the origin of a connection URL, or None if it is not acceptable.

    https is required, except on loopback and private LAN addresses.
    """
    try:
        origin = connection_origin(url)
    except ValueError:
        return None
    if origin.scheme != "https" and not is_local_origin(origin):
        return None
    return origin


def is_local_origin(origin: URL) -> bool:
    """Whether ``origin`` is on this machine or the local network."""
    return _is_local(origin.host or "")


def auth_from_data(data: Mapping[str, Any]) -> Auth:
    """Return the credentials stored in config entry data."""
    if data[CONF_AUTH_TYPE] == AUTH_BASIC:
        return BasicAuth(data[CONF_USERNAME], data[CONF_PASSWORD])
    if data[CONF_AUTH_TYPE] == AUTH_BEARER:
        return BearerAuth(data[CONF_TOKEN])
    return None


def create_client(hass: HomeAssistant, data: Mapping[str, Any]) -> OctoEverywhereClient:
    """Return a client for the connection described by config entry data."""
    return OctoEverywhereClient(
        async_get_clientsession(hass), data[CONF_URL], auth_from_data(data)
    )


def create_app_client(hass: HomeAssistant, origin: URL, app_token: str) -> AppApiClient:
    """Return an App API client for the connection at ``origin``.

    The App APIs run on OctoEverywhere's servers; a connection on the local network (the
    simulator) serves them itself.
    """
    base_url = origin if is_local_origin(origin) else OCTOEVERYWHERE_URL
    return AppApiClient(async_get_clientsession(hass), app_token, base_url=base_url)


async def async_test_connection(
    hass: HomeAssistant, data: Mapping[str, Any]
) -> tuple[PrinterStatus | None, str | None]:
    """Ask for the status once; return it (None if the printer is off) or a form error.

    A printer that is off (785/787/789) still proves the connection and credentials work.
    """
    try:
        return await create_client(hass, data).get_status(), None
    except Exception as err:  # noqa: BLE001 - a flow shows an error, it does not crash
        return None, form_error(err, "testing the connection")


async def async_test_app_token(
    hass: HomeAssistant, origin: URL, app_token: str
) -> str | None:
    """Ask for the App Connection info once; return the form error, or None."""
    try:
        await create_app_client(hass, origin, app_token).get_info()
    except Exception as err:  # noqa: BLE001 - a flow shows an error, it does not crash
        return form_error(err, "checking the AppToken")
    return None


def used_by_other_entry(hass: HomeAssistant, unique_id: str, entry_id: str) -> bool:
    """Whether another entry of this integration uses the connection ``unique_id``."""
    return any(
        entry.unique_id == unique_id and entry.entry_id != entry_id
        for entry in hass.config_entries.async_entries(DOMAIN, include_ignore=False)
    )
