"""PC004: a statement holds an element IAM does not know."""

from collections.abc import Iterator

from aws_messaging_mcp.policy import references
from aws_messaging_mcp.policy.document import STATEMENT_ELEMENTS, Policy
from aws_messaging_mcp.policy.parse import escape_pointer_segment
from aws_messaging_mcp.policy.repair import rename_key
from aws_messaging_mcp.policy.rules import Issue, Rule


class StatementElements(Rule):
    id = "PC004"
    title = "A statement holds an element that IAM does not know"
    category = "invalid-json-or-schema"
    severity = "error"
    rationale = (
        "Statement element names are fixed and case-sensitive: Sid, Effect, "
        "Principal, NotPrincipal, Action, NotAction, Resource, NotResource and "
        "Condition. A misspelt one ('Actions', 'condition') is not ignored: the "
        "service rejects the policy."
    )
    fix = "Spell the element exactly as IAM names it, or remove it."
    source_url = references.ELEMENTS
    requires = "has_misspelt_elements"

    def check(self, policy: Policy) -> Iterator[Issue]:
        for statement in policy.statements:
            if statement.all_known or not isinstance(statement.raw, dict):
                continue
            meant = {key: name for name, key in statement.keys.items()}
            for key in statement.raw:
                if key in STATEMENT_ELEMENTS:
                    continue
                pointer = f"{statement.pointer}/{escape_pointer_segment(key)}"
                target = meant.get(key)
                if target is None:
                    yield Issue(
                        pointer,
                        f"the statement element {key!r} is not recognized",
                        fix=f"Remove {key!r}; a statement holds only "
                        f"{', '.join(STATEMENT_ELEMENTS)}.",
                    )
                    continue
                yield Issue(
                    pointer,
                    f"the statement element {key!r} is not recognized; element "
                    f"names are case-sensitive: write {target!r} (checked as if "
                    "it were)",
                    fix=f"Rename {key!r} to {target!r}.",
                    repair=rename_key(pointer, target),
                )
