"""Recommendation quality and speed, on the scenarios the tests use.

Prints, over tests/fixtures/recommend_scenarios.json, how often the top
recommendation is acceptable (the expected service or one of the accepted
alternatives; bar 90%) and how often it is the expected one (bar 75%); the
time to load and compile the rules once; and the in-process latency of one
recommend_service call over every scenario, repeated --rounds times: median,
p95 and max of every call, of each scenario's best round, and of the CPU
time each call used (the last two filter out the load of other processes on
a shared machine; bar 5 ms).

Usage: python bench/recommend.py [--rounds 5] [--misses]
"""

import argparse
import json
import os
import statistics
import time
from pathlib import Path
from typing import Any

from aws_messaging_mcp.recommend.advisor import recommend_service
from aws_messaging_mcp.recommend.models import Requirements
from aws_messaging_mcp.recommend.rulebook import compiled_rules

SCENARIOS = (
    Path(__file__).resolve().parent.parent
    / "tests"
    / "fixtures"
    / "recommend_scenarios.json"
)


def load_scenarios() -> list[dict[str, Any]]:
    scenarios: list[dict[str, Any]] = json.loads(SCENARIOS.read_text("utf-8"))
    return scenarios


def top_pick(scenario: dict[str, Any]) -> list[str]:
    answer = recommend_service(Requirements(**scenario["input"]))
    return [entry.service for entry in answer.recommendations]


def accuracy(scenarios: list[dict[str, Any]], show_misses: bool) -> None:
    acceptable = expected = 0
    for scenario in scenarios:
        ranked = top_pick(scenario)
        hit = ranked[0] == scenario["expected"]
        expected += hit
        acceptable += hit or ranked[0] in scenario["acceptable"]
        if show_misses and not hit:
            print(f"  {scenario['id']}: {ranked[:3]} (want {scenario['expected']})")
    total = len(scenarios)
    print(f"scenarios              {total}")
    print(f"top acceptable         {share(acceptable, total)}; bar 90%")
    print(f"top expected           {share(expected, total)}; bar 75%")


def share(count: int, total: int) -> str:
    return f"{count / total:.1%} ({count}/{total})"


def load_time() -> None:
    compiled_rules.cache_clear()
    started = time.perf_counter()
    compiled_rules()
    print(
        f"rules load + compile   {(time.perf_counter() - started) * 1000:.1f} ms (once)"
    )


def latency(scenarios: list[dict[str, Any]], rounds: int) -> None:
    requirements = {item["id"]: Requirements(**item["input"]) for item in scenarios}
    per_scenario: dict[str, list[float]] = {name: [] for name in requirements}
    cpu: list[float] = []
    for _ in range(rounds):
        for name, given in requirements.items():
            started, started_cpu = time.perf_counter(), time.thread_time()
            recommend_service(given)
            cpu.append((time.thread_time() - started_cpu) * 1000)
            per_scenario[name].append((time.perf_counter() - started) * 1000)
    every = sorted(value for values in per_scenario.values() for value in values)
    best = sorted(min(values) for values in per_scenario.values())
    print(f"latency, every call    {describe(every)} over {len(every)} calls")
    print(f"latency, best of {rounds}     {describe(best)} over {len(best)} scenarios")
    print(f"cpu time per call      {describe(sorted(cpu))}")
    print("                       (bar: under 5 ms; best-of and cpu time filter out")
    print("                       the load of other processes on a shared machine)")
    print(f"load average           {' '.join(f'{v:.2f}' for v in os.getloadavg())}")


def describe(timings: list[float]) -> str:
    p95 = timings[int(len(timings) * 0.95)]
    return (
        f"median {statistics.median(timings):.2f} ms, p95 {p95:.2f} ms, "
        f"max {timings[-1]:.2f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--misses", action="store_true", help="list the misses")
    args = parser.parse_args()
    scenarios = load_scenarios()
    load_time()
    accuracy(scenarios, args.misses)
    latency(scenarios, args.rounds)


if __name__ == "__main__":
    main()
