"""Actions: move axes, extrude, set temperatures, start a print and (smart) pause.

Registered once in ``async_setup``. Every caller mistake (unknown or unloaded entry, a
feature the printer lacks, a value out of range) raises a translated ServiceValidationError
before any request is sent; failures the printer reports raise a translated
HomeAssistantError (see ``errors``).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import voluptuous as vol

from homeassistant.const import ATTR_CONFIG_ENTRY_ID
from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    callback,
)
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import config_validation as cv, service

from .api import Features
from .const import BED_MAX_C, CHAMBER_MAX_C, DOMAIN, TOOL_MAX_C
from .coordinator import OctoEverywhereConfigEntry, OctoEverywhereCoordinator
from .errors import offline_error

SERVICE_MOVE_AXIS = "move_axis"
SERVICE_EXTRUDE = "extrude"
SERVICE_SET_TEMPERATURE = "set_temperature"
SERVICE_START_PRINT = "start_print"
SERVICE_PAUSE = "pause"

AXES = ("X", "Y", "Z")
MAX_MOVE_MM = 500.0
MAX_EXTRUDE_MM = 100.0
MAX_PAUSE_MOVE_MM = 100.0
GCODE_PREFIX = "gcode/"

_ENTRY = {vol.Required(ATTR_CONFIG_ENTRY_ID): cv.string}
# Schemas check types only; ranges are checked in the handlers so that the caller gets a
# translated message naming the field and its limits.
MOVE_AXIS_SCHEMA = vol.Schema(
    {
        **_ENTRY,
        vol.Required("axis"): cv.string,
        vol.Required("distance"): vol.Coerce(float),
    }
)
EXTRUDE_SCHEMA = vol.Schema(
    {
        **_ENTRY,
        vol.Required("distance"): vol.Coerce(float),
        vol.Optional("extruder", default=0): vol.Coerce(int),
    }
)
SET_TEMPERATURE_SCHEMA = vol.Schema(
    {
        **_ENTRY,
        vol.Optional("bed"): vol.Coerce(float),
        vol.Optional("hotend"): vol.Coerce(float),
        vol.Optional("chamber"): vol.Coerce(float),
        vol.Optional("tool"): vol.Coerce(int),
    }
)
START_PRINT_SCHEMA = vol.Schema(
    {
        **_ENTRY,
        vol.Required("path"): cv.string,
        vol.Optional("storage"): cv.string,
    }
)
PAUSE_SCHEMA = vol.Schema(
    {
        **_ENTRY,
        vol.Optional("smart_pause"): cv.boolean,
        vol.Optional("disable_hotend"): cv.boolean,
        vol.Optional("disable_bed"): cv.boolean,
        vol.Optional("z_lift"): vol.Coerce(float),
        vol.Optional("retract"): vol.Coerce(float),
        vol.Optional("suppress_notification"): cv.boolean,
    }
)


@dataclass(frozen=True, slots=True)
class _Range:
    """The accepted range of a numeric field."""

    minimum: float
    maximum: float

    def check(self, field: str, value: float) -> None:
        if not self.minimum <= value <= self.maximum:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="out_of_range",
                translation_placeholders={
                    "field": field,
                    "value": f"{value:g}",
                    "min": f"{self.minimum:g}",
                    "max": f"{self.maximum:g}",
                },
            )


_MOVE = _Range(-MAX_MOVE_MM, MAX_MOVE_MM)
_EXTRUDE = _Range(-MAX_EXTRUDE_MM, MAX_EXTRUDE_MM)
_INDEX = _Range(0, 99)
_PAUSE_MOVE = _Range(0, MAX_PAUSE_MOVE_MM)
_HEATERS: dict[str, tuple[str, _Range]] = {
    "bed": ("BedC", _Range(0, BED_MAX_C)),
    "hotend": ("ToolC", _Range(0, TOOL_MAX_C)),
    "chamber": ("ChamberC", _Range(0, CHAMBER_MAX_C)),
}
_PAUSE_FIELDS = {
    "smart_pause": "SmartPause",
    "disable_hotend": "DisableHotend",
    "disable_bed": "DisableBed",
    "z_lift": "ZLiftMm",
    "retract": "RetractFilamentMm",
    "suppress_notification": "SuppressNotification",
}


def _coordinator(
    call: ServiceCall, feature: Features | None = None
) -> OctoEverywhereCoordinator:
    """Return the coordinator of the call's entry, after checking entry and feature."""
    entry: OctoEverywhereConfigEntry = service.async_get_config_entry(
        call.hass, DOMAIN, call.data[ATTR_CONFIG_ENTRY_ID]
    )
    coordinator = entry.runtime_data.coordinator
    if feature is not None:
        if (status := coordinator.data.status) is None:
            # The features are unknown until the printer answers.
            raise offline_error()
        if feature not in status.features:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="feature_not_supported",
                translation_placeholders={
                    "title": entry.title,
                    "feature": str(feature.name).lower(),
                },
            )
    return coordinator


