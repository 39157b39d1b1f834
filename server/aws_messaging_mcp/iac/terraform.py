"""Read a Terraform plan (`terraform show -json PLAN`) into an `Inventory`.

Resources come from `planned_values` (the root module and every child
module), with their addresses. A value Terraform will only know during apply
is absent there (`resource_changes[].change.after_unknown` marks it); the
reader then follows the resource's `configuration` expression: a reference to
another resource's `arn`, `id`, `url`, `name` or `key_id` becomes that
resource's value or its placeholder, so a subscription still names its queue
(https://developer.hashicorp.com/terraform/internals/json-format).

A policy that is unknown at plan time is rebuilt when it comes from a
`data "aws_iam_policy_document"` whose statement blocks the configuration
shows; `source_policy_documents` and `override_policy_documents` are not
merged. A policy built any other way (`jsonencode` over new resources) cannot
be rebuilt and is reported as IAC002 when the configuration sets it.
"""

import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from aws_messaging_mcp.iac import placeholders
from aws_messaging_mcp.iac.documents import Position, position_of
from aws_messaging_mcp.iac.inventory import (
    Delivery,
    Destination,
    Inventory,
    Key,
    Origin,
    PolicySite,
    SenderKind,
)
from aws_messaging_mcp.policy.arn import try_parse_arn
from aws_messaging_mcp.policy.models import ResourceType

POLICY_DOCUMENT = "aws_iam_policy_document"
_INDEX = re.compile(r"\[[^\]]*\]$")

# Resource type: (checked as, policy attribute, what it governs).
_POLICY_ATTRIBUTES: dict[str, tuple[ResourceType, str, str]] = {
    "aws_sqs_queue_policy": ("sqs", "policy", "queue_url"),
    "aws_sqs_queue": ("sqs", "policy", "self"),
    "aws_sns_topic_policy": ("sns", "policy", "arn"),
    "aws_sns_topic": ("sns", "policy", "self"),
    "aws_cloudwatch_event_bus_policy": ("eventbridge-bus", "policy", "event_bus_name"),
    "aws_kms_key": ("kms", "policy", "self"),
    "aws_iam_role": ("iam-trust", "assume_role_policy", "self"),
}


@dataclass
class PlanResource:
    address: str
    type: str
    mode: str
    values: dict[str, Any]
    unknown: dict[str, Any]  # after_unknown: which values apply will compute
    expressions: dict[str, Any]  # the configuration's expressions
    module: str  # "module.a." for a resource of module a; "" at the root
    node: Any  # the planned_values entry, with positions


def is_plan(document: Any) -> bool:
    return (
        isinstance(document, dict)
        and "format_version" in document
        and ("planned_values" in document or "resource_changes" in document)
    )


