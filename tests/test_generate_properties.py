"""Properties of the generator over random valid inputs (hypothesis).

For any valid input the generated policy has no check_policy finding,
follows the IAM policy grammar (a JSON Schema below), is deterministic and
independent of input order, is a fixed point of merging, fits the service's
quotas, and its boto3 call is valid for botocore's model.
"""

from typing import Any

import jsonschema
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from aws_messaging_mcp.errors import InputError
from aws_messaging_mcp.policy import check_policy
from aws_messaging_mcp.policy.generate.generator import (
    generate_queue_policy,
    generate_topic_policy,
)
from aws_messaging_mcp.policy.generate.integrations import resource_facts
from aws_messaging_mcp.policy.generate.models import (
    Consumer,
    GeneratedPolicy,
    QueueSource,
    TopicSource,
)
from aws_messaging_mcp.policy.models import PolicyContext
from test_generate_formats import assert_valid_boto3_call

STRINGS: dict[str, Any] = {
    "oneOf": [
        {"type": "string", "minLength": 1},
        {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1}},
    ]
}
ACTIONS: dict[str, Any] = {
    "oneOf": [
        {"$ref": "#/$defs/action"},
        {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/action"}},
    ]
}
OPERATOR = (
    r"^(ForAllValues:|ForAnyValue:)?"
    r"(String(Not)?Equals(IgnoreCase)?|String(Not)?Like|"
    r"Numeric(Not)?Equals|Numeric(Less|Greater)Than(Equals)?|"
    r"Date(Not)?Equals|Date(Less|Greater)Than(Equals)?|Bool|BinaryEquals|"
    r"(Not)?IpAddress|Arn(Not)?Equals|Arn(Not)?Like)(IfExists)?$|^Null$"
)
# The IAM policy grammar, for the documents and key statements generated here:
# https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
POLICY_GRAMMAR: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["Statement"],
    "additionalProperties": False,
    "properties": {
        "Version": {"enum": ["2012-10-17", "2008-10-17"]},
        "Id": {"type": "string"},
        "Statement": {
            "type": "array",
            "minItems": 1,
            "items": {"$ref": "#/$defs/statement"},
        },
    },
    "$defs": {
        "action": {"type": "string", "pattern": r"^[a-z0-9-]+:[A-Za-z0-9*?]+$"},
        "principal": {
            "oneOf": [
                {"const": "*"},
                {
                    "type": "object",
                    "minProperties": 1,
                    "additionalProperties": False,
                    "patternProperties": {
                        "^(AWS|Service|Federated|CanonicalUser)$": STRINGS
                    },
                },
            ]
        },
        "condition": {
            "type": "object",
            "minProperties": 1,
            "propertyNames": {"pattern": OPERATOR},
            "additionalProperties": {
                "type": "object",
                "minProperties": 1,
                "propertyNames": {"pattern": r"^[A-Za-z0-9]+:[A-Za-z0-9:/_.-]+$"},
                "additionalProperties": STRINGS,
            },
        },
        "statement": {
            "type": "object",
            "additionalProperties": False,
            "required": ["Effect", "Principal", "Action", "Resource"],
            "properties": {
                "Sid": {"type": "string", "pattern": "^[A-Za-z0-9]+$"},
                "Effect": {"enum": ["Allow", "Deny"]},
                "Principal": {"$ref": "#/$defs/principal"},
                "Action": ACTIONS,
                "Resource": STRINGS,
                "Condition": {"$ref": "#/$defs/condition"},
            },
        },
    },
}
validator = jsonschema.Draft202012Validator(POLICY_GRAMMAR)
jsonschema.Draft202012Validator.check_schema(POLICY_GRAMMAR)

PARTITION_REGIONS = {
    "aws": ["us-east-1", "eu-west-1", "ap-southeast-2"],
    "aws-cn": ["cn-north-1"],
    "aws-us-gov": ["us-gov-west-1"],
}
accounts = st.from_regex(r"\A[0-9]{12}\Z")
names = st.from_regex(r"\A[A-Za-z0-9_-]{1,24}\Z")
patterns = st.from_regex(r"\A[A-Za-z0-9_-]{1,12}\*?\Z")


@st.composite
def resources(draw: st.DrawFn, service: str) -> tuple[str, str, str, str, bool]:
    partition = draw(st.sampled_from(sorted(PARTITION_REGIONS)))
    region = draw(st.sampled_from(PARTITION_REGIONS[partition]))
    account = draw(accounts)
    fifo = draw(st.booleans())
    name = draw(names) + (".fifo" if fifo else "")
    return (
        f"arn:{partition}:{service}:{region}:{account}:{name}",
        partition,
        region,
        account,
        fifo,
    )


