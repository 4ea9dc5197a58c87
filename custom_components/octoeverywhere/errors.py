"""Translated Home Assistant errors: failed polls and failed control commands."""

from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.update_coordinator import UpdateFailed

from .api import (
    AuthenticationError,
    CannotConnectError,
    CommandError,
    ConnectionRevokedError,
    HostNotConnectedError,
    OctoEverywhereError,
    PluginUpdateRequiredError,
    PrinterOfflineError,
    ServiceError,
    SupporterRequiredError,
)
from .const import DOMAIN


def command_error(err: OctoEverywhereError) -> HomeAssistantError:
    """Return the error to show a user whose command ``err`` made fail."""
    key: str
    match err:
        case AuthenticationError():
            key = "invalid_auth"
        case ConnectionRevokedError():
            key = "connection_revoked"
        case SupporterRequiredError():
            key = "supporter_required"
        case PluginUpdateRequiredError():
            key = "plugin_update_required"
        case PrinterOfflineError() | HostNotConnectedError():
            key = "printer_offline"
        case CommandError(status=786):  # the printer's state does not allow it
            key = "invalid_state"
        case CommandError(status=788):  # not supported on this printer platform
            key = "not_supported"
        case CommandError():  # any other failure shows the plugin's own text
            key = "command_failed"
        case ServiceError():
            key = "service_error"
        case CannotConnectError():
            key = "cannot_connect"
        case _:
            key = "unknown_error"
    return HomeAssistantError(
        translation_domain=DOMAIN,
        translation_key=key,
        translation_placeholders=_placeholders(err),
    )


def update_failed(key: str, err: OctoEverywhereError) -> UpdateFailed:
    """Return the translated failure of a poll that ``err`` made fail."""
    return UpdateFailed(
        translation_domain=DOMAIN,
        translation_key=key,
        translation_placeholders=_placeholders(err),
    )


def _placeholders(err: OctoEverywhereError) -> dict[str, str]:
    """Return the code and the (untrusted, shortened) text of ``err``; never a URL."""
    return {
        "status": str(err.status),
        "error": err.message or f"status {err.status}",
    }
