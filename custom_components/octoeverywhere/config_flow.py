"""Config flow: connection URL, authentication, reauth and reconfigure."""

from collections.abc import Mapping
from typing import Any

import voluptuous as vol
from yarl import URL

from homeassistant.config_entries import (
    SOURCE_REAUTH,
    SOURCE_RECONFIGURE,
    ConfigEntry,
    ConfigFlow,
    ConfigFlowResult,
    OptionsFlow,
    OptionsFlowWithReload,
)
from homeassistant.const import (
    CONF_NAME,
    CONF_PASSWORD,
    CONF_TOKEN,
    CONF_URL,
    CONF_USERNAME,
)
from homeassistant.core import callback
from homeassistant.helpers.selector import (
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
)

from .api import PrinterStatus
from .connection import (
    async_test_app_token,
    async_test_connection,
    checked_origin,
    connection_unique_id,
    used_by_other_entry,
)
from .const import (
    AUTH_BASIC,
    AUTH_BEARER,
    AUTH_NONE,
    AUTH_TYPES,
    CONF_APP_TOKEN,
    CONF_AUTH_TYPE,
    CONF_CLOUDHOOK_URL,
    CONF_WEBHOOK_SECRET,
    DATA_CARD_URL,
    DOMAIN,
)
from .naming import default_printer_name
from .webhook import (
    async_create_cloudhook,
    cloud_available,
    new_webhook_data,
    new_webhook_secret,
    webhook_data,
    webhook_urls,
)

EXAMPLE_URL = "https://app-abc123.octoeverywhere.com"

_URL = TextSelector(TextSelectorConfig(type=TextSelectorType.URL))
_TEXT = TextSelector()
_SECRET = TextSelector(TextSelectorConfig(type=TextSelectorType.PASSWORD))


def _auth_selector(options: tuple[str, ...]) -> SelectSelector:
    return SelectSelector(
        SelectSelectorConfig(
            options=list(options),
            mode=SelectSelectorMode.LIST,
            translation_key=CONF_AUTH_TYPE,
        )
    )


USER_SCHEMA = vol.Schema(
    {
        vol.Required(CONF_URL): _URL,
        vol.Required(CONF_AUTH_TYPE, default=AUTH_NONE): _auth_selector(AUTH_TYPES),
        vol.Optional(CONF_NAME): _TEXT,
    }
)
RECONFIGURE_SCHEMA = vol.Schema(
    {
        vol.Required(CONF_URL): _URL,
        vol.Required(CONF_AUTH_TYPE): _auth_selector(AUTH_TYPES),
    }
)