@st.composite
def source_entries(
    draw: st.DrawFn, service: str, partition: str, region: str, fifo: bool
) -> dict[str, Any]:
    """One valid source of a type the resource accepts."""
    types = ["eventbridge-rule", "account", "role"]
    types += ["sns-topic"] if service == "sqs" else ["cloudwatch-alarm"]
    types += [] if fifo else ["s3-bucket"]
    kind = draw(st.sampled_from(types))
    account = draw(accounts)
    if kind == "sns-topic":
        topic_region = draw(st.sampled_from(PARTITION_REGIONS[partition]))
        name = draw(patterns) + (".fifo" if fifo else "")
        return {
            "type": kind,
            "arn": f"arn:{partition}:sns:{topic_region}:{account}:{name}",
        }
    if kind == "eventbridge-rule":
        arn = f"arn:{partition}:events:{region}:{account}:rule/{draw(patterns)}"
        return {"type": kind, "arn": arn}
    if kind == "cloudwatch-alarm":
        arn = f"arn:{partition}:cloudwatch:{region}:{account}:alarm:{draw(patterns)}"
        return {"type": kind, "arn": arn}
    if kind == "s3-bucket":
        bucket = draw(st.from_regex(r"\A[a-z0-9][a-z0-9.-]{2,20}\Z"))
        owner = draw(st.none() | st.just(account))
        return {
            "type": kind,
            "arn": f"arn:{partition}:s3:::{bucket}",
            "account_id": owner,
        }
    if kind == "account":
        return {"type": kind, "account_id": account}
    return {"type": kind, "arn": f"arn:{partition}:iam::{account}:role/{draw(names)}"}


@st.composite
def consumer_entries(draw: st.DrawFn, service: str, partition: str) -> dict[str, Any]:
    account = draw(accounts)
    principal = draw(
        st.sampled_from(
            [
                account,
                f"arn:{partition}:iam::{account}:root",
                f"arn:{partition}:iam::{account}:role/{draw(names)}",
                f"arn:{partition}:iam::{account}:user/{draw(names)}",
            ]
        )
    )
    allowed = list(resource_facts(service).consumer_actions)  # type: ignore[arg-type]
    actions = draw(
        st.none() | st.lists(st.sampled_from(allowed), min_size=1, max_size=4)
    )
    return {"principal_arn": principal, "actions": actions}


def _owned_statement(
    resource: str, account: str, partition: str, service: str
) -> dict[str, Any]:
    """A clean statement someone else wrote: the owner's own account."""
    return {
        "Sid": "OwnerAdministers",
        "Effect": "Allow",
        "Principal": {"AWS": f"arn:{partition}:iam::{account}:root"},
        "Action": f"{service}:GetQueueAttributes"
        if service == "sqs"
        else "sns:GetTopicAttributes",
        "Resource": resource,
    }


@st.composite
def requests(draw: st.DrawFn, service: str) -> dict[str, Any]:
    """Keyword arguments of a valid generate_*_policy call."""
    arn, partition, region, account, fifo = draw(resources(service))
    sources = draw(
        st.lists(
            source_entries(service, partition, region, fifo),
            max_size=6,
            unique_by=lambda entry: (
                entry["type"],
                entry.get("arn"),
                entry.get("account_id"),
            ),
        )
    )
    consumers = draw(
        st.lists(
            consumer_entries(service, partition),
            max_size=3,
            unique_by=lambda entry: entry["principal_arn"].split(":")[-1],
        )
    )
    key = draw(st.none() | st.just(f"arn:{partition}:kms:{region}:{account}:key/k1"))
    existing = draw(
        st.none()
        | st.just({"Statement": [_owned_statement(arn, account, partition, service)]})
    )
    # With no source and no consumer, the TLS Deny is all there is to generate.
    deny = draw(st.booleans()) or not (sources or consumers)
    return {
        f"{'queue' if service == 'sqs' else 'topic'}_arn": arn,
        "sources": sources,
        "consumers": consumers,
        "deny_insecure_transport": deny,
        "existing_policy": existing,
        "kms_key_arn": key,
    }


