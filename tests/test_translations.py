"""Translations: complete, resolved, and in step with the entities and icons."""

import json
from pathlib import Path
import re
import string

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


# Every language the integration and its card speak; README says so. English is the source.
LANGUAGES = ("de", "en", "es", "fr", "it", "nl")
TRANSLATED = tuple(language for language in LANGUAGES if language != "en")
CARD_LABELS = Path(__file__).parent.parent / "frontend/src/translations"

_PLACEHOLDER = re.compile(r"\{(\w+)\}")
# script/hassfest/translations.py and cv.string_with_no_html, as Home Assistant applies them.
_HTML = re.compile(r"<[a-z].*?>", re.IGNORECASE)
_URL = re.compile(
    r"(((ftp|ftps|scp|http|https|mqtt|mqtts|socket|socks5):\/\/|www\.)"
    r"[a-z0-9]+([\-\.]{1}[a-z0-9]+)*\.[a-z]{2,5}(:[0-9]{1,5})?(\/.*)?)",
    re.IGNORECASE,
)
_SINGLE_QUOTED_PLACEHOLDER = re.compile(r"'{\w+}'")
_COMBINED_REFERENCE = re.compile(r"(.+\[%)|(%\].+)")


def _flat(node: object, path: str = "") -> dict[str, str]:
    """Every string of a translation file by its dotted key."""
    if isinstance(node, dict):
        return {
            key: text
            for name, value in node.items()
            for key, text in _flat(value, f"{path}.{name}" if path else name).items()
        }
    assert isinstance(node, str), f"{path}: {node!r} is not a string"
    return {path: node}


def _translation(language: str) -> dict[str, str]:
    return _flat(_load(f"translations/{language}.json"))


def _hassfest_violations(text: str) -> list[str]:
    """What hassfest's translation validator refuses in ``text``."""
    problems = []
    if _HTML.search(text):
        problems.append("HTML-like tag")
    if _URL.search(text):
        problems.append("URL (use a description placeholder)")
    if _SINGLE_QUOTED_PLACEHOLDER.search(text):
        problems.append("placeholder in single quotes")
    if _COMBINED_REFERENCE.search(text):
        problems.append("combined [%key:...%] reference")
    if text != text.strip():
        problems.append("leading or trailing whitespace")
    try:
        fields = [field for _, field, _, _ in string.Formatter().parse(text) if field]
    except ValueError:
        problems.append("unbalanced braces")
    else:
        if not all(field.isidentifier() for field in fields):
            problems.append("placeholder that is not an identifier")
    return problems


def test_the_languages() -> None:
    """The integration and the printer card speak the same languages, no more, no fewer."""
    assert sorted(p.stem for p in (COMPONENT / "translations").glob("*.json")) == list(
        LANGUAGES
    )
    assert sorted(p.stem for p in CARD_LABELS.glob("*.json")) == list(LANGUAGES)


@pytest.mark.parametrize("language", TRANSLATED)
def test_same_keys_as_english(language: str) -> None:
    """No string is missing (Home Assistant would show English) and none is left over."""
    english, translated = _translation("en"), _translation(language)
    assert sorted(english.keys() - translated.keys()) == [], "missing"
    assert sorted(translated.keys() - english.keys()) == [], "not in English"


@pytest.mark.parametrize("language", TRANSLATED)
def test_same_placeholders_as_english(language: str) -> None:
    """A placeholder lost in translation shows as raw braces; an extra one is never filled."""
    english = _translation("en")
    differing = {
        key: text
        for key, text in _translation(language).items()
        if key in english
        and set(_PLACEHOLDER.findall(text)) != set(_PLACEHOLDER.findall(english[key]))
    }
    assert differing == {}


@pytest.mark.parametrize("language", TRANSLATED)
def test_hassfest_rules(language: str) -> None:
    """No HTML-like text, no URL outside placeholders, well-formed placeholders."""
    problems = {
        key: found
        for key, text in _translation(language).items()
        if (found := _hassfest_violations(text))
    }
    assert problems == {}


@pytest.mark.parametrize("language", TRANSLATED)
def test_translated_not_copied(language: str) -> None:
    """A file copied from en.json and left untranslated fails; names like Hotend may stay."""
    english, translated = _translation("en"), _translation(language)
    unchanged = [key for key, text in translated.items() if text == english.get(key)]
    assert len(unchanged) < len(english) / 10, unchanged


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('Sent as "Authorization: Bearer <token>".', "HTML-like tag"),
        (
            "e.g. https://app-abc123.octoeverywhere.com",
            "URL (use a description placeholder)",
        ),
        ("Open www.octoeverywhere.com", "URL (use a description placeholder)"),
        ("Printer '{name}'", "placeholder in single quotes"),
        (
            "See [%key:common::config_flow::data::url%] here",
            "combined [%key:...%] reference",
        ),
        ("Trailing space ", "leading or trailing whitespace"),
        ("Half a {placeholder", "unbalanced braces"),
        ("Index {0}", "placeholder that is not an identifier"),
    ],
)
def test_hassfest_rules_catch(text: str, problem: str) -> None:
    """The rules above refuse what hassfest refuses..."""
    assert _hassfest_violations(text) == [problem]


@pytest.mark.parametrize(
    "text",
    [
        "Enter the connection URL as https://…",
        "Paste the local URL: `{local_url}`",
        "Temperature < 75 °C and > 0",
        "l'imprimante {title} s'est arrêtée",
    ],
)
def test_hassfest_rules_allow(text: str) -> None:
    """... and let pass what it lets pass."""
    assert _hassfest_violations(text) == []
