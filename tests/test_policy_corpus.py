"""check_policy against the labelled corpus (tests/fixtures/policy_corpus).

The gate is the quality bar of the checker: precision and recall of at least
0.95 per category over the (file, category) pairs, no finding at all on a
correct document, and no crashed rule. Each file also has its own test, so a
disagreement reads as one line per difference:

- a correct file with any finding fails outright (the bar allows none);
- a faulty file whose categories (or expected locations) differ is reported as
  xfail with the differences as its reason, because the bar tolerates a few
  per-file misses; the aggregate test below fails when they add up. Set
  POLICY_CORPUS_STRICT=1 to turn those into failures while working on a rule.

Malformed text must be located by line and column, and where the corpus marks
a small repair as possible (a stray or trailing comma), the result must carry
the repaired policy, and checking it must give the remaining labels.

`pytest tests/test_policy_corpus.py -k corpus_is` checks the corpus alone.
"""

import json
import os
from collections import Counter
from pathlib import Path

import pytest

from aws_messaging_mcp.policy.models import RESOURCE_TYPES, CheckResult, PolicyContext
from policy_corpus import (
    CORPUS,
    SCORED,
    Check,
    CorpusEntry,
    disagreements,
    load_corpus,
    reported_categories,
    run,
    score,
    score_table,
)

BAR = 0.95
MIN_FILES = 140
MIN_EXAMPLES_PER_CATEGORY = 6
STRICT = os.environ.get("POLICY_CORPUS_STRICT") == "1"
ENTRIES = load_corpus()


@pytest.fixture(scope="module")
def check() -> Check:
    # Imported here so that the corpus checks above run without the checker.
    from aws_messaging_mcp.policy import check_policy

    return check_policy


@pytest.fixture(scope="module")
def results(check: Check) -> dict[str, CheckResult]:
    return {entry.name: run(check, entry) for entry in ENTRIES}


# ---------------------------------------------------------------- the corpus


def test_corpus_is_large_and_one_third_correct() -> None:
    correct = [entry for entry in ENTRIES if entry.is_correct]
    assert len(ENTRIES) >= MIN_FILES
    assert 3 * len(correct) >= len(ENTRIES), (len(correct), len(ENTRIES))


def test_corpus_is_labelled_with_every_category_several_times() -> None:
    counts = Counter(c for entry in ENTRIES for c in entry.expected)
    short = {c: counts[c] for c in SCORED if counts[c] < MIN_EXAMPLES_PER_CATEGORY}
    assert not short, f"categories with too few examples: {short}"


def test_corpus_is_spread_over_every_resource_type() -> None:
    for resource_type in RESOURCE_TYPES:
        of_type = [e for e in ENTRIES if e.resource_type == resource_type]
        assert any(e.is_correct for e in of_type), resource_type
        assert any(not e.is_correct for e in of_type), resource_type


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.json")), ids=lambda p: p.stem)
def test_corpus_is_well_formed(path: Path) -> None:
    raw = json.loads(path.read_text(encoding="utf-8"))
    allowed = {
        "description",
        "resource_type",
        "infer_resource_type",
        "context",
        "policy",
        "policy_text",
        "expected_categories",
        "expected_findings",
        "repairable",
        "source",
    }
    assert set(raw) <= allowed, set(raw) - allowed
    assert raw["description"].strip()
    assert raw["resource_type"] in RESOURCE_TYPES
    assert ("policy" in raw) != ("policy_text" in raw)
    PolicyContext(**raw.get("context", {}))

    expected = raw["expected_categories"]
    assert expected == sorted(set(expected)), "sorted and unique"
    assert set(expected) <= set(SCORED), set(expected) - set(SCORED)
    for item in raw.get("expected_findings", []):
        assert item["category"] in expected
        assert item["pointer"] == "" or item["pointer"].startswith("/")

    if raw.get("repairable"):
        assert "policy_text" in raw and "invalid-json-or-schema" in expected

    prefix = "ok" if not expected else "bad"
    assert path.stem.startswith(f"{_short(raw['resource_type'])}-{prefix}-")
    if not expected:
        assert raw["source"].startswith("https://docs.aws.amazon.com/")


