"""The skill's `references/` files, rendered from the knowledge data.

The skill ships these so that an agent without the MCP server still reads the
same sourced facts the tools answer from. They are generated artifacts:
`scripts/regenerate.py` writes them and a test fails when they drift.
"""

from aws_messaging_mcp.knowledge import services
from aws_messaging_mcp.services.render import service_markdown

REFERENCES = "skill/references"


def services_reference() -> str:
    """Every service: purpose, dimensions, limits and behaviours with sources."""
    catalogue = services()
    lines = [
        "# Services and limits",
        "",
        "Generated from the project's knowledge data; every limit and behaviour",
        "names the AWS page it comes from and the date it was checked.",
        "",
        "| id | service | category | purpose |",
        "| --- | --- | --- | --- |",
    ]
    lines += [
        f"| `{service.id}` | {service.name} | {service.category} | {service.summary} |"
        for service in catalogue.values()
    ]
    pages = [_demote(service_markdown(service)) for service in catalogue.values()]
    return "\n".join(lines) + "\n\n" + "\n".join(pages)


def _demote(markdown: str) -> str:
    """Push every heading one level down, to nest a page under this file's title."""
    return (
        "\n".join(
            f"#{line}" if line.startswith("#") else line
            for line in markdown.splitlines()
        )
        + "\n"
    )


def skill_references() -> dict[str, str]:
    return {f"{REFERENCES}/services.md": services_reference()}
