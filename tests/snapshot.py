"""Snapshots that read the same on every supported Home Assistant release.

Home Assistant 2026.7 made state and capability attribute names StrEnum members
(``EntityStateAttribute.FRIENDLY_NAME``), which syrupy writes as
``<EntityStateAttribute.FRIENDLY_NAME: 'friendly_name'>``, where 2026.6 has the plain string
``'friendly_name'``. Both are the same key to everything that reads the attributes (a StrEnum
is its string), so the snapshots store the string: one set of snapshots then checks the
pinned and the oldest supported release alike. Nothing else is normalized, so any other
difference between releases still fails.
"""

from enum import StrEnum
from typing import Any

from pytest_homeassistant_custom_component.syrupy import (
    HomeAssistantSnapshotExtension,
    HomeAssistantSnapshotSerializer,
)


class _Serializer(HomeAssistantSnapshotSerializer):
    @classmethod
    def serialize_dict(cls, data: dict[Any, Any], **kwargs: Any) -> str:
        """Write StrEnum keys as the strings they are."""
        if any(isinstance(key, StrEnum) for key in data):
            data = type(data)(
                {
                    str(key) if isinstance(key, StrEnum) else key: value
                    for key, value in data.items()
                }
            )
        return super().serialize_dict(data, **kwargs)


class SnapshotExtension(HomeAssistantSnapshotExtension):
    """Home Assistant's snapshot extension, with attribute names as plain strings."""

    serializer_class = _Serializer
