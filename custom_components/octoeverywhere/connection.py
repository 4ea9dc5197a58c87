"""From config entry data to a client: URL checks, credentials and the connection's id."""

from collections.abc import Mapping
import hashlib
import ipaddress
from typing import Any

from yarl import URL

from homeassistant.const import CONF_PASSWORD, CONF_TOKEN, CONF_URL, CONF_USERNAME
from homeassistant.core import HomeAssistant
from homeassistant.helpers.aiohttp_client import async_get_clientsession

from .api import Auth, BasicAuth, BearerAuth, OctoEverywhereClient, connection_origin
from .const import AUTH_BASIC, AUTH_BEARER, CONF_AUTH_TYPE


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
