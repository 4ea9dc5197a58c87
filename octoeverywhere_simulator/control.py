"""The ``/_sim/*`` control endpoints (JSON, no auth) that drive the simulator from outside."""

from collections.abc import Awaitable, Callable
import json
from typing import Any, Final

from aiohttp import web

from .config import MAX_WEBCAMS, WebcamSettings
from .faults import Fault
from .printer import EventType
from .simulator import Simulator
from .webcam import snapshot_response

SIM_KEY: Final = web.AppKey("simulator", Simulator)


class ControlError(Exception):
    """A bad control request: answered 400 with ``{"error": ...}``."""


async def _json(request: web.Request) -> dict[str, Any]:
    raw = await request.read()
    if not raw.strip():
        return {}
    try:
        data = json.loads(raw)
    except ValueError as err:
        raise ControlError(f"invalid JSON: {err}") from err
    if not isinstance(data, dict):
        raise ControlError("the body must be a JSON object")
    return data


def _number(data: dict[str, Any], key: str) -> float:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ControlError(f"{key} must be a number")
    return float(value)


type Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _endpoint(func: Callable[[Simulator, dict[str, Any]], Any]) -> Handler:
    """Wrap ``func(sim, body) -> json`` as a handler; errors become 400."""

    async def handler(request: web.Request) -> web.StreamResponse:
        sim = request.app[SIM_KEY]
        try:
            body = await _json(request)
            result = func(sim, body)
        except (ControlError, ValueError, TypeError) as err:
            return web.json_response({"error": str(err)}, status=400)
        return web.json_response(result)

    return handler


def _state(sim: Simulator, body: dict[str, Any]) -> Any:
    return sim.state()


def _scenario(sim: Simulator, body: dict[str, Any]) -> Any:
    scenario = body.get("scenario")
    if not isinstance(scenario, str):
        raise ControlError("scenario must be a string")
    progress = _number(body, "progress") if body.get("progress") is not None else None
    sim.set_scenario(scenario, progress=progress)
    return sim.state()


def _advance(sim: Simulator, body: dict[str, Any]) -> Any:
    seconds = _number(body, "seconds")
    if seconds < 0:
        raise ControlError("seconds must not be negative")
    sim.advance(seconds)
    return sim.state()


def _fault(sim: Simulator, body: dict[str, Any]) -> Any:
    if "faults" in body:
        faults = body["faults"]
        if not isinstance(faults, list) or not all(isinstance(f, dict) for f in faults):
            raise ControlError("faults must be a list of objects")
        parsed = [Fault.from_dict(f) for f in faults]
        sim.clear_faults()
        for fault in parsed:
            sim.faults.add(fault)
    elif body:
        sim.set_fault(Fault.from_dict(body))
    else:
        sim.clear_faults()
    return {"faults": [fault.as_dict() for fault in sim.faults.active]}


def _clear_fault(sim: Simulator, body: dict[str, Any]) -> Any:
    sim.clear_faults()
    return {"faults": []}


def _auth(value: Any) -> tuple[str, ...] | None:
    if value is None or value == "none":
        return None
    if isinstance(value, dict):
        match value.get("type"):
            case "none":
                return None
            case "basic":
                username, password = value.get("username"), value.get("password")
                if isinstance(username, str) and isinstance(password, str):
                    return ("basic", username, password)
            case "bearer":
                token = value.get("token")
                if isinstance(token, str):
                    return ("bearer", token)
    raise ControlError(
        'auth must be "none", {"type": "basic", ...} or {"type": "bearer", ...}'
    )


def _webcams(value: Any) -> int | list[WebcamSettings]:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if not isinstance(value, list) or len(value) > MAX_WEBCAMS:
        raise ControlError(
            f"webcams must be 0-{MAX_WEBCAMS} or a list of at most {MAX_WEBCAMS}"
        )
    cams = []
    for item in value:
        if not isinstance(item, dict):
            raise ControlError("each webcam must be an object")
        cam = WebcamSettings(
            name=item.get("name", "Webcam"),
            flip_h=item.get("flip_h", False),
            flip_v=item.get("flip_v", False),
            rotation=item.get("rotation", 0),
            enabled=item.get("enabled", True),
        )
        if (
            not isinstance(cam.name, str)
            or not all(
                isinstance(v, bool) for v in (cam.flip_h, cam.flip_v, cam.enabled)
            )
            or cam.rotation not in (0, 90, 180, 270)
        ):
            raise ControlError(
                "webcam: name str, flip_h/flip_v/enabled bool, rotation 0/90/180/270"
            )
        cams.append(cam)
    return cams


_OPTIONAL_INT: Final = ("features",)
_BOOLS: Final = ("octoeverywhere_status_null", "lights_null", "app_api_envelope")
_STRINGS: Final = (
    "platform",
    "material_system",
    "app_token",
    "printer_name",
    "printer_id",
)
_OPTIONAL_STRINGS: Final = ("webhook_url", "webhook_secret", "public_url")
_NUMBERS: Final = ("print_duration", "gadget_interval")


