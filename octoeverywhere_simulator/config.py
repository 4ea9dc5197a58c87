"""Settings of a simulator: platform, overrides, auth, webcams, webhooks."""

import base64
import binascii
from dataclasses import dataclass, field
import hmac
from typing import Final, Literal

PLATFORMS: Final = (
    "octoprint",
    "moonraker",
    "bambu",
    "prusalink",
    "elegoo_cc1",
    "elegoo_cc2",
)
SCENARIOS: Final = (
    "idle",
    "printing",
    "paused",
    "complete",
    "cancelled",
    "error",
    "offline",
    "host_not_connected",
    "online",
)
MATERIAL_SYSTEMS: Final = ("none", "null", "ams", "toolchanger", "external")
MAX_WEBCAMS: Final = 3

type AuthKind = Literal["none", "basic", "bearer"]
# ("basic", user, password), ("bearer", token) or None, as accepted by Simulator(auth=...).
type AuthSpec = tuple[str, ...] | None


@dataclass(frozen=True, slots=True)
class Auth:
    """Credentials the simulated App Connection requires (``none`` accepts anything)."""

    kind: AuthKind = "none"
    username: str = ""
    password: str = field(default="", repr=False)
    token: str = field(default="", repr=False)

    @classmethod
    def from_spec(cls, spec: AuthSpec | Auth) -> Auth:
        """Read ``None``, ``("none",)``, ``("basic", user, password)`` or ``("bearer", token)``."""
        if isinstance(spec, Auth):
            return spec
        if spec is None or tuple(spec) == ("none",):
            return cls()
        match tuple(spec):
            case ("basic", str(username), str(password)):
                return cls("basic", username=username, password=password)
            case ("bearer", str(token)) if token:
                return cls("bearer", token=token)
        raise ValueError(
            "auth must be None, ('basic', user, password) or ('bearer', token)"
        )

    def accepts(self, header: str | None) -> bool:
        """Whether an ``Authorization`` header value carries these credentials."""
        if self.kind == "none":
            return True
        if header is None:
            return False
        scheme, _, value = header.strip().partition(" ")
        if self.kind == "bearer":
            return scheme.lower() == "bearer" and hmac.compare_digest(
                value.strip().encode(), self.token.encode()
            )
        if scheme.lower() != "basic":
            return False
        try:
            decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
        except binascii.Error, UnicodeDecodeError:
            return False
        expected = f"{self.username}:{self.password}"
        return hmac.compare_digest(decoded.encode(), expected.encode())

    def describe(self) -> str:
        """How to configure Home Assistant with these credentials (shown at start-up)."""
        match self.kind:
            case "basic":
                return f"Basic (username {self.username!r}, password {self.password!r})"
            case "bearer":
                return f"Bearer token {self.token!r}"
        return "none (Shared Connection)"

    def as_dict(self) -> dict[str, str]:
        """JSON form for ``GET /_sim/state`` (secrets included: it is a test tool)."""
        match self.kind:
            case "basic":
                return {
                    "type": "basic",
                    "username": self.username,
                    "password": self.password,
                }
            case "bearer":
                return {"type": "bearer", "token": self.token}
        return {"type": "none"}


@dataclass(slots=True)
class WebcamSettings:
    """One webcam as the plugin lists it."""

    name: str
    flip_h: bool = False
    flip_v: bool = False
    rotation: int = 0
    enabled: bool = True

    def transform(self) -> str:
        """Return the ``x-oe-webcam-transform`` header value (empty when untransformed)."""
        parts = [
            *(["fliph"] if self.flip_h else []),
            *(["flipv"] if self.flip_v else []),
            *([f"rotate={self.rotation}"] if self.rotation else []),
        ]
        return " ".join(parts)


def preset_webcams(count: int, first_name: str) -> list[WebcamSettings]:
    """``count`` (0-3) webcams: a plain one, a rotated and flipped one, a disabled one."""
    if not 0 <= count <= MAX_WEBCAMS:
        raise ValueError(f"webcams must be 0-{MAX_WEBCAMS}")
    presets = [
        WebcamSettings(first_name),
        WebcamSettings("Nozzle Cam", flip_h=True, flip_v=True, rotation=90),
        WebcamSettings("Old USB Cam", enabled=False),
    ]
    return presets[:count]


@dataclass(slots=True)
class Settings:
    """Everything configurable; ``None`` means "the platform profile's default"."""

    platform: str = "moonraker"
    features: int | None = None
    lights: list[str] | None = None
    chamber: bool | None = None
    lights_null: bool = False
    octoeverywhere_status_null: bool = False
    print_duration: float = 3600.0
    webcams: list[WebcamSettings] | None = None
    material_system: str = "null"
    auth: Auth = field(default_factory=Auth)
    app_token: str = "sim-app-token"
    # Wrap App API answers in {"Status": 200, "Result": ...} (the reference does not say).
    app_api_envelope: bool = False
    printer_name: str = "Simulated Printer"
    webhook_url: str | None = None
    webhook_secret: str | None = None
    # Where this simulator is reachable (for webhook SnapshotUrl); None leaves SnapshotUrl null.
    public_url: str | None = None
    printer_id: str = "SIMPRINTER0001"
    gadget_interval: float = 40.0
    seed: int = 0
