"""The coordinators: the printer's status, and the App Connection's info and Gadget status.

The status coordinator is the one place where a failed poll becomes a behaviour (reauth,
repair issue, offline, unavailable with one log line); the App API coordinators run only with
an ``AppToken`` and never stop the printer's setup.
"""

import asyncio
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from time import monotonic
from typing import Any, Final, Protocol, override

from homeassistant.config_entries import ConfigEntry, ConfigEntryState
from homeassistant.const import EVENT_CORE_CONFIG_UPDATE
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator
import homeassistant.util.dt as dt_util

from .api import (
    ALL_FIELDS,
    AppApiClient,
    AppConnectionInfo,
    AuthenticationError,
    ConnectionRevokedError,
    Gadget,
    GadgetStatus,
    HostNotConnectedError,
    OctoEverywhereClient,
    OctoEverywhereError,
    PluginUpdateRequiredError,
    PrinterOfflineError,
    PrinterState,
    PrinterStatus,
    StatusField,
    SupporterRequiredError,
    changed_fields,
)
from .const import ACTIVE_INTERVAL, DOMAIN, IDLE_INTERVAL, LOGGER
from .errors import auth_failed, command_error, setup_error, update_failed
from .event_hub import PrintEventHub
from .issues import (
    Issue,
    async_clear_issue_keys,
    async_clear_issues,
    async_raise_issue,
    issue_id,
)
from .unsubscribe import Unsubscribe

INFO_INTERVAL: Final = timedelta(minutes=10)
# Gadget's verdict follows its scores (about every 40 s), which the status shows: while a job
# is active it is asked when the status shows Gadget moved, and at least this often. Asking
# every 10 s cost about as much as the status poll itself (issue 12).
GADGET_INTERVAL: Final = timedelta(minutes=1)
# The reference: at most every 10 s.
GADGET_MIN_GAP_SEC: Final = 10.0
# Home Assistant's start waits for every entry's setup: while it starts, the first request
# waits this long (not the client's 15 s) before the entry is retried in the background.
STARTUP_TIME_LIMIT: Final = 5.0


@dataclass(frozen=True, slots=True)
class OctoEverywhereData:
    """What the entities read: the printer's status, or why there is none."""

    status: PrinterStatus | None
    # 601 (plugin not connected to OctoEverywhere) or 785/787/789 (plugin cannot reach the
    # printer) while the printer is offline; the connection itself works.
    offline_code: int | None = None
    # The error text of OctoEverywhere's notification, kept while the printer is in error:
    # Klipper and OctoPrint report none in the status, Bambu and Elegoo a useless one.
    notified_error: str | None = None

    @property
    def online(self) -> bool:
        """Whether the printer answered."""
        return self.status is not None


@dataclass(slots=True)
class PollStats:
    """How polling went, for diagnostics."""

    polls: int = 0
    failures: int = 0
    last_duration_ms: float | None = None
    last_error: str | None = None
    last_online: datetime | None = None


@dataclass(slots=True)
class OctoEverywhereRuntimeData:
    """A loaded entry: the printer's coordinator, its print-event hub and its device.

    With an App Connection ``AppToken`` (options), also the App API coordinators.
    """

    coordinator: OctoEverywhereCoordinator
    events: PrintEventHub
    device_id: str
    app_info: AppInfoCoordinator | None = None
    gadget: GadgetCoordinator | None = None


type OctoEverywhereConfigEntry = ConfigEntry[OctoEverywhereRuntimeData]


class CoordinatorListener(Protocol):
    """An entity that follows a coordinator (Home Assistant's CoordinatorEntity)."""

    # The StatusField bits of the parts of the status it reads (ALL_FIELDS: asked always).
    _reads: int

    def _handle_coordinator_update(self) -> None:
        """Take the coordinator's new data."""


_EVERY: Final = int(ALL_FIELDS)
_ALWAYS: Final = int(StatusField.ALWAYS)


