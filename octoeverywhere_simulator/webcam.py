"""Webcam endpoints: ``webcam/list``, JPEG snapshots drawn with Pillow, and MJPEG streams."""

import asyncio
from collections import OrderedDict
import contextlib
import io
from typing import TYPE_CHECKING, Any, Final

from aiohttp import web
from PIL import Image, ImageDraw, ImageFont

from .render import webcam_description

if TYPE_CHECKING:
    from .simulator import Simulator

WIDTH: Final = 640
HEIGHT: Final = 360
BOUNDARY: Final = "oewebcamframe"
FRAME_SEC: Final = 0.25
_CACHE_SIZE: Final = 64
_STATE_COLOURS: Final = {
    "printing": (46, 160, 67),
    "warmingup": (219, 137, 20),
    "paused": (219, 180, 20),
    "resuming": (46, 160, 67),
    "complete": (60, 120, 220),
    "cancelled": (150, 150, 150),
    "error": (210, 50, 50),
}
_cache: OrderedDict[tuple[Any, ...], bytes] = OrderedDict()


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def render_jpeg(
    camera: str,
    index: int,
    state: str | None,
    progress: int,
    detail: str,
) -> bytes:
    """Draw one frame: webcam name, printer state, progress bar; cached by its content."""
    key = (camera, index, state, progress, detail)
    if (cached := _cache.get(key)) is not None:
        _cache.move_to_end(key)
        return cached
    colour = _STATE_COLOURS.get(state or "", (90, 90, 90))
    image = Image.new("RGB", (WIDTH, HEIGHT), (24, 26, 31))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 8), fill=colour)
    draw.text(
        (24, 24), f"{camera} (webcam {index})", fill=(200, 200, 200), font=_font(22)
    )
    draw.text((24, 80), (state or "unknown").upper(), fill=colour, font=_font(56))
    draw.text((24, 160), detail, fill=(220, 220, 220), font=_font(22))
    bar = (24, 250, WIDTH - 24, 290)
    draw.rectangle(bar, outline=(200, 200, 200), width=2)
    filled = bar[0] + 2 + int((bar[2] - bar[0] - 4) * max(0, min(100, progress)) / 100)
    if filled > bar[0] + 2:
        draw.rectangle((bar[0] + 2, bar[1] + 2, filled, bar[3] - 2), fill=colour)
    draw.text((24, 300), f"{progress} %", fill=(220, 220, 220), font=_font(28))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=70)
    data = buffer.getvalue()
    _cache[key] = data
    while len(_cache) > _CACHE_SIZE:
        _cache.popitem(last=False)
    return data


def snapshot(sim: Simulator, index: int) -> tuple[bytes, str]:
    """``(jpeg, transform)`` of webcam ``index`` (out of range: webcam 0) showing the printer."""
    cams = sim.webcams
    if not 0 <= index < len(cams):
        index = 0
    cam = cams[index]
    status = sim.status()
    job = status["JobStatus"]
    current = job.get("CurrentPrint") or {}
    printer = sim.printer
    progress = int(printer.job.fraction * 100) if printer.job else 0
    detail = (
        f"{current.get('FileName') or 'no file'}  "
        f"bed {printer.bed.actual:.0f}/{printer.bed.target:.0f} C  "
        f"tool {printer.hotend.actual:.0f}/{printer.hotend.target:.0f} C"
    )
    return render_jpeg(
        cam.name, index, job.get("State"), progress, detail
    ), cam.transform()


def webcam_list(sim: Simulator) -> dict[str, Any]:
    """Return the ``Result`` of ``webcam/list``: the webcams with their platform-local URLs."""
    base = sim.profile.webcam_url_base
    return {
        "DefaultIndex": 0,
        "Webcams": [
            {
                **webcam_description(cam),
                "SnapshotUrl": f"{base}{index}/?action=snapshot",
                "StreamUrl": f"{base}{index}/?action=stream",
            }
            for index, cam in enumerate(sim.webcams)
        ],
    }


def parse_index(query: dict[str, str]) -> int:
    """Read the ``index`` query parameter (default 0; anything unparsable is 0)."""
    try:
        return int(query.get("index", "0"))
    except ValueError:
        return 0


def snapshot_response(sim: Simulator, index: int) -> web.Response:
    """Answer a JPEG, or 404 with an empty body when the printer has no webcam."""
    if not sim.webcams:
        return web.Response(status=404)
    data, transform = snapshot(sim, index)
    headers = {"Content-Type": "image/jpeg"}
    if transform:
        headers["x-oe-webcam-transform"] = transform
    return web.Response(body=data, headers=headers)


async def stream_response(
    request: web.Request, sim: Simulator, index: int
) -> web.StreamResponse:
    """MJPEG: a few frames per second until the client disconnects."""
    if not sim.webcams:
        return web.Response(status=404)
    response = web.StreamResponse(
        headers={"Content-Type": f"multipart/x-mixed-replace; boundary={BOUNDARY}"}
    )
    _, transform = snapshot(sim, index)
    if transform:
        response.headers["x-oe-webcam-transform"] = transform
    await response.prepare(request)
    with contextlib.suppress(ConnectionError):
        while True:
            sim.tick()
            frame, _ = snapshot(sim, index)
            await response.write(
                f"--{BOUNDARY}\r\nContent-Type: image/jpeg\r\n"
                f"Content-Length: {len(frame)}\r\n\r\n".encode()
                + frame
                + b"\r\n"
            )
            await asyncio.sleep(FRAME_SEC)
    return response
