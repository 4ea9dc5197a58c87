"""Where a poll's time goes: a statistical profiler that sorts samples by part of the poll.

Every 200 µs of wall time (SIGALRM) the main thread's Python stack is sampled and the sample
put in one *part*, from the frames on the stack:

- **HTTP request** — aiohttp, asyncio's transports and sockets: sending the request, reading
  and parsing the response's headers and body;
- **client code** — the integration's API client around that request (URL, headers, timeout,
  envelope and error handling), and anything else it calls that is not HTTP or parsing;
- **parse** — ``json`` (or the client's ``Response.json``, which calls orjson) and the
  client's models, while the client turns the body into data;
- **coordinator** — Home Assistant's DataUpdateCoordinator and the integration's
  ``_async_update_data`` around the fetch, and every coordinator listener that is not an entity
  update (device registry, event detection, new-entity scans, ...);
- **entity writes** — entities' ``_handle_coordinator_update``: computing what they show and
  Home Assistant's state machine writing it;
- **entity adds** — Home Assistant's entity platform adding entities, and entities being
  constructed;
- **event loop** — asyncio's own scheduling and callbacks between the parts;
- **harness** — this benchmark's own code (excluded from the shares).

Samples taken while the loop waits in ``select`` are idle and dropped, and so are samples taken
after the thread was preempted since the previous one (``ru_nivcsw``): the timer may have fired
while the thread waited for a core, and the sample would land where it was descheduled —
typically the ``send`` that woke the server — rather than where CPU was spent. The timer runs
on wall time because the kernel's CPU-time timers tick at only 250 Hz here. A C function's time
shows in the Python frame that called it.

The parts are recognised by Home Assistant's method names (``_async_update_data``,
``async_update_listeners``, ``_handle_coordinator_update``) and by file, so that they hold for
any coordinator integration, core's octoprint as much as this one.
"""

from collections import Counter
import resource
import signal
from types import CodeType, FrameType
from typing import Final

from homeassistant.helpers.entity import Entity

INTERVAL: Final = 200e-6

PARTS: Final = (
    "HTTP request",
    "client code",
    "parse",
    "coordinator",
    "entity writes",
    "entity adds",
    "event loop",
)

# What a frame's file makes it, by path fragment (first match wins).
_HTTP = ("/aiohttp/", "/aiohappyeyeballs/", "/asyncio/selector_events.py", "/socket.py")
_PARSE = (
    "/json/",
    "/octoeverywhere/api/models.py",
    "/octoeverywhere/api/parse.py",
    "/octoeverywhere/api/material.py",
    "/pyoctoprintapi/printer.py",
    "/pyoctoprintapi/job.py",
)
_CLIENT = ("/octoeverywhere/api/", "/pyoctoprintapi/")
# Functions of client files that decode the body (orjson's C code shows in their frame).
_PARSE_FUNCTIONS = (("/octoeverywhere/api/transport.py", "json"),)
_HARNESS = ("/benchmarks/",)
_ENTITY_PLATFORM = ("/helpers/entity_platform.py",)

_FETCH_PARTS: Final = {
    "http": "HTTP request",
    "parse": "parse",
    "client": "client code",
}
_IDLE = "idle"
_HARNESS_PART = "harness"


