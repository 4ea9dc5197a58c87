"""Translations: complete, resolved, and in step with the entities and icons."""

from collections.abc import Iterator
import json
from pathlib import Path
import re
import string

import pytest

COMPONENT = Path(__file__).parent.parent / "custom_components/octoeverywhere"
CARD_LABELS = Path(__file__).parent.parent / "frontend/src/translations"
# Every language the integration and its card speak; README says so. English is the source.
LANGUAGES = ("de", "en", "es", "fr", "it", "nl")
TRANSLATED = tuple(language for language in LANGUAGES if language != "en")
TRANSLATION_FILES = [
    COMPONENT / "strings.json",
    *sorted((COMPONENT / "translations").glob("*.json")),
]

# The rules of Home Assistant's validator (hassfest, script/hassfest/translations.py) for
# every translated text, written out here: a custom integration is not checked by it in CI.
# Anything that starts like an HTML tag: "<token>" fails, "a < b" does not.
HTML_TAG = re.compile(r"<[a-z][^>]*>", re.IGNORECASE)
# A URL: a scheme hassfest knows (or "www."), then a host name with a dot.
URL = re.compile(
    r"(?:\b(?:https?|ftps?|scp|mqtts?|socket|socks5)://|\bwww\.)"
    r"[a-z0-9]+(?:[-.][a-z0-9]+)*\.[a-z]{2,}",
    re.IGNORECASE,
)
PLACEHOLDER_IN_QUOTES = re.compile(r"'\{\w+\}'")
COMBINED_REFERENCE = re.compile(r"(.+\[%)|(%\].+)")


def _load(name: str) -> dict:
    return json.loads((COMPONENT / name).read_text())


def _strings(node: object) -> list[str]:
    if isinstance(node, dict):
        return [text for value in node.values() for text in _strings(value)]
    return [node] if isinstance(node, str) else []


def _texts(node: object, path: str = "") -> Iterator[tuple[str, str]]:
    """Every text of a translation file, with its dotted path."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _texts(value, f"{path}.{key}" if path else key)
    elif isinstance(node, str):
        yield path, node


def _placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


def rule_violations(text: str) -> list[str]:
    """What hassfest would say about one translated text (empty: nothing)."""
    problems = []
    if HTML_TAG.search(text):
        problems.append("contains HTML")
    if URL.search(text):
        problems.append("contains a URL: use a description placeholder")
    if text != text.strip():
        problems.append("leading or trailing spaces")
    if PLACEHOLDER_IN_QUOTES.search(text):
        problems.append("a placeholder inside single quotes")
    if COMBINED_REFERENCE.search(text):
        problems.append("a combined translation")
    try:
        fields = _placeholders(text)
    except ValueError:
        return [*problems, "unbalanced braces"]
    if any(not field.isidentifier() for field in fields):
        problems.append("a placeholder that is not an identifier")
    return problems


@pytest.mark.parametrize(
    ("text", "problems"),
    [
        ('Sent as "Authorization: Bearer <token>" on every request.', ["HTML"]),
        ("e.g. https://app-abc123.octoeverywhere.com. Only its origin", ["URL"]),
        ("see www.octoeverywhere.com", ["URL"]),
        ("mqtt://broker.local:1883", ["URL"]),
        (" padded", ["spaces"]),
        ("Printer '{name}'", ["quotes"]),
        ("{0} items", ["identifier"]),
        ("a {b", ["braces"]),
        ("e.g. {example_url}. Only its origin is kept.", []),
        ("Enter the connection URL as https://…; plain http is accepted", []),
        ("http://localhost:8123 and 1 < 2 > 0", []),
        ("Print progress reported (every 10 %)", []),
    ],
)
def test_rules_catch_what_hassfest_refuses(text: str, problems: list[str]) -> None:
    """The rules below find each kind of text hassfest refuses, and pass good ones."""
    found = rule_violations(text)
    assert len(found) == len(problems)
    for problem, expected in zip(found, problems, strict=True):
        assert expected.lower() in problem.lower()


@pytest.mark.parametrize("path", TRANSLATION_FILES, ids=lambda path: path.name)
def test_every_text_passes_hassfest_rules(path: Path) -> None:
    """No HTML-like tag, no URL outside a placeholder, no stray spaces, sane placeholders."""
    found = {
        key: problems
        for key, text in _texts(json.loads(path.read_text()))
        if (problems := rule_violations(text))
    }
    assert found == {}


@pytest.mark.parametrize("path", TRANSLATION_FILES, ids=lambda path: path.name)
def test_placeholders_as_in_strings(path: Path) -> None:
    """Every language has the same texts with the same placeholders as strings.json."""
    source = dict(_texts(_load("strings.json")))
    translated = dict(_texts(json.loads(path.read_text())))
    assert set(translated) <= set(source)
    assert {
        key: _placeholders(text)
        for key, text in translated.items()
        if _placeholders(text) != _placeholders(source[key])
    } == {}


def test_the_languages() -> None:
    """The integration and the printer card speak the same languages, no more, no fewer."""
    assert sorted(p.stem for p in (COMPONENT / "translations").glob("*.json")) == list(
        LANGUAGES
    )
    assert sorted(p.stem for p in CARD_LABELS.glob("*.json")) == list(LANGUAGES)


@pytest.mark.parametrize("language", TRANSLATED)
def test_same_keys_as_english(language: str) -> None:
    """No string is missing (Home Assistant would show English) and none is left over."""
    english = dict(_texts(_load("translations/en.json")))
    translated = dict(_texts(_load(f"translations/{language}.json")))
    assert sorted(english.keys() - translated.keys()) == [], "missing"
    assert sorted(translated.keys() - english.keys()) == [], "not in English"


@pytest.mark.parametrize("language", TRANSLATED)
def test_translated_not_copied(language: str) -> None:
    """A file copied from en.json and left untranslated fails; names like Hotend may stay."""
    english = dict(_texts(_load("translations/en.json")))
    translated = dict(_texts(_load(f"translations/{language}.json")))
    unchanged = [key for key, text in translated.items() if text == english.get(key)]
    assert len(unchanged) < len(english) / 10, unchanged


@pytest.mark.parametrize("section", ["config", "options"])
def test_data_descriptions_describe_fields(section: str) -> None:
    """hassfest: a step's data_description keys are fields of that step."""
    for step_id, step in _load("strings.json")[section]["step"].items():
        assert set(step.get("data_description", {})) <= set(step.get("data", {})), (
            step_id
        )


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


def _mdi_names() -> set[str]:
    """The icon names the installed Home Assistant frontend knows."""
    import hass_frontend  # noqa: PLC0415

    names: set[str] = set()
    for path in (Path(hass_frontend.__file__).parent / "static/mdi").glob("*.json"):
        data = json.loads(path.read_text())
        if isinstance(data, dict):  # one chunk of icon paths by name
            names |= set(data)
    return names


def test_every_icon_exists() -> None:
    """Every mdi: icon in icons.json is one the frontend can draw (a typo shows none)."""
    known = _mdi_names()
    assert len(known) > 5000
    icons = {text for _, text in _texts(_load("icons.json"))}
    assert {icon for icon in icons if icon.removeprefix("mdi:") not in known} == set()