def _short(resource_type: str) -> str:
    return {"eventbridge-bus": "bus", "iam-trust": "trust"}.get(
        resource_type, resource_type
    )


# ---------------------------------------------------------------- the checker


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda entry: entry.name)
def test_corpus_file_gets_exactly_its_labels(check: Check, entry: CorpusEntry) -> None:
    problems = disagreements(entry, run(check, entry))
    if not problems:
        return
    reason = f"{entry.name} ({entry.description})\n  " + "\n  ".join(problems)
    if entry.is_correct or STRICT:
        pytest.fail(reason)
    pytest.xfail(reason)


def test_every_category_meets_the_precision_and_recall_bar(
    results: dict[str, CheckResult],
) -> None:
    scores = score(
        (entry, reported_categories(results[entry.name])) for entry in ENTRIES
    )
    below = [s for s in scores.values() if s.precision < BAR or s.recall < BAR]
    details = [
        f"{s.category}: false positives {s.false_positives}, "
        f"false negatives {s.false_negatives}"
        for s in below
    ]
    assert not below, score_table(scores) + "\n" + "\n".join(details)


def test_correct_documents_produce_no_finding_at_all(
    results: dict[str, CheckResult],
) -> None:
    noisy = {
        entry.name: sorted(
            f"{f.category}:{f.rule_id}" for f in results[entry.name].findings
        )
        for entry in ENTRIES
        if entry.is_correct and results[entry.name].findings
    }
    assert not noisy, json.dumps(noisy, indent=2)


def test_no_rule_crashes_on_the_corpus(results: dict[str, CheckResult]) -> None:
    crashed = {
        name: [f.message for f in result.findings if f.category == "internal-error"]
        for name, result in results.items()
        if any(f.category == "internal-error" for f in result.findings)
    }
    assert not crashed, json.dumps(crashed, indent=2)


def test_summary_counts_the_findings(results: dict[str, CheckResult]) -> None:
    for name, result in results.items():
        severities = Counter(f.severity for f in result.findings)
        categories = Counter(f.category for f in result.findings)
        assert result.summary.total == len(result.findings), name
        assert result.summary.errors == severities["error"], name
        assert result.summary.warnings == severities["warning"], name
        assert result.summary.infos == severities["info"], name
        counted = {c: n for c, n in result.summary.by_category.items() if n}
        assert counted == dict(categories), name


def test_advice_is_only_ever_info(results: dict[str, CheckResult]) -> None:
    for name, result in results.items():
        for finding in result.findings:
            if finding.category == "advice":
                assert finding.severity == "info", (name, finding.rule_id)


UNPARSEABLE = [
    entry
    for entry in ENTRIES
    if isinstance(entry.document, str) and "invalid-json-or-schema" in entry.expected
]


@pytest.mark.parametrize("entry", UNPARSEABLE, ids=lambda entry: entry.name)
def test_unparseable_text_is_located_by_line_and_column(
    results: dict[str, CheckResult], entry: CorpusEntry
) -> None:
    locations = [
        f.location
        for f in results[entry.name].findings
        if f.category == "invalid-json-or-schema"
    ]
    assert any(
        (where.line or 0) >= 1 and (where.column or 0) >= 1 for where in locations
    ), locations


@pytest.mark.parametrize(
    "entry", [e for e in ENTRIES if e.repairable], ids=lambda entry: entry.name
)
def test_small_syntax_faults_are_repaired_and_the_repair_checked(
    check: Check, results: dict[str, CheckResult], entry: CorpusEntry
) -> None:
    repaired = results[entry.name].repaired_policy
    assert isinstance(repaired, dict)

    resource_type = None if entry.infer else entry.resource_type
    again = check(repaired, resource_type, entry.context)
    assert reported_categories(again) == entry.expected - {"invalid-json-or-schema"}
