"""Options flow: the webhook's URLs and secret (local, external, Home Assistant Cloud)."""

from unittest.mock import AsyncMock, patch

import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.octoeverywhere.const import CONF_WEBHOOK_SECRET
from homeassistant.const import CONF_WEBHOOK_ID
from homeassistant.core import HomeAssistant
from homeassistant.core_config import async_process_ha_core_config
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers.network import NoURLAvailableError


async def _open(hass: HomeAssistant, entry: MockConfigEntry) -> dict:
    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "init"
    return result


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
    result = await _open(hass, init_integration)
    webhook_id = init_integration.data[CONF_WEBHOOK_ID]
    assert result["description_placeholders"] == {
        "local_url": f"http://192.168.1.10:8123/api/webhook/{webhook_id}",
        "internet_url": f"https://ha.example.org/api/webhook/{webhook_id}",
        "secret": init_integration.data[CONF_WEBHOOK_SECRET],
    }
    done = await hass.config_entries.options.async_configure(
        result["flow_id"], {"regenerate_secret": False}
    )
    assert done["type"] is FlowResultType.CREATE_ENTRY
    assert done["data"] == {}


async def test_no_urls_known(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """Without a known URL the form says so instead of failing."""
    with patch(
        "homeassistant.components.webhook.get_url",
        side_effect=NoURLAvailableError,
    ):
        result = await _open(hass, init_integration)
    assert result["description_placeholders"]["local_url"] == "-"
    assert result["description_placeholders"]["internet_url"] == "-"


async def test_regenerate_secret(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """A new secret replaces the old one at once and is shown to copy; no reload."""
    old = init_integration.data[CONF_WEBHOOK_SECRET]
    result = await _open(hass, init_integration)
    again = await hass.config_entries.options.async_configure(
        result["flow_id"], {"regenerate_secret": True}
    )
    assert again["type"] is FlowResultType.FORM
    new = init_integration.data[CONF_WEBHOOK_SECRET]
    assert new != old and len(new) >= 32
    assert again["description_placeholders"]["secret"] == new


@pytest.fixture
def cloud() -> tuple[AsyncMock, AsyncMock]:
    """A Home Assistant Cloud with an active subscription."""
    with (
        patch(
            "homeassistant.components.cloud.async_active_subscription",
            return_value=True,
        ),
        patch("homeassistant.components.cloud.async_is_logged_in", return_value=True),
        patch(
            "homeassistant.components.cloud.async_get_or_create_cloudhook",
            return_value="https://hooks.nabu.casa/abc",
        ) as create,
        patch("homeassistant.components.cloud.async_delete_cloudhook") as delete,
    ):
        yield create, delete


async def test_cloud_webhook(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    cloud: tuple[AsyncMock, AsyncMock],
) -> None:
    """With Home Assistant Cloud, the internet URL is a cloudhook, deleted with the entry."""
    create, delete = cloud
    hass.config.components.add("cloud")
    result = await _open(hass, init_integration)
    assert (
        result["description_placeholders"]["internet_url"]
        == "https://hooks.nabu.casa/abc"
    )
    create.assert_awaited_once_with(hass, init_integration.data[CONF_WEBHOOK_ID])

    await hass.config_entries.async_remove(init_integration.entry_id)
    await hass.async_block_till_done()
    delete.assert_awaited_once_with(hass, init_integration.data[CONF_WEBHOOK_ID])


async def test_cloud_not_connected(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    cloud: tuple[AsyncMock, AsyncMock],
) -> None:
    """A cloud that is not connected falls back to the external URL."""
    from homeassistant.components.cloud import CloudNotAvailable  # noqa: PLC0415

    create, _ = cloud
    create.side_effect = CloudNotAvailable
    hass.config.components.add("cloud")
    await async_process_ha_core_config(hass, {"external_url": "https://ha.example.org"})
    result = await _open(hass, init_integration)
    assert result["description_placeholders"]["internet_url"].startswith(
        "https://ha.example.org/api/webhook/"
    )


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
