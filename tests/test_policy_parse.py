"""Reading policy documents: locations, comma repair, and hostile sizes."""

import json
import time

import pytest

from aws_messaging_mcp.policy.parse import (
    MAX_DEPTH,
    escape_pointer_segment,
    parse_object,
    parse_text,
    scan,
)


@pytest.mark.parametrize(
    ("text", "value", "faults"),
    [
        ('{"a": 1,}', {"a": 1}, [("trailing comma", 1, 8)]),
        ('{"a": [1, 2,]}', {"a": [1, 2]}, [("trailing comma", 1, 12)]),
        ('{"a": [1,, 2]}', {"a": [1, 2]}, [("stray comma", 1, 10)]),
        ('{, "a": 1}', {"a": 1}, [("stray comma", 1, 2)]),
        ('{"a": 1\n "b": 2}', {"a": 1, "b": 2}, [("missing comma", 2, 2)]),
        (
            '{"a": [1,],\n "b": {"c": 2,},}',
            {"a": [1], "b": {"c": 2}},
            [
                ("trailing comma", 1, 9),
                ("trailing comma", 2, 14),
                ("trailing comma", 2, 16),
            ],
        ),
    ],
)
def test_small_comma_faults_are_repaired_and_located(
    text: str, value: object, faults: list[tuple[str, int, int]]
) -> None:
    parsed = parse_text(text)
    assert parsed.fatal is None
    assert parsed.value == value
    assert parsed.repaired
    located = [(f.message, *parsed.line_column(f.offset)) for f in parsed.faults]
    assert located == faults


@pytest.mark.parametrize(
    ("text", "message", "line", "column"),
    [
        ("{'a': 1}", "strings must use double quotes", 1, 2),
        ('{"a": 1', "the document ends before its closing '}'", 1, 8),
        ('{"a": }', "the member 'a' has no value", 1, 7),
        ('{"a": 1} trailing', "unexpected character 't'", 1, 10),
        ('{\n  "a": 1 // note\n}', "JSON has no comments", 2, 10),
        ("", "the document is empty", 1, 1),
        ('{"a" 1}', "expected ':' after the member name 'a'", 1, 6),
    ],
)
def test_unrepairable_text_is_a_fatal_fault_with_its_position(
    text: str, message: str, line: int, column: int
) -> None:
    parsed = parse_text(text)
    assert parsed.value is None
    assert parsed.fatal is not None
    assert parsed.fatal.message == message
    assert parsed.line_column(parsed.fatal.offset) == (line, column)


def test_pointers_locate_members_by_their_name() -> None:
    text = (
        "{\n"
        '  "Statement": [\n'
        '    {"Effect": "Allow",\n'
        '     "Action": ["sqs:SendMessage", "sqs:GetQueueUrl"],\n'
        '     "Condition": {"a/b~c": {"k": "v"}}}\n'
        "  ]\n"
        "}"
    )
    parsed = parse_text(text)
    assert parsed.locate("/Statement") == (2, 3)
    assert parsed.locate("/Statement/0") == (3, 5)
    assert parsed.locate("/Statement/0/Action/1") == (4, 36)
    assert parsed.locate("/Statement/0/Condition/a~1b~0c/k") == (5, 30)
    # A pointer to something absent falls back to its nearest ancestor.
    assert parsed.locate("/Statement/0/Principal") == (3, 5)


def test_objects_have_no_line_and_column() -> None:
    parsed = parse_object({"Statement": []})
    assert parsed.locate("/Statement") is None
    assert parsed.size_bytes == len('{"Statement":[]}')


def test_objects_are_read_as_plain_json_copies() -> None:
    original = {"Statement": ({"Effect": "Allow"},), 7: "seven"}
    parsed = parse_object(original)
    assert parsed.value == {"Statement": [{"Effect": "Allow"}], "7": "seven"}
    assert parsed.value is not original


