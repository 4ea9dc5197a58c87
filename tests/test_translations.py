"""Translations: complete, resolved, and in step with the entities and icons."""

import json
from pathlib import Path

import pytest

COMPONENT = Path(__file__).parent.parent / "custom_components/octoeverywhere"


def _load(name: str) -> dict:
    return json.loads((COMPONENT / name).read_text())


def _strings(node: object) -> list[str]:
    if isinstance(node, dict):
        return [text for value in node.values() for text in _strings(value)]
    return [node] if isinstance(node, str) else []


def test_english_is_strings() -> None:
    """translations/en.json is what Home Assistant shows; strings.json is its source."""
    assert _load("strings.json") == _load("translations/en.json")


def test_no_unresolved_references() -> None:
    """Custom integrations get no [%key:...] resolution at run time: write the texts out."""
    assert not [
        text for text in _strings(_load("translations/en.json")) if "[%key:" in text
    ]


@pytest.mark.parametrize(
    "platform",
    ["sensor", "binary_sensor", "button", "number", "event", "light", "camera"],
)
def test_every_entity_translation_has_an_icon(platform: str) -> None:
    """Each translated entity has an icon in icons.json, and no icon is orphaned."""
    names = set(_load("strings.json")["entity"][platform])
    icons = set(_load("icons.json")["entity"][platform])
    assert icons == names
