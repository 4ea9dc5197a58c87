"""Every fault the service and the network can produce, over real HTTP against the simulator.

Each fault hits a loaded entry while it polls (a Klipper printer half-way through a print). The
integration must raise nothing, log no traceback, log one line when the printer goes and one when
it comes back, and recover on the next good poll without a reload. What it did, per fault:

====================================================  ==========================================
fault (on ``GET status``)                             what the integration does
====================================================  ==========================================
HTTP 600, 602, 607, 608, 609, 611, 612, 613           unavailable (every entity but the print
(JSON, HTML and empty bodies)                         history and the event entity); back on the
                                                      next good poll
HTTP 601 (JSON, HTML, empty)                          offline: state ``offline``, ``connected``
                                                      off, the rest unavailable; back next poll
HTTP 603, 604 (JSON, HTML, empty)                     repair issue ``connection_revoked_<entry>``,
                                                      reload, entry ends in SETUP_ERROR; polling
                                                      stops (the fix flow is in test_repairs.py)
HTTP 605 (JSON, HTML, empty)                          unavailable + issue ``supporter_required_…``
                                                      (learn-more link); issue gone on recovery
HTTP 606 (JSON, HTML, empty)                          unavailable, reauth flow started, polling
                                                      stops; the reauth flow reloads the entry
HTTP 610 (JSON, HTML, empty)                          unavailable + issue ``plugin_update_required_…``;
                                                      gone on recovery
envelope Status 750, 751, 752, 753, 786, 788          unavailable; back on the next good poll
envelope Status 754                                   unavailable + ``plugin_update_required_…``
envelope Status 785, 787                              offline (as 601)
envelope Status 789                                   offline + issue ``printer_credentials_…``;
                                                      gone on recovery
HTTP 400, 401, 403, 404, 429, 500, 502, 503           unavailable; back on the next good poll
(JSON, HTML and empty bodies)
HTTP 200: not JSON, truncated JSON, a JSON array,     unavailable; back on the next good poll
a JSON string, ``Result`` missing, ``Result`` null,
``Status`` missing, ``Status`` a string
HTTP 200 with a 10 MB body (Content-Length;           unavailable; refused after reading nothing
chunked)                                              (Content-Length) or at most 2 MB + one chunk
connection dropped without an answer                  unavailable; back on the next good poll
answer slower than the client's timeout               unavailable ("timed out"); back next poll
connection refused (the server goes away; an entry    unavailable; back when the server returns /
pointing at a closed port at start-up)                setup retried later (SETUP_RETRY)
DNS failure (aiohttp's resolver patched, no real      unavailable, "DNS lookup failed" without the
DNS)                                                  host name; back when the name resolves
TLS: a certificate for another host; a self-signed    unavailable, "TLS error"; back once the
(untrusted) certificate; https to a plain-HTTP port   server presents a trusted certificate /
at start-up                                           setup retried later (SETUP_RETRY)
====================================================  ==========================================

Log lines (logger ``custom_components.octoeverywhere``, INFO and up; none with a traceback):
unavailable: one ERROR "Error fetching Sim printer data: <reason>" going, one INFO "Fetching Sim
printer data recovered" back. Offline: one INFO "Sim printer is offline (<reason>)", one INFO
"Sim printer is back online". 606: one ERROR "Authentication failed while fetching ...". 603/604:
one ERROR "Config entry setup failed while fetching ...", none from the setup the reload fails
(at start-up: one ERROR "Sim printer cannot be set up: ..."). Transport errors never show the
host or port.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, AsyncIterator, Generator, Iterator
import concurrent.futures
from contextlib import asynccontextmanager
from dataclasses import dataclass
import datetime as dt
from datetime import timedelta
import ipaddress
import logging
from pathlib import Path
import socket
import ssl
import threading
from typing import Any
from unittest.mock import patch

import aiohttp
from aiohttp import web
from aiohttp.test_utils import TestServer
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.octoeverywhere.api.client import MAX_BODY_BYTES
from custom_components.octoeverywhere.const import (
    AUTH_BASIC,
    CONF_AUTH_TYPE,
    DOMAIN,
    IDLE_INTERVAL,
)
from custom_components.octoeverywhere.issues import SUPPORTER_PERKS_URL
from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntryState
from homeassistant.const import (
    CONF_PASSWORD,
    CONF_URL,
    CONF_USERNAME,
    STATE_OFF,
    STATE_ON,
    STATE_UNAVAILABLE,
)
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import entity_registry as er, issue_registry as ir
import homeassistant.util.dt as dt_util
from octoeverywhere_simulator import Fault, Simulator

from .conftest import setup_entry

LOGGER_NAME = "custom_components.octoeverywhere"
STATE = "sensor.sim_printer_state"
CONNECTED = "binary_sensor.sim_printer_connected"
PROGRESS = "sensor.sim_printer_progress"
# Entities that stay available whatever polling does (history, pushed events).
# Entities of the print ledger (events, last print, statistics): they never depend on a poll.
ALWAYS_AVAILABLE_KEYS = (
    "last_print_",
    "print_event",
    "prints_",
    "print_time_total",
    "filament_used_total",
)
ENTRY_ID = "01KOCTOEVERYWHEREFAULTENTRY"
DNS_HOST = "shared-dns123.octoeverywhere.com"


# --- The simulator on a server that the tests can stop, restart and put behind TLS ----------


class SimServer:
    """Serves a simulator on 127.0.0.1 on a fixed port, plain or TLS, closing every connection.

    Closing after each answer makes every poll open a new connection, so that name resolution,
    connecting and the TLS handshake happen on every poll (a kept-alive connection would hide a
    DNS or TLS fault). ``threaded`` serves from a thread with its own event loop: a TLS
    handshake that the client aborts is reported to the server loop's exception handler, which
    must not be Home Assistant's (that one fails the test).
    """

    def __init__(self, sim: Simulator, *, threaded: bool = False) -> None:
        """Pick a free port; nothing listens until ``start``."""
        self.sim = sim
        self.threaded = threaded
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port: int = probe.getsockname()[1]
        self._server: TestServer | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopped = asyncio.Event()
        self._thread: threading.Thread | None = None

    def _app(self) -> web.Application:
        app = self.sim.create_app()

        async def _close(request: web.Request, response: web.StreamResponse) -> None:
            response.force_close()

        app.on_response_prepare.append(_close)
        return app

    async def start(self, ssl_context: ssl.SSLContext | None = None) -> None:
        """Listen on the port (again)."""
        if not self.threaded:
            server = TestServer(self._app(), host="127.0.0.1", port=self.port)
            await server.start_server(access_log=None, ssl=ssl_context)
            self._server = server
            return
        ready: concurrent.futures.Future[None] = concurrent.futures.Future()
        self._thread = threading.Thread(
            target=asyncio.run,
            args=(self._serve(ssl_context, ready),),
            name="sim-server",
        )
        self._thread.start()
        await asyncio.wrap_future(ready)

    async def _serve(
        self,
        ssl_context: ssl.SSLContext | None,
        ready: concurrent.futures.Future[None],
    ) -> None:
        """Serve in this thread's event loop until ``stop``."""
        self._loop = asyncio.get_running_loop()
        self._stopped = asyncio.Event()
        runner = web.AppRunner(self._app(), access_log=None)
        await runner.setup()
        try:
            site = web.TCPSite(runner, "127.0.0.1", self.port, ssl_context=ssl_context)
            await site.start()
        except OSError as err:
            ready.set_exception(err)
            await runner.cleanup()
            return
        ready.set_result(None)
        await self._stopped.wait()
        await runner.cleanup()

    async def stop(self) -> None:
        """Stop listening: connections are refused."""
        if self._server is not None:
            await self._server.close()
            self._server = None
        if self._thread is not None:
            assert self._loop is not None
            self._loop.call_soon_threadsafe(self._stopped.set)
            await asyncio.get_running_loop().run_in_executor(None, self._thread.join)
            self._thread = self._loop = None

    def url(self, scheme: str = "http", host: str = "127.0.0.1") -> str:
        """The connection URL."""
        return f"{scheme}://{host}:{self.port}"


