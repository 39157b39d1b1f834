"""PC001: the text is not valid JSON."""

from collections.abc import Iterator

from aws_messaging_mcp.policy import references
from aws_messaging_mcp.policy.document import Policy
from aws_messaging_mcp.policy.rules import Issue, Rule


class JsonSyntax(Rule):
    id = "PC001"
    title = "The document is not valid JSON"
    category = "invalid-json-or-schema"
    severity = "error"
    rationale = (
        "Every service parses the policy as strict JSON and rejects the whole "
        "document on the first syntax error, so nothing in it takes effect. A "
        "trailing or stray comma, the commonest slip in hand-edited policies, "
        "is repaired here so the rest of the document can still be checked."
    )
    fix = (
        "Remove the trailing or doubled comma (or add the missing one) at the "
        "line and column given, or use the repaired policy."
    )
    source_url = references.GRAMMAR
    reads_unparsed = True
    requires = "has_syntax_faults"

    def check(self, policy: Policy) -> Iterator[Issue]:
        parsed = policy.parsed
        for fault in parsed.faults:
            yield Issue(
                "",
                f"JSON syntax error: {fault.message}; the rest of the document "
                "was checked as if it were fixed",
                offset=fault.offset,
            )
        fatal = parsed.fatal
        if fatal is not None and fatal.kind == "syntax":
            where = fatal.offset if parsed.text is not None else None
            yield Issue(
                "",
                f"JSON syntax error: {fatal.message}; nothing else was checked",
                fix="Correct the JSON at the line and column given (double-quoted "
                "names and strings, no comments, commas only between items), then "
                "check again.",
                offset=where,
            )
