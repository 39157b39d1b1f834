"""Scan one inventory: each policy in its context, then how resources fit.

Every policy goes to `check_policy` with the context the template gives it:
the resource it governs, the placeholder owner account, and, for a queue that
a subscription or rule names as its dead-letter queue, `dlq_for` (one check
per source; identical findings are reported once). The checker's JSON
pointers are mapped back to lines and columns of the template.

Then the scanner's own rules (`iac/rules.py`): dead-letter queues without a
policy, senders that the destination's policy does not grant, and keys that
do not let the sending service encrypt.
"""

from collections.abc import Iterator
from typing import Any

from aws_messaging_mcp.iac import delivery, placeholders
from aws_messaging_mcp.iac.documents import Position, position_of
from aws_messaging_mcp.iac.inventory import (
    Delivery,
    Destination,
    Inventory,
    Origin,
    PolicySite,
    SenderKind,
)
from aws_messaging_mcp.iac.models import ScanFinding
from aws_messaging_mcp.iac.rules import (
    AWS_MANAGED_KEY,
    DLQ_WITHOUT_POLICY,
    EVENTBRIDGE_DLQ_URL,
    EVENTBRIDGE_TARGET_URL,
    GRANT_TO_NON_SENDER,
    KEY_MISSING_GRANT,
    POLICY_UNKNOWN_AT_PLAN,
    S3_DESTINATION_URL,
    SENDER_NOT_GRANTED,
    SNS_DLQ_URL,
    SNS_KMS_URL,
    SNS_TO_SQS_URL,
    SQS_KMS_URL,
    UNRESOLVED_VALUE,
    ScannerRule,
)
from aws_messaging_mcp.policy import PolicyContext, check_policy
from aws_messaging_mcp.policy.arn import try_parse_arn
from aws_messaging_mcp.policy.models import DlqFor, Finding

PRINCIPALS: dict[SenderKind, str] = {
    "sns-topic": "sns.amazonaws.com",
    "eventbridge-rule": "events.amazonaws.com",
    "s3-bucket": "s3.amazonaws.com",
}
SENDER_NOUNS: dict[SenderKind, str] = {
    "sns-topic": "topic",
    "eventbridge-rule": "rule",
    "s3-bucket": "bucket",
}
SENDER_REFERENCES: dict[SenderKind, str] = {
    "sns-topic": SNS_TO_SQS_URL,
    "eventbridge-rule": EVENTBRIDGE_TARGET_URL,
    "s3-bucket": S3_DESTINATION_URL,
}
WIRING: dict[SenderKind, str] = {
    "sns-topic": "subscription (or dead-letter queue)",
    "eventbridge-rule": "rule target (or dead-letter queue)",
    "s3-bucket": "bucket notification",
}
SEND_ACTIONS = {"sqs": "sqs:SendMessage", "sns": "sns:Publish"}
# What a service calls on the key of an encrypted queue or topic it writes to
# (sqs-key-management.html, sns-key-management.html).
KEY_ACTIONS = ("kms:GenerateDataKey", "kms:Decrypt")
AWS_MANAGED_KEYS = ("alias/aws/sqs", "alias/aws/sns")


def scan_inventory(inventory: Inventory) -> list[ScanFinding]:
    """Every finding of one template or plan, in file order."""
    findings: list[ScanFinding] = []
    for site in inventory.sites:
        findings.extend(_check_site(site, inventory))
    findings.extend(_dead_letter_findings(inventory))
    findings.extend(_sender_findings(inventory))
    findings.extend(_non_sender_findings(inventory))
    findings.extend(_key_findings(inventory))
    unique = {_identity(finding): finding for finding in findings}
    return sorted(unique.values(), key=_order)


def _identity(finding: ScanFinding) -> tuple[Any, ...]:
    return (finding.rule_id, finding.resource, finding.pointer, finding.message)


def _order(finding: ScanFinding) -> tuple[Any, ...]:
    return (finding.file, finding.line or 0, finding.column or 0, finding.rule_id)


# -- each policy, in its context -----------------------------------------------