def _config(sim: Simulator, body: dict[str, Any]) -> Any:
    changes: dict[str, Any] = {}
    for key, value in body.items():
        if key in _OPTIONAL_INT:
            if value is not None and (
                isinstance(value, bool) or not isinstance(value, int)
            ):
                raise ControlError(f"{key} must be an integer or null")
        elif key in _BOOLS:
            if not isinstance(value, bool):
                raise ControlError(f"{key} must be a boolean")
        elif key == "chamber":
            if value is not None and not isinstance(value, bool):
                raise ControlError("chamber must be a boolean or null")
        elif key in _STRINGS:
            if not isinstance(value, str):
                raise ControlError(f"{key} must be a string")
        elif key in _OPTIONAL_STRINGS:
            if value is not None and not isinstance(value, str):
                raise ControlError(f"{key} must be a string or null")
        elif key in _NUMBERS:
            value = _number(body, key)
        elif key == "lights":
            if isinstance(value, str):
                value = [name for name in value.split(",") if name]
            if value is not None and not (
                isinstance(value, list) and all(isinstance(v, str) for v in value)
            ):
                raise ControlError("lights must be a list of names or null")
        elif key == "auth":
            value = _auth(value)
        elif key == "webcams":
            value = _webcams(value)
        else:
            raise ControlError(f"unknown setting {key!r}")
        changes[key] = value
    sim.configure(**changes)
    return sim.state()


def _gadget(sim: Simulator, body: dict[str, Any]) -> Any:
    for key in ("warn", "pause", "suppressed", "disabled"):
        if key in body and not isinstance(body[key], bool):
            raise ControlError(f"{key} must be a boolean")
    done = sim.gadget(
        warn=body.get("warn", False),
        pause=body.get("pause", False),
        suppressed=body.get("suppressed"),
        disabled=body.get("disabled"),
    )
    if not done:
        raise ControlError("Gadget needs an active print to warn or pause")
    return sim.state()


def _requests(sim: Simulator, body: dict[str, Any]) -> Any:
    return [request.as_dict() for request in sim.requests]


def _clear_requests(sim: Simulator, body: dict[str, Any]) -> Any:
    sim.requests.clear()
    return []


def _events(sim: Simulator, body: dict[str, Any]) -> Any:
    return [{"type": e.type, "time": e.time, "data": e.data} for e in sim.events]


def _webhooks(sim: Simulator, body: dict[str, Any]) -> Any:
    return sim.webhooks.log


def _clear_webhooks(sim: Simulator, body: dict[str, Any]) -> Any:
    sim.webhooks.log.clear()
    return []


def _webhook_test(sim: Simulator, body: dict[str, Any]) -> Any:
    record = sim.send_webhook(EventType.TEST)
    if record is None:
        raise ControlError("no webhook_url configured")
    return record


def _webhook_send(sim: Simulator, body: dict[str, Any]) -> Any:
    event_type = body.get("event_type")
    if isinstance(event_type, bool) or not isinstance(event_type, int):
        raise ControlError("event_type must be an integer")
    overrides = body.get("fields", {})
    if not isinstance(overrides, dict):
        raise ControlError("fields must be an object")
    omit = body.get("omit", [])
    if not isinstance(omit, list) or not all(isinstance(key, str) for key in omit):
        raise ControlError("omit must be a list of key names")
    record = sim.send_webhook(event_type, overrides=overrides, omit=tuple(omit))
    if record is None:
        raise ControlError("no webhook_url configured")
    return record


async def _snapshot(request: web.Request) -> web.StreamResponse:
    """Serve webcam 0 without auth: the webhook's SnapshotUrl."""
    sim = request.app[SIM_KEY]
    sim.tick()
    return snapshot_response(sim, 0)


def add_routes(app: web.Application) -> None:
    """Register the control endpoints."""
    routes = [
        ("GET", "/_sim/state", _state),
        ("POST", "/_sim/scenario", _scenario),
        ("POST", "/_sim/advance", _advance),
        ("POST", "/_sim/fault", _fault),
        ("DELETE", "/_sim/fault", _clear_fault),
        ("POST", "/_sim/config", _config),
        ("POST", "/_sim/gadget", _gadget),
        ("GET", "/_sim/requests", _requests),
        ("DELETE", "/_sim/requests", _clear_requests),
        ("GET", "/_sim/events", _events),
        ("GET", "/_sim/webhooks", _webhooks),
        ("DELETE", "/_sim/webhooks", _clear_webhooks),
        ("POST", "/_sim/webhook/test", _webhook_test),
        ("POST", "/_sim/webhook/send", _webhook_send),
    ]
    for method, path, func in routes:
        app.router.add_route(method, path, _endpoint(func))
    app.router.add_get("/_sim/snapshot.jpg", _snapshot)
