"""Config entry diagnostics: what helps find a problem, with every secret taken out.

The connection URL is itself a secret for Shared Connections, so not only the configured
fields are redacted: any text anywhere in the output that contains the connection's host or a
configured secret is replaced too.
"""

from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from yarl import URL

from homeassistant.components.diagnostics import REDACTED, async_redact_data
from homeassistant.const import (
    CONF_PASSWORD,
    CONF_TOKEN,
    CONF_URL,
    CONF_USERNAME,
    CONF_WEBHOOK_ID,
)
from homeassistant.core import HomeAssistant

from .connection import is_local_origin
from .const import CONF_APP_TOKEN, CONF_AUTH_TYPE, CONF_WEBHOOK_SECRET
from .coordinator import OctoEverywhereConfigEntry

TO_REDACT = {
    CONF_URL,
    CONF_USERNAME,
    CONF_PASSWORD,
    CONF_TOKEN,
    CONF_WEBHOOK_ID,
    CONF_WEBHOOK_SECRET,
    CONF_APP_TOKEN,
    "unique_id",
}


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: OctoEverywhereConfigEntry
) -> dict[str, Any]:
    """Return diagnostics for a config entry."""
    runtime = entry.runtime_data
    coordinator = runtime.coordinator
    data = coordinator.data
    status = data.status
    origin = coordinator.client.origin
    diagnostics: dict[str, Any] = {
        "entry": {
            "title": entry.title,
            "data": async_redact_data(dict(entry.data), TO_REDACT),
            "options": async_redact_data(dict(entry.options), TO_REDACT),
            "connection": {
                "scheme": origin.scheme,
                "local_network": is_local_origin(origin),
                "auth_type": entry.data.get(CONF_AUTH_TYPE),
            },
        },
        "printer": {
            "online": data.online,
            "offline_code": data.offline_code,
            "platform": status.platform if status else None,
            "platform_version": status.platform_version if status else None,
            "features": status.features.value if status else None,
            "features_decoded": sorted(
                feature.name.lower()
                for feature in status.features
                if feature.name is not None
            )
            if status
            else None,
            "material_system_requested": coordinator.asks_material_system,
        },
        "last_status": dict(status.raw) if status else None,
        "polling": {
            "update_interval_sec": coordinator.update_interval.total_seconds()
            if coordinator.update_interval
            else None,
            "last_update_success": coordinator.last_update_success,
            "last_exception": repr(coordinator.last_exception)
            if coordinator.last_exception
            else None,
            **asdict(coordinator.stats),
        },
        "events": runtime.events.diagnostics(),
        "app_connection": {
            "configured": runtime.app_info is not None,
            "info_last_update_success": runtime.app_info.last_update_success
            if runtime.app_info
            else None,
            "gadget": asdict(runtime.gadget.data)
            if runtime.gadget and runtime.gadget.data
            else None,
        },
    }
    scrubbed: dict[str, Any] = _scrub(diagnostics, _secrets(entry, origin))
    return scrubbed


def _secrets(entry: OctoEverywhereConfigEntry, origin: URL) -> list[str]:
    """Every text that must not appear anywhere in the output."""
    values = [
        origin.host or "",
        *(
            str(value)
            for key, value in {**entry.data, **entry.options}.items()
            if key in TO_REDACT and value
        ),
    ]
    # Longest first, so that a secret containing another is replaced whole.
    return sorted({value for value in values if len(value) >= 4}, key=len, reverse=True)


def _scrub(value: Any, secrets: list[str]) -> Any:
    """Replace every string that contains a secret, dictionary keys included."""
    if isinstance(value, Mapping):
        return {
            _scrub(key, secrets): _scrub(item, secrets) for key, item in value.items()
        }
    if isinstance(value, (list, tuple)):
        return [_scrub(item, secrets) for item in value]
    if isinstance(value, str) and any(secret in value for secret in secrets):
        return REDACTED
    return value
