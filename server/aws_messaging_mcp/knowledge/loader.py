"""Load the data files shipped with the package, once, validated by their models.

Data lives under `knowledge/data/`: one JSON file per item in a folder per
collection (`services/sqs-standard.json`), or one file per collection. Every
file is in canonical form (see `canonical_json`), which a test checks.
"""

import json
from collections.abc import Iterator
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any, TypeVar

from pydantic import BaseModel

from aws_messaging_mcp.errors import UnknownIdError
from aws_messaging_mcp.knowledge.models import SERVICE_IDS, Service, ServiceId

ModelT = TypeVar("ModelT", bound=BaseModel)

DATA_PACKAGE = "aws_messaging_mcp.knowledge"


def data_root() -> Traversable:
    return files(DATA_PACKAGE) / "data"


def canonical_json(document: Any) -> str:
    """The one accepted layout of a data file: sorted keys, two spaces, newline."""
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def iter_data_files(folder: str) -> Iterator[Traversable]:
    """The JSON files of one collection folder, in name order."""
    entries = (data_root() / folder).iterdir()
    yield from sorted(
        (entry for entry in entries if entry.name.endswith(".json")),
        key=lambda entry: entry.name,
    )


def read_json(path: Traversable) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def load_folder(folder: str, model: type[ModelT]) -> list[ModelT]:
    """Validate every file of a collection folder against `model`."""
    return [model.model_validate(read_json(path)) for path in iter_data_files(folder)]


@cache
def services() -> dict[ServiceId, Service]:
    """Every service, keyed by id, in the order of the public vocabulary."""
    loaded = {service.id: service for service in load_folder("services", Service)}
    missing = set(SERVICE_IDS) - set(loaded)
    if missing:
        raise RuntimeError(f"knowledge data lacks services: {sorted(missing)}")
    return {service_id: loaded[service_id] for service_id in SERVICE_IDS}


def service(service_id: str) -> Service:
    """One service by id; an unknown id names the valid ones."""
    catalogue = services()
    if service_id not in catalogue:
        raise UnknownIdError("service", service_id, SERVICE_IDS)
    return catalogue[service_id]
