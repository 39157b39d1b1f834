"""The distributed skill: format, size, validator, and a real install."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

SKILL = ROOT / "skill"
NAME = "aws-messaging-and-streaming"
INSTALL_CHECK = Path(
    os.environ.get(
        "SKILLS_INSTALL_CHECK",
        ROOT.parent / "shared" / "tools" / "skills-install-check.sh",
    )
)


def _frontmatter_and_body() -> tuple[dict[str, object], str]:
    text = (SKILL / "SKILL.md").read_text(encoding="utf-8")
    _, header, body = text.split("---\n", 2)
    loaded = yaml.safe_load(header)
    assert isinstance(loaded, dict)
    return loaded, body


def test_frontmatter_names_the_skill_and_versions_it() -> None:
    frontmatter, _ = _frontmatter_and_body()
    assert frontmatter["name"] == NAME
    description = frontmatter["description"]
    assert isinstance(description, str) and 200 < len(description) < 1024
    assert "Not for" in description
    metadata = frontmatter["metadata"]
    assert isinstance(metadata, dict) and isinstance(metadata["version"], str)


def test_body_stays_under_five_hundred_lines() -> None:
    _, body = _frontmatter_and_body()
    assert len(body.splitlines()) < 500


def test_body_names_every_tool_the_server_offers() -> None:
    _, body = _frontmatter_and_body()
    tools = {path.stem for path in (ROOT / "tools_schema").glob("*.json")}
    missing = sorted(tool for tool in tools if f"`{tool}`" not in body)
    assert missing == []


def test_no_skill_file_at_the_repository_root() -> None:
    assert not (ROOT / "SKILL.md").exists()


def test_reference_validator_accepts_the_skill(tmp_path: Path) -> None:
    named = tmp_path / NAME
    shutil.copytree(SKILL, named)
    validator = Path(sys.executable).with_name("agentskills")
    completed = subprocess.run(
        [str(validator), "validate", str(named)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_skills_cli_installs_the_skill_into_a_throwaway_home() -> None:
    if not INSTALL_CHECK.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"install check script missing: {INSTALL_CHECK}")
        pytest.skip(f"install check script not found at {INSTALL_CHECK}")
    completed = subprocess.run(
        ["bash", str(INSTALL_CHECK), str(ROOT), NAME],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    last_line = completed.stdout.strip().splitlines()[-1:]
    assert completed.returncode == 0, completed.stdout + completed.stderr[-3000:]
    assert last_line and last_line[0].startswith("RESULT: PASS"), last_line
