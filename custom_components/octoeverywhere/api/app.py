"""OctoEverywhere's optional App APIs, reached with an App Connection's ``AppToken``.

Unlike the plugin APIs they run on OctoEverywhere's servers, not through the connection URL:
they answer while the printer is offline, and tell when the App Connection is gone (603/604)
or the account lost its Supporter Perks (605).
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Final, Self

import aiohttp
from yarl import URL

from . import parse, transport
from .exceptions import (
    AppTokenError,
    CannotConnectError,
    ConnectionRevokedError,
    OctoEverywhereError,
    ServiceError,
    SupporterRequiredError,
)

OCTOEVERYWHERE_URL: Final = URL("https://octoeverywhere.com")
INFO_PATH: Final = "/api/appconnection/info"
GADGET_PATH: Final = "/api/gadget/GetStatusFromAppConnection"

# Here 606 (and a plain 401/403) refuses the AppToken, not the connection's credentials.
_ERRORS: Final[Mapping[int, type[OctoEverywhereError]]] = {
    401: AppTokenError,
    403: AppTokenError,
    603: ConnectionRevokedError,
    604: ConnectionRevokedError,
    605: SupporterRequiredError,
    606: AppTokenError,
}


class GadgetState(StrEnum):
    """Gadget's state for the current print (``State`` 0-4)."""

    DISABLED = "disabled"
    DISABLED_FOR_PRINT = "disabled_for_print"
    IDLE = "idle"
    ACTIVE = "active"
    PAUSED = "paused"


_GADGET_STATES: Final = dict(enumerate(GadgetState))
_STATUS_COLORS: Final = {"g": "green", "y": "yellow", "r": "red", "w": "white"}


@dataclass(frozen=True, slots=True, kw_only=True)
class AppConnectionInfo:
    """What OctoEverywhere knows of the App Connection's printer."""

    printer_name: str | None = None
    is_online: bool | None = None
    user_facing_printer_url: str | None = field(default=None, repr=False)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Read the info answer."""
        return cls(
            printer_name=parse.string(data.get("PrinterName")) or None,
            is_online=parse.boolean(data.get("IsOnline")),
            user_facing_printer_url=parse.string(data.get("UserFacingPrinterUrl"))
            or None,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class GadgetStatus:
    """Gadget's verdict on the current print."""

    state: GadgetState | None = None
    status: str | None = None
    status_color: str | None = None
    rating: int | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Read the Gadget status answer; unknown states read as None."""
        state = parse.integer(data.get("State"))
        rating = parse.integer(data.get("Rating"))
        color = parse.string(data.get("StatusColor"))
        return cls(
            state=_GADGET_STATES.get(state) if state is not None else None,
            status=(parse.string(data.get("Status")) or None),
            status_color=_STATUS_COLORS.get(color.lower()) if color else None,
            rating=rating if rating is not None and 1 <= rating <= 10 else None,
        )


class AppApiClient:
    """The App APIs of one App Connection."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        app_token: str,
        *,
        base_url: URL = OCTOEVERYWHERE_URL,
        timeout: float = transport.DEFAULT_TIMEOUT,
    ) -> None:
        """Keep the session, the token and where the App APIs are."""
        self._session = session
        self._token = app_token
        self._base = base_url
        self._timeout = timeout

    def __repr__(self) -> str:
        """Never show the token."""
        return f"<{type(self).__name__}>"

    async def get_info(self) -> AppConnectionInfo:
        """Return the App Connection's info."""
        return AppConnectionInfo.from_dict(await self._call("GET", INFO_PATH))

    async def get_gadget_status(self) -> GadgetStatus:
        """Return Gadget's status (OctoEverywhere asks: at most every 10 s, while printing)."""
        return GadgetStatus.from_dict(await self._call("POST", GADGET_PATH))

    async def _call(self, method: str, path: str) -> Mapping[str, Any]:
        response = await transport.fetch(
            self._session,
            method,
            self._base.with_path(path),
            headers={"AppToken": self._token, "Accept": "application/json"},
            time_limit=self._timeout,
            body={} if method == "POST" else None,
        )
        transport.raise_for_status(response, _ERRORS)
        payload = response.json()
        if payload is None:
            raise CannotConnectError(200, "response is not JSON")
        if not isinstance(payload, Mapping):
            raise CannotConnectError(200, "response is not a JSON object")
        # The answer may come bare or in the plugin's envelope.
        envelope_status = parse.integer(payload.get("Status"))
        if envelope_status is not None and envelope_status != 200:
            error = _ERRORS.get(envelope_status, ServiceError)
            raise error(envelope_status, None)
        result = payload.get("Result")
        return result if isinstance(result, Mapping) else payload
