"""Scan a generated tree of 1,000 templates and plans; print templates per second.

    python bench/scan.py [--templates 1000] [--keep DIR]

The tree mixes the shapes of tests/fixtures/iac (CloudFormation YAML and JSON,
CDK output, Terraform plans), each copy with its own resource names, spread
over nested folders, with a few files that are not templates (skipped unread,
as in a real repository). It reports the in-process scan (`scan_paths`, wall
clock and CPU time) and the console script end to end (`aws-messaging-mcp
scan`, start-up included).
"""

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "iac"
SOURCES = ("cloudformation", "cdk.out", "terraform")


def fixture_texts() -> list[tuple[str, str]]:
    found = []
    for folder in SOURCES:
        for path in sorted((FIXTURES / folder).iterdir()):
            if path.name.endswith((".yaml", ".plan.json", ".template.json")) or (
                folder == "cloudformation" and path.suffix == ".json"
            ):
                found.append((path.name, path.read_text(encoding="utf-8")))
    return found


def generate(root: Path, count: int) -> None:
    """`count` templates and plans under `root`, plus some files to skip."""
    texts = fixture_texts()
    for index in range(count):
        name, text = texts[index % len(texts)]
        # Rename resources so that no two copies are the same document.
        varied = re.sub(r"(Queue|Topic|Rule|Key)\b", rf"\g<1>{index}", text)
        folder = root / f"service-{index % 25:02d}" / f"stack-{index % 7}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{index:04d}-{name}").write_text(varied, encoding="utf-8")
    for index in range(count // 10):
        folder = root / f"service-{index % 25:02d}"
        (folder / f"package-{index}.json").write_text(
            '{"name": "app", "version": "1.0.0"}\n', encoding="utf-8"
        )


def in_process(root: Path) -> tuple[float, float, int, int]:
    """Wall-clock and CPU seconds of one scan, after a warm-up of the imports."""
    from aws_messaging_mcp.iac.scanning import scan_paths

    scan_paths([str(next(root.iterdir()))])
    started, cpu_started = time.perf_counter(), time.process_time()
    report = scan_paths([str(root)])
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    return elapsed, cpu, report.summary.files, report.summary.total


def console_script(root: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "aws_messaging_mcp",
            "scan",
            str(root),
            "--format",
            "json",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
        timeout=600,
    )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--templates", type=int, default=1000)
    parser.add_argument("--keep", type=Path, help="generate the tree here and keep it")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="scan-bench-"))
    try:
        generate(root, args.templates)
        elapsed, cpu, files, findings = in_process(root)
        end_to_end = console_script(root)
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    print(f"templates and plans scanned: {files} ({findings} findings)")
    print(f"in-process: {elapsed:.2f} s, {files / elapsed:.0f} templates/s")
    # CPU time is what a busy machine (other jobs on the same cores) cannot skew.
    print(f"in-process CPU time: {cpu:.2f} s, {files / cpu:.0f} templates/s")
    print(
        f"console script, start-up included: {end_to_end:.2f} s, "
        f"{files / end_to_end:.0f} templates/s"
    )


if __name__ == "__main__":
    main()
