"""Benchmarks reuse the test suite's set-up (custom integrations enabled, simulator)."""

import pytest

# Imported so that this project's custom_components package wins (see tests/conftest.py).
from custom_components.octoeverywhere.const import DOMAIN  # noqa: F401


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let Home Assistant load custom integrations."""
