"""Read a CloudFormation template (or CDK synthesis output) into an `Inventory`.

What `Ref` and `Fn::GetAtt` return for each resource type follows the
"Return values" section of its page in the template reference
(https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-template-resource-type-ref.html):
a queue's `Ref` is its URL, a topic's its ARN, a key's its key id, a rule's,
bus's, role's and bucket's their names. A resource without an explicit name is
named after its logical id. Resource types not listed in `_NAMED` resolve
`Ref` to the logical id and attributes to an `UNRESOLVED[...]` placeholder.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aws_messaging_mcp.iac import placeholders
from aws_messaging_mcp.iac.documents import Mapping, position_of
from aws_messaging_mcp.iac.intrinsics import Resolver
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

EVENT_BUS_POLICY = "AWS::Events::EventBusPolicy"


@dataclass(frozen=True)
class Named:
    """How a resource type is named, and what its Ref and attributes return."""

    name_property: str | None
    ref: Callable[[str], str]  # from the resource's name
    attributes: dict[str, Callable[[str], str]]
    suffix_flag: str | None = None  # FifoQueue / FifoTopic add ".fifo"


def _role_arn(name: str) -> str:
    return f"arn:{placeholders.PARTITION}:iam::{placeholders.OWNER_ACCOUNT}:role/{name}"


def _bucket_arn(name: str) -> str:
    return f"arn:{placeholders.PARTITION}:s3:::{name}"


_NAMED: dict[str, Named] = {
    "AWS::SQS::Queue": Named(
        "QueueName",
        placeholders.queue_url,
        {
            "Arn": lambda name: placeholders.arn("sqs", name),
            "QueueName": lambda name: name,
            "QueueUrl": placeholders.queue_url,
        },
        "FifoQueue",
    ),
    "AWS::SNS::Topic": Named(
        "TopicName",
        lambda name: placeholders.arn("sns", name),
        {
            "TopicArn": lambda name: placeholders.arn("sns", name),
            "TopicName": lambda name: name,
        },
        "FifoTopic",
    ),
    "AWS::Events::EventBus": Named(
        "Name",
        lambda name: name,
        {
            "Arn": lambda name: placeholders.arn("events", f"event-bus/{name}"),
            "Name": lambda name: name,
        },
    ),
    "AWS::KMS::Key": Named(
        None,
        placeholders.key_id,
        {
            "Arn": lambda name: placeholders.arn(
                "kms", f"key/{placeholders.key_id(name)}"
            ),
            "KeyId": placeholders.key_id,
        },
    ),
    "AWS::KMS::Alias": Named("AliasName", lambda name: name, {}),
    "AWS::IAM::Role": Named(
        "RoleName", lambda name: name, {"Arn": _role_arn, "RoleId": lambda n: n}
    ),
    "AWS::S3::Bucket": Named(
        "BucketName",
        lambda name: name,
        {
            "Arn": _bucket_arn,
            "DomainName": lambda name: f"{name}.s3.{placeholders.URL_SUFFIX}",
        },
    ),
    "AWS::Lambda::Function": Named(
        "FunctionName",
        lambda name: name,
        {"Arn": lambda name: placeholders.arn("lambda", f"function:{name}")},
    ),
    "AWS::CloudWatch::Alarm": Named(
        "AlarmName",
        lambda name: name,
        {"Arn": lambda name: placeholders.arn("cloudwatch", f"alarm:{name}")},
    ),
}

# Policy resources: (resource type checked, property holding the document).
_POLICY_PROPERTIES: dict[str, tuple[ResourceType, str]] = {
    "AWS::SQS::QueuePolicy": ("sqs", "PolicyDocument"),
    "AWS::SQS::QueueInlinePolicy": ("sqs", "PolicyDocument"),
    "AWS::SNS::TopicPolicy": ("sns", "PolicyDocument"),
    "AWS::SNS::TopicInlinePolicy": ("sns", "PolicyDocument"),
    "AWS::KMS::Key": ("kms", "KeyPolicy"),
    "AWS::IAM::Role": ("iam-trust", "AssumeRolePolicyDocument"),
    EVENT_BUS_POLICY: ("eventbridge-bus", "Statement"),
}


def is_template(document: Any) -> bool:
    """A mapping whose Resources section holds typed resources."""
    if not isinstance(document, dict):
        return False
    resources = document.get("Resources")
    return isinstance(resources, dict) and any(
        isinstance(item, dict) and isinstance(item.get("Type"), str)
        for item in resources.values()
    )


class TemplateReader:
    """One template's resources, resolved on demand, into an `Inventory`."""

    def __init__(self, template: Mapping, file: str) -> None:
        self.template = template
        self.file = file
        self.resolver = Resolver(template, file)
        self.resolver.ref_of = self._ref_of
        self.resolver.attribute_of = self._attribute_of
        self.resources = {
            logical_id: body
            for logical_id, body in self.resolver.resources.items()
            if isinstance(body, dict) and isinstance(body.get("Type"), str)
        }
        self.inventory = Inventory(file, "cloudformation", placeholders.OWNER_ACCOUNT)

    def read(self) -> Inventory:
        for logical_id, body in self.resources.items():
            if self._deployed(logical_id, body):
                self._read_resource(logical_id, body)
        self._attach_aliases()
        return self.inventory

    # -- names, Ref and GetAtt ----------------------------------------------

    def _type(self, logical_id: str) -> str:
        return str(self.resources.get(logical_id, {}).get("Type", ""))

    def _properties(self, logical_id: str) -> dict[str, Any]:
        properties = self.resources.get(logical_id, {}).get("Properties")
        return properties if isinstance(properties, dict) else {}

    def name_of(self, logical_id: str) -> str:
        named = _NAMED.get(self._type(logical_id))
        properties = self._properties(logical_id)
        if named is None or named.name_property is None:
            return logical_id
        given = properties.get(named.name_property)
        if given is not None:
            return self.resolver.resolve_text(given, named.name_property)
        name = (
            logical_id.lower()
            if self._type(logical_id) == "AWS::S3::Bucket"
            else logical_id
        )
        if named.suffix_flag and self._flag(properties.get(named.suffix_flag)):
            name += ".fifo"
        return name

    def _flag(self, node: Any) -> bool:
        return str(self.resolver.resolve(node)).lower() == "true"

    def _ref_of(self, logical_id: str) -> Any:
        named = _NAMED.get(self._type(logical_id))
        return named.ref(self.name_of(logical_id)) if named else logical_id

    def _attribute_of(self, logical_id: str, attribute: str) -> Any:
        if self._type(logical_id) == "AWS::Events::Rule" and attribute == "Arn":
            return self._rule_arn(logical_id)
        named = _NAMED.get(self._type(logical_id))
        build = named.attributes.get(attribute) if named else None
        if build is None:
            return self.resolver.gap(f"{logical_id}.{attribute}", None)
        if self._type(logical_id) == "AWS::KMS::Key":
            return build(logical_id)
        return build(self.name_of(logical_id))

    def arn_of(self, logical_id: str) -> str:
        """The ARN of a resource, for the types that receive or send messages."""
        resource_type = self._type(logical_id)
        if resource_type == "AWS::SNS::Topic":
            return str(self._ref_of(logical_id))
        if resource_type == "AWS::Events::Rule":
            return self._rule_arn(logical_id)
        return str(self._attribute_of(logical_id, "Arn"))

    def _rule_arn(self, logical_id: str) -> str:
        """rule/NAME on the default bus, rule/BUS/NAME on a custom bus."""
        properties = self._properties(logical_id)
        name = logical_id
        if properties.get("Name") is not None:
            name = self.resolver.resolve_text(properties["Name"], "Name")
        bus = "default"
        if properties.get("EventBusName") is not None:
            bus = self.resolver.resolve_text(properties["EventBusName"], "EventBusName")
            bus = bus.rsplit("/", 1)[-1]  # the name, when an ARN was given
        resource = f"rule/{name}" if bus == "default" else f"rule/{bus}/{name}"
        return placeholders.arn("events", resource)

    # -- resources ------------------------------------------------------------

    def _deployed(self, logical_id: str, body: dict[str, Any]) -> bool:
        condition = body.get("Condition")
        if not isinstance(condition, str):
            return True
        return self.resolver.condition(condition, body) is not False

    def origin(self, logical_id: str, path: str = "") -> Origin:
        body = self.resources[logical_id]
        position = position_of(self.resolver.resources, logical_id)
        if path:
            properties = body.get("Properties")
            position = position_of(properties, path) or position
        metadata = body.get("Metadata")
        cdk_path = metadata.get("aws:cdk:path") if isinstance(metadata, dict) else None
        return Origin(
            self.file,
            logical_id,
            str(body["Type"]),
            position,
            f"Properties/{path}" if path else "",
            cdk_path if isinstance(cdk_path, str) else None,
        )

    def _read_resource(self, logical_id: str, body: dict[str, Any]) -> None:
        resource_type = str(body["Type"])
        if resource_type in _POLICY_PROPERTIES:
            self._read_policy(logical_id, resource_type)
        reader = _READERS.get(resource_type)
        if reader is not None:
            reader(self, logical_id)

    def _read_policy(self, logical_id: str, resource_type: str) -> None:
        checked_as, key = _POLICY_PROPERTIES[resource_type]
        properties = self._properties(logical_id)
        if resource_type == EVENT_BUS_POLICY:
            bus_arn = self._bus_arn(properties.get("EventBusName"))
            node: Any = _bus_policy_node(properties, bus_arn)
        else:
            node = properties.get(key)
        if node is None:
            return
        document = self.resolver.resolve(node)
        gaps = {
            what: self.resolver.unresolved_at.get(what)
            for what in placeholders.unresolved_names(document)
        }
        self.inventory.sites.append(
            PolicySite(
                origin=self.origin(logical_id, key),
                resource_type=checked_as,
                document=document if isinstance(document, dict | str) else None,
                governs=self._governed(logical_id, resource_type),
                node=node,
                unresolved_at=gaps,
            )
        )

    def _governed(self, logical_id: str, resource_type: str) -> list[str]:
        properties = self._properties(logical_id)
        if resource_type == "AWS::SQS::QueuePolicy":
            urls = self.resolver.resolve(properties.get("Queues", []))
            return [_queue_arn(url) for url in _as_list(urls)]
        if resource_type == "AWS::SQS::QueueInlinePolicy":
            return [_queue_arn(self.resolver.resolve(properties.get("Queue")))]
        if resource_type == "AWS::SNS::TopicPolicy":
            return [
                str(arn)
                for arn in _as_list(self.resolver.resolve(properties.get("Topics", [])))
            ]
        if resource_type == "AWS::SNS::TopicInlinePolicy":
            return [str(self.resolver.resolve(properties.get("TopicArn")))]
        if resource_type == EVENT_BUS_POLICY:
            return [self._bus_arn(properties.get("EventBusName"))]
        return [self.arn_of(logical_id)]

    def _bus_arn(self, node: Any) -> str:
        name = (
            "default"
            if node is None
            else self.resolver.resolve_text(node, "EventBusName")
        )
        if name.startswith("arn:"):
            return name
        return placeholders.arn("events", f"event-bus/{name}")

    # -- receivers and senders --------------------------------------------------

    def _read_queue(self, logical_id: str) -> None:
        self._destination(logical_id, "sqs")

    def _read_topic(self, logical_id: str) -> None:
        topic_arn = self._destination(logical_id, "sns")
        self.inventory.senders[topic_arn] = "sns-topic"
        subscriptions = self._properties(logical_id).get("Subscription")
        for entry in _as_list(subscriptions):
            if not isinstance(entry, dict):
                continue
            protocol = str(self.resolver.resolve(entry.get("Protocol", ""))).lower()
            if protocol == "sqs":
                endpoint = self.resolver.resolve_text(entry.get("Endpoint"), "Endpoint")
                origin = self.origin(logical_id, "Subscription")
                self._deliver("sns-topic", topic_arn, endpoint, False, origin)

    def _destination(self, logical_id: str, service: str) -> str:
        arn = self.arn_of(logical_id)
        properties = self._properties(logical_id)
        key_node = properties.get("KmsMasterKeyId")
        key = None if key_node is None else self.resolver.resolve(key_node)
        self.inventory.destinations[arn] = Destination(
            arn=arn,
            service="sqs" if service == "sqs" else "sns",
            origin=self.origin(logical_id),
            kms_key=key if isinstance(key, str) else None,
            kms_origin=self.origin(logical_id, "KmsMasterKeyId") if key_node else None,
        )
        return arn

    def _read_subscription(self, logical_id: str) -> None:
        properties = self._properties(logical_id)
        topic = self.resolver.resolve_text(properties.get("TopicArn", ""), "TopicArn")
        protocol = str(self.resolver.resolve(properties.get("Protocol", ""))).lower()
        if protocol == "sqs" and properties.get("Endpoint") is not None:
            endpoint = self.resolver.resolve_text(properties["Endpoint"], "Endpoint")
            origin = self.origin(logical_id, "Endpoint")
            self._deliver("sns-topic", topic, endpoint, False, origin)
        redrive = _json_object(self.resolver.resolve(properties.get("RedrivePolicy")))
        target = redrive.get("deadLetterTargetArn")
        if isinstance(target, str):
            origin = self.origin(logical_id, "RedrivePolicy")
            self._deliver("sns-topic", topic, target, True, origin)

    def _read_rule(self, logical_id: str) -> None:
        rule_arn = self.arn_of(logical_id)
        self.inventory.senders[rule_arn] = "eventbridge-rule"
        targets = self._properties(logical_id).get("Targets")
        for target in _as_list(targets):
            if not isinstance(target, dict):
                continue
            origin = self.origin(logical_id, "Targets")
            arn = self.resolver.resolve(target.get("Arn"))
            if isinstance(arn, str):
                self._deliver("eventbridge-rule", rule_arn, arn, False, origin)
            dead_letter = target.get("DeadLetterConfig")
            if isinstance(dead_letter, dict) and dead_letter.get("Arn") is not None:
                dlq = self.resolver.resolve_text(dead_letter["Arn"], "DeadLetterConfig")
                self._deliver("eventbridge-rule", rule_arn, dlq, True, origin)

    def _read_bucket(self, logical_id: str) -> None:
        self.inventory.senders[self.arn_of(logical_id)] = "s3-bucket"
        notifications = self._properties(logical_id).get("NotificationConfiguration")
        if not isinstance(notifications, dict):
            return
        bucket_arn = self.arn_of(logical_id)
        origin = self.origin(logical_id, "NotificationConfiguration")
        for section, key in (
            ("QueueConfigurations", "Queue"),
            ("TopicConfigurations", "Topic"),
        ):
            for entry in _as_list(notifications.get(section)):
                if isinstance(entry, dict) and entry.get(key) is not None:
                    destination = self.resolver.resolve_text(entry[key], key)
                    self._deliver("s3-bucket", bucket_arn, destination, False, origin)

    def _deliver(
        self,
        sender: SenderKind,
        source: str,
        destination: str,
        dead_letter: bool,
        origin: Origin,
    ) -> None:
        arn = _queue_arn(destination)
        parsed = try_parse_arn(arn)
        if parsed is None or parsed.service not in ("sqs", "sns"):
            return
        self.inventory.deliveries.append(
            Delivery(sender, source, arn, dead_letter, origin)
        )

    # -- keys -------------------------------------------------------------------

    def _read_key(self, logical_id: str) -> None:
        arn = self.arn_of(logical_id)
        site = next(
            (s for s in self.inventory.sites if s.origin.resource == logical_id), None
        )
        self.inventory.keys.append(
            Key(
                arn,
                {arn, placeholders.key_id(logical_id)},
                self.origin(logical_id),
                site,
            )
        )

    def _attach_aliases(self) -> None:
        for logical_id, body in self.resources.items():
            if body["Type"] != "AWS::KMS::Alias":
                continue
            properties = self._properties(logical_id)
            target = self.resolver.resolve(properties.get("TargetKeyId"))
            key = self.inventory.key_named(str(target))
            if key is not None:
                name = self.name_of(logical_id)
                key.names.update({name, placeholders.arn("kms", name)})


