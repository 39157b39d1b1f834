"""`aws-messaging-mcp scan`: formats, exit codes, exclusions and bad input."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from aws_messaging_mcp.cli import main
from conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "iac"
BAD = FIXTURES / "bad"
CLEAN = "cloudformation/sns-sqs-fanout.yaml"
WARNING_ONLY = "cloudformation/event-bus-policy-legacy-account.yaml"
INFO_ONLY = "cloudformation/import-value-source.yaml"
ERRORS = "cloudformation/sns-sqs-wrong-topic.yaml"


@pytest.fixture(autouse=True)
def _in_fixtures(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES)


def _scan(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["scan", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.mark.parametrize(
    ("path", "fail_on", "status"),
    [
        (CLEAN, "info", 0),
        (ERRORS, "error", 1),
        (ERRORS, "never", 0),
        (WARNING_ONLY, "error", 0),
        (WARNING_ONLY, "warning", 1),
        (INFO_ONLY, "warning", 0),
        (INFO_ONLY, "info", 1),
    ],
)
def test_exit_status_follows_fail_on(
    capsys: pytest.CaptureFixture[str], path: str, fail_on: str, status: int
) -> None:
    assert _scan(capsys, path, "--fail-on", fail_on, "--format", "json")[0] == status


def test_json_output_is_the_report(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _scan(capsys, ERRORS, "--format", "json")
    report = json.loads(out)
    assert status == 1 and err == ""
    assert [f["rule_id"] for f in report["findings"]] == ["IAC102", "IAC103"]
    assert report["summary"]["files"] == 1
    assert report["unusable"] == [] and report["skipped"] == []


def test_text_output_reads_like_a_compiler(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = _scan(capsys, ERRORS, "--format", "text")
    lines = out.splitlines()
    assert lines[0].startswith(
        f"{ERRORS}:20:7: error IAC102 [missing-source-permission] LedgerQueuePolicy: "
        "The topic arn:aws:sns:us-east-1:000000000000:PaymentsTopic"
    )
    assert lines[1].startswith("    fix: Allow sns.amazonaws.com sqs:SendMessage")
    assert lines[2].startswith(f"{ERRORS}:20:7: info IAC103 [advice] ")
    assert lines[-1] == "1 file(s), 1 policies: 1 error(s), 0 warning(s), 1 info"


def test_sarif_goes_to_the_output_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "scan.sarif"
    status, out, _ = _scan(capsys, ERRORS, "--format", "sarif", "--output", str(target))
    assert status == 1 and out == ""
    assert json.loads(target.read_text(encoding="utf-8"))["version"] == "2.1.0"


def test_folders_are_walked_and_excludes_apply(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, out, _ = _scan(
        capsys, "cloudformation", "--exclude", "*.json", "--exclude", "kms-*"
    )
    files = {finding["file"] for finding in json.loads(out)["findings"]}
    assert files and all(name.endswith(".yaml") for name in files)
    assert not any("/kms-" in name for name in files)


def test_a_whole_folder_can_be_excluded(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _scan(capsys, ".", "--exclude", "bad", "--exclude", "terraform")
    report = json.loads(out)
    assert status == 1 and report["unusable"] == []
    assert report["summary"]["files"] == 32  # CloudFormation and CDK fixtures


def test_a_named_file_that_is_no_template_is_skipped(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = _scan(capsys, "bad/package.json")
    assert status == 0
    assert json.loads(out)["skipped"] == ["bad/package.json"]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("alias-bomb.yaml", "expands to more than 2,000,000 values"),
        ("binary.template.json", "is a binary file, not a template or plan"),
        ("malformed.yaml", "is not valid JSON or YAML at line 6, column 1"),
        (
            "ref-to-missing-resource.yaml",
            "line 17, column 32: Ref to 'OrdersTopicTypo', which is not a parameter",
        ),
        ("no-such-file.yaml", "cannot read bad/no-such-file.yaml"),
    ],
)
def test_unusable_input_is_a_clear_message_and_status_2(
    capsys: pytest.CaptureFixture[str], name: str, message: str
) -> None:
    status, out, err = _scan(capsys, f"bad/{name}", CLEAN, "--format", "json")
    assert status == 2
    assert message in err and "Traceback" not in err
    report = json.loads(out)
    assert [item["file"] for item in report["unusable"]] == [f"bad/{name}"]
    assert report["summary"]["files"] == 1  # the good file was still scanned


def test_a_file_over_the_size_limit_is_refused_unread(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    big = tmp_path / "huge.template.json"
    with big.open("wb") as handle:
        handle.write(b'{"Resources": {}, "Padding": "')
        handle.write(b"x" * (50 * 1024 * 1024))
        handle.write(b'"}')
    status, _, err = _scan(capsys, str(big), "--format", "json")
    assert status == 2
    assert "is 52,428,832 bytes, over the 20,971,520-byte limit" in err


def test_the_size_limit_is_a_flag(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, _, err = _scan(capsys, CLEAN, "--max-file-size", "100")
    assert status == 2 and "over the 100-byte limit" in err


def test_a_walked_folder_skips_files_that_do_not_look_like_templates(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "chart.yaml").write_text("{{ .Values.name }}: [\n", encoding="utf-8")
    shutil.copy(FIXTURES / ERRORS, tmp_path / "stack.yaml")
    status, out, _ = _scan(capsys, str(tmp_path))
    assert status == 1
    assert json.loads(out)["summary"]["files"] == 1


def test_only_templates_skips_named_files_that_are_not_templates(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    chart = tmp_path / "values.yaml"
    chart.write_text("image: {{ .Values.image }\n", encoding="utf-8")
    assert _scan(capsys, str(chart))[0] == 2
    assert _scan(capsys, str(chart), "--only-templates")[0] == 0


def test_bad_input_never_prints_a_traceback_from_the_console_script() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "aws_messaging_mcp", "scan", "bad", "--format", "text"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=FIXTURES,
    )
    assert completed.returncode == 2
    assert "Traceback" not in completed.stderr
    assert completed.stderr.count("aws-messaging-mcp: bad/") == 4


def test_pre_commit_hook_runs_the_scanner_on_staged_templates() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    [hook] = hooks
    assert hook["id"] == "aws-messaging-scan"
    assert hook["entry"].startswith("aws-messaging-mcp scan ")
    assert "--only-templates" in hook["entry"]
    assert hook["language"] == "python"