@pytest.fixture
async def sim_server(
    socket_enabled: None, simulator: Simulator
) -> AsyncGenerator[SimServer]:
    """The conftest's simulator (Klipper, printing at 50 %), not yet listening."""
    server = SimServer(simulator)
    yield server
    await server.stop()


@pytest.fixture
async def threaded_sim_server(
    socket_enabled: None, simulator: Simulator
) -> AsyncGenerator[SimServer]:
    """The same, served from its own thread and event loop (for TLS failures)."""
    server = SimServer(simulator, threaded=True)
    yield server
    await server.stop()


@dataclass
class Certificates:
    """A test CA, and server certificates it signed (files, for ``load_cert_chain``)."""

    ca_pem: bytes
    good: tuple[Path, Path]  # 127.0.0.1 and DNS_HOST, signed by the CA
    wrong_host: tuple[Path, Path]  # signed by the CA, for another name
    self_signed: tuple[Path, Path]  # right names, signed by nobody trusted


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _certificate(
    subject: str,
    names: list[x509.GeneralName],
    issuer: tuple[x509.Name, ec.EllipticCurvePrivateKey] | None,
    *,
    ca: bool = False,
) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    issuer_name, issuer_key = issuer if issuer is not None else (_name(subject), key)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
            critical=False,
        )
        .add_extension(
            x509.KeyUsage(
                digital_signature=not ca,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=ca,
                crl_sign=ca,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
    )
    if not ca:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False
        )
    if names:
        builder = builder.add_extension(
            x509.SubjectAlternativeName(names), critical=False
        )
    return builder.sign(issuer_key, hashes.SHA256()), key