class EntityUpdates:
    """One coordinator listener for all of a printer's status entities.

    Home Assistant's CoordinatorEntity adds a listener per entity (a partial, a tuple and a
    dict entry: 0.4 KiB each, against issue 12's memory target). This calls the same entities
    in the order they were added, each in a try of its own as the coordinator does, and is a
    listener only while it has entities (a coordinator polls only while it has listeners).

    It asks only the entities that read a part of the status that changed (``_reads``): most
    show the same after a poll that moved the progress and a temperature. All are asked when
    the printer went offline or came back, a poll failed or recovered, a notification's error
    text arrived, or Home Assistant's configuration changed (the numbers show the user's unit).
    """

    __slots__ = ("_coordinator", "_entities", "_seen", "_unsubscribe")

    def __init__(self, coordinator: OctoEverywhereCoordinator) -> None:
        """Follow ``coordinator``; no listener until the first entity is added."""
        self._coordinator = coordinator
        self._entities: dict[CoordinatorListener, None] = {}
        self._unsubscribe: tuple[Callable[[], None], ...] = ()
        # Whether the last update succeeded, and its data: what the entities last saw.
        self._seen: tuple[bool, OctoEverywhereData] | None = None

    @callback
    def add(self, entity: CoordinatorListener) -> None:
        """Call ``entity`` after every update of the coordinator."""
        if not self._unsubscribe:
            coordinator = self._coordinator
            # What the entity shows from now on: it reads the data when it is added.
            self._seen = (coordinator.last_update_success, coordinator.data)
            self._unsubscribe = (
                coordinator.async_add_listener(self),
                coordinator.hass.bus.async_listen(
                    EVENT_CORE_CONFIG_UPDATE, self._async_config_updated
                ),
            )
        self._entities[entity] = None

    @callback
    def remove(self, entity: CoordinatorListener) -> None:
        """Stop calling ``entity``."""
        self._entities.pop(entity, None)
        if not self._entities and self._unsubscribe:
            for unsubscribe in self._unsubscribe:
                unsubscribe()
            self._unsubscribe = ()
            self._seen = None

    @callback
    def _async_config_updated(self, _event: Event) -> None:
        self._seen = None  # every entity is asked
        self()

    @callback
    def __call__(self) -> None:
        """Hand the update to the entities that read what changed."""
        coordinator = self._coordinator
        changed = self._changed()
        every = changed == _EVERY  # also the entities that read nothing of the status
        for entity in list(self._entities):
            if not (every or entity._reads & changed):  # noqa: SLF001
                continue
            try:
                entity._handle_coordinator_update()  # noqa: SLF001
            except Exception:
                coordinator.logger.exception(
                    "Unexpected error updating listener %s for %s",
                    id(entity),
                    coordinator.name,
                )

    def _changed(self) -> int:
        """Return the StatusField bits of what changed since the entities were asked."""
        coordinator = self._coordinator
        seen = (coordinator.last_update_success, coordinator.data)
        before, self._seen = self._seen, seen
        if before is None or not (before[0] and seen[0]):
            return _EVERY
        old, new = before[1], seen[1]
        if old is new:
            return _ALWAYS
        if (
            old.status is None
            or new.status is None
            or old.offline_code != new.offline_code
            or old.notified_error != new.notified_error
        ):
            return _EVERY
        return changed_fields(old.status, new.status)


