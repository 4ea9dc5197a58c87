"""Differences between the Home Assistant releases this integration supports (hacs.json).

Each helper uses the newer API where the running release has it, so nothing is lost and no
deprecation is reported on new releases, and what the oldest supported release has otherwise.
The old branches run only on the oldest release (the second run of scripts/test), hence
``pragma: no cover``. Delete a branch once hacs.json's floor reaches the release named.
"""

from datetime import timedelta
import inspect
from typing import TYPE_CHECKING, Any, cast

from homeassistant.components.event import EventEntity
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.device_registry import DeviceInfo

if TYPE_CHECKING:
    from homeassistant.components.repairs import RepairsFlow, RepairsFlowResult


def async_get_device(
    registry: dr.DeviceRegistry, identifier: tuple[str, str], config_entry_id: str
) -> dr.DeviceEntry | None:
    """Return the device of ``config_entry_id`` with ``identifier``, if registered."""
    # Home Assistant 2026.8 added async_get_device_by_identifier, and 2026.9 deprecated
    # async_get_device (identifiers became unique per config entry only). Before 2026.8
    # identifiers are unique across entries, so async_get_device finds the same device.
    if hasattr(registry, "async_get_device_by_identifier"):
        return registry.async_get_device_by_identifier(identifier, config_entry_id)
    return registry.async_get_device(identifiers={identifier})  # pragma: no cover


def via_device_info(
    identifier: tuple[str, str],
    name: str,
    via_device_id: str,
    via_identifier: tuple[str, str],
) -> DeviceInfo:
    """Return the device info of a device connected via another of the same entry."""
    # Home Assistant 2026.8 added via_device_id (the parent's device id) and deprecated
    # via_device (its identifier), reported from 2026.9 on.
    if "via_device_id" in DeviceInfo.__annotations__:
        return DeviceInfo(
            identifiers={identifier}, name=name, via_device_id=via_device_id
        )
    # Newer type stubs no longer know via_device: built as the plain dict it was.
    return cast(  # pragma: no cover
        "DeviceInfo",
        {"identifiers": {identifier}, "name": name, "via_device": via_identifier},
    )


def repair_abort_to_config_flow(
    flow: RepairsFlow, reason: str, config_flow_id: str
) -> RepairsFlowResult:
    """End a repair flow by handing over to config flow ``config_flow_id``; the issue stays."""
    # Home Assistant 2026.9 added next_flow to the repair flow's results (and checks it);
    # before, the frontend already followed a next_flow it found in the result.
    if "next_flow" in inspect.signature(flow.async_abort).parameters:
        from homeassistant.components.repairs import FlowType  # noqa: PLC0415

        return flow.async_abort(
            reason=reason, next_flow=(FlowType.CONFIG_FLOW, config_flow_id)
        )
    result = flow.async_abort(reason=reason)  # pragma: no cover
    cast("dict[str, Any]", result)["next_flow"] = (  # pragma: no cover
        "config_flow",
        config_flow_id,
    )
    return result  # pragma: no cover


def separate_events(entity: EventEntity, previous_state: str | None) -> None:
    """Give an event fired in the same millisecond as the one before a state of its own.

    An event entity's state is the time of its last event, to the millisecond; two events of
    one poll (paused and gadget_paused, started and complete) would leave one state change,
    and state triggers would miss the second. Home Assistant 2026.10 moves such an event a
    millisecond on itself; before it, this does the same.
    """
    if previous_state is None or entity.state != previous_state:
        return
    attribute = "_EventEntity__last_event_triggered"  # pragma: no cover
    last = getattr(entity, attribute)  # pragma: no cover
    setattr(entity, attribute, last + timedelta(milliseconds=1))  # pragma: no cover


def device_config_entry_ids(device: Any) -> set[str]:
    """Return the ids of the config entries ``device`` (a device registry entry) belongs to."""
    # Home Assistant 2026.8 gave a device one config entry (config_entry_id) and deprecated
    # config_entries, reported from 2026.10 on.
    if (entry_id := getattr(device, "config_entry_id", None)) is not None:
        return {entry_id}
    return set(device.config_entries)  # pragma: no cover
