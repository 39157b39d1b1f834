"""CloudFormation intrinsic functions, resolved to the scanner's placeholders.

`Ref`, `Fn::GetAtt`, `Fn::Sub`, `Fn::Join`, `Fn::Select`, `Fn::Split`,
`Fn::If`, `Fn::FindInMap`, `Fn::ToJsonString`, `Fn::Length`, `Fn::Base64` and
`Fn::GetAZs` are evaluated as CloudFormation would
(https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html),
with the account, Region and names of `placeholders`. Parameters take their
`Default`; conditions are evaluated from those defaults, and a condition that
depends on a value nobody knows yet is taken as true.

What cannot be known before deployment (a parameter without a default, an SSM
parameter, `Fn::ImportValue`, an attribute the scanner does not model) becomes
an `UNRESOLVED[...]` placeholder, and the resolver records where it stood.
What CloudFormation itself would reject (a `Ref` to nothing, a malformed
function) raises `DocumentError` with the file, line and column.
"""

import json
import re
from collections.abc import Callable
from typing import Any

from aws_messaging_mcp.iac import placeholders
from aws_messaging_mcp.iac.documents import DocumentError, Mapping, Position
from aws_messaging_mcp.iac.placeholders import unresolved

NO_VALUE = object()  # AWS::NoValue: the key or item disappears

PSEUDO_PARAMETERS: dict[str, Any] = {
    "AWS::AccountId": placeholders.OWNER_ACCOUNT,
    "AWS::Region": placeholders.REGION,
    "AWS::Partition": placeholders.PARTITION,
    "AWS::URLSuffix": placeholders.URL_SUFFIX,
    "AWS::StackName": placeholders.STACK_NAME,
    "AWS::StackId": placeholders.arn(
        "cloudformation", f"stack/{placeholders.STACK_NAME}/stack-id"
    ),
    "AWS::NotificationARNs": [],
}
_SUB_VARIABLE = re.compile(r"\$\{([^}]*)\}")


class Resolver:
    """Resolves values of one template; `unresolved_at` says where each gap is."""

    def __init__(self, template: Mapping, file: str) -> None:
        self.file = file
        self.parameters = _section(template, "Parameters")
        self.mappings = _section(template, "Mappings")
        self.conditions = _section(template, "Conditions")
        self.resources = _section(template, "Resources")
        self.unresolved_at: dict[str, Position | None] = {}
        self._resolving: set[str] = set()
        self._condition_values: dict[str, bool | None] = {}
        # Set by the reader: what Ref and Fn::GetAtt return for a resource.
        self.ref_of: Callable[[str], Any] = lambda logical_id: logical_id
        self.attribute_of: Callable[[str, str], Any] = lambda logical_id, name: (
            self.gap(f"{logical_id}.{name}", None)
        )

    # -- errors and gaps ---------------------------------------------------

    def fail(self, node: Any, message: str) -> DocumentError:
        position = getattr(node, "position", None)
        where = f", line {position.line}, column {position.column}" if position else ""
        return DocumentError(f"{self.file}{where}: {message}")

    def gap(self, what: str, node: Any) -> str:
        """A placeholder for a value nobody knows yet, remembered with its place."""
        self.unresolved_at.setdefault(what, getattr(node, "position", None))
        return unresolved(what)

    # -- values ------------------------------------------------------------

    def resolve(self, node: Any) -> Any:
        """`node` with every intrinsic function replaced by its value."""
        if isinstance(node, dict):
            function = _function_name(node)
            if function is not None:
                return self._call(function, node)
            resolved = {key: self.resolve(value) for key, value in node.items()}
            return {k: v for k, v in resolved.items() if v is not NO_VALUE}
        if isinstance(node, list):
            items = [self.resolve(item) for item in node]
            return [item for item in items if item is not NO_VALUE]
        return node

    def resolve_text(self, node: Any, what: str) -> str:
        value = self.resolve(node)
        if isinstance(value, bool):
            return str(value).lower()
        if isinstance(value, str | int | float):
            return str(value)
        raise self.fail(node, f"{what} must be a string, not {_kind(value)}")

    def _call(self, function: str, node: dict[str, Any]) -> Any:
        argument = node[function]
        handler = _FUNCTIONS.get(function)
        if handler is None:
            return self.gap(function, node)
        return handler(self, argument, node)

    # -- Ref and parameters ------------------------------------------------

    def ref(self, name: Any, node: Any) -> Any:
        if not isinstance(name, str):
            raise self.fail(node, "Ref takes the name of a parameter or resource")
        if name == "AWS::NoValue":
            return NO_VALUE
        if name in PSEUDO_PARAMETERS:
            return PSEUDO_PARAMETERS[name]
        if name in self.parameters:
            return self._parameter(name, node)
        if name in self.resources:
            return self._guarded(name, node, lambda: self.ref_of(name))
        raise self.fail(
            node,
            f"Ref to {name!r}, which is not a parameter, resource or pseudo "
            "parameter of this template",
        )

    def _parameter(self, name: str, node: Any) -> Any:
        declaration = self.parameters[name]
        declared_type = str(declaration.get("Type", "String"))
        is_list = declared_type.startswith("List<") or declared_type == (
            "CommaDelimitedList"
        )
        default = declaration.get("Default")
        if default is None or declared_type.startswith("AWS::SSM::Parameter::Value"):
            placeholder = self.gap(f"parameter {name}", node)
            return [placeholder] if is_list else placeholder
        if is_list and isinstance(default, str):
            return [item.strip() for item in default.split(",")]
        return default

    def get_att(self, argument: Any, node: Any) -> Any:
        if isinstance(argument, str):
            argument = argument.split(".", 1)
        if not isinstance(argument, list) or len(argument) != 2:
            raise self.fail(node, "Fn::GetAtt takes [LogicalId, AttributeName]")
        logical_id = argument[0]
        attribute = self.resolve(argument[1])
        if logical_id not in self.resources:
            raise self.fail(
                node, f"Fn::GetAtt names {logical_id!r}, which is not a resource"
            )
        return self._guarded(
            logical_id, node, lambda: self.attribute_of(logical_id, str(attribute))
        )

    def _guarded(self, logical_id: str, node: Any, compute: Callable[[], Any]) -> Any:
        """Compute a resource's value, refusing a resource that names itself."""
        if logical_id in self._resolving:
            raise self.fail(node, f"{logical_id} refers to itself")
        self._resolving.add(logical_id)
        try:
            return compute()
        finally:
            self._resolving.discard(logical_id)

    # -- conditions --------------------------------------------------------

    def condition(self, name: str, node: Any = None) -> bool | None:
        """True, False, or None when it rests on a value nobody knows yet."""
        if name not in self.conditions:
            raise self.fail(node, f"condition {name!r} is not defined in Conditions")
        if name not in self._condition_values:
            self._condition_values[name] = None  # a cycle stays unknown
            self._condition_values[name] = self._truth(self.conditions[name])
        return self._condition_values[name]

    def _truth(self, node: Any) -> bool | None:
        if isinstance(node, bool):
            return node
        if not isinstance(node, dict) or len(node) != 1:
            raise self.fail(node, "a condition must be one condition function")
        function, argument = next(iter(node.items()))
        if function == "Condition":
            return self.condition(str(argument), node)
        if function == "Fn::Equals":
            return self._equals(argument, node)
        if function == "Fn::Not":
            inner = self._truth(_only_item(self, argument, node))
            return None if inner is None else not inner
        if function in ("Fn::And", "Fn::Or"):
            return _combine(function, [self._truth(item) for item in argument])
        raise self.fail(node, f"{function} cannot be used in a condition")

    def _equals(self, argument: Any, node: Any) -> bool | None:
        if not isinstance(argument, list) or len(argument) != 2:
            raise self.fail(node, "Fn::Equals takes two values")
        left, right = (self.resolve(item) for item in argument)
        if placeholders.is_unresolved([left, right]):
            return None
        return str(left) == str(right)