@pytest.mark.parametrize(
    "document",
    [{"a": {1, 2}}, {"a": float("nan")}, {"a": object()}],
    ids=["set", "nan", "object"],
)
def test_values_json_cannot_hold_are_a_fatal_syntax_fault(document: object) -> None:
    parsed = parse_object(document)
    assert parsed.fatal is not None and parsed.fatal.kind == "syntax"
    assert parsed.fatal.message.startswith("the document is not JSON")


def deep_object(levels: int) -> dict[str, object]:
    root: dict[str, object] = {}
    node = root
    for _ in range(levels):
        child: dict[str, object] = {}
        node["a"] = child
        node = child
    return root


@pytest.mark.parametrize(
    "read",
    [
        lambda: parse_text("[" * 100_000 + "]" * 100_000),
        lambda: parse_text('{"a":' * 40_000 + "1" + "}" * 40_000),
        lambda: parse_object(deep_object(5_000)),
        lambda: parse_object(deep_object(2 * MAX_DEPTH + 1)),
        lambda: parse_text(json.dumps(deep_object(2 * MAX_DEPTH + 1))),
    ],
    ids=["text-arrays", "text-objects", "object-5000", "object-129", "text-129"],
)
def test_deep_nesting_is_refused_fast(read) -> None:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    parsed = read()
    assert time.perf_counter() - started < 1.0
    assert parsed.fatal is not None and parsed.fatal.kind == "limit"
    assert "nested more than" in parsed.fatal.message


@pytest.mark.parametrize(
    "document",
    ['{"a": "' + "x" * 5_000_000 + '"}', {"a": ["x" * 1000] * 5000}],
    ids=["text", "object"],
)
def test_documents_of_megabytes_are_refused_fast(document: object) -> None:
    started = time.perf_counter()
    parsed = (
        parse_text(document) if isinstance(document, str) else parse_object(document)
    )
    assert time.perf_counter() - started < 1.0
    assert parsed.fatal is not None and parsed.fatal.kind == "limit"
    assert parsed.fatal.message.startswith("the document is ")


def test_a_nesting_within_the_limit_still_parses() -> None:
    text = json.dumps(deep_object(MAX_DEPTH - 1))
    assert parse_text(text).fatal is None
    assert parse_object(deep_object(MAX_DEPTH - 1)).fatal is None


def test_scan_repairs_give_the_text_json_reads() -> None:
    text = '{"a": [1,, 2,], "b": 3 "c": 4,}'
    result = scan(text)
    assert result.fatal is None
    assert json.loads(result.repaired_text(text)) == {"a": [1, 2], "b": 3, "c": 4}


@pytest.mark.parametrize(
    ("segment", "escaped"), [("a/b", "a~1b"), ("~x", "~0x"), (3, "3"), ("", "")]
)
def test_pointer_segments_are_escaped_as_rfc_6901_says(
    segment: str | int, escaped: str
) -> None:
    assert escape_pointer_segment(segment) == escaped


@pytest.mark.parametrize(
    "read",
    [
        lambda: parse_text('{"Sid": "a\ud800b"}'),
        lambda: parse_text('{"Sid": "a\\ud800b"}'),
        lambda: parse_text('{"Sid": "a\\ud800b",}'),
        lambda: parse_object({"Sid": "a\ud800b"}),
    ],
    ids=["raw-text", "escaped-text", "escaped-repaired", "object"],
)
def test_lone_surrogates_become_question_marks_so_findings_can_be_sent(
    read,  # type: ignore[no-untyped-def]
) -> None:
    parsed = read()
    assert parsed.value == {"Sid": "a?b"}
    json.dumps(parsed.value, ensure_ascii=False).encode("utf-8")


def test_escaped_surrogate_pairs_are_kept() -> None:
    assert parse_text('{"Sid": "\\ud83d\\ude00"}').value == {"Sid": "\U0001f600"}


def test_whitespace_after_a_repaired_document_is_not_a_fault() -> None:
    parsed = parse_text('{"a": [1,]}\n\n  ')
    assert parsed.fatal is None
    assert [fault.message for fault in parsed.faults] == ["trailing comma"]