class PlanReader:
    def __init__(self, plan: dict[str, Any], file: str) -> None:
        self.file = file
        self.variables = _mapping(plan.get("variables"))
        expressions = dict(
            _configured(_mapping(plan.get("configuration")).get("root_module"), "")
        )
        unknown = {
            str(change.get("address")): _mapping(
                _mapping(change.get("change")).get("after_unknown")
            )
            for change in _list(plan.get("resource_changes"))
            if isinstance(change, dict)
        }
        self.resources: dict[str, PlanResource] = {}
        planned = _mapping(_mapping(plan.get("planned_values")).get("root_module"))
        prior = _mapping(
            _mapping(_mapping(plan.get("prior_state")).get("values")).get("root_module")
        )
        for module in (planned, prior):
            for entry in _planned(module):
                address = str(entry.get("address"))
                if address in self.resources:
                    continue
                self.resources[address] = PlanResource(
                    address=address,
                    type=str(entry.get("type")),
                    mode=str(entry.get("mode", "managed")),
                    values=_mapping(entry.get("values")),
                    unknown=unknown.get(address, {}),
                    expressions=expressions.get(_INDEX.sub("", address), {}),
                    module=_module_of(address),
                    node=entry,
                )
        self._add_unplanned(expressions)
        self._resolving: set[str] = set()
        self.account, self.region = self._owner(plan)
        self.inventory = Inventory(file, "terraform-plan", self.account)

    def _add_unplanned(self, expressions: dict[str, dict[str, Any]]) -> None:
        """Data sources deferred to apply are absent from planned_values."""
        for address, found in expressions.items():
            parts = address.split(".")
            if "data" not in parts or self._find(address) is not None:
                continue
            at = parts.index("data")
            self.resources[address] = PlanResource(
                address=address,
                type=parts[at + 1],
                mode="data",
                values={},
                unknown={},
                expressions=found,
                module=_module_of(address),
                node=None,
            )

    def read(self) -> Inventory:
        for resource in self.resources.values():
            if resource.mode != "managed":
                continue
            if resource.type in _POLICY_ATTRIBUTES:
                self._read_policy(resource)
            reader = _READERS.get(resource.type)
            if reader is not None:
                reader(self, resource)
        for resource in self.resources.values():
            if resource.type == "aws_kms_alias" and resource.mode == "managed":
                self._read_alias(resource)
            kind = _SENDER_TYPES.get(resource.type)
            if kind is not None and resource.mode == "managed":
                self.inventory.senders[self.arn_of(resource)] = kind
        return self.inventory

    # -- owner account and Region ------------------------------------------------

    def _owner(self, plan: dict[str, Any]) -> tuple[str, str]:
        account = None
        region = self._provider_region(plan)
        for resource in self.resources.values():
            if resource.type == "aws_caller_identity":
                account = resource.values.get("account_id") or account
            if resource.type == "aws_region":
                region = (
                    resource.values.get("name")
                    or resource.values.get("region")
                    or region
                )
        # The account and Region most ARNs of the plan name: the owner's.
        arns = [
            try_parse_arn(value)
            for item in self.resources.values()
            for value in item.values.values()
            if isinstance(value, str) and value.startswith("arn:")
        ]
        accounts = Counter(arn.account for arn in arns if arn and arn.account.isdigit())
        regions = Counter(arn.region for arn in arns if arn and arn.region)
        account = account or (accounts.most_common(1)[0][0] if accounts else None)
        region = region or (regions.most_common(1)[0][0] if regions else None)
        return str(account or placeholders.OWNER_ACCOUNT), str(
            region or placeholders.REGION
        )

    def _provider_region(self, plan: dict[str, Any]) -> Any:
        providers = _mapping(_mapping(plan.get("configuration")).get("provider_config"))
        expressions = _mapping(_mapping(providers.get("aws")).get("expressions"))
        region = self.evaluate("", _mapping(expressions.get("region")))
        return region if isinstance(region, str) and region else None

    # -- values, known or followed through the configuration -----------------------

    def value(
        self, resource: PlanResource, *path: str | int, many: bool = False
    ) -> Any:
        """A value of `resource`: planned, or what its configuration refers to."""
        known = _walk(resource.values, path)
        if known is not None and known != "":
            return known
        expression = _walk(resource.expressions, path)
        if not isinstance(expression, dict):
            return None
        return self.evaluate(resource.module, expression, many=many)

    def evaluate(
        self, module: str, expression: dict[str, Any], many: bool = False
    ) -> Any:
        if "constant_value" in expression:
            return expression["constant_value"]
        found = [
            value
            for reference in _list(expression.get("references"))
            if (value := self._reference(module, str(reference))) is not None
        ]
        if many:
            return [item for value in found for item in _list(value)]
        return found[0] if found else None

    def _reference(self, module: str, reference: str) -> Any:
        parts = reference.split(".")
        if parts[0] == "var" and len(parts) > 1 and not module:
            return _mapping(self.variables.get(parts[1])).get("value")
        width = 3 if parts[0] == "data" else 2
        if parts[0] in ("var", "local", "each", "count", "path", "module", "self"):
            return None
        if len(parts) <= width:
            return None  # a bare resource; its attribute reference is listed too
        target = self._find(module + ".".join(parts[:width]))
        return None if target is None else self.attribute(target, parts[width])

    def _find(self, address: str) -> PlanResource | None:
        found = self.resources.get(address)
        if found is not None:
            return found
        return next(
            (
                item
                for item in self.resources.values()
                if _INDEX.sub("", item.address) == address
            ),
            None,
        )

    def attribute(self, target: PlanResource, name: str) -> Any:
        if target.address in self._resolving:
            return None
        self._resolving.add(target.address)
        try:
            return self._attribute(target, name)
        finally:
            self._resolving.discard(target.address)

    def _attribute(self, target: PlanResource, name: str) -> Any:
        known = target.values.get(name)
        if known not in (None, ""):
            return known
        if target.type == POLICY_DOCUMENT and name == "json":
            return self.rebuilt_policy(target)
        if name == "arn":
            return self.arn_of(target)
        if name == "name" or (name == "bucket" and target.type == "aws_s3_bucket"):
            return self.name_of(target)
        if target.type == "aws_sqs_queue" and name in ("id", "url"):
            return placeholders.queue_url(
                self.name_of(target), self.region, self.account
            )
        if target.type == "aws_kms_key" and name in ("id", "key_id"):
            return placeholders.key_id(target.address)
        if name == "id" and target.type in ("aws_sns_topic", "aws_s3_bucket"):
            return (
                self.arn_of(target)
                if target.type == "aws_sns_topic"
                else self.name_of(target)
            )
        if name == "id" and target.type == "aws_cloudwatch_event_rule":
            return self.name_of(target)
        return placeholders.unresolved(f"{target.address}.{name}")

    def name_of(self, resource: PlanResource) -> str:
        key = "bucket" if resource.type == "aws_s3_bucket" else "name"
        given = resource.values.get(key) or _walk(
            resource.expressions, (key, "constant_value")
        )
        if isinstance(given, str) and given:
            return given
        return re.sub(r"[^A-Za-z0-9_-]", "-", resource.address)

    def arn_of(self, resource: PlanResource) -> str:
        known = resource.values.get("arn")
        if isinstance(known, str) and known:
            return known
        name = self.name_of(resource)
        partial = {
            "aws_sqs_queue": ("sqs", name),
            "aws_sns_topic": ("sns", name),
            "aws_cloudwatch_event_bus": ("events", f"event-bus/{name}"),
            "aws_kms_key": ("kms", f"key/{placeholders.key_id(resource.address)}"),
            "aws_lambda_function": ("lambda", f"function:{name}"),
        }.get(resource.type)
        if resource.type == "aws_cloudwatch_event_rule":
            partial = (
                "events",
                _rule_resource(name, self.value(resource, "event_bus_name")),
            )
        if resource.type == "aws_s3_bucket":
            return f"arn:{placeholders.PARTITION}:s3:::{name}"
        if resource.type == "aws_iam_role":
            return f"arn:{placeholders.PARTITION}:iam::{self.account}:role/{name}"
        if partial is None:
            return placeholders.unresolved(f"{resource.address}.arn")
        return placeholders.arn(
            partial[0], partial[1], region=self.region, account=self.account
        )

    # -- aws_iam_policy_document, rebuilt from its configuration ---------------------

    def rebuilt_policy(self, source: PlanResource) -> str | None:
        blocks = _list(source.expressions.get("statement"))
        if not blocks:
            return None
        statements = [
            self._statement(source.module, _mapping(block)) for block in blocks
        ]
        return json.dumps({"Version": "2012-10-17", "Statement": statements})

    def _statement(self, module: str, block: dict[str, Any]) -> dict[str, Any]:
        def one(key: str) -> Any:
            expression = block.get(key)
            return (
                self.evaluate(module, expression)
                if isinstance(expression, dict)
                else None
            )

        def many(key: str) -> list[Any]:
            expression = block.get(key)
            if not isinstance(expression, dict):
                return []
            return _list(self.evaluate(module, expression, many=True))

        statement: dict[str, Any] = {}
        if one("sid"):
            statement["Sid"] = one("sid")
        statement["Effect"] = one("effect") or "Allow"
        for key, name in (
            ("principals", "Principal"),
            ("not_principals", "NotPrincipal"),
        ):
            principals = self._principals(module, _list(block.get(key)))
            if principals is not None:
                statement[name] = principals
        for key, name in (
            ("actions", "Action"),
            ("not_actions", "NotAction"),
            ("resources", "Resource"),
            ("not_resources", "NotResource"),
        ):
            if block.get(key) is not None:
                statement[name] = many(key)
        conditions = self._conditions(module, _list(block.get("condition")))
        if conditions:
            statement["Condition"] = conditions
        return statement

    def _principals(self, module: str, blocks: list[Any]) -> Any:
        principals: dict[str, list[Any]] = {}
        for block in blocks:
            block = _mapping(block)
            kind = self.evaluate(module, _mapping(block.get("type")))
            identifiers = self.evaluate(
                module, _mapping(block.get("identifiers")), many=True
            )
            if kind == "*":
                return "*"
            principals.setdefault(str(kind), []).extend(_list(identifiers))
        return principals or None

    def _conditions(self, module: str, blocks: list[Any]) -> dict[str, Any]:
        conditions: dict[str, dict[str, Any]] = {}
        for block in blocks:
            block = _mapping(block)
            test = self.evaluate(module, _mapping(block.get("test")))
            variable = self.evaluate(module, _mapping(block.get("variable")))
            values = self.evaluate(module, _mapping(block.get("values")), many=True)
            conditions.setdefault(str(test), {})[str(variable)] = values
        return conditions

    # -- policies ---------------------------------------------------------------------

    def origin(self, resource: PlanResource, attribute: str = "") -> Origin:
        position = position_of(resource.values, attribute) if attribute else None
        node_position: Position | None = getattr(resource.node, "position", None)
        return Origin(
            self.file,
            resource.address,
            resource.type,
            position or node_position,
            attribute,
        )

    def _read_policy(self, resource: PlanResource) -> None:
        checked_as, attribute, governs = _POLICY_ATTRIBUTES[resource.type]
        configured = attribute in resource.expressions
        document = resource.values.get(attribute) or self._policy_document(
            resource, attribute
        )
        if not document and not configured:
            return  # nobody wrote one: a computed default, or none at all
        self.inventory.sites.append(
            PolicySite(
                origin=self.origin(resource, attribute),
                resource_type=checked_as,
                document=document if isinstance(document, str | dict) else None,
                governs=[self._governed(resource, governs)],
            )
        )

    def _policy_document(self, resource: PlanResource, attribute: str) -> str | None:
        """The policy rebuilt from the aws_iam_policy_document it refers to."""
        expression = _mapping(resource.expressions.get(attribute))
        for reference in _list(expression.get("references")):
            parts = str(reference).split(".")
            if parts[:2] != ["data", POLICY_DOCUMENT] or parts[3:] != ["json"]:
                continue
            source = self._find(resource.module + ".".join(parts[:3]))
            if source is not None:
                return self.attribute(source, "json")  # type: ignore[no-any-return]
        return None

    def _governed(self, resource: PlanResource, governs: str) -> str:
        if governs == "self":
            return self.arn_of(resource)
        value = str(self.value(resource, governs) or "")
        if governs == "queue_url":
            return placeholders.queue_arn_from_url(value) or value
        if governs == "event_bus_name":
            name = value or "default"
            if name.startswith("arn:"):
                return name
            return placeholders.arn(
                "events", f"event-bus/{name}", region=self.region, account=self.account
            )
        return value

    # -- receivers, senders and keys ------------------------------------------

    def _read_destination(self, resource: PlanResource) -> None:
        arn = self.arn_of(resource)
        key = self.value(resource, "kms_master_key_id")
        self.inventory.destinations[arn] = Destination(
            arn=arn,
            service="sqs" if resource.type == "aws_sqs_queue" else "sns",
            origin=self.origin(resource),
            kms_key=key if isinstance(key, str) and key else None,
            kms_origin=self.origin(resource, "kms_master_key_id") if key else None,
        )

    def _read_subscription(self, resource: PlanResource) -> None:
        topic = str(self.value(resource, "topic_arn") or "")
        if str(self.value(resource, "protocol")).lower() == "sqs":
            endpoint = str(self.value(resource, "endpoint") or "")
            self._deliver(
                "sns-topic", topic, endpoint, False, self.origin(resource, "endpoint")
            )
        dead_letter = self._dead_letter_target(resource)
        if dead_letter:
            self._deliver(
                "sns-topic",
                topic,
                dead_letter,
                True,
                self.origin(resource, "redrive_policy"),
            )

    def _dead_letter_target(self, resource: PlanResource) -> str | None:
        known = resource.values.get("redrive_policy")
        if isinstance(known, str) and known:
            try:
                target = _mapping(json.loads(known)).get("deadLetterTargetArn")
            except ValueError:
                return None
            return str(target) if target else None
        expression = _mapping(resource.expressions.get("redrive_policy"))
        queues = [
            value
            for value in _list(self.evaluate(resource.module, expression, many=True))
            if isinstance(value, str) and value.startswith("arn:") and ":sqs:" in value
        ]
        return queues[0] if queues else None

    def _read_target(self, resource: PlanResource) -> None:
        rule = self._rule_arn(resource)
        origin = self.origin(resource, "arn")
        target = self.value(resource, "arn")
        if isinstance(target, str):
            self._deliver("eventbridge-rule", rule, target, False, origin)
        dead_letter = self.value(resource, "dead_letter_config", 0, "arn")
        if isinstance(dead_letter, str) and dead_letter:
            origin = self.origin(resource, "dead_letter_config")
            self._deliver("eventbridge-rule", rule, dead_letter, True, origin)

    def _rule_arn(self, target: PlanResource) -> str:
        expression = _mapping(target.expressions.get("rule"))
        for reference in _list(expression.get("references")):
            parts = str(reference).split(".")
            rule = self._find(target.module + ".".join(parts[:2]))
            if rule is not None and rule.type == "aws_cloudwatch_event_rule":
                return self.arn_of(rule)
        name = str(self.value(target, "rule") or target.address)
        for rule in self.resources.values():
            if rule.type == "aws_cloudwatch_event_rule" and self.name_of(rule) == name:
                return self.arn_of(rule)
        bus = self.value(target, "event_bus_name")
        return placeholders.arn(
            "events",
            _rule_resource(name, bus),
            region=self.region,
            account=self.account,
        )

    def _read_bucket_notification(self, resource: PlanResource) -> None:
        bucket = str(self.value(resource, "bucket") or "")
        source = f"arn:{placeholders.PARTITION}:s3:::{bucket}"
        for block, key in (("queue", "queue_arn"), ("topic", "topic_arn")):
            blocks = resource.values.get(block) or resource.expressions.get(block) or []
            for index in range(len(_list(blocks))):
                destination = self.value(resource, block, index, key)
                if isinstance(destination, str):
                    self._deliver(
                        "s3-bucket",
                        source,
                        destination,
                        False,
                        self.origin(resource, block),
                    )

    def _deliver(
        self,
        sender: SenderKind,
        source: str,
        destination: str,
        dead_letter: bool,
        origin: Origin,
    ) -> None:
        parsed = try_parse_arn(destination)
        if parsed is None or parsed.service not in ("sqs", "sns"):
            return
        self.inventory.deliveries.append(
            Delivery(sender, source, destination, dead_letter, origin)
        )

    def _read_key(self, resource: PlanResource) -> None:
        arn = self.arn_of(resource)
        names = {arn, str(self.attribute(resource, "key_id"))}
        site = next(
            (s for s in self.inventory.sites if s.origin.resource == resource.address),
            None,
        )
        self.inventory.keys.append(Key(arn, names, self.origin(resource), site))

    def _read_alias(self, resource: PlanResource) -> None:
        target = self.value(resource, "target_key_id")
        key = self.inventory.key_named(str(target))
        if key is None:
            return
        name = self.name_of(resource)
        arn = placeholders.arn("kms", name, region=self.region, account=self.account)
        key.names.update({name, arn, str(resource.values.get("arn") or arn)})


