"""Client for OctoEverywhere's Plugin APIs, independent of Home Assistant.

Kept inside the integration folder because HACS ships only that folder; it imports nothing from
Home Assistant so it could move to PyPI unchanged.
"""

from .client import Auth, BasicAuth, BearerAuth, OctoEverywhereClient, connection_origin
from .exceptions import (
    AuthenticationError,
    CannotConnectError,
    CommandError,
    ConnectionRevokedError,
    HostNotConnectedError,
    OctoEverywhereError,
    PluginError,
    PluginUpdateRequiredError,
    PrinterOfflineError,
    ResponseTooLargeError,
    ServiceError,
    SupporterRequiredError,
    WebcamRateLimitedError,
)
from .models import (
    ACTIVE_STATES,
    RUNNING_STATES,
    CurrentPrint,
    Features,
    Gadget,
    HostPlatform,
    JobStatus,
    Light,
    OctoEverywhereStatus,
    PrinterState,
    PrinterStatus,
    Temps,
    Webcam,
    WebcamList,
)

__all__ = [
    "ACTIVE_STATES",
    "RUNNING_STATES",
    "Auth",
    "AuthenticationError",
    "BasicAuth",
    "BearerAuth",
    "CannotConnectError",
    "CommandError",
    "ConnectionRevokedError",
    "CurrentPrint",
    "Features",
    "Gadget",
    "HostNotConnectedError",
    "HostPlatform",
    "JobStatus",
    "Light",
    "OctoEverywhereClient",
    "OctoEverywhereError",
    "OctoEverywhereStatus",
    "PluginError",
    "PluginUpdateRequiredError",
    "PrinterOfflineError",
    "PrinterState",
    "PrinterStatus",
    "ResponseTooLargeError",
    "ServiceError",
    "SupporterRequiredError",
    "Temps",
    "Webcam",
    "WebcamList",
    "WebcamRateLimitedError",
    "connection_origin",
]