def _check_site(site: PolicySite, inventory: Inventory) -> list[ScanFinding]:
    if site.document is None:
        return [_unknown_policy(site)]
    found: dict[tuple[str, str, str], Finding] = {}
    for context in _contexts(site, inventory):
        result = check_policy(site.document, site.resource_type, context)
        for finding in result.findings:
            key = (finding.rule_id, finding.location.pointer, finding.message)
            found.setdefault(key, finding)
    placed = [
        _placed(finding, site)
        for finding in found.values()
        if not _rests_on_placeholder(site.document, finding.location.pointer)
    ]
    gaps = [_gap(site, what, where) for what, where in site.unresolved_at.items()]
    return placed + gaps


def _contexts(site: PolicySite, inventory: Inventory) -> Iterator[PolicyContext]:
    for arn in site.governs or [""]:
        known = try_parse_arn(arn) is not None and not placeholders.is_unresolved(arn)
        base = {"resource_arn": arn if known else None}
        base["account_id"] = inventory.owner_account
        sources = (
            _dead_letter_sources(inventory, arn) if site.resource_type == "sqs" else []
        )
        if not sources:
            yield PolicyContext(**base)
        for source in sources:
            kind = (
                "sns-subscription"
                if source.sender == "sns-topic"
                else "eventbridge-target"
            )
            dlq_for = DlqFor(kind=kind, source_arn=source.source_arn)
            yield PolicyContext(**base, dlq_for=dlq_for)


def _dead_letter_sources(inventory: Inventory, queue_arn: str) -> list[Delivery]:
    return [
        item
        for item in inventory.deliveries
        if item.dead_letter
        and item.destination_arn == queue_arn
        and item.sender in ("sns-topic", "eventbridge-rule")
        and not placeholders.is_unresolved(item.source_arn)
    ]


def _rests_on_placeholder(document: dict[str, Any] | str, pointer: str) -> bool:
    """True when the element a finding points at holds a placeholder."""
    value: Any = document
    for token in _tokens(pointer):
        if isinstance(value, dict) and token in value:
            value = value[token]
        elif isinstance(value, list) and token.isdigit() and int(token) < len(value):
            value = value[int(token)]
        else:
            break
    return placeholders.is_unresolved(value)


def _tokens(pointer: str) -> list[str]:
    if not pointer:
        return []
    return [
        part.replace("~1", "/").replace("~0", "~") for part in pointer.split("/")[1:]
    ]


def position_at(node: Any, pointer: str) -> Position | None:
    """Where the element at `pointer` stood in the template; None if unknown.

    Falls back to the deepest enclosing element with a known position, for
    elements that an intrinsic function produced.
    """
    best = None
    for token in _tokens(pointer):
        key: str | int = token
        if isinstance(node, list) and token.isdigit() and int(token) < len(node):
            key = int(token)
        elif not (isinstance(node, dict) and token in node):
            break
        best = position_of(node, key) or best
        node = node[key]
    return best


def _placed(finding: Finding, site: PolicySite) -> ScanFinding:
    position = position_at(site.node, finding.location.pointer) or site.origin.position
    return _scan_finding(
        finding.rule_id,
        finding.category,
        finding.severity,
        finding.message,
        site.origin,
        position,
        finding.fix,
        finding.references,
        pointer=finding.location.pointer,
    )


def _gap(site: PolicySite, what: str, where: Position | None) -> ScanFinding:
    return _from_rule(
        UNRESOLVED_VALUE,
        f"{_describe_gap(what)} is not known until deployment; the policy was "
        f"checked with the placeholder {placeholders.unresolved(what)} in its "
        "place, and findings at that element were left out.",
        site.origin,
        "Give the parameter a default, or check the deployed policy "
        "(check_policy) once the value is known.",
        position=where,
    )


def _describe_gap(what: str) -> str:
    if what.startswith("parameter "):
        return f"Parameter {what.removeprefix('parameter ')!r} (it has no default)"
    if what.startswith("import "):
        return f"The imported value {what.removeprefix('import ')!r}"
    return f"The value {what!r}"


def _unknown_policy(site: PolicySite) -> ScanFinding:
    return _from_rule(
        POLICY_UNKNOWN_AT_PLAN,
        f"The {site.origin.path.rsplit('/', 1)[-1] or 'policy'} of "
        f"{site.origin.resource} is computed during apply, so this plan holds "
        "no policy to check.",
        site.origin,
        "Check the policy once applied (aws-messaging-mcp check-policy), or "
        "build it from values known at plan time (for example a data "
        "aws_iam_policy_document over existing resources).",
    )


