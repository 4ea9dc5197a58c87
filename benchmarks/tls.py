"""A poll over TLS, as every real poll is: the relay is https, a LAN OctoPrint is plain http.

The polls section serves this integration's printer over plain HTTP on 127.0.0.1, like
octoprint's. The real service is reached only over https (reference section 1), so a real poll
also pays for TLS: the records of every request and answer, and a handshake whenever the
connection is new. Home Assistant's shared aiohttp connector keeps an idle connection 15 s
(aiohttp's default): polls 10 s apart while printing reuse it; polls 30 s apart while idle
find it closed and shake hands again. A relay may close connections sooner.

The printer (OctoPrint host) is served three ways: plain HTTP, HTTPS on a kept-alive
connection, and HTTPS closing the connection after every answer. The certificate is a
self-signed ECDSA P-256 one for 127.0.0.1, which Home Assistant's own client context is told
to trust, so its verification runs as for a real relay (with a chain of one certificate
instead of two or three). With valgrind, the same polls are also counted in instructions
(``benchmarks/instructions.py``), which do not move with the machine's load.
"""

import argparse
import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
import datetime as dt
from ipaddress import IPv4Address
import os
from pathlib import Path
import shutil
import tempfile

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from homeassistant.core import HomeAssistant
from homeassistant.util import ssl as ssl_util

from . import harness, instructions, polls
from .report import heading, median, note, table, us
from .servers import Servers, Tls

HTTPS = polls.Subject(
    "octoeverywhere, OctoPrint host, https",
    polls.OCTOEVERYWHERE,
    "octoprint",
    10,
    tls=True,
)
HTTPS_NEW = polls.Subject(
    "octoeverywhere, OctoPrint host, https, a new connection per poll",
    polls.OCTOEVERYWHERE,
    "octoprint",
    10,
    tls=True,
    close=True,
)
# Plain HTTP (as in the polls section), over TLS twice, and core octoprint on the LAN.
SUBJECTS = (polls.SUBJECTS[0], HTTPS, HTTPS_NEW, polls.SUBJECTS[2])
# While idle both integrations poll every 30 s.
IDLE_INTERVAL = 30


def certificate() -> tuple[bytes, bytes]:
    """Return a self-signed certificate for 127.0.0.1 and its key, PEM."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(IPv4Address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return cert.public_bytes(serialization.Encoding.PEM), key_pem


def write_certificate(directory: Path, cert: bytes, key: bytes) -> Tls:
    """Write the certificate and key where the server process reads them."""
    certfile, keyfile = directory / "cert.pem", directory / "key.pem"
    certfile.write_bytes(cert)
    keyfile.write_bytes(key)
    return Tls(str(certfile), str(keyfile))


@asynccontextmanager
async def _directory(prefix: str) -> AsyncIterator[Path]:
    """Make a temporary directory and remove it afterwards, both in a thread.

    Home Assistant runs in this process: its blocking-call detection is on.
    """
    directory = Path(await asyncio.to_thread(tempfile.mkdtemp, prefix=prefix))
    try:
        yield directory
    finally:
        await asyncio.to_thread(shutil.rmtree, directory, True)


async def _trusted_certificate(directory: Path) -> Tls:
    """Make the server's certificate and have Home Assistant's client context trust it."""
    cert, key = certificate()
    tls = await asyncio.to_thread(write_certificate, directory, cert, key)
    # The context Home Assistant's shared connector verifies with (in memory).
    ssl_util.get_default_context().load_verify_locations(cadata=cert.decode())
    return tls


async def main(args: argparse.Namespace) -> None:
    """Poll the printer over HTTP and HTTPS, and core octoprint, in turns of 10."""
    if os.environ.get(instructions.ENV_HELPER):
        await _count(args.polls // 2)
        return
    count = 30 if args.quick else 150
    servers = Servers.shared()
    async with _directory("octoeverywhere-bench-tls-") as directory:
        tls = await _trusted_certificate(directory)
        config_dir = harness.make_config_dir()
        hass = await harness.start_home_assistant(config_dir)
        try:
            results = await _poll(hass, servers, tls, count)
        finally:
            await harness.stop_home_assistant(hass, config_dir)
    _print(results, count)
    if not args.quick:
        await _instructions(args.polls // 2)


async def _count(count: int) -> None:
    """Inside valgrind: count the instructions of the subjects' polls."""
    async with _directory("octoeverywhere-bench-tls-") as directory:
        await instructions.count_polls(
            count,
            range(len(SUBJECTS)),
            (("unchanged", False), ("changed", True)),
            table=SUBJECTS,
            tls=await _trusted_certificate(directory),
        )


