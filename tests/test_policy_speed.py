"""check_policy keeps a throughput floor on the corpus's typical policies.

bench/policy_check.py holds the checker to its bar (5,000 typical policies
a second on one core, beside parliament); this test holds a floor well
below it, so that a regression that halves the speed fails the suite
without the test failing on a slow or busy machine. It times CPU seconds
of this process (work elsewhere on the machine does not count) and keeps
the best of a few rounds (a round that a busy neighbour slowed does not
count either).
"""

import sys
import time

import pytest

from aws_messaging_mcp.policy import check_policy
from policy_corpus import load_corpus, run, typical

FLOOR = 2_000  # typical policies per CPU second
ROUNDS = 3


def test_typical_policies_are_checked_faster_than_the_floor() -> None:
    if sys.gettrace() is not None:
        pytest.skip("a tracer (coverage, a debugger) is active: timings mean nothing")
    entries = typical(load_corpus())
    for entry in entries:  # warm-up: catalogue, rules, caches
        run(check_policy, entry)

    seconds = []
    for _ in range(ROUNDS):
        started = time.process_time()
        for entry in entries:
            run(check_policy, entry)
        seconds.append(time.process_time() - started)

    rate = len(entries) / min(seconds)
    assert rate >= FLOOR, f"{rate:,.0f} typical policies per CPU second"
