"""What the user reads when a client call fails: one table from exception to translation key.

Every caller (actions, polls, the App APIs, the connection tests of the config and options
flows) takes its key from ``ERRORS``: adding an error code is one row here. ``key`` names a
message under ``exceptions`` for a failed action; ``poll`` and ``app_api`` where a failed
poll of the status or of the App APIs says it differently; ``form`` an error under
``config.error`` / ``options.error`` (forms show no status or text).
"""

from dataclasses import dataclass
import logging
from typing import Final, override

from homeassistant.exceptions import (
    ConfigEntryAuthFailed,
    ConfigEntryError,
    HomeAssistantError,
)
from homeassistant.helpers.update_coordinator import UpdateFailed

from .api import (
    AppTokenError,
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
from .const import DOMAIN, LOGGER


@dataclass(frozen=True, slots=True, kw_only=True)
class ErrorRow:
    """One kind of failure: the exception (and envelope status) and what each caller shows.

    ``form`` is None where a connection test counts the failure as a success: the plugin
    answered, so URL and credentials work (785/787/789: the printer is off).
    """

    error: type[OctoEverywhereError]
    status: int | None = None
    key: str
    poll: str | None = None  # None: as ``key``
    app_api: str | None = None  # None: as ``key``
    form: str | None


# First match wins: subclasses before their base classes.
ERRORS: Final = (
    ErrorRow(error=AppTokenError, key="invalid_app_token", form="invalid_app_token"),
    ErrorRow(error=AuthenticationError, key="invalid_auth", form="invalid_auth"),
    ErrorRow(
        error=ConnectionRevokedError,
        key="connection_revoked",
        form="connection_revoked",
    ),
    ErrorRow(
        error=SupporterRequiredError,
        key="supporter_required",
        form="supporter_required",
    ),
    ErrorRow(
        error=PluginUpdateRequiredError,
        key="plugin_update_required",
        form="plugin_update_required",
    ),
    ErrorRow(error=PrinterOfflineError, key="printer_offline", form="printer_offline"),
    ErrorRow(error=HostNotConnectedError, key="printer_offline", form=None),
    ErrorRow(
        error=ServiceError,
        key="service_error",
        app_api="app_api_failed",
        form="cannot_connect",
    ),
    ErrorRow(
        error=CannotConnectError,
        key="cannot_connect",
        app_api="app_api_failed",
        form="cannot_connect",
    ),
    # The printer's state does not allow it / not supported on this printer platform. A
    # status poll failing this way is an unexpected answer, with its status.
    ErrorRow(
        error=CommandError,
        status=786,
        key="invalid_state",
        poll="unknown_error",
        form="cannot_connect",
    ),
    ErrorRow(
        error=CommandError,
        status=788,
        key="not_supported",
        poll="unknown_error",
        form="cannot_connect",
    ),
    # Any other refusal of an action shows the plugin's own text.
    ErrorRow(
        error=CommandError,
        key="command_failed",
        poll="unknown_error",
        form="cannot_connect",
    ),
    ErrorRow(
        error=OctoEverywhereError,
        key="unknown_error",
        app_api="app_api_failed",
        form="cannot_connect",
    ),
)
# A form error for a failure that is not the client's (a bug): logged with its traceback.
UNEXPECTED_FORM_ERROR: Final = "unknown"


def error_row(err: OctoEverywhereError) -> ErrorRow:
    """Return the row that describes ``err``."""
    for row in ERRORS:
        if isinstance(err, row.error) and row.status in (None, err.status):
            return row
    raise AssertionError("the last row matches every client error")  # pragma: no cover


def _translated[E: HomeAssistantError](
    cls: type[E], err: OctoEverywhereError, key: str | None = None
) -> E:
    """Return ``cls`` carrying ``err``'s translation (``key``: another of its row's keys)."""
    return cls(
        translation_domain=DOMAIN,
        translation_key=key or error_row(err).key,
        translation_placeholders=placeholders(err),
    )


def command_error(err: OctoEverywhereError) -> HomeAssistantError:
    """Return the error to show a user whose action ``err`` made fail."""
    return _translated(HomeAssistantError, err)


def offline_error() -> HomeAssistantError:
    """Return what an action says that needs the printer's answer while it is offline."""
    return command_error(PrinterOfflineError())


def auth_failed(err: OctoEverywhereError) -> ConfigEntryAuthFailed:
    """Return the reauthentication request for refused credentials."""
    return _translated(ConfigEntryAuthFailed, err)


def setup_error(err: OctoEverywhereError) -> ConfigEntryError:
    """Return the failure that stops the entry until the user acts (a revoked connection)."""
    return _translated(ConfigEntryError, err)


def update_failed(err: OctoEverywhereError, *, app_api: bool = False) -> UpdateFailed:
    """Return the translated failure of a poll (of the App APIs) that ``err`` made fail."""
    row = error_row(err)
    return _translated(
        UpdateFailed, err, (row.app_api if app_api else row.poll) or row.key
    )


def form_error(err: Exception, action: str) -> str | None:
    """Return the form error for ``err`` raised while ``action``; None when it is no error.

    Anything but a client error is a bug: logged with its traceback, shown as "unknown".
    """
    if isinstance(err, OctoEverywhereError):
        return error_row(err).form
    LOGGER.error("Unexpected error while %s", action, exc_info=err)
    return UNEXPECTED_FORM_ERROR


def placeholders(err: OctoEverywhereError) -> dict[str, str]:
    """Return the code and the (untrusted, shortened) text of ``err``; never a URL."""
    return {
        "status": str(err.status),
        "error": err.message or f"status {err.status}",
    }


class _ExplainedSetupErrorFilter(logging.Filter):
    """Drop the traceback Home Assistant logs with this integration's ConfigEntryError.

    Home Assistant logs a failed setup with ``logger.exception``, through the integration's
    logger or (before the integration is known to the entry) its own config entries logger.
    A revoked connection is expected and its translated reason says all there is to say
    (the entry shows it, a repair issue explains it): one line suffices. Records of any
    other exception pass untouched.
    """

    @override
    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, ConfigEntryError) and error.translation_domain == DOMAIN:
            record.exc_info = None
            record.exc_text = None
        return True


_SETUP_ERROR_FILTER: Final = _ExplainedSetupErrorFilter()


def install_log_filter() -> None:
    """Log explained setup failures as one line (once per process)."""
    for logger in (LOGGER, logging.getLogger("homeassistant.config_entries")):
        if _SETUP_ERROR_FILTER not in logger.filters:
            logger.addFilter(_SETUP_ERROR_FILTER)
