"""Webhook notifications (reference section 6): fire-and-forget POSTs of printer events.

Sends never block the simulator: each is a task with a short timeout, chained after the previous
one so a receiver sees events in order. Every send is logged with its HTTP result.
"""

import asyncio
import contextlib
from typing import TYPE_CHECKING, Any, Final

import aiohttp

if TYPE_CHECKING:
    from .simulator import Simulator

TIMEOUT_SEC: Final = 5.0
QUICK_VIEW_URL: Final = "https://octoeverywhere.com/quickview?printerid={printer_id}"


class WebhookSender:
    """Builds notification payloads and posts them to the configured URL."""

    def __init__(self, sim: Simulator) -> None:
        """Send for ``sim`` (its settings give the URL, secret, printer id and name)."""
        self._sim = sim
        self.log: list[dict[str, Any]] = []
        self._tasks: set[asyncio.Task[None]] = set()
        self._last: asyncio.Task[None] | None = None

    def payload(self, event_type: int, data: dict[str, Any]) -> dict[str, Any]:
        """Build the JSON body for an event whose job data is ``data``."""
        settings = self._sim.settings
        public = settings.public_url
        payload: dict[str, Any] = {
            "PrinterId": settings.printer_id,
            "SecretKey": settings.webhook_secret,
            "PrintId": data.get("PrintId"),
            "EventType": event_type,
            "PrinterName": settings.printer_name,
            "SnapshotUrl": f"{public.rstrip('/')}/_sim/snapshot.jpg"
            if public
            else None,
            "QuickViewUrl": QUICK_VIEW_URL.format(printer_id=settings.printer_id),
        }
        payload.update(data)
        return payload

    def send(
        self,
        event_type: int,
        data: dict[str, Any],
        *,
        overrides: dict[str, Any] | None = None,
        omit: tuple[str, ...] = (),
    ) -> dict[str, Any] | None:
        """Queue one notification; returns its log record (None without a webhook URL)."""
        url = self._sim.settings.webhook_url
        if not url:
            return None
        payload = self.payload(event_type, data)
        payload.update(overrides or {})
        for key in omit:
            payload.pop(key, None)
        record: dict[str, Any] = {
            "time": self._sim.now(),
            "url": url,
            "event_type": payload.get("EventType"),
            "payload": payload,
            "status": None,
            "error": None,
            "done": False,
        }
        self.log.append(record)
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            record.update(error="no running event loop", done=True)
            return record
        task = loop.create_task(self._post(url, payload, record, self._last))
        self._last = task
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return record

    async def _post(
        self,
        url: str,
        payload: dict[str, Any],
        record: dict[str, Any],
        previous: asyncio.Task[None] | None,
    ) -> None:
        if previous is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await previous
        try:
            timeout = aiohttp.ClientTimeout(total=TIMEOUT_SEC)
            async with (
                aiohttp.ClientSession(timeout=timeout) as session,
                session.post(url, json=payload) as response,
            ):
                record["status"] = response.status
        except (aiohttp.ClientError, TimeoutError, ValueError) as err:
            record["error"] = f"{type(err).__name__}: {err}"
        finally:
            record["done"] = True

    async def flush(self) -> None:
        """Wait until every queued notification was sent (or failed)."""
        while self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    async def cancel(self) -> None:
        """Drop unsent notifications (server shutdown)."""
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