class EquipmentListeners:
    """One coordinator listener for the callbacks that follow what the printer has.

    The entity adders of each platform, the device and the material entities' clean-up follow
    the equipment: about ten callbacks per printer, and a coordinator listener each was 0.3 KiB
    (a partial, a tuple and a dict entry) against issue 12's memory target. Each is called
    after the polls that changed the equipment since it was last called.
    """

    __slots__ = ("_coordinator", "_listeners", "_seen_by_all", "_unsubscribe")

    def __init__(self, coordinator: OctoEverywhereCoordinator) -> None:
        """Follow ``coordinator``; no listener until the first callback is added."""
        self._coordinator = coordinator
        # Each callback, with the coordinator's equipment_changes it last saw.
        self._listeners: dict[Callable[[], None], int] = {}
        self._unsubscribe: Callable[[], None] | None = None
        # The equipment_changes every callback has seen (None: not known): most polls
        # change no equipment, and then no callback is looked at.
        self._seen_by_all: int | None = None

    def add(self, update_callback: Callable[[], None], seen: int) -> Callable[[], None]:
        """Call ``update_callback`` when the equipment moved past ``seen``."""
        if self._unsubscribe is None:
            self._unsubscribe = self._coordinator.async_add_listener(self)
        self._listeners[update_callback] = seen
        self._seen_by_all = None
        return Unsubscribe(self, update_callback)

    def remove(self, update_callback: Callable[[], None]) -> None:
        """Stop calling ``update_callback``."""
        self._listeners.pop(update_callback, None)
        if not self._listeners and self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    @callback
    def __call__(self) -> None:
        """Call the callbacks that did not see the equipment as it is now."""
        changes = self._coordinator.equipment_changes
        if changes == self._seen_by_all:
            return
        # Forgotten again if a callback below adds one, which has not seen this change.
        self._seen_by_all = changes
        listeners = self._listeners
        for update_callback, seen in list(listeners.items()):
            # A callback may remove another (an entry unloading): that one is not called.
            if seen != changes and update_callback in listeners:
                listeners[update_callback] = changes
                update_callback()