def _section(template: Mapping, name: str) -> dict[str, Any]:
    section = template.get(name)
    return section if isinstance(section, dict) else {}


def _function_name(node: dict[str, Any]) -> str | None:
    if len(node) != 1:
        return None
    key = next(iter(node))
    return key if key == "Ref" or key.startswith("Fn::") else None


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "an object"
    return "a list" if isinstance(value, list) else type(value).__name__


def _only_item(resolver: Resolver, argument: Any, node: Any) -> Any:
    if isinstance(argument, list) and len(argument) == 1:
        return argument[0]
    raise resolver.fail(node, "Fn::Not takes a list of one condition")


def _combine(function: str, values: list[bool | None]) -> bool | None:
    decisive = function == "Fn::Or"  # Or is decided by a True, And by a False
    if decisive in values:
        return decisive
    return None if None in values else not decisive


# -- the functions -----------------------------------------------------------


def _ref(resolver: Resolver, argument: Any, node: Any) -> Any:
    return resolver.ref(argument, node)


def _get_att(resolver: Resolver, argument: Any, node: Any) -> Any:
    return resolver.get_att(argument, node)


def _sub(resolver: Resolver, argument: Any, node: Any) -> str:
    """`${Name}`, `${Resource.Attribute}` and `${!Literal}` in a string."""
    variables: dict[str, Any] = {}
    if isinstance(argument, list) and len(argument) == 2:
        argument, given = argument
        if not isinstance(given, dict):
            raise resolver.fail(node, "Fn::Sub takes [string, {variables}]")
        variables = {key: resolver.resolve(value) for key, value in given.items()}
    if not isinstance(argument, str):
        raise resolver.fail(node, "Fn::Sub takes a string or [string, {variables}]")

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name.startswith("!"):
            return "${" + name[1:] + "}"
        if name in variables:
            value = variables[name]
        elif "." in name and name.split(".", 1)[0] in resolver.resources:
            value = resolver.get_att(name.split(".", 1), node)
        else:
            value = resolver.ref(name, node)
        if isinstance(value, list | dict) or value is NO_VALUE:
            raise resolver.fail(node, f"Fn::Sub variable ${{{name}}} is not a string")
        return str(value)

    return _SUB_VARIABLE.sub(replace, argument)


