"""Options flow: the webhook's URLs and secret (local, external, Home Assistant Cloud).

Opening the flow or its webhook page changes nothing; a cloud webhook and a new secret are
each made only when chosen. (The AppToken part is in test_app_connection.py.)
"""

from collections.abc import Generator
from typing import Any
from unittest.mock import AsyncMock, patch

import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.octoeverywhere.const import (
    CONF_CLOUDHOOK_URL,
    CONF_WEBHOOK_SECRET,
    DOMAIN,
)
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import CONF_WEBHOOK_ID
from homeassistant.core import HomeAssistant
from homeassistant.core_config import async_process_ha_core_config
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers.network import NoURLAvailableError
from homeassistant.helpers.translation import async_get_translations

CLOUDHOOK = "https://hooks.nabu.casa/abc"


async def _webhook_page(
    hass: HomeAssistant, entry: MockConfigEntry, page: str = "webhook"
) -> dict[str, Any]:
    """Open the options and choose the webhook; ``page`` is the step it shows."""
    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert result["type"] is FlowResultType.MENU
    assert result["step_id"] == "init"
    assert result["menu_options"] == ["webhook", "app_token"]
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "webhook"}
    )
    assert result["type"] is FlowResultType.MENU
    assert result["step_id"] == page
    return dict(result)


async def _choose(hass: HomeAssistant, result: dict[str, Any], step: str) -> Any:
    return await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": step}
    )


