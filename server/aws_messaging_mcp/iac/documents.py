"""Read CloudFormation templates and Terraform plans, keeping where each value stood.

One loader serves JSON and YAML: YAML 1.1 reads JSON documents too, and its
parser records the line and column of every node, which Python's `json` module
does not. CloudFormation's short-form intrinsic tags (`!Ref`, `!Sub`, `!GetAtt`,
...) become their long form (`{"Ref": ...}`), as CloudFormation itself reads
them (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html).

Hostile input is refused with `DocumentError` before it can cost much: files
over a size cap, binary files, and YAML that expands past a node budget (a
"billion laughs" document built from aliases).
"""

from dataclasses import dataclass
from typing import Any

import yaml

from aws_messaging_mcp.errors import InputError

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
MAX_NODES = 2_000_000
MAX_DEPTH = 500

SHORT_FORM_TAGS = {
    "!Ref": "Ref",
    "!Condition": "Condition",
    "!Base64": "Fn::Base64",
    "!Cidr": "Fn::Cidr",
    "!FindInMap": "Fn::FindInMap",
    "!GetAtt": "Fn::GetAtt",
    "!GetAZs": "Fn::GetAZs",
    "!ImportValue": "Fn::ImportValue",
    "!Join": "Fn::Join",
    "!Select": "Fn::Select",
    "!Split": "Fn::Split",
    "!Sub": "Fn::Sub",
    "!Transform": "Fn::Transform",
    "!And": "Fn::And",
    "!Equals": "Fn::Equals",
    "!If": "Fn::If",
    "!Not": "Fn::Not",
    "!Or": "Fn::Or",
    "!ToJsonString": "Fn::ToJsonString",
    "!Length": "Fn::Length",
}


class DocumentError(InputError):
    """A file that is not a readable template or plan; the message says why."""


@dataclass(frozen=True)
class Position:
    line: int  # 1-based
    column: int  # 1-based


class Mapping(dict[str, Any]):
    """A mapping that remembers where it and each of its keys stood."""

    position: Position
    key_positions: dict[str, Position]


class Sequence(list[Any]):
    """A sequence that remembers where it and each of its items stood."""

    position: Position
    item_positions: list[Position]


def _position(node: yaml.Node) -> Position:
    return Position(node.start_mark.line + 1, node.start_mark.column + 1)


# libyaml's parser, where PyYAML was built with it, reads several times faster
# and records the same marks.
_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """SafeLoader with positions and short-form tags."""


def _expanded_size(root: yaml.Node) -> int:
    """How many values the document holds once every alias is expanded.

    PyYAML shares an aliased node instead of copying it, so a small document
    can stand for billions of values that any later walk would visit.
    """
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if id(node) in sizes:
            continue
        children = _children(node)
        if children_done or not children:
            total = 1 + sum(sizes[id(child)] for child in children)
            sizes[id(node)] = min(total, MAX_NODES + 1)
            continue
        stack.append((node, True))
        stack.extend((child, False) for child in children if id(child) not in sizes)
    return sizes[id(root)]


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> Mapping:
    mapping = Mapping()
    mapping.position = _position(node)
    mapping.key_positions = {}
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str | int | float | bool) and key is not None:
            raise DocumentError(
                f"line {_position(key_node).line}: a mapping key must be a scalar"
            )
        key_text = str(key)
        mapping[key_text] = loader.construct_object(value_node, deep=True)
        mapping.key_positions[key_text] = _position(key_node)
    return mapping


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> Sequence:
    sequence = Sequence(loader.construct_object(item, deep=True) for item in node.value)
    sequence.position = _position(node)
    sequence.item_positions = [_position(item) for item in node.value]
    return sequence


def _construct_short_form(loader: _Loader, suffix: str, node: yaml.Node) -> Mapping:
    """`!GetAtt Queue.Arn` as `{"Fn::GetAtt": ["Queue", "Arn"]}`, and so on."""
    name = SHORT_FORM_TAGS.get(f"!{suffix}")
    if name is None:
        raise DocumentError(f"line {_position(node).line}: unknown tag !{suffix}")
    value: Any
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
        if name == "Fn::GetAtt" and isinstance(value, str):
            value = value.split(".", 1)
    elif isinstance(node, yaml.SequenceNode):
        value = _construct_sequence(loader, node)
    else:
        value = _construct_mapping(loader, node)  # type: ignore[arg-type]
    wrapper = Mapping({name: value})
    wrapper.position = _position(node)
    wrapper.key_positions = {name: _position(node)}
    return wrapper


def _construct_timestamp_as_text(loader: _Loader, node: yaml.ScalarNode) -> str:
    # Template versions such as 2010-09-09 must stay strings, not dates.
    return str(loader.construct_scalar(node))


_Loader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _construct_mapping,
)
_Loader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG,
    _construct_sequence,
)
_Loader.add_constructor(
    "tag:yaml.org,2002:timestamp",
    _construct_timestamp_as_text,
)
_Loader.add_multi_constructor("!", _construct_short_form)


def decode(content: bytes, name: str, max_bytes: int = MAX_DOCUMENT_BYTES) -> str:
    """The text of a file, or a DocumentError for oversized or binary content."""
    if len(content) > max_bytes:
        raise oversized(name, len(content), max_bytes)
    if b"\x00" in content[:8192]:
        raise DocumentError(f"{name} is a binary file, not a template or plan")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DocumentError(f"{name} is not UTF-8 text: {error.reason}") from None


def oversized(
    name: str, size: int, max_bytes: int = MAX_DOCUMENT_BYTES
) -> DocumentError:
    return DocumentError(
        f"{name} is {size:,} bytes, over the {max_bytes:,}-byte limit for a "
        "template or plan"
    )


def _check_depth(text: str, name: str) -> None:
    """Refuse absurd nesting before the recursive constructor meets it."""
    depth = deepest = 0
    for char in text:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    if deepest > MAX_DEPTH:
        raise DocumentError(
            f"{name} nests brackets {deepest} levels deep; the limit is {MAX_DEPTH}"
        )


def load(text: str, name: str = "<document>") -> Any:
    """Parse JSON or YAML text into Mapping/Sequence values with positions."""
    _check_depth(text, name)
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return None
        if _expanded_size(root) > MAX_NODES:
            raise DocumentError(
                f"{name} expands to more than {MAX_NODES:,} values (nested "
                "aliases?); refusing to read it"
            )
        return loader.construct_document(root)
    except DocumentError:
        raise
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise DocumentError(
            f"{name} is not valid JSON or YAML{where}: {error.problem}"
        ) from None
    except (yaml.YAMLError, RecursionError, ValueError) as error:
        raise DocumentError(f"{name} could not be read: {error}") from None
    finally:
        loader.dispose()


def position_of(container: Any, key: str | int) -> Position | None:
    """Where `container[key]` stood, when the container came from `load`."""
    if isinstance(container, Mapping) and isinstance(key, str):
        return container.key_positions.get(key)
    in_range = isinstance(key, int) and 0 <= key < len(
        getattr(container, "item_positions", ())
    )
    if isinstance(container, Sequence) and isinstance(key, int) and in_range:
        return container.item_positions[key]
    return None
