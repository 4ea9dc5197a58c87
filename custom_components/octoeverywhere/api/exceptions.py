"""Exceptions raised by the OctoEverywhere client.

Two layers can fail (reference section 2): OctoEverywhere's servers answer with an HTTP status
600-613 when a request cannot reach the plugin, and the plugin answers HTTP 200 with an envelope
whose ``Status`` is not 200 when the command itself failed. Each exception carries the code it was
raised for, so callers can tell e.g. 603 from 604 without parsing messages.
"""


class OctoEverywhereError(Exception):
    """Base class of every error the client raises."""

    def __init__(self, status: int | None = None, message: str | None = None) -> None:
        """Keep the status code and the (untrusted, plugin- or server-provided) message."""
        self.status = status
        self.message = message
        super().__init__(
            message if status is None else f"{status}: {message or 'no message'}"
        )


class CannotConnectError(OctoEverywhereError):
    """Transport failure: DNS, refused, TLS, timeout, a non-JSON body or an unexpected HTTP status."""


class ResponseTooLargeError(CannotConnectError):
    """The response body is larger than the client accepts."""


class ServiceError(OctoEverywhereError):
    """OctoEverywhere's servers could not relay the request (HTTP 600-613)."""


class AuthenticationError(ServiceError):
    """606: the credentials are missing or wrong."""


class ConnectionRevokedError(ServiceError):
    """603 / 604: the App Connection is unknown, revoked or expired."""


class AppTokenError(ServiceError):
    """The App APIs refused the App Connection's ``AppToken`` (401, 403 or 606)."""


class SupporterRequiredError(ServiceError):
    """605: the account owner no longer has Supporter Perks."""


class PrinterOfflineError(ServiceError):
    """601: the plugin beside the printer is not connected to OctoEverywhere."""


class WebcamRateLimitedError(ServiceError):
    """609: the webcam was viewed too often in a short window."""


class WebcamUnavailableError(OctoEverywhereError):
    """The webcam gave no image: HTTP 404, or an envelope where the image should be."""


class PluginError(OctoEverywhereError):
    """The plugin answered with an envelope whose Status is not 200."""


class HostNotConnectedError(PluginError):
    """785 / 787 / 789: the plugin cannot talk to the printer's host software or firmware."""


class PluginUpdateRequiredError(PluginError):
    """754 (unknown command path) or 610 (service): the plugin is too old for this API."""


class CommandError(PluginError):
    """Any other envelope failure (750-753, 786, 788, 400, 500, host statuses passed through)."""
