"""Tests of the OctoEverywhere integration."""