# -- dead-letter queues and senders ----------------------------------------------


def _dead_letter_findings(inventory: Inventory) -> Iterator[ScanFinding]:
    for item in inventory.deliveries:
        queue = inventory.destinations.get(item.destination_arn)
        if not item.dead_letter or queue is None or item.sender == "s3-bucket":
            continue
        if inventory.sites_governing(queue.arn):
            continue  # the checker decides with dlq_for
        noun = SENDER_NOUNS[item.sender]
        yield _from_rule(
            DLQ_WITHOUT_POLICY,
            f"Queue {queue.arn} is the dead-letter queue of {noun} "
            f"{item.source_arn} (declared by {item.origin.resource}), but has no queue "
            f"policy: {PRINCIPALS[item.sender]} cannot write failed messages to it.",
            queue.origin,
            f"Add a queue policy allowing {PRINCIPALS[item.sender]} "
            f"sqs:SendMessage on {queue.arn} with ArnEquals aws:SourceArn "
            f"{item.source_arn}.",
            references=[
                SNS_DLQ_URL if item.sender == "sns-topic" else EVENTBRIDGE_DLQ_URL
            ],
        )


def _sender_findings(inventory: Inventory) -> Iterator[ScanFinding]:
    for item in inventory.deliveries:
        destination = inventory.destinations.get(item.destination_arn)
        if item.dead_letter or destination is None:
            continue
        finding = _sender_finding(inventory, item, destination)
        if finding is not None:
            yield finding


def _sender_finding(
    inventory: Inventory, item: Delivery, destination: Destination
) -> ScanFinding | None:
    if placeholders.is_unresolved(item.source_arn):
        return None
    principal = PRINCIPALS[item.sender]
    action = SEND_ACTIONS[destination.service]
    request = delivery.Request(
        principal, action, destination.arn, item.source_arn, inventory.owner_account
    )
    sites = inventory.sites_governing(destination.arn)
    verdicts = [(site, delivery.evaluate(site.document, request)) for site in sites]
    readable = [(site, verdict) for site, verdict in verdicts if verdict is not None]
    if (sites and not readable) or any(verdict.allowed for _, verdict in readable):
        return None
    noun = SENDER_NOUNS[item.sender]
    what = (
        f"{noun} {item.source_arn} (declared by {item.origin.resource}) sends to "
        f"{destination.arn}"
    )
    fix = (
        f"Allow {principal} {action} on {destination.arn} with ArnEquals "
        f"aws:SourceArn {item.source_arn}"
        + (" and StringEquals aws:SourceAccount" if item.sender == "s3-bucket" else "")
        + "."
    )
    if not readable:
        message = f"The {what}, which has no resource policy: every delivery is denied."
        return _from_rule(
            SENDER_NOT_GRANTED,
            message,
            destination.origin,
            fix,
            references=[SENDER_REFERENCES[item.sender]],
        )
    site, verdict = readable[0]
    others = sorted(set(verdict.other_sources))
    instead = f"; its grant for {principal} names {', '.join(others)}" if others else ""
    message = (
        f"The {what}, but the policy does not allow {principal} {action} "
        f"for that {noun}{instead}. Deliveries are denied."
    )
    return _from_rule(
        SENDER_NOT_GRANTED,
        message,
        site.origin,
        fix,
        references=[SENDER_REFERENCES[item.sender]],
    )


def _non_sender_findings(inventory: Inventory) -> Iterator[ScanFinding]:
    """aws:SourceArn values naming a resource of the template that sends nothing."""
    for site in inventory.sites:
        if site.resource_type not in ("sqs", "sns"):
            continue
        for source in delivery.granted_sources(site.document):
            kind = inventory.senders.get(source)
            if kind is None or _delivers(inventory, source, site.governs):
                continue
            yield _from_rule(
                GRANT_TO_NON_SENDER,
                f"The policy lets {SENDER_NOUNS[kind]} {source} of this template "
                f"deliver, but it sends nothing to {', '.join(site.governs)}.",
                site.origin,
                f"Add the missing {WIRING[kind]}, or remove the grant if it is "
                "left over.",
            )


