"""The servers the benchmarked Home Assistant polls, in a process of their own.

Their CPU is not Home Assistant's, so they run in a child process: the benchmark's process CPU
time is then what Home Assistant spends. The parent drives them through a pipe, always outside
the measured windows:

- a *series* server answers fixed paths with prepared bodies, the current one chosen by
  ``step`` (an OctoEverywhere relay, a fake OctoPrint); it counts requests and connections;
- a *silent* server accepts connections and never answers (a relay that hangs).

A series server can speak TLS (``Tls``: a certificate and key in files) and close the
connection after every answer (``close``), as a relay does with a client whose keep-alive ran
out.
"""

import asyncio
import atexit
from collections.abc import Mapping, Sequence
import contextlib
from dataclasses import dataclass, field
import multiprocessing
from multiprocessing.connection import Connection
import ssl
from typing import Any

from aiohttp import web


@dataclass(frozen=True)
class Tls:
    """A server's certificate chain and key, PEM files (see benchmarks/tls.py)."""

    certfile: str
    keyfile: str

    def server_context(self) -> ssl.SSLContext:
        """Return a server's TLS context with this certificate."""
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.certfile, self.keyfile)
        return context


@dataclass
class _Route:
    bodies: Sequence[bytes]
    content_type: str


@dataclass
class SeriesServer:
    """Answers fixed paths with prepared bodies; ``index`` picks the current one."""

    routes: dict[str, _Route]
    # A header every request must carry (e.g. OctoPrint's X-Api-Key), or 403.
    header: tuple[str, str] | None
    index: int = 0
    requests: int = 0
    peers: set[tuple[Any, ...]] = field(default_factory=set)
    # Each path moves to its next body with every request (no ``step`` in between).
    auto: bool = False
    # Close the connection after every answer.
    close: bool = False
    _served: dict[str, int] = field(default_factory=dict)

    async def handle(self, request: web.Request) -> web.Response:
        """Answer with the current body of the path."""
        self.requests += 1
        self.peers.add(
            request.transport.get_extra_info("peername") if request.transport else ()
        )
        if (
            self.header is not None
            and request.headers.get(self.header[0]) != self.header[1]
        ):
            return web.Response(status=403)
        route = self.routes.get(request.path)
        if route is None:
            return web.Response(status=404)
        index = self.index
        if self.auto:
            index = self._served[request.path] = (
                self._served.get(request.path, index) + 1
            )
        body = route.bodies[min(index, len(route.bodies) - 1)]
        response = web.Response(body=body, content_type=route.content_type)
        if self.close:
            response.force_close()
        return response


def series_app(
    routes: Mapping[str, tuple[Sequence[bytes], str]],
    header: tuple[str, str] | None = None,
    *,
    close: bool = False,
) -> tuple[web.Application, SeriesServer]:
    """Build an application answering ``routes`` (path: (bodies, content type))."""
    server = SeriesServer(
        {path: _Route(bodies, ctype) for path, (bodies, ctype) in routes.items()},
        header,
        close=close,
    )
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", server.handle)
    return app, server


