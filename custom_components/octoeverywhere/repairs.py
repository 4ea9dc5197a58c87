"""Repair flows: reconnect a printer whose App Connection was revoked (603/604)."""

from typing import Any

import voluptuous as vol

from homeassistant.components.repairs import RepairsFlow, RepairsFlowResult
from homeassistant.config_entries import ConfigEntry
from homeassistant.const import CONF_PASSWORD, CONF_TOKEN, CONF_URL, CONF_USERNAME
from homeassistant.core import HomeAssistant
from homeassistant.helpers.selector import (
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
)

from .connection import (
    async_test_connection,
    checked_origin,
    connection_unique_id,
    used_by_other_entry,
    webhook_data,
)
from .const import AUTH_BASIC, AUTH_BEARER, AUTH_TYPES, CONF_AUTH_TYPE
from .issues import Issue, async_clear_issues

_SECRET = TextSelector(TextSelectorConfig(type=TextSelectorType.PASSWORD))
SCHEMA = vol.Schema(
    {
        vol.Required(CONF_URL): TextSelector(
            TextSelectorConfig(type=TextSelectorType.URL)
        ),
        vol.Required(CONF_AUTH_TYPE): SelectSelector(
            SelectSelectorConfig(
                options=list(AUTH_TYPES),
                mode=SelectSelectorMode.LIST,
                translation_key=CONF_AUTH_TYPE,
            )
        ),
        vol.Optional(CONF_USERNAME): TextSelector(),
        vol.Optional(CONF_PASSWORD): _SECRET,
        vol.Optional(CONF_TOKEN): _SECRET,
    }
)
# The credentials each auth type needs.
_NEEDS = {AUTH_BASIC: (CONF_USERNAME, CONF_PASSWORD), AUTH_BEARER: (CONF_TOKEN,)}


class ReconnectFlow(RepairsFlow):
    """Move the entry to a new connection, keeping its entities (like reconfigure)."""

    def __init__(self, entry: ConfigEntry) -> None:
        """Repair ``entry``."""
        self._entry = entry

    async def async_step_init(
        self, user_input: dict[str, str] | None = None
    ) -> RepairsFlowResult:
        """Start with the new connection's details."""
        return await self.async_step_connection()

    async def async_step_connection(
        self, user_input: dict[str, Any] | None = None
    ) -> RepairsFlowResult:
        """Ask for the new connection URL and its credentials, then test them."""
        errors: dict[str, str] = {}
        if user_input is not None:
            auth_type = user_input[CONF_AUTH_TYPE]
            origin = checked_origin(user_input[CONF_URL])
            needed = _NEEDS.get(auth_type, ())
            if origin is None:
                errors[CONF_URL] = "invalid_url"
            elif missing := [key for key in needed if not user_input.get(key)]:
                errors[missing[0]] = "required"
            else:
                data = {
                    CONF_URL: str(origin),
                    CONF_AUTH_TYPE: auth_type,
                    **{key: user_input[key] for key in needed},
                }
                unique_id = connection_unique_id(origin)
                if used_by_other_entry(self.hass, unique_id, self._entry.entry_id):
                    return self.async_abort(reason="already_configured")
                _, error = await async_test_connection(self.hass, data)
                if error is None:
                    return self._async_apply(unique_id, data)
                errors["base"] = error
        suggested = {
            CONF_URL: self._entry.data.get(CONF_URL, ""),
            CONF_AUTH_TYPE: self._entry.data.get(CONF_AUTH_TYPE),
            **(user_input or {}),
        }
        return self.async_show_form(
            step_id="connection",
            data_schema=self.add_suggested_values_to_schema(SCHEMA, suggested),
            errors=errors,
            description_placeholders={"title": self._entry.title},
        )

    def _async_apply(self, unique_id: str, data: dict[str, Any]) -> RepairsFlowResult:
        """Keep the webhook, replace the connection, reload."""
        hass = self.hass
        hass.config_entries.async_update_entry(
            self._entry,
            unique_id=unique_id,
            data={**webhook_data(self._entry.data), **data},
        )
        async_clear_issues(hass, self._entry, Issue.CONNECTION_REVOKED)
        hass.config_entries.async_schedule_reload(self._entry.entry_id)
        return self.async_create_entry(data={})


async def async_create_fix_flow(
    hass: HomeAssistant, issue_id: str, data: dict[str, Any] | None
) -> RepairsFlow:
    """Return the flow that fixes ``issue_id`` (only a revoked connection has one)."""
    entry_id = (data or {}).get("entry_id")
    entry = hass.config_entries.async_get_entry(str(entry_id))
    if entry is None:  # pragma: no cover - issues are deleted with their entry
        raise ValueError(f"no config entry for issue {issue_id}")
    return ReconnectFlow(entry)