def generate(service: str, arguments: dict[str, Any]) -> GeneratedPolicy:
    model = QueueSource if service == "sqs" else TopicSource
    call = dict(arguments)
    call["sources"] = [model.model_validate(entry) for entry in arguments["sources"]]
    call["consumers"] = [
        Consumer.model_validate(entry) for entry in arguments["consumers"]
    ]
    generator = generate_queue_policy if service == "sqs" else generate_topic_policy
    try:
        return generator(**call)  # type: ignore[arg-type]
    except InputError as error:
        # Duplicates and quota breaches can still be drawn; everything else
        # drawn here is valid and must generate.
        assume("list each" not in str(error) and "would exceed" not in str(error))
        raise


PROPERTY_SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def assert_generated_policy_properties(service: str, arguments: dict[str, Any]) -> None:
    result = generate(service, arguments)
    errors = sorted(validator.iter_errors(result.policy), key=str)
    assert not errors, [error.message for error in errors]
    assert result.check.findings == [], result.check.findings
    assert result.check.resource_type == service
    assert len(result.explanation) == len(result.policy["Statement"])

    again = generate(service, arguments)
    assert again.model_dump() == result.model_dump()

    merged = generate(service, {**arguments, "existing_policy": result.policy})
    assert merged.model_dump() == result.model_dump()

    shuffled = {
        **arguments,
        "sources": list(reversed(arguments["sources"])),
        "consumers": list(reversed(arguments["consumers"])),
    }
    assert generate(service, shuffled).policy == result.policy

    for statement in result.kms_key_policy_statements:
        assert not list(validator.iter_errors({"Statement": [statement]}))
    assert_valid_boto3_call(result)


@PROPERTY_SETTINGS
@given(requests("sqs"))
def test_every_valid_queue_request_gives_a_clean_stable_policy(
    arguments: dict[str, Any],
) -> None:
    assert_generated_policy_properties("sqs", arguments)


@PROPERTY_SETTINGS
@given(requests("sns"))
def test_every_valid_topic_request_gives_a_clean_stable_policy(
    arguments: dict[str, Any],
) -> None:
    assert_generated_policy_properties("sns", arguments)


def test_the_check_runs_with_the_resource_as_context() -> None:
    """The check in the output is check_policy's own answer for that context."""
    arguments = {
        "queue_arn": "arn:aws:sqs:us-east-1:111122223333:q",
        "sources": [{"type": "role", "arn": "arn:aws:iam::444455556666:role/p"}],
        "consumers": [],
        "deny_insecure_transport": True,
        "existing_policy": None,
        "kms_key_arn": None,
    }
    result = generate("sqs", arguments)
    context = PolicyContext(
        resource_arn="arn:aws:sqs:us-east-1:111122223333:q",
        account_id="111122223333",
        trusted_accounts=["444455556666"],
    )
    assert result.check == check_policy(result.policy, "sqs", context)


arn_like = st.one_of(
    st.text(max_size=40),
    st.builds(
        lambda parts: ":".join(["arn", *parts]),
        st.lists(st.text(max_size=12), min_size=0, max_size=7),
    ),
    st.sampled_from(
        [
            "arn:aws:sqs:us-east-1:111122223333:q",
            "arn:aws:sns:us-east-1:111122223333:t",
            "arn:aws:iam::111122223333:root",
            "arn:aws:s3:::b",
        ]
    ),
)
junk_sources = st.lists(
    st.builds(
        dict,
        type=st.sampled_from(
            ["sns-topic", "eventbridge-rule", "s3-bucket", "account", "role"]
        ),
        arn=st.none() | arn_like,
        account_id=st.none() | st.text(max_size=14),
    ),
    max_size=4,
)
junk_policies = (
    st.none()
    | st.text(max_size=30)
    | st.dictionaries(
        st.sampled_from(["Version", "Id", "Statement"]),
        st.none() | st.text(max_size=8) | st.lists(st.integers() | st.text(max_size=4)),
    )
)


@settings(max_examples=100, deadline=None)
@given(
    resource=arn_like,
    sources=junk_sources,
    consumers=st.lists(
        st.builds(
            dict,
            principal_arn=arn_like,
            actions=st.none() | st.lists(st.text(max_size=20), max_size=3),
        ),
        max_size=3,
    ),
    existing=junk_policies,
    key=st.none() | arn_like,
)
def test_any_input_gives_a_policy_or_an_input_error(
    resource: str,
    sources: list[dict[str, Any]],
    consumers: list[dict[str, Any]],
    existing: Any,
    key: str | None,
) -> None:
    try:
        result = generate_queue_policy(
            resource,
            [QueueSource.model_validate(entry) for entry in sources],
            [Consumer.model_validate(entry) for entry in consumers],
            existing_policy=existing,
            kms_key_arn=key,
        )
    except InputError as error:
        assert str(error)
        return
    assert result.policy["Statement"]
