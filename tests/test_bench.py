"""tools/bench.py's method, without timing anything: builds run in turn, ratios taken pair by pair, and a
verdict that says when the machine was too noisy to conclude."""

import bench
import pytest


def test_builds_run_in_turn_each_round_in_the_opposite_order():
    ran = []
    times = bench.in_turn({"A": "a", "B": "b", "C": "c"}, 3, run=lambda command: ran.append(command) or len(ran))
    assert ran == ["a", "b", "c"] + ["a", "b", "c"] + ["c", "b", "a"] + ["a", "b", "c"]  # warm-up, then rounds
    assert times == {"A": [4, 9, 10], "B": [5, 8, 11], "C": [6, 7, 12]}


def _timings(*walls):
    return [bench.Timing(wall, wall / 2) for wall in walls]


def test_ratios_are_taken_within_each_round():
    full, plain = _timings(10, 20, 12), _timings(5, 10, 8)
    ratios = bench.Comparison.of(full, plain)
    assert ratios.ratios == (2.0, 2.0, 1.5)
    assert ratios.median == 2.0
    assert ratios.spread == "1.50–2.00"
    assert bench.Comparison.of(full, plain, measure=lambda t: t.cpu).ratios == ratios.ratios


@pytest.mark.parametrize(
    "ratios, verdict",
    [
        ((1.40, 1.42, 1.45), "ok"),
        ((1.55, 1.60, 1.58), "OVER"),
        ((1.45, 1.52, 1.48), "noisy"),  # the rounds fall on both sides of the budget
        ((1.00, 1.30, 1.50), "ok"),  # however wide, every round is within
    ],
)
def test_a_verdict_needs_every_round_on_one_side_of_the_budget(ratios, verdict):
    assert bench.Comparison(ratios).verdict(1.5) == verdict


def test_the_table_says_what_was_too_noisy_and_what_is_over():
    rows = [
        bench.Row("a ratio", 1.48, "×", 1.5, status="noisy"),
        bench.Row("a time", 2.5, "s", 3),
        bench.Row("a page", 160, "KB", 150),
    ]
    assert [row.status for row in rows] == ["noisy", "ok", "OVER"]
    assert [row.noisy for row in rows] == [True, False, False] and [row.over for row in rows] == [False, False, True]
    table = bench.render(rows, 3, 0, rounds=5, edits=5, load=(0.5, 0.7))
    assert "| a ratio | 1.48 × | ≤ 1.50 | noisy |" in table
    assert "5 rounds" in table and "5 edits" in table and "load average 0.5" in table


def test_make_serves_command_line_is_what_the_bench_runs():
    assert bench._serve_command() == ["serve", "--strict", "--dirty"]
