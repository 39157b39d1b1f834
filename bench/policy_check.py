"""check_policy on the labelled corpus: throughput beside parliament, and quality.

Runs check_policy and parliament (an open-source IAM policy linter, analysing
the same documents in-process) over tests/fixtures/policy_corpus, alternating
rounds in one process pinned to one core, and timing CPU seconds so that other
work on the machine does not count. Prints policies per second of one core for
each, their ratio, and the precision and recall of check_policy per finding
category against the corpus labels.

parliament is not a project dependency; install it to get the comparison:

    pip install parliament

Without it the bench prints check_policy's figures alone. The bars of the
checker are 5,000 typical policies per second and 0.95 precision and recall
per category; --check turns them into the exit status. (The test suite holds
a far lower floor, tests/test_policy_speed.py, so that it never fails on a
busy machine.)

Usage: python bench/policy_check.py [--rounds 9] [--check] [--list]
"""

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from policy_corpus import (  # noqa: E402
    TYPICAL_BYTES,
    CorpusEntry,
    load_corpus,
    reported_categories,
    run,
    score,
    score_table,
    typical,
)

RATE_BAR = 5_000
QUALITY_BAR = 0.95

Linter = Callable[[CorpusEntry], object]


def pin_to_one_core() -> str:
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned (no sched_setaffinity)"
    core = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {core})
    return f"pinned to core {core}"


def checker() -> Linter:
    from aws_messaging_mcp.policy import check_policy

    return lambda entry: run(check_policy, entry)


def parliament_linter() -> Linter | None:
    try:
        from parliament import analyze_policy_string  # type: ignore[import-untyped]
    except ImportError:
        return None
    # parliament reads the raw text, as it does for files; it reports malformed
    # JSON as a finding rather than raising.
    return lambda entry: analyze_policy_string(entry.text).findings


def one_round(lint: Linter, entries: list[CorpusEntry]) -> float:
    # CPU seconds of this (single-threaded, pinned) process: what one core
    # does, whatever else the machine is running at the same time.
    started = time.process_time()
    for entry in entries:
        lint(entry)
    return time.process_time() - started


def rates(
    linters: dict[str, Linter], entries: list[CorpusEntry], rounds: int
) -> dict[str, float]:
    """Median policies per second, rounds alternating between the linters."""
    for lint in linters.values():
        one_round(lint, entries)  # warm-up: catalogues, caches, imports
    seconds: dict[str, list[float]] = {name: [] for name in linters}
    for _ in range(rounds):
        for name, lint in linters.items():
            seconds[name].append(one_round(lint, entries))
    return {name: len(entries) / statistics.median(s) for name, s in seconds.items()}


def print_rates(title: str, figures: dict[str, float]) -> None:
    print(f"\n{title}")
    for name, rate in figures.items():
        print(f"  {name:14} {rate:10,.0f} policies/s")
    if len(figures) == 2:
        ours, theirs = figures.values()
        print(f"  ratio          {ours / theirs:10.1f}x (check_policy / parliament)")


def quality(entries: list[CorpusEntry], show_files: bool) -> bool:
    from aws_messaging_mcp.policy import check_policy

    results = {entry.name: run(check_policy, entry) for entry in entries}
    scores = score((e, reported_categories(results[e.name])) for e in entries)
    print("\ncheck_policy against the corpus labels")
    print(score_table(scores))

    noisy = [e.name for e in entries if e.is_correct and results[e.name].findings]
    print(
        f"\ncorrect documents with a finding: {len(noisy)} of "
        f"{sum(e.is_correct for e in entries)}"
    )
    if show_files:
        for tally in scores.values():
            for name in tally.false_positives:
                print(f"  false positive {tally.category}: {name}")
            for name in tally.false_negatives:
                print(f"  false negative {tally.category}: {name}")
    return not noisy and all(
        s.precision >= QUALITY_BAR and s.recall >= QUALITY_BAR for s in scores.values()
    )


def main() -> int:
    parser = argparse.ArgumentParser(description="policy checker throughput")
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--check", action="store_true", help="exit 1 under a bar")
    parser.add_argument("--list", action="store_true", help="list disagreeing files")
    args = parser.parse_args()

    entries = load_corpus()
    typical_entries = typical(entries)
    print(
        f"corpus: {len(entries)} documents ({len(typical_entries)} typical, "
        f"<= {TYPICAL_BYTES} bytes); {pin_to_one_core()}"
    )

    linters = {"check_policy": checker()}
    other = parliament_linter()
    if other is None:
        print("parliament is not installed (pip install parliament): no comparison")
    else:
        linters["parliament"] = other

    all_rates = rates(linters, entries, args.rounds)
    typical_rates = rates(linters, typical_entries, args.rounds)
    print_rates("whole corpus", all_rates)
    print_rates("typical policies", typical_rates)

    good = quality(entries, args.list)
    fast = typical_rates["check_policy"] >= RATE_BAR
    print(
        f"\nbars: {RATE_BAR:,} typical policies/s "
        f"{'met' if fast else 'NOT met'}; precision and recall >= {QUALITY_BAR} "
        f"with no finding on correct documents {'met' if good else 'NOT met'}"
    )
    return 0 if (fast and good) or not args.check else 1


if __name__ == "__main__":
    sys.exit(main())
