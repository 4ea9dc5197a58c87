"""Repair issues raised for conditions only the user can fix."""

from collections.abc import Iterable
from enum import StrEnum

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir

from .const import DOMAIN

SUPPORTER_PERKS_URL = "https://octoeverywhere.com/supporterperks"


class Issue(StrEnum):
    """Repair issues, each with a translation of the same key."""

    CONNECTION_REVOKED = "connection_revoked"
    SUPPORTER_REQUIRED = "supporter_required"
    PLUGIN_UPDATE_REQUIRED = "plugin_update_required"
    PRINTER_CREDENTIALS = "printer_credentials"
    WEBHOOK_SILENT = "webhook_silent"


def issue_id(issue: Issue, entry: ConfigEntry) -> str:
    """Return the id of ``issue`` for ``entry`` (one per entry and kind)."""
    return f"{issue.value}_{entry.entry_id}"


def async_raise_issue(hass: HomeAssistant, entry: ConfigEntry, issue: Issue) -> None:
    """Create (or keep) ``issue`` for ``entry``."""
    ir.async_create_issue(
        hass,
        DOMAIN,
        issue_id(issue, entry),
        data={"entry_id": entry.entry_id},
        is_fixable=issue is Issue.CONNECTION_REVOKED,
        is_persistent=False,
        learn_more_url=SUPPORTER_PERKS_URL
        if issue is Issue.SUPPORTER_REQUIRED
        else None,
        severity=ir.IssueSeverity.WARNING
        if issue is Issue.WEBHOOK_SILENT
        else ir.IssueSeverity.ERROR,
        translation_key=issue.value,
        translation_placeholders={"title": entry.title},
    )


def async_clear_issues(hass: HomeAssistant, entry: ConfigEntry, *issues: Issue) -> None:
    """Delete the given issues (all of them when none is named) of ``entry``."""
    async_clear_issue_keys(
        hass, [(DOMAIN, issue_id(issue, entry)) for issue in issues or tuple(Issue)]
    )


def async_clear_issue_keys(
    hass: HomeAssistant, keys: Iterable[tuple[str, str]]
) -> None:
    """Delete the issues of these registry keys (``DOMAIN``, ``issue_id``) that exist."""
    # Called after every poll: look first, most of the time there is nothing to delete. The
    # registry's dict, not a call per key (about 1 K instructions each).
    registry = ir.async_get(hass)
    issues = registry.issues
    for key in keys:
        if key in issues:
            registry.async_delete(*key)
