"""What a loaded config entry holds at run time."""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from homeassistant.config_entries import ConfigEntry

if TYPE_CHECKING:
    from .app_connection import AppInfoCoordinator, GadgetCoordinator
    from .coordinator import OctoEverywhereCoordinator
    from .event_hub import PrintEventHub


@dataclass(slots=True)
class OctoEverywhereRuntimeData:
    """The printer's coordinator, its print-event hub and its device.

    With an App Connection ``AppToken`` (options), also the App API coordinators.
    """

    coordinator: OctoEverywhereCoordinator
    events: PrintEventHub
    device_id: str
    app_info: AppInfoCoordinator | None = None
    gadget: GadgetCoordinator | None = None


type OctoEverywhereConfigEntry = ConfigEntry[OctoEverywhereRuntimeData]
