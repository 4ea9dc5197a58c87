"""Latency from a print finishing to the ``complete`` event, in a real Home Assistant.

Run: scripts/bench (which calls this), or .venv/bin/python scripts/bench_latency.py [--runs N]

For each run the simulator's print is taken to its last second, then finished with
``/_sim/advance``; the time from that request to Home Assistant's ``octoeverywhere_event``
(received over the WebSocket API) is the latency. Measured twice: with OctoEverywhere's webhook
push (the simulator POSTs the notification) and with polling only (no webhook): the polling
figure depends on where in the 10 s interval the print ends, so several runs are taken.
"""

import argparse
import asyncio
from pathlib import Path
import statistics
import sys
import time
from typing import Any

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parent))

from e2e_harness import (  # noqa: E402
    DOMAIN,
    SIM_PASSWORD,
    SIM_USERNAME,
    HomeAssistantClient,
    SimulatorClient,
    Stack,
    add_integration,
)

SIM_ARGS = (
    *("--platform", "moonraker", "--scenario", "idle"),
    *("--auth", "basic", "--username", SIM_USERNAME, "--password", SIM_PASSWORD),
    # Simulated time nearly stands still; the benchmark moves it.
    *("--speed", "0.001", "--print-duration", "600"),
)


async def _next(
    events: asyncio.Queue[Any], event_type: str, within: float
) -> dict[str, Any]:
    deadline = time.monotonic() + within
    while True:
        event = await asyncio.wait_for(events.get(), deadline - time.monotonic())
        if event["data"]["event_type"] == event_type:
            return event["data"]


async def _one_print(
    sim: SimulatorClient, events: asyncio.Queue[Any], *, offset: float
) -> tuple[float, str]:
    """Start a print, wait ``offset`` s, finish it; return latency and the event's source."""
    await sim.post("scenario", {"scenario": "printing", "progress": 99})
    await _next(events, "started", within=60)  # polling saw the print start
    await asyncio.sleep(offset)
    started = time.monotonic()
    await sim.post("advance", {"seconds": 3600})
    event = await _next(events, "complete", within=30)
    return time.monotonic() - started, event.get("source", "?")


async def main() -> None:
    """Measure both ways and print a table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    async with Stack(sim_args=SIM_ARGS) as stack, aiohttp.ClientSession() as session:
        ha = HomeAssistantClient(session, stack.ha_url)
        sim = SimulatorClient(session, stack.sim_url)
        await ha.onboard()
        entry_id, _ = await add_integration(ha, stack.sim_url)
        # The options flow's webhook page shows the URL and secret (its menu, then the page).
        flow = "/api/config/config_entries/options/flow"
        menu = await ha.rest("POST", flow, {"handler": entry_id})
        page = await ha.rest(
            "POST", f"{flow}/{menu['flow_id']}", {"next_step_id": "webhook"}
        )
        placeholders = page["description_placeholders"]
        await ha.rest("POST", f"{flow}/{page['flow_id']}", {"next_step_id": "done"})
        results: dict[str, list[float]] = {}
        async with ha.websocket() as ws:
            events = await ws.subscribe(
                "subscribe_events", event_type=f"{DOMAIN}_event"
            )
            for mode in ("webhook push", "polling only"):
                webhook = mode == "webhook push"
                await sim.post(
                    "config",
                    {
                        "webhook_url": placeholders["local_url"] if webhook else None,
                        "webhook_secret": placeholders["secret"],
                    },
                )
                for run in range(args.runs):
                    # Spread the end over the 10 s poll interval.
                    latency, source = await _one_print(
                        sim, events, offset=(run * 10 / args.runs) % 10
                    )
                    expected = "webhook" if webhook else "poll"
                    if source != expected:
                        raise SystemExit(f"{mode}: event came from {source}")
                    results.setdefault(mode, []).append(latency)
    print("| mode | runs | median | min | max |")  # noqa: T201
    print("| --- | --- | --- | --- | --- |")  # noqa: T201
    for mode, values in results.items():
        print(  # noqa: T201
            f"| {mode} | {len(values)} | {statistics.median(values):.3f} s "
            f"| {min(values):.3f} s | {max(values):.3f} s |"
        )


if __name__ == "__main__":
    asyncio.run(main())