def _join(resolver: Resolver, argument: Any, node: Any) -> str:
    if not isinstance(argument, list) or len(argument) != 2:
        raise resolver.fail(node, "Fn::Join takes [delimiter, [values]]")
    delimiter = resolver.resolve(argument[0])
    values = resolver.resolve(argument[1])
    if not isinstance(delimiter, str) or not isinstance(values, list):
        raise resolver.fail(node, "Fn::Join takes [delimiter, [values]]")
    if any(isinstance(value, list | dict) for value in values):
        raise resolver.fail(node, "Fn::Join can only join strings")
    return delimiter.join(str(value) for value in values)


def _select(resolver: Resolver, argument: Any, node: Any) -> Any:
    if not isinstance(argument, list) or len(argument) != 2:
        raise resolver.fail(node, "Fn::Select takes [index, [values]]")
    index = resolver.resolve(argument[0])
    values = resolver.resolve(argument[1])
    if placeholders.is_unresolved(index):
        return resolver.gap("Fn::Select index", node)
    try:
        position = int(index)
    except (TypeError, ValueError):
        raise resolver.fail(
            node, f"Fn::Select index {index!r} is not a number"
        ) from None
    if not isinstance(values, list) or not 0 <= position < len(values):
        if placeholders.is_unresolved(values):
            return resolver.gap("Fn::Select of an unresolved list", node)
        raise resolver.fail(node, f"Fn::Select index {position} is out of range")
    return values[position]


def _split(resolver: Resolver, argument: Any, node: Any) -> list[str]:
    if not isinstance(argument, list) or len(argument) != 2:
        raise resolver.fail(node, "Fn::Split takes [delimiter, string]")
    delimiter = resolver.resolve(argument[0])
    text = resolver.resolve_text(argument[1], "Fn::Split's source")
    if not isinstance(delimiter, str) or not delimiter:
        raise resolver.fail(node, "Fn::Split takes a non-empty delimiter")
    return text.split(delimiter)


def _if(resolver: Resolver, argument: Any, node: Any) -> Any:
    if not isinstance(argument, list) or len(argument) != 3:
        raise resolver.fail(node, "Fn::If takes [condition, value if true, if false]")
    truth = resolver.condition(str(argument[0]), node)
    # Unknown conditions take the first branch, so a policy is always checked.
    return resolver.resolve(argument[2] if truth is False else argument[1])


def _find_in_map(resolver: Resolver, argument: Any, node: Any) -> Any:
    if not isinstance(argument, list) or len(argument) not in (3, 4):
        raise resolver.fail(node, "Fn::FindInMap takes [map, key, key]")
    keys = [resolver.resolve(item) for item in argument[:3]]
    if placeholders.is_unresolved(keys):
        return resolver.gap("Fn::FindInMap " + "/".join(map(str, keys)), node)
    value: Any = resolver.mappings
    for key in keys:
        if not isinstance(value, dict) or str(key) not in value:
            return _map_default(resolver, argument, node, keys)
        value = value[str(key)]
    return resolver.resolve(value)


def _map_default(resolver: Resolver, argument: Any, node: Any, keys: list[Any]) -> Any:
    options = argument[3] if len(argument) == 4 else None
    if isinstance(options, dict) and "DefaultValue" in options:
        return resolver.resolve(options["DefaultValue"])
    path = "/".join(map(str, keys))
    raise resolver.fail(node, f"Fn::FindInMap finds nothing at {path}")


def _import_value(resolver: Resolver, argument: Any, node: Any) -> str:
    name = resolver.resolve(argument)
    return resolver.gap(f"import {name}", node)


def _to_json_string(resolver: Resolver, argument: Any, node: Any) -> str:
    del node
    return json.dumps(resolver.resolve(argument), separators=(",", ":"))


def _length(resolver: Resolver, argument: Any, node: Any) -> int | str:
    values = resolver.resolve(argument)
    if not isinstance(values, list):
        raise resolver.fail(node, "Fn::Length takes a list")
    return len(values)


def _base64(resolver: Resolver, argument: Any, node: Any) -> Any:
    del node
    return resolver.resolve(argument)


def _get_azs(resolver: Resolver, argument: Any, node: Any) -> list[str]:
    del resolver, argument, node
    return [f"{placeholders.REGION}{zone}" for zone in "abc"]


_FUNCTIONS: dict[str, Callable[[Resolver, Any, Any], Any]] = {
    "Ref": _ref,
    "Fn::GetAtt": _get_att,
    "Fn::Sub": _sub,
    "Fn::Join": _join,
    "Fn::Select": _select,
    "Fn::Split": _split,
    "Fn::If": _if,
    "Fn::FindInMap": _find_in_map,
    "Fn::ImportValue": _import_value,
    "Fn::ToJsonString": _to_json_string,
    "Fn::Length": _length,
    "Fn::Base64": _base64,
    "Fn::GetAZs": _get_azs,
}
