"""OctoEverywhere's optional App APIs, reached with an App Connection's ``AppToken``.

Unlike the plugin APIs they run on OctoEverywhere's servers, not through the connection URL:
they answer while the printer is offline, and tell when the App Connection is gone (603/604)
or the account lost its Supporter Perks (605).
"""

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
import json
from typing import Any, Final, Self

import aiohttp
from yarl import URL

from . import parse
from .client import DEFAULT_TIMEOUT, MAX_BODY_BYTES, describe_error, read_body
from .exceptions import (
    AuthenticationError,
    CannotConnectError,
    ConnectionRevokedError,
    ServiceError,
    SupporterRequiredError,
)

OCTOEVERYWHERE_URL: Final = URL("https://octoeverywhere.com")
INFO_PATH: Final = "/api/appconnection/info"
GADGET_PATH: Final = "/api/gadget/GetStatusFromAppConnection"

_ERRORS: Final[dict[int, type[ServiceError]]] = {
    401: AuthenticationError,
    403: AuthenticationError,
    603: ConnectionRevokedError,
    604: ConnectionRevokedError,
    605: SupporterRequiredError,
    606: AuthenticationError,
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
        timeout: float = DEFAULT_TIMEOUT,
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
        try:
            async with (
                asyncio.timeout(self._timeout),
                self._session.request(
                    method,
                    self._base.with_path(path),
                    headers={"AppToken": self._token, "Accept": "application/json"},
                    json={} if method == "POST" else None,
                    allow_redirects=False,
                ) as response,
            ):
                status = response.status
                raw = await read_body(response, MAX_BODY_BYTES)
        except TimeoutError as err:
            raise CannotConnectError(None, "timed out") from err
        except aiohttp.ClientError as err:
            raise CannotConnectError(None, describe_error(err)) from err
        if (error := _ERRORS.get(status)) is not None:
            raise error(status, None)
        if 600 <= status <= 699:
            raise ServiceError(status, None)
        if status != 200:
            raise CannotConnectError(status, f"unexpected HTTP status {status}")
        try:
            payload = json.loads(raw)
        except ValueError as err:
            raise CannotConnectError(200, "response is not JSON") from err
        if not isinstance(payload, Mapping):
            raise CannotConnectError(200, "response is not a JSON object")
        # The answer may come bare or in the plugin's envelope.
        envelope_status = parse.integer(payload.get("Status"))
        if envelope_status is not None and envelope_status != 200:
            raise _ERRORS.get(envelope_status, ServiceError)(envelope_status, None)
        result = payload.get("Result")
        return result if isinstance(result, Mapping) else payload
