"""Names and models of printers, derived from the host platform the plugin runs beside."""

from .api import HostPlatform, PrinterStatus

# The status API carries no printer model, only the host software (inferred from the payload).
PLATFORM_MODELS: dict[HostPlatform, str] = {
    HostPlatform.OCTOPRINT: "OctoPrint",
    HostPlatform.MOONRAKER: "Klipper (Moonraker)",
    HostPlatform.BAMBU: "Bambu Lab",
    HostPlatform.PRUSALINK: "PrusaLink",
    HostPlatform.ELEGOO_CC1: "Elegoo Centauri Carbon",
    HostPlatform.ELEGOO_CC2: "Elegoo Centauri Carbon 2",
}
_PLATFORM_NAMES: dict[HostPlatform, str] = {
    HostPlatform.OCTOPRINT: "OctoPrint printer",
    HostPlatform.MOONRAKER: "Klipper printer",
    HostPlatform.BAMBU: "Bambu Lab printer",
    HostPlatform.PRUSALINK: "Prusa printer",
    HostPlatform.ELEGOO_CC1: "Elegoo Centauri Carbon",
    HostPlatform.ELEGOO_CC2: "Elegoo Centauri Carbon 2",
}
DEFAULT_NAME = "3D printer"


def default_printer_name(status: PrinterStatus | None) -> str:
    """Return a name for a printer the user did not name."""
    if status is None or status.platform is None:
        return DEFAULT_NAME
    return _PLATFORM_NAMES[status.platform]
