"""OctoEverywhere's webhook notifications, received through a Home Assistant webhook.

OctoEverywhere gives up after 10 s and disables a webhook that keeps failing, so the handler
answers at once and always the same way: a wrong secret, a malformed body and a valid event
all get an empty 200. Nothing from the request can raise out of the handler.
"""

from collections.abc import Mapping
import contextlib
from datetime import datetime, timedelta
import hmac
import json
import secrets
from types import ModuleType
from typing import Any, Final

from aiohttp import web

from homeassistant.components import webhook
from homeassistant.const import CONF_WEBHOOK_ID
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.network import NoURLAvailableError
from homeassistant.helpers.storage import Store
import homeassistant.util.dt as dt_util

from .api import END_EVENTS, PrintEvent, UnknownEventTypeError, parse_webhook
from .const import CONF_CLOUDHOOK_URL, CONF_WEBHOOK_SECRET, DOMAIN, LOGGER
from .coordinator import OctoEverywhereConfigEntry
from .issues import Issue, async_clear_issues, async_raise_issue

# A webhook that delivered before and stays quiet this long while prints run is reported.
SILENT_AFTER: Final = timedelta(days=7)
# A notification is a small JSON object; anything bigger is not one.
MAX_BODY_BYTES: Final = 64 * 1024


def new_webhook_secret() -> str:
    """Return a new secret for the ``SecretKey`` field (OctoEverywhere allows 128 chars)."""
    return secrets.token_urlsafe(32)


# What an entry keeps of its webhook when its connection or credentials change: OctoEverywhere
# keeps sending to it, and a Home Assistant Cloud webhook stays the one shown.
WEBHOOK_KEYS: Final = (CONF_WEBHOOK_ID, CONF_WEBHOOK_SECRET, CONF_CLOUDHOOK_URL)


def webhook_data(data: Mapping[str, Any]) -> dict[str, Any]:
    """Return the entry's webhook data (WEBHOOK_KEYS), which new credentials keep."""
    return {key: data[key] for key in WEBHOOK_KEYS if key in data}


def new_webhook_data() -> dict[str, str]:
    """Return a new webhook id and secret for config entry data."""
    return {
        CONF_WEBHOOK_ID: webhook.async_generate_id(),
        CONF_WEBHOOK_SECRET: new_webhook_secret(),
    }


class WebhookWatch:
    """Notices a webhook that went silent: used before, quiet for a week while prints ran.

    OctoEverywhere disables a webhook that keeps failing, and nothing else would tell.
    """

    def __init__(self, hass: HomeAssistant, entry: OctoEverywhereConfigEntry) -> None:
        """Remember, across restarts, when the last notification arrived."""
        self._hass = hass
        self._entry = entry
        self._store: Store[dict[str, str]] = Store(
            hass, 1, f"{DOMAIN}.{entry.entry_id}.webhook"
        )
        self.last_received: datetime | None = None
        self._unsaved = False

    async def async_load(self) -> None:
        """Read when the last notification arrived."""
        data = await self._store.async_load() or {}
        self.last_received = dt_util.parse_datetime(data.get("last_received", ""))

    async def async_save_now(self) -> None:
        """Write a time not saved yet: the entry unloads, and its next watch reads it."""
        if self._unsaved:
            self._unsaved = False
            await self._store.async_save(self._data())

    @callback
    def async_received(self) -> None:
        """Note that a valid notification arrived."""
        self.last_received = dt_util.utcnow()
        self._unsaved = True
        self._store.async_delay_save(self._data, 60)
        async_clear_issues(self._hass, self._entry, Issue.WEBHOOK_SILENT)

    def _data(self) -> dict[str, str]:
        if self.last_received is None:
            return {}
        return {"last_received": self.last_received.isoformat()}

    @callback
    def async_on_event(self, event: PrintEvent) -> None:
        """Check, when polling saw a print end, whether the webhook should have said so.

        Not for an end found late (missed): Home Assistant may have been down then.
        """
        if (
            event.type in END_EVENTS
            and event.source == "poll"
            and not event.missed
            and self.last_received is not None
            and dt_util.utcnow() - self.last_received > SILENT_AFTER
        ):
            async_raise_issue(self._hass, self._entry, Issue.WEBHOOK_SILENT)


async def async_register_webhook(
    hass: HomeAssistant, entry: OctoEverywhereConfigEntry
) -> None:
    """Receive the entry's notifications until it unloads (local and cloud-capable)."""
    webhook_id: str = entry.data[CONF_WEBHOOK_ID]
    watch = WebhookWatch(hass, entry)
    await watch.async_load()
    entry.async_on_unload(watch.async_save_now)
    entry.async_on_unload(
        entry.runtime_data.events.async_add_listener(watch.async_on_event)
    )
    handler = WebhookHandler(hass, entry, watch)
    webhook.async_register(
        hass,
        DOMAIN,
        f"OctoEverywhere {entry.title}",
        webhook_id,
        handler.async_handle,
        local_only=False,
        allowed_methods=(webhook.METH_POST,),
    )
    entry.async_on_unload(lambda: webhook.async_unregister(hass, webhook_id))


