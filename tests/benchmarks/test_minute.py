"""The benchmark's printing minute: its polls, and this integration's storage writes."""

from collections import Counter

import pytest

from benchmarks import harness, polls


def _result(subject: polls.Subject, cpu: list[float]) -> polls.Result:
    changed = polls.Polls(cpu, 1.0, 0.0, 1.0, 0.1, Counter())
    return polls.Result(subject, harness.SetupTime(0, 0, 30), 30, changed, changed)


def test_printing_minute_counts_polls_and_ledger_writes() -> None:
    """Six polls at 10 s, and each ledger write a minute asks, at its CPU."""
    ours = _result(polls.SUBJECTS[0], [0.002, 0.001, 0.003])
    assert ours.printing_minute() == pytest.approx(6 * 0.002)
    ours.save_cpu, ours.saves_per_minute = 0.0005, 2.0
    assert ours.printing_minute() == pytest.approx(6 * 0.002 + 2 * 0.0005)
    peer = _result(polls.SUBJECTS[2], [0.004])  # core octoprint: 30 s, no storage
    assert peer.printing_minute() == pytest.approx(2 * 0.004)