class Sampler:
    """Counts samples per part, and per innermost function within each part."""

    def __init__(self) -> None:
        """No samples yet."""
        self.parts: Counter[str] = Counter()
        self.functions: Counter[tuple[str, str]] = Counter()
        # Samples dropped because the thread was preempted since the previous one.
        self.preempted = 0
        # The coordinator part by listener.
        self.coordinator: Counter[str] = Counter()
        self._where = ""
        self._kinds: dict[CodeType, str] = {}
        self._previous: signal.Handlers | None = None
        self._switches = 0

    def start(self) -> None:
        """Sample from now on."""
        self._previous = signal.signal(signal.SIGALRM, self._sample)  # type: ignore[assignment]
        self._switches = _involuntary_switches()
        signal.setitimer(signal.ITIMER_REAL, INTERVAL, INTERVAL)

    def stop(self) -> None:
        """Stop sampling."""
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, self._previous or signal.SIG_DFL)

    @property
    def samples(self) -> int:
        """Samples counted in a part (idle and harness samples left out)."""
        return sum(count for part, count in self.parts.items() if part in PARTS)

    def shares(self) -> dict[str, float]:
        """Each part's share of the samples."""
        total = self.samples or 1
        return {part: self.parts[part] / total for part in PARTS}

    def top(self, count: int) -> list[tuple[str, str, float]]:
        """Return the innermost functions with the most samples: (part, function, share)."""
        total = self.samples or 1
        return [
            (part, function, hits / total)
            for (part, function), hits in self.functions.most_common()
            if part in PARTS
        ][:count]

    def _kind(self, code: CodeType) -> str:
        kind = self._kinds.get(code)
        if kind is None:
            path = code.co_filename
            name = code.co_name
            if name == "_async_update_data":
                kind = "fetch"
            elif name == "async_update_listeners":
                kind = "listeners"
            elif name == "_handle_coordinator_update":
                kind = "entity"
            elif any(part in path for part in _ENTITY_PLATFORM):
                kind = "adds"
            elif name == "__init__":
                kind = "init"
            elif any(part in path for part in _HARNESS):
                kind = "harness"
            elif any(part in path for part in _HTTP):
                kind = "http"
            elif any(part in path for part in _PARSE) or any(
                path.endswith(file) and name == function
                for file, function in _PARSE_FUNCTIONS
            ):
                kind = "parse"
            elif any(part in path for part in _CLIENT):
                kind = "client"
            elif path.endswith("/helpers/update_coordinator.py"):
                kind = "coordinator"
            elif path.endswith("selectors.py") and name == "select":
                kind = "idle"
            elif path.endswith("/asyncio/base_events.py") and name == "_run_once":
                kind = "loop"
            else:
                kind = ""
            self._kinds[code] = kind
        return kind

    def _sample(self, signum: int, frame: FrameType | None) -> None:
        switches = _involuntary_switches()
        if switches != self._switches:
            # The thread waited for a core since the last sample: the timer may have fired
            # meanwhile, and the sample would land where it was descheduled (typically the
            # system call that woke the server), not where the CPU went.
            self._switches = switches
            self.preempted += 1
            return
        if frame is None:
            return
        part = self._classify(frame)
        self.parts[part] += 1
        code = frame.f_code
        self.functions[part, f"{code.co_qualname} ({_short(code.co_filename)})"] += 1
        if part == "coordinator":
            self.coordinator[self._where] += 1

    def _classify(self, frame: FrameType) -> str:
        """Return the part of a sample, from its stack (innermost frame first).

        For the coordinator part, ``_where`` says which listener (the function Home
        Assistant's ``async_update_listeners`` called) or that it was the coordinator itself.
        """
        inner: str | None = None  # the innermost of http, parse and client below
        innermost = True
        callee: FrameType | None = None
        current: FrameType | None = frame
        self._where = "the coordinator itself (fetch, bookkeeping, data comparison)"
        while current is not None:
            kind = self._kind(current.f_code)
            if kind == "idle" and innermost:
                return _IDLE
            if kind == "harness":
                # Only generic code (e.g. block_till_done) between it and the sample.
                return _HARNESS_PART
            if kind == "init" and isinstance(current.f_locals.get("self"), Entity):
                return "entity adds"
            if kind == "adds":
                return "entity adds"
            if kind == "entity":
                return "entity writes"
            if kind == "fetch":
                return _FETCH_PARTS.get(inner or "", "coordinator")
            if kind == "listeners" and callee is not None:
                code = callee.f_code
                self._where = (
                    f"listener `{code.co_qualname}` ({_short(code.co_filename)})"
                )
                return "coordinator"
            if kind in ("listeners", "coordinator"):
                return "coordinator"
            if kind == "loop":
                # A loop callback that none of the above claims (the benchmark's driver
                # frames lie further out).
                return "HTTP request" if inner == "http" else "event loop"
            if inner is None and kind in _FETCH_PARTS:
                inner = kind
            innermost = False
            callee = current
            current = current.f_back
        return "HTTP request" if inner == "http" else "event loop"


def _involuntary_switches() -> int:
    """How often this thread was preempted so far."""
    return resource.getrusage(resource.RUSAGE_THREAD).ru_nivcsw


def _short(path: str) -> str:
    for marker in ("/site-packages/", "/custom_components/", "/lib/python3.14/"):
        if marker in path:
            return path.split(marker, 1)[1]
    return path.rsplit("/", 1)[-1]
