"""Every data file validates against its model and is in canonical form."""

import json
from pathlib import Path

import pytest

from aws_messaging_mcp.artifacts import hand_kept_data_files
from aws_messaging_mcp.knowledge import SERVICE_IDS, canonical_json, services
from aws_messaging_mcp.knowledge.models import Service

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "server" / "aws_messaging_mcp" / "knowledge" / "data"
DATA_FILES = hand_kept_data_files(ROOT)


def test_data_files_beside_their_modules_are_covered() -> None:
    names = {path.name for path in DATA_FILES}
    assert {"integrations.json", "checks.json", "vocabulary.json"} <= names
    assert "tools.json" not in names


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda path: path.name)
def test_data_file_is_in_canonical_form(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert text == canonical_json(json.loads(text)), (
        f"{path.name} is not canonical; run scripts/canonicalize_data.py"
    )


@pytest.mark.parametrize("service_id", SERVICE_IDS)
def test_service_file_validates_and_is_named_by_its_id(service_id: str) -> None:
    path = DATA / "services" / f"{service_id}.json"
    service = Service.model_validate_json(path.read_text(encoding="utf-8"))
    assert service.id == service_id


def test_every_service_of_the_vocabulary_loads_in_order() -> None:
    assert tuple(services()) == SERVICE_IDS


def test_no_service_file_outside_the_vocabulary() -> None:
    names = {path.stem for path in (DATA / "services").glob("*.json")}
    assert names == set(SERVICE_IDS)


@pytest.mark.parametrize("service_id", SERVICE_IDS)
def test_limit_and_fact_ids_are_unique_within_a_service(service_id: str) -> None:
    service = services()[service_id]  # type: ignore[index]
    ids = [limit.id for limit in service.limits] + [fact.id for fact in service.facts]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("service_id", SERVICE_IDS)
def test_related_services_exist_and_are_not_the_service_itself(
    service_id: str,
) -> None:
    service = services()[service_id]  # type: ignore[index]
    assert service_id not in service.related
