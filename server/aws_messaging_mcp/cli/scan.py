"""`scan`: check the messaging policies of templates and plans, for CI.

    aws-messaging-mcp scan PATH... [--format text|json|sarif]
        [--fail-on error|warning|info|never] [--exclude GLOB]...

Exit status: 1 when a finding at or above `--fail-on` exists, 0 otherwise,
2 when some input could not be used (an unreadable, oversized, binary or
malformed file, an intrinsic function CloudFormation would reject); the
findings of the other files are still printed.
"""

import argparse
import json
import logging
from typing import Any

from aws_messaging_mcp import __version__
from aws_messaging_mcp.cli import output

logger = logging.getLogger(__name__)

RANKS = {"info": 0, "warning": 1, "error": 2}
DEFAULT_MAX_BYTES = 20 * 1024 * 1024  # iac.documents.MAX_DOCUMENT_BYTES


def add_parser(subparsers: "argparse._SubParsersAction[Any]") -> None:
    parser = subparsers.add_parser(
        "scan",
        help="check CloudFormation, CDK and Terraform plan files",
        description="Find CloudFormation templates (JSON or YAML), CDK output "
        "(cdk.out/*.template.json) and Terraform plans (terraform show -json) "
        "under PATHs and check their queue, topic, bus, key and trust "
        "policies, with the context the template gives them.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    parser.add_argument(
        "--format",
        choices=("text", "json", "sarif"),
        help="output format (default: json when stdout is not a terminal)",
    )
    parser.add_argument(
        "--fail-on",
        choices=("error", "warning", "info", "never"),
        default="error",
        help="exit 1 when a finding of this severity or higher exists (default: error)",
    )
    parser.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="GLOB",
        help="skip files and folders whose path or name matches (repeatable)",
    )
    parser.add_argument(
        "--max-file-size",
        type=int,
        default=DEFAULT_MAX_BYTES,
        metavar="BYTES",
        help=f"refuse files larger than this (default {DEFAULT_MAX_BYTES:,})",
    )
    parser.add_argument(
        "--only-templates",
        action="store_true",
        help="skip named files that do not look like a template or plan, as "
        "folders do (for pre-commit)",
    )
    parser.add_argument("--output", metavar="FILE", help="write the report here")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        return _scan(args)
    except Exception as error:  # the CLI prints a message, never a traceback
        logger.debug("scan failed", exc_info=True)
        output.error(f"scan: internal error ({type(error).__name__}): {error}")
        return 2


def _scan(args: argparse.Namespace) -> int:
    from aws_messaging_mcp.iac.scanning import scan_paths

    report = scan_paths(
        args.paths, args.exclude, args.max_file_size, args.only_templates
    )
    for item in report.unusable:
        named = item.message.startswith(item.file)
        output.error(item.message if named else f"{item.file}: {item.message}")
    for skipped in report.skipped:
        logger.info("%s is neither a template nor a plan; skipped", skipped)
    fmt = args.format or output.chosen_format(None)
    text = _render(report, fmt)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
    else:
        output.write(text)
    if report.unusable:
        return 2
    return 1 if _fails(report.findings, args.fail_on) else 0


def _fails(findings: list[Any], fail_on: str) -> bool:
    if fail_on == "never":
        return False
    return any(RANKS[finding.severity] >= RANKS[fail_on] for finding in findings)


def _render(report: Any, fmt: str) -> str:
    if fmt == "sarif":
        from aws_messaging_mcp.iac.sarif import to_sarif

        return json.dumps(to_sarif(report, __version__), indent=2, ensure_ascii=False)
    if fmt == "json":
        return str(report.model_dump_json(indent=2))
    return "\n".join(text_lines(report))


def text_lines(report: Any) -> list[str]:
    """One line per finding, compiler style, with its fix; then the totals."""
    lines = []
    for finding in report.findings:
        where = f"{finding.file}:{finding.line or 0}:{finding.column or 0}"
        lines.append(
            f"{where}: {finding.severity} {finding.rule_id} [{finding.category}] "
            f"{finding.resource}: {finding.message}"
        )
        lines.append(f"    fix: {finding.fix}")
    summary = report.summary
    lines.append(
        f"{summary.files} file(s), {summary.policies} policies: "
        f"{summary.errors} error(s), {summary.warnings} warning(s), "
        f"{summary.infos} info"
        + (f"; {len(report.unusable)} file(s) unusable" if report.unusable else "")
    )
    return lines