class OctoEverywhereCoordinator(DataUpdateCoordinator[OctoEverywhereData]):
    """Polls one printer: every 10 s while a job is active, every 30 s otherwise."""

    config_entry: OctoEverywhereConfigEntry

    def __init__(
        self,
        hass: HomeAssistant,
        entry: OctoEverywhereConfigEntry,
        client: OctoEverywhereClient,
    ) -> None:
        """Keep the client; data objects compare by value so unchanged polls write nothing."""
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name=entry.title,
            update_interval=IDLE_INTERVAL,
            always_update=False,
        )
        self.client = client
        self.stats = PollStats()
        self._command_lock = asyncio.Lock()
        self._offline_logged = False
        # Whether to ask for the material system: None until the printer first answered.
        self._has_material_system: bool | None = None
        # Counts the changes of what the printer has (PrinterStatus.equipment, None while
        # offline): entities are looked for again only when it moves.
        self.equipment_changes = 0
        self._equipment: object = self
        self.entity_updates = EntityUpdates(self)
        self._equipment_listeners = EquipmentListeners(self)
        # What an answer from the printer clears, looked for after every poll: the issue
        # registry's keys are made once.
        self._answered_issues = tuple(
            (DOMAIN, issue_id(issue, entry))
            for issue in (
                Issue.SUPPORTER_REQUIRED,
                Issue.PLUGIN_UPDATE_REQUIRED,
                Issue.CONNECTION_REVOKED,
                Issue.PRINTER_CREDENTIALS,
            )
        )

    @callback
    def async_add_equipment_listener(
        self, update_callback: Callable[[], None], *, called_now: bool = False
    ) -> Callable[[], None]:
        """Call ``update_callback`` after the polls that changed what the printer has.

        That is ``PrinterStatus.equipment`` (None while offline): the printer's entities and
        its device follow from it, and most polls change only what the printer is doing. The
        first poll after this call counts as a change, unless ``called_now`` (the caller just
        called ``update_callback`` itself). Returns the function that stops the calls.
        """
        seen = self.equipment_changes if called_now else -1
        return self._equipment_listeners.add(update_callback, seen)

    @property
    def asks_material_system(self) -> bool | None:
        """Whether polls ask for the material system (None: not decided yet)."""
        return self._has_material_system

    @override
    async def _async_update_data(self) -> OctoEverywhereData:
        """Fetch the status once, keeping counts and timings for diagnostics."""
        stats = self.stats
        stats.polls += 1
        started = monotonic()
        try:
            data = await self._async_fetch()
        except Exception as err:
            stats.failures += 1
            stats.last_error = f"{type(err).__name__}: {err}"
            raise
        finally:
            stats.last_duration_ms = round((monotonic() - started) * 10_000) / 10
        if data.online:
            stats.last_online = dt_util.utcnow()
        if self.data is None or data.status is not self.data.status:
            equipment = None if data.status is None else data.status.equipment
            if equipment != self._equipment:
                self._equipment = equipment
                self.equipment_changes += 1
        return data

    async def _async_fetch(self) -> OctoEverywhereData:
        """Fetch the status and turn each failure into its behaviour."""
        entry = self.config_entry
        try:
            status = await self.client.get_status(
                include_material_system=self._has_material_system is not False,
                # The first poll of an entry set up while Home Assistant starts.
                time_limit=STARTUP_TIME_LIMIT
                if self.stats.polls == 1 and not self.hass.is_running
                else None,
            )
        except AuthenticationError as err:
            raise auth_failed(err) from err
        except ConnectionRevokedError as err:
            if entry.state is ConfigEntryState.LOADED:
                # Polling a revoked connection is pointless: setup, run again, stops with
                # the reason below (and its one log line) until the user reconnects.
                self.hass.config_entries.async_schedule_reload(entry.entry_id)
                return self.data
            async_raise_issue(self.hass, entry, Issue.CONNECTION_REVOKED)
            raise setup_error(err) from err
        except (PrinterOfflineError, HostNotConnectedError) as err:
            # 789: the plugin has no valid credentials for the printer (e.g. a changed
            # access code); only the user can fix that on the printer's side.
            if err.status == 789:
                async_raise_issue(self.hass, entry, Issue.PRINTER_CREDENTIALS)
            else:
                async_clear_issues(self.hass, entry, Issue.PRINTER_CREDENTIALS)
            return self._offline(err)
        except OctoEverywhereError as err:
            if isinstance(err, SupporterRequiredError):
                async_raise_issue(self.hass, entry, Issue.SUPPORTER_REQUIRED)
            elif isinstance(err, PluginUpdateRequiredError):
                async_raise_issue(self.hass, entry, Issue.PLUGIN_UPDATE_REQUIRED)
            raise update_failed(err) from err

        if self._has_material_system is None:
            # Asked once: only a printer that reports a material system is asked again.
            self._has_material_system = status.job.material_system is not None
        self._async_clear_issues()
        if self._offline_logged:
            LOGGER.info("%s is back online", entry.title)
            self._offline_logged = False
        interval = ACTIVE_INTERVAL if status.is_active else IDLE_INTERVAL
        if interval is not self.update_interval:  # the setter's work, only on a change
            self.update_interval = interval
        data = self.data
        if data is not None and data.status is status:
            # The same answer as before (the client read nothing): the same data.
            return data
        notified = data.notified_error if data else None
        # Positionally (status, offline_code, notified_error), as the models are built.
        return OctoEverywhereData(
            status,
            None,
            # Forgotten once the error state ends.
            notified if status.job.state == PrinterState.ERROR else None,
        )

    def _offline(self, err: OctoEverywhereError) -> OctoEverywhereData:
        """Show the printer as offline: the connection works, the printer does not answer."""
        if not self._offline_logged:
            LOGGER.info(
                "%s is offline (%s)", self.config_entry.title, _offline_reason(err)
            )
            self._offline_logged = True
        self.update_interval = IDLE_INTERVAL
        return OctoEverywhereData(status=None, offline_code=err.status)

    def _async_clear_issues(self) -> None:
        """Clear every issue: the printer answered, so nothing in between is broken."""
        async_clear_issue_keys(self.hass, self._answered_issues)

    @callback
    def async_note_error(self, text: str) -> None:
        """Keep a notification's error text while the printer is in error (see data)."""
        data = self.data
        if (
            data is not None
            and data.status is not None
            and data.status.job.state == PrinterState.ERROR
            and data.notified_error != text
        ):
            self.async_set_updated_data(replace(data, notified_error=text))

    async def async_send_command(
        self, path: str, body: Mapping[str, Any] | None = None
    ) -> Mapping[str, Any]:
        """Send a control command, then refresh at once so the UI follows.

        Raises HomeAssistantError with a translated message for every failure.
        """
        # One command at a time per printer, whether from an entity or an action.
        async with self._command_lock:
            try:
                result = await self.client.command(path, body)
            except OctoEverywhereError as err:
                if isinstance(err, AuthenticationError):
                    self.config_entry.async_start_reauth(self.hass)
                raise command_error(err) from err
            # Not the debounced refresh: a second command within its cooldown would
            # leave the UI behind.
            await self.async_refresh()
        return result


