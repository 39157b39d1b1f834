"""Generated files match their generators: rerun scripts/regenerate.py if not."""

from aws_messaging_mcp.artifacts import drift, generate_all
from conftest import ROOT


def test_generated_files_have_not_drifted() -> None:
    assert drift(ROOT, generate_all()) == []


def test_every_tool_has_a_schema_file() -> None:
    names = {path.stem for path in (ROOT / "tools_schema").glob("*.json")}
    assert {"list_services", "get_service_facts", "compare_services"} <= names
