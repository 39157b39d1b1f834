"""Answers about services from the knowledge data: listing, facts, comparison."""

from aws_messaging_mcp.services.catalog import (
    compare_services,
    get_service_facts,
    list_services,
)

__all__ = ["compare_services", "get_service_facts", "list_services"]