def _offline_reason(err: OctoEverywhereError) -> str:
    if isinstance(err, PrinterOfflineError):
        return "the OctoEverywhere plugin is not connected to OctoEverywhere"
    return f"the plugin cannot reach the printer, status {err.status}"


class AppApiCoordinator[T](DataUpdateCoordinator[T]):
    """A coordinator of one of the App APIs (with the entry's AppToken)."""

    config_entry: OctoEverywhereConfigEntry

    def __init__(
        self,
        hass: HomeAssistant,
        entry: OctoEverywhereConfigEntry,
        api: AppApiClient,
        what: str,
        interval: timedelta | None,
    ) -> None:
        """Poll ``what`` every ``interval`` (None: only when asked)."""
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name=f"{entry.title} {what}",
            update_interval=interval,
            always_update=False,
        )
        self.api = api


class AppInfoCoordinator(AppApiCoordinator[AppConnectionInfo]):
    """The App Connection info: the printer's name, and whether the connection lives.

    Asked every 10 minutes on OctoEverywhere's servers, so it tells a revoked connection or
    missing Supporter Perks even while the printer is offline.
    """

    def __init__(
        self, hass: HomeAssistant, entry: OctoEverywhereConfigEntry, api: AppApiClient
    ) -> None:
        """Poll the info every 10 minutes."""
        super().__init__(hass, entry, api, "App Connection", INFO_INTERVAL)

    @override
    async def _async_update_data(self) -> AppConnectionInfo:
        entry = self.config_entry
        try:
            info = await self.api.get_info()
        except OctoEverywhereError as err:
            if isinstance(err, ConnectionRevokedError):
                async_raise_issue(self.hass, entry, Issue.CONNECTION_REVOKED)
            elif isinstance(err, SupporterRequiredError):
                async_raise_issue(self.hass, entry, Issue.SUPPORTER_REQUIRED)
            raise update_failed(err, app_api=True) from err
        async_clear_issues(
            self.hass, entry, Issue.CONNECTION_REVOKED, Issue.SUPPORTER_REQUIRED
        )
        return info


class GadgetCoordinator(AppApiCoordinator[GadgetStatus | None]):
    """Gadget's verdict on the current print, asked only while a job is active."""

    def __init__(
        self, hass: HomeAssistant, entry: OctoEverywhereConfigEntry, api: AppApiClient
    ) -> None:
        """Start without polling: the printer's status decides when to."""
        super().__init__(hass, entry, api, "Gadget", None)
        # The status's Gadget part when it was last looked at, and when Gadget was asked.
        self._seen: Gadget | None = None
        self._asked_at = -GADGET_MIN_GAP_SEC

    @override
    async def _async_update_data(self) -> GadgetStatus | None:
        self._asked_at = self.hass.loop.time()
        try:
            status = await self.api.get_gadget_status()
        except OctoEverywhereError as err:
            if self.update_interval is None:
                return None  # the job ended meanwhile: nothing to show, nothing failed
            raise update_failed(err, app_api=True) from err
        # The job may have ended while the request ran: then there is nothing to show.
        return status if self.update_interval is not None else None

    @callback
    def async_follow_status(self, status: PrinterStatus | None) -> None:
        """Take the printer's status: poll while a job is active; stop (and forget) otherwise.

        Asked when a job starts, when the status's Gadget part moved (a new score, a warning,
        a pause, suppression), and every minute in between; never twice within 10 s.
        """
        if status is None or not status.is_active:
            if self.update_interval is not None:
                self.update_interval = None
                self.async_set_updated_data(None)
            return
        if self.update_interval is None:  # a job started: ask
            self.update_interval = GADGET_INTERVAL
            self._seen = None
        part = status.octoeverywhere.gadget
        if (
            part == self._seen
            or self.hass.loop.time() - self._asked_at < GADGET_MIN_GAP_SEC
        ):
            return  # a move within 10 s of the last ask is asked on the next poll
        self._seen = part
        self.config_entry.async_create_background_task(
            self.hass, self.async_refresh(), "octoeverywhere gadget status"
        )
