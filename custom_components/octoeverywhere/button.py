"""Buttons: pause, resume, cancel and home, available when the printer's state allows them."""

from collections.abc import Callable, Hashable
from dataclasses import dataclass

from homeassistant.components.button import ButtonEntity, ButtonEntityDescription
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .api import ACTIVE_STATES, Features, PrinterState, PrinterStatus, StatusField
from .coordinator import OctoEverywhereConfigEntry, OctoEverywhereCoordinator
from .entity import (
    OctoEverywhereEntity,
    async_add_entities_when_reported,
    described_entities,
)

# Commands to one printer go one at a time.
PARALLEL_UPDATES = 1


@dataclass(frozen=True, kw_only=True)
class OctoEverywhereButtonEntityDescription(ButtonEntityDescription):
    """A button that sends ``command`` when ``available_fn`` allows it."""

    command: str
    available_fn: Callable[[PrinterStatus], bool]
    exists_fn: Callable[[PrinterStatus], bool] | None = None


BUTTONS: tuple[OctoEverywhereButtonEntityDescription, ...] = (
    OctoEverywhereButtonEntityDescription(
        key="pause",
        translation_key="pause",
        command="pause",
        available_fn=lambda status: (
            status.job.state in (PrinterState.PRINTING, PrinterState.WARMINGUP)
        ),
    ),
    OctoEverywhereButtonEntityDescription(
        key="resume",
        translation_key="resume",
        command="resume",
        available_fn=lambda status: status.job.state == PrinterState.PAUSED,
    ),
    OctoEverywhereButtonEntityDescription(
        key="cancel",
        translation_key="cancel",
        command="cancel",
        # Some platforms report no state during a warm-up (PrusaLink, Elegoo): cancelling
        # must stay possible; the printer refuses when there is nothing to cancel.
        available_fn=lambda status: (
            status.job.state in ACTIVE_STATES or status.job.state is None
        ),
    ),
    OctoEverywhereButtonEntityDescription(
        key="home",
        translation_key="home",
        command="home",
        # Homing in the middle of a job would ruin it. A null state (PrusaLink while busy,
        # Elegoo while homing at the start of a warm-up) may hide a job.
        available_fn=lambda status: (
            status.job.state is not None and status.job.state not in ACTIVE_STATES
        ),
        exists_fn=lambda status: Features.HOME in status.features,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: OctoEverywhereConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the buttons."""
    coordinator = entry.runtime_data.coordinator
    async_add_entities_when_reported(
        entry,
        async_add_entities,
        described_entities(
            BUTTONS,
            lambda description: OctoEverywhereButton(coordinator, description),
        ),
    )


class OctoEverywhereButton(OctoEverywhereEntity, ButtonEntity):
    """A button described by an ``OctoEverywhereButtonEntityDescription``."""

    entity_description: OctoEverywhereButtonEntityDescription
    _reads = int(StatusField.STATE)  # every available_fn reads the state alone

    def __init__(
        self,
        coordinator: OctoEverywhereCoordinator,
        description: OctoEverywhereButtonEntityDescription,
    ) -> None:
        """Create the button for ``description``."""
        super().__init__(coordinator, description.key)
        self.entity_description = description

    def _state_key(self) -> Hashable:
        return True  # a button shows nothing but whether it is available

    @property
    def available(self) -> bool:
        """Available only in the printer states that allow the command."""
        status = self.status
        return (
            super().available
            and status is not None
            and self.entity_description.available_fn(status)
        )

    async def async_press(self) -> None:
        """Send the command."""
        await self.coordinator.async_send_command(self.entity_description.command)