class OctoEverywhereConfigFlow(ConfigFlow, domain=DOMAIN):
    """Add a printer by its OctoEverywhere Shared or App Connection URL.

    Every path (user, reauth, reconfigure) collects the URL and auth type first, then the
    credentials the auth type needs, then tests the connection with one status request.
    """

    VERSION = 1
    MINOR_VERSION = 2

    @staticmethod
    @callback
    def async_get_options_flow(config_entry: ConfigEntry) -> OptionsFlow:
        """Notifications (the webhook) and App Connection extras (the AppToken)."""
        return OctoEverywhereOptionsFlow()

    def __init__(self) -> None:
        """Start with nothing collected."""
        self._url: str = ""
        self._auth_type: str = AUTH_NONE
        self._name: str | None = None

    async def async_step_user(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for the connection URL, the auth type and an optional name."""
        errors: dict[str, str] = {}
        if user_input is not None:
            if (origin := checked_origin(user_input[CONF_URL])) is None:
                errors[CONF_URL] = "invalid_url"
            else:
                # A connection already set up is refused before asking for credentials.
                await self.async_set_unique_id(connection_unique_id(origin))
                self._abort_if_unique_id_configured()
                self._url = user_input[CONF_URL]
                self._auth_type = user_input[CONF_AUTH_TYPE]
                self._name = (user_input.get(CONF_NAME) or "").strip() or None
                if (result := await self._async_continue(errors)) is not None:
                    return result
        return self.async_show_form(
            step_id="user",
            data_schema=self.add_suggested_values_to_schema(USER_SCHEMA, user_input),
            errors=errors,
            # A placeholder, not text: translations must not contain URLs (hassfest).
            description_placeholders={"example_url": EXAMPLE_URL},
        )

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Move the entry to another connection (a new App Connection URL) or credentials."""
        errors: dict[str, str] = {}
        if user_input is not None:
            if (origin := checked_origin(user_input[CONF_URL])) is None:
                errors[CONF_URL] = "invalid_url"
            elif used_by_other_entry(
                self.hass,
                connection_unique_id(origin),
                self._get_reconfigure_entry().entry_id,
            ):
                # There is no printer identity to compare: a revoked App Connection is
                # replaced by a new URL for the same printer. Only another entry's
                # connection is refused, before any request.
                return self.async_abort(reason="already_configured")
            else:
                self._url = user_input[CONF_URL]
                self._auth_type = user_input[CONF_AUTH_TYPE]
                if (result := await self._async_continue(errors)) is not None:
                    return result
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=self.add_suggested_values_to_schema(
                RECONFIGURE_SCHEMA, user_input or self._get_reconfigure_entry().data
            ),
            errors=errors,
        )

    async def async_step_reauth(
        self, entry_data: Mapping[str, Any]
    ) -> ConfigFlowResult:
        """OctoEverywhere refused the credentials (606)."""
        self._url = entry_data[CONF_URL]
        self._auth_type = entry_data[CONF_AUTH_TYPE]
        return await self.async_step_reauth_confirm()

    async def async_step_reauth_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Choose how to authenticate now; the next step asks for the credentials."""
        if user_input is not None:
            self._auth_type = user_input[CONF_AUTH_TYPE]
            result = await self._async_continue({})
            assert result is not None  # reauth always asks for credentials
            return result
        return self.async_show_form(
            step_id="reauth_confirm",
            data_schema=vol.Schema(
                {
                    vol.Required(
                        CONF_AUTH_TYPE,
                        default=self._auth_type
                        if self._auth_type != AUTH_NONE
                        else AUTH_BASIC,
                    ): _auth_selector((AUTH_BASIC, AUTH_BEARER)),
                }
            ),
            description_placeholders={"name": self._get_reauth_entry().title},
        )

    async def async_step_basic(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for the App Connection's user name and password."""
        errors: dict[str, str] = {}
        if user_input is not None:
            result = await self._async_try(user_input, errors)
            if result is not None:
                return result
        return self.async_show_form(
            step_id="basic",
            data_schema=self.add_suggested_values_to_schema(
                vol.Schema(
                    {
                        vol.Required(CONF_USERNAME): _TEXT,
                        vol.Required(CONF_PASSWORD): _SECRET,
                    }
                ),
                {CONF_USERNAME: self._known(CONF_USERNAME), **(user_input or {})},
            ),
            errors=errors,
        )

    async def async_step_bearer(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for the App Connection's bearer token."""
        errors: dict[str, str] = {}
        if user_input is not None:
            result = await self._async_try(user_input, errors)
            if result is not None:
                return result
        return self.async_show_form(
            step_id="bearer",
            data_schema=vol.Schema({vol.Required(CONF_TOKEN): _SECRET}),
            errors=errors,
        )

    async def _async_continue(self, errors: dict[str, str]) -> ConfigFlowResult | None:
        """Ask for the credentials the auth type needs, or test right away without any."""
        if self._auth_type == AUTH_BASIC:
            return await self.async_step_basic()
        if self._auth_type == AUTH_BEARER:
            return await self.async_step_bearer()
        return await self._async_try({}, errors)

    def _known(self, key: str) -> str:
        """Return a value of the entry being reauthenticated or reconfigured (prefill)."""
        if self.source in (SOURCE_REAUTH, SOURCE_RECONFIGURE):
            entry = (
                self._get_reauth_entry()
                if self.source == SOURCE_REAUTH
                else self._get_reconfigure_entry()
            )
            return str(entry.data.get(key) or "")
        return ""

    async def _async_try(
        self, credentials: Mapping[str, Any], errors: dict[str, str]
    ) -> ConfigFlowResult | None:
        """Test the connection; finish the flow, or fill ``errors`` and return None."""
        origin = checked_origin(self._url)
        assert origin is not None  # checked by the step that took the URL
        data: dict[str, Any] = {
            CONF_URL: str(origin),
            CONF_AUTH_TYPE: self._auth_type,
            **{key: value for key, value in credentials.items() if value is not None},
        }
        status, error = await async_test_connection(self.hass, data)
        if error is not None:
            errors["base"] = error
            return None
        return await self._async_finish(origin, data, status)

    async def _async_finish(
        self, origin: URL, data: dict[str, Any], status: PrinterStatus | None
    ) -> ConfigFlowResult:
        unique_id = connection_unique_id(origin)
        if self.source == SOURCE_REAUTH:
            entry = self._get_reauth_entry()
            # Replace, not merge: switching Basic <-> Bearer must not keep the old secret.
            # The webhook stays: OctoEverywhere keeps sending to it.
            return self.async_update_reload_and_abort(
                entry, data={**webhook_data(entry.data), **data}
            )
        if self.source == SOURCE_RECONFIGURE:
            entry = self._get_reconfigure_entry()
            return self.async_update_reload_and_abort(
                entry, unique_id=unique_id, data={**webhook_data(entry.data), **data}
            )
        return self.async_create_entry(
            title=self._name or default_printer_name(status),
            data={**data, **new_webhook_data()},
            # The first printer since Home Assistant started: the card is added to dashboards
            # only now, and this browser tab loads it after a reload.
            description=None if DATA_CARD_URL in self.hass.data else "reload_for_card",
        )


class OctoEverywhereOptionsFlow(OptionsFlowWithReload):
    """The webhook for OctoEverywhere's notifications, and the optional AppToken.

    Opening it changes nothing: a Home Assistant Cloud webhook and a new secret are each made
    only when chosen. Only the AppToken is an option (a change reloads the entry); the
    webhook's id, secret and cloud URL live in the entry's data.
    """

    async def async_step_init(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Choose what to set up."""
        return self.async_show_menu(
            step_id="init", menu_options=["webhook", "app_token"]
        )

    async def async_step_webhook(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Show the webhook's URLs and secret to paste into OctoEverywhere.

        Without an internet URL the page is ``webhook_no_internet``: its translated text says
        how to get one (placeholders are not translated, so the text cannot be one).
        """
        entry = self.config_entry
        local_url, internet_url = webhook_urls(self.hass, entry.data)
        options = ["done", "new_secret"]
        if CONF_CLOUDHOOK_URL not in entry.data and cloud_available(self.hass):
            options.insert(1, "cloudhook")
        placeholders = {
            "local_url": local_url or "-",
            "secret": entry.data[CONF_WEBHOOK_SECRET],
        }
        if internet_url is None:
            return self.async_show_menu(
                step_id="webhook_no_internet",
                menu_options=options,
                description_placeholders=placeholders,
            )
        return self.async_show_menu(
            step_id="webhook",
            menu_options=options,
            description_placeholders=placeholders | {"internet_url": internet_url},
        )

    # The same page without an internet URL: Home Assistant requires a method per shown step.
    async_step_webhook_no_internet = async_step_webhook

    async def async_step_cloudhook(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Make a Home Assistant Cloud webhook URL for internet mode, then show it."""
        entry = self.config_entry
        if (url := await async_create_cloudhook(self.hass, entry.data)) is None:
            return self.async_abort(reason="cloud_not_available")
        self.hass.config_entries.async_update_entry(
            entry, data={**entry.data, CONF_CLOUDHOOK_URL: url}
        )
        return await self.async_step_webhook()

    async def async_step_new_secret(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Replace the secret once confirmed; OctoEverywhere then needs the new one."""
        if user_input is None:
            return self.async_show_form(step_id="new_secret")
        # The webhook reads the secret from the entry: no reload is needed.
        entry = self.config_entry
        self.hass.config_entries.async_update_entry(
            entry, data={**entry.data, CONF_WEBHOOK_SECRET: new_webhook_secret()}
        )
        return await self.async_step_webhook()

    async def async_step_done(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Close the dialog; the options stay as they are."""
        return self.async_create_entry(data=dict(self.config_entry.options))

    async def async_step_app_token(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Take the App Connection's AppToken (empty: no extras)."""
        entry = self.config_entry
        errors: dict[str, str] = {}
        if user_input is not None:
            token = (user_input.get(CONF_APP_TOKEN) or "").strip()
            if token and token != entry.options.get(CONF_APP_TOKEN):
                origin = checked_origin(entry.data[CONF_URL])
                assert origin is not None  # stored by the config flow
                if error := await async_test_app_token(self.hass, origin, token):
                    errors[CONF_APP_TOKEN] = error
            if not errors:
                return self.async_create_entry(
                    data={CONF_APP_TOKEN: token} if token else {}
                )
        return self.async_show_form(
            step_id="app_token",
            data_schema=self.add_suggested_values_to_schema(
                vol.Schema({vol.Optional(CONF_APP_TOKEN): _SECRET}),
                {CONF_APP_TOKEN: entry.options.get(CONF_APP_TOKEN, "")},
            ),
            errors=errors,
        )
