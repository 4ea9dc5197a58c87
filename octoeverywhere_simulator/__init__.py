"""A simulator of OctoEverywhere's Plugin APIs, for developing and testing the integration.

Not part of the integration (HACS ships only ``custom_components/octoeverywhere``).
"""

from .clock import Clock, ManualClock, RealClock
from .config import PLATFORMS, SCENARIOS, Auth, Settings, WebcamSettings
from .faults import Fault
from .printer import Event, EventType, State
from .simulator import RecordedRequest, Simulator

__all__ = [
    "PLATFORMS",
    "SCENARIOS",
    "Auth",
    "Clock",
    "Event",
    "EventType",
    "Fault",
    "ManualClock",
    "RealClock",
    "RecordedRequest",
    "Settings",
    "Simulator",
    "State",
    "WebcamSettings",
]