async def test_urls_and_secret(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """Local and external URLs of the entry's webhook, and its secret, to paste."""
    await async_process_ha_core_config(
        hass,
        {
            "internal_url": "http://192.168.1.10:8123",
            "external_url": "https://ha.example.org",
        },
    )
    data_before = dict(init_integration.data)
    result = await _webhook_page(hass, init_integration)
    webhook_id = init_integration.data[CONF_WEBHOOK_ID]
    assert result["description_placeholders"] == {
        "local_url": f"http://192.168.1.10:8123/api/webhook/{webhook_id}",
        "internet_url": f"https://ha.example.org/api/webhook/{webhook_id}",
        "secret": init_integration.data[CONF_WEBHOOK_SECRET],
    }
    # No Home Assistant Cloud: nothing to offer for it.
    assert result["menu_options"] == ["done", "new_secret"]
    done = await _choose(hass, result, "done")
    assert done["type"] is FlowResultType.CREATE_ENTRY
    assert done["data"] == {}
    assert dict(init_integration.data) == data_before
    assert init_integration.options == {}


async def test_no_urls_known(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """Without a known URL the page says so instead of failing."""
    with patch(
        "homeassistant.components.webhook.get_url",
        side_effect=NoURLAvailableError,
    ):
        result = await _webhook_page(hass, init_integration, "webhook_no_internet")
    assert result["description_placeholders"]["local_url"] == "-"


async def test_no_internet_url_says_what_to_do(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """No external URL and no Home Assistant Cloud: the page tells how to get one.

    Its own step, so the advice is translated text rather than a placeholder's value.
    """
    await async_process_ha_core_config(
        hass, {"internal_url": "http://192.168.1.10:8123"}
    )
    webhook_id = init_integration.data[CONF_WEBHOOK_ID]
    result = await _webhook_page(hass, init_integration, "webhook_no_internet")
    assert result["description_placeholders"] == {
        "local_url": f"http://192.168.1.10:8123/api/webhook/{webhook_id}",
        "secret": init_integration.data[CONF_WEBHOOK_SECRET],
    }
    assert result["menu_options"] == ["done", "new_secret"]
    translations = await async_get_translations(hass, "en", "options", [DOMAIN])
    description = translations[
        f"component.{DOMAIN}.options.step.webhook_no_internet.description"
    ]
    assert "{internet_url}" not in description
    assert "Settings → System → Network" in description
    assert "LAN mode" in description
    for option in ("done", "cloudhook", "new_secret"):
        assert (
            translations[
                f"component.{DOMAIN}.options.step.webhook_no_internet.menu_options.{option}"
            ]
            == translations[
                f"component.{DOMAIN}.options.step.webhook.menu_options.{option}"
            ]
        )
    # The secret can be replaced from here too; the page stays the same.
    confirm = await _choose(hass, result, "new_secret")
    again = await hass.config_entries.options.async_configure(confirm["flow_id"], {})
    assert again["step_id"] == "webhook_no_internet"
    done = await _choose(hass, again, "done")
    assert done["type"] is FlowResultType.CREATE_ENTRY


async def test_new_secret_is_an_explicit_step(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """A new secret only after confirming it; shown at once to copy; no reload."""
    await async_process_ha_core_config(hass, {"external_url": "https://ha.example.org"})
    old = init_integration.data[CONF_WEBHOOK_SECRET]
    webhook_id = init_integration.data[CONF_WEBHOOK_ID]
    result = await _webhook_page(hass, init_integration)
    confirm = await _choose(hass, result, "new_secret")
    assert confirm["type"] is FlowResultType.FORM
    assert confirm["step_id"] == "new_secret"
    assert init_integration.data[CONF_WEBHOOK_SECRET] == old  # not before confirming

    again = await hass.config_entries.options.async_configure(confirm["flow_id"], {})
    assert again["type"] is FlowResultType.MENU
    assert again["step_id"] == "webhook"
    new = init_integration.data[CONF_WEBHOOK_SECRET]
    assert new != old and len(new) >= 32
    assert again["description_placeholders"]["secret"] == new
    assert init_integration.data[CONF_WEBHOOK_ID] == webhook_id
    done = await _choose(hass, again, "done")
    assert done["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    assert init_integration.state is ConfigEntryState.LOADED
    assert init_integration.data[CONF_WEBHOOK_SECRET] == new


@pytest.fixture
def cloud() -> Generator[tuple[AsyncMock, AsyncMock]]:
    """A Home Assistant Cloud with an active subscription."""
    with (
        patch(
            "homeassistant.components.cloud.async_active_subscription",
            return_value=True,
        ),
        patch("homeassistant.components.cloud.async_is_logged_in", return_value=True),
        patch(
            "homeassistant.components.cloud.async_get_or_create_cloudhook",
            return_value=CLOUDHOOK,
        ) as create,
        patch("homeassistant.components.cloud.async_delete_cloudhook") as delete,
    ):
        yield create, delete


async def test_cloud_webhook_only_when_chosen(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    cloud: tuple[AsyncMock, AsyncMock],
) -> None:
    """With Home Assistant Cloud, a cloudhook is made when chosen, and deleted with the entry."""
    create, delete = cloud
    hass.config.components.add("cloud")
    await async_process_ha_core_config(hass, {"external_url": "https://ha.example.org"})
    webhook_id = init_integration.data[CONF_WEBHOOK_ID]
    result = await _webhook_page(hass, init_integration)
    # Opening the page makes nothing.
    create.assert_not_awaited()
    assert result["description_placeholders"]["internet_url"].startswith(
        "https://ha.example.org/api/webhook/"
    )
    assert result["menu_options"] == ["done", "cloudhook", "new_secret"]

    result = await _choose(hass, result, "cloudhook")
    create.assert_awaited_once_with(hass, webhook_id)
    assert result["type"] is FlowResultType.MENU
    assert result["description_placeholders"]["internet_url"] == CLOUDHOOK
    assert init_integration.data[CONF_CLOUDHOOK_URL] == CLOUDHOOK
    # Made once: the page no longer offers it.
    assert result["menu_options"] == ["done", "new_secret"]
    await _choose(hass, result, "done")
    await hass.async_block_till_done()

    result = await _webhook_page(hass, init_integration)
    assert result["description_placeholders"]["internet_url"] == CLOUDHOOK
    create.assert_awaited_once()
    hass.config_entries.options.async_abort(result["flow_id"])

    await hass.config_entries.async_remove(init_integration.entry_id)
    await hass.async_block_till_done()
    delete.assert_awaited_once_with(hass, webhook_id)


async def test_cloud_not_connected(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    cloud: tuple[AsyncMock, AsyncMock],
) -> None:
    """A cloud that cannot make the webhook ends the flow with the reason; nothing stored."""
    from homeassistant.components.cloud import CloudNotAvailable  # noqa: PLC0415

    create, _ = cloud
    create.side_effect = CloudNotAvailable
    hass.config.components.add("cloud")
    # No external URL: the page without an internet URL offers the cloud's.
    result = await _webhook_page(hass, init_integration, "webhook_no_internet")
    assert result["menu_options"] == ["done", "cloudhook", "new_secret"]
    result = await _choose(hass, result, "cloudhook")
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "cloud_not_available"
    assert CONF_CLOUDHOOK_URL not in init_integration.data


async def test_cloud_without_subscription(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    cloud: tuple[AsyncMock, AsyncMock],
) -> None:
    """Signed out of (or without) a subscription: no cloud webhook is offered."""
    hass.config.components.add("cloud")
    with patch(
        "homeassistant.components.cloud.async_active_subscription",
        return_value=False,
    ):
        result = await _webhook_page(hass, init_integration, "webhook_no_internet")
    assert result["menu_options"] == ["done", "new_secret"]


async def test_no_cloud_nothing_deleted(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    cloud: tuple[AsyncMock, AsyncMock],
) -> None:
    """Without the cloud integration set up, removal touches no cloud (nor imports it)."""
    _, delete = cloud
    await hass.config_entries.async_remove(init_integration.entry_id)
    await hass.async_block_till_done()
    delete.assert_not_awaited()
