"""Webcam endpoints: list, JPEG snapshots, MJPEG stream, failures."""

import io

from PIL import Image
import pytest

from octoeverywhere_simulator import WebcamSettings
from octoeverywhere_simulator.webcam import BOUNDARY, render_jpeg

from .conftest import API, MakeCaller


async def test_webcam_list(make_caller: MakeCaller) -> None:
    async with make_caller("moonraker", webcams=3) as caller:
        envelope = await caller.cmd("webcam/list", method="GET")
        assert envelope["Status"] == 200
        result = envelope["Result"]
        assert result["DefaultIndex"] == 0
        cams = result["Webcams"]
        assert [c["Name"] for c in cams] == ["Webcam", "Nozzle Cam", "Old USB Cam"]
        assert cams[1]["Rotation"] == 90 and cams[1]["FlipH"] and cams[1]["FlipV"]
        assert cams[2]["Enabled"] is False
        assert cams[0]["SnapshotUrl"] == "/webcam0/?action=snapshot"
        assert cams[0]["StreamUrl"] == "/webcam0/?action=stream"
        # The status API lists the same webcams without URLs.
        listed = (await caller.status())["ListWebcams"]["Webcams"]
        assert [c["Name"] for c in listed] == ["Webcam", "Nozzle Cam", "Old USB Cam"]
        assert "SnapshotUrl" not in listed[0]


async def test_webcam_list_works_when_host_not_connected(
    make_caller: MakeCaller,
) -> None:
    async with make_caller("bambu", "host_not_connected") as caller:
        envelope = await caller.cmd("webcam/list")
        assert envelope["Result"]["Webcams"][0]["SnapshotUrl"].startswith(
            "http://127.0.0.1"
        )


def decode(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


@pytest.mark.parametrize(
    ("index", "transform"),
    [
        ("0", None),
        ("1", "fliph flipv rotate=90"),
        ("2", None),
        ("7", None),
        ("-1", None),
        ("x", None),
    ],
)
async def test_snapshot(
    make_caller: MakeCaller, index: str, transform: str | None
) -> None:
    async with make_caller("bambu", "printing", progress=42, webcams=3) as caller:
        status, _, headers = await caller.raw(
            "GET", API + "webcam/snapshot", params={"index": index}
        )
        assert status == 200
        assert headers["Content-Type"] == "image/jpeg"
        assert headers.get("x-oe-webcam-transform") == transform
        async with caller.client.get(
            API + "webcam/snapshot", params={"Index": index}
        ) as response:
            image = decode(await response.read())
        assert image.format == "JPEG"
        assert image.size == (640, 360)


async def test_snapshot_default_index_and_state_changes(
    make_caller: MakeCaller,
) -> None:
    async with make_caller("moonraker", "printing", progress=10) as caller:
        async with caller.client.get(API + "webcam/snapshot") as response:
            first = await response.read()
        caller.sim.advance(600)
        async with caller.client.get(API + "webcam/snapshot") as response:
            later = await response.read()
        assert first != later
        decode(later)


def test_render_is_cached_and_shows_progress() -> None:
    a = render_jpeg("Cam", 0, "printing", 50, "x")
    assert render_jpeg("Cam", 0, "printing", 50, "x") is a
    empty = decode(render_jpeg("Cam", 0, "printing", 0, "x"))
    full = decode(render_jpeg("Cam", 0, "printing", 100, "x"))
    # The progress bar's right end is filled only at 100 %.
    assert sum(full.getpixel((600, 270))) > sum(empty.getpixel((600, 270))) + 100
    unknown = decode(render_jpeg("Cam", 0, None, 0, ""))
    assert unknown.size == (640, 360)
    for i in range(80):  # the cache is bounded
        render_jpeg("Cam", i, "idle", 0, "")


async def test_no_webcams(make_caller: MakeCaller) -> None:
    async with make_caller(webcams=0) as caller:
        assert (await caller.status())["ListWebcams"] == {
            "DefaultIndex": 0,
            "Webcams": [],
        }
        assert (await caller.cmd("webcam/list"))["Result"]["Webcams"] == []
        status, body, _ = await caller.raw("GET", API + "webcam/snapshot")
        assert (status, body) == (404, None)
        status, body, _ = await caller.raw("GET", API + "webcam/stream")
        assert (status, body) == (404, None)


async def test_custom_webcams(make_caller: MakeCaller) -> None:
    cams = [WebcamSettings("Top", rotation=270), WebcamSettings("Side", flip_v=True)]
    async with make_caller(webcams=cams) as caller:
        _, _, headers = await caller.raw(
            "GET", API + "webcam/snapshot", params={"index": "1"}
        )
        assert headers["x-oe-webcam-transform"] == "flipv"
        _, _, headers = await caller.raw("GET", API + "webcam/snapshot")
        assert headers["x-oe-webcam-transform"] == "rotate=270"


async def test_snapshot_failure_as_754_envelope(make_caller: MakeCaller) -> None:
    async with make_caller() as caller:
        caller.sim.set_fault(plugin_status=754, paths=["webcam/snapshot"])
        status, body, headers = await caller.raw("GET", API + "webcam/snapshot")
        assert status == 200
        assert headers["Content-Type"] == "text/json"
        assert body["Status"] == 754
        assert (await caller.status())["Features"] == 63


async def test_webcam_rate_limited_609(make_caller: MakeCaller) -> None:
    async with make_caller() as caller:
        caller.sim.set_fault(http_status=609, paths=["webcam/"])
        assert (await caller.raw("GET", API + "webcam/snapshot"))[0] == 609
        assert (await caller.raw("GET", API + "webcam/stream"))[0] == 609
        assert (await caller.raw("GET", API + "status"))[0] == 200


async def test_webcam_needs_auth(make_caller: MakeCaller) -> None:
    async with make_caller(auth=("bearer", "t")) as caller:
        assert (await caller.raw("GET", API + "webcam/snapshot"))[0] == 606
        assert (await caller.raw("GET", API + "webcam/stream"))[0] == 606


async def test_stream(make_caller: MakeCaller) -> None:
    async with make_caller("octoprint", "printing", progress=30, webcams=2) as caller:
        async with caller.client.get(
            API + "webcam/stream", params={"index": "1"}
        ) as response:
            assert response.status == 200
            assert (
                response.headers["Content-Type"]
                == f"multipart/x-mixed-replace; boundary={BOUNDARY}"
            )
            assert response.headers["x-oe-webcam-transform"] == "fliph flipv rotate=90"
            frames = []
            reader = response.content
            while len(frames) < 3:
                line = await reader.readline()
                if line.strip() != f"--{BOUNDARY}".encode():
                    continue
                headers = {}
                while (line := await reader.readline()) != b"\r\n":
                    name, _, value = line.decode().partition(":")
                    headers[name.strip().lower()] = value.strip()
                assert headers["content-type"] == "image/jpeg"
                frames.append(await reader.readexactly(int(headers["content-length"])))
        for frame in frames:
            assert decode(frame).size == (640, 360)
        # The simulator keeps serving after the client went away.
        assert (await caller.cmd("ping"))["Status"] == 200
        async with caller.client.get(API + "webcam/stream") as response:
            assert "x-oe-webcam-transform" not in response.headers
            assert await response.content.readline() == f"--{BOUNDARY}\r\n".encode()