def _rule_resource(name: str, bus: Any) -> str:
    bus_name = (
        str(bus).rsplit("/", 1)[-1] if isinstance(bus, str) and bus else "default"
    )
    return f"rule/{name}" if bus_name == "default" else f"rule/{bus_name}/{name}"


def _planned(module: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for entry in _list(module.get("resources")):
        if isinstance(entry, dict):
            yield entry
    for child in _list(module.get("child_modules")):
        yield from _planned(_mapping(child))


def _configured(module: Any, prefix: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """(address without index, expressions) of every configured resource."""
    module = _mapping(module)
    for entry in _list(module.get("resources")):
        entry = _mapping(entry)
        yield prefix + str(entry.get("address")), _mapping(entry.get("expressions"))
    for name, call in _mapping(module.get("module_calls")).items():
        yield from _configured(_mapping(call).get("module"), f"{prefix}module.{name}.")


def _module_of(address: str) -> str:
    parts = address.split(".")
    prefix = []
    while len(parts) > 2 and parts[0] == "module":
        prefix.append(f"module.{_INDEX.sub('', parts[1])}.")
        parts = parts[2:]
    return "".join(prefix)


def _walk(value: Any, path: tuple[str | int, ...]) -> Any:
    for step in path:
        if isinstance(step, int) and isinstance(value, list) and step < len(value):
            value = value[step]
        elif isinstance(step, str) and isinstance(value, dict):
            value = value.get(step)
        else:
            return None
    return value


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


_SENDER_TYPES: dict[str, SenderKind] = {
    "aws_sns_topic": "sns-topic",
    "aws_cloudwatch_event_rule": "eventbridge-rule",
    "aws_s3_bucket": "s3-bucket",
}

_READERS = {
    "aws_sqs_queue": PlanReader._read_destination,
    "aws_sns_topic": PlanReader._read_destination,
    "aws_sns_topic_subscription": PlanReader._read_subscription,
    "aws_cloudwatch_event_target": PlanReader._read_target,
    "aws_s3_bucket_notification": PlanReader._read_bucket_notification,
    "aws_kms_key": PlanReader._read_key,
}


def read(plan: dict[str, Any], file: str) -> Inventory:
    """The inventory of one plan."""
    return PlanReader(plan, file).read()