def _write(
    directory: Path,
    stem: str,
    pair: tuple[x509.Certificate, ec.EllipticCurvePrivateKey],
) -> tuple[Path, Path]:
    cert, key = pair
    cert_file, key_file = directory / f"{stem}.crt", directory / f"{stem}.key"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


@pytest.fixture
def certificates(tmp_path: Path) -> Certificates:
    """A CA that the integration's HTTP session trusts in these tests, and server certs."""
    ca_cert, ca_key = _certificate("Fault test CA", [], None, ca=True)
    right_names: list[x509.GeneralName] = [
        x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
        x509.DNSName(DNS_HOST),
    ]
    issuer = (ca_cert.subject, ca_key)
    return Certificates(
        ca_pem=ca_cert.public_bytes(serialization.Encoding.PEM),
        good=_write(tmp_path, "good", _certificate("good", right_names, issuer)),
        wrong_host=_write(
            tmp_path,
            "wrong",
            _certificate("wrong", [x509.DNSName("other.example")], issuer),
        ),
        self_signed=_write(tmp_path, "self", _certificate("self", right_names, None)),
    )


@pytest.fixture
def trust_test_ca(certificates: Certificates) -> Iterator[None]:
    """Make Home Assistant's shared HTTP session trust the test CA (and only it)."""
    context = ssl.create_default_context(cadata=certificates.ca_pem.decode())
    with patch(
        "homeassistant.helpers.aiohttp_client.ssl_util.client_context",
        return_value=context,
    ):
        yield


def _server_context(pair: tuple[Path, Path]) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*pair)
    return context


# --- Helpers ---------------------------------------------------------------------------------


def _entry(url: str, **data: Any) -> MockConfigEntry:
    return MockConfigEntry(
        domain=DOMAIN,
        title="Sim printer",
        entry_id=ENTRY_ID,
        unique_id="simulatedfaults1",
        data={CONF_URL: url, CONF_AUTH_TYPE: "none", **data},
    )


async def _poll(hass: HomeAssistant) -> None:
    """Let the next poll happen (over real HTTP).

    Time is not frozen here: the client's timeout and the simulator's latency run on the
    event loop's real clock; only the poll timer is fired early.
    """
    async_fire_time_changed(
        hass, dt_util.utcnow() + IDLE_INTERVAL + timedelta(seconds=1)
    )
    await hass.async_block_till_done(wait_background_tasks=True)


