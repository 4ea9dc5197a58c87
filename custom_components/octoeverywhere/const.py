"""Constants of the OctoEverywhere integration."""

from datetime import timedelta
import logging
from typing import Final

DOMAIN: Final = "octoeverywhere"
LOGGER = logging.getLogger(__package__)

CONF_AUTH_TYPE: Final = "auth_type"
AUTH_NONE: Final = "none"
AUTH_BASIC: Final = "basic"
AUTH_BEARER: Final = "bearer"
AUTH_TYPES: Final = (AUTH_NONE, AUTH_BASIC, AUTH_BEARER)

# Poll fast while a job runs (automations on completion), slowly otherwise.
ACTIVE_INTERVAL: Final = timedelta(seconds=10)
IDLE_INTERVAL: Final = timedelta(seconds=30)

MANUFACTURER: Final = "OctoEverywhere"

# Heater limits of ``set-temp`` (reference section 4), shared by numbers and actions.
BED_MAX_C: Final = 75.0
CHAMBER_MAX_C: Final = 75.0
TOOL_MAX_C: Final = 260.0

# Webhook notifications: the id of the Home Assistant webhook and the secret OctoEverywhere
# sends in every payload (``SecretKey``), both kept in the entry's data.
CONF_WEBHOOK_SECRET: Final = "webhook_secret"
# The Home Assistant Cloud URL of the webhook, once the user chose to make one (options flow).
CONF_CLOUDHOOK_URL: Final = "cloudhook_url"

# Options: an App Connection's AppToken, for the App APIs (printer name, repairs, Gadget).
CONF_APP_TOKEN: Final = "app_token"

# Set once the printer card is added to every dashboard (card.py): browser tabs opened before
# that load it only after a reload (the config flow then says so).
DATA_CARD_URL: Final = f"{DOMAIN}_card_url"
