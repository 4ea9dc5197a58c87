"""The optional App APIs (reference section 7), served on the same server.

``/api/appconnection/info`` and ``/api/gadget/GetStatusFromAppConnection`` need the App
Connection's ``AppToken`` header (606 otherwise). They run on OctoEverywhere's servers, so they
answer even while the printer is offline (``IsOnline`` false). Faults with ``paths: ["/api/"]``
(or no paths) apply, e.g. 603/604/605.
"""

from datetime import UTC, datetime
import hmac
from typing import TYPE_CHECKING, Any, Final

from aiohttp import web

from .inject import http_error, json_bytes_response
from .printer import ACTIVE_STATES, State

if TYPE_CHECKING:
    from .simulator import Simulator

INFO_PATH: Final = "/api/appconnection/info"
GADGET_PATH: Final = "/api/gadget/GetStatusFromAppConnection"
PRINTER_LIMITS: Final = {
    "MaxDownloadFileSizeBytes": 200 * 1024 * 1024,
    "MaxUploadFileSizeBytes": 200 * 1024 * 1024,
    "MaxSingleWebcamStreamLengthSeconds": 3600,
}


def utc(timestamp: float | None) -> str | None:
    """Format a Unix time as ISO 8601 UTC (``2027-01-15T08:00:00Z``)."""
    if timestamp is None:
        return None
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def token_ok(sim: Simulator, header: str | None) -> bool:
    """Whether the ``AppToken`` header matches the configured token."""
    return header is not None and hmac.compare_digest(
        header.encode(), sim.settings.app_token.encode()
    )


def info(sim: Simulator) -> dict[str, Any]:
    """Return the App Connection info."""
    return {
        "PrinterName": sim.settings.printer_name,
        "PrinterLocalIp": "192.168.1.50",
        "IsOnline": sim.connection != "offline",
        "LastDisconnectTimeUtc": utc(
            None if sim.disconnected_at is None else sim.unix(sim.disconnected_at)
        ),
        "LastConnectionTimeUtc": utc(
            None if sim.connected_at is None else sim.unix(sim.connected_at)
        ),
        "UserFacingPrinterUrl": f"https://octoeverywhere.com/printer/{sim.settings.printer_id}",
        "PrinterLimits": dict(PRINTER_LIMITS),
    }


def gadget_status(sim: Simulator) -> dict[str, Any]:
    """Return Gadget's state for the current print (State 0-4, Status, StatusColor, Rating)."""
    printer = sim.printer
    job = printer.job
    score = printer.last_score
    rating = max(1, min(10, 10 - round(score)))
    active = job is not None and printer.state in ACTIVE_STATES
    if printer.gadget_disabled:
        return {"State": 0, "Status": "Disabled", "StatusColor": "w", "Rating": rating}
    if not active:
        return {"State": 2, "Status": "Idle", "StatusColor": "w", "Rating": rating}
    if printer.gadget_suppressed:
        return {
            "State": 1,
            "Status": "Disabled for this print",
            "StatusColor": "w",
            "Rating": rating,
        }
    if (
        printer.state == State.PAUSED
        and job is not None
        and job.pause_reason == "gadget"
    ):
        return {
            "State": 4,
            "Status": "Paused due to a possible failure",
            "StatusColor": "r",
            "Rating": rating,
        }
    colour = "g" if score < 3 else "y" if score < 6 else "r"
    status = "Watching" if colour == "g" else "Possible failure"
    return {"State": 3, "Status": status, "StatusColor": colour, "Rating": rating}


def respond(sim: Simulator, path: str, headers: Any) -> web.Response:
    """Answer an App API request (after faults)."""
    if not token_ok(sim, headers.get("AppToken")):
        return http_error(606)
    result = info(sim) if path.lower() == INFO_PATH.lower() else gadget_status(sim)
    body: Any = (
        {"Status": 200, "Result": result} if sim.settings.app_api_envelope else result
    )
    return json_bytes_response(body, content_type="application/json")