def _states(hass: HomeAssistant, entry: MockConfigEntry) -> dict[str, str]:
    """The state of every entity of the entry."""
    registry = er.async_get(hass)
    states = {}
    for entity in er.async_entries_for_config_entry(registry, entry.entry_id):
        state = hass.states.get(entity.entity_id)
        if state is not None:
            states[entity.entity_id] = state.state
    return states


def _always_available(hass: HomeAssistant, entity_id: str) -> bool:
    entity = er.async_get(hass).async_get(entity_id)
    assert entity is not None
    key = entity.unique_id.removeprefix(f"{ENTRY_ID}_")
    return key.startswith(ALWAYS_AVAILABLE_KEYS)


def assert_unavailable(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Every entity that depends on polling is unavailable."""
    states = _states(hass, entry)
    assert len(states) > 20
    for entity_id, state in states.items():
        if _always_available(hass, entity_id):
            assert state != STATE_UNAVAILABLE, entity_id
        else:
            assert state == STATE_UNAVAILABLE, entity_id


def assert_offline(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """The state sensor says offline, ``connected`` is off, the rest is unavailable."""
    states = _states(hass, entry)
    assert states.pop(STATE) == "offline"
    assert states.pop(CONNECTED) == STATE_OFF
    for entity_id, state in states.items():
        if _always_available(hass, entity_id):
            assert state != STATE_UNAVAILABLE, entity_id
        else:
            assert state == STATE_UNAVAILABLE, entity_id


# Unavailable while printing by design: they depend on the printer's state.
STATE_DEPENDENT = {"button.sim_printer_resume", "button.sim_printer_home_axes"}


def assert_online(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """The printer's state is back, and so is every entity."""
    states = _states(hass, entry)
    assert states[STATE] == "printing"
    assert states[CONNECTED] == STATE_ON
    assert states[PROGRESS] not in (STATE_UNAVAILABLE, "unknown")
    unavailable = {e for e, state in states.items() if state == STATE_UNAVAILABLE}
    assert unavailable == STATE_DEPENDENT


def integration_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    """INFO and above from the integration's logger."""
    return [
        record
        for record in caplog.records
        if record.name.startswith(LOGGER_NAME) and record.levelno >= logging.INFO
    ]


def _setup_records(caplog: pytest.LogCaptureFixture) -> list[str]:
    """INFO and above from the integration and from config entry setup."""
    return [
        record.getMessage()
        for record in caplog.records
        if record.name.startswith((LOGGER_NAME, "homeassistant.config_entries"))
        and record.levelno >= logging.INFO
    ]


def _revoked_line(code: int) -> str:
    return (
        "Error setting up entry Sim printer for octoeverywhere: The App Connection "
        f"does not exist or was revoked ({code}). Reconfigure the printer with a new "
        "connection"
    )


def assert_no_traceback(caplog: pytest.LogCaptureFixture, *secrets: str) -> None:
    """No record of Home Assistant or the integration carries a traceback or a secret."""
    for record in caplog.records:
        if record.name.startswith(
            ("aiohttp", "octoeverywhere_simulator", "homeassistant.components.camera")
        ):
            # The simulator's own server; the camera component's missing libturbojpeg.
            continue
        if record.levelno < logging.INFO:
            continue
        assert not record.exc_info or record.exc_info[0] is None, record.getMessage()
        message = record.getMessage()
        assert "Traceback" not in message
        if record.name.startswith(LOGGER_NAME):
            for secret in secrets:
                assert secret not in message, message
    assert "Traceback" not in caplog.text


@pytest.fixture
def log(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    """Capture the integration's INFO lines."""
    caplog.set_level(logging.INFO, logger=LOGGER_NAME)
    caplog.set_level(logging.INFO)
    return caplog


@pytest.fixture
async def loaded(
    hass: HomeAssistant,
    sim_server: SimServer,
    entity_registry_enabled_by_default: None,
) -> MockConfigEntry:
    """The entry set up against the plain-HTTP simulator, every entity enabled."""
    await sim_server.start()
    entry = await setup_entry(hass, _entry(sim_server.url()))
    assert entry.state is ConfigEntryState.LOADED
    assert_online(hass, entry)
    return entry


def _issue(hass: HomeAssistant, name: str) -> ir.IssueEntry | None:
    return ir.async_get(hass).async_get_issue(DOMAIN, f"{name}_{ENTRY_ID}")


# --- The fault table -------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One fault and what the integration must do about it."""

    fault: Fault
    issue: str | None = None
    # Makes the client give up after this many seconds (the fault's latency is longer).
    timeout: float | None = None
    # What the last error in diagnostics says (part of it).
    error: str | None = None


def _http(code: int, body: str) -> Fault:
    return Fault(http_status=code, body=body, paths=("status",))


def _plugin(code: int) -> Fault:
    return Fault(plugin_status=code, paths=("status",))


BODIES = ("json", "html", "empty")
TRANSIENT_SERVICE = (600, 602, 607, 608, 609, 611, 612, 613)
HTTP_ERRORS = (400, 401, 403, 404, 429, 500, 502, 503)
MALFORMED = {
    "text": "response is not a JSON object",
    "truncated": "response is not a JSON object",
    "array": "response is not a JSON object",
    "string": "response is not a JSON object",
    "no_result": "status response has no Result object",
    "null_result": "status response has no Result object",
    "no_status": "response envelope has no Status",
    "string_status": "response envelope has no Status",
}

UNAVAILABLE_CASES = [
    *(
        pytest.param(
            Case(_http(code, body), error=f"service error {code}"),
            id=f"http{code}-{body}",
        )
        for code in TRANSIENT_SERVICE
        for body in BODIES
    ),
    *(
        pytest.param(
            Case(_http(605, body), issue="supporter_required", error="(605)"),
            id=f"http605-{body}-supporter_issue",
        )
        for body in BODIES
    ),
    *(
        pytest.param(
            Case(_http(610, body), issue="plugin_update_required", error="(610)"),
            id=f"http610-{body}-plugin_update_issue",
        )
        for body in BODIES
    ),
    *(
        pytest.param(
            Case(_plugin(code), error=f"({code})"),
            id=f"plugin{code}",
        )
        for code in (750, 751, 752, 753, 786, 788)
    ),
    pytest.param(
        Case(_plugin(754), issue="plugin_update_required", error="(754)"),
        id="plugin754-plugin_update_issue",
    ),
    *(
        pytest.param(
            Case(_http(code, body), error=f"unexpected HTTP status {code}"),
            id=f"http{code}-{body}",
        )
        for code in HTTP_ERRORS
        for body in BODIES
    ),
    *(
        pytest.param(
            Case(Fault(malformed=kind, paths=("status",)), error=error),
            id=f"200-{kind}",
        )
        for kind, error in MALFORMED.items()
    ),
    *(
        pytest.param(
            Case(Fault(large=kind, paths=("status",)), error="response body too large"),
            id=f"200-10MB-{kind}",
        )
        for kind in ("length", "chunked")
    ),
    pytest.param(
        Case(Fault(drop=True, paths=("status",)), error="ServerDisconnectedError"),
        id="dropped",
    ),
    pytest.param(
        Case(Fault(latency=1.0, paths=("status",)), timeout=0.25, error="timed out"),
        id="slower-than-timeout",
    ),
]


@asynccontextmanager
async def _count_body_reads() -> AsyncIterator[list[int]]:
    """Record the size of every body chunk the client reads."""
    sizes: list[int] = []
    original = aiohttp.StreamReader.iter_chunked

    def iter_chunked(self: aiohttp.StreamReader, n: int) -> Any:
        async def chunks() -> AsyncIterator[bytes]:
            async for chunk in original(self, n):
                sizes.append(len(chunk))
                yield chunk

        return chunks()

    with patch.object(aiohttp.StreamReader, "iter_chunked", iter_chunked):
        yield sizes


def _entry_issues(hass: HomeAssistant) -> set[str]:
    return {
        issue_id
        for (domain, issue_id) in ir.async_get(hass).issues
        if domain == DOMAIN and issue_id.endswith(ENTRY_ID)
    }


@pytest.mark.parametrize("case", UNAVAILABLE_CASES)
async def test_unavailable_then_back(
    hass: HomeAssistant,
    log: pytest.LogCaptureFixture,
    simulator: Simulator,
    sim_server: SimServer,
    loaded: MockConfigEntry,
    case: Case,
) -> None:
    """Everything that polling feeds goes unavailable, and comes back on the next good poll."""
    coordinator = loaded.runtime_data.coordinator
    if case.timeout is not None:
        coordinator.client._timeout = case.timeout
    log.clear()
    simulator.set_fault(case.fault)
    read_per_poll = []
    async with _count_body_reads() as sizes:
        for _ in range(3):
            sizes.clear()
            await _poll(hass)
            read_per_poll.append(sum(sizes))
    assert_unavailable(hass, loaded)
    assert loaded.state is ConfigEntryState.LOADED
    assert hass.config_entries.flow.async_progress_by_handler(DOMAIN) == []
    records = integration_records(log)
    assert [record.levelno for record in records] == [logging.ERROR]
    assert records[0].getMessage().startswith("Error fetching Sim printer data: ")
    if case.error is not None:
        assert case.error in str(coordinator.stats.last_error)
    assert coordinator.stats.failures == 3
    if case.fault.large == "length":
        assert read_per_poll == [0, 0, 0]  # refused on its Content-Length
    elif case.fault.large == "chunked":
        # Read until past the limit, then dropped: never the whole 10 MB.
        assert all(
            MAX_BODY_BYTES < read <= MAX_BODY_BYTES + 64 * 1024
            for read in read_per_poll
        ), read_per_poll
    expected_issues = {f"{case.issue}_{ENTRY_ID}"} if case.issue else set()
    assert _entry_issues(hass) == expected_issues
    if case.issue == "supporter_required":
        issue = _issue(hass, case.issue)
        assert issue is not None
        assert issue.learn_more_url == SUPPORTER_PERKS_URL

    log.clear()
    coordinator.client._timeout = 15.0
    simulator.clear_faults()
    await _poll(hass)
    assert_online(hass, loaded)
    records = integration_records(log)
    assert [record.getMessage() for record in records] == [
        "Fetching Sim printer data recovered"
    ]
    assert _entry_issues(hass) == set()
    assert_no_traceback(log, f"127.0.0.1:{sim_server.port}")


OFFLINE_CASES = [
    *(pytest.param(Case(_http(601, body)), id=f"http601-{body}") for body in BODIES),
    pytest.param(Case(_plugin(785)), id="plugin785"),
    pytest.param(Case(_plugin(787)), id="plugin787"),
    pytest.param(
        Case(_plugin(789), issue="printer_credentials"),
        id="plugin789-printer_credentials_issue",
    ),
]


@pytest.mark.parametrize("case", OFFLINE_CASES)
async def test_offline_then_back(
    hass: HomeAssistant,
    log: pytest.LogCaptureFixture,
    simulator: Simulator,
    loaded: MockConfigEntry,
    case: Case,
) -> None:
    """The printer shows as offline (not failed), with one line each way."""
    log.clear()
    simulator.set_fault(case.fault)
    for _ in range(3):
        await _poll(hass)
    assert_offline(hass, loaded)
    coordinator = loaded.runtime_data.coordinator
    assert coordinator.last_update_success
    assert coordinator.data.offline_code == (
        case.fault.http_status or case.fault.plugin_status
    )
    messages = [record.getMessage() for record in integration_records(log)]
    assert len(messages) == 1
    assert messages[0].startswith("Sim printer is offline (")
    expected_issues = {f"{case.issue}_{ENTRY_ID}"} if case.issue else set()
    assert _entry_issues(hass) == expected_issues

    log.clear()
    simulator.clear_faults()
    await _poll(hass)
    assert_online(hass, loaded)
    assert [record.getMessage() for record in integration_records(log)] == [
        "Sim printer is back online"
    ]
    assert _entry_issues(hass) == set()
    assert_no_traceback(log)


@pytest.mark.parametrize("body", BODIES)
async def test_auth_failure_starts_reauth(
    hass: HomeAssistant,
    log: pytest.LogCaptureFixture,
    simulator: Simulator,
    sim_server: SimServer,
    entity_registry_enabled_by_default: None,
    body: str,
) -> None:
    """606 asks for new credentials and stops polling; the reauth flow brings it back."""
    simulator.configure(auth=("basic", "sim-user", "sim-password"))
    await sim_server.start()
    entry = await setup_entry(
        hass,
        _entry(
            sim_server.url(),
            **{
                CONF_AUTH_TYPE: AUTH_BASIC,
                CONF_USERNAME: "sim-user",
                CONF_PASSWORD: "sim-password",
            },
        ),
    )
    assert_online(hass, entry)
    log.clear()
    simulator.set_fault(_http(606, body))
    await _poll(hass)
    assert_unavailable(hass, entry)
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]
    messages = [record.getMessage() for record in integration_records(log)]
    assert len(messages) == 1
    assert messages[0].startswith("Authentication failed while fetching Sim printer")
    # Polling a connection that refuses the credentials is pointless: it stops.
    requests = len(simulator.requests)
    for _ in range(3):
        await _poll(hass)
    assert len(simulator.requests) == requests
    assert _entry_issues(hass) == set()

    simulator.clear_faults()
    flow_id = flows[0]["flow_id"]
    result = await hass.config_entries.flow.async_configure(
        flow_id, {CONF_AUTH_TYPE: AUTH_BASIC}
    )
    result = await hass.config_entries.flow.async_configure(
        flow_id, {CONF_USERNAME: "sim-user", CONF_PASSWORD: "sim-password"}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    await hass.async_block_till_done(wait_background_tasks=True)
    assert entry.state is ConfigEntryState.LOADED
    assert_online(hass, entry)
    assert_no_traceback(log, "sim-password")


@pytest.mark.parametrize(
    ("code", "body"),
    [(code, body) for code in (603, 604) for body in BODIES],
    ids=[f"http{code}-{body}" for code in (603, 604) for body in BODIES],
)
async def test_connection_revoked_stops_the_entry(
    hass: HomeAssistant,
    log: pytest.LogCaptureFixture,
    simulator: Simulator,
    loaded: MockConfigEntry,
    code: int,
    body: str,
) -> None:
    """603/604 raise the fixable repair issue; the reloaded entry stops in SETUP_ERROR."""
    log.clear()
    simulator.set_fault(_http(code, body))
    await _poll(hass)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert loaded.state is ConfigEntryState.SETUP_ERROR
    assert _entry_issues(hass) == {f"connection_revoked_{ENTRY_ID}"}
    issue = _issue(hass, "connection_revoked")
    assert issue is not None
    assert issue.is_fixable
    assert issue.severity is ir.IssueSeverity.ERROR
    # One line: the poll only reloads the entry, whose setup fails with the reason.
    assert _setup_records(log) == [_revoked_line(code)]
    assert loaded.reason == _revoked_line(code).split(": ", 1)[1]
    # A dead connection is not polled again.
    requests = len(simulator.requests)
    for _ in range(3):
        await _poll(hass)
    assert len(simulator.requests) == requests
    assert hass.states.get(STATE).state == STATE_UNAVAILABLE
    assert hass.config_entries.flow.async_progress_by_handler(DOMAIN) == []
    assert_no_traceback(log)


# --- Transport faults: refused, DNS, TLS -------------------------------------------------------


@pytest.fixture
def resolver() -> Generator[dict[str, bool]]:
    """Resolve DNS_HOST to 127.0.0.1 while ``["up"]``; fail like getaddrinfo otherwise.

    Patched in aiohttp's connector: no real DNS query is ever made.
    """
    dns = {"up": True}
    original = aiohttp.TCPConnector._resolve_host

    async def resolve(
        self: aiohttp.TCPConnector, host: str, port: int, traces: Any = None
    ) -> Any:
        if host != DNS_HOST:
            return await original(self, host, port, traces=traces)
        if not dns["up"]:
            raise OSError(socket.EAI_NONAME, "Name or service not known")
        return [
            {
                "hostname": host,
                "host": "127.0.0.1",
                "port": port,
                "family": socket.AF_INET,
                "proto": 0,
                "flags": socket.AI_NUMERICHOST,
            }
        ]

    with patch.object(aiohttp.TCPConnector, "_resolve_host", resolve):
        yield dns


@pytest.mark.parametrize(
    "fault",
    ["refused", "dns", "tls-wrong-host", "tls-self-signed"],
)
async def test_transport_failure_then_back(
    hass: HomeAssistant,
    log: pytest.LogCaptureFixture,
    threaded_sim_server: SimServer,
    certificates: Certificates,
    trust_test_ca: None,
    resolver: dict[str, bool],
    entity_registry_enabled_by_default: None,
    fault: str,
) -> None:
    """The way to the server breaks and mends; the integration follows without a reload."""
    sim_server = threaded_sim_server
    server_context = _server_context(certificates.good)
    await sim_server.start(server_context)
    host = DNS_HOST if fault == "dns" else "127.0.0.1"
    entry = await setup_entry(hass, _entry(sim_server.url("https", host)))
    assert entry.state is ConfigEntryState.LOADED
    assert_online(hass, entry)
    coordinator = entry.runtime_data.coordinator

    log.clear()
    match fault:
        case "refused":
            await sim_server.stop()
            expected = "cannot connect (Connection refused)"
        case "dns":
            resolver["up"] = False
            expected = "DNS lookup failed"
        case "tls-wrong-host":
            server_context.load_cert_chain(*certificates.wrong_host)
            expected = "TLS error"
        case _:
            server_context.load_cert_chain(*certificates.self_signed)
            expected = "TLS error"
    for _ in range(3):
        await _poll(hass)
    assert_unavailable(hass, entry)
    assert coordinator.stats.last_error is not None
    assert expected in coordinator.stats.last_error
    messages = [record.getMessage() for record in integration_records(log)]
    assert len(messages) == 1
    assert (
        messages[0]
        == f"Error fetching Sim printer data: Could not reach OctoEverywhere: {expected}"
    )

    log.clear()
    match fault:
        case "refused":
            await sim_server.start(server_context)
        case "dns":
            resolver["up"] = True
        case _:
            server_context.load_cert_chain(*certificates.good)
    await _poll(hass)
    assert_online(hass, entry)
    assert [record.getMessage() for record in integration_records(log)] == [
        "Fetching Sim printer data recovered"
    ]
    assert_no_traceback(log, host, str(sim_server.port))


@pytest.mark.parametrize("fault", ["closed-port", "https-to-http-port", "dns"])
async def test_transport_failure_at_setup(
    hass: HomeAssistant,
    log: pytest.LogCaptureFixture,
    sim_server: SimServer,
    resolver: dict[str, bool],
    fault: str,
) -> None:
    """A printer unreachable at start-up is set up again later, quietly."""
    match fault:
        case "closed-port":
            url = sim_server.url()  # nothing listens
        case "https-to-http-port":
            await sim_server.start()
            url = sim_server.url("https")  # a real TLS handshake against plain HTTP
        case _:
            resolver["up"] = False
            url = sim_server.url("https", DNS_HOST)
    entry = await setup_entry(hass, _entry(url))
    assert entry.state is ConfigEntryState.SETUP_RETRY
    assert entry.reason is not None
    assert "Could not reach OctoEverywhere" in entry.reason
    assert str(sim_server.port) not in entry.reason
    assert DNS_HOST not in entry.reason
    assert_no_traceback(log, DNS_HOST, str(sim_server.port))
    assert _entry_issues(hass) == set()


@pytest.mark.parametrize("code", [603, 604])
async def test_connection_revoked_at_setup(
    hass: HomeAssistant,
    log: pytest.LogCaptureFixture,
    simulator: Simulator,
    sim_server: SimServer,
    code: int,
) -> None:
    """A connection revoked before start-up: the issue, SETUP_ERROR, one line, no traceback."""
    simulator.set_fault(_http(code, "json"))
    await sim_server.start()
    entry = await setup_entry(hass, _entry(sim_server.url()))
    assert entry.state is ConfigEntryState.SETUP_ERROR
    assert _entry_issues(hass) == {f"connection_revoked_{ENTRY_ID}"}
    assert _setup_records(log) == [_revoked_line(code)]
    # Home Assistant shows the reason on the entry.
    assert entry.reason == _revoked_line(code).split(": ", 1)[1]
    assert_no_traceback(log)