class _Child:
    """The child process: an asyncio loop serving every server, commanded through the pipe."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.series: dict[str, SeriesServer] = {}
        self.runners: list[web.AppRunner] = []
        self.silent: list[asyncio.Server] = []
        self.hung: list[asyncio.StreamWriter] = []
        self.done = asyncio.Event()

    async def serve(self, app: web.Application, tls: Tls | None = None) -> int:
        runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await runner.setup()
        context = None if tls is None else tls.server_context()
        site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=context)
        await site.start()
        self.runners.append(runner)
        server = site._server  # noqa: SLF001 - the only way to learn the port of port 0
        assert isinstance(server, asyncio.Server)
        port: int = server.sockets[0].getsockname()[1]
        return port

    async def cmd_series(
        self,
        name: str,
        routes: Mapping[str, tuple[Sequence[bytes], str]],
        header: tuple[str, str] | None = None,
        tls: Tls | None = None,
        close: bool = False,
    ) -> int:
        app, self.series[name] = series_app(routes, header, close=close)
        return await self.serve(app, tls)

    async def cmd_step(self, name: str, index: int) -> None:
        self.series[name].index = index

    async def cmd_auto(self, name: str, auto: bool) -> None:
        server = self.series[name]
        if not auto:
            server.index = max(server._served.values(), default=server.index)  # noqa: SLF001
        server._served = {}  # noqa: SLF001
        server.auto = auto

    async def cmd_step_many(self, names: list[str], index: int) -> None:
        for name in names:
            self.series[name].index = index

    async def cmd_stats(self, name: str) -> tuple[int, int]:
        server = self.series[name]
        result = (server.requests, len(server.peers))
        server.requests = 0
        server.peers = set()
        return result

    async def cmd_silent(self) -> int:
        async def hang(
            reader: asyncio.StreamReader, writer: asyncio.StreamWriter
        ) -> None:
            self.hung.append(writer)
            while await reader.read(65536):
                pass  # read the request, never answer

        server = await asyncio.start_server(hang, "127.0.0.1", 0)
        self.silent.append(server)
        port: int = server.sockets[0].getsockname()[1]
        return port

    async def cmd_stop(self) -> None:
        self.done.set()

    def on_readable(self) -> None:
        command, args = self.conn.recv()
        task = asyncio.get_running_loop().create_task(
            getattr(self, f"cmd_{command}")(*args)
        )
        task.add_done_callback(self._answer)

    def _answer(self, task: asyncio.Task[Any]) -> None:
        if (err := task.exception()) is not None:
            self.conn.send(("error", repr(err)))
        else:
            self.conn.send(("ok", task.result()))

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        loop.add_reader(self.conn.fileno(), self.on_readable)
        self.conn.send(("ok", "ready"))
        await self.done.wait()
        loop.remove_reader(self.conn.fileno())
        for writer in self.hung:
            writer.close()
        for server in self.silent:
            server.close()
        for runner in self.runners:
            await runner.cleanup()


def _main(conn: Connection) -> None:
    asyncio.run(_Child(conn).run(), debug=False)


class Servers:
    """The parent's handle on the server process (blocking calls, made between measurements).

    ``Servers.shared()`` is the process's one server process, started on first use: start it
    before Home Assistant (a fork after Home Assistant started threads and enabled its
    blocking-call detection inherits both).
    """

    _shared: Servers | None = None

    @classmethod
    def shared(cls) -> Servers:
        """Return this process's server process, started on first use and stopped at exit."""
        if cls._shared is None:
            cls._shared = cls()
            atexit.register(cls._shared.close)
        return cls._shared

    def __init__(self) -> None:
        """Start the process and wait until it answers."""
        # fork: the child needs no imports of its own (start it before Home Assistant
        # starts threads).
        context = multiprocessing.get_context("fork")
        self._conn, child = context.Pipe()
        self._process = context.Process(target=_main, args=(child,), daemon=True)
        self._process.start()
        child.close()
        self._receive()

    def _receive(self) -> Any:
        status, value = self._conn.recv()
        if status != "ok":
            raise RuntimeError(f"server process: {value}")
        return value

    def _call(self, command: str, *args: Any) -> Any:
        self._conn.send((command, args))
        return self._receive()

    def series(
        self,
        name: str,
        routes: Mapping[str, tuple[Sequence[bytes], str]],
        header: tuple[str, str] | None = None,
        *,
        tls: Tls | None = None,
        close: bool = False,
    ) -> int:
        """Serve ``routes`` (path: (bodies, content type)); return the port.

        ``tls``: over TLS with that certificate; ``close``: a new connection per request.
        """
        port: int = self._call("series", name, dict(routes), header, tls, close)
        return port

    def step(self, name: str, index: int) -> None:
        """Answer with the bodies at ``index`` from now on."""
        self._call("step", name, index)

    def auto(self, name: str, auto: bool) -> None:
        """Move on with every request (True), or only when told (False)."""
        self._call("auto", name, auto)

    def step_many(self, names: Sequence[str], index: int) -> None:
        """Answer with the bodies at ``index`` on every named server."""
        self._call("step_many", list(names), index)

    def stats(self, name: str) -> tuple[int, int]:
        """Return the requests and distinct client connections since the last call."""
        requests, connections = self._call("stats", name)
        return requests, connections

    def silent(self) -> int:
        """Start a server that accepts connections and never answers; return its port."""
        port: int = self._call("silent")
        return port

    def close(self) -> None:
        """Stop the process."""
        if self._process.is_alive():
            with contextlib.suppress(EOFError, OSError, RuntimeError):
                self._call("stop")
            self._process.join(10)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()
