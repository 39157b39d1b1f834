"""The labelled policy corpus: its files, the checker's verdict on each, and scores.

Shared by tests/test_policy_corpus.py and bench/policy_check.py. The file format
and the labelling conventions are in tests/fixtures/policy_corpus/README.md; the
categories are the public contract of POLICY-CATEGORIES.md.
"""

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aws_messaging_mcp.policy.models import (
    CATEGORIES,
    CheckResult,
    PolicyContext,
    ResourceType,
)

CORPUS = Path(__file__).resolve().parent / "fixtures" / "policy_corpus"

# advice is never expected and internal-error is never wanted: neither is scored.
UNSCORED = frozenset({"advice", "internal-error"})
SCORED: tuple[str, ...] = tuple(c for c in CATEGORIES if c not in UNSCORED)

Check = Callable[..., CheckResult]


@dataclass(frozen=True)
class CorpusEntry:
    """One labelled document, ready to hand to check_policy."""

    name: str
    description: str
    resource_type: ResourceType
    infer: bool
    context: PolicyContext | None
    document: dict[str, Any] | str
    expected: frozenset[str]
    expected_findings: tuple[tuple[str, str], ...]
    repairable: bool
    source: str | None

    @property
    def is_correct(self) -> bool:
        return not self.expected

    @property
    def text(self) -> str:
        """The document as the text a service (or another linter) would receive."""
        if isinstance(self.document, str):
            return self.document
        return json.dumps(self.document)


def read_entry(path: Path) -> CorpusEntry:
    raw = json.loads(path.read_text(encoding="utf-8"))
    context = raw.get("context")
    document = raw["policy_text"] if "policy_text" in raw else raw["policy"]
    return CorpusEntry(
        name=path.stem,
        description=raw["description"],
        resource_type=raw["resource_type"],
        infer=raw.get("infer_resource_type", False),
        context=None if context is None else PolicyContext(**context),
        document=document,
        expected=frozenset(raw["expected_categories"]),
        expected_findings=tuple(
            (item["category"], item["pointer"])
            for item in raw.get("expected_findings", [])
        ),
        repairable=raw.get("repairable", False),
        source=raw.get("source"),
    )


def load_corpus() -> list[CorpusEntry]:
    return [read_entry(path) for path in sorted(CORPUS.glob("*.json"))]


# "Typical" policies, as the throughput bar counts them: the quota cases of
# several kilobytes (100 statements, 30 KB) are left out.
TYPICAL_BYTES = 4_096


def typical(entries: list[CorpusEntry]) -> list[CorpusEntry]:
    return [entry for entry in entries if len(entry.text.encode()) <= TYPICAL_BYTES]


def run(check: Check, entry: CorpusEntry) -> CheckResult:
    resource_type = None if entry.infer else entry.resource_type
    return check(entry.document, resource_type, entry.context)


def reported_categories(result: CheckResult) -> frozenset[str]:
    """What counts against the labels: every category but advice."""
    return frozenset(f.category for f in result.findings if f.category != "advice")


def _under(pointer: str, prefix: str) -> bool:
    return pointer == prefix or pointer.startswith(prefix.rstrip("/") + "/")


def disagreements(entry: CorpusEntry, result: CheckResult) -> list[str]:
    """Every way the result differs from the labels, one readable line each."""
    problems: list[str] = []
    if result.resource_type != entry.resource_type:
        problems.append(
            f"resource_type {result.resource_type!r}, expected {entry.resource_type!r}"
        )
    if entry.infer and not result.resource_type_inferred:
        problems.append("resource_type was inferred but not marked as inferred")

    # On a correct document any finding is wrong, advice included.
    counted = (
        result.findings
        if entry.is_correct
        else [f for f in result.findings if f.category != "advice"]
    )
    for finding in counted:
        if finding.category not in entry.expected:
            problems.append(
                f"unexpected {finding.category} ({finding.rule_id}, "
                f"{finding.severity}) at {finding.location.pointer or '/'}: "
                f"{finding.message[:160]}"
            )
    for category in sorted(entry.expected - reported_categories(result)):
        problems.append(f"missing {category}")

    for category, pointer in entry.expected_findings:
        pointers = [
            f.location.pointer for f in result.findings if f.category == category
        ]
        if pointers and not any(_under(p, pointer) for p in pointers):
            problems.append(
                f"{category} reported at {pointers}, expected at or below {pointer}"
            )
    return problems


@dataclass
class CategoryScore:
    category: str
    true_positives: int = 0
    false_positives: list[str] = field(default_factory=list)
    false_negatives: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        predicted = self.true_positives + len(self.false_positives)
        return self.true_positives / predicted if predicted else 1.0

    @property
    def recall(self) -> float:
        actual = self.true_positives + len(self.false_negatives)
        return self.true_positives / actual if actual else 1.0


Outcome = tuple[CorpusEntry, frozenset[str]]


def score(outcomes: Iterable[Outcome]) -> dict[str, CategoryScore]:
    """Precision and recall per category over the (file, category) pairs."""
    scores = {category: CategoryScore(category) for category in SCORED}
    for entry, reported in outcomes:
        for category, tally in scores.items():
            wanted, got = category in entry.expected, category in reported
            if wanted and got:
                tally.true_positives += 1
            elif got:
                tally.false_positives.append(entry.name)
            elif wanted:
                tally.false_negatives.append(entry.name)
    return scores


def score_table(scores: dict[str, CategoryScore]) -> str:
    lines = [f"{'category':40} {'labelled':>8} {'precision':>9} {'recall':>7}"]
    for tally in scores.values():
        labelled = tally.true_positives + len(tally.false_negatives)
        lines.append(
            f"{tally.category:40} {labelled:8d} "
            f"{tally.precision:9.3f} {tally.recall:7.3f}"
        )
    return "\n".join(lines)
