"""Tests of the Home Assistant independent OctoEverywhere API client."""