def _bus_policy_node(properties: dict[str, Any], bus_arn: str) -> Any:
    """An EventBusPolicy as a whole policy document of one statement.

    The resource holds either `Statement` (one statement) or the older
    `Action`/`Principal`/`Condition` form (AWS::Events::EventBusPolicy docs).
    """
    statement = properties.get("Statement")
    if statement is None and properties.get("Principal") is not None:
        statement = _legacy_bus_statement(properties, bus_arn)
    if statement is None:
        return None
    if (
        isinstance(statement, dict)
        and "Sid" not in statement
        and properties.get("StatementId")
    ):
        statement = {"Sid": properties["StatementId"], **statement}
    return {"Version": "2012-10-17", "Statement": [statement]}


def _legacy_bus_statement(properties: dict[str, Any], bus_arn: str) -> dict[str, Any]:
    principal = properties.get("Principal")
    statement: dict[str, Any] = {
        "Effect": "Allow",
        "Principal": "*" if principal == "*" else {"AWS": principal},
        "Action": properties.get("Action", "events:PutEvents"),
        "Resource": bus_arn,
    }
    condition = properties.get("Condition")
    if isinstance(condition, dict):
        statement["Condition"] = {
            "StringEquals": {condition.get("Key", ""): condition.get("Value", "")}
        }
    return statement


def _queue_arn(value: Any) -> str:
    text = str(value)
    return placeholders.queue_arn_from_url(text) or text


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _json_object(value: Any) -> dict[str, Any]:
    """A RedrivePolicy may be an object or its JSON text."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return {}
    return value if isinstance(value, dict) else {}


_READERS: dict[str, Callable[[TemplateReader, str], None]] = {
    "AWS::SQS::Queue": TemplateReader._read_queue,
    "AWS::SNS::Topic": TemplateReader._read_topic,
    "AWS::SNS::Subscription": TemplateReader._read_subscription,
    "AWS::Events::Rule": TemplateReader._read_rule,
    "AWS::S3::Bucket": TemplateReader._read_bucket,
    "AWS::KMS::Key": TemplateReader._read_key,
}


def read(template: Mapping, file: str) -> Inventory:
    """The inventory of one template; DocumentError where CloudFormation would fail."""
    return TemplateReader(template, file).read()