async def _instructions(count: int) -> None:
    """Count the same polls' instructions under callgrind and print them."""
    heading("A poll over TLS, in instructions (callgrind)")
    async with _directory("octoeverywhere-callgrind-") as directory:
        helper = await asyncio.to_thread(instructions.build_helper, directory)
        if helper is None:
            note("Skipped: needs valgrind and a C compiler with valgrind's headers.")
            return
        status, stderr = await instructions.run_callgrind(
            directory, helper, ("tls", "--polls", str(count * 2))
        )
        counts = await asyncio.to_thread(instructions.read_counts, directory)
    if status != 0 or not counts:
        instructions.failed(status, stderr)
        return
    peer_index = len(SUBJECTS) - 1
    peer = SUBJECTS[peer_index]

    def minute(index: int, kind: str, interval: float) -> float:
        return counts.get((index, kind), 0.0) * 60 / interval

    printing = minute(peer_index, "changed", peer.interval)
    idle = minute(peer_index, "unchanged", IDLE_INTERVAL)
    table(
        (
            "integration",
            "unchanged poll",
            "changed poll",
            "printing minute vs core octoprint",
            "idle minute vs core octoprint",
        ),
        [
            (
                subject.label,
                f"{counts.get((index, 'unchanged'), 0.0) / 1e3:.0f} K",
                f"{counts.get((index, 'changed'), 0.0) / 1e3:.0f} K",
                f"{minute(index, 'changed', subject.interval) / printing:.2f}×"
                if printing
                else "",
                f"{minute(index, 'unchanged', IDLE_INTERVAL) / idle:.2f}×"
                if idle
                else "",
            )
            for index, subject in enumerate(SUBJECTS)
        ],
    )
    note(
        f"{count} polls of each kind; the event loop's thread, user space only (the "
        "kernel's side of a new connection is not in them)."
    )


async def _poll(
    hass: HomeAssistant, servers: Servers, tls: Tls, count: int
) -> dict[tuple[str, str], polls.Polls]:
    """Set the subjects up and poll each ``count`` times unchanged, then changed.

    In turns of 10, as the polls section does; by subject label and kind.
    """
    printers = [
        polls.Printer(hass, servers, subject, count * 2 + 20, tls)
        for subject in SUBJECTS
    ]
    for printer in printers:
        await printer.setup()
        await printer.polls(10, changed=True)
    results: dict[tuple[str, str], polls.Polls] = {}
    for kind, changed in (("unchanged", False), ("changed", True)):
        measured = await polls.interleaved(printers, count, changed=changed)
        for printer, result in zip(printers, measured, strict=True):
            results[printer.name, kind] = result
    for printer in printers:
        await printer.remove()
    return results


def _print(results: dict[tuple[str, str], polls.Polls], count: int) -> None:
    heading("A poll over TLS (median CPU per poll)")
    rows = [
        (
            subject.label,
            kind,
            us(median(results[subject.label, kind].cpu)),
            f"{results[subject.label, kind].connections:.1f}",
        )
        for subject in SUBJECTS
        for kind in ("unchanged", "changed")
    ]
    table(
        (
            "integration",
            "poll",
            "CPU per poll",
            "connections per poll (1.0: a new one each)",
        ),
        rows,
    )

    def minute(subject: polls.Subject, kind: str, interval: float) -> float:
        return median(results[subject.label, kind].cpu) * 60 / interval

    plain, https, https_new, peer = SUBJECTS
    printing = minute(peer, "changed", peer.interval)
    idle = minute(peer, "unchanged", IDLE_INTERVAL)
    cases = (
        ("printing", plain, "changed", plain.interval, printing),
        ("printing", https, "changed", https.interval, printing),
        ("printing", https_new, "changed", https_new.interval, printing),
        ("idle", plain, "unchanged", IDLE_INTERVAL, idle),
        ("idle", https_new, "unchanged", IDLE_INTERVAL, idle),
    )
    table(
        (
            "a minute",
            "this integration, as served",
            "polls",
            "CPU",
            "core octoprint (plain http)",
            "ratio",
        ),
        [
            (
                what,
                subject.label.removeprefix("octoeverywhere, OctoPrint host, ")
                if subject.tls
                else "plain http (the polls section)",
                f"{60 / interval:.0f}",
                us(minute(subject, kind, interval)),
                us(peer_minute),
                f"{minute(subject, kind, interval) / peer_minute:.2f}×",
            )
            for what, subject, kind, interval, peer_minute in cases
        ],
    )
    note(
        f"{count} polls per cell, in turns of 10; warm caches. Idle: both integrations poll "
        f"every {IDLE_INTERVAL} s, past aiohttp's 15 s keep-alive, so each of this "
        "integration's idle polls opens a new TLS connection (octoprint opens new "
        "connections on every poll anyway)."
    )