async def _async_move_axis(call: ServiceCall) -> None:
    coordinator = _coordinator(call, Features.MOVE_AXIS)
    axis = call.data["axis"].upper()
    if axis not in AXES:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="invalid_axis",
            translation_placeholders={"axis": call.data["axis"]},
        )
    _MOVE.check("distance", call.data["distance"])
    await coordinator.async_send_command(
        "move-axis", {"Axis": axis, "DistanceMm": call.data["distance"]}
    )


async def _async_extrude(call: ServiceCall) -> None:
    coordinator = _coordinator(call, Features.EXTRUDE)
    _EXTRUDE.check("distance", call.data["distance"])
    _INDEX.check("extruder", call.data["extruder"])
    await coordinator.async_send_command(
        "extrude",
        {"Extruder": call.data["extruder"], "DistanceMm": call.data["distance"]},
    )


async def _async_set_temperature(call: ServiceCall) -> None:
    coordinator = _coordinator(call, Features.SET_TEMP)
    body: dict[str, Any] = {}
    for field, (key, limits) in _HEATERS.items():
        if (value := call.data.get(field)) is not None:
            limits.check(field, value)
            body[key] = round(value)
    if not body:
        raise ServiceValidationError(
            translation_domain=DOMAIN, translation_key="no_temperature_target"
        )
    if "ChamberC" in body and (status := coordinator.data.status) is not None:
        if not status.can_set_chamber:
            # Elegoo CC2 refuses any request with a chamber target, other printers have
            # no chamber heater to set: say so before asking the printer.
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="chamber_not_supported",
                translation_placeholders={"title": coordinator.config_entry.title},
            )
    if (tool := call.data.get("tool")) is not None:
        _INDEX.check("tool", tool)
        body["ToolNumber"] = tool
    await coordinator.async_send_command("set-temp", body)


async def _async_start_print(call: ServiceCall) -> ServiceResponse:
    coordinator = _coordinator(call, Features.START_PRINT)
    path: str = call.data["path"].strip().lstrip("/")
    if not path:
        raise ServiceValidationError(
            translation_domain=DOMAIN, translation_key="invalid_path"
        )
    # OctoEverywhere's virtual paths live under gcode/; accept a bare file name too.
    if path.lower().startswith(GCODE_PREFIX):
        path = path[len(GCODE_PREFIX) :]
    path = path.lstrip("/")
    if not path:
        raise ServiceValidationError(
            translation_domain=DOMAIN, translation_key="invalid_path"
        )
    path = GCODE_PREFIX + path
    body = {"Path": path}
    if storage := call.data.get("storage"):
        body["Storage"] = storage
    result = await coordinator.async_send_command("start", body)
    return {
        "virtual_path": _text(result, "VirtualPath"),
        "platform_path": _text(result, "PlatformPath"),
        # The host's own answer, passed through as it came (any JSON value).
        "printer_response": result.get("PrinterResponse"),
    }


def _text(result: Mapping[str, Any], key: str) -> str | None:
    value = result.get(key)
    return value if isinstance(value, str) else None


async def _async_pause(call: ServiceCall) -> None:
    coordinator = _coordinator(call)
    body: dict[str, Any] = {}
    for field, key in _PAUSE_FIELDS.items():
        if (value := call.data.get(field)) is not None:
            if field in ("z_lift", "retract"):
                _PAUSE_MOVE.check(field, value)
            body[key] = value
    # Without options, send no body: the plugin then pauses plainly (and quietly).
    await coordinator.async_send_command("pause", body or None)


@callback
def async_setup_services(hass: HomeAssistant) -> None:
    """Register the integration's actions."""
    hass.services.async_register(
        DOMAIN, SERVICE_MOVE_AXIS, _async_move_axis, schema=MOVE_AXIS_SCHEMA
    )
    hass.services.async_register(
        DOMAIN, SERVICE_EXTRUDE, _async_extrude, schema=EXTRUDE_SCHEMA
    )
    hass.services.async_register(
        DOMAIN,
        SERVICE_SET_TEMPERATURE,
        _async_set_temperature,
        schema=SET_TEMPERATURE_SCHEMA,
    )
    hass.services.async_register(
        DOMAIN,
        SERVICE_START_PRINT,
        _async_start_print,
        schema=START_PRINT_SCHEMA,
        supports_response=SupportsResponse.OPTIONAL,
    )
    hass.services.async_register(
        DOMAIN, SERVICE_PAUSE, _async_pause, schema=PAUSE_SCHEMA
    )
