"""Gotcha search quality and speed, on the questions the tests use.

Prints top-1 and top-3 accuracy over tests/fixtures/gotcha_questions.json,
how many of those answers are confident, how many off-topic questions
(tests/fixtures/gotcha_off_topic.json) are wrongly confident, the time to
build the index once, and the in-process latency of one explain_gotcha call
over every question, repeated --rounds times: median, p95 and max of every
call, and of each question's best round (which filters out the load of other
processes on a shared machine).

Usage: python bench/gotchas.py [--rounds 5] [--misses]
"""

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from aws_messaging_mcp.gotchas.explain import explain_gotcha
from aws_messaging_mcp.gotchas.index import gotcha_index

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"


def load(name: str) -> list:  # type: ignore[type-arg]
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def ranked(question: str) -> tuple[list[str], bool]:
    answer = explain_gotcha(question)
    found = answer.matches if answer.confident else answer.closest
    return [match.id for match in found], answer.confident


def accuracy(questions: list[dict[str, str]], show_misses: bool) -> None:
    top1 = top3 = confident = 0
    for item in questions:
        ids, sure = ranked(item["question"])
        top1 += ids[:1] == [item["expected"]]
        top3 += item["expected"] in ids
        confident += sure
        if show_misses and ids[:1] != [item["expected"]]:
            print(f"  miss: {item['question']!r} -> {ids} (want {item['expected']})")
    total = len(questions)
    print(f"questions            {total}")
    print(f"top-1 accuracy       {top1 / total:.1%} ({top1}/{total}; bar 85%)")
    print(f"top-3 accuracy       {top3 / total:.1%} ({top3}/{total}; bar 95%)")
    print(f"confident answers    {confident / total:.1%} ({confident}/{total})")


def off_topic(questions: list[str]) -> None:
    wrong = sum(explain_gotcha(question).confident for question in questions)
    print(f"off-topic confident  {wrong}/{len(questions)} (should be 0)")


def latency(questions: list[dict[str, str]], rounds: int) -> None:
    per_question: dict[str, list[float]] = {}
    for _ in range(rounds):
        for item in questions:
            started = time.perf_counter()
            explain_gotcha(item["question"])
            elapsed = (time.perf_counter() - started) * 1000
            per_question.setdefault(item["question"], []).append(elapsed)
    every = sorted(value for values in per_question.values() for value in values)
    best = sorted(min(values) for values in per_question.values())
    print(f"latency, every call  {describe(every)} over {len(every)} calls")
    print(f"latency, best of {rounds}   {describe(best)} over {len(best)} questions")
    print("                     (bar: under 10 ms; best-of filters out other load)")


def describe(timings: list[float]) -> str:
    p95 = timings[int(len(timings) * 0.95)]
    return (
        f"median {statistics.median(timings):.2f} ms, p95 {p95:.2f} ms, "
        f"max {timings[-1]:.2f} ms"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description="gotcha search quality and speed")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--misses", action="store_true", help="list top-1 misses")
    args = parser.parse_args()
    started = time.perf_counter()
    index = gotcha_index()
    built = (time.perf_counter() - started) * 1000
    print(f"index                {len(index.gotchas)} gotchas built in {built:.0f} ms")
    questions = load("gotcha_questions.json")
    accuracy(questions, args.misses)
    off_topic(load("gotcha_off_topic.json"))
    latency(questions, args.rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
