"""Custom integrations of this repository (HACS installs only the octoeverywhere folder)."""
