"""Repair flows: reconnect a printer whose App Connection was revoked (603/604).

The fix is Reconfigure: after a confirmation the repair hands over to the entry's reconfigure
flow (the same steps as the entry's menu offers). The issue stays until the printer answers
through the new connection, so closing the dialog half-way loses nothing.
"""

from typing import Any

from homeassistant.components.repairs import RepairsFlow, RepairsFlowResult
from homeassistant.config_entries import SOURCE_RECONFIGURE, ConfigEntry
from homeassistant.core import HomeAssistant

from .compat import repair_abort_to_config_flow
from .const import DOMAIN


class ReconnectFlow(RepairsFlow):
    """Confirm, then continue in the entry's reconfigure flow."""

    def __init__(self, entry: ConfigEntry) -> None:
        """Repair ``entry``."""
        self._entry = entry

    async def async_step_init(
        self, user_input: dict[str, str] | None = None
    ) -> RepairsFlowResult:
        """Explain what happened and what comes next."""
        return await self.async_step_confirm()

    async def async_step_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> RepairsFlowResult:
        """Start the entry's reconfigure flow once the user confirms."""
        if user_input is None:
            return self.async_show_form(
                step_id="confirm",
                description_placeholders={"title": self._entry.title},
            )
        result = await self.hass.config_entries.flow.async_init(
            DOMAIN,
            context={"source": SOURCE_RECONFIGURE, "entry_id": self._entry.entry_id},
        )
        # An abort keeps the issue: it is cleared when the new connection answers.
        return repair_abort_to_config_flow(self, "reconfigure", result["flow_id"])


async def async_create_fix_flow(
    hass: HomeAssistant, issue_id: str, data: dict[str, Any] | None
) -> RepairsFlow:
    """Return the flow that fixes ``issue_id`` (only a revoked connection has one)."""
    entry_id = (data or {}).get("entry_id")
    entry = hass.config_entries.async_get_entry(str(entry_id))
    if entry is None:  # pragma: no cover - issues are deleted with their entry
        raise ValueError(f"no config entry for issue {issue_id}")
    return ReconnectFlow(entry)
