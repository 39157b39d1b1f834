"""PC002: the document is too large or too deeply nested to be a policy."""

from collections.abc import Iterator

from aws_messaging_mcp.policy import references
from aws_messaging_mcp.policy.document import Policy
from aws_messaging_mcp.policy.rules import Issue, Rule


class DocumentLimits(Rule):
    id = "PC002"
    title = "The document is too large or too deeply nested to be a policy"
    category = "invalid-json-or-schema"
    severity = "error"
    rationale = (
        "The largest policy of these kinds, a KMS key policy, may hold 32 KB, "
        "and a policy is at most six levels deep. A document far beyond either "
        "is not a policy (often a whole template or a log was pasted), and the "
        "service would reject it; the checker stops there rather than spend "
        "time on it."
    )
    fix = (
        "Pass only the policy document itself (the object with Version and "
        "Statement), not the template or file around it."
    )
    source_url = references.GRAMMAR
    reads_unparsed = True
    requires = "has_syntax_faults"

    def check(self, policy: Policy) -> Iterator[Issue]:
        fatal = policy.parsed.fatal
        if fatal is not None and fatal.kind == "limit":
            where = fatal.offset if policy.parsed.text is not None else None
            yield Issue("", f"{fatal.message}; nothing else was checked", offset=where)