class WebhookHandler:
    """Turns notifications into print events."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry: OctoEverywhereConfigEntry,
        watch: WebhookWatch,
    ) -> None:
        """Handle the notifications of ``entry``."""
        self._hass = hass
        self._entry = entry
        self._watch = watch
        self._warned_secret = False
        self._unknown_types: set[int] = set()

    async def async_handle(
        self, hass: HomeAssistant, webhook_id: str, request: web.Request
    ) -> web.Response:
        """Accept one notification; the answer never depends on what was sent."""
        payload = await _read_json(request)
        if payload is not None and self._secret_matches(payload):
            self._async_process(payload)
        return web.Response(status=200)

    def _secret_matches(self, payload: Mapping[str, Any]) -> bool:
        expected: str = self._entry.data[CONF_WEBHOOK_SECRET]
        received = payload.get("SecretKey")
        if isinstance(received, str) and hmac.compare_digest(
            received.encode(), expected.encode()
        ):
            return True
        if not self._warned_secret:
            self._warned_secret = True
            LOGGER.warning(
                "Ignored a notification for %s with a missing or wrong secret; "
                "check the secret on OctoEverywhere's notification settings page",
                self._entry.title,
            )
        return False

    @callback
    def _async_process(self, payload: Mapping[str, Any]) -> None:
        self._watch.async_received()
        try:
            event = parse_webhook(payload)
        except UnknownEventTypeError as err:
            if err.number not in self._unknown_types:
                self._unknown_types.add(err.number)
                LOGGER.info(
                    "Ignored an OctoEverywhere notification of unknown type %s",
                    err.number,
                )
            return
        except ValueError:
            LOGGER.debug("Ignored a notification without an event type")
            return
        # Answer now; the event fires after one status request (see PrintEventHub.async_push).
        self._entry.async_create_background_task(
            self._hass,
            self._entry.runtime_data.events.async_push(event),
            "octoeverywhere webhook event",
        )


async def _read_json(request: web.Request) -> Mapping[str, Any] | None:
    """Return the body as a JSON object, or None for anything else (never raises)."""
    if (request.content_length or 0) > MAX_BODY_BYTES:
        return None
    raw = bytearray()
    try:
        while chunk := await request.content.read(MAX_BODY_BYTES):
            raw += chunk
            if len(raw) > MAX_BODY_BYTES:
                return None
    except OSError, ValueError, RuntimeError:
        return None
    try:
        payload = json.loads(raw)
    except ValueError:
        return None
    return payload if isinstance(payload, Mapping) else None


@callback
def webhook_urls(
    hass: HomeAssistant, data: Mapping[str, Any]
) -> tuple[str | None, str | None]:
    """Return the webhook's URL on the local network and from the internet, where known.

    The internet URL is the Home Assistant Cloud webhook once one was made, else the
    instance's external URL.
    """
    webhook_id: str = data[CONF_WEBHOOK_ID]
    try:
        local = webhook.async_generate_url(
            hass, webhook_id, allow_external=False, allow_ip=True, prefer_external=False
        )
    except NoURLAvailableError:
        local = None
    if cloudhook := data.get(CONF_CLOUDHOOK_URL):
        return local, cloudhook
    try:
        internet = webhook.async_generate_url(hass, webhook_id, allow_internal=False)
    except NoURLAvailableError:
        internet = None
    return local, internet


@callback
def cloud_available(hass: HomeAssistant) -> bool:
    """Whether Home Assistant Cloud can make a webhook URL (an active subscription)."""
    cloud = _loaded_cloud(hass)
    return cloud is not None and bool(cloud.async_active_subscription(hass))


async def async_create_cloudhook(
    hass: HomeAssistant, data: Mapping[str, Any]
) -> str | None:
    """Make (or get) the webhook's Home Assistant Cloud URL; None if the cloud cannot."""
    if (cloud := _loaded_cloud(hass)) is None:
        return None
    try:
        url: str = await cloud.async_get_or_create_cloudhook(
            hass, data[CONF_WEBHOOK_ID]
        )
    except cloud.CloudNotAvailable:
        return None
    return url


async def async_remove_cloudhook(hass: HomeAssistant, webhook_id: str) -> None:
    """Delete the entry's cloud webhook, if one was made."""
    if (cloud := _loaded_cloud(hass)) and cloud.async_is_logged_in(hass):
        with contextlib.suppress(cloud.CloudNotAvailable):
            await cloud.async_delete_cloudhook(hass, webhook_id)


def _loaded_cloud(hass: HomeAssistant) -> ModuleType | None:
    """Home Assistant Cloud's module, only when the user has it set up.

    Imported on demand: it is heavy, and it imports voice components of its own.
    """
    if "cloud" not in hass.config.components:
        return None
    from homeassistant.components import cloud  # noqa: PLC0415

    return cloud
