"""Scan templates and plans: from text or an object, or from files and folders.

    scan_text(text, name, format=None) -> TemplateScan     one document
    scan_paths(paths, excludes=(), max_bytes=...) -> ScanReport

A folder is walked for `.json`, `.yaml`, `.yml` and `.template` files
(`cdk.out/*.template.json` included), skipping `.git`, `node_modules`,
`.terraform`, `.venv` and whatever `excludes` names; a walked file whose text
does not look like a template or plan is skipped unread. A file named
explicitly is always read: if it cannot be (binary, oversized, not JSON or
YAML, an alias bomb, an intrinsic function CloudFormation would reject) it is
reported as unusable, with a message saying why; if it reads but is neither a
template nor a plan, it is listed as skipped.
"""

import logging
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

from aws_messaging_mcp.errors import InputError
from aws_messaging_mcp.iac import cloudformation, documents, terraform
from aws_messaging_mcp.iac.documents import MAX_DOCUMENT_BYTES, DocumentError
from aws_messaging_mcp.iac.inventory import Inventory
from aws_messaging_mcp.iac.models import (
    ScanFinding,
    ScanReport,
    ScanSummary,
    TemplateFormat,
    TemplateScan,
    UnusableFile,
)
from aws_messaging_mcp.iac.scanner import scan_inventory

logger = logging.getLogger(__name__)

SUFFIXES = (".json", ".yaml", ".yml", ".template")
SKIPPED_FOLDERS = frozenset(
    {".git", "node_modules", ".terraform", ".venv", "__pycache__"}
)
SNIFF_BYTES = 65536


def detect_format(document: Any) -> TemplateFormat | None:
    if terraform.is_plan(document):
        return "terraform-plan"
    if cloudformation.is_template(document):
        return "cloudformation"
    return None


def inventory_of(document: Any, name: str, format: TemplateFormat | None) -> Inventory:
    """Read a loaded document as `format` (detected when None)."""
    detected = detect_format(document)
    chosen = format or detected
    if chosen is None:
        raise InputError(
            f"{name} is neither a CloudFormation template (a Resources section "
            "of typed resources) nor a Terraform plan (terraform show -json)"
        )
    if detected is not None and detected != chosen:
        raise InputError(f"{name} looks like a {detected}, not a {chosen}")
    if chosen == "terraform-plan":
        return terraform.read(document, name)
    return cloudformation.read(document, name)


def scan_document(
    document: Any, name: str = "<template>", format: TemplateFormat | None = None
) -> TemplateScan:
    """The findings of one template or plan, given as text or as an object."""
    if isinstance(document, str):
        document = documents.load(document, name)
    inventory = inventory_of(document, name, format)
    findings = scan_inventory(inventory)
    return TemplateScan(
        format=inventory.format,
        format_inferred=format is None,
        findings=findings,
        summary=summarize(findings, files=1, policies=_policies(inventory)),
    )


def _policies(inventory: Inventory) -> int:
    return sum(1 for site in inventory.sites if site.document is not None)


def summarize(findings: list[ScanFinding], files: int, policies: int) -> ScanSummary:
    severities = Counter(finding.severity for finding in findings)
    categories = Counter(finding.category for finding in findings)
    return ScanSummary(
        files=files,
        policies=policies,
        total=len(findings),
        errors=severities["error"],
        warnings=severities["warning"],
        infos=severities["info"],
        by_category=dict(sorted(categories.items())),
    )


# -- files and folders ---------------------------------------------------------


def scan_paths(
    paths: Iterable[str],
    excludes: Iterable[str] = (),
    max_bytes: int = MAX_DOCUMENT_BYTES,
    only_templates: bool = False,
) -> ScanReport:
    """Scan every template and plan under `paths`; see the module docstring.

    With `only_templates`, named files are treated like walked ones: skipped
    unread when their text does not look like a template or plan (for
    pre-commit, which names every staged JSON and YAML file).
    """
    patterns = tuple(excludes)
    findings: list[ScanFinding] = []
    unusable: list[UnusableFile] = []
    skipped: list[str] = []
    files = policies = 0
    for path, named in candidate_files(paths, patterns):
        display = display_path(path)
        try:
            scanned = _scan_file(path, display, named and not only_templates, max_bytes)
        except InputError as error:
            unusable.append(UnusableFile(file=display, message=str(error)))
            continue
        except Exception as error:  # one bad file must not stop the others
            logger.debug("scanning %s failed", display, exc_info=True)
            message = f"internal error ({type(error).__name__}) while scanning it"
            unusable.append(UnusableFile(file=display, message=message))
            continue
        if scanned is None:
            if named:
                skipped.append(display)
            continue
        files += 1
        policies += scanned.summary.policies
        findings.extend(scanned.findings)
    return ScanReport(
        findings=findings,
        summary=summarize(findings, files, policies),
        unusable=unusable,
        skipped=skipped,
    )


def _scan_file(
    path: Path, display: str, named: bool, max_bytes: int
) -> TemplateScan | None:
    """The scan of one file; None when it is neither a template nor a plan."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            content = handle.read(max_bytes + 1)
    except OSError as error:
        raise DocumentError(f"cannot read {display}: {error.strerror}") from None
    if not named and not _looks_like_template(
        content[:SNIFF_BYTES] if size > max_bytes else content
    ):
        return None
    if size > max_bytes:
        raise documents.oversized(display, size, max_bytes)
    document = documents.load(documents.decode(content, display, max_bytes), display)
    if detect_format(document) is None:
        return None
    return scan_document(document, display)


def _looks_like_template(content: bytes) -> bool:
    if b"format_version" in content and b"planned_values" in content:
        return True
    return b"Resources" in content and (
        b"AWS::" in content or b"AWSTemplateFormatVersion" in content
    )


def candidate_files(
    paths: Iterable[str], excludes: tuple[str, ...]
) -> Iterator[tuple[Path, bool]]:
    """(file, named explicitly) for each file to scan, in a stable order."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from ((found, False) for found in _walk(path, excludes))
        elif not _excluded(display_path(path), excludes):
            yield path, True


def _walk(root: Path, excludes: tuple[str, ...]) -> Iterator[Path]:
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = sorted(
            name
            for name in subfolders
            if name not in SKIPPED_FOLDERS
            and not _excluded(display_path(Path(folder) / name), excludes)
        )
        for name in sorted(names):
            path = Path(folder) / name
            if name.endswith(SUFFIXES) and not _excluded(display_path(path), excludes):
                yield path


def _excluded(display: str, excludes: tuple[str, ...]) -> bool:
    name = display.rsplit("/", 1)[-1]
    return any(
        fnmatch(display, pattern) or fnmatch(name, pattern) for pattern in excludes
    )


def display_path(path: Path) -> str:
    """The path relative to the working folder when inside it, with / separators."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()
