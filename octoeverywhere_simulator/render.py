"""Render the whole ``status`` result: profile-specific job status plus the common parts."""

from collections.abc import Callable
from typing import Any

from .config import Settings, WebcamSettings
from .printer import Printer
from .profiles import Profile


def webcams(profile: Profile, settings: Settings) -> list[WebcamSettings]:
    """Return the configured webcams, or the profile's default single webcam."""
    return (
        settings.webcams if settings.webcams is not None else profile.default_webcams()
    )


def webcam_description(cam: WebcamSettings) -> dict[str, Any]:
    """One webcam as ``ListWebcams`` and ``webcam/list`` describe it (without URLs)."""
    return {
        "Name": cam.name,
        "FlipH": cam.flip_h,
        "FlipV": cam.flip_v,
        "Rotation": cam.rotation,
        "Enabled": cam.enabled,
    }


def list_webcams(profile: Profile, settings: Settings) -> dict[str, Any]:
    """``ListWebcams`` as the status API sends it (no URLs)."""
    return {
        "DefaultIndex": 0,
        "Webcams": [webcam_description(cam) for cam in webcams(profile, settings)],
    }


def gadget(printer: Printer, now: float) -> dict[str, Any]:
    """``OctoEverywhereStatus.Gadget``."""
    job = printer.job
    last_score_at = printer.last_score_at if printer.last_score_at is not None else 0.0
    return {
        "LastScore": printer.last_score,
        "ScoreHistory": list(job.gadget_scores) if job else [],
        "TimeSinceLastScoreSec": round(now - last_score_at, 3),
        "IntervalSec": float(printer.gadget_interval),
        "IsSuppressed": printer.gadget_suppressed,
        "TimeSinceLastWarnSec": (
            round(now - job.warn_at, 3) if job and job.warn_at is not None else None
        ),
        "TimeSinceLastPauseSec": (
            round(now - job.gadget_pause_at, 3)
            if job and job.gadget_pause_at is not None
            else None
        ),
    }


def octoeverywhere_status(
    printer: Printer, now: float, unix: Callable[[float], float]
) -> dict[str, Any]:
    """``OctoEverywhereStatus``; ``unix`` maps a simulated instant to the Unix time reported."""
    start = printer.last_start_time
    return {
        "MostRecentPrintIdStr": printer.last_print_id,
        # 0 (never printed) stays 0.
        "PrintStartTimeSec": float(unix(start)) if start else 0.0,
        "Gadget": gadget(printer, now),
    }


def status(
    profile: Profile,
    printer: Printer,
    settings: Settings,
    now: float,
    *,
    unix: Callable[[float], float],
    material_system: dict[str, Any] | None = None,
    include_material_system: bool = False,
) -> dict[str, Any]:
    """Render the ``Result`` of ``GET status``.

    ``material_system`` is the rendered topology (None for null); it is added only when asked
    for and when the settings do not emulate an older plugin (``none``).
    """
    job_status = profile.job_status(printer, settings, now)
    if include_material_system and settings.material_system != "none":
        job_status["MaterialSystem"] = material_system
    return {
        "JobStatus": job_status,
        "OctoEverywhereStatus": (
            None
            if settings.octoeverywhere_status_null
            else octoeverywhere_status(printer, now, unix)
        ),
        "PlatformVersion": profile.platform_version(printer, now),
        "Features": settings.features
        if settings.features is not None
        else profile.features,
        "ListWebcams": list_webcams(profile, settings),
    }