def _delivers(inventory: Inventory, source: str, destinations: list[str]) -> bool:
    return any(
        item.source_arn == source and item.destination_arn in destinations
        for item in inventory.deliveries
    )


# -- keys -------------------------------------------------------------------------


def _key_findings(inventory: Inventory) -> Iterator[ScanFinding]:
    for destination in inventory.destinations.values():
        senders = {
            item.sender: item
            for item in inventory.deliveries
            if item.destination_arn == destination.arn
        }
        if destination.kms_key and senders:
            yield from _key_findings_for(inventory, destination, list(senders.values()))


def _key_findings_for(
    inventory: Inventory, destination: Destination, senders: list[Delivery]
) -> Iterator[ScanFinding]:
    name = str(destination.kms_key)
    origin = destination.kms_origin or destination.origin
    if name.endswith(AWS_MANAGED_KEYS):
        services = ", ".join(PRINCIPALS[item.sender] for item in senders)
        yield _from_rule(
            AWS_MANAGED_KEY,
            f"{destination.arn} is encrypted with the AWS managed key {name}, "
            f"whose policy cannot grant {services}: their deliveries fail.",
            origin,
            "Encrypt it with a customer managed key whose policy allows "
            f"{services} kms:GenerateDataKey* and kms:Decrypt.",
        )
        return
    key = inventory.key_named(name)
    if key is None:
        return  # a key outside this template: its policy is not here to read
    for item in senders:
        missing = _missing_key_actions(
            key.policy.document if key.policy else {}, item, inventory
        )
        if missing:
            yield _key_finding(
                destination,
                key.policy.origin if key.policy else key.origin,
                item,
                missing,
            )


def _missing_key_actions(
    document: dict[str, Any] | str | None, item: Delivery, inventory: Inventory
) -> list[str]:
    missing = []
    for action in KEY_ACTIONS:
        request = delivery.Request(
            PRINCIPALS[item.sender],
            action,
            None,
            item.source_arn,
            inventory.owner_account,
        )
        verdict = delivery.evaluate(document or {"Statement": []}, request)
        if verdict is None:
            return []
        if not verdict.allowed:
            missing.append(action)
    return missing


def _key_finding(
    destination: Destination, origin: Origin, item: Delivery, missing: list[str]
) -> ScanFinding:
    principal = PRINCIPALS[item.sender]
    return _from_rule(
        KEY_MISSING_GRANT,
        f"{destination.arn} is encrypted with this key and receives from "
        f"{SENDER_NOUNS[item.sender]} {item.source_arn}, but the key policy "
        f"does not allow {principal} {' and '.join(missing)}: its deliveries fail.",
        origin,
        f"Add a key policy statement allowing {principal} kms:GenerateDataKey* "
        'and kms:Decrypt on Resource "*".',
        references=[SQS_KMS_URL if destination.service == "sqs" else SNS_KMS_URL],
    )


# -- findings -----------------------------------------------------------------------


def _from_rule(
    rule: ScannerRule,
    message: str,
    origin: Origin,
    fix: str,
    *,
    position: Position | None = None,
    references: list[str] | None = None,
) -> ScanFinding:
    return _scan_finding(
        rule.id,
        rule.category,
        rule.severity,
        message,
        origin,
        position or origin.position,
        fix,
        list(dict.fromkeys([rule.source_url, *(references or [])])),
    )


def _scan_finding(
    rule_id: str,
    category: str,
    severity: str,
    message: str,
    origin: Origin,
    position: Position | None,
    fix: str,
    references: list[str],
    pointer: str | None = None,
) -> ScanFinding:
    return ScanFinding.model_validate(
        {
            "rule_id": rule_id,
            "category": category,
            "severity": severity,
            "message": message,
            "file": origin.file,
            "resource": origin.resource,
            "resource_type": origin.resource_type,
            "line": position.line if position else None,
            "column": position.column if position else None,
            "property_path": origin.path,
            "pointer": pointer,
            "fix": fix,
            "references": references,
            "cdk_path": origin.cdk_path,
        }
    )
